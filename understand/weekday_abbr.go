package understand

import (
	"slices"
	"strings"
	"time"
)

// Texted weekdays: "fri", "sat 10am", "sam matin", "mar 14h". The short
// forms are ordinary words or names too ("Sam", "la mer", "un jeu", "mon
// rdv"), so one is a weekday only where a day is expected: after "on",
// "this", "next", "ce"…, before a time, a part of the day or "prochain",
// or closing the message ("un coiffeur à Nantes sam"), but not after what
// introduces a name ("I'm Sam", "moi c'est Sam"). Their words are no
// vocabulary: "Sam" stays a given name for the rest of the understanding.

// weekdayAbbrFollow is what may follow a short weekday: a time, a part of
// the day, a bound, "next"; or the end of the message.
const weekdayAbbrFollow = `(?:\s+(?:\d|b4\W|before\W|after\W|at\W|a\W|vers\W|avant\W|apres\W|morning|afternoon|aft|arvo|` +
	`eve|evening|night|am\W|pm\W|matin|aprem|apres\W?midi|soir|midi|prochain|pro\W|proch|next\W|dans\W|in\W|ou\W|or\W|` +
	`et\W|and\W)|\s*[.!?,;]*\s*$)`

// weekdayAbbrIntro is what introduces a name, after which a short weekday
// is the name ("im sam", "moi c sam").
var weekdayAbbrIntro = map[string]bool{"im": true, "m": true, "me": true, "is": true, "am": true, "suis": true,
	"c": true, "moi": true, "appelle": true, "name": true, "nom": true, "with": true, "avec": true, "dr": true,
	"mr": true, "mrs": true, "ms": true, "m.": true, "mme": true, "prenom": true, "chez": true, "est": true, "cest": true, "s": true,
	// Articles: "la mer", "un jeu", "the sun".
	"la": true, "un": true, "une": true, "the": true, "my": true, "de": true, "du": true, "a": true}

func weekdayAbbrRule(lang Language, abbrs string, weekdayOf func(string) (time.Weekday, bool)) pattern {
	return rule(`(?:^|\W)(?:([a-z]+)\s)??(?:(this|next|on|for|by|until|till|ce|cette|le|pour|jusqu\W?a)\s+)?(`+abbrs+`)\.?`+weekdayAbbrFollow,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			if weekdayAbbrIntro[caps[0]] {
				return false
			}
			wd, ok := weekdayOf(caps[2])
			if !ok {
				return false
			}
			mode := "next"
			switch caps[1] {
			case "this", "ce", "cette":
				mode = "this"
			case "next":
				mode = "nextweek"
				if lang == English {
					mode = "next" // "next Tuesday" is the first to come, as englishWeekday reads it
				}
			}
			return setWeekday(v, env.today, wd, mode)
		})
}

// weekdayAbbrRules returns the rules of the short weekdays. Their
// triggers are kept out of the vocabulary (see dtRule.quiet).
func weekdayAbbrRules() []dtRule {
	en := map[string]time.Weekday{"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
		"thu": time.Thursday, "thur": time.Thursday, "fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday}
	fr := map[string]time.Weekday{"lun": time.Monday, "mar": time.Tuesday, "mer": time.Wednesday,
		"jeu": time.Thursday, "ven": time.Friday, "sam": time.Saturday, "dim": time.Sunday}
	of := func(m map[string]time.Weekday) func(string) (time.Weekday, bool) {
		return func(s string) (time.Weekday, bool) { wd, ok := m[s]; return wd, ok }
	}
	keys := func(m map[string]time.Weekday) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		// Longest first, so that "thur" is not read as "thu".
		slicesSortByLen(ks)
		return ks
	}
	enKeys, frKeys := keys(en), keys(fr)
	return []dtRule{
		{name: "en.weekday_abbr", cat: catDate, lang: English, strict: true, quiet: true, triggers: enKeys,
			rule: weekdayAbbrRule(English, strings.Join(enKeys, "|"), of(en))},
		{name: "fr.weekday_abbr", cat: catDate, lang: French, strict: true, quiet: true, triggers: frKeys,
			rule: weekdayAbbrRule(French, strings.Join(frKeys, "|"), of(fr))},
	}
}

func slicesSortByLen(ks []string) {
	slices.SortFunc(ks, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
}
