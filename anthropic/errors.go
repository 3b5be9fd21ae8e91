package anthropic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// apiError is the error object of the API's error bodies and events.
type apiError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// fail turns the failure of a call — no answer, or an answer cut while it
// was read — into our errors: the context's error when it ended (the
// caller's, or the backend's timeout), else an *llm.APIError with Status 0.
func (b *Backend) fail(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("anthropic: %w", ctxErr)
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("anthropic: %w", err)
	}
	return &llm.APIError{Message: "no answer: " + b.key.Redact(err.Error()), Err: b.key.Scrub(err)}
}

// statusError reads an error status's answer
// ({"type":"error","error":{"type":…,"message":…}}, or the start of
// whatever else came: a proxy's page), the wait asked by retry-after-ms or
// retry-after, and the request-id to quote to Anthropic's support. The
// body itself is not kept: it may echo what was sent.
func (b *Backend) statusError(res *http.Response) error {
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	ae := &llm.APIError{Status: res.StatusCode, RetryAfter: llm.RetryAfter(res.Header, time.Now())}
	var body struct {
		Error apiError `json:"error"`
	}
	if json.Unmarshal(raw, &body) == nil && body.Error.Message != "" {
		ae.Type, ae.Message = body.Error.Type, body.Error.Message
	} else {
		ae.Message = string(raw)
		if len(ae.Message) > 200 {
			ae.Message = ae.Message[:200] + "…"
		}
	}
	ae.Message = b.key.Redact(ae.Message)
	if ae.Message == "" {
		ae.Message = http.StatusText(ae.Status)
	}
	if id := res.Header.Get("Request-Id"); id != "" {
		ae.Message += " (request-id " + id + ")"
	}
	return ae
}

// malformed reports an answer that cannot be used.
func (b *Backend) malformed(err error) error {
	return &llm.APIError{Message: "malformed answer: " + b.key.Redact(err.Error()), Err: b.key.Scrub(err)}
}
