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
// the summary the customer said yes to (Action.Summary, drawn when the
// summary was shown): the same slot booked again after a cancellation is
// a new summary, so a new booking — never the replay of the cancelled one.
// "" without a session or a summary (tests, tools called directly): no key.
func bookingKey(t *Turn, a *Action) string {
	if t.Session == "" || a.Summary == "" {
		return ""
	}
	parts := []string{t.Session, a.Summary, a.Kind, strconv.FormatInt(a.ProviderID, 10), strconv.FormatInt(a.ServiceID, 10),
		strconv.FormatInt(a.Start.Unix(), 10), a.Customer.Name, a.Customer.Email, a.Customer.Phone}
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return "chat:" + base64.RawURLEncoding.EncodeToString(h[:])
}
