package dialogue

import (
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
)

// bookingKey is the idempotency key of the booking a session's customer
// confirmed: a turn that is run again — its answer lost, its session
// write refused, its instance stopped — books nothing more, it gets the
// booking its first run made. The key covers the session, the action and
// the bookings the session holds (with their versions), so that the same
// slot booked again after a cancellation is a new booking. "" without a
// session (tests, tools called directly): no key.
func bookingKey(t *Turn, a *Action) string {
	if t.Session == "" {
		return ""
	}
	parts := []string{t.Session, a.Kind, strconv.FormatInt(a.ProviderID, 10), strconv.FormatInt(a.ServiceID, 10),
		strconv.FormatInt(a.Start.Unix(), 10), a.Customer.Name, a.Customer.Email, a.Customer.Phone}
	for _, g := range t.State.Granted {
		parts = append(parts, g.BookingID, strconv.Itoa(g.Version))
	}
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return "chat:" + base64.RawURLEncoding.EncodeToString(h[:])
}
