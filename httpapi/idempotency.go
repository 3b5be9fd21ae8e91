package httpapi

import (
	"net/http"
	"strings"

	"github.com/rendezvous-oss/rendezvous"
)

// The Idempotency-Key header (IETF draft "The Idempotency-Key HTTP Header
// Field") makes the booking changes safe to retry: a client that lost an
// answer sends the same request with the same key and gets the first
// answer again (with Idempotent-Replayed: true) instead of a second
// booking. The desk keeps each answer 24 hours, in the database, with the
// change itself (booking.Desk.Book, CancelOnce, RescheduleOnce).

// Bounds of an idempotency key: the draft leaves them to the server.
const maxIdempotencyKey = 255

// headerIdempotencyKey and headerReplayed are the request and answer
// headers.
const (
	headerIdempotencyKey = "Idempotency-Key"
	headerReplayed       = "Idempotent-Replayed"
)

// idempotencyParam documents the header on the endpoints that read it.
func idempotencyParam() Param {
	return Param{Name: headerIdempotencyKey, In: "header", Type: "string",
		Description: "Optional. 1 to 255 printable ASCII characters of the client's choice (a fresh UUID per change). " +
			"Retrying the same request with the same key within 24 hours returns the first answer (Idempotent-Replayed: true) " +
			"instead of making the change again; the same key with another request is 422 idempotency_key_reused, " +
			"and while the first request is still being processed 409 idempotency_key_in_flight. " +
			"After 503 outcome_unknown, retry with the same key."}
}

// idempotencyKey returns the request's Idempotency-Key, namespaced for
// the desk ("" when there is none). The draft makes the value a
// structured-field string ("…"); a bare value is accepted too, as most
// clients send one. Returns 400 invalid_idempotency_key for a key sent
// twice, empty, longer than 255 characters or not printable ASCII.
func idempotencyKey(r *http.Request) (string, error) {
	values := r.Header.Values(headerIdempotencyKey)
	if len(values) == 0 {
		return "", nil
	}
	bad := func(msg string) error {
		return badRequest("invalid_idempotency_key", headerIdempotencyKey+": "+msg,
			rendezvous.FieldError{Field: headerIdempotencyKey, Message: msg})
	}
	if len(values) > 1 {
		return "", bad("must be sent once")
	}
	key := strings.TrimSpace(values[0])
	if len(key) >= 2 && key[0] == '"' && key[len(key)-1] == '"' {
		key = key[1 : len(key)-1]
		if strings.ContainsAny(key, `"\`) {
			return "", bad("must not contain quotes or backslashes")
		}
	}
	if key == "" || len(key) > maxIdempotencyKey {
		return "", bad("must be 1 to 255 characters")
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] > 0x7e {
			return "", bad("must be printable ASCII")
		}
	}
	return "api:" + key, nil
}

// markReplayed tells the client that an answer repeats an earlier one.
func markReplayed(w http.ResponseWriter, replayed bool) {
	if replayed {
		w.Header().Set(headerReplayed, "true")
	}
}
