package abuse_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// injections are the strings an attacker tries in every field: SQL, HTML
// and script, templates and format strings, path traversal, header
// injection, a NUL, LIKE wildcards and quotes.
var injections = []string{
	"'; DROP TABLE bookings; --",
	"1 OR 1=1",
	"%' OR '1'='1",
	`" OR ""="`,
	"Robert'); DROP TABLE providers;--",
	"1; SELECT pg_sleep(15); --",
	"' UNION SELECT key_hash, name FROM admin_keys --",
	"<script>alert(1)</script>",
	`"><img src=x onerror=alert(1)>`,
	"{{.}}",
	`{{template "x" .}}`,
	"${jndi:ldap://127.0.0.1/x}",
	"%s%s%s%n%x%d%!",
	"../../../../etc/passwd",
	`..\..\windows\win.ini`,
	"\r\nX-Injected: yes",
	"%0d%0aX-Injected:%20yes",
	"a\x00b",
	"%", "_", "*", `\`, "'", `"`,
}

// injectionValues are JSON values of other types tried in every field.
var injectionValues = []string{"-1", "0", "0.5", "1e308", "9223372036854775807", "-9223372036854775808", "null", "true", "[]", `{"$gt":""}`}

func injectionPayloads() []payload {
	var out []payload
	for _, s := range injections {
		b, _ := json.Marshal(s)
		out = append(out, payload{Text: s, JSON: b})
	}
	for _, v := range injectionValues {
		text := v
		if strings.ContainsAny(v, "[]{}") || v == "null" || v == "true" {
			text = "" // not tried outside JSON
		}
		out = append(out, payload{Text: text, JSON: []byte(v)})
	}
	return out
}

const attackWorkers = 8

// TestInjection sends SQL, script, template, format-string, traversal and
// header-injection strings, and values of every JSON type, in every JSON
// field, path segment, query parameter and header of every endpoint
// (admin ones with a key), then raw requests that try to inject headers.
// No answer is a 5xx or takes more than 10 s (a pg_sleep would), every
// answer is JSON with no injected header and no raw markup, strings
// stored come back as the same data, and the database is intact: the
// directory lists the same providers and a booking can still be made.
func TestInjection(t *testing.T) {
	for _, st := range stores() {
		t.Run(st.name, func(t *testing.T) {
			env := with(generousLimits(), "RENDEZVOUS_DATABASE_URL", st.open(t), "RENDEZVOUS_TRUSTED_PROXIES", "127.0.0.1")
			key := adminKey(t, env)
			s := startServer(t, env)
			c := newClient(s.URL, requestTO, attackWorkers)
			defer c.Close()
			before := directory(t, c)
			fx := newFixture(t, c, key)

			t.Run("EveryEndpointAttacked", func(t *testing.T) { checkCoverage(t, c) })
			t.Run("EveryFieldNever5xx", func(t *testing.T) {
				runAttacks(t, c, attacks(endpoints(), fx, injectionPayloads()), func(at attack, a answer) error {
					return checkInjected(a)
				})
			})
			t.Run("RawHeaderInjectionRefused", func(t *testing.T) { rawHeaderInjection(t, s.URL) })
			t.Run("TraversalPathsNever5xx", func(t *testing.T) {
				for _, p := range []string{"/v1/../../etc/passwd", "/v1/bookings/../../../etc/passwd", "/v1/providers/..%2f..%2f..%2fetc%2fpasswd",
					"/%2e%2e/%2e%2e/etc/passwd", "/v1/providers/1/../../admin/providers", "//v1//providers", "/v1/providers/%00"} {
					a, err := c.Get(p)
					if err != nil {
						t.Fatal(err)
					}
					if a.Status >= 500 || a.Status == 200 && !json.Valid(a.Body) {
						t.Errorf("GET %s: %s", p, a)
					}
				}
			})
			t.Run("StringsStoredAsData", func(t *testing.T) { storedAsData(t, c, fx) })
			t.Run("ChatMessagesNever5xx", func(t *testing.T) {
				var list []attack
				for i, msg := range injections {
					list = append(list, attack{Name: fmt.Sprintf("message %q", msg), Req: request{Method: "POST", Path: "/v1/chat",
						Body: jsonBody(map[string]string{"message": msg}), Headers: from(clientAddr(1<<20 + i))}})
				}
				runAttacks(t, c, list, func(_ attack, a answer) error {
					if err := checkInjected(a); err != nil {
						return err
					}
					if a.Status != 200 && a.Status != 422 {
						return fmt.Errorf("want 200 or 422, got %s", a)
					}
					return nil
				})
			})
			t.Run("DatabaseIntact", func(t *testing.T) {
				after := directory(t, c)
				for id, name := range before {
					if after[id] != name {
						t.Errorf("provider %d was %q, is now %q", id, name, after[id])
					}
				}
				bookFreeSlot(t, c, before)
			})
		})
	}
}

