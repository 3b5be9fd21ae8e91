package understand

import (
	"strconv"
	"strings"
	"time"
)

// English month names and day ordinals, for "March 3rd", "3rd of March",
// "the twenty-first", and relative spans, for "in two days".

const (
	// enOrdinalsLong lists digit and word ordinals, the digits first in
	// each pair so that "3rd" is read as a whole.
	enOrdinalsLong = `1st|first|2nd|second|3rd|third|4th|fourth|5th|fifth|6th|sixth|7th|seventh|8th|eighth|9th|ninth|` +
		`10th|tenth|11th|eleventh|12th|twelfth|13th|thirteenth|14th|fourteenth|15th|fifteenth|16th|sixteenth|` +
		`17th|seventeenth|18th|eighteenth|19th|nineteenth|20th|twentieth|21st|twenty[ -]first|22nd|twenty[ -]second|` +
		`23rd|twenty[ -]third|24th|twenty[ -]fourth|25th|twenty[ -]fifth|26th|twenty[ -]sixth|27th|twenty[ -]seventh|` +
		`28th|twenty[ -]eighth|29th|twenty[ -]ninth|30th|thirtieth|31st|thirty[ -]first`
	enMonthNames = `january|jan\.?|february|feb\.?|march|mar\.?|april|apr\.?|may|june|jun\.?|july|jul\.?|august|aug\.?|` +
		`september|sept?\.?|october|oct\.?|november|nov\.?|december|dec\.?`
)

