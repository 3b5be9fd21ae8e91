package understand

import (
	"regexp"
	"strconv"
	"strings"
)

// entityParser finds the customer's data and references in a message:
// email addresses, phone numbers, booking references and choices among
// proposals (names: person.go). Its expressions are compiled once, in New.
type entityParser struct {
	email      *regexp.Regexp
	spoken     *regexp.Regexp
	bookingRef *regexp.Regexp
	phone      *regexp.Regexp
	choiceEN   *regexp.Regexp
	choiceFR   *regexp.Regexp
	choiceNum  *regexp.Regexp
	bareChoice *regexp.Regexp
	// leadChoice is a bare choice that leads a message, the rest after a
	// comma: "le 2, au nom de Paul Durand".
	leadChoice *regexp.Regexp
	// choiceWords are the words without which a message picks no
	// proposal (unless the agent asked which one).
	choiceWords map[string]bool
}

func newEntityParser() *entityParser {
	return &entityParser{
		email: regexp.MustCompile(`[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}`),
		// An address spelt out: "john dot keats at example dot com",
		// "jean point dupuis arobase exemple point fr". The domain ends
		// with "dot" and a top-level domain, so "I'm at home" is none.
		spoken: regexp.MustCompile(`(?:^|[\s,:;(])([a-z0-9_\-]+(?:(?:\s+(?:dot|point)\s+|\.)[a-z0-9_\-]+)*)\s+(?:at|arobase|arobas|a\s+commercial)\s+` +
			`([a-z0-9\-]+(?:(?:\s+(?:dot|point)\s+|\.)[a-z0-9\-]+)*(?:\s+(?:dot|point)\s+|\.)[a-z]{2,6})(?:$|[\s,;:!?)]|\.(?:\s|$))`),
		// Crockford base32: digits and letters without i, l, o, u.
		bookingRef: regexp.MustCompile(`(?:^|[^a-z0-9])(rdv)[\s\-_]?([0-9a-hjkmnp-tv-z]{10})(?:[^a-z0-9]|$)`),
		phone: regexp.MustCompile(
			// With the country code: +41 79 123 45 67, 0041 79 123 45 67,
			// 011 33 6 12 34 56 78 (from North America), +41 (0)79 123 45 67.
			`(?:\+|00|011[\s.\-]*)[1-9]\d{0,2}[\s.\-]*(?:\(0\)[\s.\-]*)?\d(?:[\s.\-]*\d){5,12}` +
				// French: 06 12 34 56 78, 06.12.34.56.78.
				`|0[1-9](?:[\s.\-]*\d{2}){4}` +
				// North American: (514) 555-0123, 514-555-0123, +1 514 555 0123.
				`|(?:\+?1[\s.\-]*)?(?:\(\d{3}\)|\d{3})[\s.\-]*\d{3}[\s.\-]*\d{4}` +
				// Other national forms: 079 123 45 67 (CH), 020 7946 0958 (GB).
				`|0\d{1,4}(?:[\s.\-]?\d{2,4}){2,4}`),
		choiceEN: regexp.MustCompile(`(?:^|\W)(?:(?:take|choose|pick|want|prefer|like|go\s+with|book)\s+)?(?:the\s+)?` +
			`(first|second|third|fourth|fifth|sixth|last|latter|former|1st|2nd|3rd|4th|5th|6th)` +
			`(\s+(?:one|ones|option|slot|choice|proposal|suggestion|on\s+the\s+list))?(?:\W|$)`),
		choiceFR: regexp.MustCompile(`(?:^|\W)(?:le|la|les)\s+(premier|premiere|1er|1ere|deuxieme|2eme|2e|second|seconde|` +
			`troisieme|3eme|3e|quatrieme|4eme|4e|cinquieme|5eme|5e|dernier|derniere)(?:\W|$)`),
		choiceNum: regexp.MustCompile(`(?:^|\W)(?:option|number|choice|slot|no\.?|numero|choix|creneau|proposition|#|n\s*o)\s*(\d{1,2})(?:\W|$)`),
		bareChoice: regexp.MustCompile(`^\W*(?:the\s+|le\s+|la\s+|number\s+|numero\s+|#)?(\d{1,2})(?:st|nd|rd|th|er|ere|e|eme)?` +
			`(?:\s+(?:one|please|svp|stp|s'il vous plait|works|ok))?\W*$`),
		leadChoice: regexp.MustCompile(`^\W*(?:the\s+|le\s+|la\s+|number\s+|numero\s+|#)?(\d{1,2})(?:st|nd|rd|th|er|ere|e|eme)?` +
			// "le 3, l'après-midi", "le 3 mais l'après-midi", "number 2 but with
			// Dr Richard", "le 1 avec le Dr Morel": a pick said with more (the
			// dialogue weighs a change).
			`(?:\s+(?:one|please|svp|stp|works|ok))?(?:\s*[,;]\s*|\s+(?:mais|but|avec|with)\s+)(\S.*)$`),
		choiceWords: map[string]bool{"first": true, "second": true, "third": true, "fourth": true, "fifth": true,
			"sixth": true, "last": true, "latter": true, "former": true, "option": true, "number": true, "choice": true,
			"slot": true, "no": true, "numero": true, "choix": true, "creneau": true, "proposition": true, "n": true,
			"premier": true, "premiere": true, "deuxieme": true, "seconde": true, "troisieme": true, "quatrieme": true,
			"cinquieme": true, "dernier": true, "derniere": true, "1er": true, "1ere": true, "2e": true, "2eme": true,
			"3e": true, "3eme": true, "4e": true, "4eme": true, "5e": true, "5eme": true, "1st": true, "2nd": true,
			"3rd": true, "4th": true, "5th": true, "6th": true},
	}
}

