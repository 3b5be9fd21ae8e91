package dialogue_test

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/jsontest"
)

func TestStateAppendJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	failed := 0
	for i := range 20000 {
		var st dialogue.State
		jsontest.Fill(rng, &st)
		want, wantErr := json.Marshal(&st)
		got, err := st.AppendJSON([]byte("x"))
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("state %d: error %v, json.Marshal's %v", i, err, wantErr)
		}
		if err != nil {
			failed++
			continue
		}
		if string(got) != "x"+string(want) {
			t.Fatalf("state %d:\n got %s\nwant x%s", i, got, want)
		}
	}
	if failed == 0 || failed > 10000 {
		t.Errorf("%d of the states could not be written: the filler no longer tries both ways", failed)
	}
	var zero dialogue.State
	want, _ := json.Marshal(&zero)
	if got, err := zero.AppendJSON(nil); err != nil || string(got) != string(want) {
		t.Errorf("zero state: %s (%v), want %s", got, err, want)
	}
}

func BenchmarkStateJSON(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	var st dialogue.State
	for {
		st = dialogue.State{}
		jsontest.Fill(rng, &st)
		if _, err := json.Marshal(&st); err == nil {
			break
		}
	}
	b.Run("AppendJSON", func(b *testing.B) {
		buf := make([]byte, 0, 8192)
		for b.Loop() {
			_, _ = st.AppendJSON(buf)
		}
	})
	b.Run("json.Marshal", func(b *testing.B) {
		for b.Loop() {
			_, _ = json.Marshal(&st)
		}
	})
}
