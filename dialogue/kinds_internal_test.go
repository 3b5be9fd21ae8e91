package dialogue

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestPhrasesOfEveryKindAndTrade: the agent has words of its own, in
// both languages, for every kind of the domain and every trade the
// understanding recognises, and for nothing else. (An internal test: the
// tables are the dialogue's own.)
func TestPhrasesOfEveryKindAndTrade(t *testing.T) {
	kinds := kindTable()
	for _, k := range rendezvous.Kinds() {
		n, ok := kinds[k]
		if !ok || n.en == "" || n.enPlural == "" || n.fr == "" || n.frDef == "" {
			t.Errorf("%s: phrases %+v", k, n)
		}
		delete(kinds, k)
	}
	for k := range kinds {
		t.Errorf("phrases for %q, which is not a kind of the domain", k)
	}
	trades := tradeTable()
	for _, tr := range understand.Trades() {
		n, ok := trades[tr]
		if !ok || n.en == "" || n.fr == "" {
			t.Errorf("trade %s: phrases %+v", tr, n)
		}
		delete(trades, tr)
	}
	for tr := range trades {
		t.Errorf("phrases for %q, which the understanding does not recognise", tr)
	}
}
