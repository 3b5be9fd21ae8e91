package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/sqlite"
)

// The customer's data rights through the command line, and the retention
// job of the server, on the whole program.

const (
	rightsName  = "Hortense Vandermolen"
	rightsEmail = "hortense.vandermolen@example.org"
	rightsPhone = "06 47 82 19 36"
	rightsE164  = "+33647821936"
)

// TestPrivacyCommands books for a customer through the API and the agent,
// exports and erases with `rendezvous privacy`, and then searches every
// text column of every table for anything of the customer.
func TestPrivacyCommands(t *testing.T) {
	for _, sc := range stores() {
		t.Run(sc.name, func(t *testing.T) {
			url := sc.url(t)
			env := map[string]string{"RENDEZVOUS_DATABASE_URL": url, "RENDEZVOUS_SEED_DEMO": "false", "RENDEZVOUS_RATE_LIMITS": "off"}
			if _, err := runCommand(t, env, "seed", "--providers", "50"); err != nil {
				t.Fatal(err)
			}
			key, err := runCommand(t, env, "admin-key", "create")
			if err != nil {
				t.Fatal(err)
			}
			key = strings.TrimSpace(key)
			s := startServer(t, env)
			first := bookSlot(t, s, 0, rightsName, rightsEmail, rightsPhone)
			bookSlot(t, s, 1, rightsName, strings.ToUpper(rightsEmail), rightsPhone)
			bookSlot(t, s, 2, "Pierre Dupont", "pierre.dupont@example.org", "06 11 22 33 44")
			chat := &chatSession{t: t, s: s}
			out := chat.say(fmt.Sprintf("Book me a dentist in Lyon on %s at 10, I'm %s, %s, %s", workday().en, rightsName, rightsEmail, rightsPhone))
			for turn := 0; !acted(out); turn++ {
				switch {
				case turn == 3:
					t.Fatalf("the agent did not book: %s", out.Reply)
				case out.State.Awaiting == "slot_choice":
					out = chat.say("the first one")
				default:
					out = chat.say("yes")
				}
			}
			// The manage token of the first booking is revoked with it.
			manage := []string{"Authorization", "Bearer " + first.ManageToken}

			js, err := runCommand(t, env, "privacy", "export", "--email", rightsEmail)
			if err != nil {
				t.Fatal(err)
			}
			var exp httpapi.ExportJSON
			if err := json.Unmarshal([]byte(js), &exp); err != nil {
				t.Fatalf("export is not JSON: %v\n%s", err, js)
			}
			if exp.Schema != httpapi.ExportSchema || len(exp.Bookings) != 3 || exp.Bookings[0].Customer.Phone != rightsE164 {
				t.Fatalf("export: %s", js)
			}

			text, err := runCommand(t, env, "privacy", "erase", "--email", rightsEmail, "--dry-run")
			if err != nil || !strings.Contains(text, "would erase the customer's details from 3 bookings") || !strings.Contains(text, first.ID) {
				t.Fatalf("dry run: %v\n%s", err, text)
			}
			if st := s.call(t, "GET", "/v1/bookings/"+first.ID, "", nil, manage...); st != 200 {
				t.Fatalf("the dry run changed the booking: %d", st)
			}

			text, err = runCommand(t, env, "privacy", "erase", "--email", " "+strings.ToUpper(rightsEmail))
			if err != nil || !strings.Contains(text, "from 3 bookings") || !strings.Contains(text, "cancelled") {
				t.Fatalf("erase: %v\n%s", err, text)
			}
			if strings.Contains(strings.ToLower(text), "hortense") {
				t.Errorf("the erasure printed the address: %s", text)
			}
			if st, code := s.callCode(t, "GET", "/v1/bookings/"+first.ID, "", nil, manage...); st != 401 || code != "invalid_token" {
				t.Errorf("the erased booking's token still works: %d %s", st, code)
			}
			if out, err := runCommand(t, env, "privacy", "erase", "--email", rightsEmail); err != nil || !strings.Contains(out, "from 0 bookings") {
				t.Errorf("erasing again: %v\n%s", err, out)
			}
			if out, err := runCommand(t, env, "privacy", "export", "--email", rightsEmail); err != nil || !strings.Contains(out, `"bookings": []`) {
				t.Errorf("export after the erasure: %v\n%s", err, out)
			}

			// Every command is in the audit log, with a digest and no address.
			var log struct {
				Entries []struct {
					Actor, Action, Target string
					Status                int
				} `json:"entries"`
			}
			if st := s.call(t, "GET", "/v1/admin/audit", "", &log, "Authorization", "Bearer "+key); st != 200 {
				t.Fatalf("audit log: %d", st)
			}
			var actions []string
			for _, e := range log.Entries {
				actions = append(actions, e.Action)
				if e.Actor != "cli" || e.Status != 200 || !strings.HasPrefix(e.Target, rendezvous.AuditEmail(rightsEmail)+" bookings=") {
					t.Errorf("audit entry %+v", e)
				}
			}
			if got := strings.Join(actions, " "); got != "privacyExport privacyEraseDryRun privacyErase privacyErase privacyExport" {
				t.Errorf("audited commands: %s", got)
			}

			// Nothing of the customer is left in any table; the other
			// customer is (the scan sees what it looks for).
			left := scanDatabase(t, sc.name, url, rightsEmail, "Vandermolen", "Hortense", rightsE164, "pierre.dupont@example.org")
			if len(left["pierre.dupont@example.org"]) == 0 {
				t.Fatal("the scan does not find the other customer's address: is it scanning?")
			}
			for _, v := range []string{rightsEmail, "Vandermolen", "Hortense", rightsE164} {
				if len(left[v]) > 0 {
					t.Errorf("after the erasure the database still holds %q in %v", v, left[v])
				}
			}
		})
	}
}

