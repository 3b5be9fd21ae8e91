package understand

import (
	"strconv"
	"strings"
	"time"
)

// Rules for days and times said relative to something: to the calendar
// week ("next week", "ce week-end", "a week on Friday"), to the day under
// discussion ("the day after", "le lendemain", "the week after"), to the
// time under discussion ("same time", "une heure plus tard"); and bare
// hours given as a change ("make it 11 instead", "plutôt 11").
//
// Weeks start on Monday. "Next week" is the next calendar week, Monday to
// Sunday — never today, even on a Sunday; "this week" is from today to
// Sunday; "this weekend" is the coming Saturday and Sunday (from today on
// a weekend day), "next weekend" the one of next week.

// relativeRules returns the rules of relative days and times.
func relativeRules() []dtRule {
	return []dtRule{
		{name: "en.week", cat: catDate, lang: English, rule: englishWeek(),
			triggers: []string{"week", "weeks", "weekend", "weekends", "end", "fortnight", "wk", "nxt"}},
		{name: "fr.week", cat: catDate, lang: French, rule: frenchWeek(),
			triggers: []string{"semaine", "sem", "week", "we", "weekend", "suivante", "suivant"}},
		{name: "en.ref_day", cat: catDate, lang: English, rule: englishRefDay(),
			triggers: []string{"day", "days", "after", "next", "following", "before", "previous", "same", "week", "weeks"}},
		{name: "fr.ref_day", cat: catDate, lang: French, rule: frenchRefDay(),
			triggers: []string{"lendemain", "surlendemain", "veille", "jour", "jours", "journee", "semaine", "semaines"}},
		{name: "en.ref_time", cat: catTime, lang: English, rule: englishRefTime(),
			triggers: []string{"same", "later", "earlier", "sooner", "after", "before", "afterwards"}},
		{name: "fr.ref_time", cat: catTime, lang: French, rule: frenchRefTime(),
			triggers: []string{"meme", "tard", "tot", "avant", "apres", "plus", "moins"}},
		{name: "en.bare_hour", cat: catTime, lang: English, rule: englishBareHour(), need: fDigit,
			triggers: []string{"make", "do", "how", "what", "rather", "instead", "try", "switch", "change", "move", "push",
				"go", "ok", "okay", "then", "better", "work", "maybe", "perhaps"}},
		{name: "fr.bare_hour", cat: catTime, lang: French, rule: frenchBareCorrection(), need: fDigit,
			triggers: []string{"plutot", "disons", "mettons", "va", "dit", "alors", "sinon", "et", "bien"}},
		{name: "fr.weekday_day", cat: catDate, lang: French, rule: frenchWeekdayDay(), need: fDigit,
			triggers: strings.Split(frWeekdays, "|")},
	}
}

// weekdayIndex is the place of a day in a week that starts on Monday.
func weekdayIndex(wd time.Weekday) int { return (int(wd) + 6) % 7 }

// englishWeek reads "next week", "this week", "the week after", "early
// next week", "this weekend", "next weekend", "in a fortnight", "a week
// today".
func englishWeek() pattern {
	return rule(`(?:^|\W)((?:the\s+)?week\s+after\s+next|(?:the\s+)?w(?:ee)?k\s+after|`+
		`(early|late|mid|(?:the\s+)?(?:end|beginning|start|middle)\s+of)?\s*(?:next|nxt|the\s+following|the\s+next|the\s+coming)\s+w(?:ee)?k|`+
		`(early|late|mid|(?:by\s+)?(?:the\s+)?(?:end|beginning|start|middle)\s+of|later)?\s*this\s+w(?:ee)?k|`+
		`((?:by\s+)?(?:the\s+)?(?:end|beginning|start|middle)\s+of)\s+the\s+w(?:ee)?k|`+
		`(next|this|the|over\s+the|on\s+the|at\s+the|this\s+coming|the\s+coming)?\s*week\s*-?\s*ends?|`+
		`(?:in\s+)?a\s+fortnight|(?:in\s+)?(?:a|one)\s+week\s+(?:from\s+)?today|this\s+time\s+next\s+week|`+
		`(?:the\s+)?same\s+day\s+next\s+week)(?:\W|$)|`+
		// "same time next week": the date only, the time is the time rule's.
		`(?:^|\W)(?:at\s+)?(?:the\s+)?same\s+time\s+(next\s+week)(?:\W|$)`,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			s, part := caps[0], caps[1]+caps[2]+caps[3]
			today := env.today
			this := mondayOf(today, today)
			switch {
			case strings.Contains(s, "week after next"):
				return setWeek(v, this+14, 0, 6)
			case strings.Contains(s, "fortnight"):
				return setDays(v, 14, 7) // that week, as "in two weeks"
			case strings.Contains(s, "same") || caps[5] != "":
				// "same day/time next week": a week after the day under
				// discussion.
				return setRefDay(v, env, 7, true)
			case strings.Contains(s, "today"), strings.Contains(s, "time next week"):
				return setDays(v, 7, 0)
			case strings.Contains(s, "end") && !strings.Contains(s, "end of"):
				if caps[4] == "next" {
					return setWeek(v, this+7, 5, 6)
				}
				return setWeek(v, this, 5, 6)
			case strings.Contains(s, "after"):
				// The week after the day under discussion's, or this one's.
				ref := today
				if env.ref != nil {
					ref = *env.ref
				}
				return setWeekPart(v, mondayOf(today, ref)+7, "")
			case strings.Contains(s, "this") || strings.Contains(s, "the week") || strings.Contains(s, "the wk"):
				if strings.HasPrefix(part, "by") {
					return setWeek(v, this, 0, 6) // "by the end of the week": from today
				}
				if part == "later" {
					return setWeek(v, this, weekdayIndex(today.Weekday())+1, 6)
				}
				return setWeekPart(v, this, part)
			}
			return setWeekPart(v, this+7, part)
		})
}

