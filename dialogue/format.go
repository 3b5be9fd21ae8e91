package dialogue

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rendezvous-oss/rendezvous"
)

// Formatting of dates and times in the customer's language (kinds: kinds.go).

var (
	frenchWeekdays = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	frenchMonths   = [...]string{"", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
)

// clock formats a time of day: "9:30" in English, "9h30" in French.
func clock(t time.Time, lang string) string {
	if lang == "fr" {
		if t.Minute() == 0 {
			return fmt.Sprintf("%dh", t.Hour())
		}
		return fmt.Sprintf("%dh%02d", t.Hour(), t.Minute())
	}
	return fmt.Sprintf("%d:%02d", t.Hour(), t.Minute())
}

// day formats t's date relative to now: "today", "tomorrow", "Tuesday
// 24 November" (with the year when it is not now's).
func day(t, now time.Time, lang string) string {
	ty, tm, td := t.Date()
	n := now.In(t.Location())
	ny, nm, nd := n.Date()
	tomorrow := time.Date(ny, nm, nd+1, 12, 0, 0, 0, t.Location())
	switch {
	case ty == ny && tm == nm && td == nd:
		return text(lang, "today")
	case ty == tomorrow.Year() && tm == tomorrow.Month() && td == tomorrow.Day():
		return text(lang, "tomorrow")
	}
	var s string
	if lang == "fr" {
		s = fmt.Sprintf("%s %d %s", frenchWeekdays[t.Weekday()], td, frenchMonths[tm])
		if td == 1 {
			s = fmt.Sprintf("%s 1er %s", frenchWeekdays[t.Weekday()], frenchMonths[tm])
		}
	} else {
		s = fmt.Sprintf("%s %d %s", t.Weekday(), td, tm)
	}
	if ty != ny {
		s += fmt.Sprintf(" %d", ty)
	}
	return s
}

// when formats a slot's start: "tomorrow at 9:30", "mardi 24 novembre à 9h30".
func when(t, now time.Time, lang string) string {
	return day(t, now, lang) + text(lang, "at_time") + clock(t, lang)
}

// pick returns the English or the French text.
func pick(lang, en, fr string) string {
	if lang == "fr" {
		return fr
	}
	return en
}

// ShortDay formats a date briefly, for a list under a reply: "Thu 3 Dec",
// "jeu. 3 déc.".
func ShortDay(t time.Time, lang string) string {
	if lang == "fr" {
		wd := [...]string{"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."}[t.Weekday()]
		mo := [...]string{"", "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}[t.Month()]
		return fmt.Sprintf("%s %d %s", wd, t.Day(), mo)
	}
	return t.Format("Mon 2 Jan")
}

// Clock formats a time of day in the customer's language ("9:30", "9h30").
func Clock(t time.Time, lang string) string { return clock(t, lang) }

// de puts French "de" before s, elided before a vowel ("au nom d'Inès",
// "d'aujourd'hui"); in English it returns s as it is, so that one argument
// serves both wordings. An h is not elided: "de Hugo", whose h may be
// aspirated, reads right, where "d'Hugo" may not.
func de(lang, s string) string {
	if lang != "fr" {
		return s
	}
	if r, _ := utf8.DecodeRuneInString(rendezvous.FoldKey(s)); strings.ContainsRune("aeiouy", r) {
		return "d'" + s
	}
	return "de " + s
}
