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

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/packages/ssestream"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// fail turns what a call returned into our errors: the context's error
// when it ended (ours, or the SDK's per-attempt timeout), an *llm.APIError
// for anything else. res is the HTTP response, when there was one.
func (b *Backend) fail(ctx context.Context, err error, res *http.Response) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("openai: %w", ctxErr)
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("openai: %w", err)
	}
	var se *sdk.Error
	if errors.As(err, &se) {
		// The SDK's error is not kept: it holds the request, and its body
		// may echo what was sent.
		ae := &llm.APIError{Status: se.StatusCode, Type: se.Type, Message: se.Message}
		if se.Code != "" && strings.Trim(se.Code, "0123456789") != "" {
			// The code is the precise one ("rate_limit_exceeded",
			// "insufficient_quota"); llama.cpp puts the status there.
			ae.Type = se.Code
		}
		if ae.Message == "" && se.Response != nil {
			// Not OpenAI's error object: vLLM's, or a proxy's page.
			ae.Type, ae.Message = errorBody(se.Response)
		}
		ae.Message = b.key.Redact(ae.Message)
		if se.Response != nil {
			ae.RetryAfter = llm.RetryAfter(se.Response.Header, time.Now())
		}
		if ae.Message == "" {
			ae.Message = http.StatusText(ae.Status)
		}
		return ae
	}
	var stream *ssestream.StreamError
	if errors.As(err, &stream) {
		// An error reported inside a stream that began with 200.
		ae := &llm.APIError{Message: b.key.Redact(stream.Message)}
		var body struct {
			Error struct {
				Message string `json:"message"`
				Type    string `json:"type"`
				Code    any    `json:"code"`
			} `json:"error"`
		}
		if json.Unmarshal(stream.Event.Data, &body) == nil && body.Error.Message != "" {
			ae.Message = b.key.Redact(body.Error.Message)
			ae.Type = body.Error.Type
			if code, ok := body.Error.Code.(string); ok && code != "" {
				ae.Type = code
			}
		}
		return ae
	}
	ae := &llm.APIError{Err: b.key.Scrub(err)}
	switch {
	case res == nil:
		ae.Message = "no answer: " + b.key.Redact(err.Error())
	case res.StatusCode >= 400:
		// An error status whose body is not OpenAI's error object: a
		// server's own format, or a proxy's page.
		ae.Status = res.StatusCode
		ae.RetryAfter = llm.RetryAfter(res.Header, time.Now())
		ae.Type, ae.Message = errorBody(res)
		ae.Message = b.key.Redact(ae.Message)
		if ae.Message == "" {
			ae.Message = http.StatusText(ae.Status)
		}
	default:
		ae.Message = "malformed answer: " + b.key.Redact(err.Error())
	}
	return ae
}

// errorBody reads the type and message of an error body in the formats
// compatible servers use ({"error":{"message","type"}}, {"error":"…"},
// {"message","type"}), or returns the start of the body as the message.
func errorBody(res *http.Response) (typ, message string) {
	if res.Body == nil {
		return "", ""
	}
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	var body struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Type    string          `json:"type"`
	}
	if json.Unmarshal(raw, &body) == nil {
		var nested struct {
			Message string `json:"message"`
			Type    string `json:"type"`
		}
		var text string
		switch {
		case json.Unmarshal(body.Error, &nested) == nil && nested.Message != "":
			return nested.Type, nested.Message
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
