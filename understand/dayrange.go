package understand

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// dayRange is a range of days read in a message, and the text it spans.
type dayRange struct {
	first, end Date
	span       [2]int
}

// maxRangeDays bounds a range of days: two months.
const maxRangeDays = 62

// The bare day of the month that opens a range closed by a date with its
// month ("du 24 au 31 décembre", "from 2 to 5 January", "entre le 24 et le
// 31 décembre"), read in the text before that date, and the one that
// closes a range opened by such a date ("du 28 décembre au 3"), in the text
// after it. A bare number is read as a day only there, in a range: "de 9 à
// 12" is hours, and "le 28 décembre à 3" three o'clock, so neither "de" nor
// "à" opens or joins one.
var (
	openingBareDay = regexp.MustCompile(`(?:^|\s)(du|from|between|entre)\s+(?:the\s+|le\s+)?(\d{1,2})(?:er|st|nd|rd|th)?\s+(au|a|to|until|till|through|thru|and|et|-|jusqu'au|jusqu'a)\s+(?:the\s+|le\s+)?$`)
	// Groups: the joining word, an article, the day, its ordinal suffix,
	// the word after. In English a bare number after "to" or "until" is an
	// hour ("December 10th until 5"): a day there needs "the" or a suffix
	// ("to the 31st", "until 31st"); in French "au 3", "jusqu'au 15" are days
	// (an hour is "à 3h", "jusqu'à 15h").
	closingBareDay = regexp.MustCompile(`^\s+(au|to|until|till|through|thru|jusqu'au)\s+(the\s+|le\s+)?(\d{1,2})(er|st|nd|rd|th)?(?:\s+([^\s,.!?;]+)|[,.!?;]|$)`)
)

// notADay are the words after a number that make it no day: "to 5 pm",
// "- 2 enfants".
var notADay = map[string]bool{"am": true, "pm": true, "h": true, "heure": true, "heures": true, "hours": true, "hour": true,
	"o'clock": true, "oclock": true, "minutes": true, "min": true, "mn": true, "people": true, "personnes": true,
	"enfants": true, "children": true, "kids": true, "adults": true, "adultes": true, "patients": true}

// dayRangeOf reads a range of days of which cl (resolved as read) is a bound:
// "between Monday and Wednesday", "from the 24th to the 31st of December",
// "du 24 au 31 décembre", "du 28 décembre au 3". before are the date
// expressions before cl. A month said once, with either day, is both
// days'; a range begun before today begins today; a range is at most
// maxRangeDays long, and its last day is after its first.
func dayRangeOf(norm string, before [][]dtMatch, cl []dtMatch, read resolvedDate, env *dtEnv) (dayRange, bool) {
	left, right := cl[0].left, cl[len(cl)-1].right
	last, lv := read.date, read.v
	if n := len(before); n > 0 {
		if first, ok := joinedDay(norm, before[n-1], cl, env); ok {
			end := last
			if bareDay(first.v) && lv.hasMonth && !lv.hasYear {
				first.date = dayBefore(last, first.v.day) // "from the 2nd to the 28th of March": March's 2nd
			} else if first.v.hasMonth && bareDay(lv) {
				// "from January 28th to the 3rd": February's 3rd.
				first.date = begun(first.date, first.v, env.today, func(f Date) Date { return dayAfter(f, lv.day) })
				end = dayAfter(first.date, lv.day)
			} else if first.v.hasMonth && !first.v.hasYear && lv.hasMonth {
				// "du 28 décembre au 3 janvier" said on the 30th: this
				// December's, not next year's.
				first.date = begun(first.date, first.v, env.today, func(Date) Date { return end })
			}
			if !first.date.Before(end) {
				end = end.AddDays(7) // "from Friday to Monday": the Monday after
			}
			return boundedRange(first.date, end, before[n-1][0].left, right, env)
		}
	}
	if !lv.hasMonth || !lv.hasDay || lv.weekday {
		return dayRange{}, false
	}
	if m := openingBareDay.FindStringSubmatchIndex(norm[:left]); m != nil && joins(norm[m[6]:m[7]], true, norm) {
		// "du 28 au 3 janvier": December's 28th.
		return boundedRange(dayBefore(last, atoi(norm[m[4]:m[5]])), last, m[2], right, env)
	}
	after := norm[right:]
	if m := closingBareDay.FindStringSubmatchIndex(after); m != nil && joins(after[m[2]:m[3]], false, norm) {
		french := after[m[2]:m[3]] == "au" || after[m[2]:m[3]] == "jusqu'au"
		if m[10] >= 0 && notADay[after[m[10]:m[11]]] || !french && m[4] < 0 && m[8] < 0 {
			return dayRange{}, false
		}
		day := atoi(after[m[6]:m[7]])
		// "du 28 décembre au 3": January's 3rd; said on the 30th, from this
		// December's 28th.
		first := begun(last, lv, env.today, func(f Date) Date { return dayAfter(f, day) })
		return boundedRange(first, dayAfter(first, day), left, right+m[7], env)
	}
	return dayRange{}, false
}

// dayBefore returns the last day numbered day before last: in its month,
// or the one before.
func dayBefore(last Date, day int) Date {
	first := Date{Year: last.Year, Month: last.Month, Day: day}
	if !first.Before(last) {
		first = addMonths(first, -1)
	}
	return first
}

