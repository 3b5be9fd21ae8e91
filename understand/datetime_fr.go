package understand

import (
	"strconv"
	"strings"
	"time"
)

// Patterns shared by the French rules. They read folded text: "après-midi"
// is "apres-midi", "août" is "aout".
const (
	frMonths = `janvier|janv|fevrier|fevr|fev|mars|avril|avr|mai|juin|juillet|juil|aout|septembre|sept|` +
		`octobre|oct|novembre|nov|decembre|dec`
	frWeekdays  = `lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche`
	frHourWords = `une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|` +
		`seize|dix[- ]sept|dix[- ]huit|dix[- ]neuf|vingt|vingt[- ]et[- ]une|vingt[- ]deux|vingt[- ]trois`
	frMinutes = `et\s+demie?|et\s+quart|moins\s+le\s+quart|moins\s+(?:\d{1,2}|cinq|dix|vingt)|` +
		`(?:\d{2}|quinze|trente|quarante[- ]cinq|dix|vingt|cinq)`
	frPods = `du\s+matin|de\s+l\W?apres\W?midi|de\s+l\W?aprem|du\s+soir|ce\s+soir|le\s+matin|le\s+soir|dans\s+la\s+soiree`
)

// frenchDateTimeRules returns the French rules.
func frenchDateTimeRules() []dtRule {
	months := strings.Split(frMonths, "|")
	weekdays := strings.Split(frWeekdays, "|")
	return []dtRule{
		{name: "fr.casual", cat: catDate, lang: French, rule: frenchCasualDate(),
			triggers: []string{"aujourd", "aujourdhui", "auj", "ajd", "demain", "dem1", "dm1", "2m1", "ap", "soir", "matin", "midi", "apres",
				"aprem", "heure", "journee"}},
		{name: "fr.weekday", cat: catDate, lang: French, rule: frenchWeekday(), triggers: weekdays},
		{name: "fr.day_month", cat: catDate, lang: French, rule: frenchDayMonth(), triggers: months},
		{name: "fr.day", cat: catDate, lang: French, rule: frenchDay(), triggers: []string{"le"}, need: fDigit},
		{name: "fr.month", cat: catDate, lang: French, rule: frenchMonthAlone(), triggers: months},
		{name: "fr.relative", cat: catDate, lang: French, rule: frenchInDays(), triggers: []string{"jour", "jours", "semaine", "semaines", "ds", "dans"}},
		{name: "fr.slash", cat: catDate, lang: French, rule: slashDate(true), features: fSlash},
		{name: "fr.hour", cat: catTime, lang: French, rule: frenchHour(), features: fHourH,
			triggers: append([]string{"heure", "heures"}, strings.Split(strings.NewReplacer("[- ]", "|").Replace(frHourWords), "|")...)},
		{name: "fr.noon", cat: catTime, lang: French, rule: frenchNoon(), triggers: []string{"midi", "minuit"}},
		{name: "fr.a_hour", cat: catTime, lang: French, rule: frenchBareHour(), triggers: []string{"a", "vers"}, need: fDigit},
		{name: "fr.part_of_day", cat: catPartOfDay, lang: French, rule: frenchPartOfDay(),
			triggers: []string{"matin", "matinee", "apres", "aprem", "soir", "soiree", "journee"}},
		{name: "fr.approx", cat: catApprox, lang: French, rule: frenchApprox(),
			triggers: []string{"vers", "environ", "alentours", "autour", "coups", "peu"}},
	}
}

func frenchCasualDate() pattern {
	return rule(`(?:^|\W)(aujourd\W?hui|auj|ajd|apres\W?demain|ap\W?dem(?:ain|1)|demain|dem1|dm1|2m1|ce\s+soir|ce\s+matin|ce\s+midi|cet\s+apres\W?midi|`+
		`cette\s+apres\W?midi|cet\s+aprem|tout\s+a\s+l\W?heure|dans\s+la\s+journee|plus\s+tard\s+aujourd\W?hui)(?:\W|$)|`+
		`(?:^|\W)(plus\s+(?:tard|tot)\s+dans\s+la\s+journee)(?:\W|$)`,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			s := caps[0]
			switch {
			case caps[1] != "":
				// "plus tard dans la journée" is the day under discussion.
				return setRefDay(v, env, 0, true)
			case strings.HasPrefix(s, "ap"):
				return addDays(v, 2)
			case s == "demain", s == "dem1", s == "dm1", s == "2m1":
				return addDays(v, 1)
			}
			return addDays(v, 0)
		})
}

