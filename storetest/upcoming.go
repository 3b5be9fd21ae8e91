package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// testUpcomingCap checks the cap of upcoming bookings per customer: by
// email address and by phone number, counting only active bookings not
// yet ended, checked in the booking's transaction — so that concurrent
// bookings of one customer cannot pass it together.
func testUpcomingCap(t *testing.T, open Opener) {
	ctx := context.Background()
	now := fixedNow(t)
	const max = 3
	capped := booking.WithMaxUpcoming(max)
	who := func(b *rendezvous.Booking, email, phone string) *rendezvous.Booking {
		b.Customer = rendezvous.Customer{Name: "Ann Example", Email: email, Phone: phone}
		return b
	}

	t.Run("ByEmailAndByPhone", func(t *testing.T) {
		s := open(t)
		p := mustProvider(t, s, "Cabinet A")
		for i, h := range []string{"09:00", "10:00", "11:00"} {
			b := who(newBooking(p, at(t, "2026-11-24 "+h)), "ann@example.com", "+33611111111")
			if err := s.CreateBooking(ctx, b, now, capped); err != nil {
				t.Fatalf("booking %d of %d: %v", i+1, max, err)
			}
		}
		for _, c := range []struct{ name, email, phone string }{
			{"SameEmail", "ann@example.com", "+33622222222"},
			{"SamePhone", "bob@example.com", "+33611111111"},
		} {
			err := s.CreateBooking(ctx, who(newBooking(p, at(t, "2026-11-24 14:00")), c.email, c.phone), now, capped)
			if rendezvous.ErrorReasonOf(err) != rendezvous.ReasonTooManyBookings || rendezvous.ErrorCodeOf(err) != rendezvous.ECONFLICT {
				t.Errorf("%s: got %v, want ECONFLICT/too_many_bookings", c.name, err)
			}
		}
		// Another customer books; without a cap, anyone does.
		if err := s.CreateBooking(ctx, who(newBooking(p, at(t, "2026-11-24 14:00")), "bob@example.com", "+33622222222"), now, capped); err != nil {
			t.Errorf("another customer: %v", err)
		}
		if err := s.CreateBooking(ctx, who(newBooking(p, at(t, "2026-11-24 15:00")), "ann@example.com", "+33611111111"), now); err != nil {
			t.Errorf("no cap: %v", err)
		}

		// A cancelled booking no longer counts…
		s2 := open(t)
		p2 := mustProvider(t, s2, "Cabinet B")
		var ids []string
		for _, h := range []string{"09:00", "10:00", "11:00"} {
			b := who(newBooking(p2, at(t, "2026-11-24 "+h)), "ann@example.com", "+33611111111")
			if err := s2.CreateBooking(ctx, b, now, capped); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, b.ID)
		}
		if _, err := s2.CancelBooking(ctx, ids[0], 0, now); err != nil {
			t.Fatal(err)
		}
		if err := s2.CreateBooking(ctx, who(newBooking(p2, at(t, "2026-11-25 09:00")), "ann@example.com", "+33611111111"), now, capped); err != nil {
			t.Errorf("after a cancellation: %v", err)
		}
		// …nor one that has ended.
		later := at(t, "2026-11-24 10:31") // the 10:00 booking (30 min) has ended, the 11:00 one not
		err := s2.CreateBooking(ctx, who(newBooking(p2, at(t, "2026-11-25 14:00")), "ann@example.com", "+33611111111"), later, capped)
		if err != nil {
			t.Errorf("after a booking ended: %v", err)
		}
		err = s2.CreateBooking(ctx, who(newBooking(p2, at(t, "2026-11-25 15:00")), "ann@example.com", "+33611111111"), later, capped)
		wantReason(t, err, rendezvous.ReasonTooManyBookings)
	})

	t.Run("Concurrent", func(t *testing.T) {
		s := open(t)
		// One provider each, so that nothing else makes the bookings take
		// turns: only the customer's lock does.
		const attempts = 16
		var providers []*rendezvous.Provider
		for i := range attempts {
			providers = append(providers, mustProvider(t, s, fmt.Sprintf("Cabinet %d", i)))
		}
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			answers = map[string]int{}
		)
		start := make(chan struct{})
		for i := range attempts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Half by the same email, half by the same phone number.
				email, phone := "ann@example.com", fmt.Sprintf("+336%08d", 10000000+i)
				if i%2 == 1 {
					email, phone = fmt.Sprintf("ann%d@example.com", i), "+33611111111"
				}
				b := who(newBooking(providers[i], at(t, "2026-11-24 09:00")), email, phone)
				<-start
				err := s.CreateBooking(ctx, b, now, capped)
				mu.Lock()
				answers[rendezvous.ErrorReasonOf(err)]++
				mu.Unlock()
			}()
		}
		time.Sleep(10 * time.Millisecond)
		close(start)
		wg.Wait()
		// Per email: max; per phone: max; the attempts sharing neither
		// are none (each has the email or the phone).
		if want := map[string]int{"": 2 * max, rendezvous.ReasonTooManyBookings: attempts - 2*max}; !cmp.Equal(answers, want) {
			t.Errorf("answers by reason %v, want %v", answers, want)
		}
		all, err := s.Bookings(ctx, rendezvous.BookingFilter{Email: "ann@example.com", ActiveOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != max {
			t.Errorf("%d upcoming bookings of one email, want the cap, %d", len(all), max)
		}
	})
}
