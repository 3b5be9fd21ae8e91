package anthropic_test

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/anthropic"
	"github.com/rendezvous-oss/rendezvous/fake"
	"github.com/rendezvous-oss/rendezvous/llm"
)

func TestErrors(t *testing.T) {
	rateLimitedMs := fake.RateLimited(0)
	rateLimitedMs.RetryAfterMs = "1500"
	rateLimitedDate := fake.RateLimited(0)
	rateLimitedDate.RetryAfter = time.Now().Add(30 * time.Second).UTC().Format(http.TimeFormat)
	echo := fake.BadRequest("invalid x-api-key " + testKey)

	tests := []struct {
		name       string
		reply      fake.Reply
		status     int
		typ        string
		retryAfter [2]time.Duration // bounds, inclusive
		retryable  bool
	}{
		{"RateLimited", fake.RateLimited(7 * time.Second), 429, "rate_limit_error", [2]time.Duration{7 * time.Second, 7 * time.Second}, true},
		{"RateLimitedMs", rateLimitedMs, 429, "rate_limit_error", [2]time.Duration{1500 * time.Millisecond, 1500 * time.Millisecond}, true},
		{"RateLimitedDate", rateLimitedDate, 429, "rate_limit_error", [2]time.Duration{28 * time.Second, 30 * time.Second}, true},
		{"Overloaded", fake.Overloaded(), 529, "overloaded_error", [2]time.Duration{}, true},
		{"ServerError", fake.ServerError(), 500, "api_error", [2]time.Duration{}, true},
		{"BadRequest", fake.BadRequest("messages: field required"), 400, "invalid_request_error", [2]time.Duration{}, false},
		{"KeyEchoed", echo, 400, "invalid_request_error", [2]time.Duration{}, false},
		{"Malformed", fake.Malformed(), 0, "", [2]time.Duration{}, true},
		{"Cut", fake.Cut(), 0, "", [2]time.Duration{}, true},
	}
	for _, tt := range tests {
		for _, stream := range []bool{false, true} {
			t.Run(tt.name+map[bool]string{false: "", true: "Stream"}[stream], func(t *testing.T) {
				srv := fake.NewAnthropic(t, fake.Always(tt.reply))
				b := newBackend(t, srv)
				resp, _, err := complete(t, b, llm.Request{Messages: []llm.Message{userText("hi")}}, stream)
				if err == nil {
					t.Fatalf("no error, response %+v", resp)
				}
				var ae *llm.APIError
				if !errors.As(err, &ae) {
					t.Fatalf("%T %v: want *llm.APIError", err, err)
				}
				if ae.Status != tt.status || ae.Type != tt.typ {
					t.Errorf("status %d type %q, want %d %q", ae.Status, ae.Type, tt.status, tt.typ)
				}
				if ae.RetryAfter < tt.retryAfter[0] || ae.RetryAfter > tt.retryAfter[1] {
					t.Errorf("retry after %v, want within %v", ae.RetryAfter, tt.retryAfter)
				}
				if llm.Retryable(err) != tt.retryable {
					t.Errorf("retryable %v, want %v", llm.Retryable(err), tt.retryable)
				}
				if ae.Message == "" {
					t.Error("no message")
				}
				if srv.Calls() != 1 {
					t.Errorf("%d calls, want 1: the backend must not retry", srv.Calls())
				}
				noKey(t, err)
			})
		}
	}
}

// A server that never answers: the call returns at the context's
// deadline with the context's error, and leaves no goroutine behind.
func TestHang(t *testing.T) {
	tests := []struct {
		name       string
		ctxTimeout time.Duration // 0: none
		cfgTimeout time.Duration
		stream     bool
	}{
		{"ContextDeadline", 300 * time.Millisecond, 5 * time.Second, false},
		{"ContextDeadlineStream", 300 * time.Millisecond, 5 * time.Second, true},
		{"ConfigTimeout", 0, 300 * time.Millisecond, false},
		{"ConfigTimeoutStream", 0, 300 * time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fake.NewAnthropic(t, fake.Always(fake.Hang()))
			b := newBackend(t, srv, func(c *anthropic.Config) { c.Timeout = tt.cfgTimeout })
			before := runtime.NumGoroutine()
			ctx := context.Background()
			if tt.ctxTimeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctxTimeout)
				defer cancel()
			}
			req := llm.Request{Messages: []llm.Message{userText("hi")}}
			if tt.stream {
				req.OnEvent = func(llm.Event) {}
			}
			start := time.Now()
			_, err := b.Complete(ctx, req)
			elapsed := time.Since(start)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("error %v, want context.DeadlineExceeded", err)
			}
			if elapsed > 300*time.Millisecond+100*time.Millisecond {
				t.Errorf("returned after %v, want within the deadline + 100 ms", elapsed)
			}
			if !llm.Retryable(err) {
				t.Error("a timed-out attempt should be retryable")
			}
			noKey(t, err)
			settle(t, before)
		})
	}
}

func TestCanceled(t *testing.T) {
	srv := fake.NewAnthropic(t, fake.Always(fake.Hang()))
	b := newBackend(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := b.Complete(ctx, llm.Request{Messages: []llm.Message{userText("hi")}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if llm.Retryable(err) {
		t.Error("a canceled call is not retryable")
	}
}

func TestConnectionRefused(t *testing.T) {
	b, err := anthropic.New(anthropic.Config{APIKey: testKey, Model: testModel, BaseURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Complete(context.Background(), llm.Request{Messages: []llm.Message{userText("hi")}})
	var ae *llm.APIError
	if !errors.As(err, &ae) || ae.Status != 0 {
		t.Errorf("error %v, want an *llm.APIError with status 0", err)
	}
	noKey(t, err)
}

// An error event in the middle of a stream that began with 200.
func TestMidStreamError(t *testing.T) {
	srv := fake.NewAnthropic(t, fake.Always(fake.Reply{Text: "a long answer", Pieces: 10, Failure: fake.FailMidStream, Message: "Overloaded"}))
	var deltas int
	_, err := newBackend(t, srv).Complete(context.Background(), llm.Request{
		Messages: []llm.Message{userText("hi")},
		OnEvent:  func(llm.Event) { deltas++ },
	})
	var ae *llm.APIError
	if !errors.As(err, &ae) || ae.Status != 0 || ae.Type != "overloaded_error" || !ae.Retryable() {
		t.Errorf("error %#v, want a retryable *llm.APIError with status 0 and type overloaded_error", err)
	}
	if deltas == 0 {
		t.Error("no text delta before the error")
	}
}
