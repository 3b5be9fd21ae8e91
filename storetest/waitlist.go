package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/waitlist"
)

// testWaitlist is the contract of waitlist.Store, and of the booking
// changes that serve it: the offer a booking uses, and the spans the
// changes that free time report.
func testWaitlist(t *testing.T, open Opener) {
	t.Run("Entries", func(t *testing.T) { testWaitlistEntries(t, open) })
	t.Run("PerAddressCap", func(t *testing.T) { testWaitlistCap(t, open) })
	t.Run("Match", func(t *testing.T) { testWaitlistMatch(t, open) })
	t.Run("Offers", func(t *testing.T) { testWaitlistOffers(t, open) })
	t.Run("BookThroughOffer", func(t *testing.T) { testBookThroughOffer(t, open) })
	t.Run("LeaveWhileBooking", func(t *testing.T) { testLeaveWhileBooking(t, open) })
	t.Run("EraseAndSweep", func(t *testing.T) { testWaitlistErase(t, open) })
	t.Run("FreedSpans", func(t *testing.T) { testFreedSpans(t, open) })
	t.Run("JobsInTheTransaction", func(t *testing.T) { testWaitlistJobs(t, open) })
	t.Run("List", func(t *testing.T) { testWaitlistList(t, open) })
}

func waitlistOf(t *testing.T, s booking.Store) waitlist.Store {
	t.Helper()
	w, ok := s.(waitlist.Store)
	if !ok {
		t.Fatalf("%T is not a waitlist.Store", s)
	}
	return w
}

var entrySeq atomic.Int64

// newEntry is a Lyon dentist wanted on Tuesday 24 November, mornings.
func newEntry(t *testing.T, email string) *rendezvous.WaitlistEntry {
	n := entrySeq.Add(1)
	return &rendezvous.WaitlistEntry{
		ID:       fmt.Sprintf("WL-T%09d", n),
		Customer: rendezvous.Customer{Name: "Ada Lovelace", Email: email, Phone: "+33612345678"},
		Language: "fr", Kind: rendezvous.KindDentist, City: "Lyon",
		From: at(t, "2026-11-24 00:00"), To: at(t, "2026-11-25 00:00"), DayFrom: 8 * 60, DayTo: 12 * 60,
		ExpiresAt: at(t, "2026-11-25 00:00"),
	}
}

func mustEntry(t *testing.T, w waitlist.Store, e *rendezvous.WaitlistEntry, now time.Time) {
	t.Helper()
	if err := w.CreateWaitlistEntry(context.Background(), e, 10, now, nil); err != nil {
		t.Fatalf("CreateWaitlistEntry: %v", err)
	}
}

func testWaitlistEntries(t *testing.T, open Opener) {
	ctx := context.Background()
	now := fixedNow(t)
	w := waitlistOf(t, open(t))
	e := newEntry(t, "ada@example.com")
	mustEntry(t, w, e, now)
	got, err := w.WaitlistEntry(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := *e
	want.CreatedAt = now.UTC()
	want.From, want.To, want.ExpiresAt = e.From.UTC(), e.To.UTC(), e.ExpiresAt.UTC()
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("stored entry (-want +got):\n%s", diff)
	}
	other := newEntry(t, "other@example.com")
	mustEntry(t, w, other, now)
	list, err := w.WaitlistEntries(ctx, "ada@example.com")
	if err != nil || len(list) != 1 || list[0].ID != e.ID {
		t.Fatalf("WaitlistEntries = %v, %v; want only %s", list, err, e.ID)
	}
	_, err = w.WaitlistEntry(ctx, "WL-NOPE")
	wantCode(t, err, rendezvous.ENOTFOUND)
	wantCode(t, w.DeleteWaitlistEntry(ctx, e.ID, "other@example.com", nil), rendezvous.ENOTFOUND)
	if err := w.DeleteWaitlistEntry(ctx, e.ID, "ada@example.com", nil); err != nil {
		t.Fatal(err)
	}
	wantCode(t, w.DeleteWaitlistEntry(ctx, e.ID, "ada@example.com", nil), rendezvous.ENOTFOUND)
	if n, err := w.CountWaitlist(ctx, now); err != nil || n != 1 {
		t.Errorf("CountWaitlist = %d, %v; want 1", n, err)
	}
}

