package understand

import (
	"strings"
	"time"
)

// Holidays by name, in English and French: "on Christmas Eve", "pour la
// Saint-Sylvestre", "le lundi de Pâques". A name that is also a first name
// (Noël, Valentine, Toussaint) is a date only with the words that make it
// one ("à Noël", "la Saint-Valentin", "la Toussaint"), so that "I'm Noël"
// stays a name. "New year" alone ("in the new year") is no day, nor is
// "le réveillon" alone, which is either eve.

// holidayRules is the rule of the named holidays; its language is both.
func holidayRules() []dtRule {
	// Quiet: Valentin, Sylvestre, Toussaint and Noël stay first names.
	return []dtRule{{name: "holiday", cat: catDate, quiet: true, rule: holidayDate(),
		triggers: []string{"christmas", "xmas", "boxing", "year", "years", "valentine", "valentines", "halloween",
			"easter", "good", "whit", "pentecost", "ascension", "noel", "reveillon", "sylvestre", "nouvel", "an",
			"valentin", "toussaint", "paques", "pentecote", "assomption", "saint"}}}
}

// holiday is a holiday's day: a fixed day of the year, or (month 0) a
// number of days from Easter Sunday; pattern is how it is named.
type holiday struct {
	pattern string
	month   time.Month
	day     int
	easter  int
}

// holidayNames are the names read, longest first where one holds another.
func holidayNames() []holiday {
	return []holiday{
		{`christmas\s+eve|xmas\s+eve|(?:la\s+)?veille\s+de\s+noel|(?:le\s+)?reveillon\s+de\s+noel`, time.December, 24, 0},
		{`boxing\s+day`, time.December, 26, 0},
		{`christmas(?:\s+day)?|xmas(?:\s+day)?|(?:le\s+)?jour\s+de\s+noel|(?:a|pour|vers)\s+noel`, time.December, 25, 0},
		{`new\s+year'?s?\s+eve|(?:la\s+)?saint[\s-]sylvestre|(?:le\s+)?reveillon\s+(?:du\s+nouvel\s+an|de\s+la\s+saint[\s-]sylvestre|du\s+31)`, time.December, 31, 0},
		{`new\s+year'?s?\s+day|(?:le\s+)?jour\s+de\s+l'?\s?an|(?:le\s+)?premier\s+de\s+l'?\s?an|(?:le\s+)?nouvel\s+an`, time.January, 1, 0},
		{`valentine'?s?\s+day|(?:la\s+)?saint[\s-]valentin`, time.February, 14, 0},
		{`halloween`, time.October, 31, 0},
		{`(?:la\s+)toussaint`, time.November, 1, 0},
		{`(?:l'\s?)?assomption`, time.August, 15, 0},
		{`good\s+friday|(?:le\s+)?vendredi\s+saint`, 0, 0, -2},
		{`easter\s+monday|(?:le\s+)?lundi\s+de\s+paques`, 0, 0, 1},
		{`easter(?:\s+sunday|\s+day)?|(?:le\s+)?dimanche\s+de\s+paques|(?:a|pour|vers)\s+paques`, 0, 0, 0},
		{`(?:l'\s?)?ascension(?:\s+day)?`, 0, 0, 39},
		{`whit\s+monday|pentecost\s+monday|(?:le\s+)?lundi\s+de\s+(?:la\s+)?pentecote`, 0, 0, 50},
		{`whit\s+sunday|pentecost|(?:la\s+)?pentecote`, 0, 0, 49},
	}
}

