package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// Instance is one instance of Rendezvous on a store: its desk and the
// availability index behind it.
type Instance struct {
	Desk  *booking.Desk
	Index *booking.Index
	// Now is the instant its clock is stopped at.
	Now time.Time
}

// NewInstance returns a desk with an index on s, following feed (nil: only
// its own changes), with the clock at now. The index runs until t ends.
func NewInstance(t testing.TB, s booking.Store, feed booking.ChangeFeed, now time.Time) Instance {
	t.Helper()
	src, ok := s.(booking.SpanSource)
	if !ok {
		t.Fatalf("%T does not implement booking.SpanSource", s)
	}
	clock := func() time.Time { return now }
	idx := booking.NewIndex(src, booking.IndexOptions{Feed: feed, Now: clock})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = idx.Run(ctx)
	}()
	t.Cleanup(func() { cancel(); <-done })
	return Instance{Desk: booking.NewDesk(s, testTokens(t), booking.Options{Now: clock, Index: idx}), Index: idx, Now: now}
}

func testTokens(t testing.TB) *auth.Tokens {
	t.Helper()
	tokens, err := auth.NewTokens(auth.TokensConfig{Secret: make([]byte, 32)})
	if err != nil {
		t.Fatal(err)
	}
	return tokens
}

// testIndex runs the index property on one instance: the store's only
// writer, whose own changes keep its index in step.
func testIndex(t *testing.T, open Opener) {
	s := open(t)
	inst := NewInstance(t, s, nil, fixedNow(t))
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("Seed", seed), func(t *testing.T) {
			IndexProperty(t, s, []Instance{inst}, seed, 40)
		})
	}
	// The build reads every active booking; a rebuild finds what the
	// changes left.
	inst.Index.Rebuild()
	CheckIndexes(t, s, []Instance{inst}, fixedNow(t), 5*time.Second)
}

