package llm

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// What every backend needs when it reads a vendor's answer.

// RetryAfter reads the wait a vendor asked for: retry-after-ms
// (milliseconds, sent by Anthropic and OpenAI), else retry-after (seconds,
// or an HTTP date); zero when absent, unreadable or past.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		return time.Duration(max(s, 0) * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// Secret keeps an API key out of error texts, should a server or a proxy
// ever echo it.
type Secret string

// Redact returns s without the key.
func (k Secret) Redact(s string) string {
	if k == "" {
		return s
	}
	return strings.ReplaceAll(s, string(k), "[redacted]")
}

// Scrub returns err, or an error with its text redacted when the text
// holds the key (the chain is then dropped: it holds the key too).
func (k Secret) Scrub(err error) error {
	if k != "" && strings.Contains(err.Error(), string(k)) {
		return errors.New(k.Redact(err.Error()))
	}
	return err
}
