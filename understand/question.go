package understand

import "strings"

// Question is what a message asks about the appointment under discussion
// — its price, how long it takes, where it is — for the agent to answer
// from the directory rather than take as something it cannot do.
type Question string

// The questions.
const (
	AskPrice    Question = "price"    // "how much is it?", "c'est combien ?", "quel tarif ?"
	AskDuration Question = "duration" // "how long does it take?", "ça dure combien de temps ?"
	AskAddress  Question = "address"  // "where is it?", "c'est où ?", "l'adresse ?"
	// AskReference is a customer who has not the booking's reference at
	// hand: "I don't have the reference", "where do I find it?", "j'ai
	// perdu ma référence", "c'est quoi la ref ?".
	AskReference Question = "reference"
)

// JSONSchemaEnum lists the questions, for the schema of a model's answer.
func (Question) JSONSchemaEnum() []string {
	return []string{string(AskPrice), string(AskDuration), string(AskAddress), string(AskReference)}
}

// questionPhrases returns, for each question, the phrases that ask it
// whatever the message ("how much", "c'est où"), and, under a key with a
// leading "?", the words that ask it only in a question ("the price?",
// "adresse ?"): "my email address is…" asks nothing.
func questionPhrases() map[string][]string {
	return map[string][]string{
		string(AskPrice): {
			"how much", "how much (is|does|would|will) (it|that|this) (be|cost|come to|)", "what (does|would|will) (it|that|this) cost",
			"what do (you|they) charge", "what s the (price|cost|fee)", "what is the (price|cost|fee)", "what are the (prices|fees|rates)",
			"how expensive", "is (it|that) expensive",
			"combien (ca|cela) coute", "(ca|cela) coute combien", "(ca|cela) coute", "c est combien", "combien c est", "ca fait combien",
			"quel est le (prix|tarif)", "quel (prix|tarif)", "quels sont (les|vos) (prix|tarifs)", "combien je (dois|vais payer)",
			"c est cher", "combien pour", "combien ca fait",
		},
		"?" + string(AskPrice): {"price", "prices", "cost", "fee", "fees", "rates", "prix", "tarif", "tarifs", "combien", "the price",
			"price of", "cost of", "le prix", "le tarif", "les tarifs"},
		string(AskDuration): {
			"how long", "how much time", "what s the duration", "how long (does|will|would) (it|that|this) (take|last|be)",
			"combien de temps", "(ca|cela) dure combien", "ca dure", "ca prend combien de temps", "(quelle|la) duree", "dure combien",
			"combien de minutes", "how many minutes",
		},
		"?" + string(AskDuration): {"duration", "length", "duree"},
		string(AskAddress): {
			"where (is|s) (it|that|this|the|he|she)", "where are (they|you|the)", "where (it|that|this|they|he|she) (is|are)",
			"where the (practice|clinic|salon|office|surgery|cabinet) is", "where (will|would) (it|that) be", "what s the address",
			"what is the address", "the address", "which address", "how do i get there", "where exactly", "where do i go",
			"c est ou", "ou c est", "ou est ce", "ou (est|se trouve|se situe) (le|la|il|elle|ce|cet|l)", "ou ca se trouve", "l adresse",
			"quelle adresse", "quelle est l adresse", "c est ou exactement", "comment y aller", "located",
		},
		"?" + string(AskAddress): {"address", "adresse", "where", "location", "ou ca"},
	}
}

// referenceMissing reports whether the message says the customer has not
// the booking's reference at hand, or asks where it is: a word for the
// reference ("reference", "ref", "booking number", "numéro de
// réservation") after a word of lack or of asking ("I don't have the
// reference", "lost my booking number", "where do I find the ref?", "je
// n'ai pas la référence", "c quoi la ref ?", "sans la référence"). Words,
// not phrases: their combinations are too many to list.
func referenceMissing(toks []token) bool {
	cue := false
	for i, tk := range toks {
		switch tk.s {
		case "don", "dont", "didn", "never", "no", "without", "lost", "forgot", "forgotten", "deleted", "misplaced", "cant", "cannot",
			"find", "where", "what", "whats", "which", "sans", "pas", "perdu", "oublie", "retrouve", "trouve", "ou", "quoi",
			"quelle", "quel", "comment", "plus":
			cue = true
		case "reference", "references", "ref", "refs":
			if cue {
				return true
			}
		case "number", "code", "numero":
			if cue && i > 0 && (toks[i-1].s == "booking" || toks[i-1].s == "confirmation" || toks[i-1].s == "reservation" ||
				i+2 < len(toks) && toks[i+1].s == "de" && (toks[i+2].s == "reservation" || toks[i+2].s == "rdv")) {
				return true
			}
		}
	}
	return false
}

// findQuestion returns the question the message asks, from the longest
// question phrase of hits; a word that asks only in a question needs a
// question mark or a message of a few words.
func findQuestion(hits []hit, toks []token, asked bool) Question {
	var best *hit
	for i := range hits {
		h := &hits[i]
		if h.p.class != classQuestion {
			continue
		}
		if h.p.value[0] == '?' && !asked && len(toks) > 3 {
			continue
		}
		if best == nil || h.end-h.start > best.end-best.start {
			best = h
		}
	}
	if best == nil {
		return ""
	}
	q := best.p.value
	if q[0] == '?' {
		q = q[1:]
	}
	return Question(q)
}

// question returns the question a message asks. An email address given
// is no question about an address.
func (u *Understander) question(t *text, toks []token, hits []hit, email bool) Question {
	asked := strings.ContainsAny(t.orig, "?¿？") || len(toks) > 0 && questionWord(toks[0].s)
	q := findQuestion(hits, toks, asked)
	if q == "" && len(toks) <= 3 && strings.Contains(strings.ToLower(t.orig), "où") {
		q = AskAddress // "où ?", "et c'est où" folds to "ou", which is also "or"
	}
	if q == AskAddress && email {
		return ""
	}
	return q
}

// questionWord reports whether a message starting with w is a question.
func questionWord(w string) bool {
	switch w {
	case "how", "what", "where", "whats", "which", "is", "are", "does", "do", "can", "could", "would", "will", "may", "tell",
		"remind", "give", "combien", "quel", "quelle", "quels", "ou", "est", "c", "pouvez", "peux", "pourriez", "dites", "donnez",
		"rappelez", "rappelle":
		return true
	}
	return false
}
