package httpapi_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestIdempotencyKey: after a lost answer, a client that repeats its
// request with the same Idempotency-Key gets the first answer — status and
// body, with a manage token that works — instead of a 409 on its own
// booking (or a 401 for the token its first change revoked).
func TestIdempotencyKey(t *testing.T) {
	f := newFixture(t)
	const js = "application/json"
	key := func(k string) []string { return []string{"Idempotency-Key", k} }
	body := f.bookingJSON("2026-11-24T10:00:00+01:00")

	first := f.do(t, "POST", "/v1/bookings", js, body, key("4f1c7d0e-booking-1")...)
	if first.status != 201 || first.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("book: %d %v %s", first.status, first.header, first.raw)
	}
	id := first.body["id"].(string)
	// The answer was lost: the client sends the same request again.
	again := f.do(t, "POST", "/v1/bookings", js, body, key("4f1c7d0e-booking-1")...)
	if again.status != 201 || again.raw != first.raw || again.header.Get("Idempotent-Replayed") != "true" ||
		again.header.Get("Location") != "/v1/bookings/"+id {
		t.Fatalf("retry: %d %v\n%s\nwant the first answer\n%s", again.status, again.header, again.raw, first.raw)
	}
	// The draft's quoted form is the same key.
	if r := f.do(t, "POST", "/v1/bookings", js, body, key(`"4f1c7d0e-booking-1"`)...); r.status != 201 || r.body["id"] != id {
		t.Fatalf("quoted key: %d %s", r.status, r.raw)
	}
	if n := f.countBookings(t); n != 1 {
		t.Fatalf("%d bookings after retries, want 1", n)
	}
	// What a retry without a key gets: its own booking refused.
	if r := f.do(t, "POST", "/v1/bookings", js, body); r.status != 409 || r.body["code"] != "slot_taken" {
		t.Fatalf("retry without a key: %d %s", r.status, r.raw)
	}
	// The key with another request.
	if r := f.do(t, "POST", "/v1/bookings", js, f.bookingJSON("2026-11-24T11:00:00+01:00"), key("4f1c7d0e-booking-1")...); r.status != 422 || r.body["code"] != "idempotency_key_reused" {
		t.Fatalf("key reused: %d %s", r.status, r.raw)
	}

	// Moving and cancelling revoke the token they are made with: the
	// retry carries a revoked token, and still gets the answer.
	auth := []string{"Authorization", "Bearer " + first.body["manage_token"].(string)}
	move := f.do(t, "POST", "/v1/bookings/"+id+"/reschedule", js, `{"start":"2026-11-25T11:30"}`, append(auth, key("move-1")...)...)
	if move.status != 200 {
		t.Fatalf("reschedule: %d %s", move.status, move.raw)
	}
	if r := f.do(t, "POST", "/v1/bookings/"+id+"/reschedule", js, `{"start":"2026-11-25T11:30"}`, auth...); r.status != 401 {
		t.Fatalf("retrying the move without its key: %d %s", r.status, r.raw)
	}
	r := f.do(t, "POST", "/v1/bookings/"+id+"/reschedule", js, `{"start":"2026-11-25T11:30:00+01:00"}`, append(auth, key("move-1")...)...)
	if r.status != 200 || r.raw != move.raw || r.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retrying the move: %d %s\nwant\n%s", r.status, r.raw, move.raw)
	}
	auth = []string{"Authorization", "Bearer " + move.body["manage_token"].(string)}
	if r := f.do(t, "GET", "/v1/bookings/"+id, "", "", auth...); r.status != 200 {
		t.Fatalf("the moved booking's token: %d %s", r.status, r.raw)
	}
	cancel := f.do(t, "POST", "/v1/bookings/"+id+"/cancel", "", "", append(auth, key("cancel-1")...)...)
	if cancel.status != 200 {
		t.Fatalf("cancel: %d %s", cancel.status, cancel.raw)
	}
	r = f.do(t, "POST", "/v1/bookings/"+id+"/cancel", "", "", append(auth, key("cancel-1")...)...)
	if r.status != 200 || r.raw != cancel.raw || r.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retrying the cancellation: %d %s\nwant\n%s", r.status, r.raw, cancel.raw)
	}
	if r := f.do(t, "GET", "/v1/bookings/"+id, "", "", "Authorization", "Bearer "+cancel.body["manage_token"].(string)); r.status != 200 || r.body["status"] != "cancelled" {
		t.Fatalf("the cancellation's token: %d %s", r.status, r.raw)
	}
}

// TestIdempotencyKeyConcurrent: requests with one key that arrive
// together make one booking; the others get its answer or are told to
// retry, never a 409 slot_taken on their own booking.
func TestIdempotencyKeyConcurrent(t *testing.T) {
	f := newFixture(t)
	body := f.bookingJSON("2026-11-24T10:00:00+01:00")
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		answers = map[string]int{}
		ids     = map[any]bool{}
	)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := f.do(t, "POST", "/v1/bookings", "application/json", body, "Idempotency-Key", "same-key")
			mu.Lock()
			defer mu.Unlock()
			answers[fmt.Sprintf("%d %v", r.status, r.body["code"])]++
			if r.status == 201 {
				ids[r.body["id"]] = true
			}
		}()
	}
	wg.Wait()
	for a := range answers {
		if a != "201 <nil>" && a != "409 idempotency_key_in_flight" {
			t.Errorf("answer %s", a)
		}
	}
	if len(ids) != 1 || f.countBookings(t) != 1 {
		t.Errorf("answers %v, booking ids %v, %d bookings; want one", answers, ids, f.countBookings(t))
	}
}

func TestBadIdempotencyKeys(t *testing.T) {
	f := newFixture(t)
	body := f.bookingJSON("2026-11-24T10:00:00+01:00")
	for name, k := range map[string]string{
		"Empty":     `""`,
		"TooLong":   strings.Repeat("k", 256),
		"NotASCII":  "clé",
		"Control":   "a\tb",
		"Backslash": `"a\"b"`,
	} {
		t.Run(name, func(t *testing.T) {
			r := f.do(t, "POST", "/v1/bookings", "application/json", body, "Idempotency-Key", k)
			if r.status != 400 || r.body["code"] != "invalid_idempotency_key" {
				t.Errorf("%q: %d %s", k, r.status, r.raw)
			}
		})
	}
	if r := f.do(t, "POST", "/v1/bookings", "application/json", body, "Idempotency-Key", strings.Repeat("k", 255)); r.status != 201 {
		t.Errorf("a 255-character key: %d %s", r.status, r.raw)
	}
	if n := f.countBookings(t); n != 1 {
		t.Errorf("%d bookings, want 1", n)
	}
}
