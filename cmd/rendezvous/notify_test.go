package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/mailer/smtptest"
)

// TestEmailsOverHTTP books, moves and cancels through the API of the
// whole program, on both stores, and reads the emails at an SMTP server
// in the test; a relay that refuses leaves the job discarded, listed by
// the admin API and sent once retried.
func TestEmailsOverHTTP(t *testing.T) {
	for _, sc := range stores() {
		t.Run(sc.name, func(t *testing.T) {
			srv := smtptest.Start(t)
			env := map[string]string{"RENDEZVOUS_DATABASE_URL": sc.url(t), "RENDEZVOUS_SEED_DEMO": "false", "RENDEZVOUS_RATE_LIMITS": "off",
				"RENDEZVOUS_SMTP_URL": srv.URL(), "RENDEZVOUS_MAIL_FROM": "rdv@rendezvous.example", "RENDEZVOUS_PUBLIC_URL": "https://rdv.example",
				"RENDEZVOUS_JOB_POLL_INTERVAL": "50ms", "RENDEZVOUS_JOB_RETRY_BASE": "50ms", "RENDEZVOUS_JOB_MAX_ATTEMPTS": "2",
				"RENDEZVOUS_SMTP_TIMEOUT": "2s"}
			if _, err := runCommand(t, env, "seed", "--providers", "300"); err != nil {
				t.Fatal(err)
			}
			key, err := runCommand(t, env, "admin-key", "create")
			if err != nil {
				t.Fatal(err)
			}
			admin := []string{"Authorization", "Bearer " + strings.TrimSpace(key)}
			s := startServer(t, env)

			b := bookSlot(t, s, 0, "Hortense Vandermolen", "hortense@example.org", "06 47 82 19 36")
			msgs := srv.Wait(t, 1, 20*time.Second)
			p, err := msgs[0].Parse()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(p.Text, b.ID) || !strings.Contains(p.Text, "https://rdv.example/manage#ref="+b.ID+"&token=") || p.CalendarMethod != "REQUEST" {
				t.Errorf("confirmation: %q\n%s", p.Subject, p.Text)
			}

			srv.SetMode(smtptest.Refuse)
			var cancelled bookedOut
			if st := s.call(t, "POST", "/v1/bookings/"+b.ID+"/cancel", "", &cancelled, "Authorization", "Bearer "+b.ManageToken); st != 200 {
				t.Fatalf("cancel: %d", st)
			}
			var page httpapi.JobListJSON
			deadline := time.Now().Add(20 * time.Second)
			for len(page.Jobs) == 0 && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
				if st := s.call(t, "GET", "/v1/admin/jobs?state=discarded", "", &page, admin...); st != 200 {
					t.Fatalf("list jobs: %d", st)
				}
			}
			if len(page.Jobs) != 1 || page.Jobs[0].Kind != "email.cancellation" || page.Jobs[0].BookingID != b.ID || len(page.Jobs[0].Errors) != 2 {
				t.Fatalf("discarded jobs: %+v", page.Jobs)
			}
			srv.SetMode(smtptest.Accept)
			var retried httpapi.JobJSON
			if st := s.call(t, "POST", fmt.Sprintf("/v1/admin/jobs/%d/retry", page.Jobs[0].ID), "", &retried, admin...); st != 200 || retried.State != "available" {
				t.Fatalf("retry: %d %+v", st, retried)
			}
			msgs = srv.Wait(t, 2, 20*time.Second)
			if p, err := msgs[1].Parse(); err != nil || p.CalendarMethod != "CANCEL" {
				t.Errorf("cancellation: %v %+v", err, p)
			}
			if st := s.call(t, "POST", "/v1/admin/jobs/999999/retry", "", nil, admin...); st != 404 {
				t.Errorf("retry of an unknown job: %d", st)
			}
			if st := s.call(t, "GET", "/v1/admin/jobs?state=lost", "", nil, admin...); st != 422 {
				t.Errorf("an unknown state: %d", st)
			}
			// Metrics count what happened.
			body := s.get(t, "/metrics", admin...)
			for _, want := range []string{`rendezvous_emails_sent_total{kind="email.confirmation"} 1`, `rendezvous_jobs_discarded_total{kind="email.cancellation"} 1`,
				`rendezvous_jobs{state="discarded"}`} {
				if !strings.Contains(body, want) {
					t.Errorf("metrics lack %s", want)
				}
			}
		})
	}
}

