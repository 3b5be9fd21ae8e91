package understand

import (
	"strconv"
	"strings"
)

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

// Meridiems as written after an hour: "4pm", "4 p.m.", "4 a", "11 P.M.".
// The order of the alternatives matters: "a." is tried before "a.m.", and
// the whole expression must then end at a word boundary.
const meridiemPattern = `a\.|p\.|a\.m\.|p\.m\.|am?|pm?`

// hourMinute reads "10:30", "5:30 pm", "7-10pm", "11.10 pm" and "05-30".
// An hour from 1 to 12 without am/pm is read on a 12-hour clock, unless
// it is written with a leading zero ("07:30" is a 24-hour time).
func hourMinute() pattern {
	return rule(`(?:\W|^)((?:[0-1]{0,1}[0-9])|(?:2[0-3]))(?:\:|\-)((?:[0-5][0-9]))(?:\s*(`+meridiemPattern+`))?(?:\W|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			hour, err := strconv.Atoi(caps[0])
			if err != nil {
				return false
			}
			minutes, err := strconv.Atoi(caps[1])
			if err != nil || minutes > 59 {
				return false
			}
			v.minute, v.hasMinute = minutes, true
			if caps[2] != "" {
				if hour > 12 {
					return false
				}
				// "12:30 am" keeps its 12, as it always has: the hours
				// around midnight are not booked.
				if caps[2][0] == 'p' && hour < 12 {
					hour += 12
				}
			} else if hour > 23 {
				return false
			}
			v.hour, v.hasHour = hour, true
			v.twelveHour = caps[2] == "" && hour >= 1 && hour <= 12 && !strings.HasPrefix(caps[0], "0")
			return true
		})
}

// hourMeridiem reads an hour with am/pm: "5pm", "5 pm", "11 P.M.".
func hourMeridiem() pattern {
	return rule(`(?:\W|^)(\d{1,2})(?:\s*(`+meridiemPattern+`))(?:\W|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			hour, err := strconv.Atoi(caps[0])
			if err != nil || hour > 12 {
				return false
			}
			if caps[1][0] == 'p' && hour < 12 {
				hour += 12
			}
			v.hour, v.minute, v.hasHour, v.hasMinute, v.twelveHour = hour, 0, true, true, false
			return true
		})
}

// commonDateTimeRules returns the rules that hold in both languages:
// "10:30" / "4:30 pm", "4 pm", and ISO dates.
func commonDateTimeRules() []dtRule {
	return []dtRule{
		{name: "hour_minute", cat: catTime, rule: hourMinute(), features: fClock},
		{name: "hour_meridiem", cat: catTime, rule: hourMeridiem(), features: fMeridiem},
		{name: "iso_date", cat: catDate, rule: rule(`(?:^|[^\w-])(\d{4})-(\d{2})-(\d{2})(?:[^\w-]|$)`,
			func(caps []string, v *dtValue, _ *dtEnv) bool {
				y, _ := strconv.Atoi(caps[0])
				mo, _ := strconv.Atoi(caps[1])
				setYear(v, y)
				d, _ := strconv.Atoi(caps[2])
				return mo >= 1 && mo <= 12 && setDay(v, d, mo)
			}), features: fClock},
	}
}
