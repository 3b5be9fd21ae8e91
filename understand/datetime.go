package understand

import (
	"slices"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// category is what a date-time rule recognises.
type category uint8

const (
	catDate      category = iota // a day: of the calendar, or relative to today
	catTime                      // a clock time
	catPartOfDay                 // morning, afternoon, evening
	catApprox                    // "around", "vers", "-ish": marks the time as approximate
	catBound                     // a window by its bounds: "after 5", "entre 14h et 16h"; hides the times it holds
	catWindow                    // a window by its name: "lunchtime", "fin de matinée"
)

// dtRule is a rule with what the parser needs to know about it.
type dtRule struct {
	rule pattern
	name string
	cat  category
	lang Language // "" for rules that hold in both languages
	// The rule only runs when the message has one of these words or one of
	// these features, and all the needed features: most messages hold no
	// date, and a map probe per word is far cheaper than a regular
	// expression per rule.
	triggers []string
	features feature
	need     feature
	// strict rules read closely before matches hide each other: a match
	// whose reading fails ("plutôt 11h" is no bare hour) hides nothing.
	strict bool
	// quiet rules' triggers are no vocabulary: their words stay names and
	// ordinary words elsewhere ("Sam" is a name, "sam 10h" Saturday).
	quiet bool
}

// dateTimeParser finds dates, times and parts of the day with our rules
// (see dtrule.go), English and French. It tells whether the message gave a
// date, a time or both, and reads every expression of the message, not
// only the first: "not Monday, Tuesday" needs the last.
type dateTimeParser struct {
	rules    []dtRule
	triggers map[string]uint64 // word → rules it enables
}

// feature is a cheap property of a message's text that enables rules.
type feature uint16

const (
	fDigit    feature = 1 << iota // any digit
	fOrdinal                      // "3rd", "14th", "1er", "2e"
	fClock                        // a digit, ':' '.' or '-', a digit: "10:30", "5-30"
	fSlash                        // a digit, '/', a digit: "3/4"
	fMeridiem                     // "am", "pm", "4pm", "a.m."
	fHourH                        // "15h", "15 h", "9h30"
	fIsh                          // "3ish"
)

// featuresOf computes the features of a folded message.
func featuresOf(norm string, toks []token) feature {
	var f feature
	for i, t := range toks {
		s := t.s
		switch s {
		case "am", "pm":
			f |= fMeridiem
		case "m":
			if i > 0 && (toks[i-1].s == "a" || toks[i-1].s == "p") {
				f |= fMeridiem
			}
		}
		if s[0] < '0' || s[0] > '9' {
			continue
		}
		f |= fDigit
		j := 0
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		switch rest := s[j:]; rest {
		case "st", "nd", "rd", "th", "er", "e", "eme", "ere":
			f |= fOrdinal
		case "am", "pm", "a", "p":
			f |= fMeridiem
		case "ish":
			f |= fIsh
		case "":
			if i+1 < len(toks) && (toks[i+1].s == "h" || strings.HasPrefix(toks[i+1].s, "heure")) {
				f |= fHourH
			}
		default:
			if rest[0] == 'h' {
				f |= fHourH
			}
		}
	}
	if f&fDigit != 0 {
		for i := 1; i+1 < len(norm); i++ {
			c := norm[i]
			if (c == ':' || c == '.' || c == '-' || c == '/') && isDigitByte(norm[i-1]) && isDigitByte(norm[i+1]) {
				if c == '/' {
					f |= fSlash
				} else {
					f |= fClock
				}
			}
		}
	}
	return f
}

func newDateTimeParser() *dateTimeParser {
	p := &dateTimeParser{triggers: map[string]uint64{}}
	p.rules = append(p.rules, englishDateTimeRules()...)
	p.rules = append(p.rules, frenchDateTimeRules()...)
	p.rules = append(p.rules, commonDateTimeRules()...)
	p.rules = append(p.rules, weekdayAbbrRules()...)
	p.rules = append(p.rules, holidayRules()...)
	p.rules = append(p.rules, monthPartRules()...)
	// The rules written for this engine are read closely (see strict);
	// the older ones keep the reading they were tuned with.
	for _, r := range append(windowRules(), relativeRules()...) {
		r.strict = true
		p.rules = append(p.rules, r)
	}
	if len(p.rules) > 64 {
		panic("understand: more than 64 date-time rules") // a programming error, caught by any test
	}
	for i, r := range p.rules {
		bit := uint64(1) << i
		for _, w := range r.triggers {
			p.triggers[w] |= bit
		}
	}
	return p
}

// vocabulary adds the trigger words to v, for the speller.
func (p *dateTimeParser) vocabulary(v map[string]bool) {
	for _, r := range p.rules {
		if r.quiet {
			continue
		}
		for _, w := range r.triggers {
			v[w] = true
		}
	}
}

// dateTime is what the parser found.
type dateTime struct {
	date      *Date
	time      *rendezvous.ClockTime
	approx    bool
	partOfDay PartOfDay
	// spans of norm that expressed the date and the time, for the callers
	// that must not read them again (as a choice, for instance).
	dateSpan, timeSpan [2]int
	dateRules          []string
	// dateNamed says the date is more than a day of the month: its month
	// was said, it is a span of days, it is counted from another day, or it
	// ends a range. "the 3rd of January" is a day, where "the 3rd" alone may
	// be a choice.
	dateNamed bool
	// dateEnd ends a span of days ("next week"), mismatch is a weekday
	// and a day of the month that do not agree, notDate a day ruled out
	// ("not Monday").
	dateEnd, notDate *Date
	mismatch         *DateMismatch
	refDays          *int
	daysAhead        *int
	// window is the stretch of the day asked for ("after 5", "lunchtime"),
	// nil when none.
	window *ClockRange
	// spans are those of the times and windows read, for the callers that
	// must not read their words again ("later" in "no later than 5");
	// windowSpans those of the windows ("la première heure" is no choice).
	spans, windowSpans [][2]int
}

// parse finds the date and time expressed in norm, resolved against env.
// Rules of the language lang run first; the other language's run only if
// they enable a rule and something is still missing, so that mixed
// messages ("I need un dentiste demain") still give their date.
func (p *dateTimeParser) parse(norm string, toks []token, lang Language, env *dtEnv) dateTime {
	var enabled uint64
	for _, t := range toks {
		enabled |= p.triggers[t.s]
	}
	f := featuresOf(norm, toks)
	for i := range p.rules {
		r := &p.rules[i]
		if r.features&f != 0 {
			enabled |= 1 << i
		}
		if r.need&f != r.need {
			enabled &^= 1 << i
		}
	}
	if enabled == 0 {
		return dateTime{}
	}
	var buf [16]dtMatch
	matches := p.run(buf[:0], norm, enabled, func(r *dtRule) bool { return r.lang == "" || r.lang == lang })
	res := p.resolve(norm, matches, env)
	if res.date == nil || res.time == nil {
		other := p.run(nil, norm, enabled, func(r *dtRule) bool { return r.lang != "" && r.lang != lang })
		if len(other) > 0 {
			res = p.resolve(norm, append(matches, other...), env)
		}
	}
	return res
}

// maxMatchesPerRule bounds how often one rule is searched for in a message.
const maxMatchesPerRule = 4

func (p *dateTimeParser) run(dst []dtMatch, norm string, enabled uint64, keep func(*dtRule) bool) []dtMatch {
	for i := range p.rules {
		r := &p.rules[i]
		if enabled&(1<<i) == 0 || !keep(r) || !r.rule.pre.mayMatch(norm) {
			continue
		}
		from := 0
		for n := 0; n < maxMatchesPerRule && from < len(norm); n++ {
			if n > 0 && !r.rule.pre.mayMatch(norm[from:]) {
				break // nothing further on can match either
			}
			m, ok := r.rule.find(norm[from:])
			if !ok {
				break
			}
			m.left += from
			m.right += from
			next := m.right
			if next <= m.left {
				next = m.left + 1
			}
			from = next
			m.rule = r
			dst = append(dst, m)
		}
	}
	return dst
}

// negators are the words that, just before a date or time, say it is not
// the one wanted: "not Monday", "instead of the 4th", "au lieu de jeudi".
func negators() []string {
	return []string{"not", "instead of", "rather than", "other than", "except", "pas", "au lieu de",
		"au lieu du", "plutot que", "sauf", "ni",
		// "any day but Monday"; a bare "but" is no negation ("yes but Monday").
		"any day but", "anything but", "any time but", "anytime but", "every day but", "all days but", "any day apart from",
		"apart from", "excluding", "hors", "excepte"}
}

func (p *dateTimeParser) resolve(norm string, matches []dtMatch, env *dtEnv) dateTime {
	var res dateTime
	if len(matches) == 0 {
		return res
	}
	// resolve works on its own copy: parse resolves the same matches
	// again with the other language's.
	var buf [16]dtMatch
	var uncounted []dtMatch // days counted from a day under discussion, of which there is none (see dayCountedFrom)
	matches = slices.DeleteFunc(append(buf[:0], matches...), func(m dtMatch) bool {
		var v dtValue
		if m.rule.strict && !m.rule.rule.apply(m.caps, &v, env) {
			if v.noRef && refDayRule(m) {
				uncounted = append(uncounted, m)
			}
			return true
		}
		return false
	})
	slices.SortStableFunc(matches, func(a, b dtMatch) int {
		if a.left != b.left {
			return a.left - b.left
		}
		return b.right - a.right
	})
	// Within a category, a longer match hides the shorter ones it overlaps
	// ("the day after tomorrow" hides "tomorrow").
	kept := matches[:0]
	for i := range matches {
		mi := matches[i]
		hidden := false
		for j := range matches {
			mj := matches[j]
			if i == j || mi.rule.cat == catApprox || mj.rule.cat == catApprox {
				continue
			}
			if mi.rule.cat != mj.rule.cat {
				// A time inside a longer date ("03-07" in "2019-03-07") is
				// part of the date.
				if (mi.rule.cat == catTime || mi.rule.cat == catWindow) && mj.rule.cat == catDate && mj.left <= mi.left &&
					mi.right <= mj.right && mj.right-mj.left > mi.right-mi.left {
					// Likewise a window inside a date: "early" in "early
					// January" is no early morning.
					hidden = true
					break
				}
				// A bound and a time overlap in "after 5 pm", "after 5
				// instead" or "quarter after 5": the bound wins, unless the
				// time holds all of it.
				if (mi.rule.cat == catTime && mj.rule.cat == catBound || mi.rule.cat == catBound && mj.rule.cat == catTime) &&
					mj.left < mi.right && mi.left < mj.right {
					t, b := mi, mj
					if t.rule.cat != catTime {
						t, b = mj, mi
					}
					timeWins := t.left <= b.left && b.right <= t.right && t.right-t.left > b.right-b.left
					if timeWins == (mj.rule.cat == catTime) {
						hidden = true
						break
					}
				}
				continue
			}
			if mj.left < mi.right && mi.left < mj.right {
				li, lj := mi.right-mi.left, mj.right-mj.left
				if lj > li || (lj == li && j < i) {
					hidden = true
					break
				}
			}
		}
		if !hidden {
			mi.negated = negatedAt(norm, mi.left)
			kept = append(kept, mi)
		}
	}
	matches = kept
	for _, m := range matches {
		// "later" in "an hour later" or "no later than 5" is part of a time;
		// in "later today" it still asks for later slots, that day.
		if m.rule.cat == catTime || m.rule.cat == catBound || m.rule.cat == catWindow {
			res.spans = append(res.spans, [2]int{m.left, m.right})
		}
		if (m.rule.cat == catBound || m.rule.cat == catWindow) && !m.negated {
			res.windowSpans = append(res.windowSpans, [2]int{m.left, m.right})
		}
	}

	// Part of the day: the last one mentioned, or the part a named window
	// lies in ("late afternoon").
	for _, cat := range []category{catPartOfDay, catWindow} {
		for i := len(matches) - 1; i >= 0 && res.partOfDay == NoPartOfDay; i-- {
			m := matches[i]
			if m.rule.cat != cat || m.negated {
				continue
			}
			var v dtValue
			if m.rule.rule.apply(m.caps, &v, env) && v.part != NoPartOfDay {
				res.partOfDay = v.part
			}
		}
	}
	for i := len(matches) - 1; i >= 0 && res.partOfDay == NoPartOfDay; i-- {
		// "any time except the morning", "pas le matin": the other half
		// of the working day.
		m := matches[i]
		var v dtValue
		if m.rule.cat == catPartOfDay && m.negated && m.rule.rule.apply(m.caps, &v, env) {
			switch v.part {
			case Morning:
				res.partOfDay = Afternoon
			case Afternoon:
				res.partOfDay = Morning
			}
		}
	}
	res.window = resolveWindow(matches, env, res.partOfDay)

	// Dates and times: matches close to each other form one expression
	// ("Friday the 8th", "jeudi 7 mars"); the last expression not negated
	// wins, as people correct themselves at the end of a message.
	for _, cat := range []category{catDate, catTime} {
		clusters := clustersOf(norm, matches, cat)
		for i := len(clusters) - 1; i >= 0; i-- {
			cl := clusters[i]
			if cl[0].negated {
				continue
			}
			span := [2]int{cl[0].left, cl[len(cl)-1].right}
			if cat == catDate {
				if d, ok := resolveDate(cl, env); ok {
					res.dateSpan = span
					if d.mismatch != nil {
						res.mismatch = d.mismatch
						break
					}
					res.dateNamed = d.v.hasMonth || d.end != nil || d.v.span > 1 // "the first week of January", "a Monday in its last week" are no slot
					if d.end == nil {
						if counted, left, ok := dayCountedFrom(norm, clusters[:i], uncounted, cl, d.date, env); ok {
							d = resolvedDate{date: counted, v: d.v}
							span[0] = left
							res.dateSpan, res.dateNamed = span, true
						}
					}
					res.date, res.dateEnd, res.refDays, res.daysAhead = &d.date, d.end, d.refDays, d.ahead
					for _, m := range cl {
						res.dateRules = append(res.dateRules, m.rule.name)
					}
					if d.end == nil {
						if r, ok := dayRangeOf(norm, clusters[:i], cl, d, env); ok {
							// "between Monday and Wednesday", "du 24 au 31
							// décembre": the days from one to the other.
							res.date, res.dateEnd, res.daysAhead, res.refDays = &r.first, &r.end, nil, nil
							res.dateSpan, res.dateNamed = r.span, true
							matches = outsideRange(matches, r.span)
							res.spans, res.windowSpans = spansOutside(res.spans, r.span), spansOutside(res.windowSpans, r.span)
							res.window = resolveWindow(matches, env, res.partOfDay)
						}
					}
					break
				}
				continue
			}
			if t, ambiguous, ok := resolveClock(cl, env); ok {
				if ambiguous {
					t = disambiguate(t, res.partOfDay)
				}
				res.time, res.timeSpan = &t, span
				res.approx = approximate(norm, matches, span)
				break
			}
		}
	}
	// The last day ruled out: "not Monday", "Thursday instead of Monday".
	clusters := clustersOf(norm, matches, catDate)
	for i := len(clusters) - 1; i >= 0; i-- {
		if !clusters[i][0].negated {
			continue
		}
		if d, ok := resolveDate(clusters[i], env); ok && d.mismatch == nil && d.end == nil && (res.date == nil || d.date != *res.date) {
			if d.v.weekday && !d.v.hasDay && res.date != nil && res.dateEnd != nil {
				// "in two weeks but not Monday": that span's Monday.
				if day := res.date.onOrAfter(d.v.wd); !res.dateEnd.Before(day) {
					d.date = day
				}
			}
			res.notDate = &d.date
			break
		}
	}
	return res
}

// negatedAt reports whether a negating word ends just before position i.
func negatedAt(norm string, i int) bool {
	before := strings.TrimRight(norm[:i], " ,")
	// "on", "le", "the", "at", "a" may stand between: "not on Monday".
	for _, filler := range []string{" on", " the", " at", " le", " la", " a", " for", " pour", " ce", " in", " during", " dans", " en", " l", " l'"} {
		before = strings.TrimSuffix(before, filler)
	}
	for _, n := range negators() {
		if strings.HasSuffix(before, n) && (len(before) == len(n) || !isWordByte(before[len(before)-len(n)-1])) {
			return true
		}
	}
	return false
}

func isWordByte(b byte) bool {
	return 'a' <= b && b <= 'z' || '0' <= b && b <= '9' || b >= 0x80
}

// clustersOf groups the matches of a category that are separated only by
// spaces, commas or a few linking words.
func clustersOf(norm string, matches []dtMatch, cat category) [][]dtMatch {
	var out [][]dtMatch
	for _, m := range matches {
		if m.rule.cat != cat {
			continue
		}
		if n := len(out); n > 0 {
			last := out[n-1][len(out[n-1])-1]
			if m.left >= last.right && linking(norm[last.right:m.left]) && !sameRule(out[n-1], m) &&
				// After a comma, a day ruled out ("not the 14th, on a Tuesday")
				// is not the day wanted.
				!(strings.Contains(norm[last.right:m.left], ",") && (refDayRule(last) || refDayRule(m) || out[n-1][0].negated)) {
				out[n-1] = append(out[n-1], m)
				continue
			}
		}
		out = append(out, []dtMatch{m})
	}
	return out
}

// refDayRule reports whether m is a day said of the day under discussion
// ("that day", "ce jour-là"): after a comma, another day is another
// expression ("not that day, Friday instead").
func refDayRule(m dtMatch) bool {
	return m.rule.name == "en.ref_day" || m.rule.name == "fr.ref_day"
}

// sameRule reports whether a rule already matched in the cluster: two
// weekdays ("not Monday, Tuesday") are two expressions, not one.
func sameRule(cl []dtMatch, m dtMatch) bool {
	for _, x := range cl {
		if x.rule == m.rule {
			return true
		}
	}
	return false
}

// linking reports whether the text between two matches joins them into one
// expression.
func linking(gap string) bool {
	gap = strings.Trim(gap, " ,.")
	switch gap {
	case "", "the", "on the", "le", "de", "of", "on", "at", "a", "à",
		// A weekday in a month or a span: "a Tuesday in January", "Friday
		// in two weeks", "next month on a Tuesday".
		"in", "in the", "on a", "en", "during",
		// A preference inside a span: "next week, ideally Wednesday".
		"ideally", "ideally on", "preferably", "preferably on", "ideally the", "de preference", "de preference le", "idealement",
		"idealement le":
		return true
	}
	return false
}

// maxDaysAhead bounds relative dates: ten years.
const maxDaysAhead = 3660

// resolvedDate is a day read from a cluster of matches: a date, the end
// of a span of days when it starts one, or a weekday and a day of the
// month that do not agree.
type resolvedDate struct {
	date     Date
	end      *Date
	mismatch *DateMismatch
	refDays  *int // see Result.RefDays
	ahead    *int // see Result.DaysAhead
	// v is what the cluster said, for the readings that look at its
	// parts (was a month said? a bare day of the month?).
	v dtValue
}

// resolveDate applies a cluster of date matches to a fresh value and
// turns it into a civil date, never in the past: a day of the month that
// has passed is next month's, a month and day that have passed are next
// year's, a weekday that has passed is next week's. A month alone ("in
// March") is not a date. A weekday with a day of the month is the next
// date where both agree.
func resolveDate(cl []dtMatch, env *dtEnv) (resolvedDate, bool) {
	var v dtValue
	applied := false
	for _, m := range cl {
		if m.rule.rule.apply(m.caps, &v, env) {
			applied = true
		}
	}
	if !applied {
		return resolvedDate{}, false
	}
	today := env.today
	if v.hasDay {
		d := Date{Year: today.Year, Month: today.Month, Day: v.day}
		if v.hasYear {
			d.Year = v.year
		}
		if v.hasMonth {
			if v.month < 1 || v.month > 12 {
				return resolvedDate{}, false
			}
			d.Month = time.Month(v.month)
		}
		switch {
		case v.hasYear:
			// An explicit year is kept even in the past: the caller can say so.
		case v.hasMonth:
			if d.Before(today) {
				d.Year++
			}
		default:
			// A day of this month that has passed or does not exist (the 31st
			// in April) is the next month that has it; with a weekday, the
			// next month, within a year, where that day is that weekday.
			next := func() {
				d.Month++
				if d.Month > time.December {
					d.Month, d.Year = time.January, d.Year+1
				}
			}
			for i := 0; i < 12 && (!d.Valid() || d.Before(today)); i++ {
				next()
			}
			for i := 0; i < 12 && v.weekday && (!d.Valid() || d.Weekday() != v.wd); i++ {
				next()
			}
		}
		if v.weekday && (!d.Valid() || d.Weekday() != v.wd) {
			said := firstDayOn(today, v)
			if !said.Valid() {
				return resolvedDate{}, false
			}
			return resolvedDate{mismatch: &DateMismatch{Weekday: v.wd, Date: said}}, true
		}
		if !d.Valid() || d.Day < 1 {
			return resolvedDate{}, false
		}
		return resolvedDate{date: d, v: v}, true
	}
	if v.weekday && v.hasMonth && v.month >= 1 && v.month <= 12 {
		// "a Tuesday in January", "un mardi en mars 2027": the first of
		// them to come.
		year := 0
		if v.hasYear {
			year = v.year
		}
		d, ok := firstWeekdayOfMonth(today, year, time.Month(v.month), v.wd)
		return resolvedDate{date: d, v: v}, ok
	}
	if v.hasMonth || v.hasYear {
		return resolvedDate{}, false
	}
	if v.weekday && !v.week && v.span > 1 {
		// "a Tuesday next month", "un jeudi début janvier": the first day
		// of the span that is that weekday.
		start := today.AddDays(v.spanFrom)
		if start.Before(today) {
			start = today
		}
		if d := start.onOrAfter(v.wd); d.Before(today.AddDays(v.spanFrom + v.span)) {
			return resolvedDate{date: d, v: v}, true
		}
	}
	if v.ahead%(24*time.Hour) != 0 {
		return resolvedDate{}, false // "in two hours" is not a day
	}
	days := int(v.ahead / (24 * time.Hour))
	span := v.span
	if v.week && v.weekday {
		// "next week, on Thursday": that week's Thursday.
		days, span = v.monday+weekdayIndex(v.wd), 0
	}
	if days < -maxDaysAhead || days > maxDaysAhead {
		return resolvedDate{}, false // "in 99999999 days", or an overflow
	}
	if v.weekday && days < 0 {
		days += (-days + 6) / 7 * 7
	}
	d := today.AddDays(days)
	if d.Before(today) {
		return resolvedDate{}, false // yesterday: nobody books in the past
	}
	out := resolvedDate{date: d, v: v}
	if !v.weekday && !v.week && span <= 1 && !v.fromRef && env.ref == nil {
		n := days
		out.ahead = &n
	}
	if v.fromRef {
		n := v.refDays
		out.refDays = &n
	}
	if span > 1 {
		end := d.AddDays(span - 1)
		out.end = &end
	}
	return out, true
}

// firstWeekdayOfMonth is the first wd of month m from today on: of the
// year said, else this year's month, or next year's when it has passed or
// has no such day left; false when the year said has none left.
func firstWeekdayOfMonth(today Date, year int, m time.Month, wd time.Weekday) (Date, bool) {
	first := func(year int) (Date, bool) {
		d := Date{Year: year, Month: m, Day: 1}
		if d.Before(today) {
			d = today
		}
		d = d.onOrAfter(wd)
		return d, d.Month == m && d.Year == year
	}
	if year != 0 {
		return first(year)
	}
	year = today.Year
	if m < today.Month {
		year++
	}
	if d, ok := first(year); ok {
		return d, true
	}
	return first(year + 1)
}

// firstDayOn returns the first date from today on with v's day of the
// month (and month), ignoring its weekday: what the customer's day of the
// month alone would be.
func firstDayOn(today Date, v dtValue) Date {
	d := Date{Year: today.Year, Month: today.Month, Day: v.day}
	if v.hasMonth {
		d.Month = time.Month(v.month)
	}
	if v.hasYear {
		d.Year = v.year
	}
	for i := 0; i < 12 && !v.hasYear && (!d.Valid() || d.Before(today)); i++ {
		if v.hasMonth {
			d.Year++
			continue
		}
		d.Month++
		if d.Month > time.December {
			d.Month, d.Year = time.January, d.Year+1
		}
	}
	return d
}

// resolveClock applies a cluster of time matches and returns the clock time
// and whether its hour was written in a 12-hour reading without am/pm.
func resolveClock(cl []dtMatch, env *dtEnv) (rendezvous.ClockTime, bool, bool) {
	var v dtValue
	applied := false
	for _, m := range cl {
		if m.rule.rule.apply(m.caps, &v, env) {
			applied = true
		}
	}
	if !applied || !v.hasHour {
		return 0, false, false
	}
	h, min := v.hour, 0
	if v.hasMinute {
		min = v.minute
	}
	if h < 0 || h > 24 || min < 0 || min > 59 || (h == 24 && min > 0) {
		return 0, false, false
	}
	if h == 24 {
		h = 0
	}
	ambiguous := v.twelveHour && h >= 1 && h <= 12
	return rendezvous.ClockTime(h*60 + min), ambiguous, true
}

// disambiguate reads an hour written without am/pm. With a part of the day
// it follows it ("4 in the afternoon", "evening 5"). Otherwise: 1 to 7 are
// afternoon hours (16:00 for "at 4"), 8 to 11 are morning hours and 12 is
// noon, because those are the hours providers are open.
func disambiguate(t rendezvous.ClockTime, pod PartOfDay) rendezvous.ClockTime {
	h, m := int(t)/60, int(t)%60
	switch pod {
	case Afternoon, Evening:
		if h < 12 {
			h += 12
		}
	case Morning:
		// As written: "quarter to 12 in the morning" is 11:45.
	default:
		if h >= 1 && h <= 7 {
			h += 12
		}
	}
	return rendezvous.ClockTime(h*60 + m)
}

// approximate reports whether an "around"-like word touches the time span.
func approximate(norm string, matches []dtMatch, span [2]int) bool {
	for _, m := range matches {
		var v dtValue
		if m.rule.cat != catApprox || !m.rule.rule.apply(m.caps, &v, nil) {
			continue
		}
		if m.right <= span[0] && strings.TrimSpace(norm[m.right:span[0]]) == "" {
			return true
		}
		if m.left >= span[1] && strings.Trim(norm[span[1]:m.left], " -") == "" {
			return true
		}
		if m.left < span[1] && span[0] < m.right {
			return true
		}
	}
	return false
}
