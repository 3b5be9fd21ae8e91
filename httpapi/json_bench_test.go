package httpapi

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkDecodeDeep measures what a body nested as deep as the body
// limit allows costs: it must stay microseconds, not the half second
// it cost when the walk went 10,000 levels down.
func BenchmarkDecodeDeep(b *testing.B) {
	n := 10000
	body := `{"message":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`
	unclosed := strings.Repeat("[", 10000)
	for _, c := range []struct{ name, body string }{{"within", body}, {"unclosed", unclosed}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				r := httptest.NewRequest("POST", "/v1/chat", strings.NewReader(c.body))
				r.Header.Set("Content-Type", "application/json")
				var v struct {
					Message string `json:"message"`
				}
				_ = decodeBody(r, []byte(c.body), &v)
			}
		})
	}
}
