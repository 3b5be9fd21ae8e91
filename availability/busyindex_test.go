package availability_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/availability"
)

// TestBusyIndexAnswersAsGiven checks, on random bookings, that the index
// returns the spans a database holding the same bookings returns for any
// window, and that an iterator reading the index in place proposes the
// same slots as one given the spans.
func TestBusyIndexAnswersAsGiven(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 0x1dec))
		c := newRandomCase(t, r)
		// A provider's active bookings never overlap: keep those that fit.
		var busy []rendezvous.Span
		for _, b := range c.busy {
			if !slices.ContainsFunc(busy, b.Overlaps) {
				busy = append(busy, b)
			}
		}
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			x := availability.NewBusyIndex()
			x.Set(x.Ticket(), []int64{7}, map[int64][]rendezvous.Span{7: busy})
			from := c.q.From.Add(time.Duration(r.IntN(48*60)-24*60) * time.Minute)
			to := from.Add(time.Duration(r.IntN(72*60)) * time.Minute)
			var want []rendezvous.Span
			for _, b := range busy { // the stores' BusySpans, in Go
				if b.Start.After(from.Add(-rendezvous.MaxBlockedSpan)) && b.Start.Before(to) && b.End.After(from) {
					want = append(want, b)
				}
			}
			slices.SortFunc(want, func(a, b rendezvous.Span) int { return a.Start.Compare(b.Start) })
			got := x.Spans(7, from, to, nil)
			if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
				t.Fatalf("Spans(%s, %s) (-want +got):\n%s", from, to, diff)
			}

			given := availability.Slots(&c.sch, c.q, busy, 0)
			it := availability.NewIterator(&c.sch, c.q)
			it.SetBusyFrom(x.Busy(7))
			var inPlace []time.Time
			for {
				s, ok := it.Next()
				if !ok {
					break
				}
				inPlace = append(inPlace, s)
			}
			if diff := cmp.Diff(given, inPlace, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
				t.Fatalf("slots from the index (-given +in place):\n%s", diff)
			}
		})
	}
}

// TestBusyIndexKeepsTheLatestRead checks the tickets: a read that started
// before another never replaces it, whether it is a provider's refresh or
// a rebuild of the whole index, and a rebuild empties the providers it no
// longer finds.
func TestBusyIndexKeepsTheLatestRead(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 11, 23, h, 0, 0, 0, time.UTC) }
	span := func(h int) []rendezvous.Span { return []rendezvous.Span{{Start: at(h), End: at(h + 1)}} }
	starts := func(x *availability.BusyIndex, id int64) []int {
		var out []int
		for _, s := range x.Spans(id, at(0), at(24), nil) {
			out = append(out, s.Start.Hour())
		}
		return out
	}
	x := availability.NewBusyIndex()
	old, recent := x.Ticket(), x.Ticket()
	x.Set(recent, []int64{1}, map[int64][]rendezvous.Span{1: span(10)})
	if n := x.Set(old, []int64{1}, map[int64][]rendezvous.Span{1: span(9)}); n != 0 {
		t.Errorf("an older read replaced %d providers", n)
	}
	if got := starts(x, 1); !slices.Equal(got, []int{10}) {
		t.Errorf("provider 1 after an older read = %v, want [10]", got)
	}

	rebuild := x.NewBuilder(x.Ticket())                                     // starts reading…
	x.Set(x.Ticket(), []int64{2}, map[int64][]rendezvous.Span{2: span(14)}) // …a change lands meanwhile
	rebuild.Add(1, span(11)[0])
	rebuild.Add(3, span(8)[0])
	rebuild.Commit() // read before provider 2's change, without it
	for id, want := range map[int64][]int{1: {11}, 2: {14}, 3: {8}} {
		if got := starts(x, id); !slices.Equal(got, want) {
			t.Errorf("provider %d after the rebuild = %v, want %v", id, got, want)
		}
	}
	empty := x.NewBuilder(x.Ticket())
	empty.Commit()
	if p, n := x.Size(); p != 0 || n != 0 {
		t.Errorf("after an empty rebuild the index holds %d providers, %d spans", p, n)
	}
	x.Set(old, []int64{1}, map[int64][]rendezvous.Span{1: span(9)})
	if got := starts(x, 1); len(got) != 0 {
		t.Errorf("a read older than the rebuild brought back %v", got)
	}
}