func testWaitlistCap(t *testing.T, open Opener) {
	ctx := context.Background()
	now := fixedNow(t)
	w := waitlistOf(t, open(t))
	const max = 3
	// An expired entry does not count.
	old := newEntry(t, "cap@example.com")
	old.ExpiresAt = now.Add(time.Minute)
	if err := w.CreateWaitlistEntry(ctx, old, max, now, nil); err != nil {
		t.Fatal(err)
	}
	later := now.Add(time.Hour)
	var ok, refused atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := w.CreateWaitlistEntry(ctx, newEntry(t, "cap@example.com"), max, later, nil)
			switch {
			case err == nil:
				ok.Add(1)
			case rendezvous.ErrorReasonOf(err) == rendezvous.ReasonTooManyWaitlistEntries:
				refused.Add(1)
			default:
				t.Errorf("CreateWaitlistEntry: %v", err)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != max || refused.Load() != 8-max {
		t.Fatalf("8 entries at once under a cap of %d: %d made, %d refused", max, ok.Load(), refused.Load())
	}
	// Another address is not capped by this one.
	if err := w.CreateWaitlistEntry(ctx, newEntry(t, "else@example.com"), max, later, nil); err != nil {
		t.Fatal(err)
	}
}

func testWaitlistMatch(t *testing.T, open Opener) {
	ctx := context.Background()
	now := fixedNow(t)
	s := open(t)
	w := waitlistOf(t, s)
	p := mustProvider(t, s, "Cabinet A")
	group := newEntry(t, "a@example.com")
	group.City = "LYON" // compared like a directory's city
	mine := newEntry(t, "b@example.com")
	mine.Kind, mine.City, mine.ProviderID = "", "", p.ID
	elsewhere := newEntry(t, "c@example.com")
	elsewhere.City = "Paris"
	physio := newEntry(t, "d@example.com")
	physio.Kind = rendezvous.KindPhysiotherapist
	nextWeek := newEntry(t, "e@example.com")
	nextWeek.From, nextWeek.To = at(t, "2026-12-01 00:00"), at(t, "2026-12-02 00:00")
	expired := newEntry(t, "f@example.com")
	expired.ExpiresAt = now.Add(time.Minute)
	for _, e := range []*rendezvous.WaitlistEntry{group, mine, elsewhere, physio, nextWeek, expired} {
		mustEntry(t, w, e, now)
	}
	ids := func(es []*rendezvous.WaitlistEntry) []string {
		out := []string{}
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	match := rendezvous.WaitlistMatch{ProviderID: p.ID, Kind: p.Kind, City: p.City,
		From: at(t, "2026-11-24 09:00"), To: at(t, "2026-11-24 09:40"), Now: now.Add(time.Hour), Limit: 10}
	got, err := w.MatchWaitlist(ctx, match)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{group.ID, mine.ID}, ids(got)); diff != "" {
		t.Errorf("entries a freed Tuesday 9:00 serves (-want +got):\n%s", diff)
	}
	match.From, match.To = time.Time{}, time.Time{}
	got, _ = w.MatchWaitlist(ctx, match)
	if diff := cmp.Diff([]string{group.ID, mine.ID, nextWeek.ID}, ids(got)); diff != "" {
		t.Errorf("entries widened hours serve (-want +got):\n%s", diff)
	}
	match.Limit = 1
	got, _ = w.MatchWaitlist(ctx, match)
	if diff := cmp.Diff([]string{group.ID}, ids(got)); diff != "" {
		t.Errorf("the oldest entry first, within the limit (-want +got):\n%s", diff)
	}
}

func newOffer(e *rendezvous.WaitlistEntry, p *rendezvous.Provider, start, now time.Time) *rendezvous.WaitlistOffer {
	return &rendezvous.WaitlistOffer{ID: fmt.Sprintf("WO-T%012d", entrySeq.Add(1)), EntryID: e.ID, ProviderID: p.ID, ServiceID: p.Services[0].ID,
		Start: start, CreatedAt: now, ExpiresAt: now.Add(rendezvous.WaitlistOfferLifetime)}
}

func testWaitlistOffers(t *testing.T, open Opener) {
	ctx := context.Background()
	now := fixedNow(t)
	s := open(t)
	w := waitlistOf(t, s)
	p := mustProvider(t, s, "Cabinet A")
	e := newEntry(t, "a@example.com")
	mustEntry(t, w, e, now)
	first, err := w.CreateWaitlistOffer(ctx, newOffer(e, p, at(t, "2026-11-24 09:00"), now), nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.SentAt != nil || first.UsedAt != nil {
		t.Fatalf("a new offer = %+v", first)
	}
	if err := w.MarkWaitlistOfferSent(ctx, first.ID, now); err != nil {
		t.Fatal(err)
	}
	// The same slot offered again to the same entry is the same offer.
	again, err := w.CreateWaitlistOffer(ctx, newOffer(e, p, at(t, "2026-11-24 09:00"), now.Add(time.Minute)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID || again.SentAt == nil || !again.SentAt.Equal(now) {
		t.Fatalf("offering a slot twice = %+v, want the first offer (%s) marked sent", again, first.ID)
	}
	read, err := w.WaitlistOffer(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(again, read); diff != "" {
		t.Errorf("read offer (-created +read):\n%s", diff)
	}
	_, err = w.WaitlistOffer(ctx, "WO-NOPE")
	wantCode(t, err, rendezvous.ENOTFOUND)
}

func testBookThroughOffer(t *testing.T, open Opener) {
	ctx := context.Background()
	now := fixedNow(t)
	s := open(t)
	w := waitlistOf(t, s)
	p := mustProvider(t, s, "Cabinet A")
	a, b := newEntry(t, "a@example.com"), newEntry(t, "b@example.com")
	mustEntry(t, w, a, now)
	mustEntry(t, w, b, now)
	nine := at(t, "2026-11-24 09:00")
	oa, _ := w.CreateWaitlistOffer(ctx, newOffer(a, p, nine, now), nil)
	ob, _ := w.CreateWaitlistOffer(ctx, newOffer(b, p, nine, now), nil)

	// Two customers click the same slot at once: one booking, the other
	// is told the slot is taken, and keeps its offer and entry.
	results := make([]error, 2)
	var wg sync.WaitGroup
	for i, o := range []*rendezvous.WaitlistOffer{oa, ob} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bk := newBooking(p, nine)
			results[i] = s.CreateBooking(ctx, bk, now, booking.WithOffer(o.ID))
		}()
	}
	wg.Wait()
	won, lost := 0, 1
	if results[0] != nil {
		won, lost = 1, 0
	}
	if results[won] != nil || rendezvous.ErrorReasonOf(results[lost]) != rendezvous.ReasonSlotTaken {
		t.Fatalf("two offers of one slot booked at once: %v, %v; want one booking and one slot_taken", results[0], results[1])
	}
	winner, loser := []*rendezvous.WaitlistOffer{oa, ob}[won], []*rendezvous.WaitlistOffer{oa, ob}[lost]
	used, _ := w.WaitlistOffer(ctx, winner.ID)
	entry, _ := w.WaitlistEntry(ctx, winner.EntryID)
	if used.UsedAt == nil || used.BookingID == "" || entry.FulfilledAt == nil || entry.BookingID != used.BookingID {
		t.Errorf("after booking: offer %+v, entry %+v; want both to name the booking", used, entry)
	}
	unused, _ := w.WaitlistOffer(ctx, loser.ID)
	waiting, _ := w.WaitlistEntry(ctx, loser.EntryID)
	if unused.UsedAt != nil || !waiting.Active(now) {
		t.Errorf("the loser's offer %+v and entry %+v changed with its failed booking", unused, waiting)
	}
	// A used offer books no more, whatever the slot.
	err := s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-24 10:00")), now, booking.WithOffer(winner.ID))
	wantReason(t, err, rendezvous.ReasonOfferUsed)
	// An offer past its time, or of an entry fulfilled, books nothing.
	err = s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-24 10:00")), now.Add(rendezvous.WaitlistOfferLifetime+time.Minute), booking.WithOffer(loser.ID))
	wantReason(t, err, rendezvous.ReasonOfferExpired)
	other, _ := w.CreateWaitlistOffer(ctx, newOffer(entry, p, at(t, "2026-11-24 11:00"), now), nil)
	err = s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-24 11:00")), now, booking.WithOffer(other.ID))
	wantReason(t, err, rendezvous.ReasonOfferExpired)
	err = s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-24 11:00")), now, booking.WithOffer("WO-NOPE"))
	wantCode(t, err, rendezvous.ENOTFOUND)
	// Nothing of the refused bookings was written.
	if n := countActive(t, s, p); n != 1 {
		t.Errorf("%d active bookings, want 1", n)
	}
}

// testLeaveWhileBooking has customers leave the waitlist while the same
// entry's offer is booked, round after round: each side either does what it
// asked or is told plainly why not (gone, used, taken) — never "busy", which
// a deadlock between the two would give (seen on PostgreSQL: the booking
// locked the offer then the entry, the leaving the entry then, by its
// cascade, the offer).
func testLeaveWhileBooking(t *testing.T, open Opener) {
	ctx := context.Background()
	now := fixedNow(t)
	s := open(t)
	w := waitlistOf(t, s)
	p := mustProvider(t, s, "Cabinet A")
	const leavers, bookers, rounds = 6, 6, 14
	for round := range rounds {
		slot := roundSlot(t, round)
		e := newEntry(t, "leaver@example.com")
		mustEntry(t, w, e, now)
		o, err := w.CreateWaitlistOffer(ctx, newOffer(e, p, slot, now), nil)
		if err != nil {
			t.Fatal(err)
		}
		var (
			wg       sync.WaitGroup
			gate     = make(chan struct{})
			mu       sync.Mutex
			unwanted []error
		)
		run := func(op func(context.Context) error, fine func(error) bool) {
			defer wg.Done()
			<-gate
			rctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			defer cancel()
			if err := op(rctx); err != nil && !fine(err) {
				mu.Lock()
				unwanted = append(unwanted, err)
				mu.Unlock()
			}
		}
		for range leavers {
			wg.Add(1)
			go run(func(ctx context.Context) error { return w.DeleteWaitlistEntry(ctx, e.ID, e.Customer.Email, nil) },
				func(err error) bool { return rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND })
		}
		for range bookers {
			wg.Add(1)
			go run(func(ctx context.Context) error {
				return s.CreateBooking(ctx, newBooking(p, slot), now, booking.WithOffer(o.ID))
			}, func(err error) bool {
				switch rendezvous.ErrorReasonOf(err) {
				case rendezvous.ReasonOfferUsed, rendezvous.ReasonOfferExpired, rendezvous.ReasonSlotTaken:
					return true
				}
				return rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND
			})
		}
		close(gate)
		wg.Wait()
		if len(unwanted) > 0 {
			t.Fatalf("round %d: %d unwanted errors, first: %v", round, len(unwanted), unwanted[0])
		}
		if _, err := w.WaitlistEntry(ctx, e.ID); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
			t.Fatalf("round %d: the entry is still there after its customer left it (%v)", round, err)
		}
	}
}

func testWaitlistErase(t *testing.T, open Opener) {
	ctx := context.Background()
	now := fixedNow(t)
	s := open(t)
	w := waitlistOf(t, s)
	p := mustProvider(t, s, "Cabinet A")
	a1, a2, b := newEntry(t, "a@example.com"), newEntry(t, "a@example.com"), newEntry(t, "b@example.com")
	for _, e := range []*rendezvous.WaitlistEntry{a1, a2, b} {
		mustEntry(t, w, e, now)
	}
	o, _ := w.CreateWaitlistOffer(ctx, newOffer(a1, p, at(t, "2026-11-24 09:00"), now), nil)
	n, err := w.EraseWaitlist(ctx, "a@example.com", nil)
	if err != nil || n != 2 {
		t.Fatalf("EraseWaitlist = %d, %v; want 2", n, err)
	}
	if _, err := w.WaitlistOffer(ctx, o.ID); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
		t.Errorf("the offer of an erased entry: %v, want not found", err)
	}
	if n, _ := w.EraseWaitlist(ctx, "a@example.com", nil); n != 0 {
		t.Errorf("a second erasure erased %d", n)
	}
	// Sweep: entries that ended before the cut go, with their offers.
	ob, _ := w.CreateWaitlistOffer(ctx, newOffer(b, p, at(t, "2026-11-24 09:00"), now), nil)
	n, err = w.SweepWaitlist(ctx, b.ExpiresAt)
	if err != nil || n != 0 {
		t.Fatalf("SweepWaitlist at its expiry = %d, %v; want 0", n, err)
	}
	n, err = w.SweepWaitlist(ctx, b.ExpiresAt.Add(time.Second))
	if err != nil || n != 1 {
		t.Fatalf("SweepWaitlist after its expiry = %d, %v; want 1", n, err)
	}
	if _, err := w.WaitlistOffer(ctx, ob.ID); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
		t.Errorf("the offer of a swept entry: %v, want not found", err)
	}
}

