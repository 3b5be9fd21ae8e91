package httpapi

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"
)

// TestSlotListJSON checks that the slots are written byte for byte as
// encoding/json writes them: names that JSON escapes, zones, nanoseconds,
// empty and nil lists, and times it refuses.
func TestSlotListJSON(t *testing.T) {
	names := []string{"", "Dr Sophie Martin", "Cabinet \"du Parc\"", "A & B <dentistes>", "Éloïse Müller", "東京歯科",
		"tab\there", "line\u2028sep", "bad\xffutf8", `back\slash`}
	zones := []*time.Location{time.UTC, time.FixedZone("", 3600), time.FixedZone("x", -9*3600-1800)}
	if paris, err := time.LoadLocation("Europe/Paris"); err == nil {
		zones = append(zones, paris)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var lists []SlotListJSON
	lists = append(lists, SlotListJSON{}, SlotListJSON{Slots: []SlotJSON{}})
	for range 200 {
		var l SlotListJSON
		for range rng.IntN(12) {
			start := time.Unix(1_700_000_000+rng.Int64N(400_000_000), 0).In(zones[rng.IntN(len(zones))])
			if rng.IntN(4) == 0 {
				start = start.Add(time.Duration(rng.IntN(1e9)))
			}
			l.Slots = append(l.Slots, SlotJSON{ProviderID: rng.Int64N(1e6) - 10, ProviderName: names[rng.IntN(len(names))],
				ServiceID: rng.Int64N(1e9), Start: start, End: start.Add(time.Duration(rng.IntN(180)) * time.Minute)})
		}
		lists = append(lists, l)
	}
	for i, l := range lists {
		want, wantErr := json.Marshal(l)
		got, err := l.appendJSON(nil)
		if string(got) != string(want) || (err == nil) != (wantErr == nil) {
			t.Errorf("list %d:\n got %s (%v)\nwant %s (%v)", i, got, err, want, wantErr)
		}
	}
	bad := SlotListJSON{Slots: []SlotJSON{{Start: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	if _, err := bad.appendJSON(nil); err == nil {
		t.Error("a time past year 9999 was written")
	}
}

// BenchmarkSlotListJSON writes ten slots, as a search answers.
func BenchmarkSlotListJSON(b *testing.B) {
	paris, _ := time.LoadLocation("Europe/Paris")
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, paris)
	var l SlotListJSON
	for i := range 10 {
		l.Slots = append(l.Slots, SlotJSON{ProviderID: int64(1000 + i), ProviderName: "Cabinet Dentaire Martin", ServiceID: int64(5000 + i),
			Start: start.Add(time.Duration(i) * 30 * time.Minute), End: start.Add(time.Duration(i+1) * 30 * time.Minute)})
	}
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := l.appendJSON(make([]byte, 0, 2048)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(l); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestChatResponseJSON checks the chat's answer against encoding/json:
// with and without a token, a booking, slots and proposals, nil lists and
// maps, text that JSON escapes, and times it refuses.
func TestChatResponseJSON(t *testing.T) {
	texts := []string{"", "Hello!", "Très bien — à mardi 9 h 30 ?", `say "yes"`, "<script>&", "tab\tline\n", "bad\xffutf8", "line\u2028sep", "東京"}
	paris, _ := time.LoadLocation("Europe/Paris")
	start := time.Date(2026, 12, 8, 9, 30, 0, 0, paris)
	cancelled := start.Add(-time.Hour)
	rng := rand.New(rand.NewPCG(5, 6))
	pick := func() string { return texts[rng.IntN(len(texts))] }
	var cases []ChatResponseJSON
	cases = append(cases, ChatResponseJSON{}, ChatResponseJSON{State: ChatStateJSON{Slots: map[string]string{}, Proposals: []SlotJSON{}}, Actions: []string{}})
	for range 300 {
		c := ChatResponseJSON{SessionID: "ses_" + pick(), Reply: pick(), Language: []string{"en", "fr"}[rng.IntN(2)],
			State: ChatStateJSON{Intent: pick(), Awaiting: "choice", Slots: map[string]string{}, Proposals: []SlotJSON{}}}
		if rng.IntN(2) == 0 {
			c.SessionToken = pick()
		}
		for _, k := range []string{"kind", "city", "date", "time", "part_of_day", "provider", "name", "email", "phone", "chosen_start"} {
			if rng.IntN(3) == 0 {
				c.State.Slots[k] = pick()
			}
		}
		for i := range rng.IntN(4) {
			s := start.Add(time.Duration(i) * 30 * time.Minute)
			c.State.Proposals = append(c.State.Proposals, SlotJSON{ProviderID: rng.Int64N(1e6), ProviderName: pick(), ServiceID: rng.Int64N(1e6), Start: s, End: s.Add(30 * time.Minute)})
		}
		if rng.IntN(3) > 0 {
			c.Actions = []string{"searched_providers", pick()}
		}
		if rng.IntN(5) == 0 {
			c.Booking = &BookingJSON{ID: "RDV-" + pick(), Status: "booked", ProviderName: pick(), Start: start, End: start.Add(time.Hour),
				Customer: CustomerJSON{Name: pick(), Email: "a@b.example"}, CreatedAt: start, UpdatedAt: start, ManageToken: pick()}
			if rng.IntN(2) == 0 {
				c.Booking.CancelledAt = &cancelled
			}
		}
		if rng.IntN(10) == 0 {
			c.State.Slots = nil
		}
		cases = append(cases, c)
	}
	for i, c := range cases {
		want, wantErr := json.Marshal(c)
		got, err := c.appendJSON(nil)
		if string(got) != string(want) || (err == nil) != (wantErr == nil) {
			t.Errorf("answer %d:\n got %s (%v)\nwant %s (%v)", i, got, err, want, wantErr)
		}
	}
	bad := ChatResponseJSON{State: ChatStateJSON{Proposals: []SlotJSON{{Start: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}}}
	if _, err := bad.appendJSON(nil); err == nil {
		t.Error("a time past year 9999 was written")
	}
}