func frenchWeekday() pattern {
	return rule(`(?:^|\W)(?:(ce|cette)\s+)?(`+frWeekdays+`)`+
		`(?:\s+(prochain|qui\s+vient|d\W?apres|de\s+la\s+semaine\s+prochaine|la\s+semaine\s+prochaine|`+
		`de\s+cette\s+semaine|cette\s+semaine|en\s+(?:huit|8|quinze|15)|pro|proch))?(?:\W|$)`,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			wd, ok := frenchWeekdayOf(caps[1])
			if !ok {
				return false
			}
			suffix := caps[2]
			switch {
			case strings.Contains(suffix, "semaine prochaine"):
				return setWeekday(v, env.today, wd, "nextweek")
			case strings.Contains(suffix, "cette semaine"):
				return setWeekday(v, env.today, wd, "thisweek")
			case strings.HasPrefix(suffix, "en "):
				// "vendredi en huit" is the Friday after next.
				setWeekday(v, env.today, wd, "next")
				v.ahead += 7 * 24 * time.Hour
				if suffix == "en quinze" || suffix == "en 15" {
					v.ahead += 7 * 24 * time.Hour
				}
				return true
			case caps[0] != "" && suffix == "":
				return setWeekday(v, env.today, wd, "this")
			}
			return setWeekday(v, env.today, wd, "next")
		})
}

func frenchWeekdayOf(s string) (time.Weekday, bool) {
	switch s {
	case "dimanche":
		return time.Sunday, true
	case "lundi":
		return time.Monday, true
	case "mardi":
		return time.Tuesday, true
	case "mercredi":
		return time.Wednesday, true
	case "jeudi":
		return time.Thursday, true
	case "vendredi":
		return time.Friday, true
	case "samedi":
		return time.Saturday, true
	}
	return 0, false
}

// frenchDayMonth reads "le 3 mars", "3 mars 2025", "1er avril".
func frenchDayMonth() pattern {
	return rule(`(?:^|\W)(?:le\s+)?(1er|premier|\d{1,2})\s*(`+frMonths+`)\.?(?:\s+(\d{4}))?(?:\W|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			day := 1
			if caps[0] != "1er" && caps[0] != "premier" {
				day, _ = strconv.Atoi(caps[0])
			}
			month := frenchMonth(caps[1])
			if caps[2] != "" {
				y, _ := strconv.Atoi(caps[2])
				setYear(v, y)
			}
			return setDay(v, day, month)
		})
}

// frenchMonthAlone reads a month said without a day ("en janvier", "au
// mois de mars"): no date alone, as "in January" is not in English, but
// the month of a weekday said with it ("un mardi en janvier").
func frenchMonthAlone() pattern {
	// The preposition is in a group, so that the expression starts with it:
	// "un mardi au mois de mars" is one expression.
	return rule(`(?:^|\W)(en\s+|au\s+mois\s+(?:de\s+|d'\s*|d\s+)|courant\s+)(`+frMonths+`)\.?(?:\s+(\d{4}))?(?:\W|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			month := frenchMonth(caps[1])
			if month == 0 {
				return false
			}
			v.month, v.hasMonth = month, true
			if caps[2] != "" {
				y, _ := strconv.Atoi(caps[2])
				setYear(v, y)
			}
			return true
		})
}

func frenchMonth(s string) int {
	switch {
	case strings.HasPrefix(s, "janv"):
		return 1
	case strings.HasPrefix(s, "fev"):
		return 2
	case s == "mars":
		return 3
	case strings.HasPrefix(s, "avr"):
		return 4
	case s == "mai":
		return 5
	case s == "juin":
		return 6
	case strings.HasPrefix(s, "juil"):
		return 7
	case s == "aout":
		return 8
	case strings.HasPrefix(s, "sept"):
		return 9
	case strings.HasPrefix(s, "oct"):
		return 10
	case strings.HasPrefix(s, "nov"):
		return 11
	case strings.HasPrefix(s, "dec"):
		return 12
	}
	return 0
}

// frenchDay reads a day of the month without its month: "le 14", "le 3 du
// mois". "le premier" alone is a choice ("the first one"), not a date, and
// "le 10h" is a time.
func frenchDay() pattern {
	return rule(`(?:^|\W)le\s+(1er|premier|\d{1,2})(?:\s+(du\s+mois\s+prochain|du\s+mois|de\s+ce\s+mois(?:\W?ci)?))?`+
		`(\s*(?:h|heures?|minutes?|min|personnes?|jours?|ans?|euros?|eme|e)\b)?(?:[^\w:/]|$)`,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			if caps[2] != "" {
				return false
			}
			day := 1
			switch caps[0] {
			case "premier":
				if caps[1] == "" {
					return false
				}
			case "1er":
			default:
				day, _ = strconv.Atoi(caps[0])
			}
			month := 0
			if strings.Contains(caps[1], "prochain") {
				month = int(env.today.Month)%12 + 1
				if month == 1 {
					setYear(v, env.today.Year+1)
				}
			}
			return setDay(v, day, month)
		})
}

