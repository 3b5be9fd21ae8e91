package booking

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strings"

	"github.com/rendezvous-oss/rendezvous"
)

// Lookup finds an active booking by its reference for a customer who
// gives the email it was made with, and returns it with a manage token: in
// a chat, the reference and the email together prove ownership of that
// booking — of that one only, and only while it is active (a cancelled or
// past booking proves nothing, so that a decoy booked with a victim's
// email and cancelled at once opens no door). Returns ENOTFOUND when
// either is wrong or the booking is not active, without saying which.
// Callers bound how often a client may try (dialogue's lookup limits).
func (d *Desk) Lookup(ctx context.Context, reference, email string) (*Confirmation, error) {
	notFound := rendezvous.Errorf(rendezvous.ENOTFOUND, "no booking has that reference and email")
	ref := strings.ToUpper(strings.TrimSpace(reference))
	addr, err := rendezvous.NormalizeEmail(email)
	if err != nil || !strings.HasPrefix(ref, ReferencePrefix) || len(ref) > 32 {
		return nil, notFound
	}
	b, p, err := d.bookingWithProvider(ctx, ref)
	if rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
		return nil, notFound
	}
	if err != nil {
		return nil, fmt.Errorf("lookup booking: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(b.Customer.Email), []byte(addr)) != 1 || !b.Active() || !b.End.After(d.now()) {
		return nil, notFound
	}
	return d.confirm(p, b)
}