func holidayDate() pattern {
	names := holidayNames()
	alts := make([]string, len(names))
	for i, n := range names {
		alts[i] = "(" + n.pattern + ")"
	}
	// A bound before the name: "before Christmas" is any day until it (no
	// one day), "after Christmas" from the day after it, "between" starts
	// a range (dayRange reads the rest). An offset: "the
	// day after Christmas", "la veille du jour de l'an". After either,
	// Noël and Pâques need no other word to be the holiday ("avant Noël",
	// "le lendemain de Noël").
	bound := `(before|until|till|avant|jusqu'?\s?(?:a|au)|after|apres|between|entre|from)\s+(?:the\s+|le\s+|la\s+|l'\s?)?`
	offset := `(the\s+day\s+after|the\s+day\s+before|le\s+lendemain\s+(?:de|du)|la\s+veille\s+(?:de|du)|` +
		`the\s+week\s+after|the\s+week\s+of|la\s+semaine\s+(?:d'\s?)?apres|la\s+semaine\s+(?:de|du))\s+(?:the\s+|la\s+|le\s+|l'\s?)?`
	return rule(`(?:^|\W)(?:(?:`+offset+`)?(?:`+bound+`)?(?:`+strings.Join(alts, "|")+`)|(?:`+offset+`|`+bound+`)(noel|paques))(?:\W|$)`,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			// caps: the offset, the bound, one per name; the offset, the
			// bound and the name of the bare form.
			off, b, named := caps[0], caps[1], caps[2:2+len(names)]
			var n holiday // Easter Sunday unless said otherwise
			found := false
			for i, c := range named {
				if c != "" {
					n, found = names[i], true
					break
				}
			}
			if rest := caps[2+len(names):]; !found && len(rest) == 3 && rest[2] != "" {
				off, b, found = rest[0], rest[1], true
				if rest[2] == "noel" {
					n = holiday{month: time.December, day: 25}
				}
			}
			if !found {
				return false
			}
			shift, week := 0, ""
			switch {
			case off == "":
			case strings.Contains(off, "week") || strings.Contains(off, "semaine"):
				week = "of"
				if strings.Contains(off, "after") || strings.Contains(off, "apres") {
					week = "after"
				}
			case strings.HasSuffix(off, "after") || strings.HasPrefix(off, "le lendemain"):
				shift = 1
			default: // "the day before", "la veille de"
				shift = -1
			}
			switch b {
			case "", "between", "entre", "from": // the start of a range ("entre Noël et le jour de l'an")
			case "after", "apres":
				shift++
			default:
				return false
			}
			if week != "" && b == "" {
				// "the week after Christmas", "la semaine de Noël": the
				// calendar week (Monday to Sunday) after or of the holiday's,
				// from today on.
				h := nextHoliday(env.today, n.month, n.day, n.easter)
				start := h.AddDays(-weekdayIndex(h.Weekday()))
				if week == "after" {
					start = start.AddDays(7)
				}
				end := start.AddDays(6)
				if start.Before(env.today) {
					start = env.today
				}
				return setDays(v, daysBetween(env.today, start), daysBetween(start, end)+1)
			}
			d := nextHoliday(env.today, n.month, n.day, n.easter).AddDays(shift)
			if d.Before(env.today) { // "the day before Christmas" said on Christmas Day: next year's
				d = nextHoliday(env.today.AddDays(1), n.month, n.day, n.easter).AddDays(shift)
			}
			v.year, v.month, v.day = d.Year, int(d.Month), d.Day
			v.hasYear, v.hasMonth, v.hasDay = true, true, true
			return true
		})
}

// nextHoliday is the holiday's next day from today on (today included).
func nextHoliday(today Date, month time.Month, day, fromEaster int) Date {
	for year := today.Year; ; year++ {
		var d Date
		if month != 0 {
			d = Date{Year: year, Month: month, Day: day}
		} else {
			e := easterSunday(year).AddDate(0, 0, fromEaster)
			d = Date{Year: e.Year(), Month: e.Month(), Day: e.Day()}
		}
		if !d.Before(today) {
			return d
		}
	}
}

// easterSunday is Easter Sunday of a year of the Gregorian calendar (the
// anonymous Gregorian algorithm, Meeus/Jones/Butcher).
func easterSunday(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}