// scanDatabase searches every column of every table, read as text, for
// each needle (case-insensitively) and returns where each was found.
func scanDatabase(t *testing.T, kind, url string, needles ...string) map[string][]string {
	t.Helper()
	ctx := context.Background()
	driver, list := "sqlite", `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'`
	quote := func(s string) string { return `"` + s + `"` }
	like := `lower(CAST(%s AS TEXT)) LIKE ?`
	if kind == "Postgres" {
		driver, list = "pgx", `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`
		like = `lower(%s::text) LIKE $1`
	}
	db, err := sql.Open(driver, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, list)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, [2]string{table, col})
	}
	rows.Close()
	if len(cols) < 20 {
		t.Fatalf("only %d columns found", len(cols))
	}
	found := map[string][]string{}
	for _, c := range cols {
		for _, n := range needles {
			var count int
			q := fmt.Sprintf(`SELECT count(*) FROM %s WHERE `+like, quote(c[0]), quote(c[1]))
			if err := db.QueryRowContext(ctx, q, "%"+strings.ToLower(n)+"%").Scan(&count); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			if count > 0 {
				found[n] = append(found[n], c[0]+"."+c[1])
			}
		}
	}
	return found
}

// TestRetentionJobRuns starts a server on a database holding an old
// booking and finds it anonymised at once, then finds a booking cancelled
// long ago anonymised by a later run, and both counted in the metrics.
func TestRetentionJobRuns(t *testing.T) {
	ctx := context.Background()
	env := hardenedEnv(t, map[string]string{"RENDEZVOUS_RETENTION_INTERVAL": "1s", "RENDEZVOUS_RETENTION_PAST": "365d", "RENDEZVOUS_RETENTION_CANCELLED": "30d"})
	key, err := runCommand(t, env, "admin-key", "create")
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, env["RENDEZVOUS_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := &rendezvous.Provider{Name: "Cabinet Ancien", Kind: rendezvous.KindDentist, City: "Lyon", TimeZone: "Europe/Paris", Policy: rendezvous.DefaultPolicy(),
		Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute}}}
	if err := st.CreateProvider(ctx, p); err != nil {
		t.Fatal(err)
	}
	var hours rendezvous.WeeklyHours
	for d := time.Sunday; d <= time.Saturday; d++ {
		hours = append(hours, rendezvous.OpeningInterval{Weekday: d, Start: 0, End: 24 * 60})
	}
	if err := st.SetHours(ctx, p.ID, hours); err != nil {
		t.Fatal(err)
	}
	// bookAt books at a time long past, as it was then.
	bookAt := func(id string, ago time.Duration) *rendezvous.Booking {
		t.Helper()
		then := time.Now().Add(-ago).Truncate(time.Hour)
		b := &rendezvous.Booking{ID: id, ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: then.Add(24 * time.Hour),
			Customer: rendezvous.Customer{Name: rightsName, Email: rightsEmail, Phone: rightsE164}}
		if err := st.CreateBooking(ctx, b, then); err != nil {
			t.Fatal(err)
		}
		return b
	}
	old := bookAt("RDV-OLD0000001", 2*365*24*time.Hour)
	recent := bookAt("RDV-NEW0000001", 10*24*time.Hour)
	waitErased := func(id string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			b, err := st.Booking(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if b.ErasedAt != nil {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("booking %s was not anonymised", id)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	s := startServer(t, env)
	waitErased(old.ID)
	// A booking cancelled 60 days ago: the next run anonymises it.
	cancelled := bookAt("RDV-CAN0000001", 60*24*time.Hour)
	if _, err := st.CancelBooking(ctx, cancelled.ID, 0, cancelled.CreatedAt.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	waitErased(cancelled.ID)
	if b, _ := st.Booking(ctx, recent.ID); b.ErasedAt != nil || b.Customer.Email != rightsEmail {
		t.Errorf("a booking within its retention was anonymised: %+v", b)
	}
	m := scrape(t, s, strings.TrimSpace(key))
	if m[`rendezvous_bookings_anonymised_total{reason="past"}`] != 1 || m[`rendezvous_bookings_anonymised_total{reason="cancelled"}`] != 1 {
		t.Errorf("anonymised metrics: past %v, cancelled %v", m[`rendezvous_bookings_anonymised_total{reason="past"}`], m[`rendezvous_bookings_anonymised_total{reason="cancelled"}`])
	}
	logs := s.logs.String()
	if !strings.Contains(logs, "retention applied") || strings.Contains(logs, rightsEmail) {
		t.Errorf("retention logs:\n%s", logs)
	}
}

// TestRetentionSettings: retention periods are read in days or as
// durations, and refused outside their bounds with the setting's name.
func TestRetentionSettings(t *testing.T) {
	cfg, err := loadConfig(envOf(map[string]string{"RENDEZVOUS_RETENTION_PAST": "730d", "RENDEZVOUS_RETENTION_CANCELLED": "72h"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Retention.Policy.Past != 730*24*time.Hour || cfg.Retention.Policy.Cancelled != 72*time.Hour ||
		cfg.Retention.Policy.Audit != 400*24*time.Hour || cfg.Retention.Interval != time.Hour {
		t.Errorf("retention = %+v", cfg.Retention)
	}
	for name, v := range map[string]string{"RENDEZVOUS_RETENTION_PAST": "0d", "RENDEZVOUS_RETENTION_CANCELLED": "forever",
		"RENDEZVOUS_RETENTION_AUDIT": "20000d", "RENDEZVOUS_RETENTION_INTERVAL": "10ms"} {
		if _, err := loadConfig(envOf(map[string]string{name: v})); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%s: %v", name, v, err)
		}
	}
}
