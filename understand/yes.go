package understand

import (
	"slices"
	"strings"
	"unicode"
)

// Action is a change the agent asks a customer to confirm.
type Action string

// The actions that need a clear yes.
const (
	ActionBook       Action = "book"
	ActionCancel     Action = "cancel"
	ActionReschedule Action = "reschedule"
	ActionWaitlist   Action = "waitlist" // "shall I email you if a slot frees up?"
)

// ClearYes reports whether message, said in answer to the summary of
// action, is a clear yes to it and nothing else. It is the one gate every
// booking, cancellation and move passes, whatever brain read the message.
//
// It fails closed: the message must be made only of words of agreement
// ("yes", "oui", "ok", "d'accord", "go ahead", "je confirme"), politeness
// ("please", "merci", "s'il vous plaît") and the action's own verb ("book
// it", "annulez-le"), with at least one word of agreement or the verb. Anything else
// makes it not a clear yes: a question mark, a condition ("yes, but…",
// "if", "sauf"), a hesitation ("maybe", "I think", "euh"), a correction or
// new content ("yes, at 11", "the surname is Martin"), a negation, another
// action's verb, or simply a word it does not know. A customer whose yes
// is not clear is asked again; a customer who is not saying yes is never
// taken at their word.
func ClearYes(message string, action Action) bool {
	if strings.ContainsAny(message, "?¿？") || len(message) > 200 {
		return false
	}
	agreed := false
	for _, w := range yesWords(message) {
		switch {
		case agreement[w], actionVerbs[action][w]:
			agreed = true
		case courtesy[w]:
		default:
			return false
		}
	}
	return agreed
}

// yesWords folds a message into words: lower case, without accents,
// apostrophes and hyphens as breaks, letters repeated for emphasis once
// ("yesss", "ouiii"). Emoji of approval are words of agreement; any other
// symbol is a word of its own, which no list holds.
func yesWords(message string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range message {
		switch {
		case r == '👍' || r == '👌' || r == '✅' || r == '✔':
			flush()
			words = append(words, "+1")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, []rune(foldRune(unicode.ToLower(r)))...)
		case unicode.IsSpace(r) || r == '\'' || r == '’' || r == '-' || r == ',' || r == '.' || r == '!' || r == ';' || r == ':' || r == '…' || r == '(' || r == ')':
			flush()
		case unicode.Is(unicode.Mn, r) || r == '\u200d' || r == '\ufe0f':
			// Combining marks and emoji joiners carry nothing.
		default:
			flush()
			words = append(words, string(r))
		}
	}
	flush()
	for i, w := range words {
		words[i] = squeeze(w)
	}
	return joinCourtesy(words)
}

// courtesyPhrases are formulas whose words are not allowed alone: "il"
// and "you" would let "est-il bon" and "do you" through.
var courtesyPhrases = [][]string{
	{"s", "il", "vous", "plait"}, {"s", "il", "te", "plait"}, {"sil", "vous", "plait"}, {"thank", "you"}, {"thank", "u"},
}

// joinCourtesy replaces each courtesy formula by one word ("svp").
func joinCourtesy(words []string) []string {
	out := words[:0:0]
	for i := 0; i < len(words); i++ {
		matched := false
		for _, p := range courtesyPhrases {
			if i+len(p) <= len(words) && slices.Equal(words[i:i+len(p)], p) {
				out, i, matched = append(out, "svp"), i+len(p)-1, true
				break
			}
		}
		if !matched {
			out = append(out, words[i])
		}
	}
	return out
}

// squeeze reduces letters repeated for emphasis to one or two: "yesss" is
// "yes", "ouiii" "oui", "okkk" "ok", "goood" "good"; words whose double
// letter is their own ("good", "accord", "allez") keep it.
func squeeze(w string) string {
	r := []rune(w)
	var out []rune
	for i := 0; i < len(r); i++ {
		j := i
		for j+1 < len(r) && r[j+1] == r[i] {
			j++
		}
		out = append(out, r[i])
		if j > i {
			out = append(out, r[i])
		}
		i = j
	}
	s := string(out)
	if agreement[s] || courtesy[s] || anyVerb(s) {
		return s
	}
	// One of each repeated letter ("yess" → "yes", "okk" → "ok").
	single := make([]rune, 0, len(out))
	for i, c := range out {
		if i > 0 && out[i-1] == c {
			continue
		}
		single = append(single, c)
	}
	return string(single)
}

func anyVerb(w string) bool {
	for _, vs := range actionVerbs {
		if vs[w] {
			return true
		}
	}
	return false
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// agreement are the words that say yes. Folded: "d'accord" is "d accord",
// "ça marche" "ca marche", "c'est bon" "c est bon" — each word is listed.
var agreement = set(
	"+1",
	// English
	"yes", "yeah", "yea", "yep", "yup", "ya", "yah", "ye", "ok", "okay", "okey", "okie", "kk", "k", "sure", "absolutely",
	"definitely", "certainly", "correct", "right", "perfect", "great", "fine", "good", "excellent", "confirm", "confirmed",
	"agreed", "agree", "affirmative", "exactly", "indeed", "ahead", "works", "lovely", "brilliant", "awesome", "cool",
	"alright", "done", "deal", "go", "do",
	// French
	"oui", "ouais", "ouaip", "ouep", "ouai", "dac", "daccord", "accord", "parfait", "parfaitement", "exactement", "absolument",
	"super", "top", "impeccable", "nickel", "marche", "confirme", "confirmee", "valide", "valider", "entendu", "volontiers",
	"bon", "bien", "certes", "evidemment", "va", "fait", "allez", "vas", "allons",
)

// courtesy are words that may surround a yes without changing it.
var courtesy = set(
	// English
	"please", "pls", "plz", "thanks", "thx", "ty", "that", "thats", "s", "it", "its", "for", "me",
	"by", "sounds", "all", "let", "lets", "i", "we", "so", "very", "much", "a", "lot", "the", "one", "this", "thing",
	"totally", "really", "oh", "well", "just", "sir", "madam", "and",
	// French
	"merci", "beaucoup", "stp", "svp", "c", "d", "l", "est", "je", "j", "tout", "a", "y",
	"faites", "fais", "le", "la", "les", "moi", "me", "pour", "comme", "ca", "cela", "et", "oh", "tres",
	"alors", "madame", "monsieur", "encore", "bonne", "chose", "nous",
)

// actionVerbs are the words that name each action ("yes, book it",
// "oui, annulez-le"): allowed only in answer to that action's summary, so
// that "yes, cancel it" never books.
var actionVerbs = map[Action]map[string]bool{
	ActionBook: set("book", "booking", "reserve", "reserver", "reservez", "reserves", "reservation", "rendez", "rdv",
		"appointment", "prenez", "prends", "prendre", "booke", "bookez", "rendezvous"),
	ActionCancel: set("cancel", "cancelled", "canceled", "annule", "annulez", "annuler", "annules", "cancellation",
		"annulation", "appointment", "booking", "rendez", "rdv", "rendezvous"),
	ActionReschedule: set("move", "moved", "reschedule", "deplace", "deplacez", "deplacer", "decale",
		"decalez", "decaler", "reporte", "reportez", "reporter", "appointment", "booking", "rendez", "rdv", "rendezvous"),
	ActionWaitlist: set("notify", "tell", "email", "mail", "know", "inform", "alert", "waitlist", "posted", "keep", "write",
		"prevenez", "previens", "prevenir", "informez", "informer", "ecrivez", "ecris", "ecrire", "avertissez", "tenez", "tiens", "courant", "au"),
}
