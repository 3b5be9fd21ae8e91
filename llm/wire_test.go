package llm_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/llm"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
	}{
		{"None", nil, 0},
		{"Milliseconds", map[string]string{"Retry-After-Ms": "250"}, 250 * time.Millisecond},
		{"MillisecondsWin", map[string]string{"Retry-After-Ms": "250", "Retry-After": "3"}, 250 * time.Millisecond},
		{"Seconds", map[string]string{"Retry-After": "3"}, 3 * time.Second},
		{"FractionalSeconds", map[string]string{"Retry-After": "1.5"}, 1500 * time.Millisecond},
		{"Negative", map[string]string{"Retry-After": "-4"}, 0},
		{"Date", map[string]string{"Retry-After": now.Add(10 * time.Second).Format(http.TimeFormat)}, 10 * time.Second},
		{"PastDate", map[string]string{"Retry-After": now.Add(-time.Minute).Format(http.TimeFormat)}, 0},
		{"Garbage", map[string]string{"Retry-After": "soon"}, 0},
		{"GarbageMs", map[string]string{"Retry-After-Ms": "x", "Retry-After": "2"}, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			if got := llm.RetryAfter(h, now); got != tt.want {
				t.Errorf("RetryAfter = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSecret(t *testing.T) {
	k := llm.Secret("sk-123")
	if got := k.Redact("bad key sk-123 given"); got != "bad key [redacted] given" {
		t.Errorf("Redact = %q", got)
	}
	inner := errors.New("echo sk-123")
	if err := k.Scrub(fmt.Errorf("call: %w", inner)); err.Error() != "call: echo [redacted]" || errors.Is(err, inner) {
		t.Errorf("Scrub = %v (chain kept: %v)", err, errors.Is(err, inner))
	}
	plain := errors.New("timeout")
	if err := k.Scrub(plain); err != plain {
		t.Errorf("Scrub changed an error without the key: %v", err)
	}
	if got := llm.Secret("").Redact("anything"); got != "anything" {
		t.Errorf("empty secret redacted: %q", got)
	}
}
