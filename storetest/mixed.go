package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// testMixedChangesNeverBusy runs every kind of change at once on a few
// providers, bookings and waitlist entries — bookings made, cancelled,
// moved and erased, hours and time off changed, entries joined, left and
// erased, offers made and booked, sweeps — and fails on any answer that
// is not the change done or a plain refusal (gone, taken, used, not
// allowed): "busy", which a deadlock between two of them gives on a
// database that detects it, or an internal error. The attack suite found
// one such pair (a waitlist booking against its entry's leaving); this
// keeps looking for the others.
func testMixedChangesNeverBusy(t *testing.T, open Opener) {
	ctx := context.Background()
	now := fixedNow(t)
	s := open(t)
	w := waitlistOf(t, s)
	providers := []*rendezvous.Provider{mustProvider(t, s, "Cabinet A"), mustProvider(t, s, "Cabinet B")}
	emails := []string{"a@example.com", "b@example.com", "c@example.com"}
	var starts []time.Time // Tuesday to Thursday, in opening hours
	for day := range 3 {
		for _, h := range openHours {
			starts = append(starts, at(t, "2026-11-24 09:00").AddDate(0, 0, day).Add(time.Duration(h)*time.Hour))
		}
	}
	var (
		mu       sync.Mutex
		bookings []string
		entries  []*rendezvous.WaitlistEntry
		offers   []string
		failures []error
	)
	// Changes meet on the few most recent of each: contention is what
	// finds a deadlock.
	const recent = 3
	pick := func(r *rand.Rand, shared *[]string) string {
		mu.Lock()
		defer mu.Unlock()
		list := *shared
		if len(list) == 0 {
			return "RDV-NONE"
		}
		return list[max(0, len(list)-1-r.IntN(recent))]
	}
	pickEntry := func(r *rand.Rand) *rendezvous.WaitlistEntry {
		mu.Lock()
		defer mu.Unlock()
		if len(entries) == 0 {
			return nil
		}
		return entries[max(0, len(entries)-1-r.IntN(recent))]
	}
	ops := []struct {
		name string
		do   func(ctx context.Context, r *rand.Rand) error
	}{
		{"book", func(ctx context.Context, r *rand.Rand) error {
			b := newBooking(providers[r.IntN(len(providers))], starts[r.IntN(len(starts))])
			err := s.CreateBooking(ctx, b, now)
			if err == nil {
				mu.Lock()
				bookings = append(bookings, b.ID)
				mu.Unlock()
			}
			return err
		}},
		{"cancel", func(ctx context.Context, r *rand.Rand) error {
			_, err := s.CancelBooking(ctx, pick(r, &bookings), 0, now)
			return err
		}},
		{"move", func(ctx context.Context, r *rand.Rand) error {
			_, err := s.RescheduleBooking(ctx, pick(r, &bookings), 0, starts[r.IntN(len(starts))], now)
			return err
		}},
		{"erase booking", func(ctx context.Context, r *rand.Rand) error {
			_, err := s.EraseBooking(ctx, pick(r, &bookings), 0, now)
			return err
		}},
		{"set hours", func(ctx context.Context, r *rand.Rand) error {
			return s.SetHours(ctx, providers[r.IntN(len(providers))].ID, weekdayHours())
		}},
		{"time off", func(ctx context.Context, r *rand.Rand) error {
			p := providers[r.IntN(len(providers))]
			off := &rendezvous.TimeOff{ProviderID: p.ID, Start: at(t, "2026-12-28 00:00"), End: at(t, "2026-12-29 00:00"), Reason: "congé"}
			if err := s.AddTimeOff(ctx, off); err != nil {
				return err
			}
			return s.DeleteTimeOff(ctx, p.ID, off.ID)
		}},
		{"join waitlist", func(ctx context.Context, r *rand.Rand) error {
			e := newEntry(t, emails[r.IntN(len(emails))])
			err := w.CreateWaitlistEntry(ctx, e, 10, now, nil)
			if err == nil {
				mu.Lock()
				entries = append(entries, e)
				mu.Unlock()
			}
			return err
		}},
		{"leave waitlist", func(ctx context.Context, r *rand.Rand) error {
			if e := pickEntry(r); e != nil {
				return w.DeleteWaitlistEntry(ctx, e.ID, e.Customer.Email, nil)
			}
			return nil
		}},
		{"erase waitlist", func(ctx context.Context, r *rand.Rand) error {
			_, err := w.EraseWaitlist(ctx, emails[r.IntN(len(emails))], nil)
			return err
		}},
		{"offer", func(ctx context.Context, r *rand.Rand) error {
			e := pickEntry(r)
			if e == nil {
				return nil
			}
			o, err := w.CreateWaitlistOffer(ctx, newOffer(e, providers[r.IntN(len(providers))], starts[r.IntN(len(starts))], now), nil)
			if err == nil {
				mu.Lock()
				offers = append(offers, o.ID)
				mu.Unlock()
			}
			return err
		}},
		{"book offer", func(ctx context.Context, r *rand.Rand) error {
			b := newBooking(providers[r.IntN(len(providers))], starts[r.IntN(len(starts))])
			return s.CreateBooking(ctx, b, now, booking.WithOffer(pick(r, &offers)))
		}},
		{"sweep", func(ctx context.Context, r *rand.Rand) error {
			_, err := w.SweepWaitlist(ctx, now.Add(-time.Hour))
			return err
		}},
	}
	const workers, rounds = 12, 150
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 7))
			for range rounds {
				op := ops[r.IntN(len(ops))]
				octx, cancel := context.WithTimeout(ctx, 20*time.Second)
				err := op.do(octx, r)
				cancel()
				switch rendezvous.ErrorCodeOf(err) {
				case "", rendezvous.ENOTFOUND, rendezvous.ECONFLICT, rendezvous.EINVALID, rendezvous.EUNAUTHORIZED:
				default:
					mu.Lock()
					failures = append(failures, fmt.Errorf("%s: %w", op.name, err))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range failures {
		t.Error(err)
	}
	if len(failures) > 0 {
		t.Fatalf("%d of %d changes failed with neither success nor a plain refusal", len(failures), workers*rounds)
	}
}
