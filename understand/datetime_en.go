package understand

import (
	"strconv"
	"strings"
	"time"
)

// Patterns shared by the English rules. They read folded text.
const (
	enHourWords = `one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve`
	enWeekdays  = `monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|thurs|weds`
	enOrdinals  = `first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|` +
		`thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|` +
		`twenty[ -]first|twenty[ -]second|twenty[ -]third|twenty[ -]fourth|twenty[ -]fifth|` +
		`twenty[ -]sixth|twenty[ -]seventh|twenty[ -]eighth|twenty[ -]ninth|thirtieth|thirty[ -]first`
	enMeridiem = `am|pm|a\.m\.?|p\.m\.?`
	enPods     = `morning|afternoon|evening|night`
)

// englishDateTimeRules returns the English rules: relative days ("today",
// "in two days", "next Tuesday" as the first Tuesday after today), days of
// the month with or without their month ("the 3rd", "March 3rd", "3rd of
// March", "3/4"), clock times ("half past ten", "4 in the afternoon",
// "evening 4:30", "3ish") and parts of the day.
func englishDateTimeRules() []dtRule {
	months := []string{"january", "jan", "february", "feb", "march", "mar", "april", "apr", "may", "june",
		"jun", "july", "jul", "august", "aug", "september", "sep", "sept", "october", "oct", "november",
		"nov", "december", "dec"}
	weekdays := []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"tues", "thurs", "weds"}
	hourWords := strings.Split(enHourWords, "|")
	timeTriggers := append([]string{"clock", "oclock", "am", "pm", "past", "noon", "midnight", "midday",
		"morning", "afternoon", "evening", "night"}, hourWords...)
	return []dtRule{
		{name: "en.casual", cat: catDate, lang: English, rule: englishCasualDate(),
			triggers: []string{"today", "tonight", "tomorrow", "tmrw", "tmr", "tmw", "2moro", "2morrow", "2mrw", "tomoz", "morning", "afternoon", "evening", "night"}},
		{name: "en.weekday", cat: catDate, lang: English, rule: englishWeekday(), triggers: weekdays},
		{name: "en.ordinal", cat: catDate, lang: English, rule: englishOrdinalDay(), features: fOrdinal,
			triggers: strings.Split(strings.NewReplacer("[ -]", "|").Replace(enOrdinals), "|")},
		{name: "en.month_date", cat: catDate, lang: English, rule: englishMonthDate(), triggers: months},
		{name: "en.in", cat: catDate, lang: English, rule: englishIn(),
			triggers: []string{"day", "days", "week", "weeks"}},
		{name: "en.slash", cat: catDate, lang: English, rule: slashDate(false), features: fSlash},
		{name: "en.time", cat: catTime, lang: English, rule: englishTime(), features: fDigit, triggers: timeTriggers},
		{name: "en.pod_time", cat: catTime, lang: English, rule: englishPartOfDayTime(),
			triggers: []string{"morning", "afternoon", "evening", "night"}},
		{name: "en.ish", cat: catTime, lang: English, rule: englishIsh(), triggers: []string{"ish"}, features: fIsh},
		{name: "en.part_of_day", cat: catPartOfDay, lang: English, rule: englishPartOfDay(),
			triggers: []string{"morning", "mornings", "afternoon", "afternoons", "evening", "evenings", "tonight", "night"}},
		{name: "en.approx", cat: catApprox, lang: English, rule: englishApprox(),
			triggers: []string{"around", "about", "approximately", "approx", "roughly", "circa", "ish", "so"}, features: fIsh},
	}
}