// dayAfter returns the first day numbered day after first: in its month,
// or the next.
func dayAfter(first Date, day int) Date {
	end := Date{Year: first.Year, Month: first.Month, Day: day}
	if !first.Before(end) {
		end = addMonths(end, 1)
	}
	return end
}

// begun returns the first day of a range said with its month and no year
// (v), read as next year's because it has passed (d), as this year's when
// the range it opens, ending at end(first), has not ended by today: the
// range has begun, and runs from today.
func begun(d Date, v dtValue, today Date, end func(first Date) Date) Date {
	if v.hasYear || !v.hasMonth || d.Year <= today.Year {
		return d
	}
	if this := (Date{Year: d.Year - 1, Month: d.Month, Day: d.Day}); this.Valid() && !end(this).Before(today) {
		return this
	}
	return d
}

// joinedDay reads prev as the first day of a range that cl closes: joined
// to it by "to", "au", "until", or by "and", "et" after "between",
// "entre" (an article may follow: "to the 31st", "et le 31").
func joinedDay(norm string, prev, cl []dtMatch, env *dtEnv) (resolvedDate, bool) {
	if prev[0].negated {
		return resolvedDate{}, false
	}
	gap := strings.Trim(norm[prev[len(prev)-1].right:cl[0].left], " ,")
	for _, article := range []string{" the", " le", " l'"} {
		gap = strings.TrimSuffix(gap, article)
	}
	opened := false
	before := strings.TrimRight(norm[:prev[0].left], " ")
	said := norm[prev[0].left:] // a match may hold its opener ("between Christmas")
	for _, w := range []string{"between", "entre", "from", "du", "de", "des"} {
		if strings.HasSuffix(before, " "+w) || before == w || strings.HasPrefix(said, w+" ") {
			opened = true
		}
	}
	if !joins(gap, opened, norm) {
		return resolvedDate{}, false
	}
	start, ok := resolveDate(prev, env)
	if !ok || start.mismatch != nil || start.end != nil {
		return resolvedDate{}, false
	}
	return start, true
}

// joins reports whether word joins two days into a range: "and", "et"
// only after an opener ("between", "entre", opened): "Monday and
// Wednesday" are two days, not the days between. "to", "au" join them
// unless the message moves a booking: "move it from Monday to Wednesday"
// is from the old day to the new.
func joins(word string, opened bool, norm string) bool {
	switch word {
	case "to", "au", "a":
		return !movesBetweenDays(norm)
	case "till", "until", "through", "thru", "-", "jusqu'au", "jusqu'a", "jusqu au", "jusqu a":
		return true
	case "and", "et":
		return opened
	}
	return false
}

// bareDay reports whether v is a day of the month alone: "the 24th".
func bareDay(v dtValue) bool {
	return v.hasDay && !v.hasMonth && !v.hasYear && !v.weekday
}

// boundedRange returns the range from first to end, begun no earlier than
// today, if it is one: its days real, its last after its first, and at
// most maxRangeDays long.
func boundedRange(first, end Date, left, right int, env *dtEnv) (dayRange, bool) {
	if !first.Valid() || !end.Valid() {
		return dayRange{}, false
	}
	if first.Before(env.today) {
		first = env.today
	}
	if !first.Before(end) || daysBetween(first, end) > maxRangeDays {
		return dayRange{}, false
	}
	return dayRange{first: first, end: end, span: [2]int{left, right}}, true
}

// addMonths returns d moved by n months, its day kept (it may not exist:
// the caller checks Valid).
func addMonths(d Date, n int) Date {
	m := int(d.Month) - 1 + n
	y := d.Year + m/12
	if m %= 12; m < 0 {
		m += 12
		y--
	}
	return Date{Year: y, Month: time.Month(m + 1), Day: d.Day}
}

// atoi reads the one or two digits the range patterns capture.
func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// movesBetweenDays reports whether a message says to move something from
// one day to another rather than to search between them.
func movesBetweenDays(norm string) bool {
	for _, w := range strings.FieldsFunc(norm, func(r rune) bool { return r == ' ' || r == ',' || r == '\'' || r == '.' }) {
		switch w {
		case "move", "moving", "moved", "change", "changing", "switch", "reschedule", "rebook", "push", "bring", "shift",
			"postpone", "swap", "deplacer", "deplace", "deplacez", "decaler", "decale", "decalez", "changer", "changez",
			"reporter", "reporte", "reportez", "avancer", "avance", "avancez", "passer", "basculer", "modifier", "modifie", "modifiez":
			return true
		}
	}
	return false
}

// outsideRange returns matches without those of other categories than
// dates that overlap span, the text of a range of days: its bare days
// are no hours ("le 10 décembre jusqu'au 15" is no "until 15:00").
func outsideRange(matches []dtMatch, span [2]int) []dtMatch {
	return slices.DeleteFunc(matches, func(m dtMatch) bool {
		return m.rule.cat != catDate && m.left < span[1] && span[0] < m.right
	})
}

// spansOutside returns spans without those that overlap span.
func spansOutside(spans [][2]int, span [2]int) [][2]int {
	return slices.DeleteFunc(spans, func(s [2]int) bool { return s[0] < span[1] && span[0] < s[1] })
}
