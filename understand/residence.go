package understand

// Where the customer lives or comes from is no place to book in: "I'm
// from Montreal", "j'habite à Nantes", "je viens de Lille" said while
// booking in Paris leave the search in Paris.

// residencePhrases are the folded words that, just before a city, say the
// customer lives there or comes from there.
var residencePhrases = [][]string{
	{"i", "m", "from"}, {"im", "from"}, {"i", "am", "from"}, {"i", "come", "from"}, {"we", "re", "from"},
	{"we", "are", "from"}, {"i", "live", "in"}, {"we", "live", "in"}, {"living", "in"}, {"i", "m", "based", "in"},
	{"originally", "from"}, {"habite", "a"}, {"habite", "en"}, {"habite", "au"}, {"habite"}, {"habitons", "a"},
	{"vis", "a"}, {"vivons", "a"}, {"viens", "de"}, {"venons", "de"}, {"suis", "de"}, {"originaire", "de"},
	{"moi", "c", "est", "de"}, {"jhabite", "a"}, {"jhabite"},
}

// residenceBefore reports whether the tokens before toks[i] say the
// customer lives in, or comes from, the place at i.
func residenceBefore(toks []token, i int) bool {
	for _, p := range residencePhrases {
		n := len(p)
		if i < n {
			continue
		}
		ok := true
		for k, w := range p {
			if toks[i-n+k].s != w {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