// TestDevMailbox: without a relay, development files every message in the
// mailbox, served on /dev/mail and read by `rendezvous mail`.
func TestDevMailbox(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": filepath.Join(dir, "rdv.db"), "RENDEZVOUS_SEED_DEMO": "false", "RENDEZVOUS_RATE_LIMITS": "off",
		"RENDEZVOUS_MAILBOX_DIR": filepath.Join(dir, "mail"), "RENDEZVOUS_JOB_POLL_INTERVAL": "50ms"}
	if _, err := runCommand(t, env, "seed", "--providers", "300"); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, env)
	b := bookSlot(t, s, 0, "Hortense Vandermolen", "hortense@example.org", "06 47 82 19 36")
	var list httpapi.DevMailListJSON
	deadline := time.Now().Add(20 * time.Second)
	for len(list.Messages) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		if st := s.call(t, "GET", "/dev/mail", "", &list); st != 200 {
			t.Fatalf("/dev/mail: %d", st)
		}
	}
	if len(list.Messages) != 1 || !strings.Contains(list.Messages[0].To, "hortense@example.org") {
		t.Fatalf("mailbox: %+v", list.Messages)
	}
	raw := s.get(t, "/dev/mail/"+list.Messages[0].ID)
	if !strings.Contains(raw, b.ID) || !strings.Contains(raw, "BEGIN:VCALENDAR") {
		t.Errorf("message:\n%s", raw)
	}
	out, err := runCommand(t, env, "mail", "list")
	if err != nil || !strings.Contains(out, list.Messages[0].ID) {
		t.Errorf("mail list: %v\n%s", err, out)
	}
	out, err = runCommand(t, env, "mail", "show", list.Messages[0].ID)
	if err != nil || !strings.Contains(out, b.ID) {
		t.Errorf("mail show: %v\n%s", err, out)
	}
	if st := s.call(t, "GET", "/dev/mail/20990101T000000.000000000-abcdef", "", nil); st != 404 {
		t.Errorf("unknown message: %d", st)
	}
}

// TestNotificationSettings: production fails closed without a relay and a
// public URL, unless notifications are off on purpose.
func TestNotificationSettings(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string // "" for a configuration that passes
	}{
		{"OK", prodEnv(), ""},
		{"ErrNoRelay", prodEnv("RENDEZVOUS_SMTP_URL", ""), "RENDEZVOUS_SMTP_URL"},
		{"OffOnPurpose", prodEnv("RENDEZVOUS_SMTP_URL", "", "RENDEZVOUS_PUBLIC_URL", "", "RENDEZVOUS_NOTIFICATIONS", "off"), ""},
		{"ErrPlainPublicURL", prodEnv("RENDEZVOUS_PUBLIC_URL", "http://rdv.example"), "RENDEZVOUS_PUBLIC_URL"},
		{"ErrNoFrom", prodEnv("RENDEZVOUS_MAIL_FROM", ""), "RENDEZVOUS_MAIL_FROM"},
		{"ErrScheme", prodEnv("RENDEZVOUS_SMTP_URL", "http://smtp.example"), "RENDEZVOUS_SMTP_URL"},
		{"ErrNotifications", prodEnv("RENDEZVOUS_NOTIFICATIONS", "maybe"), "RENDEZVOUS_NOTIFICATIONS"},
		{"ErrLead", prodEnv("RENDEZVOUS_REMINDER_LEAD", "1s"), "RENDEZVOUS_REMINDER_LEAD"},
		{"ErrRescue", prodEnv("RENDEZVOUS_JOB_TIMEOUT", "10m", "RENDEZVOUS_JOB_RESCUE_AFTER", "5m"), "RENDEZVOUS_JOB_RESCUE_AFTER"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := runCommand(t, tc.env, "config", "check")
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %v, want an error naming %s", err, tc.want)
			}
			if strings.Contains(out+fmt.Sprint(err), "secret@") {
				t.Errorf("the relay's password is printed")
			}
		})
	}
}

