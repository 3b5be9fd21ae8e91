package dialogue

import (
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestPhrasesOfEveryKindAndTrade: the agent has words of its own, in
// every language, for every kind of the domain and every trade the
// understanding recognises, and for nothing else. (An internal test: the
// catalogs are the dialogue's own.)
func TestPhrasesOfEveryKindAndTrade(t *testing.T) {
	c, err := loadCatalogs(messageFiles)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for k := range dynamicKeys() {
		if strings.HasPrefix(k, "kind_") || strings.HasPrefix(k, "trade_") {
			want[k] = true
		}
	}
	for lang, m := range c {
		for k := range want {
			if m[k] == "" {
				t.Errorf("%s: no words for %q", lang, k)
			}
		}
		for k := range m {
			if (strings.HasPrefix(k, "kind_") || strings.HasPrefix(k, "trade_")) && !want[k] {
				t.Errorf("%s: words %q, for no kind of the domain or trade the understanding recognises", lang, k)
			}
		}
	}
}

// dynamicKeys are the messages the code names by building their key: a
// kind's and a trade's words, what the agent waits for, the verb of a
// confirmation.
func dynamicKeys() map[string]bool {
	keys := map[string]bool{}
	for _, k := range rendezvous.Kinds() {
		keys["kind_"+string(k)], keys["kind_offered_"+string(k)], keys["place_"+string(k)] = true, true, true
	}
	for _, tr := range understand.Trades() {
		keys["trade_"+string(tr)] = true
	}
	for _, n := range []string{"kind", "city", AwaitDate, AwaitTime, AwaitSlotChoice, AwaitProvider, AwaitName, AwaitEmail,
		AwaitPhone, AwaitConfirmation, AwaitReference, "anything"} {
		for _, part := range []string{"question", "noun", "examples"} {
			keys["need_"+n+"_"+part] = true
		}
	}
	keys["place"] = true
	for _, a := range []string{"book", "cancel", "reschedule"} {
		keys["confirm_verb_"+a] = true
	}
	return keys
}
