package dialogue

import (
	"fmt"
	"strconv"
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
	var buf [8]byte
	return string(appendClock(buf[:0], t, lang))
}

func appendClock(b []byte, t time.Time, lang string) []byte {
	h, m := t.Hour(), t.Minute()
	b = strconv.AppendInt(b, int64(h), 10)
	if lang == "fr" {
		b = append(b, 'h')
		if m == 0 {
			return b
		}
	} else {
		b = append(b, ':')
	}
	if m < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(m), 10)
}

// day formats t's date relative to now: "today", "tomorrow", "Tuesday
// 24 November" (with the year when it is not now's).
func day(t, now time.Time, lang string) string {
	var buf [48]byte
	return string(appendDay(buf[:0], t, now, lang))
}

func appendDay(b []byte, t, now time.Time, lang string) []byte {
	ty, tm, td := t.Date()
	n := now.In(t.Location())
	ny, nm, nd := n.Date()
	tomorrow := time.Date(ny, nm, nd+1, 12, 0, 0, 0, t.Location())
	switch {
	case ty == ny && tm == nm && td == nd:
		return append(b, text(lang, "today")...)
	case ty == tomorrow.Year() && tm == tomorrow.Month() && td == tomorrow.Day():
		return append(b, text(lang, "tomorrow")...)
	}
	if lang == "fr" {
		b = append(append(b, frenchWeekdays[t.Weekday()]...), ' ')
		if td == 1 {
			b = append(b, "1er"...)
		} else {
			b = strconv.AppendInt(b, int64(td), 10)
		}
		b = append(append(b, ' '), frenchMonths[tm]...)
	} else {
		b = append(append(b, t.Weekday().String()...), ' ')
		b = append(append(strconv.AppendInt(b, int64(td), 10), ' '), tm.String()...)
	}
	if ty != ny {
		b = strconv.AppendInt(append(b, ' '), int64(ty), 10)
	}
	return b
}

// when formats a slot's start: "tomorrow at 9:30", "mardi 24 novembre à 9h30".
func when(t, now time.Time, lang string) string {
	var buf [64]byte
	b := append(appendDay(buf[:0], t, now, lang), text(lang, "at_time")...)
	return string(appendClock(b, t, lang))
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
