package llm

import (
	"encoding/json"
	"errors"
	"io"
)

// DecodeAnswer reads a whole (not streamed) answer of at most max bytes
// into v. malformed tells an answer that arrived but cannot be used (too
// long, not the JSON expected) from one that could not be read.
func DecodeAnswer(body io.Reader, max int, v any) (malformed bool, err error) {
	raw, err := io.ReadAll(io.LimitReader(body, int64(max)+1))
	if err != nil {
		return false, err
	}
	if len(raw) > max {
		return true, errors.New("the answer is too long")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, err
	}
	return false, nil
}
