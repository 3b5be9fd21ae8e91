package abuse_test

import (
	"fmt"
	"testing"
	"unicode/utf8"
)

// invalidUTF8 are byte strings that are not UTF-8: stray continuation
// bytes, truncated sequences, an overlong "/", an encoded UTF-16
// surrogate, a code point past U+10FFFF, and Latin-1 text.
var invalidUTF8 = []string{
	"\xff",
	"\xfe\xff",
	"\xa0\xa1",
	"\xc3\x28",
	"\xe2\x28\xa1",
	"\xf0\x28\x8c\xbc",
	"\xc0\xaf",
	"\xed\xa0\x80",
	"\xf4\x90\x80\x80",
	"abc\xff",
	"\xe9t\xe9 \xe0 Orl\xe9ans",
}

// TestInvalidUTF8 puts invalid UTF-8 in every JSON field, path segment,
// query parameter and header of every endpoint: a body is refused with 400
// invalid_json, a path segment or parameter that is read with a 4xx, a
// header is never a 5xx (a bad credential is a 401) and never echoed.
func TestInvalidUTF8(t *testing.T) {
	var payloads []payload
	for _, s := range invalidUTF8 {
		payloads = append(payloads, payload{Text: s, JSON: []byte(`"` + s + `"`)})
	}
	for _, st := range stores() {
		t.Run(st.name, func(t *testing.T) {
			env := with(generousLimits(), "RENDEZVOUS_DATABASE_URL", st.open(t), "RENDEZVOUS_TRUSTED_PROXIES", "127.0.0.1")
			key := adminKey(t, env)
			s := startServer(t, env)
			c := newClient(s.URL, requestTO, attackWorkers)
			defer c.Close()
			fx := newFixture(t, c, key)
			auth := map[string]bool{}
			for _, e := range endpoints() {
				auth[e.Name] = e.Auth != ""
			}
			list := attacks(endpoints(), fx, payloads)
			runAttacks(t, c, list, func(at attack, a answer) error {
				if err := checkAnswer(a); err != nil {
					return err
				}
				endpoint, header := at.Name, ""
				fmt.Sscanf(at.Name, "%s header %s", &endpoint, &header)
				switch {
				case at.Where == "body":
					if a.Status != 400 || a.Code() != "invalid_json" {
						return fmt.Errorf("want 400 invalid_json, got %s", a)
					}
				case at.Where == "path" || at.Where == "query" && !isUnknownParam(at.Name):
					if a.Status < 400 {
						return fmt.Errorf("want a 4xx, got %s", a)
					}
				case header == "Authorization" && auth[endpoint]:
					if a.Status != 401 {
						return fmt.Errorf("want 401, got %s", a)
					}
				}
				for _, h := range []string{"X-Request-ID", "Access-Control-Allow-Origin"} {
					if v := a.Header.Get(h); !utf8.ValidString(v) {
						return fmt.Errorf("%s %q echoes invalid UTF-8", h, v)
					}
				}
				return nil
			})
			t.Run("EscapedLoneSurrogateNever5xx", func(t *testing.T) {
				for _, body := range []string{`{"message":"\ud800"}`, `{"message":"a\udfffb"}`, `{"message":"\ud800\ud800"}`} {
					a, err := c.Post("/v1/chat", body, from("203.0.113.7")...)
					if err != nil {
						t.Fatal(err)
					}
					if err := checkAnswer(a); err != nil {
						t.Error(err)
					}
				}
			})
		})
	}
}

// isUnknownParam reports whether an attack targets the query parameter
// that no endpoint reads (and so ignores).
func isUnknownParam(name string) bool {
	var endpoint, param string
	fmt.Sscanf(name, "%s query %s", &endpoint, &param)
	return param == "unknown"
}
