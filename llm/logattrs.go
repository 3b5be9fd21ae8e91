package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// respondError is an answer through the respond tool that cannot be used.
// Its text names what was wrong and the size of the arguments, never
// their content: an unknown intent or an unexpected field is what the
// model wrote, and the model writes about what the customer said.
type respondError struct {
	what string // "malformed arguments", "unknown intent"
	size int    // bytes of the arguments
}

func (e *respondError) Error() string {
	return fmt.Sprintf("respond: %s (%d bytes of arguments)", e.what, e.size)
}

// errorAttrs describe err for a log line by kind, status and size only.
// An error of the model brain may carry free text of the model or of the
// vendor — an intent, a field name, a vendor's message echoing the
// request — that can hold whatever the customer wrote, health data
// included, so none of its text is logged: the sentinel errors are
// described by the fallback reason already, an APIError by its status
// and vendor type (when it looks like one), others by their Go type.
func errorAttrs(err error) []slog.Attr {
	var (
		ae *APIError
		re *respondError
	)
	switch {
	case errors.As(err, &ae):
		return []slog.Attr{slog.Int("status", ae.Status), slog.String("vendor_error", identifier(ae.Type)),
			slog.Int("vendor_message_bytes", len(ae.Message)), slog.Bool("retryable", ae.Retryable())}
	case errors.As(err, &re):
		return []slog.Attr{slog.String("error", re.Error())}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled), errors.Is(err, ErrBreakerOpen),
		errors.Is(err, errNoInterpretation), errors.Is(err, errRounds), errors.Is(err, errBudget),
		errors.Is(err, dialogue.ErrTooManyCalls), errors.Is(err, dialogue.ErrRepeatedCall):
		return nil // the reason says it all
	}
	return []slog.Attr{slog.String("error_type", fmt.Sprintf("%T", err))}
}

// identifier returns s when it looks like a vendor's error type
// ("rate_limit_error", "insufficient_quota"): a short word of lower-case
// letters, digits and underscores. Anything else a server put there is
// replaced, since it could be text.
func identifier(s string) string {
	if s == "" {
		return "none"
	}
	if len(s) > 40 {
		return "unrecognised"
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' && r != '.' && r != '-' {
			return "unrecognised"
		}
	}
	return s
}
