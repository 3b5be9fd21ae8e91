package openai_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rendezvous-oss/rendezvous/fake"
	"github.com/rendezvous-oss/rendezvous/llm"
)

// The streamed answer, accumulated, must equal the whole one — whatever
// the pieces the server cuts it in — and OnEvent must see the text as it
// comes and each tool call once complete.
func TestStreamEqualsJSON(t *testing.T) {
	long := strings.Repeat("Votre rendez-vous chez le Dr Élodie Martin est confirmé. ", 8)
	bigInput := map[string]any{"date": "2030-05-06", "note": strings.Repeat("café ", 30), "n": 3, "ok": true, "list": []int{1, 2, 3}}
	tests := []struct {
		name  string
		reply fake.Reply
	}{
		{"ManyTextDeltas", fake.Reply{Text: long, Pieces: 40}},
		{"ToolInputInManyDeltas", fake.Reply{ToolCalls: []fake.ToolCall{{ID: "call_1", Name: "find_slots", Input: bigInput}}, Pieces: 50}},
		{"TwoToolCalls", fake.Reply{Text: "Checking both.", Pieces: 5, ToolCalls: []fake.ToolCall{
			{ID: "call_1", Name: "find_slots", Input: map[string]string{"date": "2030-05-06"}},
			{ID: "call_2", Name: "find_slots", Input: map[string]string{"date": "2030-05-07"}},
		}}},
		{"EmptyToolInput", fake.Reply{ToolCalls: []fake.ToolCall{{ID: "call_1", Name: "find_slots"}}}},
		{"OnePiece", fake.Reply{Text: "ok", Pieces: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fake.NewOpenAI(t, fake.Always(tt.reply))
			b := newBackend(t, srv)
			req := llm.Request{Messages: []llm.Message{userText("hi")}, Tools: []llm.Tool{findSlots}}
			whole, _, err := complete(t, b, req, false)
			if err != nil {
				t.Fatal(err)
			}
			streamed, events, err := complete(t, b, req, true)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(whole, streamed); d != "" {
				t.Errorf("streamed response differs from the whole one (-whole +streamed):\n%s", d)
			}

			var text strings.Builder
			var deltas int
			var calls []llm.Block
			for _, e := range events {
				switch e.Type {
				case llm.EventTextDelta:
					text.WriteString(e.Text)
					deltas++
				case llm.EventToolCall:
					calls = append(calls, *e.Tool)
				}
			}
			var wantText string
			var wantCalls []llm.Block
			for _, bl := range whole.Content {
				if bl.Type == llm.BlockText {
					wantText += bl.Text
				} else {
					wantCalls = append(wantCalls, bl)
				}
			}
			if text.String() != wantText {
				t.Errorf("text deltas add up to %q, want %q", text.String(), wantText)
			}
			pieces := tt.reply.Pieces
			if pieces == 0 {
				pieces = 3 // the fake's default
			}
			if wantDeltas := min(pieces, len([]rune(tt.reply.Text))); tt.reply.Text != "" && deltas != wantDeltas {
				t.Errorf("%d text delta events, want %d", deltas, wantDeltas)
			}
			if d := cmp.Diff(wantCalls, calls); d != "" {
				t.Errorf("tool call events (-want +got):\n%s", d)
			}
			for _, c := range calls {
				if !json.Valid(c.ToolInput) {
					t.Errorf("tool input %s is not JSON", c.ToolInput)
				}
			}
		})
	}
}
