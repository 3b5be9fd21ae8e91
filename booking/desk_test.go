package booking_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/availability"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/sqlite"
)

func openStore(t testing.TB) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

func newTokens(t testing.TB) *auth.Tokens {
	tok, err := auth.NewTokens(auth.TokensConfig{Secret: bytes.Repeat([]byte("s"), 32)})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestEarliestMatchesBruteForce builds random groups of providers
// (random hours, steps, buffers, notice, time off and bookings) and checks
// that the search's earliest slots are exactly the first ones of every
// provider's own slots merged by time.
func TestEarliestMatchesBruteForce(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(12) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 42))
			s := openStore(t)
			paris, _ := time.LoadLocation("Europe/Paris")
			// Around the October clock change half of the time.
			base := time.Date(2026, 10, 22+r.IntN(3), 6+r.IntN(12), r.IntN(60), 0, 0, paris)
			if seed%2 == 0 {
				base = time.Date(2026, 11, 23, 6+r.IntN(12), 0, 0, 0, paris)
			}
			now := base
			// One customer fills the calendars: this test is about the search.
			desk := booking.NewDesk(s, newTokens(t), booking.Options{Now: func() time.Time { return now }, MaxUpcomingPerCustomer: 1 << 20})
			n := 5 + r.IntN(60)
			var ids []int64
			for i := range n {
				p := &rendezvous.Provider{Name: fmt.Sprintf("P%d", i), Kind: rendezvous.KindDentist, City: "Lyon", TimeZone: "Europe/Paris",
					Languages: []string{"fr"},
					Policy: rendezvous.BookingPolicy{SlotStep: time.Duration(5*(1+r.IntN(6))) * time.Minute, Buffer: time.Duration(5*r.IntN(3)) * time.Minute,
						MinNotice: time.Duration(r.IntN(5)) * time.Hour, Horizon: time.Duration(2+r.IntN(30)) * 24 * time.Hour},
					Services: []rendezvous.Service{{Name: "Consultation", Duration: time.Duration(15*(1+r.IntN(4))) * time.Minute}, {Name: "Détartrage", Duration: 45 * time.Minute}}}
				var hours rendezvous.WeeklyHours
				for d := time.Sunday; d <= time.Saturday; d++ {
					if r.IntN(4) == 0 {
						continue
					}
					start := rendezvous.ClockTime(7*60 + 30*r.IntN(6))
					hours = append(hours, rendezvous.OpeningInterval{Weekday: d, Start: start, End: start + rendezvous.ClockTime(60+30*r.IntN(8))})
				}
				if err := desk.CreateProvider(ctx, p, hours); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, p.ID)
				if r.IntN(4) == 0 {
					off := base.Add(time.Duration(r.IntN(72)) * time.Hour)
					if err := desk.AddTimeOff(ctx, &rendezvous.TimeOff{ProviderID: p.ID, Start: off, End: off.Add(time.Duration(1+r.IntN(30)) * time.Hour)}); err != nil {
						t.Fatal(err)
					}
				}
				// Book some of the provider's own free slots.
				slots, err := desk.ProviderSlots(ctx, p.ID, p.Services[0].ID, dateOf(base), dateOf(base.AddDate(0, 0, 5)))
				if err != nil {
					t.Fatal(err)
				}
				for _, sl := range slots {
					if r.IntN(3) != 0 {
						continue
					}
					_, err := desk.Book(ctx, rendezvous.BookingRequest{ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: sl.Start,
						Customer: rendezvous.Customer{Name: "A B", Email: "a@example.com", Phone: "0612345678"}})
					if err != nil && rendezvous.ErrorReasonOf(err) != rendezvous.ReasonSlotTaken {
						t.Fatal(err)
					}
				}
			}
			for _, service := range []string{"", "detartrage"} {
				for _, limit := range []int{1, 10, 50} {
					after := base.Add(time.Duration(r.IntN(48)) * time.Hour)
					q := booking.SearchQuery{Kind: rendezvous.KindDentist, City: "lyon", After: after, Before: after.Add(time.Duration(1+r.IntN(6)) * 24 * time.Hour), Limit: limit, Service: service}
					got, err := desk.Earliest(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					want := bruteForce(t, s, ids, q, now)
					if len(want) > limit {
						want = want[:limit]
					}
					if fmt.Sprint(keys(got)) != fmt.Sprint(keys(want)) {
						t.Fatalf("service %q limit %d after %s:\ngot  %v\nwant %v", service, limit, after, keys(got), keys(want))
					}
				}
			}
		})
	}
}

