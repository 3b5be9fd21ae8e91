package anthropic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	sdk "github.com/anthropics/anthropic-sdk-go"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// fail turns what a call returned into our errors: the context's error
// when it ended (ours, or the SDK's per-attempt timeout), an *llm.APIError
// for anything else. res is the HTTP response, when there was one.
func (b *Backend) fail(ctx context.Context, err error, res *http.Response) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("anthropic: %w", ctxErr)
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("anthropic: %w", err)
	}
	var se *sdk.Error
	if errors.As(err, &se) {
		// The SDK's error is not kept: its text holds the whole body, which
		// may echo what was sent.
		ae := &llm.APIError{Status: se.StatusCode, Type: string(se.Type()), Message: b.key.Redact(errorMessage(se.RawJSON()))}
		if ae.Status < 400 {
			// An error event inside a stream that began with 200.
			ae.Status = 0
		}
		if se.Response != nil && ae.Status != 0 {
			ae.RetryAfter = llm.RetryAfter(se.Response.Header, time.Now())
		}
		if ae.Message == "" {
			ae.Message = http.StatusText(ae.Status)
		}
		if se.RequestID != "" {
			ae.Message += " (request-id " + se.RequestID + ")"
		}
		return ae
	}
	ae := &llm.APIError{Err: b.key.Scrub(err)}
	switch {
	case res == nil:
		ae.Message = "no answer: " + b.key.Redact(err.Error())
	case res.StatusCode >= 400:
		// An error status whose body could not be read.
		ae.Status = res.StatusCode
		ae.RetryAfter = llm.RetryAfter(res.Header, time.Now())
		ae.Message = "unreadable error answer: " + b.key.Redact(err.Error())
	default:
		ae.Message = "malformed answer: " + b.key.Redact(err.Error())
	}
	return ae
}

// malformed reports an answer that cannot be used.
func (b *Backend) malformed(err error) error {
	return &llm.APIError{Message: "malformed answer: " + b.key.Redact(err.Error()), Err: b.key.Scrub(err)}
}

// errorMessage reads the message of an error body
// ({"type":"error","error":{"type":…,"message":…}}), or returns the body
// itself, shortened, when it has none.
func errorMessage(raw string) string {
	var body struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal([]byte(raw), &body) == nil && body.Error.Message != "" {
		return body.Error.Message
	}
	if len(raw) > 200 {
		raw = raw[:200] + "…"
	}
	return raw
}