// checkCoverage fails t if the API documents an operation that
// endpoints() does not attack: a new endpoint must join the suite.
func checkCoverage(t *testing.T, c *client) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	mustOK(t, c, request{Path: "/openapi.json"}, 200, &doc)
	attacked := map[string]bool{}
	for _, e := range endpoints() {
		attacked[e.Method+" "+e.Path] = true
	}
	// The suite's placeholders name ids after what they are.
	rename := strings.NewReplacer("/providers/{id}", "/providers/{provider}", "/services/{service_id}", "/services/{service}",
		"/time-off/{time_off_id}", "/time-off/{timeoff}", "/bookings/{id}", "/bookings/{booking}", "/sessions/{id}", "/sessions/{session}",
		"/email-verifications/{id}", "/email-verifications/{verification}", "/jobs/{id}", "/jobs/{job}", "/mail/{id}", "/mail/{mail}",
		"/offers/{token}", "/offers/{offer}", "/waitlist/{id}", "/waitlist/{waitlist}",
		"/webhooks/{id}", "/webhooks/{webhook}", "/deliveries/{delivery_id}", "/deliveries/{delivery}", "/feeds/{token}", "/feeds/{feedtoken}")
	n := 0
	for path, ops := range doc.Paths {
		for method := range ops {
			op := strings.ToUpper(method) + " " + rename.Replace(path)
			if !attacked[op] {
				t.Errorf("%s %s is not attacked: add it to endpoints()", strings.ToUpper(method), path)
			}
			n++
		}
	}
	if n < 20 {
		t.Fatalf("only %d operations in /openapi.json", n)
	}
}

// runAttacks sends the attacks on attackWorkers connections and fails t
// for every one that gets no answer in time, a 5xx, or an answer check
// refuses.
func runAttacks(t *testing.T, c *client, list []attack, check func(attack, answer) error) {
	t.Helper()
	var fails failures
	var statuses tally
	start := time.Now()
	parallel(attackWorkers, len(list), func(i int) {
		at := list[i]
		a, err := c.Do(at.Req)
		if err != nil {
			fails.Add("%s: %v", at.Name, err)
			return
		}
		statuses.Add(fmt.Sprint(a.Status))
		if err := check(at, a); err != nil {
			fails.Add("%s: %s %s: %v", at.Name, at.Req.Method, clip(at.Req.Path, 120), err)
		}
	})
	t.Logf("%d requests in %s: %s", len(list), time.Since(start).Round(time.Millisecond), statuses.String())
	if err := fails.Err(); err != nil {
		t.Error(err)
	}
}

// checkInjected checks an answer to an injection: not a 5xx, JSON (or a
// redirect of the router's path cleaning), no injected header, and no
// markup that a browser would run (JSON escapes < and >).
func checkInjected(a answer) error {
	if err := checkAnswer(a); err != nil {
		return err
	}
	if a.Header.Get("X-Injected") != "" {
		return fmt.Errorf("a header was injected: %v", a.Header)
	}
	for _, markup := range []string{"<script", "<img"} {
		if bytes.Contains(bytes.ToLower(a.Body), []byte(markup)) {
			return fmt.Errorf("raw markup %q in the answer: %s", markup, a)
		}
	}
	return nil
}
