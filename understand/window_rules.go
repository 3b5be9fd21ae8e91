package understand

import (
	"strconv"
	"strings"
)

// Rules for windows of the day: bounds ("after 5", "pas avant 9h", "from
// 3 on", "au plus tard à 16h"), ranges ("between 2 and 4", "entre 14h et
// 16h", "2-4pm") and named stretches ("lunchtime", "fin de matinée",
// "first thing"). A bound's hour follows the reading of every hour: 1 to 7
// are afternoon hours unless the message says otherwise.

const (
	// enBoundHour is an hour in a bound: "5", "5:30", "five", "noon", "5 pm".
	// Its groups: hour, minutes, meridiem.
	enBoundHour = `(\d{1,2}|noon|midday|midnight|` + enHourWords + `)(?:[:.](\d{2}))?(?:\s*(?:o'?\s?clock|oclock))?` +
		`(?:\s*(am|pm|a\.m\.?|p\.m\.?))?`
	// frBoundHour is an hour in a French bound: "17h", "17h30", "17",
	// "17:30", "midi", "cinq heures". Its groups: hour, "h", minutes after
	// "h", minutes after a colon.
	frBoundHour = `(\d{1,2}|midi|minuit|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze)` +
		`(?:\s*(h|heures?)\s*(\d{2})?|[:.](\d{2}))?`
	enUnits = `(\s*(?:days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|people|persons?|patients?|kids|of|st|nd|rd|th|%|percent))?`
	frUnits = `(\s*(?:jours?|semaines?|mois|ans?|personnes?|minutes?|min|euros?|enfants?|e|er|eme|%))?`
)

// boundClock reads the hour of a bound. It returns minutes of the day and
// whether the hour was written on a 12-hour reading. midnight is 0.
func boundClock(hourS, minS, meridiem string) (int, bool, bool) {
	hour, explicit := 0, false
	switch hourS {
	case "noon", "midday", "midi":
		hour, explicit = 12, true
	case "midnight", "minuit":
		hour, explicit = 0, true
	default:
		h, ok := englishNumber(hourS)
		if !ok {
			if h, ok = frenchNumber(hourS); !ok {
				return 0, false, false
			}
		}
		hour = h
	}
	minute := 0
	if minS != "" {
		minute, _ = strconv.Atoi(minS)
	}
	if hour > 23 || minute > 59 {
		return 0, false, false
	}
	switch meridiemOf(meridiem) {
	case "am":
		if hour > 12 {
			return 0, false, false
		}
		hour, explicit = hour%12, true
	case "pm":
		if hour > 12 {
			return 0, false, false
		}
		if hour < 12 {
			hour += 12
		}
		explicit = true
	}
	if hour > 12 || hour == 0 || strings.HasPrefix(hourS, "0") {
		explicit = true
	}
	return hour*60 + minute, !explicit, true
}

// englishBound reads "after 5", "not before 9", "from 3 on", "no later
// than 4", "until 6", "5 or later", "at 4 at the latest".
func englishBound() pattern {
	return rule(`(?:^|[^\w:])(?:(?:(not\s+before|no\s+earlier\s+than|not\s+earlier\s+than|no\s+sooner\s+than|`+
		`(?:any\s*time\s+)?(?:after|aftr)|later\s+than|(?:starting|beginning)\s+(?:at|from)|from|as\s+of)|`+
		`(not\s+after|no\s+later\s+than|not\s+later\s+than|(?:any\s*time\s+)?(?:before|b4|bfr)|earlier\s+than|until|till|til))`+
		`\s+(?:at\s+|around\s+)?`+enBoundHour+`(\s+(?:on|onwards?|and\s+(?:later|after)|or\s+(?:later|after)|at\s+the\s+earliest))?`+enUnits+
		`|(?:at\s+)?`+enBoundHour+`\s+(or\s+later|or\s+after|and\s+later|onwards?|at\s+the\s+earliest|or\s+earlier|or\s+before|at\s+the\s+latest))`+
		`(?:[^\w:]|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			if caps[6] != "" {
				return false // "after 5 days", "from the 3rd"
			}
			if caps[0] != "" || caps[1] != "" {
				m, twelve, ok := boundClock(caps[2], caps[3], caps[4])
				if !ok {
					return false
				}
				setBound(v, caps[1] != "", m, twelve)
				return true
			}
			m, twelve, ok := boundClock(caps[7], caps[8], caps[9])
			if !ok {
				return false
			}
			s := caps[10]
			setBound(v, strings.Contains(s, "earlier") || strings.Contains(s, "before") || strings.Contains(s, "latest"), m, twelve)
			return true
		})
}

// englishBetween reads "between 2 and 4", "from 2 to 4 pm", "2-4pm".
func englishBetween() pattern {
	h := `(\d{1,2}|noon|midday|` + enHourWords + `)(?:[:.](\d{2}))?(?:\s*(am|pm|a\.m\.?|p\.m\.?))?`
	return rule(`(?:^|[^\w:])(?:(between|from)\s+(?:at\s+)?`+h+`\s*(?:and|to|till|until|til|through|-|&)\s*(?:at\s+)?`+h+
		`|(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*-\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.?|p\.m\.?))`+enUnits+`(?:[^\w:]|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			if caps[13] != "" {
				return false
			}
			a, b := caps[1:4], caps[4:7]
			if caps[0] == "" {
				a, b = caps[7:10], caps[10:13]
			}
			return setRange(v, a[0], a[1], a[2], b[0], b[1], b[2])
		})
}