// englishMonthDate reads a month with its day, in either order: "March
// 3rd", "3rd of March", "march 3", "sept. 1st", "twentieth of December".
// A month alone sets only the month, which is no date.
func englishMonthDate() pattern {
	return rule(`(?:\W|^)(?:(?:(`+enOrdinalsLong+`)(?:\s+of)?|([0-9]+))\s*)?(`+enMonthNames+`)`+
		`(?:\s*(?:(`+enOrdinalsLong+`)|([0-9]+)))?(?:\W|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			month, ok := englishMonth(strings.TrimSpace(caps[2]))
			if !ok {
				return false
			}
			v.month, v.hasMonth = month, true
			for i, s := range []string{caps[0], caps[1], caps[3], caps[4]} {
				if s = strings.TrimSpace(s); s == "" {
					continue
				}
				var day int
				if i%2 == 0 {
					if day, ok = englishOrdinalWord(s); !ok {
						return false
					}
				} else {
					n, err := strconv.ParseInt(s, 10, 8)
					if err != nil {
						return false // "March 2019" is a month and a year, not a day
					}
					day = int(n)
				}
				v.day, v.hasDay = day, true
			}
			return true
		})
}

// englishMonth reads a month name or its abbreviation ("sept.", "jan").
func englishMonth(s string) (int, bool) {
	switch strings.TrimSuffix(s, ".") {
	case "january", "jan":
		return 1, true
	case "february", "feb":
		return 2, true
	case "march", "mar":
		return 3, true
	case "april", "apr":
		return 4, true
	case "may":
		return 5, true
	case "june", "jun":
		return 6, true
	case "july", "jul":
		return 7, true
	case "august", "aug":
		return 8, true
	case "september", "sep", "sept":
		return 9, true
	case "october", "oct":
		return 10, true
	case "november", "nov":
		return 11, true
	case "december", "dec":
		return 12, true
	}
	return 0, false
}

// englishOrdinalWord reads "3rd", "third", "twenty-first" or "twenty first".
func englishOrdinalWord(s string) (int, bool) {
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		switch s[i:] {
		case "st", "nd", "rd", "th":
		default:
			return 0, false
		}
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 1 || n > 31 {
			return 0, false
		}
		return n, true
	}
	s = strings.ReplaceAll(s, "-", " ")
	tens := 0
	if rest, ok := strings.CutPrefix(s, "twenty "); ok {
		tens, s = 20, rest
	} else if rest, ok := strings.CutPrefix(s, "thirty "); ok {
		tens, s = 30, rest
	}
	n := 0
	switch s {
	case "first":
		n = 1
	case "second":
		n = 2
	case "third":
		n = 3
	case "fourth":
		n = 4
	case "fifth":
		n = 5
	case "sixth":
		n = 6
	case "seventh":
		n = 7
	case "eighth":
		n = 8
	case "ninth":
		n = 9
	case "tenth":
		n = 10
	case "eleventh":
		n = 11
	case "twelfth":
		n = 12
	case "thirteenth":
		n = 13
	case "fourteenth":
		n = 14
	case "fifteenth":
		n = 15
	case "sixteenth":
		n = 16
	case "seventeenth":
		n = 17
	case "eighteenth":
		n = 18
	case "nineteenth":
		n = 19
	case "twentieth":
		n = 20
	case "thirtieth":
		n = 30
	}
	if n == 0 || (tens > 0 && n > 9) || tens+n > 31 {
		return 0, false
	}
	return tens + n, true
}

// englishNumberWord reads "one" to "twelve".
func englishNumberWord(s string) (int, bool) {
	switch s {
	case "one":
		return 1, true
	case "two":
		return 2, true
	case "three":
		return 3, true
	case "four":
		return 4, true
	case "five":
		return 5, true
	case "six":
		return 6, true
	case "seven":
		return 7, true
	case "eight":
		return 8, true
	case "nine":
		return 9, true
	case "ten":
		return 10, true
	case "eleven":
		return 11, true
	case "twelve":
		return 12, true
	}
	return 0, false
}

// maxSpanCount bounds the number in "in N days": beyond it the span
// cannot be a date anyway, and the arithmetic stays far from overflow.
const maxSpanCount = 100000

// englishIn reads a span from now: "in two days", "within a week", "in a
// few days", "in half a month". Spans shorter than a day ("in two hours")
// and months or years set what cannot be resolved to a day, so that they
// give no date.
func englishIn() pattern {
	return rule(`(?:\W|^)(within|in)\s*(`+`(?:`+enHourWords+`)`+`|[0-9]+|an?(?:\s*few)?|half(?:\s*an?)?)\s*`+
		`(seconds?|min(?:ute)?s?|hours?|days?|weeks?|months?|years?)\s*(?:\W|$)`,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			count := strings.TrimSpace(caps[1])
			var n int
			half := strings.Contains(count, "half")
			switch w, isWord := englishNumberWord(count); {
			case isWord:
				n = w
			case count == "a" || count == "an":
				n = 1
			case strings.Contains(count, "few"):
				n = 3
			case half:
			default:
				var err error
				if n, err = strconv.Atoi(count); err != nil || n > maxSpanCount {
					return false
				}
			}
			unit := strings.TrimSpace(caps[2])
			d := time.Duration(n)
			if half {
				switch {
				case strings.Contains(unit, "hour"):
					v.ahead = 30 * time.Minute
				case strings.Contains(unit, "day"):
					v.ahead = 12 * time.Hour
				case strings.Contains(unit, "week"):
					v.ahead = 7 * 12 * time.Hour
				case strings.Contains(unit, "month"):
					v.ahead = 14 * 24 * time.Hour
				case strings.Contains(unit, "year"):
					v.month, v.hasMonth = (int(env.today.Month)+6)%12, true
				}
				return true
			}
			if caps[0] == "within" && (strings.Contains(unit, "day") || strings.Contains(unit, "week")) {
				// "Within two weeks": from today to that day, not after it.
				days := n
				if strings.Contains(unit, "week") {
					days *= 7
				}
				return setDays(v, 0, days+1)
			}
			switch {
			case strings.Contains(unit, "second"):
				v.ahead = d * time.Second
			case strings.Contains(unit, "min"):
				v.ahead = d * time.Minute
			case strings.Contains(unit, "hour"):
				v.ahead = d * time.Hour
			case strings.Contains(unit, "day"):
				v.ahead = d * 24 * time.Hour
			case strings.Contains(unit, "week"):
				// "In three weeks" is that week, not that very day (a
				// Sunday most practices close): the week from it on.
				v.ahead, v.span, v.spanFrom = d*7*24*time.Hour, 7, n*7
			case strings.Contains(unit, "month"):
				v.month, v.hasMonth = (int(env.today.Month)+n)%12, true
			case strings.Contains(unit, "year"):
				setYear(v, env.today.Year+n)
			}
			return true
		})
}
