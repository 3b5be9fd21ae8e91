package dialogue

import (
	"slices"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// searchDays bounds how far ahead a search without a date looks.
const searchDays = 14

// maxSpanDays bounds a span of days searched ("next week" is 7).
const maxSpanDays = 31

// window turns what the customer asked for into time ranges to search:
// days, a stretch of each day, a time, an instant the slots must follow.
type window struct {
	days []time.Time // local midnights to search, in order
	loc  *time.Location
	now  time.Time
	// span is the stretch of the day the slots must start in, in minutes
	// [From, To); narrowed says the customer asked for one (a part of the
	// day, a window), rather than the whole day.
	span     understand.ClockRange
	narrowed bool
	after    time.Time // slots start after it; zero for none
	atApprox bool
	hasTime  bool
	at       rendezvous.ClockTime
}

func newWindow(a GetAvailabilityArgs, now time.Time, loc *time.Location) (*window, error) {
	w := &window{loc: loc, now: now, span: understand.ClockRange{From: 0, To: 24 * 60}}
	if a.PartOfDay != "" {
		part, ok := understand.PartOfDay(a.PartOfDay).Range()
		if !ok {
			return nil, rendezvous.Errorf(rendezvous.EINVALID, "part_of_day must be morning, afternoon or evening")
		}
		w.span, w.narrowed = part, true
	}
	if a.TimeFrom != "" || a.TimeTo != "" {
		bounds := understand.ClockRange{From: 0, To: 24 * 60}
		for _, b := range []struct {
			s   string
			dst *rendezvous.ClockTime
		}{{a.TimeFrom, &bounds.From}, {a.TimeTo, &bounds.To}} {
			if b.s == "" {
				continue
			}
			c, err := rendezvous.ParseClockTime(b.s)
			if err != nil {
				return nil, rendezvous.Errorf(rendezvous.EINVALID, "time_from and time_to must be HH:MM")
			}
			*b.dst = c
		}
		if !bounds.Valid() {
			return nil, rendezvous.Errorf(rendezvous.EINVALID, "time_from must be before time_to")
		}
		// A window within the part of the day asked ("afternoon, after 3")
		// is their overlap; a window outside it replaces it.
		if both, ok := w.span.Intersect(bounds); ok && w.narrowed {
			bounds = both
		}
		w.span, w.narrowed = bounds, true
	}
	if a.Time != "" {
		c, err := rendezvous.ParseClockTime(a.Time)
		if err != nil {
			return nil, rendezvous.Errorf(rendezvous.EINVALID, "time must be HH:MM")
		}
		w.hasTime, w.at, w.atApprox = true, c, a.TimeApprox
	}
	if a.StartAfter != "" {
		after, err := time.Parse(time.RFC3339, a.StartAfter)
		if err != nil {
			return nil, rendezvous.Errorf(rendezvous.EINVALID, "start_after must be an RFC 3339 time")
		}
		w.after = after
	}
	today := now.In(loc)
	first := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	n := searchDays
	if a.Date != "" {
		d, err := time.ParseInLocation("2006-01-02", a.Date, loc)
		if err != nil {
			return nil, rendezvous.Errorf(rendezvous.EINVALID, "date must be YYYY-MM-DD")
		}
		first, n = d, 1
		if a.DateTo != "" {
			end, err := time.ParseInLocation("2006-01-02", a.DateTo, loc)
			if err != nil || end.Before(d) {
				return nil, rendezvous.Errorf(rendezvous.EINVALID, "date_to must be YYYY-MM-DD, not before date")
			}
			n = min(int(end.Sub(d).Hours()/24+0.5)+1, maxSpanDays)
		}
	}
	for i := range n {
		day := first.AddDate(0, 0, i)
		if !slices.Contains(a.ExcludeDates, day.Format("2006-01-02")) {
			w.days = append(w.days, day)
		}
	}
	return w, nil
}

// on returns the instant at clock time c on day.
func (w *window) on(day time.Time, c rendezvous.ClockTime) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), int(c)/60, int(c)%60, 0, 0, w.loc)
}

// earliest returns the first instant a slot may start at: now, and after
// the instant asked.
func (w *window) earliest() time.Time {
	if w.after.IsZero() {
		return w.now
	}
	return maxTime(w.now, w.after.Add(time.Second))
}

// found is what a window search found: the slots, whether they are what
// was asked (exact), and whether they are only the nearest to the window
// asked, none fitting it (nearest).
type found struct {
	slots          []rendezvous.Slot
	exact, nearest bool
}

