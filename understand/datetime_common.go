package understand

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/olebedev/when/rules"
	"github.com/olebedev/when/rules/en"
)

// rule builds a when rule from a pattern and an applier. Patterns are
// written for folded text (lower case, no accents), so they need no (?i).
func rule(pattern string, apply func(m *rules.Match, c *rules.Context) bool) rules.Rule {
	return &rules.F{
		RegExp: regexp.MustCompile(pattern),
		Applier: func(m *rules.Match, c *rules.Context, _ *rules.Options, _ time.Time) (bool, error) {
			return apply(m, c), nil
		},
	}
}

// ruleRef is rule for appliers that need the reference time.
func ruleRef(pattern string, apply func(m *rules.Match, c *rules.Context, ref time.Time) bool) rules.Rule {
	return &rules.F{
		RegExp: regexp.MustCompile(pattern),
		Applier: func(m *rules.Match, c *rules.Context, _ *rules.Options, ref time.Time) (bool, error) {
			return apply(m, c, ref), nil
		},
	}
}

// setClock records a clock time. hour is as written; meridiem is "am",
// "pm" or ""; without one, an hour from 1 to 12 is marked ambiguous for
// disambiguate, unless explicit says the writing fixes it (24-hour form,
// a part of the day inside the expression).
func setClock(c *rules.Context, hour, minute int, meridiem string, explicit bool) bool {
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
	c.Hour, c.Minute = &hour, &minute
	if meridiem == "" && !explicit && hour >= 1 && hour <= 12 {
		amb := ambiguousHour
		c.Second = &amb
	} else {
		zero := 0
		c.Second = &zero
	}
	return true
}

// meridiemOf normalises "p.m.", "PM", "a" and the like to "am" or "pm".
func meridiemOf(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	switch s[0] {
	case 'a':
		return "am"
	case 'p':
		return "pm"
	}
	return ""
}

// podMeridiem turns a part of the day written inside a time expression
// into the meridiem it implies.
func podMeridiem(s string) string {
	switch {
	case strings.Contains(s, "morning"), strings.Contains(s, "matin"):
		return "am"
	case strings.Contains(s, "afternoon"), strings.Contains(s, "evening"), strings.Contains(s, "night"),
		strings.Contains(s, "midi"), strings.Contains(s, "soir"):
		return "pm"
	}
	return ""
}

// setPartOfDay records a part of the day as a representative hour.
func setPartOfDay(c *rules.Context, pod PartOfDay) bool {
	var h int
	switch pod {
	case Morning:
		h = 9
	case Afternoon:
		h = 15
	case Evening:
		h = 19
	default:
		return false
	}
	c.Hour = &h
	return true
}

// addDays records a date relative to today.
func addDays(c *rules.Context, n int) bool {
	c.Duration += time.Duration(n) * 24 * time.Hour
	return true
}

// setWeekday records the weekday wd relative to ref's date. mode is
// "next" (the first such day after today), "this" (this week's, or next
// week's if it has passed), "nextweek" (the one in the next calendar week,
// weeks starting on Monday) or "thisweek" (the one in this calendar week).
func setWeekday(c *rules.Context, ref time.Time, wd time.Weekday, mode string) bool {
	today := ref.Weekday()
	diff := (int(wd) - int(today) + 7) % 7
	switch mode {
	case "this", "thisweek":
		// Monday-based index of the days in the week.
		ti, wi := (int(today)+6)%7, (int(wd)+6)%7
		diff = wi - ti
		if diff < 0 && mode == "this" {
			diff += 7
		}
	case "nextweek":
		ti, wi := (int(today)+6)%7, (int(wd)+6)%7
		diff = 7 - ti + wi
	default:
		if diff == 0 {
			diff = 7
		}
	}
	c.Duration = time.Duration(diff) * 24 * time.Hour
	return true
}

// setDay records a day of the month, and the month when month > 0.
func setDay(c *rules.Context, day, month int) bool {
	if day < 1 || day > 31 {
		return false
	}
	c.Day = &day
	if month > 0 {
		c.Month = &month
	}
	return true
}

// libraryRule adapts a rule of the when library: when its match had no
// am/pm, the hour is marked ambiguous like ours.
func libraryRule(r rules.Rule, meridiemCapture int) rules.Rule {
	return ruleFunc(func(text string) *rules.Match {
		m := r.Find(text)
		if m == nil {
			return nil
		}
		inner := m.Applier
		m.Applier = func(m *rules.Match, c *rules.Context, o *rules.Options, ref time.Time) (bool, error) {
			ok, err := inner(m, c, o, ref)
			if !ok || err != nil {
				return ok, err
			}
			// "07:30" is written on a 24-hour clock: a leading zero is not
			// ambiguous.
			if meridiemCapture >= 0 && meridiemCapture < len(m.Captures) && m.Captures[meridiemCapture] == "" &&
				c.Hour != nil && *c.Hour >= 1 && *c.Hour <= 12 && !strings.HasPrefix(strings.TrimSpace(m.Text), "0") {
				amb := ambiguousHour
				c.Second = &amb
			}
			return true, nil
		}
		return m
	})
}

// ruleFunc makes a rules.Rule of a function.
type ruleFunc func(string) *rules.Match

func (f ruleFunc) Find(text string) *rules.Match { return f(text) }

// commonDateTimeRules returns the rules that hold in both languages: the
// when library's "10:30" / "4:30 pm" and "4 pm" rules, and ISO dates.
func commonDateTimeRules() []dtRule {
	return []dtRule{
		{name: "when.en.hour_minute", cat: catTime, rule: libraryRule(en.HourMinute(rules.Override), 2), features: fClock},
		{name: "when.en.hour", cat: catTime, rule: libraryRule(en.Hour(rules.Override), -1), features: fMeridiem},
		{name: "iso_date", cat: catDate, rule: rule(`(?:^|[^\w-])(\d{4})-(\d{2})-(\d{2})(?:[^\w-]|$)`,
			func(m *rules.Match, c *rules.Context) bool {
				y, _ := strconv.Atoi(m.Captures[0])
				mo, _ := strconv.Atoi(m.Captures[1])
				c.Year = &y
				d, _ := strconv.Atoi(m.Captures[2])
				return mo >= 1 && mo <= 12 && setDay(c, d, mo)
			}), features: fClock},
	}
}
