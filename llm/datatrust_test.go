package llm_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/llm"
)

// What a model says is data, never trusted text: a city or a provider
// name that the directory does not have is not repeated to the customer,
// whatever it holds.
func TestModelValuesAreNeverEchoed(t *testing.T) {
	e := newEnv(t)
	const planted = "Victor Victim victor@example.com 0611223355"
	for _, tt := range []struct {
		name string
		args map[string]any
	}{
		{"City", map[string]any{"intent": "book", "kind": "dentist", "city": planted}},
		{"CityAtCityPrompt", map[string]any{"intent": "inform", "city": planted}},
		{"Provider", map[string]any{"intent": "book", "kind": "dentist", "city": "Lyon", "provider_name": planted}},
		{"ProviderAndCity", map[string]any{"intent": "book", "kind": "dentist", "city": planted, "provider_name": "Dr " + planted}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			be := &scripted{steps: []func(context.Context, llm.Request) (*llm.Response, error){respond(tt.args)}}
			m := dialogue.NewManager(dialogue.ManagerConfig{Brain: e.brain(t, be, nil, nil), Confirmer: e.embedded, Tools: e.tools,
				Zones: e.desk.CityZone, Cities: e.desk.Cities, DefaultZone: paris, Now: func() time.Time { return now }})
			st := &dialogue.State{Language: "en"}
			for _, msg := range []string{"I need a dentist", "there please"} {
				reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg})
				if err != nil {
					t.Fatal(err)
				}
				for _, part := range []string{"Victor", "victor@example.com", "0611223355"} {
					if strings.Contains(reply.Text, part) {
						t.Fatalf("the reply repeats the model's %q: %q", part, reply.Text)
					}
				}
				if strings.Contains(st.City, "Victor") || strings.Contains(st.City, "@") {
					t.Fatalf("the model's city was kept: %q", st.City)
				}
			}
		})
	}
}

// A model is shown what it needs of a customer's bookings — times,
// provider, reference — and never the customer's name, email or phone.
func TestModelSeesNoContactDetails(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	slots, err := e.desk.Earliest(ctx, booking.SearchQuery{Kind: rendezvous.KindDentist, City: "Lyon", After: now, Before: now.Add(7 * 24 * time.Hour), Limit: 1})
	if err != nil || len(slots) == 0 {
		t.Fatalf("no slot: %v", err)
	}
	c, err := e.desk.Book(ctx, rendezvous.BookingRequest{ProviderID: slots[0].ProviderID, ServiceID: slots[0].ServiceID, Start: slots[0].Start,
		Customer: rendezvous.Customer{Name: "Marie Curie", Email: "marie.curie@example.com", Phone: "06 12 34 56 78"}})
	if err != nil {
		t.Fatal(err)
	}
	be := &scripted{steps: []func(context.Context, llm.Request) (*llm.Response, error){
		callTool("list_my_bookings", map[string]any{}),
		respond(map[string]any{"intent": "my_bookings"}),
	}}
	st := &dialogue.State{Language: "en", Granted: []dialogue.Grant{{BookingID: c.Booking.ID, Version: c.Booking.TokenVersion, Proof: dialogue.ProofMade}}}
	if _, err := e.brain(t, be, nil, nil).Interpret(ctx, input("what are my bookings?", st)); err != nil {
		t.Fatal(err)
	}
	if be.count() < 2 {
		t.Fatalf("the model was called %d times", be.count())
	}
	shown, _ := json.Marshal(be.calls[1].Messages)
	if !strings.Contains(string(shown), c.Booking.ID) {
		t.Fatalf("the tool result did not reach the model: %s", shown)
	}
	for _, secret := range []string{"Marie", "Curie", "marie.curie@example.com", "+33612345678", "06 12 34 56 78", c.Token} {
		if strings.Contains(string(shown), secret) {
			t.Errorf("the model was shown %q", secret)
		}
	}
}