// frenchInDays reads "dans 3 jours", "dans deux semaines", "ds 15j".
// "Huit jours" and "quinze jours" are, in French, a week and two weeks.
func frenchInDays() pattern {
	// "dans" is in a group, so that the expression starts with it: "mardi
	// dans quinze jours" is one expression.
	return rule(`(?:^|\W)(dans|ds)\s+(\d{1,2}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze)\s*(jours?|jrs?|j|semaines?|sem)(?:\W|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			n, ok := frenchNumber(caps[1])
			if !ok {
				return false
			}
			switch {
			case strings.HasPrefix(caps[2], "s"):
				n *= 7
			case n == 8 || n == 15:
				n--
			default:
				return addDays(v, n)
			}
			// "Dans trois semaines", "dans quinze jours": that week, not that
			// very day (a Sunday most practices close).
			return setDays(v, int(v.ahead/(24*time.Hour))+n, 7)
		})
}

// frenchHour reads "15h", "15h30", "15 h", "9h du matin", "dix heures et
// demie", "3 heures de l'après-midi". "dans deux heures" and "pendant deux
// heures" are durations, not times.
func frenchHour() pattern {
	return rule(`(?:^|[^\w:])((?:dans|pendant|durant|depuis|en|il\s+y\s+a)\s+)?(\d{1,2}|`+frHourWords+`)\s*(h|heures?)`+
		`(?:\s*(`+frMinutes+`))?(?:\s+(`+frPods+`))?(?:[^\w:]|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			if caps[0] != "" {
				return false
			}
			hour, ok := frenchNumber(caps[1])
			if !ok {
				return false
			}
			if caps[2] == "h" && (caps[1][0] < '0' || caps[1][0] > '9') {
				return false // "une h" is not how anyone writes an hour
			}
			minute, hourDelta, ok := frenchMinutes(caps[3])
			if !ok {
				return false
			}
			hour += hourDelta
			mer := podMeridiem(caps[4])
			if hour > 12 || hour == 0 {
				mer = ""
			}
			return setClock(v, hour, minute, mer, hour > 12 || hour == 0 || mer != "")
		})
}

// frenchMinutes reads what follows the hour: "30", "et demie", "moins le
// quart" (which moves the hour back by one).
func frenchMinutes(s string) (minute, hourDelta int, ok bool) {
	s = strings.Join(strings.Fields(s), " ")
	switch {
	case s == "":
		return 0, 0, true
	case strings.HasPrefix(s, "et demi"):
		return 30, 0, true
	case s == "et quart":
		return 15, 0, true
	case s == "moins le quart":
		return 45, -1, true
	case strings.HasPrefix(s, "moins "):
		n, ok := frenchNumber(strings.TrimPrefix(s, "moins "))
		if !ok || n <= 0 || n >= 60 {
			return 0, 0, false
		}
		return 60 - n, -1, true
	}
	n, ok := frenchNumber(s)
	if !ok || n > 59 {
		return 0, 0, false
	}
	return n, 0, true
}

