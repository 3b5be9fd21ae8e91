package llm_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/rendezvous-oss/rendezvous/llm"
)

func TestRetryable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"rate limited", &llm.APIError{Status: 429, Type: "rate_limit_error"}, true},
		{"overloaded", &llm.APIError{Status: 529, Type: "overloaded_error"}, true},
		{"server error", &llm.APIError{Status: 500}, true},
		{"bad gateway", &llm.APIError{Status: 502}, true},
		{"cut stream", &llm.APIError{Status: 0, Message: "stream ended early"}, true},
		{"overload reported in a 200 stream", &llm.APIError{Status: 0, Type: "overloaded_error"}, true},
		{"quota exhausted", &llm.APIError{Status: 429, Type: "insufficient_quota"}, false},
		{"invalid request in a stream", &llm.APIError{Status: 0, Type: "invalid_request_error"}, false},
		{"not implemented", &llm.APIError{Status: 501}, false},
		{"bad request", &llm.APIError{Status: 400, Type: "invalid_request_error"}, false},
		{"unauthorized", &llm.APIError{Status: 401, Type: "authentication_error"}, false},
		{"not found", &llm.APIError{Status: 404}, false},
		{"wrapped", fmt.Errorf("call: %w", &llm.APIError{Status: 503}), true},
		{"attempt timed out", fmt.Errorf("call: %w", context.DeadlineExceeded), true},
		{"cancelled", context.Canceled, false},
		{"other", errors.New("boom"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := llm.Retryable(tt.err); got != tt.want {
				t.Errorf("Retryable(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestAPIErrorText(t *testing.T) {
	if got, want := (&llm.APIError{Status: 0, Message: "cut"}).Error(), "model API: status 0: cut"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := (&llm.APIError{Status: 429, Type: "rate_limit_error", Message: "slow down"}).Error(), "model API: status 429 rate_limit_error: slow down"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
