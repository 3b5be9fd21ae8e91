package dialogue

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// A provider asked for by name. The name is looked up in the directory
// (whatever brain read it: a model's is data to check): one provider
// gives the search its kind and city, so neither is asked; several are
// listed, numbered with their city and address, and the answer — a
// number, a city, a kind, a word of the address or of the name — picks
// one; none is said, without repeating the name, and others of the kind
// are offered.

// maxProviderOptions bounds the providers listed in one question: more,
// and the city is asked first.
const maxProviderOptions = 6

// nameWords returns the folded words of a provider's name or of a
// reference to one, without the titles, and whether it bears "Dr".
func nameWords(s string) (words []string, dr bool) {
	for _, w := range strings.Fields(rendezvous.FoldKey(s)) {
		switch w {
		case "dr", "doctor", "docteur", "doc":
			dr = true
		case "mr", "mrs", "ms", "miss", "mme", "mlle", "m", "madame", "monsieur", "mademoiselle":
		default:
			words = append(words, w)
		}
	}
	return words, dr
}

// nameMatches reports whether a reference ("Dr Leroy", "Léa") names a
// provider ("Dr Léa Leroy"): each of its words is one of the name's.
func nameMatches(ref, name string) bool {
	rw, _ := nameWords(ref)
	nw, _ := nameWords(name)
	if len(rw) == 0 {
		return false
	}
	for _, w := range rw {
		if !slices.Contains(nw, w) {
			return false
		}
	}
	return true
}

// providersNamed looks up the providers a reference names, of a kind and
// in a city when they are not "". full tells that the directory may hold
// more than those returned.
func (t *turn) providersNamed(ref, kind, city string) (found []ProviderInfo, full bool, err error) {
	words, dr := nameWords(ref)
	if len(words) == 0 {
		return nil, false, nil
	}
	// The directory matches a part of the name: the whole reference first
	// (a full name, "Salon Léa", "Léa Leroy"), then its last word, the
	// surname ("Dr Leroy" is no part of "Dr Léa Leroy").
	const limit = 10
	var all []ProviderInfo
	for _, query := range []string{ref, words[len(words)-1]} {
		res, err := t.m.tools.Call(t.ctx, t.tt, ToolSearchProviders, SearchProvidersArgs{Kind: rendezvous.Kind(kind), City: city,
			Name: query, Limit: limit})
		if err != nil {
			return nil, false, err
		}
		if all = res.(ProvidersResult).Providers; len(all) > 0 {
			break
		}
	}
	var exact, withDr []ProviderInfo
	for _, p := range all {
		if !nameMatches(ref, p.Name) {
			continue
		}
		found = append(found, p)
		if rendezvous.FoldKey(p.Name) == rendezvous.FoldKey(ref) {
			exact = append(exact, p)
		}
		if _, pdr := nameWords(p.Name); pdr && dr {
			withDr = append(withDr, p)
		}
	}
	switch {
	case len(exact) > 0:
		found = exact
	case len(withDr) > 0:
		found = withDr // "Dr Morel" is rather Dr Jean Morel than Chloé Morel, psychologue
	}
	return found, len(all) == limit, nil
}

// resolveProvider finds the provider the conversation names, once. It
// returns false when it has answered: asked which of several, or for the
// city first.
func (t *turn) resolveProvider() bool {
	st := t.st
	if st.ProviderName == "" || st.ProviderID != 0 {
		return true
	}
	found, full, err := t.providersNamed(st.ProviderName, st.Kind, st.City)
	if len(found) == 0 && err == nil && (st.Kind != "" || st.City != "") && t.r.Kind == "" && t.r.City == "" {
		// A name asked for after a kind or a city ("actually Dr Morel
		// instead"): the name is what the customer wants now.
		found, full, err = t.providersNamed(st.ProviderName, "", "")
	}
	if err != nil {
		t.failed(err)
		return false
	}
	switch {
	case len(found) == 0:
		st.ProviderName = ""
		return t.sayUnknownProvider()
	case len(found) == 1:
		t.takeProvider(optionOf(found[0]))
		return true
	case (full || len(found) > maxProviderOptions) && st.City == "":
		t.ask(AwaitCity, "several_providers_go_by_that")
		return false
	}
	st.Options = nil
	for _, p := range found[:min(len(found), maxProviderOptions)] {
		st.Options = append(st.Options, optionOf(p))
	}
	if t.unknownCity {
		t.add("sorry_don_know_that_city_3")
	}
	t.askWhichProvider("several_go_by_that_name_which")
	return false
}

func optionOf(p ProviderInfo) ProviderOption {
	return ProviderOption{ID: p.ID, Name: p.Name, Kind: p.Kind, City: p.City, Address: p.Address}
}

// takeProvider makes o the provider of the search, with its kind and city.
func (t *turn) takeProvider(o ProviderOption) {
	st := t.st
	if st.Kind != o.Kind || rendezvous.FoldKey(st.City) != rendezvous.FoldKey(o.City) {
		st.resetSearch()
	}
	st.ProviderID, st.ProviderName, st.Kind, st.City, st.Options = o.ID, o.Name, o.Kind, o.City, nil
	t.usedSomething = true
}