// testActiveSpans checks the read that builds the index.
func testActiveSpans(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	src, ok := s.(booking.SpanSource)
	if !ok {
		t.Fatalf("%T does not implement booking.SpanSource", s)
	}
	now := fixedNow(t)
	a, b := mustProvider(t, s, "A"), mustProvider(t, s, "B")
	b1, b2, b3 := newBooking(a, at(t, "2026-11-24 09:00")), newBooking(a, at(t, "2026-11-24 10:00")), newBooking(b, at(t, "2026-11-25 14:00"))
	for _, bk := range []*rendezvous.Booking{b1, b2, b3} {
		if err := s.CreateBooking(ctx, bk, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CancelBooking(ctx, b2.ID, 0, now); err != nil {
		t.Fatal(err)
	}
	got := map[int64][]rendezvous.Span{}
	if err := src.ActiveSpans(ctx, at(t, "2026-11-24 09:30"), func(id int64, sp rendezvous.Span) { got[id] = append(got[id], sp) }); err != nil {
		t.Fatal(err)
	}
	want := map[int64][]rendezvous.Span{
		a.ID: {{Start: b1.Start, End: b1.BlockedUntil}}, // ends 09:40, after since
		b.ID: {{Start: b3.Start, End: b3.BlockedUntil}},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(x, y time.Time) bool { return x.Equal(y) })); diff != "" {
		t.Errorf("ActiveSpans (-want +got):\n%s", diff)
	}
	got = map[int64][]rendezvous.Span{}
	if err := src.ActiveSpans(ctx, at(t, "2026-11-24 09:40"), func(id int64, sp rendezvous.Span) { got[id] = append(got[id], sp) }); err != nil {
		t.Fatal(err)
	}
	if len(got[a.ID]) != 0 || len(got[b.ID]) != 1 {
		t.Errorf("ActiveSpans after a's booking ended = %v, want only b's", got)
	}
}

// indexCity is where IndexProperty's providers are.
const indexCity = "Lyon"

// IndexProperty makes steps random changes — bookings, cancellations,
// reschedules, time off and hours — each on a random instance, and after
// each checks that every instance answers as the database does once its
// feed has caught up (CheckIndexes). A booking made from a proposal that
// another instance's change made stale must be refused as slot_taken,
// never booked twice.
func IndexProperty(t *testing.T, s booking.Store, instances []Instance, seed uint64, steps int) []time.Duration {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(seed, 13))
	now := instances[0].Now
	var providers []*rendezvous.Provider
	for i := range 3 {
		p := newProvider(fmt.Sprintf("Index %d-%d", seed, i))
		p.Policy.Buffer = time.Duration(r.IntN(3)) * 5 * time.Minute
		if err := instances[r.IntN(len(instances))].Desk.CreateProvider(ctx, p, weekdayHours()); err != nil {
			t.Fatal(err)
		}
		providers = append(providers, p)
	}
	type held struct {
		id, token string
		provider  *rendezvous.Provider
	}
	var bookings []held
	var offs []*rendezvous.TimeOff
	var lags []time.Duration
	slotsOf := func(d *booking.Desk, p *rendezvous.Provider) []rendezvous.Slot {
		day := booking.Date{Year: 2026, Month: 11, Day: 23}
		slots, err := d.ProviderSlots(ctx, p.ID, 0, day, booking.Date{Year: 2026, Month: 11, Day: 27})
		if err != nil {
			t.Fatal(err)
		}
		return slots
	}
	// okOrStale accepts success and the refusals a stale proposal meets.
	okOrStale := func(op string, err error) bool {
		switch rendezvous.ErrorReasonOf(err) {
		case "":
			if err != nil {
				t.Fatalf("%s: %v", op, err)
			}
			return true
		case rendezvous.ReasonSlotTaken, rendezvous.ReasonSlotUnavailable, rendezvous.ReasonNotBooked:
			return false
		}
		t.Fatalf("%s: %v", op, err)
		return false
	}
	for step := range steps {
		d := instances[r.IntN(len(instances))].Desk
		p := providers[r.IntN(len(providers))]
		switch op := r.IntN(10); {
		case op < 4 || len(bookings) == 0: // book a proposed slot
			slots := slotsOf(d, p)
			if len(slots) == 0 {
				continue
			}
			sl := slots[r.IntN(len(slots))]
			c, err := d.Book(ctx, rendezvous.BookingRequest{ProviderID: p.ID, ServiceID: sl.ServiceID, Start: sl.Start,
				Customer: rendezvous.Customer{Name: "Ada Lovelace", Email: fmt.Sprintf("ada%d.%d@example.com", seed, step), Phone: fmt.Sprintf("+336%02d%06d", seed, step)}})
			if okOrStale("book", err) {
				bookings = append(bookings, held{c.Booking.ID, c.Token, p})
			}
		case op < 6: // cancel
			i := r.IntN(len(bookings))
			c, err := d.Cancel(ctx, bookings[i].id, bookings[i].token)
			if okOrStale("cancel", err) {
				bookings[i].token = c.Token
			}
		case op < 8: // reschedule to a proposed slot
			i := r.IntN(len(bookings))
			slots := slotsOf(d, bookings[i].provider)
			if len(slots) == 0 {
				continue
			}
			c, err := d.Reschedule(ctx, bookings[i].id, bookings[i].token, slots[r.IntN(len(slots))].Start)
			if okOrStale("reschedule", err) {
				bookings[i].token = c.Token
			}
		case op < 9: // time off, or its end
			if len(offs) > 0 && r.IntN(2) == 0 {
				i := r.IntN(len(offs))
				if err := d.DeleteTimeOff(ctx, offs[i].ProviderID, offs[i].ID); err != nil {
					t.Fatal(err)
				}
				offs = slices.Delete(offs, i, i+1)
				break
			}
			start := now.Add(time.Duration(r.IntN(4*24)) * time.Hour)
			off := &rendezvous.TimeOff{ProviderID: p.ID, Start: start, End: start.Add(time.Duration(1+r.IntN(12)) * time.Hour), Reason: "away"}
			if err := d.AddTimeOff(ctx, off); err != nil {
				t.Fatal(err)
			}
			offs = append(offs, off)
		default: // new hours
			hours := weekdayHours()
			for i := range hours {
				hours[i].Start += rendezvous.ClockTime(30 * r.IntN(3))
			}
			if err := d.SetHours(ctx, p.ID, hours); err != nil {
				t.Fatal(err)
			}
		}
		lags = append(lags, CheckIndexes(t, s, instances, now, 5*time.Second))
	}
	var all []*rendezvous.Booking
	for _, p := range providers {
		bs, err := s.Bookings(ctx, rendezvous.BookingFilter{ProviderID: p.ID, ActiveOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, bs...)
	}
	AssertNoOverlap(t, all)
	return lags
}

// CheckIndexes waits, at most bound, until every instance answers as the
// database does: its index holds each provider's busy spans as the store
// returns them, and its desk proposes the same slots as a desk reading the
// store. It returns how long that took, and fails t past the bound.
func CheckIndexes(t testing.TB, s booking.Store, instances []Instance, now time.Time, bound time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	var diff string
	for {
		diff = indexDiff(t, s, instances, now)
		if diff == "" {
			return time.Since(start)
		}
		if time.Since(start) > bound {
			t.Fatalf("after %s, an instance still answers otherwise than the database:\n%s", bound, diff)
		}
		time.Sleep(time.Millisecond)
	}
}

// indexDiff compares every instance with the database, and says how the
// first that differs does.
func indexDiff(t testing.TB, s booking.Store, instances []Instance, now time.Time) string {
	ctx := context.Background()
	fresh := booking.NewDesk(s, testTokens(t), booking.Options{Now: func() time.Time { return now }})
	ps, err := s.Providers(ctx, rendezvous.ProviderFilter{City: indexCity, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	from, to := now, now.Add(30*24*time.Hour)
	busy, err := s.BusySpans(ctx, ids, from, to)
	if err != nil {
		t.Fatal(err)
	}
	q := booking.SearchQuery{Kind: rendezvous.KindDentist, City: indexCity, Limit: 50, After: now, Before: now.Add(14 * 24 * time.Hour)}
	want, err := fresh.Earliest(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	days := [2]booking.Date{{Year: 2026, Month: 11, Day: 23}, {Year: 2026, Month: 11, Day: 30}}
	for n, inst := range instances {
		if !inst.Index.Ready(from) {
			return fmt.Sprintf("instance %d: index not ready", n)
		}
		for _, id := range ids {
			got := inst.Index.Spans(id, from, to, nil)
			if d := cmp.Diff(unixSpans(busy[id]), unixSpans(got)); d != "" {
				return fmt.Sprintf("instance %d, provider %d: spans (-database +index):\n%s", n, id, d)
			}
			wantSlots, err := fresh.ProviderSlots(ctx, id, 0, days[0], days[1])
			if err != nil {
				t.Fatal(err)
			}
			gotSlots, err := inst.Desk.ProviderSlots(ctx, id, 0, days[0], days[1])
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(wantSlots, gotSlots); d != "" {
				return fmt.Sprintf("instance %d, provider %d: slots (-database +instance):\n%s", n, id, d)
			}
		}
		got, err := inst.Desk.Earliest(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, got); d != "" {
			return fmt.Sprintf("instance %d: earliest slots (-database +instance):\n%s", n, d)
		}
	}
	return ""
}

// unixSpans turns spans into sorted pairs of Unix seconds, to compare
// answers whatever their order and time zone.
func unixSpans(spans []rendezvous.Span) [][2]int64 {
	out := make([][2]int64, len(spans))
	for i, s := range spans {
		out[i] = [2]int64{s.Start.Unix(), s.End.Unix()}
	}
	slices.SortFunc(out, func(a, b [2]int64) int { return int(max(-1, min(1, a[0]-b[0]))) }) // (never near overflow)
	return out
}
