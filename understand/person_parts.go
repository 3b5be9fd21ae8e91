package understand

import (
	"strings"

	"github.com/rendezvous-oss/rendezvous/understand/names"
)

// The customer's name in a message, whole or in part, and how a part
// given alone ("the surname is Martin") makes a whole name with the one
// known.

// nameTexts are the forms of a message the name rules read.
type nameTexts struct {
	norm   string   // folded and corrected, nothing masked
	dtNorm string   // with the cities and providers named masked
	toks   []token  // of norm
	dtToks []token  // of dtNorm
	spans  [][2]int // emails, references and phone numbers
	hide   [][2]int // the cities' and providers' spans (bytes)
	named  [][2]int // the providers' spans (tokens)
}

// findCustomerName sets res.Name (and res.NamePart) from the message: a
// name introduced ("I'm…", "my surname is…"), or at the name prompt a
// message that is only a name, or a name listed among other details.
//
// hits, the lexicon's phrases in x.toks, is apart from x so that it stays
// on the caller's stack: escape analysis follows a struct as a whole, and
// x's strings are on the heap already.
func (u *Understander) findCustomerName(c Context, t *text, res *Result, hits []hit, x nameTexts) {
	n := u.names
	// After a clear introduction ("my name is", "the surname is"), the
	// words are the customer's even when a provider bears them; after
	// "I'm" or "c'est", a provider's name is the provider.
	clear := false
	for _, h := range hits {
		clear = clear || h.p.class == classNameIntro && h.p.value != introAmbiguous
	}
	var providers [][2]int
	clearNorm := x.dtNorm
	if clear && len(x.named) > 0 {
		for _, p := range x.named {
			providers = append(providers, [2]int{x.toks[p[0]].start, x.toks[p[1]-1].end})
		}
		var cities [][2]int
		for _, h := range x.hide {
			if !overlaps(providers, h[0], h[1]) {
				cities = append(cities, h)
			}
		}
		clearNorm = mask(x.norm, cities)
	}
	if s, e, part, ok := n.findName(t, clearNorm, x.dtNorm, x.toks, hits); ok {
		if cs, ce, ok := n.correctedName(t, x.dtNorm, e); ok {
			s, e = cs, ce // "my name's Ben... sorry, Benjamin Clark"
		}
		res.Name, res.NamePart = cleanName(t.original(s, e)), part
		if overlaps(providers, s, e) {
			res.ProviderName = ""
		}
	} else if c.Awaiting == "name" && res.Email == "" && res.Phone == "" {
		if s, e, ok := n.bareName(t, x.dtNorm); ok {
			res.Name = cleanName(t.original(s, e))
		}
	}
	if res.Name == "" && c.Awaiting == "name" && res.Email == "" && res.Phone == "" {
		// "Meyer, Tom": the surname, a comma, the given name.
		if name, ok := n.inverted(t.orig); ok {
			res.Name = name
		}
	}
	if res.Name == "" && (res.Email != "" || res.Phone != "" || c.Awaiting == "name") {
		// "Paul Martin, paul@example.com, 06 44 55 66 77"
		if s, e, ok := n.listedName(t, mask(x.dtNorm, x.spans), c.Awaiting == "name"); ok {
			res.Name = cleanName(t.original(s, e))
		}
	}
	if res.NamePart != WholeName {
		res.Name = n.compose(c.CustomerName, res.Name, res.NamePart)
	} else if res.Name != "" && c.CustomerName != "" {
		if name, ok := n.instead(c.CustomerName, res.Name, x.norm, t); ok {
			res.Name = name
		}
	}
}

