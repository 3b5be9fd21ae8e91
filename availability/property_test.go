package availability_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/availability"
)

// randomCase builds a random schedule, bookings and window. Windows are
// placed around the 2026 clock changes of Paris and Toronto half of the time.
type randomCase struct {
	sch  rendezvous.Schedule
	dur  time.Duration
	q    availability.Query
	busy []rendezvous.Span
}

func newRandomCase(t testing.TB, r *rand.Rand) randomCase {
	zones := []string{"Europe/Paris", "America/Toronto", "UTC", "Australia/Lord_Howe"}
	loc := mustLoc(t, zones[r.IntN(len(zones))])
	steps := []time.Duration{5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 20 * time.Minute, 30 * time.Minute, time.Hour}
	var hours rendezvous.WeeklyHours
	for d := time.Sunday; d <= time.Saturday; d++ {
		cursor := r.IntN(10 * 60)
		for n := r.IntN(4); n > 0 && cursor < 24*60-10; n-- {
			start := cursor + r.IntN(180)
			end := start + 10 + r.IntN(300)
			if end > 24*60 {
				end = 24 * 60
			}
			if start >= end {
				break
			}
			hours = append(hours, rendezvous.OpeningInterval{Weekday: d, Start: rendezvous.ClockTime(start), End: rendezvous.ClockTime(end)})
			cursor = end + r.IntN(60)
		}
	}
	pol := rendezvous.BookingPolicy{
		SlotStep:  steps[r.IntN(len(steps))],
		Buffer:    time.Duration(r.IntN(4)) * 5 * time.Minute,
		MinNotice: time.Duration(r.IntN(48)) * 30 * time.Minute,
		Horizon:   time.Duration(1+r.IntN(20)) * 24 * time.Hour,
	}
	anchors := []time.Time{
		time.Date(2026, 3, 27, 0, 0, 0, 0, loc),
		time.Date(2026, 10, 23, 0, 0, 0, 0, loc),
		time.Date(2026, 3, 6, 0, 0, 0, 0, loc),
		time.Date(2026, 10, 30, 0, 0, 0, 0, loc),
		time.Date(2026, 6, 1, 0, 0, 0, 0, loc),
	}
	from := anchors[r.IntN(len(anchors))].Add(time.Duration(r.IntN(48*60)) * time.Minute)
	to := from.Add(time.Duration(1+r.IntN(5*24)) * time.Hour)
	now := from.Add(time.Duration(r.IntN(96)-72) * time.Hour)
	sch := rendezvous.Schedule{Location: loc, Policy: pol, Hours: hours}
	for n := r.IntN(4); n > 0; n-- {
		s := from.Add(time.Duration(r.IntN(6*24*60)-24*60) * time.Minute)
		sch.TimeOff = append(sch.TimeOff, rendezvous.TimeOff{Start: s, End: s.Add(time.Duration(1+r.IntN(24*60)) * time.Minute)})
	}
	var busy []rendezvous.Span
	for n := r.IntN(30); n > 0; n-- {
		s := from.Add(time.Duration(r.IntN(6*24*60)-24*60) * time.Minute)
		busy = append(busy, rendezvous.Span{Start: s, End: s.Add(time.Duration(5+r.IntN(180)) * time.Minute)})
	}
	dur := time.Duration(5+r.IntN(24)*5) * time.Minute
	return randomCase{sch: sch, dur: dur, busy: busy, q: availability.Query{Duration: dur, From: from, To: to, Now: now}}
}

