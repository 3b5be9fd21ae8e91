package fake_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rendezvous-oss/rendezvous/anthropic"
	"github.com/rendezvous-oss/rendezvous/fake"
	"github.com/rendezvous-oss/rendezvous/llm"
	"github.com/rendezvous-oss/rendezvous/openai"
	"github.com/rendezvous-oss/rendezvous/schema"
	"github.com/rendezvous-oss/rendezvous/understand"
)

func newUnderstander() *understand.Understander {
	return understand.New(understand.Gazetteer{
		Cities:        []string{"Lyon", "Paris", "Lille"},
		ProviderNames: []string{"Dr Sophie Martin"},
	})
}

// respondTool is the respond tool as the llm loop offers it.
func respondTool() llm.Tool {
	props := map[string]any{}
	for _, name := range []string{"intent", "kind", "city", "provider_name", "date", "time", "time_approx", "part_of_day",
		"choice", "name", "email", "phone", "booking_reference", "correction", "language"} {
		props[name] = map[string]any{}
	}
	return llm.Tool{Name: "respond", Description: "What the message means.", Parameters: map[string]any{"type": "object", "properties": props}}
}

func TestContextFromSystem(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2030, 5, 6, 9, 0, 0, 0, time.FixedZone("", 2*3600))
	tests := []struct {
		name   string
		system string
		want   understand.Context
		ok     bool
	}{
		{"OK", "You book appointments.\nAwaiting: date; Language: fr; Now: 2030-05-06T09:00:00+02:00; TimeZone: Europe/Paris\nBe brief.",
			understand.Context{Awaiting: "date", Language: "fr", Now: now, Location: paris}, true},
		{"OKPartial", "  Awaiting: slot_choice; Language: en", understand.Context{Awaiting: "slot_choice", Language: "en"}, true},
		{"OKUnknownLanguage", "Awaiting: nothing; Language: unknown; Now: 2030-05-06T09:00:00+02:00; TimeZone: UTC",
			understand.Context{Awaiting: "nothing", Now: now, Location: time.UTC}, true},
		{"OKNoLine", "You book appointments.", understand.Context{}, true},
		{"ErrNow", "Awaiting: ; Now: tomorrow", understand.Context{}, false},
		{"ErrZone", "Awaiting: ; TimeZone: Mars/Olympus", understand.Context{}, false},
		{"ErrLanguage", "Awaiting: ; Language: de", understand.Context{}, false},
		{"ErrPart", "Awaiting: date; Mood: happy", understand.Context{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fake.ContextFromSystem(tt.system)
			if (err == nil) != tt.ok {
				t.Fatalf("error %v, want ok=%v", err, tt.ok)
			}
			if !tt.ok {
				return
			}
			if got.Awaiting != tt.want.Awaiting || got.Language != tt.want.Language || !got.Now.Equal(tt.want.Now) || got.Location.String() != tt.want.Location.String() {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// The Understanding script answers through each fake and each backend
// with the respond call the embedded understanding gives.
func TestUnderstanding(t *testing.T) {
	u := newUnderstander()
	system := "You book appointments.\nAwaiting: date; Language: fr; Now: 2030-05-06T09:00:00+02:00; TimeZone: Europe/Paris"
	const message = "Je cherche un dentiste à Lyon demain vers 15h"
	c, err := fake.ContextFromSystem(system)
	if err != nil {
		t.Fatal(err)
	}
	want := fake.RespondOf(u.Understand(c, message))
	if want.Kind != "dentist" || want.City != "Lyon" || want.Date != "2030-05-07" || want.Time != "15:00" || !want.TimeApprox || want.Language != "fr" {
		t.Fatalf("the understanding read %+v", want)
	}

	backends := []struct {
		name string
		new  func(t *testing.T) llm.Backend
	}{
		{"Anthropic", func(t *testing.T) llm.Backend {
			srv := fake.NewAnthropic(t, fake.Understanding(u))
			b, err := anthropic.New(anthropic.Config{APIKey: "k", Model: "claude", BaseURL: srv.BaseURL, HTTPClient: srv.Client()})
			if err != nil {
				t.Fatal(err)
			}
			return b
		}},
		{"OpenAI", func(t *testing.T) llm.Backend {
			srv := fake.NewOpenAI(t, fake.Understanding(u))
			b, err := openai.New(openai.Config{Model: "llama3", BaseURL: srv.BaseURL, HTTPClient: srv.Client()})
			if err != nil {
				t.Fatal(err)
			}
			return b
		}},
	}
	for _, be := range backends {
		for _, stream := range []bool{false, true} {
			t.Run(be.name+map[bool]string{false: "", true: "Stream"}[stream], func(t *testing.T) {
				req := llm.Request{
					System:   system,
					Messages: []llm.Message{{Role: llm.RoleUser, Content: []llm.Block{{Type: llm.BlockText, Text: message}}}},
					Tools:    []llm.Tool{respondTool()},
				}
				if stream {
					req.OnEvent = func(llm.Event) {}
				}
				resp, err := be.new(t).Complete(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				if len(resp.Content) != 1 || resp.Content[0].ToolName != "respond" || resp.StopReason != llm.StopToolUse {
					t.Fatalf("response %+v, want one respond call", resp)
				}
				var got fake.Respond
				if err := json.Unmarshal(resp.Content[0].ToolInput, &got); err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(want, got); d != "" {
					t.Errorf("respond input (-want +got):\n%s", d)
				}
				if strings.Contains(string(resp.Content[0].ToolInput), `"email"`) {
					t.Errorf("input %s: empty fields must be left out", resp.Content[0].ToolInput)
				}
			})
		}
	}
}

func TestUnderstandingScript(t *testing.T) {
	script := fake.Understanding(newUnderstander())
	user := func(blocks ...fake.Block) fake.Message { return fake.Message{Role: "user", Content: blocks} }
	respond := fake.Tool{Name: "respond", Parameters: map[string]any{"type": "object", "properties": map[string]any{"intent": map[string]any{}, "language": map[string]any{}}}}
	tests := []struct {
		name string
		req  fake.Request
		want fake.Reply
		ok   bool
	}{
		{"OK", fake.Request{Tools: []fake.Tool{respond}, Messages: []fake.Message{user(fake.Block{Type: "text", Text: "hello"})}},
			fake.Call("respond", fake.Respond{Intent: "greet", Language: "en"}), true},
		{"OKOnlyToolResults", fake.Request{Tools: []fake.Tool{respond}, Messages: []fake.Message{user(fake.Block{Type: "tool_result", ToolCallID: "a"})}},
			fake.Text("Done."), true},
		{"ErrNoRespondTool", fake.Request{Messages: []fake.Message{user(fake.Block{Type: "text", Text: "hello"})}}, fake.Reply{}, false},
		{"ErrSchemaLacksField", fake.Request{Tools: []fake.Tool{respond}, Messages: []fake.Message{user(fake.Block{Type: "text", Text: "a dentist in Lyon"})}}, fake.Reply{}, false},
		{"ErrAssistantLast", fake.Request{Tools: []fake.Tool{respond}, Messages: []fake.Message{{Role: "assistant", Content: []fake.Block{{Type: "text", Text: "hi"}}}}}, fake.Reply{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := script(tt.req)
			if (err == nil) != tt.ok {
				t.Fatalf("error %v, want ok=%v", err, tt.ok)
			}
			if d := cmp.Diff(tt.want, got); tt.ok && d != "" {
				t.Errorf("reply (-want +got):\n%s", d)
			}
		})
	}
}

// The respond input decodes strictly into the llm loop's RespondArgs, and
// fits the schema the loop offers.
func TestUnderstandingFitsRespondArgs(t *testing.T) {
	script := fake.Understanding(newUnderstander())
	respond := fake.Tool{Name: "respond", Parameters: schema.NewInline().Of(reflect.TypeOf(llm.RespondArgs{}))}
	for _, msg := range []string{
		"Je cherche un dentiste à Lyon demain vers 15h",
		"book me a haircut with Dr Sophie Martin next Tuesday at 3 in the afternoon",
		"the second one",
		"Paul Martin, paul@example.com, 06 44 55 66 77",
		"cancel RDV-7K3M9QXW2A",
		"actually Thursday",
		"what's the weather like?",
	} {
		t.Run(msg, func(t *testing.T) {
			reply, err := script(fake.Request{
				System:   "Awaiting: nothing; Language: unknown; Now: 2030-05-06T09:00:00Z; TimeZone: UTC",
				Tools:    []fake.Tool{respond},
				Messages: []fake.Message{{Role: "user", Content: []fake.Block{{Type: "text", Text: msg}}}},
			})
			if err != nil {
				t.Fatal(err)
			}
			raw, err := json.Marshal(reply.ToolCalls[0].Input)
			if err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			var args llm.RespondArgs
			if err := dec.Decode(&args); err != nil {
				t.Errorf("input %s does not decode into RespondArgs: %v", raw, err)
			}
			if args.Intent == "" {
				t.Errorf("input %s has no intent", raw)
			}
		})
	}
}