// TestVerifiedEmailOverHTTP: a code sent to the address (caught at the
// SMTP server) proves it; the email token then lists, exports and erases
// every booking of the address. Wrong codes lock; limits hold per address
// and per client.
func TestVerifiedEmailOverHTTP(t *testing.T) {
	srv := smtptest.Start(t)
	dir := t.TempDir()
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": filepath.Join(dir, "rdv.db"), "RENDEZVOUS_SEED_DEMO": "false",
		"RENDEZVOUS_SMTP_URL": srv.URL(), "RENDEZVOUS_MAIL_FROM": "rdv@rendezvous.example", "RENDEZVOUS_PUBLIC_URL": "https://rdv.example",
		"RENDEZVOUS_JOB_WORKERS":                   "0", // the confirmations stay queued: only codes reach the server
		"RENDEZVOUS_RATE_LIMIT_EMAIL_VERIFICATION": "6/h", "RENDEZVOUS_RATE_LIMIT_EMAIL_VERIFICATION_BURST": "6",
		"RENDEZVOUS_RATE_LIMIT_BOOKING": "600/min", "RENDEZVOUS_RATE_LIMIT_BOOKING_BURST": "100"}
	if _, err := runCommand(t, env, "seed", "--providers", "300"); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, env)
	const addr = "hortense@example.org"
	mine := []bookedOut{
		bookSlot(t, s, 0, "Hortense Vandermolen", addr, "06 47 82 19 36"),
		bookSlot(t, s, 1, "Hortense Vandermolen", "Hortense@Example.org", "06 47 82 19 36"),
	}
	bookSlot(t, s, 2, "Pierre Dupont", "pierre@example.org", "06 11 22 33 44")

	codes := 0
	start := func(email string) (httpapi.VerificationJSON, string) {
		t.Helper()
		var v httpapi.VerificationJSON
		st, problem := s.callCode(t, "POST", "/v1/email-verifications", fmt.Sprintf(`{"email":%q,"language":"fr"}`, email), &v)
		if st != 202 {
			return v, fmt.Sprint(st, " ", problem)
		}
		codes++
		msgs := srv.Wait(t, codes, 10*time.Second)
		p, err := msgs[codes-1].Parse()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(p.Subject, "Votre code Rendezvous : ") {
			t.Errorf("subject %q", p.Subject)
		}
		return v, strings.TrimPrefix(p.Subject, "Votre code Rendezvous : ")
	}
	confirm := func(id, code string) (httpapi.EmailTokenJSON, int, string) {
		var tok httpapi.EmailTokenJSON
		st, problem := s.callCode(t, "POST", "/v1/email-verifications/"+id+"/confirm", fmt.Sprintf(`{"code":%q}`, code), &tok)
		return tok, st, problem
	}

	// Five wrong codes lock the verification, the right one included.
	v, code := start(addr)
	wrong := "000000"
	if code == wrong {
		wrong = "000001"
	}
	for i := 1; i <= 5; i++ {
		_, st, problem := confirm(v.ID, wrong)
		want := "code_invalid"
		if i == 5 {
			want = "code_locked"
		}
		if st != 401 || problem != want {
			t.Fatalf("wrong code %d: %d %s, want 401 %s", i, st, problem, want)
		}
	}
	if _, st, problem := confirm(v.ID, code); st != 401 || problem != "code_locked" {
		t.Fatalf("right code after the lock: %d %s", st, problem)
	}

	// A new code proves the address: every booking of it, with tokens.
	v, code = start(addr)
	tok, st, problem := confirm(v.ID, code)
	if st != 200 || tok.Email != addr {
		t.Fatalf("confirm: %d %s %+v", st, problem, tok)
	}
	bearer := []string{"Authorization", "Bearer " + tok.EmailToken}
	var list httpapi.BookingListJSON
	if st := s.call(t, "GET", "/v1/me/bookings", "", &list, bearer...); st != 200 || len(list.Bookings) != 2 {
		t.Fatalf("my bookings: %d %+v", st, list)
	}
	for i, b := range list.Bookings {
		if b.ManageToken == "" || (b.ID != mine[0].ID && b.ID != mine[1].ID) {
			t.Errorf("booking %d: %+v", i, b)
		}
	}
	if st := s.call(t, "GET", "/v1/bookings/"+list.Bookings[0].ID, "", nil, "Authorization", "Bearer "+list.Bookings[0].ManageToken); st != 200 {
		t.Errorf("the listed manage token does not work: %d", st)
	}
	var exp httpapi.ExportJSON
	if st := s.call(t, "POST", "/v1/me/export", "", &exp, bearer...); st != 200 || len(exp.Bookings) != 2 {
		t.Fatalf("export: %d %d", st, len(exp.Bookings))
	}
	// Neither a manage token nor an admin key is an email token.
	if st := s.call(t, "GET", "/v1/me/bookings", "", nil, "Authorization", "Bearer "+mine[0].ManageToken); st != 401 {
		t.Errorf("a manage token as email token: %d", st)
	}
	var er httpapi.ErasureJSON
	if st := s.call(t, "POST", "/v1/me/erase", "", &er, bearer...); st != 200 {
		t.Fatalf("erase: %d", st)
	}
	if st := s.call(t, "GET", "/v1/me/bookings", "", &list, bearer...); st != 200 || len(list.Bookings) != 0 {
		t.Errorf("after the erasure: %d %d bookings", st, len(list.Bookings))
	}

	// Per address: 5 codes an hour (2 sent above).
	for i := 0; i < 3; i++ {
		if _, c := start(addr); len(c) != 6 {
			t.Fatalf("code %d: %s", i+3, c)
		}
	}
	if _, res := start(addr); res != "429 rate_limited" && !strings.HasPrefix(res, "429") {
		t.Errorf("sixth code for one address: %s", res)
	}
	// Per client: 6 an hour, 6 asked for already.
	if _, res := start("someone.else@example.org"); !strings.HasPrefix(res, "429") {
		t.Errorf("seventh code from one client: %s", res)
	}
}