// setWeekPart records a week, or its beginning (Monday to Wednesday) or
// its end (Thursday to Sunday).
func setWeekPart(v *dtValue, monday int, part string) bool {
	switch {
	case strings.Contains(part, "mid"), strings.Contains(part, "milieu"):
		return setWeek(v, monday, 1, 3)
	case strings.Contains(part, "early"), strings.Contains(part, "beginning"), strings.Contains(part, "start"),
		strings.Contains(part, "debut"):
		return setWeek(v, monday, 0, 2)
	case strings.Contains(part, "late"), strings.Contains(part, "end"), strings.Contains(part, "fin"):
		return setWeek(v, monday, 3, 6)
	}
	return setWeek(v, monday, 0, 6)
}

// frenchWeek reads "la semaine prochaine", "cette semaine", "la semaine
// d'après", "en début de semaine prochaine", "ce week-end", "le week-end
// prochain", "sem pro".
func frenchWeek() pattern {
	return rule(`(?:^|\W)(((?:en|au|a\s+la)\s+)?(debut|fin|milieu)\s+de\s+(?:la\s+)?semaine(\s+(?:prochaine|pro|proch))?|`+
		`(?:la\s+)?sem(?:aine)?\s+(?:prochaine|pro|proch|qui\s+vient)|`+
		`(?:la\s+)?semaine\s+(?:d\W?apres|suivante|qui\s+suit)|`+
		`cette\s+semaine|dans\s+la\s+semaine|d\W?ici\s+(?:la\s+)?fin\s+de\s+(?:la\s+)?semaine|`+
		`(?:ce|le|du|au|pendant\s+le|en)\s+(?:week\W?end|we|w\W?e)(?:\s+(prochain|pro|d\W?apres|qui\s+vient))?|`+
		`(?:le\s+)?meme\s+jour\s+la\s+semaine\s+(?:prochaine|d\W?apres|suivante))(?:\W|$)|`+
		// "même heure la semaine prochaine": the date only, the time is the
		// time rule's.
		`(?:^|\W)(?:(?:a\s+)?la\s+)?meme\s+heure\s+(la\s+semaine\s+(?:prochaine|d\W?apres|suivante))(?:\W|$)`,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			s := caps[0]
			today := env.today
			this := mondayOf(today, today)
			switch {
			case strings.Contains(s, "meme") || caps[5] != "":
				// "même heure la semaine prochaine": a week after the day
				// under discussion.
				return setRefDay(v, env, 7, true)
			case strings.Contains(s, "week") || strings.HasSuffix(s, " we") || strings.Contains(s, "we ") || strings.Contains(s, "w e"):
				if caps[4] != "" {
					return setWeek(v, this+7, 5, 6)
				}
				return setWeek(v, this, 5, 6)
			case strings.HasPrefix(s, "d") && strings.Contains(s, "ici"):
				return setWeek(v, this, 0, 6)
			case caps[2] != "":
				// "en fin de semaine" is this week's end; with "prochaine",
				// next week's.
				if caps[3] != "" {
					return setWeekPart(v, this+7, caps[2])
				}
				return setWeekPart(v, this, caps[2])
			case strings.Contains(s, "cette"), strings.Contains(s, "dans la"):
				return setWeek(v, this, 0, 6)
			case strings.Contains(s, "apres"), strings.Contains(s, "suivante"), strings.Contains(s, "suit"):
				ref := today
				if env.ref != nil {
					ref = *env.ref
				}
				return setWeek(v, mondayOf(today, ref)+7, 0, 6)
			}
			return setWeek(v, this+7, 0, 6)
		})
}

