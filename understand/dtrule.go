package understand

import (
	"regexp"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// The date-time rule engine. A rule is a regular expression over folded
// text (lower case, no accents, so patterns need no (?i)) and a function
// that records what a match says in a dtValue. The parser finds the
// matches, groups those that form one expression ("Friday the 8th",
// "jeudi 7 mars à 10h"), applies each group's matches in order to a fresh
// value, and resolves the value against today.

// pattern is a rule's expression and what a match of it sets. apply
// returns false when the match, read closely, is not a date or time of
// the rule's category after all ("the 2nd one" is a choice).
type pattern struct {
	re    *regexp.Regexp
	pre   prefilter // what any match holds (see prefilter.go)
	apply func(caps []string, v *dtValue, env *dtEnv) bool
}

// rule compiles a pattern. A pattern that does not compile is a
// programming error, caught by any test.
func rule(expr string, apply func(caps []string, v *dtValue, env *dtEnv) bool) pattern {
	return pattern{re: regexp.MustCompile(expr), pre: newPrefilter(expr), apply: apply}
}

// dtMatch is one match of a rule in a message.
type dtMatch struct {
	// left and right delimit what the rule's groups matched: from the
	// first start to the furthest end of the groups that took part, so
	// that the context a pattern requires around an expression (a space,
	// the start of the text) is not part of it.
	left, right int
	caps        []string // each group's text, "" for a group that did not take part
	rule        *dtRule
	negated     bool
}

// find returns the first match of p in text.
func (p *pattern) find(text string) (dtMatch, bool) {
	idx := p.re.FindStringSubmatchIndex(text)
	if len(idx) <= 2 {
		return dtMatch{}, false
	}
	m := dtMatch{left: -1, caps: make([]string, 0, len(idx)/2-1)}
	for i := 2; i < len(idx); i += 2 {
		if idx[i] < 0 || idx[i+1] < 0 {
			m.caps = append(m.caps, "")
			continue
		}
		if m.left < 0 {
			m.left = idx[i]
		}
		m.caps = append(m.caps, text[idx[i]:idx[i+1]])
		m.right = max(m.right, idx[i+1])
	}
	if m.left < 0 {
		return dtMatch{}, false // no group took part: nothing to read
	}
	return m, true
}

// dtEnv is what rules resolve against.
type dtEnv struct {
	today Date
	// ref is the day and refTime the time the conversation is about (a
	// proposal, the booking being moved), for "the day after" and "same
	// time"; nil when there is none.
	ref     *Date
	refTime *rendezvous.ClockTime
}

// dtValue is what the matches of one expression say, as they are applied
// in turn: a later match overrides what an earlier one set.
type dtValue struct {
	// A day of the calendar, each part optional ("the 3rd", "March 3rd",
	// "3/3/2019"), or a day relative to today (ahead: "tomorrow", "in two
	// days", "Friday").
	year, month, day          int
	hasYear, hasMonth, hasDay bool
	ahead                     time.Duration
	weekday                   bool // ahead was set by a weekday, which rolls to next week when passed
	wd                        time.Weekday
	// span is the number of days from the day on, for a span of days
	// ("this weekend": 2); 0 for one day. week says the span is a
	// calendar week whose Monday is monday days from today: a weekday said
	// with it is that week's ("next week, on Thursday").
	span int
	// spanFrom is the first day of that span, in days from today: a
	// weekday said with it sets ahead too ("a Tuesday next month").
	spanFrom int
	week     bool
	monday   int
	noRef    bool // the expression is relative to a day under discussion, and there is none
	// fromRef says the day counts refDays from the day under discussion,
	// of which there was none: it counts from today instead ("the day
	// after" is tomorrow).
	fromRef bool
	refDays int

	// A clock time. twelveHour says that the hour was written on a
	// 12-hour reading with nothing to tell morning from afternoon ("at 4",
	// "4:30", "vers 3"): the opening hours decide (see disambiguate).
	hour, minute       int
	hasHour, hasMinute bool
	twelveHour         bool
	part               PartOfDay // a part of the day ("in the morning")

	// A window of the day: bounds in minutes, each optional ("after 5",
	// "entre 14h et 16h"), with whether each was written on a 12-hour
	// reading, to be read once the message's part of the day is known.
	from, to             int
	hasFrom, hasTo       bool
	fromTwelve, toTwelve bool
	toPM                 bool // the upper bound said pm, which the lower one shares: "2 to 4 pm"
}

// setClock records a clock time. hour is as written; meridiem is "am",
// "pm" or ""; without one, an hour from 1 to 12 is read on a 12-hour
// clock unless explicit says the writing fixes it (24-hour form, a part
// of the day inside the expression).
func setClock(v *dtValue, hour, minute int, meridiem string, explicit bool) bool {
	if hour < 0 || hour > 24 || minute < 0 || minute > 59 {
		return false
	}
	switch meridiem {
	case "am":
		if hour > 12 {
			return false
		}
		if hour == 12 {
			hour = 0
		}
	case "pm":
		if hour > 12 {
			return false
		}
		if hour < 12 {
			hour += 12
		}
	}
	v.hour, v.minute, v.hasHour, v.hasMinute = hour, minute, true, true
	v.twelveHour = meridiem == "" && !explicit && hour >= 1 && hour <= 12
	return true
}

// setPartOfDay records a part of the day.
func setPartOfDay(v *dtValue, pod PartOfDay) bool {
	if pod == NoPartOfDay {
		return false
	}
	v.part = pod
	return true
}

// addDays records a date relative to today.
func addDays(v *dtValue, n int) bool {
	v.ahead += time.Duration(n) * 24 * time.Hour
	return true
}

// setWeekday records the weekday wd relative to today. mode is "next"
// (the first such day after today), "this" (this week's, or next week's
// if it has passed), "nextweek" (the one in the next calendar week, weeks
// starting on Monday) or "thisweek" (the one in this calendar week).
func setWeekday(v *dtValue, today Date, wd time.Weekday, mode string) bool {
	now := today.Weekday()
	diff := (int(wd) - int(now) + 7) % 7
	switch mode {
	case "this", "thisweek":
		// Monday-based index of the days in the week.
		ti, wi := (int(now)+6)%7, (int(wd)+6)%7
		diff = wi - ti
		if diff < 0 && mode == "this" {
			diff += 7
		}
	case "nextweek":
		ti, wi := (int(now)+6)%7, (int(wd)+6)%7
		diff = 7 - ti + wi
	default:
		if diff == 0 {
			diff = 7
		}
	}
	v.ahead = time.Duration(diff) * 24 * time.Hour
	v.weekday, v.wd = true, wd
	return true
}

// setDays records a day n days from today, starting a span of span days.
func setDays(v *dtValue, n, span int) bool {
	v.ahead = time.Duration(n) * 24 * time.Hour
	v.span, v.spanFrom = span, n
	return true
}

// setWeek records the calendar week whose Monday is monday days from
// today, from its day first to its day last (0 is Monday), never before
// today.
func setWeek(v *dtValue, monday, first, last int) bool {
	start := max(monday+first, 0)
	end := monday + last
	if end < start {
		return false
	}
	v.week, v.monday = true, monday
	return setDays(v, start, end-start+1)
}

// mondayOf returns how many days from today the Monday of d's week is.
func mondayOf(today, d Date) int {
	return daysBetween(today, d) - (int(d.Weekday())+6)%7
}

// daysBetween returns the number of days from a to b.
func daysBetween(a, b Date) int {
	ta := time.Date(a.Year, a.Month, a.Day, 12, 0, 0, 0, time.UTC)
	tb := time.Date(b.Year, b.Month, b.Day, 12, 0, 0, 0, time.UTC)
	return int(tb.Sub(ta).Round(24*time.Hour) / (24 * time.Hour))
}

// setDay records a day of the month, and the month when month > 0.
func setDay(v *dtValue, day, month int) bool {
	if day < 1 || day > 31 {
		return false
	}
	v.day, v.hasDay = day, true
	if month > 0 {
		v.month, v.hasMonth = month, true
	}
	return true
}

// setYear records a year.
func setYear(v *dtValue, year int) {
	v.year, v.hasYear = year, true
}

// setBound records one end of a window of the day ("after 5", "avant
// 10h"): minutes of the day, and whether the hour was written on a
// 12-hour reading.
func setBound(v *dtValue, upper bool, minutes int, twelve bool) {
	if upper {
		v.to, v.hasTo, v.toTwelve = minutes, true, twelve
		return
	}
	v.from, v.hasFrom, v.fromTwelve = minutes, true, twelve
}
