package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// fail turns the failure of a call — no answer, or an answer cut while it
// was read — into our errors: the context's error when it ended (the
// caller's, or the backend's timeout), else an *llm.APIError with Status 0.
func (b *Backend) fail(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("openai: %w", ctxErr)
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("openai: %w", err)
	}
	return &llm.APIError{Message: "no answer: " + b.key.Redact(err.Error()), Err: b.key.Scrub(err)}
}

// statusError reads an error status's answer: OpenAI's error object (its
// code, when it is a word, is the precise type: "rate_limit_exceeded",
// "insufficient_quota"; llama.cpp puts the status there), the formats of
// the compatible servers, or a proxy's page; and the wait asked by
// retry-after-ms or retry-after.
func (b *Backend) statusError(res *http.Response) error {
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	ae := &llm.APIError{Status: res.StatusCode, RetryAfter: llm.RetryAfter(res.Header, time.Now())}
	ae.Type, ae.Message = errorBody(raw)
	ae.Message = b.key.Redact(ae.Message)
	if ae.Message == "" {
		ae.Message = http.StatusText(ae.Status)
	}
	return ae
}

// errorBody reads the type and message of an error body in the formats
// compatible servers use ({"error":{"message","type","code"}},
// {"error":"…"}, {"message","type"}), or returns the start of the body as
// the message.
func errorBody(raw []byte) (typ, message string) {
	var body struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Type    string          `json:"type"`
	}
	if json.Unmarshal(raw, &body) == nil {
		var nested streamError
		var text string
		switch {
		case json.Unmarshal(body.Error, &nested) == nil && nested.Message != "":
			typ = nested.Type
			if code, ok := nested.Code.(string); ok && strings.Trim(code, "0123456789") != "" {
				typ = code
			}
			return typ, nested.Message
		case json.Unmarshal(body.Error, &text) == nil && text != "":
			return "", text
		case body.Message != "":
			return body.Type, body.Message
		}
	}
	msg := strings.TrimSpace(string(raw))
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	return "", msg
}

// malformed reports an answer that cannot be used.
func (b *Backend) malformed(err error) error {
	return &llm.APIError{Message: "malformed answer: " + b.key.Redact(err.Error()), Err: b.key.Scrub(err)}
}
