package httpapi_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkChatFirstTurn is the first turn of a conversation through the
// whole handler (middlewares, decoding, the turn, the session, the
// answer), in process and without a network: what rdvload compare's chat
// target costs the server apart from the HTTP connection. Its allocations
// are what the collector pays for under load.
func BenchmarkChatFirstTurn(b *testing.B) {
	f := newFixture(b)
	const body = `{"message":"I need a dentist in Paris tomorrow morning"}`
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		r := httptest.NewRequest("POST", "/v1/chat", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		// One address per conversation: each opens a session, and an
		// address may only hold a few.
		r.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:40000", n>>16&255, n>>8&255, n&255)
		w := httptest.NewRecorder()
		f.srv.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}
