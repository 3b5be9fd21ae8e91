package availability

import (
	"slices"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// mergeSpans returns the union of spans as sorted, disjoint spans. Empty
// spans are dropped. The input is not modified; when it is already sorted,
// disjoint and without empty spans (as an active provider's bookings are)
// it is returned as is.
func mergeSpans(spans []rendezvous.Span) []rendezvous.Span {
	if merged(spans) {
		return spans
	}
	out := make([]rendezvous.Span, 0, len(spans))
	for _, s := range spans {
		if s.End.After(s.Start) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b rendezvous.Span) int { return a.Start.Compare(b.Start) })
	merged := out[:0]
	for _, s := range out {
		if n := len(merged); n > 0 && !s.Start.After(merged[n-1].End) {
			if s.End.After(merged[n-1].End) {
				merged[n-1].End = s.End
			}
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// merged reports whether spans are sorted, disjoint and not empty. Spans
// that touch count as disjoint: the walkers step from one to the next.
func merged(spans []rendezvous.Span) bool {
	for i, s := range spans {
		if !s.End.After(s.Start) || (i > 0 && s.Start.Before(spans[i-1].End)) {
			return false
		}
	}
	return true
}

// spanWalker answers "which span overlaps [start, end)?" for a sequence of
// queries whose start never decreases, in amortised constant time. It
// walks compact spans (Unix ns), which the availability index hands out
// without a copy.
type spanWalker struct {
	spans []compactSpan // sorted, disjoint
	next  int
}

func newSpanWalker(spans []rendezvous.Span) spanWalker {
	return newSpanWalkerIn(nil, spans)
}

// newSpanWalkerIn is newSpanWalker writing its spans in dst's memory.
func newSpanWalkerIn(dst []compactSpan, spans []rendezvous.Span) spanWalker {
	m := mergeSpans(spans)
	cs := slices.Grow(dst[:0], len(m))
	for _, s := range m {
		cs = append(cs, compactSpan{s.Start.UnixNano(), s.End.UnixNano()})
	}
	return spanWalker{spans: cs}
}

// overlap returns the end (Unix ns) of the first span overlapping
// [start, end).
func (w *spanWalker) overlap(start, end time.Time) (int64, bool) {
	s, e := start.UnixNano(), end.UnixNano()
	for w.next < len(w.spans) && w.spans[w.next].end <= s {
		w.next++
	}
	if w.next < len(w.spans) && w.spans[w.next].start < e {
		return w.spans[w.next].end, true
	}
	return 0, false
}

// anyOverlap reports whether any of the sorted, disjoint spans overlaps
// [start, end), by binary search (for one-off checks).
func anyOverlap(spans []rendezvous.Span, start, end time.Time) bool {
	i, _ := slices.BinarySearchFunc(spans, start, func(s rendezvous.Span, t time.Time) int {
		if !s.End.After(t) {
			return -1
		}
		return 1
	})
	return i < len(spans) && spans[i].Start.Before(end)
}