// TestChatAllMyBookings: "show all my bookings" in the chat asks for the
// address, sends a code to it (caught at the SMTP server), takes the code
// back and lists every booking of the address — which the conversation
// may then cancel.
func TestChatAllMyBookings(t *testing.T) {
	for _, tc := range []struct{ name, ask, email, sent, wrong, list string }{
		{"English", "show all my bookings", "What is it?", "I've sent a code to", "That's not the code I sent", "Your upcoming appointments:"},
		{"French", "montre-moi tous mes rendez-vous", "Quelle est-elle ?", "Je viens d'envoyer un code à", "Ce n'est pas le code envoyé", "Vos prochains rendez-vous :"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := smtptest.Start(t)
			dir := t.TempDir()
			env := map[string]string{"RENDEZVOUS_DATABASE_URL": filepath.Join(dir, "rdv.db"), "RENDEZVOUS_SEED_DEMO": "false", "RENDEZVOUS_RATE_LIMITS": "off",
				"RENDEZVOUS_SMTP_URL": srv.URL(), "RENDEZVOUS_MAIL_FROM": "rdv@rendezvous.example", "RENDEZVOUS_PUBLIC_URL": "https://rdv.example",
				"RENDEZVOUS_JOB_WORKERS": "0"}
			if _, err := runCommand(t, env, "seed", "--providers", "300"); err != nil {
				t.Fatal(err)
			}
			s := startServer(t, env)
			const addr = "hortense@example.org"
			mine := []bookedOut{
				bookSlot(t, s, 0, "Hortense Vandermolen", addr, "06 47 82 19 36"),
				bookSlot(t, s, 1, "Hortense Vandermolen", addr, "06 47 82 19 36"),
			}
			c := &chatSession{t: t, s: s}
			if out := c.say(tc.ask); !strings.Contains(out.Reply, tc.email) || out.State.Awaiting != "email" {
				t.Fatalf("asked for all bookings: %q (awaiting %s)", out.Reply, out.State.Awaiting)
			}
			if out := c.say(addr); !strings.Contains(out.Reply, tc.sent+" "+addr) || out.State.Awaiting != "email_code" {
				t.Fatalf("gave the address: %q (awaiting %s)", out.Reply, out.State.Awaiting)
			}
			p, err := srv.Wait(t, 1, 10*time.Second)[0].Parse()
			if err != nil {
				t.Fatal(err)
			}
			code := sixDigitsOf(p.Text)
			wrong := "000000"
			if code == wrong {
				wrong = "000001"
			}
			if out := c.say(wrong); !strings.Contains(out.Reply, tc.wrong) {
				t.Fatalf("a wrong code: %q", out.Reply)
			}
			out := c.say(code)
			if !strings.Contains(out.Reply, tc.list) || !strings.Contains(out.Reply, mine[0].ID) || !strings.Contains(out.Reply, mine[1].ID) {
				t.Fatalf("the code: %q", out.Reply)
			}
			if strings.Contains(c.raw.String(), code+`"`) {
				t.Errorf("a chat answer carries the code")
			}
			// The session may now cancel either.
			out = c.say("cancel " + mine[1].ID)
			for turn := 0; !strings.Contains(strings.Join(out.Actions, ","), "cancelled") && turn < 3; turn++ {
				out = c.say(map[string]string{"English": "yes", "French": "oui"}[tc.name])
			}
			var b bookedOut
			if st := s.call(t, "GET", "/v1/bookings/"+mine[0].ID, "", &b, "Authorization", "Bearer "+mine[0].ManageToken); st != 200 || b.Status != "booked" {
				t.Errorf("the other booking: %d %s", st, b.Status)
			}
			if !strings.Contains(strings.Join(out.Actions, ","), "cancelled") {
				t.Errorf("the verified session could not cancel %s: %q", mine[1].ID, out.Reply)
			}
		})
	}
}

