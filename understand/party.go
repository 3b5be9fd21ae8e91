package understand

import (
	"slices"
	"strconv"
	"strings"

	"github.com/rendezvous-oss/rendezvous"
)

// Party returns how many people a message says the appointment is for,
// when it says more than one: "for 2 people", "for me and my wife", "the
// three of us", "deux rendez-vous", "pour moi et ma fille", "pour nous
// deux"; -1 when it says several without a number ("me and my kids",
// "toute la famille"); 0 when it says nothing of the kind.
//
// An appointment is for one person, and the dialogue says so rather than
// book one silently where several were asked for. It reads the customer's
// own words, like ClearYes, so that it holds whatever brain read the
// message.
func Party(message string) int {
	if len(message) > MaxInputBytes {
		return 0
	}
	words := strings.Fields(rendezvous.FoldKey(message))
	if !slices.ContainsFunc(words, partyKey) {
		return 0 // most messages: no pattern can match (TestPartyPatternsHaveAKey)
	}
	patterns := partyPatterns()
	for i := range words {
		for _, p := range patterns {
			if n, ok := p.match(words[i:]); ok && n != 1 {
				return n
			}
		}
	}
	return 0
}

// A partyPattern is a sequence of up to five words, each one of a set
// ("a|b"), or the count ("#": a number from 1 to 20, in digits or words);
// count is what a match says when it has no "#" (-1: several).
type partyPattern struct {
	count int
	slots [5]string
}

func (p partyPattern) match(words []string) (int, bool) {
	n := p.count
	for i, alts := range p.slots {
		if alts == "" {
			break
		}
		if i >= len(words) {
			return 0, false
		}
		if alts == "#" {
			v, ok := partyNumber(words[i])
			if !ok {
				return 0, false
			}
			n = v
			continue
		}
		if !oneOf(alts, words[i]) {
			return 0, false
		}
	}
	return n, true
}

// oneOf reports whether w is one of the "|"-separated alternatives.
func oneOf(alts, w string) bool {
	for alts != "" {
		var a string
		a, alts, _ = strings.Cut(alts, "|")
		if a == w {
			return true
		}
	}
	return false
}

// partyKey reports whether w is a count or one of the words of which every
// party pattern holds one (TestPartyPatternsHaveAKey): a message without
// any is read no further.
func partyKey(w string) bool {
	switch w {
	case "both", "me", "my", "moi", "family", "famille", "group", "groupe":
		return true
	}
	_, ok := partyNumber(w)
	return ok
}

// partyNumber reads a count of people: "2", "two", "deux".
func partyNumber(w string) (int, bool) {
	if w != "" && len(w) <= 2 && isDigitByte(w[0]) && isDigitByte(w[len(w)-1]) {
		n, _ := strconv.Atoi(w)
		return n, n >= 1 && n <= 20
	}
	for i, names := range [...][2]string{{"one", "un"}, {"two", "deux"}, {"three", "trois"}, {"four", "quatre"},
		{"five", "cinq"}, {"six", "six"}, {"seven", "sept"}, {"eight", "huit"}, {"nine", "neuf"}, {"ten", "dix"}} {
		if w == names[0] || w == names[1] {
			return i + 1, true
		}
	}
	return 0, false
}

// Someone who comes along: the customer and this one are two; or several.
const (
	comesAlongEN = "wife|husband|partner|son|daughter|kid|child|boy|girl|boyfriend|girlfriend|fiance|fiancee|mother|mom|mum|father|dad|" +
		"brother|sister|friend|colleague|roommate|flatmate|grandmother|grandfather|grandma|grandpa|spouse|baby|niece|nephew"
	comeAlongEN  = "kids|children|sons|daughters|boys|girls|family|parents|friends|colleagues|siblings|grandchildren"
	comesAlongFR = "femme|epouse|mari|epoux|compagne|compagnon|conjoint|conjointe|fils|fille|enfant|mere|maman|pere|papa|frere|soeur|" +
		"ami|amie|copain|copine|collegue|colocataire|fiance|fiancee|bebe|niece|neveu"
	comeAlongFR = "enfants|fils|filles|garcons|parents|amis|amies|collegues|freres|soeurs"
	peopleWords = "people|persons|adults|children|kids|guests|personnes|adultes|enfants|pers"
)

// partyPatterns are the ways of saying several people, folded (FoldKey:
// lower case, no accents, apostrophes and hyphens as spaces). An array
// returned by value: no allocation, no table made at import time.
func partyPatterns() [28]partyPattern {
	return [28]partyPattern{
		// "for 2 people", "for the three of us", "pour 3 personnes"
		{0, [5]string{"for|pour", "#", peopleWords}},
		{0, [5]string{"for|pour", "the|les", "#", peopleWords}},
		{0, [5]string{"the|all", "#", "of", "us"}},
		{2, [5]string{"for", "both", "of", "us"}},
		{0, [5]string{"pour", "nous", "#"}}, // "pour nous deux" ("entre nous deux" is no party)
		// "I need two appointments", "je voudrais deux rendez-vous": asked
		// for, not had ("I already have 2 appointments").
		{0, [5]string{"need|want|book|like|make|schedule|get", "#", "appointments|bookings|appts"}},
		{0, [5]string{"need|want|book|like|make|schedule|get", "#", "separate|consecutive", "appointments|bookings"}},
		{0, [5]string{"de|prendre|reserver|voudrais|veux|souhaite|souhaiterais|faut|faudrait|cherche", "#", "rdv|rdvs|rendezvous"}},
		{0, [5]string{"de|prendre|reserver|voudrais|veux|souhaite|souhaiterais|faut|faudrait|cherche", "#", "rendez", "vous"}},
		// "for me and my wife", "for my son and me", "pour moi et ma fille";
		// said as the subject, only with what they want ("my husband and I
		// would like"): "my wife and I just moved" is no party.
		{2, [5]string{"for", "me|myself", "and", "my", comesAlongEN}},
		{2, [5]string{"for", "my", comesAlongEN, "and", "me|myself"}},
		{2, [5]string{"my", comesAlongEN, "and", "i", "would|need|want|d"}},
		{2, [5]string{"me", "and", "my", comesAlongEN, "need|want|would|d"}},
		{2, [5]string{"both", "of", "us", "need|want|would"}},
		{-1, [5]string{"for", "me|myself", "and", "my", comeAlongEN}},
		{-1, [5]string{"for", "my", comeAlongEN, "and", "me|myself"}},
		{0, [5]string{"for", "my", "#", comeAlongEN}},
		{2, [5]string{"pour", "moi", "et", "ma|mon", comesAlongFR}},
		{2, [5]string{"pour", "ma|mon", comesAlongFR, "et", "moi"}},
		{2, [5]string{"ma|mon", comesAlongFR, "et", "moi", "voudrions|voulons|souhaitons|souhaiterions|aimerions|cherchons|on"}},
		{2, [5]string{"moi", "et", "ma|mon", comesAlongFR, "voudrions|voulons|souhaitons|souhaiterions|aimerions|cherchons|on"}},
		{-1, [5]string{"pour", "moi", "et", "mes", comeAlongFR}},
		{-1, [5]string{"pour", "mes", comeAlongFR, "et", "moi"}},
		{0, [5]string{"pour", "mes", "#", comeAlongFR}},
		// The family, a group.
		{-1, [5]string{"whole|entire", "family"}},
		{-1, [5]string{"group", "booking|bookings|appointment|appointments"}},
		{-1, [5]string{"toute", "la", "famille"}},
		{-1, [5]string{"pour", "un", "groupe"}},
	}
}