// setRange records a range from two written hours. A meridiem written on
// the upper bound only ("2 to 4 pm") is shared by the lower one when that
// keeps the range in order.
func setRange(v *dtValue, h1, m1, mer1, h2, m2, mer2 string) bool {
	from, fromTwelve, ok := boundClock(h1, m1, mer1)
	if !ok {
		return false
	}
	to, toTwelve, ok := boundClock(h2, m2, mer2)
	if !ok {
		return false
	}
	if to == 0 {
		to = 24 * 60 // "until midnight"
	}
	setBound(v, false, from, fromTwelve)
	setBound(v, true, to, toTwelve)
	v.toPM = meridiemOf(mer2) == "pm"
	return true
}

// frenchBound reads "après 17h", "pas avant 9h", "à partir de 15h", "dès
// 8h", "avant 10h", "jusqu'à 18h", "au plus tard à 16h", "17h au plus
// tôt", "16h dernier délai".
func frenchBound() pattern {
	return rule(`(?:^|[^\w:])(?:(?:(pas\s+avant|(?:a\s+)?partir\s+de|a\s+compter\s+de|des|apres|apr|ap|passe|plus\s+tard\s+que|`+
		`au\s+plus\s+tot(?:\s+(?:a|vers))?|pas\s+plus\s+tot\s+que)|`+
		`(pas\s+apres|avant|avt|av|jusqu\W?(?:a|au|vers)|au\s+plus\s+tard(?:\s+(?:a|vers))?|pas\s+plus\s+tard\s+que|plus\s+tot\s+que))`+
		`\s*(?:(?:a|vers)\s+)?`+frBoundHour+`(\s+(?:ou\s+plus\s+tard|et\s+plus|ou\s+apres|au\s+plus\s+tot))?`+frUnits+
		`|(?:(?:a|vers)\s+)?`+frBoundHour+`\s+(au\s+plus\s+tot|ou\s+plus\s+tard|et\s+plus|ou\s+apres|au\s+plus\s+tard|ou\s+avant|`+
		`ou\s+plus\s+tot|dernier\s+delai|grand\s+max|max(?:imum)?))(?:[^\w:]|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			if caps[0] != "" || caps[1] != "" {
				if caps[7] != "" {
					return false // "avant 2 jours", "après le 3e"
				}
				hour, h := caps[2], caps[3]
				switch caps[0] + caps[1] {
				case "des", "apr", "ap", "avt", "av":
					if h == "" && hour != "midi" && hour != "minuit" {
						// "des 3 dentistes" is an article, "dès 15h" a bound; the
						// texted "apr 17h", "avt 10h" need their "h".
						return false
					}
				}
				if caps[0] == "apres" && hour == "midi" && h == "" {
					return false // "après-midi" is the afternoon
				}
				m, twelve, ok := boundClock(hour, caps[4]+caps[5], "")
				if !ok {
					return false
				}
				setBound(v, caps[1] != "", m, twelve)
				return true
			}
			m, twelve, ok := boundClock(caps[8], caps[10]+caps[11], "")
			if !ok {
				return false
			}
			switch s := strings.Join(strings.Fields(caps[12]), " "); s {
			case "au plus tot", "ou plus tard", "et plus", "ou apres":
				setBound(v, false, m, twelve)
			default: // "au plus tard", "ou avant", "ou plus tot", "dernier delai", "max"
				setBound(v, true, m, twelve)
			}
			return true
		})
}

// frenchBetween reads "entre 14h et 16h", "entre 2 et 4", "entre midi et
// deux", "14h-16h".
func frenchBetween() pattern {
	return rule(`(?:^|[^\w:])(?:(entre)\s+(?:(?:a|vers)\s+)?`+frBoundHour+`\s*(?:et|-|a)\s*(?:(?:a|vers)\s+)?`+frBoundHour+
		`|(\d{1,2}|midi)(\s*h)?\s*(\d{2})?\s*-\s*(\d{1,2}|midi)(\s*h)?\s*(\d{2})?)`+frUnits+`(?:[^\w:]|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			if caps[15] != "" {
				return false
			}
			if caps[0] == "" {
				// "14h-16h", "9-11h", "midi-14h"; "10-12" alone says no hours.
				if caps[13] == "" && caps[12] != "midi" {
					return false
				}
				return setRange(v, caps[9], caps[11], "", caps[12], caps[14], "")
			}
			return setRange(v, caps[1], caps[3]+caps[4], "", caps[5], caps[7]+caps[8], "")
		})
}

