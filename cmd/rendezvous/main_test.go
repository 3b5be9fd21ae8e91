package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/httpapi/apitest"
	"github.com/rendezvous-oss/rendezvous/logging"
	"github.com/rendezvous-oss/rendezvous/postgres/pgtest"
)

// These tests run the whole program in process, as `rendezvous` would
// run from a shell, against a temporary SQLite file and, when
// RENDEZVOUS_TEST_POSTGRES_URL is set, a fresh PostgreSQL schema.

type storeCase struct {
	name string
	url  func(t *testing.T) string
}

func stores() []storeCase {
	return []storeCase{
		{"SQLite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "rendezvous.db") }},
		{"Postgres", func(t *testing.T) string { return pgtest.URL(t) }},
	}
}

// envOf turns pairs into a getenv function.
func envOf(pairs map[string]string) func(string) string {
	return func(k string) string { return pairs[k] }
}

// withMailbox keeps a test's development mailbox in a temporary
// directory, not in the source tree, unless env names one.
func withMailbox(t testing.TB, env map[string]string) map[string]string {
	if _, ok := env["RENDEZVOUS_MAILBOX_DIR"]; ok {
		return env
	}
	out := map[string]string{"RENDEZVOUS_MAILBOX_DIR": filepath.Join(t.TempDir(), "mail")}
	for k, v := range env {
		out[k] = v
	}
	return out
}

// runCommand runs one CLI command and returns its standard output.
func runCommand(t testing.TB, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	a := &app{stdout: &out, stderr: &errOut, getenv: envOf(withMailbox(t, env))}
	// A bound for a command that hangs, not a speed test: `eval
	// conversations` seeds a demo directory first, which under -race on a
	// loaded CI machine took just over two minutes.
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	err := a.run(ctx, args)
	return out.String(), err
}

// server is a running `rendezvous serve`.
type server struct {
	url    string
	client *http.Client
	logs   *syncBuffer
}

// startServer runs `rendezvous serve` on a free port until the test ends,
// and checks then that it shut down cleanly.
func startServer(t testing.TB, env map[string]string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	logs := &syncBuffer{}
	a := &app{stdout: io.Discard, stderr: logs, getenv: envOf(withMailbox(t, env)), onListen: func(addr net.Addr) { addrc <- addr },
		onLogger: logs.syncWith}
	done := make(chan error, 1)
	go func() { done <- a.run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}) }()
	var addr net.Addr
	select {
	case addr = <-addrc:
	case err := <-done:
		cancel()
		t.Fatalf("serve exited early: %v\n%s", err, logs.String())
	case <-time.After(2 * time.Minute):
		cancel()
		t.Fatalf("serve did not start:\n%s", logs.String())
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("serve did not stop within 30s")
		}
	})
	url := "http://" + addr.String()
	v := apitest.FetchValidator(t, url)
	return &server{url: url, client: &http.Client{Transport: v.Transport(nil), Timeout: 30 * time.Second}, logs: logs}
}

type syncBuffer struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	logger atomic.Pointer[slog.Logger] // synced before each read, when set
}

// syncWith makes String wait for l's lines first: the server writes its
// log off the requests' path, and a test reads it right after a request.
func (b *syncBuffer) syncWith(l *slog.Logger) { b.logger.Store(l) }

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	if l := b.logger.Load(); l != nil {
		logging.Sync(l)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// call sends a request and decodes a 2xx JSON answer into out (if not
// nil); a problem's code is kept in s.lastCode.
func (s *server) call(t testing.TB, method, path, body string, out any, headers ...string) int {
	st, _ := s.callCode(t, method, path, body, out, headers...)
	return st
}

// get returns the body of a 200 answer to GET path.
func (s *server) get(t testing.TB, path string, headers ...string) string {
	t.Helper()
	req, err := http.NewRequest("GET", s.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, raw)
	}
	return string(raw)
}

// callCode is call that also returns the problem code of an error answer.
func (s *server) callCode(t testing.TB, method, path, body string, out any, headers ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		var p struct {
			Code string `json:"code"`
		}
		_ = json.Unmarshal(raw, &p)
		return resp.StatusCode, p.Code
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %d %s: %v", method, path, resp.StatusCode, raw, err)
		}
	}
	return resp.StatusCode, ""
}

type slotList struct {
	Slots []struct {
		ProviderID   int64  `json:"provider_id"`
		ProviderName string `json:"provider_name"`
		ServiceID    int64  `json:"service_id"`
		Start        string `json:"start"`
	} `json:"slots"`
}