func dateOf(t time.Time) booking.Date {
	return booking.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

type slotKey struct {
	provider int64
	start    string
}

func keys(slots []rendezvous.Slot) []slotKey {
	out := make([]slotKey, len(slots))
	for i, s := range slots {
		out[i] = slotKey{s.ProviderID, s.Start.UTC().Format(time.RFC3339)}
	}
	return out
}

// bruteForce computes every provider's slots with the engine and merges
// them.
func bruteForce(t *testing.T, s booking.Store, ids []int64, q booking.SearchQuery, now time.Time) []rendezvous.Slot {
	ctx := context.Background()
	var all []rendezvous.Slot
	for _, id := range ids {
		p, err := s.Provider(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var svc rendezvous.Service
		if q.Service == "" {
			svc = p.Services[0]
		} else {
			svc = p.Services[1]
		}
		sch, err := s.Schedule(ctx, id, now)
		if err != nil {
			t.Fatal(err)
		}
		busy, err := s.BusySpans(ctx, []int64{id}, q.After.Add(-48*time.Hour), q.Before.Add(48*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range availability.Slots(sch, availability.Query{Duration: svc.Duration, From: q.After, To: q.Before, Now: now}, busy[id], 0) {
			all = append(all, rendezvous.Slot{ProviderID: id, Start: st})
		}
	}
	slices.SortFunc(all, func(a, b rendezvous.Slot) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return int(a.ProviderID - b.ProviderID)
	})
	return all
}

func TestBookValidatesAndAuthorizes(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, paris)
	desk := booking.NewDesk(s, newTokens(t), booking.Options{Now: func() time.Time { return now }})
	p := &rendezvous.Provider{Name: "Cabinet", Kind: rendezvous.KindDentist, City: "Montréal", TimeZone: "America/Toronto", Languages: []string{"fr"},
		Policy: rendezvous.DefaultPolicy(), Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute}}}
	hours := rendezvous.WeeklyHours{{Weekday: time.Tuesday, Start: 9 * 60, End: 12 * 60}}
	if err := desk.CreateProvider(ctx, p, hours); err != nil {
		t.Fatal(err)
	}
	toronto, _ := time.LoadLocation("America/Toronto")
	start := time.Date(2026, 11, 24, 9, 0, 0, 0, toronto)
	c, err := desk.Book(ctx, rendezvous.BookingRequest{ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: start,
		Customer: rendezvous.Customer{Name: "Jean Tremblay", Email: "Jean@Example.ca", Phone: "514 555 0123"}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Booking.Customer.Phone != "+15145550123" || c.Booking.Customer.Email != "jean@example.ca" {
		t.Errorf("customer not normalised in the provider's country: %+v", c.Booking.Customer)
	}
	if _, _, err := desk.Booking(ctx, c.Booking.ID, c.Token); err != nil {
		t.Errorf("own token refused: %v", err)
	}
	other, err := desk.Book(ctx, rendezvous.BookingRequest{ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: start.Add(time.Hour),
		Customer: rendezvous.Customer{Name: "Marie", Email: "m@example.com", Phone: "514 555 0124"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Cancel(ctx, c.Booking.ID, other.Token); rendezvous.ErrorCodeOf(err) != rendezvous.EUNAUTHORIZED {
		t.Errorf("another booking's token cancelled this one: %v", err)
	}
	if _, err := desk.Reschedule(ctx, c.Booking.ID, "", start.Add(30*time.Minute)); rendezvous.ErrorCodeOf(err) != rendezvous.EUNAUTHORIZED {
		t.Errorf("reschedule without a token: %v", err)
	}
	b, _ := s.Booking(ctx, c.Booking.ID)
	if b.Status != rendezvous.StatusBooked || !b.Start.Equal(start) {
		t.Errorf("refused calls changed the booking: %+v", b)
	}
}
