package dialogue

import (
	"strings"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// How the agent names the kinds and the trades it does not book. The
// domain owns the kinds and the understanding the words customers use;
// the phrases the agent says are its own, here.

// A kind's words are in the catalogs: "kind_<kind>" with an article ("a
// dentist", "un dentiste"), "kind_offered_<kind>" as what the agent books
// ("dentists", "le dentiste": "chez le dentiste").

// kindPhrase names a kind with an article: "a dentist", "un dentiste".
func kindPhrase(kind, lang string) string {
	return text(lang, "kind_"+kind)
}

// kindList names every kind, in the domain's order, joined as a list:
// form picks the message of each ("kind_" or "kind_offered_").
func kindList(lang, last, form string) string {
	var items []string
	for _, k := range rendezvous.Kinds() {
		items = append(items, text(lang, form+string(k)))
	}
	return joinList(items, last)
}

// kindsOffered names the kinds as what the agent books: "hairdressers,
// dentists, … and psychologists", "le coiffeur, le dentiste, … ou le
// psychologue".
func kindsOffered(lang string) string {
	return kindList(lang, text(lang, "kinds_offered_last"), "kind_offered_")
}

// kindChoices names the kinds to choose from: "a hairdresser, a dentist, …
// or a psychologist".
func kindChoices(lang string) string {
	return kindList(lang, text(lang, "or"), "kind_")
}

// joinList joins items with commas and last before the last one.
func joinList(items []string, last string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + last + items[len(items)-1]
}

// tradePhrase names a trade the agent does not book, in the sentences
// "I don't book %s." and "Je ne prends pas de rendez-vous %s." (the
// catalogs' "trade_<trade>").
func tradePhrase(tr understand.Trade, lang string) string {
	return text(lang, "trade_"+string(tr))
}