type bookingOut struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	Start       string `json:"start"`
	ManageToken string `json:"manage_token"`
}

// TestREADMEWalkthrough follows the README: seed, serve, find a dentist
// in Lyon, take the earliest slot, book it, cancel it.
func TestREADMEWalkthrough(t *testing.T) {
	for _, sc := range stores() {
		t.Run(sc.name, func(t *testing.T) {
			env := map[string]string{"RENDEZVOUS_DATABASE_URL": sc.url(t), "RENDEZVOUS_SEED_DEMO": "false"}
			out, err := runCommand(t, env, "seed", "--providers", "300")
			if err != nil || !strings.Contains(out, "seeded 300 providers") {
				t.Fatalf("seed: %q %v", out, err)
			}
			s := startServer(t, env)

			var providers struct {
				Providers []struct {
					ID   int64  `json:"id"`
					Name string `json:"name"`
				} `json:"providers"`
			}
			if st := s.call(t, "GET", "/v1/providers?kind=dentist&city=Lyon", "", &providers); st != 200 || len(providers.Providers) == 0 {
				t.Fatalf("providers: %d %+v", st, providers)
			}
			var slots slotList
			if st := s.call(t, "GET", "/v1/availability?kind=dentist&city=Lyon&limit=1", "", &slots); st != 200 || len(slots.Slots) != 1 {
				t.Fatalf("availability: %d %+v", st, slots)
			}
			sl := slots.Slots[0]
			var b bookingOut
			body := fmt.Sprintf(`{"provider_id":%d,"service_id":%d,"start":%q,"customer":{"name":"Marie Curie","email":"marie@example.com","phone":"06 12 34 56 78"}}`,
				sl.ProviderID, sl.ServiceID, sl.Start)
			if st := s.call(t, "POST", "/v1/bookings", body, &b); st != 201 || b.Status != "booked" {
				t.Fatalf("book: %d %+v", st, b)
			}
			// The slot is no longer proposed.
			var again slotList
			s.call(t, "GET", "/v1/availability?kind=dentist&city=Lyon&limit=20", "", &again)
			for _, o := range again.Slots {
				if o.ProviderID == sl.ProviderID && o.Start == sl.Start {
					t.Fatalf("booked slot still proposed")
				}
			}
			var c bookingOut
			if st := s.call(t, "POST", "/v1/bookings/"+b.ID+"/cancel", "", &c, "Authorization", "Bearer "+b.ManageToken); st != 200 || c.Status != "cancelled" {
				t.Fatalf("cancel: %d %+v", st, c)
			}
			if strings.Contains(s.logs.String(), "marie@example.com") || strings.Contains(s.logs.String(), "Marie") {
				t.Errorf("logs contain personal data")
			}
		})
	}
}