// TestPropertySlotsAreExactlyTheBookableStarts checks, on random schedules,
// time off and bookings (including windows across clock changes), that
// every proposed slot is bookable and respects every rule, that every
// bookable start in the window is proposed, and that a slot once booked is
// never proposed again.
func TestPropertySlotsAreExactlyTheBookableStarts(t *testing.T) {
	cases := 400
	if testing.Short() {
		cases = 60
	}
	for seed := range uint64(cases) {
		r := rand.New(rand.NewPCG(seed, 0x5eed))
		c := newRandomCase(t, r)
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			slots := availability.Slots(&c.sch, c.q, c.busy, 0)
			if !slices.IsSortedFunc(slots, func(a, b time.Time) int { return a.Compare(b) }) {
				t.Fatalf("slots not sorted")
			}
			proposed := map[int64]bool{}
			for _, s := range slots {
				proposed[s.Unix()] = true
				assertSlotRespectsRules(t, c, s)
				if err := availability.Check(&c.sch, c.dur, s, c.q.Now, c.busy); err != nil {
					t.Fatalf("proposed slot %s is not bookable: %v", s, err)
				}
			}
			// Every bookable minute in the window is proposed.
			for m := c.q.From.Truncate(time.Minute); m.Before(c.q.To); m = m.Add(time.Minute) {
				if m.Before(c.q.From) {
					continue
				}
				if availability.Check(&c.sch, c.dur, m, c.q.Now, c.busy) == nil && !proposed[m.Unix()] {
					t.Fatalf("bookable start %s was not proposed", m)
				}
			}
			// Book a proposed slot: it and anything overlapping it disappear.
			if len(slots) == 0 {
				return
			}
			pick := slots[r.IntN(len(slots))]
			booked := rendezvous.Span{Start: pick, End: pick.Add(c.dur + c.sch.Policy.Buffer)}
			after := availability.Slots(&c.sch, c.q, append(slices.Clone(c.busy), booked), 0)
			for _, s := range after {
				if (rendezvous.Span{Start: s, End: s.Add(c.dur + c.sch.Policy.Buffer)}).Overlaps(booked) {
					t.Fatalf("slot %s proposed over the booking at %s", s, pick)
				}
			}
			if err := availability.Check(&c.sch, c.dur, pick, c.q.Now, []rendezvous.Span{booked}); rendezvous.ErrorReasonOf(err) != rendezvous.ReasonSlotTaken {
				t.Fatalf("booking the same slot twice: got %v, want slot_taken", err)
			}
		})
	}
}

func assertSlotRespectsRules(t *testing.T, c randomCase, s time.Time) {
	t.Helper()
	end := s.Add(c.dur)
	if s.Before(c.q.From) || !s.Before(c.q.To) {
		t.Fatalf("slot %s outside window [%s, %s)", s, c.q.From, c.q.To)
	}
	if s.Before(c.q.Now.Add(c.sch.Policy.MinNotice)) {
		t.Fatalf("slot %s violates minimum notice", s)
	}
	if !s.Before(c.q.Now.Add(c.sch.Policy.Horizon)) {
		t.Fatalf("slot %s beyond horizon", s)
	}
	for _, b := range c.busy {
		if (rendezvous.Span{Start: s, End: end.Add(c.sch.Policy.Buffer)}).Overlaps(b) {
			t.Fatalf("slot %s overlaps booking %v", s, b)
		}
	}
	for _, off := range c.sch.TimeOff {
		if (rendezvous.Span{Start: s, End: end}).Overlaps(rendezvous.Span{Start: off.Start, End: off.End}) {
			t.Fatalf("slot %s overlaps time off", s)
		}
	}
	// Inside one opening interval of its local day, checked in wall-clock terms.
	local := s.In(c.sch.Location)
	y, m, d := local.Date()
	for _, oi := range c.sch.Hours.Day(local.Weekday()) {
		ivStart := time.Date(y, m, d, int(oi.Start)/60, int(oi.Start)%60, 0, 0, c.sch.Location)
		ivEnd := time.Date(y, m, d, int(oi.End)/60, int(oi.End)%60, 0, 0, c.sch.Location)
		if !s.Before(ivStart) && !end.After(ivEnd) {
			return
		}
	}
	t.Fatalf("slot %s (%s local) outside opening hours", s, local)
}

// TestPropertyResetIteratorAsNew checks, on random cases, that one
// iterator Reset from case to case (and Cleared between some of them)
// yields exactly what a new iterator yields: Reset reuses the memory of
// the previous case, and nothing of it may leak into the next.
func TestPropertyResetIteratorAsNew(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 0x5eed))
	reused := new(availability.Iterator)
	drain := func(it *availability.Iterator) []time.Time {
		var out []time.Time
		for len(out) < 500 {
			s, ok := it.Next()
			if !ok {
				break
			}
			out = append(out, s)
		}
		return out
	}
	for i := range 300 {
		c := newRandomCase(t, r)
		fresh := availability.NewIterator(&c.sch, c.q)
		fresh.SetBusy(c.busy)
		reused.Reset(&c.sch, c.q)
		reused.SetBusy(c.busy)
		want, got := drain(fresh), drain(reused)
		if !slices.EqualFunc(got, want, time.Time.Equal) {
			t.Fatalf("case %d: a reset iterator yields %d slots %v…, a new one %d %v…", i, len(got), got[:min(3, len(got))], len(want), want[:min(3, len(want))])
		}
		if r.IntN(3) == 0 {
			reused.Clear()
		}
	}
}