// testFreedSpans checks that every change that frees time reports the
// span it freed, in its transaction, and that the others report none.
func testFreedSpans(t *testing.T, open Opener) {
	ctx := context.Background()
	now := fixedNow(t)
	s := open(t)
	p := mustProvider(t, s, "Cabinet A")
	var got []rendezvous.Span
	freed := booking.WithFreed(func(pid int64, span rendezvous.Span) []booking.Job {
		if pid != p.ID {
			t.Errorf("freed span of provider %d, want %d", pid, p.ID)
		}
		got = append(got, span)
		return nil
	})
	want := func(what string, spans ...rendezvous.Span) {
		t.Helper()
		if diff := cmp.Diff(spans, got, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
			t.Errorf("%s: freed spans (-want +got):\n%s", what, diff)
		}
		got = nil
	}
	span := func(from, to string) rendezvous.Span { return rendezvous.Span{Start: at(t, from), End: at(t, to)} }

	b := newBooking(p, at(t, "2026-11-24 09:00"))
	if err := s.CreateBooking(ctx, b, now, freed); err != nil {
		t.Fatal(err)
	}
	want("booking")
	if _, err := s.RescheduleBooking(ctx, b.ID, 0, at(t, "2026-11-24 10:00"), now, freed); err != nil {
		t.Fatal(err)
	}
	want("moved away", span("2026-11-24 09:00", "2026-11-24 09:40"))
	if _, err := s.RescheduleBooking(ctx, b.ID, 0, at(t, "2026-11-24 12:00"), now, freed); err == nil {
		t.Fatal("moved into closed hours")
	}
	want("a refused move")
	if _, err := s.CancelBooking(ctx, b.ID, 0, now, freed); err != nil {
		t.Fatal(err)
	}
	want("cancelled", span("2026-11-24 10:00", "2026-11-24 10:40"))
	if _, err := s.CancelBooking(ctx, b.ID, 0, now, freed); err != nil {
		t.Fatal(err)
	}
	want("cancelled again")
	erased := newBooking(p, at(t, "2026-11-24 11:00"))
	if err := s.CreateBooking(ctx, erased, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EraseBooking(ctx, erased.ID, 0, now, freed); err != nil {
		t.Fatal(err)
	}
	want("erased ahead (cancelled)", span("2026-11-24 11:00", "2026-11-24 11:40"))
	if _, err := s.EraseBooking(ctx, erased.ID, 0, now, freed); err != nil {
		t.Fatal(err)
	}
	want("erased again")

	// An erasure that cancels carries out the plan of the booking as
	// erased (the cancellation's webhooks), in its transaction: a job
	// that cannot be inserted undoes it. One that cancels nothing (a
	// past booking) plans nothing.
	planned := 0
	badJobs := booking.WithJobs(func(b *rendezvous.Booking) booking.JobPlan {
		planned++
		if b.ErasedAt == nil || b.Status != rendezvous.StatusCancelled || b.Customer != (rendezvous.Customer{}) {
			t.Errorf("planned for %+v, want the booking as erased and cancelled", b)
		}
		return booking.JobPlan{Insert: []booking.Job{{Kind: "test.erased", Queue: "no such queue!"}}}
	})
	ahead := newBooking(p, at(t, "2026-11-25 09:00"))
	if err := s.CreateBooking(ctx, ahead, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EraseBooking(ctx, ahead.ID, 0, now, freed, badJobs); err == nil {
		t.Fatal("an erasure whose cancellation's job cannot be inserted went through")
	}
	if got, err := s.Booking(ctx, ahead.ID); err != nil || got.ErasedAt != nil || got.Customer.Email == "" {
		t.Fatalf("after a failed erasure: %+v, %v; want the booking untouched", got, err)
	}
	got = nil
	past := newBooking(p, at(t, "2026-11-20 09:00"))
	if err := s.CreateBooking(ctx, past, at(t, "2026-11-19 08:00")); err != nil {
		t.Fatal(err)
	}
	planned = 0
	if _, err := s.EraseBooking(ctx, past.ID, 0, now, freed, badJobs); err != nil {
		t.Fatalf("erasing a past booking: %v", err)
	}
	if planned != 0 {
		t.Errorf("erasing a past booking planned %d times, want none", planned)
	}
	want("erased in the past")

	off := &rendezvous.TimeOff{ProviderID: p.ID, Start: at(t, "2026-12-24 00:00"), End: at(t, "2026-12-27 00:00")}
	if err := s.AddTimeOff(ctx, off); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteTimeOff(ctx, p.ID, off.ID, freed); err != nil {
		t.Fatal(err)
	}
	want("time off removed", span("2026-12-24 00:00", "2026-12-27 00:00"))
	wantCode(t, s.DeleteTimeOff(ctx, p.ID, off.ID, freed), rendezvous.ENOTFOUND)
	want("time off not found")

	narrower := weekdayHours()[2:]
	if err := s.SetHours(ctx, p.ID, narrower, freed); err != nil {
		t.Fatal(err)
	}
	want("hours narrowed")
	if err := s.SetHours(ctx, p.ID, weekdayHours(), freed); err != nil {
		t.Fatal(err)
	}
	want("hours widened", rendezvous.Span{})
}

// testWaitlistJobs checks that each waitlist change inserts the jobs that
// tell of it (the webhooks' events) in its own transaction: a job that
// cannot be inserted undoes the change, and a change that does not
// happen plans none.
func testWaitlistJobs(t *testing.T, open Opener) {
	ctx := context.Background()
	now := fixedNow(t)
	s := open(t)
	w := waitlistOf(t, s)
	p := mustProvider(t, s, "Cabinet A")
	good := []booking.Job{{Kind: "test.waitlist"}}
	// River refuses this queue's name before writing anything: the
	// change's transaction must then roll back.
	bad := []booking.Job{{Kind: "test.waitlist", Queue: "no such queue!"}}
	var seen []string
	entryJobs := func(jobs []booking.Job) func(*rendezvous.WaitlistEntry) []booking.Job {
		return func(e *rendezvous.WaitlistEntry) []booking.Job {
			seen = append(seen, e.ID+" "+e.Customer.Email)
			return jobs
		}
	}
	want := func(what string, calls ...string) {
		t.Helper()
		if diff := cmp.Diff(calls, seen); diff != "" {
			t.Errorf("%s: jobs planned for (-want +got):\n%s", what, diff)
		}
		seen = nil
	}
	gone := func(what string, err error) {
		t.Helper()
		if rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
			t.Errorf("%s: %v, want not found", what, err)
		}
	}

	// Joining.
	e := newEntry(t, "jobs@example.com")
	if err := w.CreateWaitlistEntry(ctx, e, 2, now, entryJobs(good)); err != nil {
		t.Fatal(err)
	}
	want("joined", e.ID+" jobs@example.com")
	failed := newEntry(t, "jobs@example.com")
	if err := w.CreateWaitlistEntry(ctx, failed, 2, now, entryJobs(bad)); err == nil {
		t.Fatal("an entry whose job cannot be inserted was created")
	}
	seen = nil
	_, err := w.WaitlistEntry(ctx, failed.ID)
	gone("an entry whose job failed", err)
	if err := w.CreateWaitlistEntry(ctx, newEntry(t, "jobs@example.com"), 1, now, entryJobs(good)); rendezvous.ErrorReasonOf(err) != rendezvous.ReasonTooManyWaitlistEntries {
		t.Fatalf("over the cap: %v", err)
	}
	want("refused over the cap")

	// Offers: a new one has its jobs, the same slot again none.
	var offered []string
	offerJobs := func(jobs []booking.Job) func(*rendezvous.WaitlistOffer) []booking.Job {
		return func(o *rendezvous.WaitlistOffer) []booking.Job {
			offered = append(offered, o.ID)
			return jobs
		}
	}
	o, err := w.CreateWaitlistOffer(ctx, newOffer(e, p, at(t, "2026-11-24 09:00"), now), offerJobs(good))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.CreateWaitlistOffer(ctx, newOffer(e, p, at(t, "2026-11-24 09:00"), now), offerJobs(good)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{o.ID}, offered); diff != "" {
		t.Errorf("offers planned for (-want +got):\n%s", diff)
	}
	badOffer := newOffer(e, p, at(t, "2026-11-24 10:00"), now)
	if _, err := w.CreateWaitlistOffer(ctx, badOffer, offerJobs(bad)); err == nil {
		t.Fatal("an offer whose job cannot be inserted was created")
	}
	_, err = w.WaitlistOffer(ctx, badOffer.ID)
	gone("an offer whose job failed", err)

	// Leaving: the jobs see the entry deleted.
	if err := w.DeleteWaitlistEntry(ctx, e.ID, "jobs@example.com", entryJobs(bad)); err == nil {
		t.Fatal("an entry whose leaving's job cannot be inserted was deleted")
	}
	seen = nil
	if _, err := w.WaitlistEntry(ctx, e.ID); err != nil {
		t.Fatalf("the entry after a failed withdrawal: %v", err)
	}
	if err := w.DeleteWaitlistEntry(ctx, e.ID, "other@example.com", entryJobs(good)); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
		t.Fatalf("another address's withdrawal: %v", err)
	}
	want("another address's withdrawal")
	if err := w.DeleteWaitlistEntry(ctx, e.ID, "jobs@example.com", entryJobs(good)); err != nil {
		t.Fatal(err)
	}
	want("withdrawn", e.ID+" jobs@example.com")

	// Erasure: the jobs of each entry deleted.
	a, b := newEntry(t, "erase@example.com"), newEntry(t, "erase@example.com")
	mustEntry(t, w, a, now)
	mustEntry(t, w, b, now)
	if _, err := w.EraseWaitlist(ctx, "erase@example.com", entryJobs(bad)); err == nil {
		t.Fatal("entries whose leaving's jobs cannot be inserted were erased")
	}
	seen = nil
	if es, err := w.WaitlistEntries(ctx, "erase@example.com"); err != nil || len(es) != 2 {
		t.Fatalf("after a failed erasure: %d entries, %v; want 2", len(es), err)
	}
	n, err := w.EraseWaitlist(ctx, "erase@example.com", entryJobs(good))
	if err != nil || n != 2 {
		t.Fatalf("EraseWaitlist = %d, %v", n, err)
	}
	slices.Sort(seen)
	wantErased := []string{a.ID + " erase@example.com", b.ID + " erase@example.com"}
	slices.Sort(wantErased)
	want("erased", wantErased...)
}

