package understand_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestQuestions: questions about the appointment discussed — its price,
// its length, its address — in English and French, with and without
// accents or question marks; an email address given asks nothing, nor do
// "or" in French and a booking request.
func TestQuestions(t *testing.T) {
	u := newUnderstander()
	cases := []struct {
		name string
		msg  string
		want understand.Question
	}{
		{"HowMuch", "how much is it?", understand.AskPrice},
		{"HowMuchNoMark", "how much will it cost", understand.AskPrice},
		{"CestCombien", "c'est combien ?", understand.AskPrice},
		{"CaCouteCombien", "ca coute combien", understand.AskPrice},
		{"Tarif", "quel tarif ?", understand.AskPrice},
		{"PriceAlone", "price?", understand.AskPrice},
		{"LePrix", "et le prix ?", understand.AskPrice},
		{"HowLong", "how long does it take?", understand.AskDuration},
		{"CombienDeTemps", "ça dure combien de temps ?", understand.AskDuration},
		{"DureeNoAccent", "la duree ?", understand.AskDuration},
		{"WhereIsIt", "where is it?", understand.AskAddress},
		{"CestOu", "c'est où ?", understand.AskAddress},
		{"OuAlone", "où ?", understand.AskAddress},
		{"OuSeTrouve", "ou se trouve le cabinet", understand.AskAddress},
		{"TheAddress", "what's the address", understand.AskAddress},
		{"RemindMeWhere", "can you remind me where it is", understand.AskAddress},
		{"TellMeThePrice", "tell me the price please", understand.AskPrice},
		// No reference at hand.
		{"DontHaveTheReference", "I don't have the reference", understand.AskReference},
		{"LostMyBookingNumber", "I lost my booking number", understand.AskReference},
		{"WhereDoIFindTheRef", "where do I find the ref?", understand.AskReference},
		{"JeNaiPasLaReference", "je n'ai pas la référence", understand.AskReference},
		{"JeConnaisPasLaRef", "je connais pas la ref", understand.AskReference},
		{"CQuoiLaRef", "c quoi la ref ?", understand.AskReference},
		{"JaiPerduMaReference", "j'ai perdu ma reference", understand.AskReference},
		{"SansLaReference", "sans la référence c'est possible ?", understand.AskReference},
		{"EmailAddressIsNoQuestion", "my email address is marie@example.com", ""},
		{"FrenchOrIsNoWhere", "mardi ou mercredi", ""},
		{"Request", "I need a dentist in Lyon tomorrow", ""},
		{"PriceWordInASentence", "I booked the price list appointment for my cousin last week", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := u.Understand(understand.Context{Now: friday}, c.msg).Question; got != c.want {
				t.Errorf("%q: %q, want %q", c.msg, got, c.want)
			}
		})
	}
}
