package availability

import (
	"slices"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// Query describes the slots wanted from one schedule.
type Query struct {
	// Duration is the length of the service to book.
	Duration time.Duration
	// From and To bound slot start times: From ≤ start < To.
	From, To time.Time
	// Now is the current instant; minimum notice and horizon count from it.
	Now time.Time
}

// Iterator yields the free slot start times of one schedule in increasing
// order, lazily: finding the first free slot of a provider costs a few
// steps, not a whole calendar. It is not safe for concurrent use.
type Iterator struct {
	sch      *rendezvous.Schedule
	loc      *time.Location
	duration time.Duration
	step     time.Duration
	buffer   time.Duration
	earliest time.Time // first acceptable start
	limit    time.Time // starts must be before it

	day      time.Time // civil date being expanded, carried as UTC midnight
	lastDay  time.Time
	ivs      []rendezvous.Span // the day's opening intervals as instants, sorted
	ivIdx    int
	offs     []rendezvous.Span // the time off, the buffer newSpanWalker reads
	offSpans []compactSpan     // and the one it writes

	t       time.Time // candidate start being examined
	current time.Time // last candidate found, valid when ready
	ready   bool
	done    bool

	timeOff spanWalker
	busy    spanWalker
}

// NewIterator returns an iterator over the free slots of sch for q. Busy
// time is unknown until SetBusy is called: until then every slot allowed by
// hours, time off, notice and horizon is yielded.
func NewIterator(sch *rendezvous.Schedule, q Query) *Iterator {
	it := &Iterator{}
	it.Reset(sch, q)
	return it
}

// Reset makes it what NewIterator(sch, q) returns, reusing the memory it
// holds: a search that keeps its iterators from query to query allocates
// none.
func (it *Iterator) Reset(sch *rendezvous.Schedule, q Query) {
	*it = Iterator{
		sch:      sch,
		loc:      sch.Location,
		duration: q.Duration,
		step:     sch.Policy.SlotStep,
		buffer:   sch.Policy.Buffer,
		ivs:      it.ivs[:0],
		offs:     it.offs[:0],
		offSpans: it.offSpans[:0],
	}
	if it.loc == nil {
		it.loc = time.UTC
	}
	if it.step <= 0 {
		it.step = rendezvous.DefaultPolicy().SlotStep
	}
	if q.Duration <= 0 {
		it.done = true
		return
	}
	it.earliest = q.From
	if notice := q.Now.Add(sch.Policy.MinNotice); notice.After(it.earliest) {
		it.earliest = notice
	}
	it.limit = q.To
	if sch.Policy.Horizon > 0 {
		if h := q.Now.Add(sch.Policy.Horizon); h.Before(it.limit) {
			it.limit = h
		}
	}
	if !it.earliest.Before(it.limit) {
		it.done = true
		return
	}
	if len(sch.TimeOff) > 0 {
		for _, off := range sch.TimeOff {
			it.offs = append(it.offs, rendezvous.Span{Start: off.Start, End: off.End})
		}
		it.timeOff = newSpanWalkerIn(it.offSpans, it.offs)
		it.offSpans = it.timeOff.spans
	}
	it.day = civilDay(it.earliest.In(it.loc))
	it.lastDay = civilDay(it.limit.In(it.loc))
	it.expandDay()
}

// Clear drops what it refers to (the schedule, the busy spans), keeping
// its memory for a later Reset.
func (it *Iterator) Clear() {
	*it = Iterator{ivs: it.ivs[:0], offs: it.offs[:0], offSpans: it.offSpans[:0]}
}

// SetBusy tells the iterator the provider's busy spans (each booking from
// its start to its end plus the buffer that applied when it was made).
// A candidate [start, start+duration+buffer) must not overlap any of them.
// Call it before the first Next for exact results; the spans may be in any
// order and may overlap.
func (it *Iterator) SetBusy(busy []rendezvous.Span) {
	it.setBusy(newSpanWalker(busy))
}

// SetBusyFrom is SetBusy with the spans an availability index holds, read
// in place.
func (it *Iterator) SetBusyFrom(busy Busy) {
	it.setBusy(spanWalker{spans: busy.spans})
}

func (it *Iterator) setBusy(w spanWalker) {
	it.busy = w
	if it.ready {
		// The pending candidate was found without these spans: look again
		// from the same instant.
		it.t = it.current
		it.ready = false
	}
}

// Peek returns the next free slot start without consuming it.
func (it *Iterator) Peek() (time.Time, bool) {
	if !it.ready && !it.done {
		it.advance()
	}
	if it.done {
		return time.Time{}, false
	}
	return it.current, true
}

// Next returns the next free slot start and consumes it.
func (it *Iterator) Next() (time.Time, bool) {
	t, ok := it.Peek()
	if ok {
		it.ready = false
		it.t = t.Add(it.step)
	}
	return t, ok
}

// civilDay returns the calendar date of t (in t's location) as midnight UTC,
// which can be stepped by 24 hours without meeting a clock change.
func civilDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// expandDay turns the weekly hours of it.day into instants.
func (it *Iterator) expandDay() {
	it.ivs = it.ivs[:0]
	it.ivIdx = 0
	y, m, d := it.day.Date()
	for _, oi := range it.sch.Hours {
		if oi.Weekday != it.day.Weekday() || oi.End <= oi.Start {
			continue
		}
		start := time.Date(y, m, d, int(oi.Start)/60, int(oi.Start)%60, 0, 0, it.loc)
		end := time.Date(y, m, d, int(oi.End)/60, int(oi.End)%60, 0, 0, it.loc)
		if end.After(start) {
			it.ivs = append(it.ivs, rendezvous.Span{Start: start, End: end})
		}
	}
	slices.SortFunc(it.ivs, func(a, b rendezvous.Span) int { return a.Start.Compare(b.Start) })
}

// gridCeil returns the first grid point of an interval starting at origin
// that is not before t.
func (it *Iterator) gridCeil(origin, t time.Time) time.Time {
	if !t.After(origin) {
		return origin
	}
	k := (t.Sub(origin) + it.step - 1) / it.step
	return origin.Add(k * it.step)
}

// advance finds the first free slot at or after it.t.
func (it *Iterator) advance() {
	for !it.done {
		if it.ivIdx >= len(it.ivs) {
			if !it.day.Before(it.lastDay) {
				it.done = true
				return
			}
			it.day = it.day.Add(24 * time.Hour)
			it.expandDay()
			continue
		}
		iv := it.ivs[it.ivIdx]
		t := it.t
		if t.Before(it.earliest) {
			t = it.earliest
		}
		t = it.gridCeil(iv.Start, t)
		end := t.Add(it.duration)
		if end.After(iv.End) {
			it.ivIdx++
			continue
		}
		if !t.Before(it.limit) {
			it.done = true
			return
		}
		if offEnd, ok := it.timeOff.overlap(t, end); ok {
			it.t = time.Unix(0, offEnd)
			continue
		}
		if busyEnd, ok := it.busy.overlap(t, end.Add(it.buffer)); ok {
			it.t = time.Unix(0, busyEnd)
			continue
		}
		it.t = t
		it.current = t
		it.ready = true
		return
	}
}

// Slots returns up to limit free slot starts of sch for q, given the
// provider's busy spans (limit ≤ 0 means no limit).
func Slots(sch *rendezvous.Schedule, q Query, busy []rendezvous.Span, limit int) []time.Time {
	it := NewIterator(sch, q)
	it.SetBusy(busy)
	var out []time.Time
	for limit <= 0 || len(out) < limit {
		t, ok := it.Next()
		if !ok {
			break
		}
		out = append(out, t)
	}
	return out
}