// testWaitlistList checks the operator's list: its filters, and pages that
// follow one another without a gap or a repeat, also among entries made
// in the same second.
func testWaitlistList(t *testing.T, open Opener) {
	ctx := context.Background()
	now := fixedNow(t)
	s := open(t)
	w := waitlistOf(t, s)
	p := mustProvider(t, s, "Cabinet A")
	lyon1, lyon2 := newEntry(t, "a@example.com"), newEntry(t, "b@example.com")
	paris := newEntry(t, "c@example.com")
	paris.City = "Paris"
	physio := newEntry(t, "d@example.com")
	physio.Kind = rendezvous.KindPhysiotherapist
	mine := newEntry(t, "e@example.com")
	mine.Kind, mine.City, mine.ProviderID = "", "", p.ID
	expired := newEntry(t, "f@example.com")
	expired.ExpiresAt = now.Add(time.Minute)
	booked := newEntry(t, "g@example.com")
	all := []*rendezvous.WaitlistEntry{lyon1, lyon2, paris, physio, mine, expired, booked}
	for i, e := range all {
		// Three by three in the same second: the order falls back on
		// the id, and pages of two split them.
		mustEntry(t, w, e, now.Add(time.Duration(i/3)*time.Second))
	}
	o, err := w.CreateWaitlistOffer(ctx, newOffer(booked, p, at(t, "2026-11-24 09:00"), now), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-24 09:00")), now, booking.WithOffer(o.ID)); err != nil {
		t.Fatal(err)
	}
	later := now.Add(time.Hour)
	ids := func(f rendezvous.WaitlistFilter) []string {
		t.Helper()
		f.Now = later
		if f.Limit == 0 {
			f.Limit = 100
		}
		es, err := w.ListWaitlist(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	idsOf := func(es ...*rendezvous.WaitlistEntry) []string {
		out := []string{}
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    rendezvous.WaitlistFilter
		want []*rendezvous.WaitlistEntry
	}{
		{"All", rendezvous.WaitlistFilter{}, all},
		{"Provider", rendezvous.WaitlistFilter{ProviderID: p.ID}, []*rendezvous.WaitlistEntry{mine}},
		{"KindAndCity", rendezvous.WaitlistFilter{Kind: rendezvous.KindDentist, City: "LYON"}, []*rendezvous.WaitlistEntry{lyon1, lyon2, expired, booked}},
		{"City", rendezvous.WaitlistFilter{City: "paris"}, []*rendezvous.WaitlistEntry{paris}},
		{"Kind", rendezvous.WaitlistFilter{Kind: rendezvous.KindPhysiotherapist}, []*rendezvous.WaitlistEntry{physio}},
		{"Waiting", rendezvous.WaitlistFilter{Status: rendezvous.WaitlistWaiting}, []*rendezvous.WaitlistEntry{lyon1, lyon2, paris, physio, mine}},
		{"Booked", rendezvous.WaitlistFilter{Status: rendezvous.WaitlistBooked}, []*rendezvous.WaitlistEntry{booked}},
		{"Expired", rendezvous.WaitlistFilter{Status: rendezvous.WaitlistExpired}, []*rendezvous.WaitlistEntry{expired}},
		{"NoneFits", rendezvous.WaitlistFilter{ProviderID: p.ID, Status: rendezvous.WaitlistBooked}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(idsOf(tc.want...), ids(tc.f)); diff != "" {
				t.Errorf("entries (-want +got):\n%s", diff)
			}
		})
	}
	// Pages of two, each starting after the last of the previous one.
	var paged []string
	f := rendezvous.WaitlistFilter{Now: later, Limit: 2}
	for range len(all) {
		es, err := w.ListWaitlist(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			paged = append(paged, e.ID)
		}
		if len(es) < f.Limit {
			break
		}
		f.AfterCreated, f.AfterID = es[len(es)-1].CreatedAt, es[len(es)-1].ID
	}
	if diff := cmp.Diff(idsOf(all...), paged); diff != "" {
		t.Errorf("pages of two (-want +got):\n%s", diff)
	}
}