// correctedName finds a name the customer corrects just after giving it:
// "my name's Ben... sorry, Benjamin Clark", "je suis Jean, pardon, Jeanne
// Martin", "I'm Ann, I mean Anne Lee": after the name that ends at end, a
// word of correction and then, capitalised, another name.
func (n *personNames) correctedName(t *text, norm string, end int) (int, int, bool) {
	toks := tokenize(norm[end:])
	if len(toks) < 2 || len(toks) > 8 {
		return 0, 0, false
	}
	i := 0
	for i < len(toks) && i < 3 {
		switch toks[i].s {
		case "sorry", "pardon", "oops", "oups", "actually", "no", "non", "enfin", "correction", "plutot", "rather":
			i++
			continue
		case "i", "je":
			if i+1 < len(toks) && (toks[i+1].s == "mean" || toks[i+1].s == "meant" || toks[i+1].s == "veux") {
				i += 2
				if i < len(toks) && toks[i].s == "dire" {
					i++
				}
				continue
			}
		}
		break
	}
	if i == 0 || i >= len(toks) {
		return 0, 0, false
	}
	scan := newScan(t, norm)
	scan.clear = true
	s, e, ok := n.scan(scan, end+toks[i].start, len(norm))
	if !ok || !allCapitalised(t.original(s, e)) {
		return 0, 0, false
	}
	return s, e, true
}

// inverted reads a name written surname first, then a comma and a given
// name, as forms have it ("Meyer, Tom", "Dupont, Marie-Claire"): one word
// each side, the second a known given name and the first not one.
func (n *personNames) inverted(orig string) (string, bool) {
	surname, given, ok := strings.Cut(strings.TrimSpace(orig), ",")
	surname, given = strings.TrimSpace(surname), strings.TrimSpace(given)
	if !ok || surname == "" || given == "" || strings.ContainsAny(surname+given, " ,;?@") || !LooksLikeName(surname) || !LooksLikeName(given) {
		return "", false
	}
	isGiven := func(w string) bool {
		t := prepare(w)
		toks := tokenize(t.norm)
		return len(toks) > 0 && n.lex.Lookup(toks[0].s)&names.Given != 0
	}
	if !isGiven(given) || isGiven(surname) {
		return "", false
	}
	return given + " " + surname, true
}

// instead reads "Martin, not Curie" and "c'est Jeanne, pas Marie": a word
// said in place of a word of the name known replaces it ("Marie Curie"
// becomes "Marie Martin"), whichever part it is.
func (n *personNames) instead(known, value, norm string, t *text) (string, bool) {
	at := strings.LastIndex(t.norm, foldString(value))
	if at < 0 || len(strings.Fields(value)) != 1 {
		return "", false
	}
	rest := tokenize(norm[at+len(foldString(value)):])
	k := 0
	for _, lead := range [][]string{{"and", "not"}, {"et", "pas"}, {"not"}, {"pas"}, {"instead", "of"}, {"au", "lieu", "de"},
		{"rather", "than"}, {"plutot", "que"}, {"but", "not"}, {"mais", "pas"}} {
		if len(rest) > len(lead) && matchWords(rest, lead) {
			k = len(lead)
			break
		}
	}
	if k == 0 {
		return "", false
	}
	old := rest[k].s
	kt := prepare(known)
	for _, u := range units(kt.norm, tokenize(kt.norm)) {
		if kt.norm[u.start:u.end] == old {
			return strings.TrimSpace(known[:kt.off[u.start]] + value + known[kt.off[u.end]:]), true
		}
	}
	return "", false
}

// compose returns the name known with the part given replaced: "Marie
// Curie" and the surname "Martin" make "Marie Martin".
func (n *personNames) compose(known, value string, part NamePart) string {
	given, surname := n.split(known)
	switch part {
	case GivenName:
		given = value
	case Surname:
		surname = value
	}
	return strings.TrimSpace(given + " " + surname)
}

// split cuts a name into its given names and its surname: the leading
// words that are known given names ("Jean Pierre Dupont"), the first word
// at least when there are two or more; a single word is the given name
// when it is a known one, the surname otherwise.
func (n *personNames) split(name string) (given, surname string) {
	t := prepare(name)
	us := units(t.norm, tokenize(t.norm))
	toks := tokenize(t.norm)
	if len(us) == 0 {
		return "", ""
	}
	isGiven := func(u nameUnit) bool { return n.lex.Lookup(toks[u.first].s)&names.Given != 0 }
	if len(us) == 1 {
		if isGiven(us[0]) {
			return strings.TrimSpace(name), ""
		}
		return "", strings.TrimSpace(name)
	}
	k := 1
	for k < len(us)-1 && isGiven(us[k]) && !particle(toks[us[k].first].s) {
		k++
	}
	return t.original(us[0].start, us[k-1].end), t.original(us[k].start, len(t.norm))
}
