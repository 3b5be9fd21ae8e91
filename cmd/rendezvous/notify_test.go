package main

import (
	"fmt"
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
