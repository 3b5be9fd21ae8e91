package chat

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/jsontest"
)

// TestConversationAppendJSON: a conversation is stored as json.Marshal
// writes it, whatever its state and history hold, and fails where
// json.Marshal fails.
func TestConversationAppendJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	at := time.Date(2026, 12, 6, 9, 30, 0, 123, time.UTC)
	for i := range 5000 {
		var conv conversation
		jsontest.Fill(rng, &conv)
		want, wantErr := json.Marshal(&conv)
		got, err := conv.appendJSON([]byte("x"))
		if (err != nil) != (wantErr != nil) || (err == nil && string(got) != "x"+string(want)) {
			t.Fatalf("conversation %d:\n got %s (%v)\nwant x%s (%v)", i, got, err, want, wantErr)
		}
	}
	for _, lang := range []string{"en", "fr"} {
		conv := openingConversation(dialogue.Greeting(lang), lang, at)
		want, _ := json.Marshal(&conv)
		if got, err := conv.appendJSON(nil); err != nil || string(got) != string(want) {
			t.Errorf("opening (%s): %s (%v), want %s", lang, got, err, want)
		}
	}
}

// TestEncodeDropsOldestLines: past the bound, the oldest lines go and the
// rest is what json.Marshal writes for what is left.
func TestEncodeDropsOldestLines(t *testing.T) {
	at := time.Now() // with a monotonic reading, which JSON drops
	conv := openingConversation("hello", "en", at)
	for i := range 30 {
		conv.History = append(conv.History, Message{Role: "user", Text: strings.Repeat("é", 40+i), At: at})
	}
	full, _ := json.Marshal(&conv)
	limit := len(full) / 2
	got, err := encode(&conv, limit, make([]byte, 0, 16))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(&conv)
	if len(got) > limit || string(got) != string(want) || len(conv.History) == 0 || len(conv.History) >= 31 {
		t.Fatalf("encoded %d bytes (bound %d), %d lines kept; as json.Marshal: %v", len(got), limit, len(conv.History), string(got) == string(want))
	}
	if last := conv.History[len(conv.History)-1].Text; last != strings.Repeat("é", 69) {
		t.Errorf("the latest line was dropped")
	}
}
