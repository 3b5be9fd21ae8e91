package rendezvous_test

import (
	"encoding/json"
	"testing"

	"github.com/rendezvous-oss/rendezvous"
)

// FuzzAppendJSONString holds the hand-written string encoder to
// encoding/json, byte for byte, whatever the input: what the hot paths
// write must be what the rest of the API writes.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `quote " and \ backslash`, "<b>&amp;</b>", "tab\tnew\nline\rcr\bbs\fff\x00\x1f\x7f",
		"Très bien — à mardi 9 h 30 · Dr Müller", "line\u2028para\u2029", "bad \xff\xfe utf8 \xc3", "emoji 😀", "\xed\xa0\x80 surrogate"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := rendezvous.AppendJSONString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Fatalf("AppendJSONString(%q) = %s, want %s", s, got[1:], want)
		}
	})
}

func BenchmarkAppendJSONString(b *testing.B) {
	s := "Je vous propose mardi 8 décembre à 9 h 30 chez Cabinet Dentaire Bellecour — ça vous va ?"
	b.ReportAllocs()
	buf := make([]byte, 0, 256)
	for b.Loop() {
		buf = rendezvous.AppendJSONString(buf[:0], s)
	}
}