// email returns the first email address in norm, as its span.
func (p *entityParser) findEmail(norm string) (int, int, bool) {
	if strings.IndexByte(norm, '@') < 0 {
		return 0, 0, false
	}
	loc := p.email.FindStringIndex(norm)
	if loc == nil {
		return 0, 0, false
	}
	return loc[0], loc[1], true
}

// findSpokenEmail returns an address spelt out in words, written as an
// address ("john.keats@example.com"), and its span in norm: at the prompt
// for an email (asked), or in a message that says it gives one ("my email
// is…", "mon adresse mail c'est…") — not "I'll be at home point final".
func (p *entityParser) findSpokenEmail(norm string, asked bool) (string, int, int, bool) {
	if !strings.Contains(norm, " at ") && !strings.Contains(norm, " arobas") && !strings.Contains(norm, " a commercial ") {
		return "", 0, 0, false
	}
	if !asked && !strings.Contains(norm, "mail") && !strings.Contains(norm, "adresse") && !strings.Contains(norm, "address") &&
		!strings.Contains(norm, "courriel") {
		return "", 0, 0, false
	}
	m := p.spoken.FindStringSubmatchIndex(norm)
	if m == nil {
		return "", 0, 0, false
	}
	words := strings.NewReplacer(" dot ", ".", " point ", ".", " ", "")
	local := words.Replace(strings.Join(strings.Fields(norm[m[2]:m[3]]), " "))
	domain := words.Replace(strings.Join(strings.Fields(norm[m[4]:m[5]]), " "))
	return local + "@" + domain, m[2], m[5], true
}

// findBookingRef returns the normalised booking reference and its span.
func (p *entityParser) findBookingRef(norm string) (string, int, int, bool) {
	if !strings.Contains(norm, "rdv") {
		return "", 0, 0, false
	}
	m := p.bookingRef.FindStringSubmatchIndex(norm)
	if m == nil {
		return "", 0, 0, false
	}
	ref := "RDV-" + strings.ToUpper(norm[m[4]:m[5]])
	return ref, m[2], m[5], true
}

// findPhone returns the span of the first phone number in norm that is
// not part of a longer run of digits.
func (p *entityParser) findPhone(norm string) (int, int, bool) {
	if digitCount(norm) < 10 {
		return 0, 0, false
	}
	from := 0
	for from < len(norm) {
		loc := p.phone.FindStringIndex(norm[from:])
		if loc == nil {
			return 0, 0, false
		}
		s, e := loc[0]+from, loc[1]+from
		before := s > 0 && (isDigitByte(norm[s-1]) || norm[s-1] == '+')
		after := e < len(norm) && isDigitByte(norm[e])
		if !before && !after && digitCount(norm[s:e]) >= 10 {
			return s, e, true
		}
		from = s + 1
	}
	return 0, 0, false
}

func isDigitByte(b byte) bool { return '0' <= b && b <= '9' }

func digitCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigitByte(s[i]) {
			n++
		}
	}
	return n
}