// setRefDay records the day n days from the day under discussion, or
// from today when there is none and fromToday allows it ("the next day"
// with nothing discussed is tomorrow; "that day" is nothing).
func setRefDay(v *dtValue, env *dtEnv, n int, fromToday bool) bool {
	ref := env.ref
	if ref == nil {
		if !fromToday {
			v.noRef = true
			return false
		}
		ref = &env.today
		v.fromRef, v.refDays = true, n
	}
	return setDays(v, daysBetween(env.today, *ref)+n, 0)
}

// englishRefDay reads "the day after", "the next day", "the following
// day", "the day before", "that day", "the same day"; counted from the day
// under discussion, "two days later", "a week later", and a shift of it,
// "push it back a week", "bring it forward two days", "postpone by a week"
// (said before the day under discussion is known, a day from today that
// also counts from it once it is: Result.RefDays);
// and "a week from tomorrow", "two weeks from today", "ten days from now"
// (from today, whatever is discussed).
func englishRefDay() pattern {
	n := `(a|one|two|three|four|five|six|seven|ten|\d{1,2})`
	return rule(`(?:^|\W)((?:the\s+)?day\s+after|(?:the\s+)?next\s+day|(?:the\s+)?following\s+day|(?:the\s+)?day\s+before|`+
		`(?:the\s+)?previous\s+day|(?:the\s+)?(?:same|that)\s+day|`+n+`\s+(days?|weeks?)\s+(later|after|earlier|before)|`+
		`(back|forward|by)\s+(?:by\s+)?`+n+`\s+(days?|weeks?)|`+n+`\s+(days?|weeks?)\s+from\s+(today|now|tomorrow))(?:\W|$)`,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			count := func(num, unit string) (int, bool) {
				k, ok := englishNumber(num)
				if num == "a" {
					k, ok = 1, true
				}
				if strings.HasPrefix(unit, "week") {
					k *= 7
				}
				return k, ok
			}
			switch {
			case caps[1] != "":
				// "two days later", "a week later": from the day under
				// discussion.
				k, ok := count(caps[1], caps[2])
				if !ok {
					return false
				}
				if caps[3] == "earlier" || caps[3] == "before" {
					return setRefDay(v, env, -k, false)
				}
				return setRefDay(v, env, k, true)
			case caps[4] != "":
				// "push it back a week", "bring it forward two days": the
				// day under discussion moved; nothing without one.
				k, ok := count(caps[5], caps[6])
				if !ok {
					return false
				}
				if caps[4] == "forward" {
					return setRefDay(v, env, -k, false)
				}
				// Said before the booking is found, it counts from it
				// once it is (Result.RefDays).
				return setRefDay(v, env, k, true)
			case caps[7] != "":
				k, ok := count(caps[7], caps[8])
				if !ok {
					return false
				}
				if caps[9] == "tomorrow" {
					k++
				}
				return setDays(v, k, 0)
			}
			switch s := caps[0]; {
			case strings.Contains(s, "before"), strings.Contains(s, "previous"):
				return setRefDay(v, env, -1, false)
			case strings.Contains(s, "same"), strings.Contains(s, "that"):
				return setRefDay(v, env, 0, false)
			}
			return setRefDay(v, env, 1, true)
		})
}

