package chat

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestOpeningAsMarshal: a conversation just opened is stored as
// json.Marshal writes it, in every language and at any time (zones,
// nanoseconds, the monotonic clock's reading, which JSON drops).
func TestOpeningAsMarshal(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	times := []time.Time{time.Now(), time.Now().In(paris), time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC),
		time.Date(2026, 3, 29, 2, 30, 0, 123456789, paris), time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", -3*3600-1800))}
	for _, lang := range []string{"en", "fr"} {
		for _, stateLang := range []string{"", lang} {
			greeting := dialogue.Greeting(lang)
			o, err := newOpening(openingConversation(greeting, stateLang, time.Time{}))
			if err != nil {
				t.Fatal(err)
			}
			for _, at := range times {
				want, _ := json.Marshal(openingConversation(greeting, stateLang, at))
				got, err := o.encode(at)
				if err != nil || string(got) != string(want) {
					t.Errorf("%s/%q at %v:\n got %s (%v)\nwant %s", lang, stateLang, at, got, err, want)
				}
			}
		}
	}
	if _, err := (opening{}).encode(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Error("a time JSON cannot hold was written")
	}
}
