package dialogue

import (
	"fmt"
	"slices"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// When the customer wants the appointment beyond a date, a time and a
// part of the day: a window of the day ("after 5"), a span of days ("next
// week"), days ruled out ("not Monday"), follow-ups on the proposals
// ("anything later?"). The state keeps them as the search's; absorbWhen
// takes them from a message, whenArgs gives them to get_availability.

// absorbWhen takes the window, span, days ruled out and follow-up of a
// message into the state. It runs in absorb after the date, time and part
// of the day, before the search is reset: it sets searchChanged when the
// search must run again.
func (t *turn) absorbWhen(r *understand.Result) {
	st := t.st
	changed := func() { t.searchChanged, t.usedSomething = true, true }
	if r.Date != nil {
		end := ""
		if r.DateEnd != nil {
			end = r.DateEnd.String()
		}
		if end != st.DateEnd {
			st.DateEnd = end
			changed()
		}
		// A day asked for again is no longer ruled out, and "later" was
		// about the day before.
		st.ExcludeDates = slices.DeleteFunc(st.ExcludeDates, func(d string) bool { return d == r.Date.String() })
		st.After = time.Time{}
	}
	switch {
	case r.Window != nil:
		from, to := r.Window.From.String(), r.Window.To.String()
		if from != st.TimeFrom || to != st.TimeTo {
			st.TimeFrom, st.TimeTo = from, to
			changed()
		}
		if r.Time == nil && st.Time != "" {
			st.Time, st.TimeApprox = "", false
			changed()
		}
		if part, ok := understand.PartOfDay(st.PartOfDay).Range(); ok && r.PartOfDay == "" {
			if _, overlap := part.Intersect(*r.Window); !overlap {
				st.PartOfDay = "" // "in the morning", then "after 5": the window replaces it
			}
		}
		st.After = time.Time{}
		t.usedSomething = true
	case r.Time != nil || r.PartOfDay != "":
		// A time or a part of the day said alone replaces the window.
		if st.TimeFrom != "" || st.TimeTo != "" {
			st.TimeFrom, st.TimeTo = "", ""
			changed()
		}
		st.After = time.Time{}
	}
	if r.NotDate != nil {
		d := r.NotDate.String()
		if !slices.Contains(st.ExcludeDates, d) {
			st.ExcludeDates = append(st.ExcludeDates, d)
			changed()
		}
		if st.Date == d && r.Date == nil && st.DateEnd == "" {
			// The one day asked is ruled out; a span ("next week, not
			// Monday") keeps its other days.
			st.Date = ""
		}
		for _, p := range st.Proposals {
			if t.local(p.Start).Format("2006-01-02") == d {
				changed()
			}
		}
		t.usedSomething = true
	}
	if r.DateMismatch != nil {
		t.mismatch = r.DateMismatch
		t.usedSomething = true
	}
	if r.Refine != "" {
		t.refine(r.Refine)
	}
}

// clearWhen forgets the search's days and times, when a task ends.
func (s *State) clearWhen() {
	s.Date, s.Time, s.TimeApprox, s.PartOfDay = "", "", false, ""
	s.DateEnd, s.TimeFrom, s.TimeTo, s.After, s.ExcludeDates, s.ExcludeProviders = "", "", "", time.Time{}, nil, nil
	s.RefDays, s.Refine, s.DaysAhead = nil, "", nil
}

// countFromTarget applies to the booking being moved, now found, what was
// said of it before: "the day after" counts from its day, "later that
// day" from its time.
func (t *turn) countFromTarget() {
	st := t.st
	if st.Target == nil {
		return
	}
	if st.RefDays != nil {
		d := t.local(st.Target.Start).AddDate(0, 0, *st.RefDays)
		st.Date, st.DateEnd, st.RefDays = d.Format("2006-01-02"), "", nil
		st.Proposals, st.Chosen = nil, nil
	}
	if st.Refine != "" {
		how := understand.Refinement(st.Refine)
		st.Refine = ""
		t.refine(how)
	}
}

// whenArgs puts the search's days and times into a get_availability call.
func (s *State) whenArgs(a *GetAvailabilityArgs) {
	a.Date, a.Time, a.TimeApprox, a.PartOfDay = s.Date, s.Time, s.TimeApprox, s.PartOfDay
	a.DateTo, a.TimeFrom, a.TimeTo, a.ExcludeDates = s.DateEnd, s.TimeFrom, s.TimeTo, s.ExcludeDates
	a.ExcludeProviders = s.ExcludeProviders
	if s.Date == "" {
		a.DateTo = ""
	}
	if !s.After.IsZero() {
		a.StartAfter = s.After.Format(time.RFC3339)
	}
}

// local returns t in the zone of the conversation's city.
func (t *turn) local(at time.Time) time.Time {
	return at.In(t.m.location(t.ctx, t.st))
}

// Discussed returns the day and time the conversation is about, against
// which "the day after", "le lendemain" and "same time" resolve. The day:
// the slot chosen, else the first proposal, else the day asked, else the
// booking being moved, else the one last made or moved. The time: while
// moving a booking, that booking's (what "same time" keeps); otherwise
// the slot chosen, else the time asked, else the first proposal, else
// the bookings'.
func Discussed(st *State, loc *time.Location) (*understand.Date, *rendezvous.ClockTime) {
	var day *understand.Date
	var at *rendezvous.ClockTime
	setDay := func(i time.Time) {
		if day == nil && !i.IsZero() {
			d := understand.DateOf(i, loc)
			day = &d
		}
	}
	setTime := func(i time.Time) {
		if at == nil && !i.IsZero() {
			c := clockOf(i.In(loc))
			at = &c
		}
	}
	var target, chosen, first time.Time
	if st.Target != nil {
		target = st.Target.Start
	}
	if st.Chosen != nil {
		chosen = st.Chosen.Start
	}
	if len(st.Proposals) > 0 {
		first = st.Proposals[0].Start
	}
	setDay(chosen)
	setDay(first)
	if st.Date != "" { // an empty one costs a parse error each turn
		if d, err := time.ParseInLocation("2006-01-02", st.Date, loc); err == nil {
			setDay(d)
		}
	}
	setDay(target)
	setDay(st.Booked)
	if st.Task == TaskReschedule {
		setTime(target)
	}
	setTime(chosen)
	if st.Time != "" && at == nil {
		if c, err := rendezvous.ParseClockTime(st.Time); err == nil && c < 24*60 {
			at = &c
		}
	}
	setTime(first)
	setTime(target)
	setTime(st.Booked)
	return day, at
}

// askMismatch asks which day was meant when a weekday and a day of the
// month disagree ("Thursday the 31st"); false when there was nothing to
// ask.
func (t *turn) askMismatch() bool {
	m := t.mismatch
	if m == nil {
		return false
	}
	said := m.Date.Time(12*60, t.m.location(t.ctx, t.st))
	// The day with the weekday said that is nearest to the day of the month
	// said, never before today.
	other := said.AddDate(0, 0, (int(m.Weekday)-int(said.Weekday())+7)%7)
	if back := other.AddDate(0, 0, -7); said.Sub(back) < other.Sub(said) && !back.Before(t.now) {
		other = back
	}
	t.ask(AwaitDate, "weekday_mismatch",
		pick(t.lang, dayOfMonth(said), dayOfMonthFR(said)), pick(t.lang, said.Weekday().String(), frenchWeekdays[said.Weekday()]),
		pick(t.lang, m.Weekday.String(), frenchWeekdays[m.Weekday]), longDay(said, t.lang), longDay(other, t.lang))
	return true
}

// dayOfMonth says "31st of March".
func dayOfMonth(d time.Time) string {
	suffix := "th"
	switch n := d.Day(); {
	case n == 1 || n == 21 || n == 31:
		suffix = "st"
	case n == 2 || n == 22:
		suffix = "nd"
	case n == 3 || n == 23:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s of %s", d.Day(), suffix, d.Month())
}

// dayOfMonthFR says "31 mars", "1er avril".
func dayOfMonthFR(d time.Time) string {
	if d.Day() == 1 {
		return "1er " + frenchMonths[d.Month()]
	}
	return fmt.Sprintf("%d %s", d.Day(), frenchMonths[d.Month()])
}

// longDay says "Wednesday 31 March", "mercredi 31 mars".
func longDay(d time.Time, lang string) string {
	if lang == "fr" {
		return frenchWeekdays[d.Weekday()] + " " + dayOfMonthFR(d)
	}
	return fmt.Sprintf("%s %d %s", d.Weekday(), d.Day(), d.Month())
}

// windowPhrase says what the search asked for beyond the day: "after
// 17:00", "between 14:00 and 16:00", "in the morning", "après 17h".
func (t *turn) windowPhrase() string {
	st := t.st
	if st.TimeFrom != "" || st.TimeTo != "" {
		from, to := clockOn(st.TimeFrom), clockOn(st.TimeTo)
		switch {
		case st.TimeFrom == "" || st.TimeFrom == "00:00":
			return text(t.lang, "before_time") + clock(to, t.lang)
		case st.TimeTo == "" || st.TimeTo == "24:00":
			return text(t.lang, "after_time") + clock(from, t.lang)
		}
		return fmt.Sprintf(text(t.lang, "between_times"), clock(from, t.lang), clock(to, t.lang))
	}
	switch st.PartOfDay {
	case "morning":
		return text(t.lang, "in_morning")
	case "afternoon":
		return text(t.lang, "in_afternoon")
	case "evening":
		return text(t.lang, "in_evening")
	}
	return ""
}

// daysPhrase says which days the search looked at: "on Thursday 26
// November", "next week" as its dates, "in the next two weeks".
func (t *turn) daysPhrase() string {
	st := t.st
	d, err := time.Parse("2006-01-02", st.Date)
	if err != nil {
		return text(t.lang, "in_next_two_weeks")
	}
	if end, err := time.Parse("2006-01-02", st.DateEnd); err == nil && end.After(d) {
		return fmt.Sprintf(text(t.lang, "from_day_to_day"), day(d, t.now, t.lang), day(end, t.now, t.lang))
	}
	return dayPhrase(d, t.now, t.lang)
}

// whenTurn is what a turn learns about days and times beyond the state.
type whenTurn struct {
	mismatch *understand.DateMismatch // a weekday and a day of the month that disagree: ask
	refined  understand.Refinement    // the follow-up applied this turn
	before   searchState              // the search before it, to restore when it finds nothing
	widened  bool                     // "later" on a day found nothing and looks at the next days
	nearest  bool                     // the proposals are the nearest to the window asked, none fitting it
}
