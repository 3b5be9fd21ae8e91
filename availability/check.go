package availability

import (
	"strconv"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// Check reports whether a booking of the given duration may start at start,
// with the same rules the Iterator uses to propose slots: a start is
// bookable exactly when the Iterator would yield it. It returns nil, or a
// domain error: ECONFLICT/slot_taken when another booking is in the way, and
// EINVALID/slot_unavailable (with a message saying why) otherwise.
func Check(sch *rendezvous.Schedule, duration time.Duration, start, now time.Time, busy []rendezvous.Span) error {
	loc := sch.Location
	if loc == nil {
		loc = time.UTC
	}
	step := sch.Policy.SlotStep
	if step <= 0 {
		step = rendezvous.DefaultPolicy().SlotStep
	}
	unavailable := func(format string, args ...any) error {
		return rendezvous.ReasonErrorf(rendezvous.EINVALID, rendezvous.ReasonSlotUnavailable, format, args...)
	}
	if duration <= 0 {
		return unavailable("the service has no duration")
	}
	if start.Before(now.Add(sch.Policy.MinNotice)) {
		if start.Before(now) {
			return unavailable("that time is in the past")
		}
		return unavailable("bookings must be made at least %s in advance", humanDuration(sch.Policy.MinNotice))
	}
	if sch.Policy.Horizon > 0 && !start.Before(now.Add(sch.Policy.Horizon)) {
		return unavailable("bookings can be made at most %s in advance", humanDuration(sch.Policy.Horizon))
	}
	end := start.Add(duration)
	local := start.In(loc)
	y, m, d := local.Date()
	inHours, onGrid := false, false
	for _, oi := range sch.Hours {
		if oi.Weekday != local.Weekday() || oi.End <= oi.Start {
			continue
		}
		ivStart := time.Date(y, m, d, int(oi.Start)/60, int(oi.Start)%60, 0, 0, loc)
		ivEnd := time.Date(y, m, d, int(oi.End)/60, int(oi.End)%60, 0, 0, loc)
		if start.Before(ivStart) || end.After(ivEnd) {
			continue
		}
		inHours = true
		if start.Sub(ivStart)%step == 0 {
			onGrid = true
			break
		}
	}
	switch {
	case !inHours:
		return unavailable("the provider is not open for the whole appointment at that time")
	case !onGrid:
		return unavailable("appointments start every %s from the opening time", humanDuration(step))
	}
	offs := make([]rendezvous.Span, len(sch.TimeOff))
	for i, off := range sch.TimeOff {
		offs[i] = rendezvous.Span{Start: off.Start, End: off.End}
	}
	if anyOverlap(mergeSpans(offs), start, end) {
		return unavailable("the provider is away at that time")
	}
	if anyOverlap(mergeSpans(busy), start, end.Add(sch.Policy.Buffer)) {
		return rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonSlotTaken, "that slot has just been taken")
	}
	return nil
}

// humanDuration formats whole days, hours or minutes for messages.
func humanDuration(d time.Duration) string {
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		if n := int(d / (24 * time.Hour)); n != 1 {
			return strconv.Itoa(n) + " days"
		}
		return "1 day"
	case d >= time.Hour && d%time.Hour == 0:
		if n := int(d / time.Hour); n != 1 {
			return strconv.Itoa(n) + " hours"
		}
		return "1 hour"
	default:
		return strconv.Itoa(int(d/time.Minute)) + " minutes"
	}
}
