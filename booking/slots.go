package booking

import (
	"context"
	"fmt"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/availability"
)

// Date is a calendar date, read in the provider's time zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// In returns the first instant of the date in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// ProviderSlots returns the free slots of one provider's service whose
// start falls on a day from from to to inclusive, in the provider's time
// zone. serviceID 0 means the provider's first service. The window is at
// most MaxWindow long. Returns ENOTFOUND and EINVALID.
func (d *Desk) ProviderSlots(ctx context.Context, providerID, serviceID int64, from, to Date) ([]rendezvous.Slot, error) {
	return d.slotsOf(ctx, providerID, serviceID, func(loc *time.Location) (time.Time, time.Time, error) {
		start, end := from.In(loc), Date{to.Year, to.Month, to.Day + 1}.In(loc)
		return start, end, d.checkWindow(start, end, "from", "to")
	})
}

// slotsOf returns the free slots of a provider's service (0: its first)
// that start in the window span returns in the provider's zone, read
// from the database. Returns ENOTFOUND, and span's error.
func (d *Desk) slotsOf(ctx context.Context, providerID, serviceID int64, span func(loc *time.Location) (time.Time, time.Time, error)) ([]rendezvous.Slot, error) {
	p, err := d.store.Provider(ctx, providerID)
	if err != nil {
		return nil, err
	}
	svc, ok := p.Service(serviceID)
	if serviceID == 0 && len(p.Services) > 0 {
		svc, ok = p.Services[0], true
	}
	if !ok {
		return nil, rendezvous.Errorf(rendezvous.ENOTFOUND, "provider %d has no service %d", providerID, serviceID)
	}
	now := d.now()
	sch, err := d.store.Schedule(ctx, providerID, now)
	if err != nil {
		return nil, err
	}
	start, end, err := span(sch.Location)
	if err != nil || !end.After(start) {
		return nil, err
	}
	busy, err := d.busySpans(ctx, []int64{providerID}, start, end.Add(rendezvous.MaxBlockedSpan))
	if err != nil {
		return nil, fmt.Errorf("provider slots: %w", err)
	}
	starts := availability.Slots(sch, availability.Query{Duration: svc.Duration, From: start, To: end, Now: now}, busy(providerID), 0)
	out := make([]rendezvous.Slot, len(starts))
	for i, t := range starts {
		out[i] = d.slot(p, svc, t, sch.Location)
	}
	return out, nil
}

// ProviderBookings lists a provider's bookings (active and cancelled) that
// start on a day from from to to inclusive, for its administrators.
func (d *Desk) ProviderBookings(ctx context.Context, providerID int64, from, to Date) ([]*rendezvous.Booking, *rendezvous.Provider, error) {
	p, err := d.store.Provider(ctx, providerID)
	if err != nil {
		return nil, nil, err
	}
	loc, err := p.Location()
	if err != nil {
		return nil, nil, err
	}
	start, end := from.In(loc), Date{to.Year, to.Month, to.Day + 1}.In(loc)
	if err := d.checkWindow(start, end, "from", "to"); err != nil {
		return nil, nil, err
	}
	bs, err := d.store.Bookings(ctx, rendezvous.BookingFilter{ProviderID: providerID, From: start, To: end, Limit: 5000})
	if err != nil {
		return nil, nil, fmt.Errorf("provider bookings: %w", err)
	}
	return bs, p, nil
}

// FreeSlots returns the free slots of one provider's service that start
// in [from, to) (at most MaxWindow from the later of from and now), read
// from the database rather than from the search's cache: for work that
// must see a change made a moment ago on another instance (the
// waitlist's matcher). serviceID 0 means the provider's first service.
// Returns ENOTFOUND.
func (d *Desk) FreeSlots(ctx context.Context, providerID, serviceID int64, from, to time.Time) ([]rendezvous.Slot, error) {
	return d.slotsOf(ctx, providerID, serviceID, func(*time.Location) (time.Time, time.Time, error) {
		if now := d.now(); from.Before(now) {
			from = now
		}
		if limit := from.Add(d.maxWindow); to.After(limit) {
			to = limit
		}
		return from, to, nil
	})
}