// frenchRefDay reads "le lendemain", "le surlendemain", "le jour
// d'après", "la veille", "le même jour", "ce jour-là"; counted from the day
// under discussion, "deux jours plus tard", "une semaine après"; and a shift
// of it, "repousser d'une semaine", "décaler de deux jours" (later),
// "avancer d'une semaine" (earlier).
func frenchRefDay() pattern {
	n := `(un|une|deux|trois|quatre|cinq|\d)`
	return rule(`(?:^|\W)((?:le\s+)?(?:sur)?lendemain|le\s+jour\s+(?:d\W?apres|suivant|d\W?avant|precedent|meme)|la\s+veille|`+
		`le\s+meme\s+jour|ce\s+jour\W?la|(?:la\s+)?journee\s+(?:d\W?apres|suivante)|`+
		n+`\s+(jours?|semaines?)\s+(plus\s+tard|apres|plus\s+tot|avant))(?:\W|$)|`+
		// A shift: the verb "avancer" (earlier) is not part of the match.
		`(?:^|\W)avan[cç]\w*(?:\s+\S+){0,4}?\s+(d(?:e\s+|\W\s*)`+n+`\s+(jours?|semaines?))(?:\W|$)|`+
		`(?:^|\W)(d(?:e\s+|\W\s*)`+n+`\s+(jours?|semaines?))(?:\W|$)`,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			count := func(num, unit string) (int, bool) {
				k, ok := frenchNumber(num)
				if strings.HasPrefix(unit, "semaine") {
					k *= 7
				}
				return k, ok
			}
			switch {
			case caps[1] != "":
				k, ok := count(caps[1], caps[2])
				if !ok {
					return false
				}
				if strings.Contains(caps[3], "tot") || caps[3] == "avant" {
					return setRefDay(v, env, -k, false)
				}
				return setRefDay(v, env, k, true)
			case caps[4] != "":
				k, ok := count(caps[5], caps[6])
				return ok && setRefDay(v, env, -k, false)
			case caps[7] != "":
				k, ok := count(caps[8], caps[9])
				return ok && setRefDay(v, env, k, true)
			}
			switch s := caps[0]; {
			case strings.Contains(s, "surlendemain"):
				return setRefDay(v, env, 2, true)
			case strings.Contains(s, "veille"), strings.Contains(s, "avant"), strings.Contains(s, "precedent"):
				return setRefDay(v, env, -1, false)
			case strings.Contains(s, "meme"), strings.Contains(s, "jour la"), strings.Contains(s, "jour-la"):
				return setRefDay(v, env, 0, false)
			}
			return setRefDay(v, env, 1, true)
		})
}

// setRefTime records the time under discussion moved by delta minutes.
func setRefTime(v *dtValue, env *dtEnv, delta int) bool {
	if env.refTime == nil {
		return false
	}
	t := int(*env.refTime) + delta
	if t < 0 || t >= 24*60 {
		return false
	}
	return setClock(v, t/60, t%60, "", true)
}

// englishRefTime reads "same time", "an hour later", "30 minutes
// earlier", "half an hour later".
func englishRefTime() pattern {
	return rule(`(?:^|\W)((?:at\s+)?(?:the\s+)?same\s+(?:time|hour)|`+
		`(an?|one|two|three|half\s+an?|a\s+quarter\s+of\s+an|\d{1,3}|ten|fifteen|twenty|thirty|forty\W?five)\s*`+
		`(hours?|hrs?|h|minutes?|mins?)\s+(later|earlier|sooner|after|before|afterwards))(?:\W|$)`,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			if caps[1] == "" {
				return setRefTime(v, env, 0)
			}
			d, ok := deltaMinutes(caps[1], caps[2])
			if !ok {
				return false
			}
			if caps[3] == "earlier" || caps[3] == "sooner" || caps[3] == "before" {
				d = -d
			}
			return setRefTime(v, env, d)
		})
}

// frenchRefTime reads "même heure", "à la même heure", "une heure plus
// tard", "30 minutes plus tôt", "une demi-heure plus tard".
func frenchRefTime() pattern {
	return rule(`(?:^|\W)((?:a\s+)?(?:la\s+)?meme\s+heure|`+
		`(une|deux|trois|une\s+demi|un\s+quart\s+d|\d{1,3}|dix|quinze|vingt|trente|quarante\W?cinq)\W*`+
		`(heures?|h|minutes?|mins?|mn)\s+(plus\s+tard|plus\s+tot|avant|apres|de\s+plus|de\s+moins))(?:\W|$)`,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			if caps[1] == "" {
				return setRefTime(v, env, 0)
			}
			d, ok := deltaMinutes(caps[1], caps[2])
			if !ok {
				return false
			}
			if strings.Contains(caps[3], "tot") || caps[3] == "avant" || strings.Contains(caps[3], "moins") {
				d = -d
			}
			return setRefTime(v, env, d)
		})
}