// TestConcurrentHTTPBookings races 32 HTTP clients for the same 100 slots:
// exactly 100 bookings succeed, every other attempt gets 409 slot_taken,
// no 5xx, and no two bookings overlap.
func TestConcurrentHTTPBookings(t *testing.T) {
	for _, sc := range stores() {
		t.Run(sc.name, func(t *testing.T) {
			dbURL := sc.url(t)
			// 32 clients from one address: per-client limits would refuse
			// most of them, and this test is about the database.
			// They share a phone number: so does the cap per customer.
			env := map[string]string{"RENDEZVOUS_DATABASE_URL": dbURL, "RENDEZVOUS_SEED_DEMO": "false", "RENDEZVOUS_RATE_LIMITS": "off",
				"RENDEZVOUS_MAX_UPCOMING_PER_CUSTOMER": "1000"}
			key, err := runCommand(t, env, "admin-key", "create")
			if err != nil {
				t.Fatal(err)
			}
			s := startServer(t, env)
			adm := []string{"Authorization", "Bearer " + strings.TrimSpace(key)}
			var p struct {
				ID       int64 `json:"id"`
				Services []struct {
					ID int64 `json:"id"`
				} `json:"services"`
			}
			body := `{"name":"Cabinet Concurrent","kind":"dentist","city":"Lyon","timezone":"Europe/Paris",
				"booking_policy":{"slot_step_minutes":30,"buffer_minutes":0,"min_notice_minutes":0,"horizon_days":90},
				"services":[{"name":"Consultation","duration_minutes":30,"price_cents":3000}],
				"hours":[` + allWeekHours() + `]}`
			if st := s.call(t, "POST", "/v1/admin/providers", body, &p, adm...); st != 201 {
				t.Fatalf("create provider: %d", st)
			}
			var slots slotList
			if st := s.call(t, "GET", fmt.Sprintf("/v1/providers/%d/availability?from=%s&to=%s", p.ID,
				time.Now().AddDate(0, 0, 1).Format("2006-01-02"), time.Now().AddDate(0, 0, 10).Format("2006-01-02")), "", &slots); st != 200 || len(slots.Slots) < 100 {
				t.Fatalf("slots: %d, %d", st, len(slots.Slots))
			}
			starts := make([]string, 100)
			for i := range starts {
				starts[i] = slots.Slots[i].Start
			}
			const clients = 32
			var (
				wg      sync.WaitGroup
				mu      sync.Mutex
				won     = map[string]int{}
				codes   = map[int]int{}
				bookIDs []string
			)
			for c := range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range starts {
						start := starts[(i+c*7)%len(starts)]
						var b bookingOut
						st, code := s.callCode(t, "POST", "/v1/bookings", fmt.Sprintf(`{"provider_id":%d,"service_id":%d,"start":%q,"customer":{"name":"Client %d","email":"c%d@example.com","phone":"0612345678"}}`,
							p.ID, p.Services[0].ID, start, c, c), &b)
						mu.Lock()
						codes[st]++
						if st == 201 {
							won[start]++
							bookIDs = append(bookIDs, b.ID)
						} else if st != 409 || code != "slot_taken" {
							t.Errorf("unexpected answer %d %s", st, code)
						}
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			if len(won) != 100 || codes[201] != 100 || codes[409] != clients*100-100 {
				t.Errorf("answers %v, %d distinct slots won; want 100 × 201 and the rest 409", codes, len(won))
			}
			for start, n := range won {
				if n != 1 {
					t.Errorf("slot %s booked %d times", start, n)
				}
			}
			var list struct {
				Bookings []struct {
					Start  string `json:"start"`
					End    string `json:"end"`
					Status string `json:"status"`
				} `json:"bookings"`
			}
			if st := s.call(t, "GET", fmt.Sprintf("/v1/admin/providers/%d/bookings?from=%s&to=%s", p.ID, time.Now().Format("2006-01-02"), time.Now().AddDate(0, 0, 12).Format("2006-01-02")), "", &list, adm...); st != 200 {
				t.Fatalf("list: %d", st)
			}
			if len(list.Bookings) != 100 {
				t.Errorf("%d bookings stored, want 100", len(list.Bookings))
			}
			for i := 1; i < len(list.Bookings); i++ {
				prevEnd, _ := time.Parse(time.RFC3339, list.Bookings[i-1].End)
				start, _ := time.Parse(time.RFC3339, list.Bookings[i].Start)
				if start.Before(prevEnd) {
					t.Errorf("bookings overlap at %s", list.Bookings[i].Start)
				}
			}
		})
	}
}

func allWeekHours() string {
	var parts []string
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		parts = append(parts, fmt.Sprintf(`{"weekday":%q,"start":"08:00","end":"20:00"}`, d))
	}
	return strings.Join(parts, ",")
}

func TestCommandLineErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		want    string
		wantUse bool
	}{
		{"NoCommand", nil, nil, "no command", true},
		{"UnknownCommand", nil, []string{"frobnicate"}, "unknown command", true},
		{"UnknownFlag", map[string]string{"RENDEZVOUS_DATABASE_URL": db}, []string{"seed", "--nope"}, "flag provided but not defined", true},
		{"BadProviders", map[string]string{"RENDEZVOUS_DATABASE_URL": db}, []string{"seed", "--providers", "0"}, "--providers", true},
		{"BadEnv", map[string]string{"RENDEZVOUS_ENV": "staging"}, []string{"serve"}, "RENDEZVOUS_ENV", false},
		{"BadLogLevel", map[string]string{"RENDEZVOUS_LOG_LEVEL": "loud"}, []string{"serve"}, "RENDEZVOUS_LOG_LEVEL", false},
		{"ProductionWithoutSecret", map[string]string{"RENDEZVOUS_ENV": "production", "RENDEZVOUS_NOTIFICATIONS": "off", "RENDEZVOUS_DATABASE_URL": db}, []string{"serve"}, "RENDEZVOUS_SECRET_KEY", false},
		{"ShortSecret", map[string]string{"RENDEZVOUS_SECRET_KEY": "tooshort", "RENDEZVOUS_DATABASE_URL": db}, []string{"serve"}, "RENDEZVOUS_SECRET_KEY", false},
		{"BadAddr", map[string]string{"RENDEZVOUS_DATABASE_URL": db, "RENDEZVOUS_SEED_DEMO": "false"}, []string{"serve", "--addr", "999.0.0.1:x"}, "-addr", true},
		{"BadAddrVariable", map[string]string{"RENDEZVOUS_DATABASE_URL": db, "RENDEZVOUS_ADDR": "999.0.0.1:x"}, []string{"serve"}, "RENDEZVOUS_ADDR", false},
		{"UnreachablePostgres", map[string]string{"RENDEZVOUS_DATABASE_URL": "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"}, []string{"migrate"}, "RENDEZVOUS_DATABASE_URL", false},
		{"SeedNonEmpty", map[string]string{"RENDEZVOUS_DATABASE_URL": db}, []string{"seed", "--providers", "3"}, "empty database", false},
	}
	// Make the database non-empty for SeedNonEmpty.
	if _, err := runCommand(t, map[string]string{"RENDEZVOUS_DATABASE_URL": db}, "seed", "--providers", "2"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runCommand(t, tt.env, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if (exitCode(err) == 2) != tt.wantUse {
				t.Errorf("exit code %d", exitCode(err))
			}
		})
	}
}

func TestMigrateAndVersion(t *testing.T) {
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "m.db")}
	out, err := runCommand(t, env, "migrate")
	if err != nil || !strings.Contains(out, "sqlite schema version") {
		t.Fatalf("migrate: %q %v", out, err)
	}
	out, err = runCommand(t, env, "migrate", "--status")
	// A freshly migrated database is at the latest version, whatever
	// number that is as migrations are added.
	if m := regexp.MustCompile(`version (\d+) \(latest (\d+)\)`).FindStringSubmatch(out); err != nil || m == nil || m[1] != m[2] {
		t.Fatalf("migrate --status: %q %v", out, err)
	}
	if out, err := runCommand(t, nil, "version"); err != nil || !strings.HasPrefix(out, "rendezvous ") {
		t.Fatalf("version: %q %v", out, err)
	}
}

type chatOut struct {
	SessionID    string `json:"session_id"`
	SessionToken string `json:"session_token"`
	Reply        string `json:"reply"`
	Language     string `json:"language"`
	State        struct {
		Awaiting  string            `json:"awaiting"`
		Slots     map[string]string `json:"slots"`
		Proposals []json.RawMessage `json:"proposals"`
	} `json:"state"`
	Actions []string `json:"actions"`
	Booking *struct {
		ID          string `json:"id"`
		Status      string `json:"status"`
		ManageToken string `json:"manage_token"`
	} `json:"booking"`
}