// frenchSpan reads "de 14h à 16h", "de 9 à 11h", "du 9h au 11h".
func frenchSpan() pattern {
	return rule(`(?:^|[^\w:])(de|du)\s+`+frBoundHour+`\s*(?:a|au|-|jusqu\W?a)\s*`+frBoundHour+frUnits+`(?:[^\w:]|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			if caps[9] != "" || caps[2] == "" && caps[6] == "" && caps[1] != "midi" && caps[5] != "midi" {
				return false // "de 2 à 4 personnes"; "du 3 au 5" is a span of days
			}
			return setRange(v, caps[1], caps[3]+caps[4], "", caps[5], caps[7]+caps[8], "")
		})
}

// setNamed records a named stretch of the day.
func setNamed(v *dtValue, name string) bool {
	r, pod, ok := namedWindow(name)
	if !ok {
		return false
	}
	v.from, v.to, v.hasFrom, v.hasTo, v.fromTwelve, v.toTwelve = int(r.From), int(r.To), true, true, false, false
	v.part = pod
	return true
}

// englishNamedWindow reads "lunchtime", "noonish", "late morning", "first thing",
// "late afternoon", "after work", "early".
func englishNamedWindow() pattern {
	return rule(`(?:^|\W)(lunch\s*time|lunch\s*hour|lunch\s*break|(?:at|over|during|around|for|by|on\s+my)\s+lunch|noon\W?ish|midday\W?ish|`+
		`after\s+lunch|before\s+lunch|late\s+(?:in\s+the\s+)?morning|(?:the\s+)?end\s+of\s+(?:the\s+)?morning|`+
		`early\s+(?:in\s+the\s+)?morning|first\s+thing(?:\s+in\s+the\s+morning)?|first\s+slot\s+of\s+the\s+day|`+
		`early\s+(?:in\s+the\s+)?afternoon|late\s+(?:in\s+the\s+)?afternoon|(?:the\s+)?end\s+of\s+(?:the\s+)?afternoon|`+
		`early\s+(?:in\s+the\s+)?evening|after\s+work|`+
		`(as\s+|so\s+|too\s+|how\s+)?early(\s+(?:next|this|on|in\s+the\s+week|as|possible|enough|for|bird))?)(?:\W|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			s := caps[0]
			switch {
			case caps[1] != "" || caps[2] != "":
				return false // "as early as possible" is the earliest slot, "early next week" a span of days
			case strings.HasPrefix(s, "after lunch"):
				return setNamed(v, "after_lunch")
			case strings.HasPrefix(s, "before lunch"):
				return setNamed(v, "before_lunch")
			case strings.Contains(s, "lunch"), strings.Contains(s, "ish"):
				return setNamed(v, "lunch")
			case strings.Contains(s, "morning") && (strings.HasPrefix(s, "late") || strings.Contains(s, "end")):
				return setNamed(v, "late_morning")
			case strings.Contains(s, "afternoon") && strings.HasPrefix(s, "early"):
				return setNamed(v, "early_afternoon")
			case strings.Contains(s, "afternoon"):
				return setNamed(v, "late_afternoon")
			case strings.Contains(s, "evening"):
				return setNamed(v, "early_evening")
			case strings.Contains(s, "work"):
				return setNamed(v, "after_work")
			}
			return setNamed(v, "early")
		})
}

