package booking

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strings"

	"github.com/rendezvous-oss/rendezvous"
)

// Lookup finds a booking by its reference for a customer who gives the
// email it was made with, and returns it with a manage token: in a chat,
// the reference and the email together prove ownership. Returns ENOTFOUND
// when either is wrong, without saying which.
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
	if subtle.ConstantTimeCompare([]byte(b.Customer.Email), []byte(addr)) != 1 {
		return nil, notFound
	}
	return d.confirm(p, b)
}

// CustomerBookings returns the active bookings, from now on, made with an
// email, each with a manage token. Callers must have established that the
// person asking owns the address (Lookup); the chat tools do.
func (d *Desk) CustomerBookings(ctx context.Context, email string) ([]*Confirmation, error) {
	addr, err := rendezvous.NormalizeEmail(email)
	if err != nil {
		return nil, rendezvous.ValidationError([]rendezvous.FieldError{{Field: "email", Message: err.Error()}})
	}
	bs, err := d.store.Bookings(ctx, rendezvous.BookingFilter{Email: addr, From: d.now(), ActiveOnly: true, Limit: 20})
	if err != nil {
		return nil, fmt.Errorf("customer bookings: %w", err)
	}
	out := make([]*Confirmation, 0, len(bs))
	for _, b := range bs {
		p, err := d.providers.get(ctx, b.ProviderID)
		if err != nil {
			return nil, fmt.Errorf("customer bookings: %w", err)
		}
		c, err := d.confirm(p, b)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
