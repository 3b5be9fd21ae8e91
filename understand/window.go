package understand

import (
	"fmt"

	"github.com/rendezvous-oss/rendezvous"
)

// ClockRange is a stretch of the day in which an appointment should
// start: From included, To excluded, wall-clock minutes with
// 0 ≤ From < To ≤ 24:00. "after 5" is 17:00–24:00, "before 10"
// 00:00–10:00, "entre 14h et 16h" 14:00–16:00.
type ClockRange struct {
	From, To rendezvous.ClockTime
}

// endOfDay is the To of a range open at the end: "after 5".
const endOfDay = rendezvous.ClockTime(24 * 60)

// Valid reports whether r is a well-formed range within the day.
func (r ClockRange) Valid() bool {
	return 0 <= r.From && r.From < r.To && r.To <= endOfDay
}

// Contains reports whether a start at c fits r.
func (r ClockRange) Contains(c rendezvous.ClockTime) bool {
	return r.From <= c && c < r.To
}

// Intersect returns the part of the day in both ranges, and false when
// they do not overlap.
func (r ClockRange) Intersect(o ClockRange) (ClockRange, bool) {
	out := ClockRange{From: max(r.From, o.From), To: min(r.To, o.To)}
	return out, out.Valid()
}

// String formats r as "17:00-24:00".
func (r ClockRange) String() string {
	return fmt.Sprintf("%s-%s", r.From, r.To)
}

// Range returns the hours a part of the day stands for when nothing finer
// is said: the morning is 06:00–12:00, the afternoon 13:00–18:00 (noon is
// lunchtime: who asks for "l'après-midi" does not expect 12:00), the
// evening 17:00–22:00.
func (p PartOfDay) Range() (ClockRange, bool) {
	switch p {
	case Morning:
		return ClockRange{From: 6 * 60, To: 12 * 60}, true
	case Afternoon:
		return ClockRange{From: 13 * 60, To: 18 * 60}, true
	case Evening:
		return ClockRange{From: 17 * 60, To: 22 * 60}, true
	}
	return ClockRange{}, false
}

// namedWindow returns the range and part of the day a named stretch of the
// day stands for.
func namedWindow(name string) (ClockRange, PartOfDay, bool) {
	h := func(from, to int) ClockRange {
		return ClockRange{From: rendezvous.ClockTime(from), To: rendezvous.ClockTime(to)}
	}
	switch name {
	case "lunch":
		return h(12*60, 14*60), NoPartOfDay, true
	case "early":
		// From the opening to ten: "first thing", "à la première heure".
		return h(6*60, 10*60), Morning, true
	case "late_morning":
		return h(10*60+30, 12*60), Morning, true
	case "before_lunch":
		return h(6*60, 12*60), Morning, true
	case "early_afternoon":
		return h(13*60, 15*60), Afternoon, true
	case "after_lunch":
		return h(14*60, 18*60), Afternoon, true
	case "late_afternoon":
		// "En fin d'après-midi" reaches 19:00 in France.
		return h(16*60, 19*60), Afternoon, true
	case "early_evening":
		return h(17*60, 19*60), Evening, true
	case "after_work":
		return h(17*60, 22*60), Evening, true
	}
	return ClockRange{}, NoPartOfDay, false
}

// resolveWindow reads the window of the day the matches ask for: each
// bound or named window not negated, in order, narrows the window when it
// overlaps it ("after 2 but before 4") and replaces it otherwise (the
// customer changed their mind). Hours written on a 12-hour reading follow
// the part of the day, or the opening hours. A bound is kept as said
// ("tomorrow afternoon after 3" is 15:00 on, with the afternoon): the
// search takes what both allow.
func resolveWindow(matches []dtMatch, env *dtEnv, pod PartOfDay) *ClockRange {
	var out *ClockRange
	for _, m := range matches {
		if m.negated || (m.rule.cat != catBound && m.rule.cat != catWindow) {
			continue
		}
		var v dtValue
		if !m.rule.rule.apply(m.caps, &v, env) {
			continue
		}
		r, ok := v.clockRange(pod)
		if !ok {
			continue
		}
		if out != nil {
			if both, ok := out.Intersect(r); ok {
				r = both
			}
		}
		out = &r
	}
	return out
}

// clockRange turns the bounds of v into a range, reading hours written on
// a 12-hour reading with the part of the day pod.
func (v *dtValue) clockRange(pod PartOfDay) (ClockRange, bool) {
	if !v.hasFrom && !v.hasTo {
		return ClockRange{}, false
	}
	r := ClockRange{From: 0, To: endOfDay}
	if v.hasFrom {
		r.From = rendezvous.ClockTime(v.from)
		if v.fromTwelve {
			r.From = disambiguate(r.From, pod)
		}
	}
	if v.hasTo {
		r.To = rendezvous.ClockTime(v.to)
		if v.toTwelve {
			r.To = disambiguate(r.To, pod)
		}
	}
	if v.hasFrom && v.hasTo {
		// "between 6 and 8" is 18:00 to 20:00, "8 to 10 pm" 20:00 to 22:00.
		if v.fromTwelve && v.toPM && r.From+12*60 < r.To {
			r.From += 12 * 60
		}
		if r.To <= r.From && v.toTwelve && r.To+12*60 <= endOfDay {
			r.To += 12 * 60
		}
	}
	if !v.hasTo && r.From == 0 && v.hasFrom && v.from == 0 {
		return ClockRange{}, false // "after midnight" asks for nothing the opening hours allow
	}
	return r, r.Valid()
}