// askWhichProvider lists the options, numbered, and asks which one with
// the message key, whose verb takes the list.
func (t *turn) askWhichProvider(key string) {
	var items []string
	for i, o := range t.st.Options {
		items = append(items, fmt.Sprintf(text(t.lang, "numbered_provider_details"),
			i+1, o.Name, kindPhrase(o.Kind, t.lang), o.City, o.Address))
	}
	t.ask(AwaitProvider, key, strings.Join(items, "; "))
}

// sayUnknownProvider says the directory has no provider of that name
// (never repeating it: it may come from a model) and goes on with others
// of the kind; false when it has asked for the kind.
func (t *turn) sayUnknownProvider() bool {
	st := t.st
	if st.Kind == "" {
		t.ask(AwaitKind, "don_know_that_provider_what", kindChoices(t.lang))
		return false
	}
	if st.City != "" {
		t.add("don_know_that_provider_in", st.City)
		return true
	}
	t.add("don_know_that_provider_but",
		kindPhrase(st.Kind, t.lang))
	return true
}

// chooseProvider takes the answer to "Which one do you mean?": a number,
// or what tells one option from the others (a city, a kind, a word of
// the name or the address). Several left are asked about again; false
// when it has asked.
func (t *turn) chooseProvider() bool {
	st, r := t.st, t.r
	opts := st.Options
	if r.Choice > 0 && r.Choice <= len(opts) {
		t.takeProvider(opts[r.Choice-1])
		return true
	}
	if r.Choice == -1 {
		t.takeProvider(opts[len(opts)-1])
		return true
	}
	// A city, a kind or a name that none of the options has is another
	// request: the name is looked up again with it.
	other := false
	keep := func(ok func(o ProviderOption) bool) {
		var kept []ProviderOption
		for _, o := range opts {
			if ok(o) {
				kept = append(kept, o)
			}
		}
		if len(kept) > 0 {
			opts = kept
		} else {
			other = true
		}
	}
	said := false
	if r.City != "" {
		said = true
		keep(func(o ProviderOption) bool { return rendezvous.FoldKey(o.City) == rendezvous.FoldKey(r.City) })
	}
	if r.Kind != "" {
		said = true
		keep(func(o ProviderOption) bool { return o.Kind == string(r.Kind) })
	}
	if r.ProviderName != "" {
		said = true
		keep(func(o ProviderOption) bool { return nameMatches(r.ProviderName, o.Name) })
	}
	if other {
		st.Options, st.ProviderID = nil, 0
		return true
	}
	// Words of the message found in some options' names or addresses, and
	// not in all: "rue Gambetta", "Camille", "the one on Voltaire". The
	// options with the most of them are kept.
	msg, _ := nameWords(t.message)
	score := func(o ProviderOption) int {
		n := 0
		for _, w := range msg {
			if len(w) >= 3 && distinctive(w, opts) && containsWord(o, w) {
				n++
			}
		}
		return n
	}
	best := 0
	for _, o := range opts {
		best = max(best, score(o))
	}
	if best > 0 {
		said = true
		keep(func(o ProviderOption) bool { return score(o) == best })
	}
	if len(opts) == 1 {
		t.takeProvider(opts[0])
		return true
	}
	if said && len(opts) < len(st.Options) {
		st.Options = opts
		t.askWhichProvider("which_of_these_providers")
		return false
	}
	if !said && !t.usedSomething {
		t.clarify()
		return false
	}
	t.askWhichProvider("which_provider_by_number")
	return false
}

// distinctive reports whether w tells options apart: some have it, not all.
func distinctive(w string, opts []ProviderOption) bool {
	n := 0
	for _, o := range opts {
		if containsWord(o, w) {
			n++
		}
	}
	return n > 0 && n < len(opts)
}

func containsWord(o ProviderOption, w string) bool {
	for _, s := range []string{o.Name, o.City, o.Address} {
		if slices.Contains(strings.Fields(rendezvous.FoldKey(s)), w) {
			return true
		}
	}
	return false
}

// absorbProvider takes a provider named in the message: a new name is
// looked up again; one the understanding knows is not in the directory is
// dropped, to be said so. A new city or kind looks the name up again in
// them.
func (t *turn) absorbProvider() {
	st, r := t.st, t.r
	switch {
	case r.Intent == understand.IntentFindProvider && r.ProviderName == "" && !r.UnknownProvider && st.ProviderName != "" && len(st.Options) == 0:
		// "Someone else", "a dentist in Lyon": a search, not the
		// provider named before.
		st.ProviderName, st.ProviderID = "", 0
		st.resetSearch()
		t.searchChanged, t.usedSomething = true, true
	case r.UnknownProvider && r.ProviderName == "":
		t.providerUnknown, t.usedSomething = true, true
		st.ProviderName, st.ProviderID, st.Options = "", 0, nil
	case r.ProviderName != "" && r.ProviderName != st.ProviderName && len(st.Options) == 0:
		st.ProviderID = 0
	case st.ProviderID != 0 && (r.City != "" && rendezvous.FoldKey(r.City) != rendezvous.FoldKey(st.City) ||
		r.Kind != "" && string(r.Kind) != st.Kind):
		st.ProviderID = 0
	}
}
