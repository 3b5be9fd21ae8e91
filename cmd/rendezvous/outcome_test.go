package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/postgres/pgtest"
)

// TestOutcomeUnknownOverHTTP cuts the server's connection to PostgreSQL
// in the middle of a booking — before its COMMIT, instead of it, and
// after it — as a crash of the database or of the network would. A COMMIT
// that was sent and never answered is 503 outcome_unknown, whether or not
// it took effect; a connection lost before is 503 unavailable; never a
// 500. The client then retries with the same Idempotency-Key and gets its
// booking: the one that was committed (replayed), or a new one if none
// was — never two bookings, never a 409 on its own booking.
func TestOutcomeUnknownOverHTTP(t *testing.T) {
	cutter, dbURL := pgtest.NewCutter(t, pgtest.URL(t))
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": dbURL, "RENDEZVOUS_SEED_DEMO": "false", "RENDEZVOUS_RATE_LIMITS": "off"}
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
	body := `{"name":"Cabinet Coupure","kind":"dentist","city":"Lyon","timezone":"Europe/Paris",
		"booking_policy":{"slot_step_minutes":30,"buffer_minutes":0,"min_notice_minutes":0,"horizon_days":90},
		"services":[{"name":"Consultation","duration_minutes":30,"price_cents":3000}],
		"hours":[` + allWeekHours() + `]}`
	if st := s.call(t, "POST", "/v1/admin/providers", body, &p, adm...); st != 201 {
		t.Fatalf("create provider: %d", st)
	}
	var slots slotList
	if st := s.call(t, "GET", fmt.Sprintf("/v1/providers/%d/availability?from=%s&to=%s", p.ID,
		time.Now().AddDate(0, 0, 1).Format("2006-01-02"), time.Now().AddDate(0, 0, 3).Format("2006-01-02")), "", &slots); st != 200 || len(slots.Slots) < 4 {
		t.Fatalf("slots: %d, %d", st, len(slots.Slots))
	}
	type answer struct {
		status   int
		code     string
		detail   string
		id       string
		replayed bool
	}
	book := func(i int, email, idemKey string) answer {
		t.Helper()
		req, err := http.NewRequest("POST", s.url+"/v1/bookings", strings.NewReader(fmt.Sprintf(
			`{"provider_id":%d,"service_id":%d,"start":%q,"customer":{"name":"Ann Example","email":%q,"phone":"06 12 34 56 78"}}`,
			p.ID, p.Services[0].ID, slots.Slots[i].Start, email)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if idemKey != "" {
			req.Header.Set("Idempotency-Key", idemKey)
		}
		resp, err := s.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var out struct{ ID, Code, Detail string }
		_ = json.Unmarshal(raw, &out)
		return answer{resp.StatusCode, out.Code, out.Detail, out.ID, resp.Header.Get("Idempotent-Replayed") == "true"}
	}

	for i, c := range []struct {
		name      string
		cut       pgtest.Cut
		code      string
		committed bool
	}{
		{"AfterCommit", pgtest.CutAfterCommit, "outcome_unknown", true},
		{"InsteadOfCommit", pgtest.CutInsteadOfCommit, "outcome_unknown", false},
		{"BeforeCommit", pgtest.CutBeforeCommit, "unavailable", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			email := strings.ToLower(c.name) + "@example.com"
			idemKey := "retry-" + c.name
			cutter.Arm(c.cut, email)
			first := book(i, email, idemKey)
			if first.status != 503 || first.code != c.code {
				t.Fatalf("cut %s: %d %s %q, want 503 %s", c.name, first.status, first.code, first.detail, c.code)
			}
			if c.code == "outcome_unknown" && !strings.Contains(first.detail, "same Idempotency-Key") {
				t.Errorf("the detail does not say what to do: %q", first.detail)
			}
			// The server may not have noticed the cut connection yet: its
			// transaction still holds the key, and a client retries after
			// 409 idempotency_key_in_flight as after a 503.
			retry := book(i, email, idemKey)
			for try := 0; retry.status == 409 && retry.code == "idempotency_key_in_flight" && try < 50; try++ {
				time.Sleep(100 * time.Millisecond)
				retry = book(i, email, idemKey)
			}
			if retry.status != 201 || retry.replayed != c.committed {
				t.Fatalf("retry: %d %s, replayed %v; want 201, replayed %v", retry.status, retry.code, retry.replayed, c.committed)
			}
			if again := book(i, email, idemKey); again.status != 201 || again.id != retry.id || !again.replayed {
				t.Errorf("second retry: %+v, want booking %s replayed", again, retry.id)
			}
		})
	}
	t.Run("WithoutKey", func(t *testing.T) {
		// Without a key a client cannot settle it: its retry is refused
		// because of its own booking.
		cutter.Arm(pgtest.CutAfterCommit, "nokey@example.com")
		if first := book(3, "nokey@example.com", ""); first.status != 503 || first.code != "outcome_unknown" {
			t.Fatalf("cut: %+v", first)
		}
		if retry := book(3, "nokey@example.com", ""); retry.status != 409 || retry.code != "slot_taken" {
			t.Fatalf("retry without a key: %+v", retry)
		}
	})
	var list struct {
		Bookings []struct {
			Start string `json:"start"`
		} `json:"bookings"`
	}
	if st := s.call(t, "GET", fmt.Sprintf("/v1/admin/providers/%d/bookings?from=%s&to=%s", p.ID, time.Now().Format("2006-01-02"),
		time.Now().AddDate(0, 0, 4).Format("2006-01-02")), "", &list, adm...); st != 200 {
		t.Fatalf("list: %d", st)
	}
	if len(list.Bookings) != 4 {
		t.Errorf("%d bookings, want 4 (one per slot)", len(list.Bookings))
	}
	if strings.Contains(s.logs.String(), `"status":500`) || strings.Contains(s.logs.String(), "status=500") {
		t.Errorf("a 500 was served:\n%s", s.logs.String())
	}
}