// frenchNoon reads "midi", "à midi et demi", "minuit". The "midi" of
// "après-midi" is a part of the day, not noon.
func frenchNoon() pattern {
	return rule(`(?:^|\W)(apres\W?midi|midi|minuit)(?:\s*(`+frMinutes+`))?(?:[^\w:]|$)|(?:^|\W)((?:temps\s+de|pause(?:\s+de)?)\s+midi)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			if strings.HasPrefix(caps[0], "apres") || caps[2] != "" {
				return false // "sur le temps de midi" is lunchtime, not 12:00
			}
			hour := 12
			if caps[0] == "minuit" {
				hour = 24
			}
			minute, delta, ok := frenchMinutes(caps[1])
			if !ok {
				return false
			}
			hour += delta
			if hour == 24 {
				hour = 0
			}
			return setClock(v, hour, minute, "", true)
		})
}

// frenchBareHour reads "à 10" or "vers 4": an hour after "à" with no "h".
func frenchBareHour() pattern {
	return rule(`(?:^|\W)(a|vers)\s+(\d{1,2})(?:[.:](\d{2}))?`+
		`(\s*(?:jours?|semaines?|mois|ans?|personnes?|minutes?|min|enfants?|km|euros?|pas|ou|eme|e|er|%)\b)?(?:[^\w:/]|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			if caps[3] != "" {
				return false
			}
			hour, _ := strconv.Atoi(caps[1])
			minute := 0
			if caps[2] != "" {
				minute, _ = strconv.Atoi(caps[2])
			}
			return setClock(v, hour, minute, "", hour > 12 || hour == 0)
		})
}

func frenchPartOfDay() pattern {
	return rule(`(?:^|\W)(bonne?\s+)?(fin\s+de\s+matinee|debut\s+de\s+matinee|matinees?|matins?|`+
		`(?:debut|fin)\s+d\W?apres\W?midi|apres\W?midi|aprem|fin\s+de\s+journee|soirees?|soirs?)(?:\W|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			if caps[0] != "" {
				return false // "bonne soirée" is a goodbye
			}
			s := caps[1]
			switch {
			case strings.Contains(s, "matin"):
				return setPartOfDay(v, Morning)
			case strings.Contains(s, "midi"), strings.Contains(s, "aprem"):
				return setPartOfDay(v, Afternoon)
			}
			return setPartOfDay(v, Evening)
		})
}

func frenchApprox() pattern {
	return rule(`(?:^|\W)(vers|environ|aux\s+alentours\s+de|autour\s+de|sur\s+les\s+coups\s+de|a\s+peu\s+pres)(?:\W|$)`,
		func([]string, *dtValue, *dtEnv) bool { return true })
}

// frenchNumber reads "4", "quatre", "dix-sept", "vingt et une".
func frenchNumber(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	if s[0] >= '0' && s[0] <= '9' {
		n, err := strconv.Atoi(s)
		return n, err == nil
	}
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' }), " ")
	words := map[string]int{
		"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
		"neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
		"seize": 16, "dix sept": 17, "dix huit": 18, "dix neuf": 19, "vingt": 20, "vingt et une": 21,
		"vingt deux": 22, "vingt trois": 23, "trente": 30, "quarante cinq": 45,
	}
	n, ok := words[s]
	return n, ok
}

// slashDate reads 3/4 and 3/4/2025. In French it is day/month. In English
// it is month/day when both readings are possible (North American usage,
// where our English-speaking customers mostly are), and day/month when only
// that one is a date (14/3).
func slashDate(dayFirst bool) pattern {
	return rule(`(?:^|[^\w/])(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?(?:[^\w/]|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			a, _ := strconv.Atoi(caps[0])
			b, _ := strconv.Atoi(caps[1])
			day, month := a, b
			if !dayFirst && a <= 12 {
				day, month = b, a
			}
			if month < 1 || month > 12 {
				day, month = month, day
			}
			if month < 1 || month > 12 || day < 1 || day > 31 {
				return false
			}
			if caps[2] != "" {
				y, _ := strconv.Atoi(caps[2])
				if y < 100 {
					y += 2000
				}
				setYear(v, y)
			}
			return setDay(v, day, month)
		})
}
