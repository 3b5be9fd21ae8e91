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