// frenchNamedWindow reads "à l'heure du déjeuner", "le midi", "en fin de
// matinée", "à la première heure", "tôt", "en fin d'après-midi", "après
// le travail".
func frenchNamedWindow() pattern {
	return rule(`(?:^|\W)((?:a\s+l\W?)?heure\s+du\s+(?:dejeuner|dej|midi)|pause\s+(?:de\s+)?(?:midi|dejeuner|dej)|`+
		`(?:sur\s+|pendant\s+)?(?:le\s+)?temps\s+de\s+midi|`+
		`(?:le|ce|a|vers)\s+midi(\s*(?:et\s+(?:demie?|quart)|moins|pile|precises?|\d))?|`+
		`(?:en\s+)?fin\s+de\s+(?:la\s+)?matinee|tard\s+(?:dans\s+la|le)\s+matin(?:ee)?|`+
		`(?:en\s+|au\s+)?debut\s+de\s+(?:la\s+)?matinee|tot\s+le\s+matin|de\s+bonne\s+heure|(?:a|des)\s+la\s+premiere\s+heure|`+
		`(?:des|a)\s+l\W?ouverture|`+
		`(?:en\s+|au\s+)?debut\s+(?:d\W?|de\s+l\W?)(?:apres\W?midi|aprem)|(?:en\s+)?fin\s+(?:d\W?|de\s+l\W?)(?:apres\W?midi|aprem)|`+
		`tard\s+dans\s+l\W?apres\W?midi|(?:en\s+)?debut\s+de\s+soiree|`+
		`apres\s+(?:le\s+|mon\s+)?(?:travail|boulot|taf|bureau)|apres\s+(?:le\s+)?(?:dejeuner|dej|manger|repas)|`+
		`avant\s+(?:le\s+)?(?:dejeuner|dej|repas)|`+
		`(le\s+plus\s+|plus\s+|(?:un\s+peu\s+|un\s+poil\s+|bien\s+|beaucoup\s+|vraiment\s+)?trop\s+|au\s+plus\s+|si\s+|aussi\s+|un\s+peu\s+|un\s+poil\s+|assez\s+)?tot(\s+(?:possible|que))?)(?:\W|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			s := caps[0]
			switch {
			case caps[1] != "", caps[2] != "" || caps[3] != "":
				return false // "à midi et demi" is a time; "plus tôt" asks for earlier, "le plus tôt" the earliest, "un peu tôt" for later
			case strings.HasPrefix(s, "apres") && (strings.Contains(s, "dej") || strings.Contains(s, "manger") || strings.Contains(s, "repas")):
				return setNamed(v, "after_lunch")
			case strings.HasPrefix(s, "avant"):
				return setNamed(v, "before_lunch")
			case strings.Contains(s, "midi") && !strings.Contains(s, "apres"), strings.Contains(s, "dej"):
				return setNamed(v, "lunch")
			case strings.Contains(s, "matin") && (strings.Contains(s, "fin") || strings.HasPrefix(s, "tard")):
				return setNamed(v, "late_morning")
			case strings.Contains(s, "apre") && strings.Contains(s, "debut"):
				return setNamed(v, "early_afternoon")
			case strings.Contains(s, "apre") && (strings.Contains(s, "fin") || strings.HasPrefix(s, "tard")):
				return setNamed(v, "late_afternoon")
			case strings.Contains(s, "soiree"):
				return setNamed(v, "early_evening")
			case strings.HasPrefix(s, "apres"):
				return setNamed(v, "after_work")
			}
			return setNamed(v, "early")
		})
}

// windowRules returns the rules of windows of the day, in both languages.
func windowRules() []dtRule {
	return []dtRule{
		{name: "en.bound", cat: catBound, lang: English, rule: englishBound(),
			triggers: []string{"after", "aftr", "before", "b4", "bfr", "from", "until", "till", "til", "later", "earlier", "sooner",
				"starting", "beginning", "onwards", "onward", "earliest", "latest", "as"}},
		{name: "en.between", cat: catBound, lang: English, rule: englishBetween(), triggers: []string{"between", "from"}, features: fMeridiem},
		{name: "en.named_window", cat: catWindow, lang: English, rule: englishNamedWindow(),
			triggers: []string{"lunch", "lunchtime", "late", "end", "early", "first", "work", "noonish", "noon", "middayish", "midday"}},
		{name: "fr.bound", cat: catBound, lang: French, rule: frenchBound(),
			// "16h max" is found by its "16h"; "max" is a name too.
			triggers: []string{"avant", "avt", "av", "apres", "apr", "ap", "partir", "compter", "des", "passe", "tard", "tot", "jusqu",
				"jusqua", "delai"},
			features: fHourH},
		{name: "fr.between", cat: catBound, lang: French, rule: frenchBetween(), triggers: []string{"entre"}, features: fHourH},
		{name: "fr.span", cat: catBound, lang: French, rule: frenchSpan(), triggers: []string{"de", "du"}, need: fDigit},
		{name: "fr.named_window", cat: catWindow, lang: French, rule: frenchNamedWindow(),
			triggers: []string{"midi", "dejeuner", "dej", "temps", "matinee", "matin", "bonne", "premiere", "ouverture", "apres", "aprem",
				"soiree", "avant", "tot"}},
	}
}