// deltaMinutes reads a duration of hours or minutes: "an hour", "30
// min", "half an hour", "une demi-heure", "un quart d'heure".
func deltaMinutes(count, unit string) (int, bool) {
	count = strings.Join(strings.Fields(strings.NewReplacer("-", " ").Replace(count)), " ")
	var n int
	switch count {
	case "a", "an", "one", "une":
		n = 1
	case "half a", "half an", "une demi":
		return 30, strings.HasPrefix(unit, "h")
	case "a quarter of an", "un quart d":
		return 15, strings.HasPrefix(unit, "h")
	default:
		var ok bool
		if n, ok = englishNumber(count); !ok {
			switch count {
			case "fifteen", "quinze":
				n = 15
			case "twenty", "vingt":
				n = 20
			case "thirty", "trente":
				n = 30
			case "forty five", "quarante cinq":
				n = 45
			default:
				if n, ok = frenchNumber(count); !ok {
					return 0, false
				}
			}
		}
	}
	if strings.HasPrefix(unit, "h") {
		n *= 60
	}
	if n <= 0 || n >= 24*60 {
		return 0, false
	}
	return n, true
}

// englishBareHour reads a bare hour given as a change: "make it 11
// instead", "can we do 11", "how about 3?", "11 rather", "4 would be
// better". Read in opening hours: "how about 3?" is 15:00.
func englishBareHour() pattern {
	return rule(`(?:^|\W)(?:(make\s+it|do|how\s+about|what\s+about|rather|instead|try|maybe|perhaps|switch\s+(?:it\s+)?to|`+
		`change\s+(?:it\s+)?to|move\s+(?:it\s+)?to|push\s+(?:it\s+)?to|go\s+for|ok\s+for|okay\s+for)\s+(?:at\s+)?(\d{1,2})(?:[:.](\d{2}))?|`+
		`(\d{1,2})(?:[:.](\d{2}))?\s+(instead|rather|then|works\s+better|would\s+be\s+better|is\s+better|would\s+work\s+better))`+
		`(\s*(?:am|pm|a\.m|p\.m|o'?clock|h\b|st|nd|rd|th|days?|weeks?|months?|years?|people|persons?|of|hours?|hrs?|minutes?|mins?|`+
		`percent|%|dollars?|euros?|/|-|`+enMonthNames+`))?(?:[^\w:/]|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			if caps[6] != "" {
				return false // "make it 11 am" is read by the am/pm rule; "do 2 people" is no time
			}
			h, m := caps[1], caps[2]
			if caps[0] == "" {
				h, m = caps[3], caps[4]
			}
			return setBareHour(v, h, m)
		})
}

// frenchBareCorrection reads a bare hour given as a change: "plutôt 11",
// "disons 15", "va pour 10", "et 11 ?".
func frenchBareCorrection() pattern {
	return rule(`(?:^|\W)(plutot|disons|mettons|va\s+pour|on\s+dit|alors|ou\s+bien|sinon|et)\s+(?:(?:a|vers)\s+)?(\d{1,2})(?:[:.](\d{2}))?`+
		`(\s*(?:h|heures?|jours?|semaines?|mois|ans?|personnes?|minutes?|min|euros?|e|er|eme|%|/|-|`+frMonths+`)\b)?(?:[^\w:/]|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			if caps[3] != "" {
				return false // "plutôt 11h" is read by the hour rule; "et 3 personnes" is no time
			}
			return setBareHour(v, caps[1], caps[2])
		})
}

// setBareHour records an hour from 1 to 23, read in opening hours when
// it could be either half of the day.
func setBareHour(v *dtValue, hourS, minS string) bool {
	hour, err := strconv.Atoi(hourS)
	if err != nil || hour < 1 || hour > 23 {
		return false
	}
	minute := 0
	if minS != "" {
		minute, _ = strconv.Atoi(minS)
	}
	return setClock(v, hour, minute, "", hour > 12)
}

// frenchWeekdayDay reads the day of the month after a weekday: the 10 of
// "jeudi 10". "jeudi 10h" is a time.
func frenchWeekdayDay() pattern {
	return rule(`(?:^|\W)(?:`+frWeekdays+`)\s+(\d{1,2}|1er|premier)(\s*(?:h\b|heures?|[:.h]\d|personnes?|jours?|ans?|minutes?|min\b|eme\b|e\b|%))?(?:[^\w:/]|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			if caps[1] != "" {
				return false
			}
			day := 1
			if caps[0] != "1er" && caps[0] != "premier" {
				day, _ = strconv.Atoi(caps[0])
			}
			return setDay(v, day, 0)
		})
}
