package understand

import (
	"strings"
	"time"
)

// Parts of a month, in English and French: "early January", "the first
// week of January", "mid-March", "late March", "the end of the month", "at
// the end of next month", "next month"; "début janvier", "la première
// semaine de janvier", "mi-mars", "fin mars", "la fin du mois", "le mois
// prochain". Each is a span of days, from today on: the beginning is the
// 1st to the 10th, the middle the 11th to the 20th, the end the 21st to
// the last day, a first or last week seven days, a month alone all of it.
// A named month whose part has passed is next year's; a part of this month
// that has passed is no day. Before, "début janvier" or "the end of the
// month" was no day at all, and the earliest slots from today came back.

// monthPartRules are the rules of the parts of a month.
func monthPartRules() []dtRule {
	return []dtRule{
		{name: "en.month_part", cat: catDate, lang: English, rule: englishMonthPart(),
			triggers: []string{"early", "beginning", "start", "first", "second", "third", "fourth", "mid", "middle", "late", "end", "last", "month"}},
		{name: "fr.month_part", cat: catDate, lang: French, rule: frenchMonthPart(),
			triggers: []string{"debut", "premiere", "deuxieme", "seconde", "troisieme", "quatrieme", "mi", "milieu", "fin", "derniere", "mois"}},
	}
}

// monthPart is which days of a month are meant.
type monthPart int

const (
	wholeMonth monthPart = iota
	monthStart
	monthFirstWeek
	monthSecondWeek
	monthThirdWeek
	monthFourthWeek
	monthMiddle
	monthEnd
	monthLastWeek
)

// englishMonthPart reads "early January", "the end of the month", "next
// month". Groups: the part, a month's name, "the month"/"this month", "next
// month" after a part, "this month"/"next month" alone (whole, so that the
// match ends after "month": "next month on a Tuesday" is one expression).
func englishMonthPart() pattern {
	part := `(early|(?:the\s+)?beginning\s+of|(?:the\s+)?start\s+of|(?:the\s+)?(?:first|second|third|fourth)\s+week\s+of|mid|(?:the\s+)?middle\s+of|` +
		`late|(?:the\s+)?end\s+of|(?:the\s+)?last\s+week\s+of)`
	return rule(`(?:^|\W)(?:`+part+`\s*-?\s*(?:(`+enMonthNames+`)|(?:the|this)\s+(month)|next\s+(month))|((?:this|next)\s+month))(?:\W|$)`,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			p := wholeMonth
			switch s := caps[0]; {
			case s == "":
			case strings.Contains(s, "first week"):
				p = monthFirstWeek
			case strings.Contains(s, "second week"):
				p = monthSecondWeek
			case strings.Contains(s, "third week"):
				p = monthThirdWeek
			case strings.Contains(s, "fourth week"):
				p = monthFourthWeek
			case strings.Contains(s, "last week"):
				p = monthLastWeek
			case s == "early" || strings.Contains(s, "beginning") || strings.Contains(s, "start"):
				p = monthStart
			case s == "mid" || strings.Contains(s, "middle"):
				p = monthMiddle
			default: // late, end of
				p = monthEnd
			}
			switch {
			case caps[1] != "":
				m, ok := englishMonth(caps[1])
				return ok && setMonthPart(v, env, time.Month(m), false, p)
			case caps[2] != "" || strings.HasPrefix(caps[4], "this"):
				return setMonthPart(v, env, env.today.Month, true, p)
			default: // next month
				return setMonthPart(v, env, env.today.Month%12+1, false, p)
			}
		})
}

// frenchMonthPart reads "début janvier", "fin du mois", "le mois
// prochain". Groups: the part, a month's name, "prochain" after a part,
// "mois" (this one), "ce mois", "le mois prochain" alone.
func frenchMonthPart() pattern {
	part := `(debut|au\s+debut|en\s+debut|(?:la\s+)?(?:premiere|deuxieme|seconde|troisieme|quatrieme)\s+semaine|mi|a\s+la\s+mi|milieu|au\s+milieu|` +
		`fin|a\s+la\s+fin|en\s+fin|(?:la\s+)?derniere\s+semaine)`
	return rule(`(?:^|\W)(?:`+part+`\s*-?\s*(?:(?:de\s+|d'\s?)?(`+frMonths+`)|du\s+mois\s+(prochain)|(?:du|de\s+ce)\s+(mois)(?:-ci|\s+ci)?)|`+
		`(ce\s+mois(?:-ci|\s+ci)?|le\s+mois\s+prochain))(?:\W|$)`,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			p := wholeMonth
			switch s := caps[0]; {
			case s == "":
			case strings.Contains(s, "premiere semaine"):
				p = monthFirstWeek
			case strings.Contains(s, "deuxieme semaine"), strings.Contains(s, "seconde semaine"):
				p = monthSecondWeek
			case strings.Contains(s, "troisieme semaine"):
				p = monthThirdWeek
			case strings.Contains(s, "quatrieme semaine"):
				p = monthFourthWeek
			case strings.Contains(s, "derniere semaine"):
				p = monthLastWeek
			case strings.Contains(s, "debut"):
				p = monthStart
			case strings.HasSuffix(s, "mi") || strings.Contains(s, "milieu"):
				p = monthMiddle
			default: // fin
				p = monthEnd
			}
			switch {
			case caps[1] != "":
				m := frenchMonth(caps[1])
				return m != 0 && setMonthPart(v, env, time.Month(m), false, p)
			case caps[3] != "" || strings.HasPrefix(caps[4], "ce"):
				return setMonthPart(v, env, env.today.Month, true, p)
			default: // le mois prochain
				return setMonthPart(v, env, env.today.Month%12+1, false, p)
			}
		})
}

// setMonthPart records part p of month m as a span of days from today on:
// this year's month, or next year's when that part of it has passed
// (thisOne: the current month, whose part passed is no day).
func setMonthPart(v *dtValue, env *dtEnv, m time.Month, thisOne bool, p monthPart) bool {
	today := env.today
	for year := today.Year; year <= today.Year+1; year++ {
		last := daysIn(year, m)
		from, to := 1, last
		switch p {
		case monthStart:
			to = 10
		case monthFirstWeek:
			to = 7
		case monthSecondWeek:
			from, to = 8, 14
		case monthThirdWeek:
			from, to = 15, 21
		case monthFourthWeek:
			from, to = 22, 28
		case monthMiddle:
			from, to = 11, 20
		case monthEnd:
			from = 21
		case monthLastWeek:
			from = last - 6
		}
		start, end := Date{Year: year, Month: m, Day: from}, Date{Year: year, Month: m, Day: to}
		if end.Before(today) {
			if thisOne {
				return false
			}
			continue
		}
		if start.Before(today) {
			start = today
		}
		return setDays(v, daysBetween(today, start), daysBetween(start, end)+1)
	}
	return false
}