// sixDigitsOf finds a 6-digit code in text.
func sixDigitsOf(text string) string {
	for _, f := range strings.Fields(text) {
		if len(f) == 6 && strings.Trim(f, "0123456789") == "" {
			return f
		}
	}
	return ""
}

// TestRelayDownIsDegraded: mail is optional for the service — a relay
// that does not answer makes readiness degraded (200), never down.
func TestRelayDownIsDegraded(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": filepath.Join(dir, "rdv.db"), "RENDEZVOUS_SEED_DEMO": "false", "RENDEZVOUS_RATE_LIMITS": "off",
		"RENDEZVOUS_SMTP_URL": "smtp://127.0.0.1:1", "RENDEZVOUS_MAIL_FROM": "rdv@rendezvous.example", "RENDEZVOUS_SMTP_TIMEOUT": "500ms"}
	s := startServer(t, env)
	var ready httpapi.ReadyJSON
	if st := s.call(t, "GET", "/readyz", "", &ready); st != 200 || ready.Status != "degraded" {
		t.Fatalf("readyz: %d %+v", st, ready)
	}
	for _, c := range ready.Checks {
		if c.Name == "smtp" && c.Status != "down" {
			t.Errorf("smtp check %s, want down", c.Status)
		}
	}
}

// TestWorkerCommand: servers at RENDEZVOUS_JOB_WORKERS=0 queue the
// emails, and `rendezvous worker` sends them.
func TestWorkerCommand(t *testing.T) {
	for _, sc := range stores() {
		t.Run(sc.name, func(t *testing.T) {
			srv := smtptest.Start(t)
			env := map[string]string{"RENDEZVOUS_DATABASE_URL": sc.url(t), "RENDEZVOUS_SEED_DEMO": "false", "RENDEZVOUS_RATE_LIMITS": "off",
				"RENDEZVOUS_SMTP_URL": srv.URL(), "RENDEZVOUS_MAIL_FROM": "rdv@rendezvous.example", "RENDEZVOUS_JOB_POLL_INTERVAL": "50ms",
				"RENDEZVOUS_JOB_WORKERS": "0"}
			if _, err := runCommand(t, env, "seed", "--providers", "300"); err != nil {
				t.Fatal(err)
			}
			s := startServer(t, env)
			b := bookSlot(t, s, 0, "Hortense Vandermolen", "hortense@example.org", "06 47 82 19 36")
			time.Sleep(300 * time.Millisecond)
			if n := len(srv.Messages()); n != 0 {
				t.Fatalf("%d messages sent by a server without workers", n)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			a := &app{stdout: io.Discard, stderr: io.Discard, getenv: envOf(withMailbox(t, env))}
			go func() { done <- a.run(ctx, []string{"worker"}) }()
			msgs := srv.Wait(t, 1, 20*time.Second)
			cancel()
			if err := <-done; err != nil {
				t.Errorf("worker: %v", err)
			}
			if p, err := msgs[0].Parse(); err != nil || !strings.Contains(p.Text, b.ID) {
				t.Errorf("the worker's message: %v", err)
			}
		})
	}
}
