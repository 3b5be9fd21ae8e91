package rendezvous

import (
	"errors"
	"fmt"
)

// ErrorCode is the category of a domain error. Each maps to one HTTP status
// in httpapi, and nowhere else.
type ErrorCode string

// The domain error categories.
const (
	ENOTFOUND     ErrorCode = "not_found"
	EINVALID      ErrorCode = "invalid"
	ECONFLICT     ErrorCode = "conflict"
	EUNAUTHORIZED ErrorCode = "unauthorized"
	EFORBIDDEN    ErrorCode = "forbidden"
	ERATELIMITED  ErrorCode = "rate_limited"
	EUNAVAILABLE  ErrorCode = "unavailable"
	EINTERNAL     ErrorCode = "internal"
)

// Stable machine-readable reasons that are finer than a category. They are
// part of the public API (the problem+json "code" member).
const (
	ReasonSlotTaken       = "slot_taken"
	ReasonSlotUnavailable = "slot_unavailable"
	ReasonValidation      = "validation_failed"
	ReasonDSTGap          = "nonexistent_local_time"
	ReasonAmbiguousTime   = "ambiguous_local_time"
	ReasonWindowTooLarge  = "window_too_large"
	ReasonNotBooked       = "booking_not_active"
	ReasonInvalidToken    = "invalid_token"

	// ReasonOutcomeUnknown: the database connection was lost while a
	// change was being committed, so it may or may not have happened
	// (EUNAVAILABLE). Retrying with the same idempotency key is safe: it
	// returns the change's answer if it happened, and makes it if not.
	ReasonOutcomeUnknown = "outcome_unknown"
	// ReasonIdempotencyKeyReused: the key was used in the last 24 hours
	// for another request (EINVALID).
	ReasonIdempotencyKeyReused = "idempotency_key_reused"
	// ReasonIdempotencyKeyInFlight: a request with the same key is still
	// being processed (ECONFLICT); retry once it has been answered.
	ReasonIdempotencyKeyInFlight = "idempotency_key_in_flight"
	// ReasonTooManyBookings: the customer's email address or phone number
	// already has as many upcoming bookings as one customer may hold
	// (ECONFLICT).
	ReasonTooManyBookings = "too_many_bookings"
)

// FieldError explains why one input field was rejected.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is a domain error: a category, an optional finer reason, a message
// safe to show to the caller, and per-field details for validation errors.
type Error struct {
	Code    ErrorCode
	Reason  string
	Message string
	Fields  []FieldError
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Reason != "" {
		return fmt.Sprintf("%s (%s): %s", e.Code, e.Reason, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns a domain error of the given category.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ReasonErrorf returns a domain error with a finer, stable reason.
func ReasonErrorf(code ErrorCode, reason, format string, args ...any) *Error {
	return &Error{Code: code, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// ErrorCodeOf returns the category of err, EINTERNAL for errors that are not
// domain errors, and "" for nil.
func ErrorCodeOf(err error) ErrorCode {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorReasonOf returns the stable reason of err: its Reason when set,
// otherwise its category.
func ErrorReasonOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		if e.Reason != "" {
			return e.Reason
		}
		return string(e.Code)
	}
	if err == nil {
		return ""
	}
	return string(EINTERNAL)
}

// ErrorMessageOf returns the message of a domain error, or "internal error"
// so that nothing from an unexpected error leaks to a caller.
func ErrorMessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorFieldsOf returns the per-field details of a domain error, if any.
func ErrorFieldsOf(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// ValidationError collects field errors into one EINVALID error, or returns
// nil when there are none.
func ValidationError(fields []FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	msg := fields[0].Field + ": " + fields[0].Message
	if len(fields) > 1 {
		msg = fmt.Sprintf("%s (and %d more)", msg, len(fields)-1)
	}
	return &Error{Code: EINVALID, Reason: ReasonValidation, Message: msg, Fields: fields}
}