// findChoice returns the 1-based ordinal of the proposal the message picks
// ("the second one", "le premier", "option 3"), -1 for the last, 0 for none,
// and the span of its words. options is how many the customer is
// choosing among (the slots shown, the providers listed), 0 when not
// asked which one: then a lone number or ordinal is no choice.
func (p *entityParser) findChoice(norm string, toks []token, options int) (int, [2]int) {
	bare := options > 0
	if !bare && strings.IndexByte(norm, '#') < 0 {
		found := false
		for _, t := range toks {
			if p.choiceWords[t.s] {
				found = true
				break
			}
		}
		if !found {
			return 0, [2]int{}
		}
	}
	if bare {
		if m := p.bareChoice.FindStringSubmatchIndex(norm); m != nil {
			n, _ := strconv.Atoi(norm[m[2]:m[3]])
			if n >= 1 && n <= 20 {
				return n, [2]int{m[2], m[3]}
			}
		}
		// With more said after it, a number past the options shown is a day
		// ("le 12 mais le matin", "the 10th, in the afternoon"), and a pick
		// "but" unsure ("le 2 mais je ne suis pas sûr", "1 but I need to
		// check") is none.
		if n, digits, rest, hesitant, ok := p.leadPick(norm, options); ok && !hesitant && !startsWithMonth(norm[rest:]) {
			return n, digits
		}
	}
	if m := p.choiceNum.FindStringSubmatchIndex(norm); m != nil {
		n, _ := strconv.Atoi(norm[m[2]:m[3]])
		if n >= 1 && n <= 20 {
			return n, [2]int{m[0], m[1]}
		}
	}
	if m := p.choiceFR.FindStringSubmatchIndex(norm); m != nil {
		if n := ordinalChoice(norm[m[2]:m[3]]); n != 0 {
			// "le premier mars" is a date.
			rest := strings.TrimSpace(norm[m[3]:])
			if !startsWithMonth(rest) {
				return n, [2]int{m[2], m[3]}
			}
		}
	}
	for _, m := range p.choiceEN.FindAllStringSubmatchIndex(norm, 4) {
		word := norm[m[2]:m[3]]
		hasNoun := m[4] >= 0
		prefix := strings.Trim(norm[m[0]:m[2]], " ,.;:!?'\"-")
		before := strings.TrimRight(strings.TrimSuffix(strings.TrimRight(norm[:m[2]], " "), "the"), " ")
		if prefix == "the" && (before == "on" || strings.HasSuffix(before, " on")) {
			continue // "on the first" is a date
		}
		// "the 2nd" alone is a date; "the 2nd one" or "take the 2nd" a choice.
		// Word ordinals need "the" or a noun: "first" alone is too vague.
		digit := word[0] >= '0' && word[0] <= '9'
		verb := prefix != "" && prefix != "the"
		if hasNoun || (verb && !digit) || (!digit && (prefix == "the" || bare)) || (digit && bare) {
			if n := ordinalChoice(word); n != 0 {
				end := m[3]
				if hasNoun {
					end = m[5] // "the 2nd one in the morning": "one" is no hour
				}
				return n, [2]int{m[2], end}
			}
		}
	}
	return 0, [2]int{}
}

// butUnsure reports whether what follows a pick is "but" and a doubt.
func butUnsure(after string) bool {
	after = strings.TrimLeft(after, " ,;.!")
	for _, but := range []string{"but ", "mais "} {
		if rest, ok := strings.CutPrefix(after, but); ok {
			return unsure(rest)
		}
	}
	return false
}

// leadPick reads a number among the options that starts a message and is
// followed by more ("le 3, l'après-midi", "le 2 mais …"): the number, the
// span of its digits, where the rest starts, and whether it was picked
// "but" unsure.
func (p *entityParser) leadPick(norm string, options int) (n int, digits [2]int, rest int, hesitant, ok bool) {
	m := p.leadChoice.FindStringSubmatchIndex(norm)
	if m == nil {
		return 0, [2]int{}, 0, false, false
	}
	n, _ = strconv.Atoi(norm[m[2]:m[3]])
	if n < 1 || n > options {
		return 0, [2]int{}, 0, false, false
	}
	sep := norm[m[3]:m[4]]
	hesitant = (strings.Contains(sep, "mais") || strings.Contains(sep, "but")) && unsure(norm[m[4]:m[5]])
	return n, [2]int{m[2], m[3]}, m[4], hesitant, true
}

// hesitantPick returns the span of a number picked "but" unsure ("le 2
// mais je ne suis pas sûr", "1 but let me think"): no pick, and no day of
// the month either — the customer has not decided.
func (p *entityParser) hesitantPick(norm string, options int) ([2]int, bool) {
	_, digits, _, hesitant, ok := p.leadPick(norm, options)
	return digits, ok && hesitant
}

// Options to choose among when the context does not say
// (Context.Options): the agent shows three slots at a time, and lists at
// most six providers of a name.
const (
	shownSlots      = 3
	listedProviders = 6
)

// unsure reports whether what follows a pick takes it back or doubts it.
func unsure(rest string) bool {
	padded := " " + strings.NewReplacer("'", " ", "-", " ").Replace(rest) + " "
	for _, w := range []string{" not sure", " unsure", " check", " maybe", " perhaps", " wait", " don t know", " dont know", " dunno",
		" let me think", " think about", " pas sur", " non ", " peut etre", " verifi", " hesit", " sais pas", " attend", " reflechi",
		" doubt", " doute"} {
		if strings.Contains(padded, w) {
			return true
		}
	}
	return false
}

func startsWithMonth(s string) bool {
	for _, m := range strings.Split(frMonths, "|") {
		// A whole word: "le deuxième mais …" ("but") is no day of May.
		if rest, ok := strings.CutPrefix(s, m); ok && (rest == "" || !isWordByte(rest[0])) {
			return true
		}
	}
	return false
}

// ordinalChoice reads an ordinal word of either language; -1 is the last.
func ordinalChoice(w string) int {
	switch w {
	case "first", "1st", "premier", "premiere", "1er", "1ere", "former":
		return 1
	case "second", "2nd", "deuxieme", "2eme", "2e", "seconde":
		return 2
	case "third", "3rd", "troisieme", "3eme", "3e":
		return 3
	case "fourth", "4th", "quatrieme", "4eme", "4e":
		return 4
	case "fifth", "5th", "cinquieme", "5eme", "5e":
		return 5
	case "sixth", "6th":
		return 6
	case "last", "latter", "dernier", "derniere":
		return -1
	}
	return 0
}