// TestChatOverHTTP holds a whole conversation through /v1/chat on both
// stores: one message says everything, a yes books, and the booking is
// then readable with the manage token the chat returned.
func TestChatOverHTTP(t *testing.T) {
	for _, sc := range stores() {
		t.Run(sc.name, func(t *testing.T) {
			env := map[string]string{"RENDEZVOUS_DATABASE_URL": sc.url(t), "RENDEZVOUS_SEED_DEMO": "false", "RENDEZVOUS_RATE_LIMIT_CHAT": "600/min", "RENDEZVOUS_RATE_LIMIT_CHAT_BURST": "100"}
			if _, err := runCommand(t, env, "seed", "--providers", "300"); err != nil {
				t.Fatal(err)
			}
			s := startServer(t, env)
			var first chatOut
			msg := `{"message":"Book me a dentist in Lyon on ` + workday().en + ` at 10, I'm Marie Curie, marie@example.com, 06 12 34 56 78"}`
			if st := s.call(t, "POST", "/v1/chat", msg, &first); st != 200 || first.SessionToken == "" || first.SessionID == "" {
				t.Fatalf("first message: %d %+v", st, first)
			}
			if first.State.Awaiting != "confirmation" && first.State.Awaiting != "slot_choice" {
				t.Fatalf("after one message the agent awaits %q: %s", first.State.Awaiting, first.Reply)
			}
			auth := []string{"Authorization", "Bearer " + first.SessionToken}
			next := func(text string) chatOut {
				var out chatOut
				body := fmt.Sprintf(`{"session_id":%q,"message":%q}`, first.SessionID, text)
				if st := s.call(t, "POST", "/v1/chat", body, &out, auth...); st != 200 {
					t.Fatalf("message %q: %d", text, st)
				}
				return out
			}
			if first.State.Awaiting == "slot_choice" {
				next("the first one")
			}
			done := next("yes")
			if done.Booking == nil || done.Booking.ManageToken == "" || done.State.Awaiting != "nothing" || !contains(done.Actions, "booked") {
				t.Fatalf("yes did not book: %+v", done)
			}
			var b bookingOut
			if st := s.call(t, "GET", "/v1/bookings/"+done.Booking.ID, "", &b, "Authorization", "Bearer "+done.Booking.ManageToken); st != 200 || b.Status != "booked" {
				t.Fatalf("booking from the chat: %d %+v", st, b)
			}
			// The session id alone gives nothing.
			body := fmt.Sprintf(`{"session_id":%q,"message":"hello"}`, first.SessionID)
			if st, code := s.callCode(t, "POST", "/v1/chat", body, nil); st != 401 || code != "invalid_token" {
				t.Fatalf("message without the token: %d %s", st, code)
			}
			if st, _ := s.callCode(t, "GET", "/v1/sessions/"+first.SessionID, "", nil); st != 401 {
				t.Fatalf("history without the token: %d", st)
			}
			var hist struct {
				Messages []struct {
					Role string `json:"role"`
				} `json:"messages"`
			}
			if st := s.call(t, "GET", "/v1/sessions/"+first.SessionID, "", &hist, auth...); st != 200 || len(hist.Messages) < 5 {
				t.Fatalf("history: %d %d messages", st, len(hist.Messages))
			}
			if st := s.call(t, "DELETE", "/v1/sessions/"+first.SessionID, "", nil, auth...); st != 204 {
				t.Fatalf("delete: %d", st)
			}
			if st, code := s.callCode(t, "GET", "/v1/sessions/"+first.SessionID, "", nil, auth...); st != 404 || code != "not_found" {
				t.Fatalf("history after delete: %d %s", st, code)
			}
			var opened chatOut
			if st := s.call(t, "POST", "/v1/sessions", `{"locale":"fr"}`, &opened); st != 201 || opened.Language != "fr" || opened.SessionToken == "" {
				t.Fatalf("open session: %d %+v", st, opened)
			}
			for _, pii := range []string{"marie@example.com", "Marie", "06 12 34 56 78", "+33612345678", "Book me"} {
				if strings.Contains(s.logs.String(), pii) {
					t.Errorf("logs contain %q", pii)
				}
			}
		})
	}
}

// day names a day in English and French.
type day struct{ en, fr string }

// workday names the next weekday, Monday to Friday, after today in Paris:
// conversations that book "tomorrow at 10" fail on Fridays and Saturdays,
// when the demo's dentists are closed, so the tests name a working day.
func workday() day {
	paris, _ := time.LoadLocation("Europe/Paris")
	d := time.Now().In(paris).AddDate(0, 0, 1)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	fr := []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}[d.Weekday()]
	return day{en: d.Weekday().String(), fr: fr}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestChatCommand chats in the terminal, in process and with a server.
func TestChatCommand(t *testing.T) {
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": filepath.Join(t.TempDir(), "chat.db"), "RENDEZVOUS_SEED_DEMO": "false", "RENDEZVOUS_RATE_LIMIT_CHAT": "600/min", "RENDEZVOUS_RATE_LIMIT_CHAT_BURST": "100"}
	if _, err := runCommand(t, env, "seed", "--providers", "300"); err != nil {
		t.Fatal(err)
	}
	script := "I need a dentist in Lyon on Thursday\nthe first one\nMarie Curie\nmarie@example.com\n06 12 34 56 78\nyes\n/quit\n"
	run := func(t *testing.T, args ...string) string {
		var out, errOut bytes.Buffer
		a := &app{stdin: strings.NewReader(script), stdout: &out, stderr: &errOut, getenv: envOf(env)}
		if err := a.run(context.Background(), append([]string{"chat"}, args...)); err != nil {
			t.Fatalf("chat: %v\n%s", err, errOut.String())
		}
		return out.String()
	}
	for name, args := range map[string][]string{"InProcess": nil, "WithServer": {"--url", startServer(t, env).url}} {
		t.Run(name, func(t *testing.T) {
			out := run(t, args...)
			for _, want := range []string{"agent> Hello!", "   1) Thu ", "agent> Booked!", "[booking RDV-"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}