func englishCasualDate() pattern {
	return rule(`(?:^|\W)((?:the\s+)?day\s+after\s+tomorrow|later\s+today|this\s+(?:morning|afternoon|evening)|`+
		`tonight|today|tomorrow|tmrw|tmr|tmw|2moro|2morrow|2mrw|tomoz)(?:\W|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			s := caps[0]
			switch {
			case strings.Contains(s, "day after"):
				return addDays(v, 2)
			case strings.HasPrefix(s, "tom"), strings.HasPrefix(s, "tm"), strings.HasPrefix(s, "2m"):
				return addDays(v, 1)
			}
			return addDays(v, 0)
		})
}

func englishWeekday() pattern {
	return rule(`(?:^|\W)(?:on\s+)?(?:(this|next|coming|the\s+coming|upcoming|following|the\s+following)\s+)?`+
		`(`+enWeekdays+`)(?:\s+(this|next)\s+week|\s+(week|after\s+next))?(?:\W|$)|(?:^|\W)(a\s+week\s+(?:on|from)\s+)(`+enWeekdays+`)(?:\W|$)`,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			if caps[3] != "" || caps[4] != "" {
				// "a week on Friday", "Friday week", "the Friday after
				// next": the Friday after next.
				day := caps[1] + caps[5]
				wd, ok := englishWeekdayOf(day)
				if !ok || !setWeekday(v, env.today, wd, "next") {
					return false
				}
				v.ahead += 7 * 24 * time.Hour
				return true
			}
			wd, ok := englishWeekdayOf(caps[1])
			if !ok {
				return false
			}
			mode := "next"
			switch {
			case caps[2] == "next":
				mode = "nextweek"
			case caps[2] == "this":
				mode = "thisweek"
			case caps[0] == "this":
				mode = "this"
			}
			return setWeekday(v, env.today, wd, mode)
		})
}

func englishWeekdayOf(s string) (time.Weekday, bool) {
	switch s {
	case "sunday":
		return time.Sunday, true
	case "monday":
		return time.Monday, true
	case "tuesday", "tues":
		return time.Tuesday, true
	case "wednesday", "weds":
		return time.Wednesday, true
	case "thursday", "thurs":
		return time.Thursday, true
	case "friday":
		return time.Friday, true
	case "saturday":
		return time.Saturday, true
	}
	return 0, false
}

// englishOrdinalDay reads a day of the month without its month: "the 3rd",
// "on the 14th", "9th of this month", "on the first". A word ordinal needs
// "on the" or "of the month" to be a date: "the second one" is a choice.
func englishOrdinalDay() pattern {
	return rule(`(?:^|\W)((?:on\s+)?the\s+|on\s+)?(\d{1,2}\s*(?:st|nd|rd|th)|`+enOrdinals+`)`+
		`(?:\s+of\s+(this|next|the|the\s+next|the\s+following|the\s+current)\s+month)?`+
		`(\s+(?:one|ones|option|slot|choice|proposal|on\s+the\s+list|street|st|avenue|ave|road|rd|floor|boulevard|blvd|place|way|drive|lane|time|grade|birthday|anniversary))?(?:\W|$)`,
		func(caps []string, v *dtValue, env *dtEnv) bool {
			if caps[3] != "" {
				return false // "the 2nd one" is a choice
			}
			ord := caps[1]
			day, ok := englishOrdinal(ord)
			if !ok {
				return false
			}
			if ord[0] < '0' || ord[0] > '9' {
				if !strings.HasPrefix(caps[0], "on") && caps[2] == "" {
					return false
				}
			}
			month := 0
			if strings.Contains(caps[2], "next") || strings.Contains(caps[2], "following") {
				month = int(env.today.Month)%12 + 1
				if month == 1 {
					setYear(v, env.today.Year+1)
				}
			}
			return setDay(v, day, month)
		})
}

// englishOrdinal reads "3rd", "3 rd" or "third".
func englishOrdinal(s string) (int, bool) {
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		n, err := strconv.Atoi(s[:i])
		return n, err == nil
	}
	return englishOrdinalWord(strings.ReplaceAll(s, "-", " "))
}

// englishTime reads a clock time with at least one sign that it is one:
// a preposition and digits ("at 10"), "o'clock", am/pm, a part of the day
// ("4 in the afternoon"), minutes ("10:30") or "half past"/"quarter to"
// ("half ten", British for half past ten). A bare number ("2 people", "option 3") is not a time.
func englishTime() pattern {
	return rule(`(?:^|[^\w:])(at\s+|around\s+|about\s+|@\s*|by\s+|approximately\s+|say\s+|from\s+|for\s+)?`+
		`(?:(half|quarter|a\s+quarter|\d{1,2}|five|ten|twenty|twenty[ -]five)(?:\s+minutes?)?\s+(past|after|to|till|til|before)\s+|(half)\s+)?`+
		`(\d{1,2}|`+enHourWords+`|noon|midnight|midday)(?:[:.](\d{2}))?`+
		`(\s*(?:o'clock|o"clock|oclock|o\s+clock))?(?:\s*(`+enMeridiem+`))?`+
		`(\s+(?:in\s+the|in\s+th|this|tomorrow|during\s+the)\s+(?:`+enPods+`)|\s+at\s+night)?`+
		`(\s+(?:days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|people|persons?|patients?|kids|children|times|st|nd|rd|th|of|percent|dollars?))?`+
		`(?:[^\w:]|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			prefix, frac, dir, hourS, minS, oclock, mer, pod, unit := caps[0], caps[1],
				caps[2], caps[4], caps[5], caps[6], caps[7], caps[8], caps[9]
			if unit != "" {
				return false
			}
			if caps[3] != "" {
				frac, dir = "half", "past" // "half 10" is British for 10:30
			}
			hour, explicit := 0, false
			switch hourS {
			case "noon", "midday":
				hour, explicit = 12, true
			case "midnight":
				hour, explicit = 0, true
			default:
				h, ok := englishNumber(hourS)
				if !ok {
					return false
				}
				hour = h
			}
			digits := hourS[0] >= '0' && hourS[0] <= '9'
			evidence := frac != "" || minS != "" || oclock != "" || mer != "" || pod != "" || explicit ||
				(digits && strings.TrimSpace(prefix) != "" && !strings.HasPrefix(prefix, "for") && !strings.HasPrefix(prefix, "from"))
			if !evidence {
				return false
			}
			minute := 0
			if minS != "" {
				minute, _ = strconv.Atoi(minS)
			}
			if frac != "" {
				var n int
				switch {
				case frac == "half":
					n = 30
				case strings.Contains(frac, "quarter"):
					n = 15
				default:
					v, ok := englishNumber(strings.ReplaceAll(frac, "-", " "))
					if !ok || v >= 60 {
						return false
					}
					n = v
				}
				if dir == "past" || dir == "after" {
					minute = n
				} else {
					hour--
					if hour < 0 {
						hour = 23
					}
					minute = 60 - n
				}
			}
			if hour > 12 || hour == 0 {
				explicit = true
			}
			meridiem := meridiemOf(mer)
			if meridiem == "" && pod != "" {
				meridiem = podMeridiem(pod)
				explicit = true
				if meridiem == "am" && hour == 12 {
					meridiem = "" // "12 in the morning" is read as noon, not midnight
				}
			}
			if hour > 12 {
				meridiem = ""
			}
			return setClock(v, hour, minute, meridiem, explicit)
		})
}

// englishPartOfDayTime reads the part of the day before the hour, as in
// "evening 4:30" or "morning 10".
func englishPartOfDayTime() pattern {
	return rule(`(?:^|\W)(`+enPods+`)\s+(?:at\s+|around\s+|about\s+)?(\d{1,2}|`+enHourWords+`)(?:[:.](\d{2}))?`+
		`(?:\s*(`+enMeridiem+`))?(?:[^\w:]|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			hour, ok := englishNumber(caps[1])
			if !ok {
				return false
			}
			minute := 0
			if caps[2] != "" {
				minute, _ = strconv.Atoi(caps[2])
			}
			mer := meridiemOf(caps[3])
			if mer == "" && hour <= 12 {
				mer = podMeridiem(caps[0])
				if mer == "am" && hour == 12 {
					mer = ""
				}
			}
			return setClock(v, hour, minute, mer, true)
		})
}

func englishIsh() pattern {
	return rule(`(?:^|\W)(\d{1,2}|`+enHourWords+`)(?:[:.](\d{2}))?\s*-?\s*(ish)(?:\W|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			hour, ok := englishNumber(caps[0])
			if !ok {
				return false
			}
			minute := 0
			if caps[1] != "" {
				minute, _ = strconv.Atoi(caps[1])
			}
			return setClock(v, hour, minute, "", hour > 12)
		})
}

func englishPartOfDay() pattern {
	return rule(`(?:^|\W)(good\s+)?(mornings?|afternoons?|evenings?|tonight|night)(?:\W|$)`,
		func(caps []string, v *dtValue, _ *dtEnv) bool {
			if caps[0] != "" {
				return false // "good morning" is a greeting
			}
			s := caps[1]
			switch {
			case strings.HasPrefix(s, "morning"):
				return setPartOfDay(v, Morning)
			case strings.HasPrefix(s, "afternoon"):
				return setPartOfDay(v, Afternoon)
			}
			return setPartOfDay(v, Evening)
		})
}

func englishApprox() pattern {
	return rule(`(?:^|[\W\d])(around|about|approximately|approx|roughly|circa|ish|or\s+so)(?:\W|$)|(?:^|\W)((?:how|what)\s+about)(?:\W|$)`,
		func(caps []string, _ *dtValue, _ *dtEnv) bool { return caps[1] == "" }) // "how about 3?" asks for 3
}

// englishNumber reads "4", "04" or "four".
func englishNumber(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	if s[0] >= '0' && s[0] <= '9' {
		n, err := strconv.Atoi(s)
		return n, err == nil
	}
	switch s {
	case "twenty":
		return 20, true
	case "twenty five":
		return 25, true
	}
	return englishNumberWord(s)
}
