package dialogue_test

import (
	"context"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// brainFunc is a brain that answers with a function: here, what a model
// brain could make of a message.
type brainFunc func(in dialogue.Input) understand.Result

func (f brainFunc) Interpret(_ context.Context, in dialogue.Input) (understand.Result, error) {
	return f(in), nil
}

// TestNameSharedWithAProvider: asked for their name, a customer who shares
// a provider's is giving their name — even when the brain reads the
// message as naming that provider — and the chosen slot stays chosen.
func TestNameSharedWithAProvider(t *testing.T) {
	w := getWorld(t)
	embedded := dialogue.NewEmbeddedBrain(w.Desk.Names, 0)
	cases := map[string]func(in dialogue.Input) understand.Result{
		"ProviderOnly": func(dialogue.Input) understand.Result {
			return understand.Result{Intent: understand.IntentInform, ProviderName: "Dr Nicolas Robert", Language: "en"}
		},
		"NameAndProvider": func(dialogue.Input) understand.Result {
			return understand.Result{Intent: understand.IntentInform, Name: "Nicolas Robert", ProviderName: "Dr Nicolas Robert", Language: "en"}
		},
	}
	for name, atName := range cases {
		t.Run(name, func(t *testing.T) {
			brain := brainFunc(func(in dialogue.Input) understand.Result {
				if in.State.Awaiting == dialogue.AwaitName {
					return atName(in)
				}
				r, err := embedded.Interpret(context.Background(), in)
				if err != nil {
					t.Fatal(err)
				}
				return r
			})
			m := dialogue.NewManager(dialogue.ManagerConfig{Brain: brain, Tools: w.Tools, Zones: w.Desk.CityZone,
				DefaultZone: now.Location(), Now: func() time.Time { return now }})
			st := &dialogue.State{}
			for _, msg := range []string{"I need a dentist in Lyon on Friday", "the second one"} {
				if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg}); err != nil {
					t.Fatal(err)
				}
			}
			if st.Awaiting != dialogue.AwaitName || st.Chosen == nil {
				t.Fatalf("awaiting %q, chosen %v", st.Awaiting, st.Chosen)
			}
			chosen := *st.Chosen
			if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: "Nicolas Robert"}); err != nil {
				t.Fatal(err)
			}
			if st.Awaiting != dialogue.AwaitEmail || st.Customer.Name != "Nicolas Robert" || st.ProviderName != "" {
				t.Errorf("awaiting %q, customer %q, provider %q", st.Awaiting, st.Customer.Name, st.ProviderName)
			}
			if st.Chosen == nil || st.Chosen.ProviderID != chosen.ProviderID || !st.Chosen.Start.Equal(chosen.Start) {
				t.Errorf("the chosen slot changed: %+v, was %+v", st.Chosen, chosen)
			}
		})
	}
}