// find searches day by day and returns up to limit slots. With a time, it
// first looks for slots starting exactly then (or within an hour when the
// time is approximate); otherwise the slots of the window that day, and
// otherwise the nearest ones. Without a time, the slots in the window; when
// none fits it, the nearest ones, marked as such — a slot outside the
// window is never returned as fitting.
func (w *window) find(search func(from, to time.Time, n int) ([]rendezvous.Slot, error), limit int) (found, error) {
	if w.hasTime {
		return w.findAt(search, limit)
	}
	var out []rendezvous.Slot
	for _, day := range w.days {
		from, to := maxTime(w.on(day, w.span.From), w.earliest()), w.on(day, w.span.To)
		if !to.After(from) {
			continue
		}
		slots, err := search(from, to, limit-len(out))
		if err != nil {
			return found{}, err
		}
		if out == nil && len(slots) > 0 {
			out = slots // the search's own slice: most windows are one day
		} else {
			out = append(out, slots...)
		}
		if len(out) >= limit {
			break
		}
	}
	if len(out) > 0 || !w.narrowed {
		return found{slots: trim(out, limit), exact: true}, nil
	}
	near, err := w.nearest(search, limit, w.distance)
	return found{slots: near, nearest: len(near) > 0}, err
}

// findAt searches for a time: the slots starting then, else (on one day)
// those of the window asked, else the nearest to the time.
func (w *window) findAt(search func(from, to time.Time, n int) ([]rendezvous.Slot, error), limit int) (found, error) {
	slack := time.Minute
	if w.atApprox {
		slack = time.Hour + time.Minute
	}
	for _, day := range w.days {
		at := w.on(day, w.at)
		if at.Before(w.earliest()) {
			continue
		}
		near, err := search(maxTime(at.Add(-slack+time.Minute), w.earliest()), at.Add(slack), limit)
		if err != nil {
			return found{}, err
		}
		if len(near) > 0 {
			sortByDistance(near, at)
			return found{slots: trim(near, limit), exact: true}, nil
		}
	}
	if w.narrowed && len(w.days) == 1 {
		// "à midi" with nothing at 12:00: what there is over lunchtime.
		day := w.days[0]
		from, to := maxTime(w.on(day, w.span.From), w.earliest()), w.on(day, w.span.To)
		if to.After(from) {
			slots, err := search(from, to, 50)
			if err != nil {
				return found{}, err
			}
			if len(slots) > 0 {
				at := w.on(day, w.at)
				sortByDistance(slots, at)
				return found{slots: trim(slots, limit)}, nil
			}
		}
	}
	near, err := w.nearest(search, limit, func(s rendezvous.Slot) time.Duration {
		l := s.Start.In(w.loc)
		return absDur(l.Sub(w.on(l, w.at)))
	})
	return found{slots: near, nearest: w.narrowed && len(near) > 0}, err
}

// nearest returns the slots of the first day that has any, ordered by
// distance, up to limit.
func (w *window) nearest(search func(from, to time.Time, n int) ([]rendezvous.Slot, error), limit int, distance func(rendezvous.Slot) time.Duration) ([]rendezvous.Slot, error) {
	for _, day := range w.days {
		next := day.AddDate(0, 0, 1)
		from := maxTime(day, w.earliest())
		if !next.After(from) {
			continue
		}
		slots, err := search(from, next, 50)
		if err != nil {
			return nil, err
		}
		if len(slots) == 0 {
			continue
		}
		slices.SortStableFunc(slots, func(a, b rendezvous.Slot) int {
			if da, db := distance(a), distance(b); da != db {
				return int((da - db) / time.Second)
			}
			return a.Start.Compare(b.Start)
		})
		return trim(slots, limit), nil
	}
	return nil, nil
}

// distance is how far a slot starts from the window, 0 inside it.
func (w *window) distance(s rendezvous.Slot) time.Duration {
	c := clockOf(s.Start.In(w.loc))
	switch {
	case c < w.span.From:
		return time.Duration(w.span.From-c) * time.Minute
	case c >= w.span.To:
		return time.Duration(c-w.span.To+1) * time.Minute
	}
	return 0
}

func sortByDistance(slots []rendezvous.Slot, at time.Time) {
	slices.SortStableFunc(slots, func(a, b rendezvous.Slot) int {
		da, db := absDur(a.Start.Sub(at)), absDur(b.Start.Sub(at))
		if da != db {
			return int((da - db) / time.Second)
		}
		return a.Start.Compare(b.Start)
	})
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func trim(s []rendezvous.Slot, n int) []rendezvous.Slot {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
