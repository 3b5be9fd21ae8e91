package mailer_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/mailer"
	"github.com/rendezvous-oss/rendezvous/mailer/smtptest"
	"github.com/rendezvous-oss/rendezvous/notify"
)

func message() *notify.Message {
	return &notify.Message{Kind: "email.confirmation", BookingID: "RDV-1", MessageID: "email.confirmation.RDV-1.v1@example.org",
		To: "marie@example.org", ToName: "Marie Curie", Subject: "Confirmé : votre rendez-vous", Text: "Bonjour", HTML: "<p>Bonjour</p>"}
}

func TestNewSMTP(t *testing.T) {
	for _, tc := range []struct {
		name, url, from string
		ok              bool
	}{
		{"OK", "smtp://user:pass@relay.example:2525", "rdv@example.org", true},
		{"ImplicitTLS", "smtps://relay.example", "rdv@example.org", true},
		{"ErrScheme", "http://relay.example", "rdv@example.org", false},
		{"ErrNoHost", "smtp://", "rdv@example.org", false},
		{"ErrPort", "smtp://relay.example:99999", "rdv@example.org", false},
		{"ErrNoFrom", "smtp://relay.example", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := mailer.NewSMTP(mailer.SMTPConfig{URL: tc.url, From: tc.from})
			if (err == nil) != tc.ok {
				t.Fatalf("got %v", err)
			}
			if err != nil && strings.Contains(err.Error(), "pass") {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
}

// TestRequireTLS: production refuses a relay that does not offer
// STARTTLS; development sends in clear to it.
func TestRequireTLS(t *testing.T) {
	srv := smtptest.Start(t)
	for _, require := range []bool{false, true} {
		s, err := mailer.NewSMTP(mailer.SMTPConfig{URL: srv.URL(), From: "rdv@example.org", RequireTLS: require, Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		err = s.Send(context.Background(), message())
		if require == (err == nil) {
			t.Errorf("RequireTLS %v: %v", require, err)
		}
		if err := s.Check(context.Background()); require == (err == nil) {
			t.Errorf("check with RequireTLS %v: %v", require, err)
		}
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages, want the one sent without RequireTLS", n)
	}
}

func TestMailbox(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail")
	mb, err := mailer.NewMailbox(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("mailbox directory: %v", err)
	}
	for range 3 {
		if err := mb.Send(context.Background(), message()); err != nil {
			t.Fatal(err)
		}
	}
	list, err := mb.List(2)
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %v %d", err, len(list))
	}
	if list[0].Subject != "Confirmé : votre rendez-vous" || !strings.Contains(list[0].To, "marie@example.org") || list[0].ID <= list[1].ID {
		t.Errorf("list: %+v", list)
	}
	raw, err := mb.Raw(list[0].ID)
	if err != nil || !strings.Contains(string(raw), "Message-ID: <email.confirmation.RDV-1.v1@example.org>") {
		t.Errorf("raw: %v\n%s", err, raw)
	}
	for _, id := range []string{"../../etc/passwd", "20990101T000000.000000000-abcdef"} {
		if _, err := mb.Raw(id); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Raw(%q): %v", id, err)
		}
	}
}

// TestRedTeamAnyNameReachesItsRecipient: a customer's name goes into the
// To header as typed (the booking rules refuse only controls and
// invisible characters). Pasted between quotes, a name ending in a
// backslash or holding quotes made the header unparseable: the booking's
// every message failed, nine times, then was discarded. Each name must
// arrive, to its address only, and read back as typed.
func TestRedTeamAnyNameReachesItsRecipient(t *testing.T) {
	names := []string{
		`Bob\`,
		`Anne "Nan" Smith`,
		`a" <attacker@example.net>, "b`,
		`Eve\" <attacker@example.net>`,
		`O'Brien; Smith, Jr. (the elder)`,
		`Zoë "Zo" Dupré\`,
		`x@example.net`,
		`"`,
		`\`,
	}
	srv := smtptest.Start(t)
	s, err := mailer.NewSMTP(mailer.SMTPConfig{URL: srv.URL(), From: "rdv@example.org", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	sent := 0
	for _, name := range names {
		m := message()
		m.ToName = name
		if err := s.Send(context.Background(), m); err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		sent++
		got := srv.Wait(t, sent, 5*time.Second)[sent-1]
		if len(got.To) != 1 || got.To[0] != m.To {
			t.Errorf("%q: sent to %q", name, got.To)
		}
		p, err := got.Parse()
		if err != nil {
			t.Fatal(err)
		}
		to, err := p.Header.AddressList("To")
		if err != nil || len(to) != 1 || to[0].Address != m.To || to[0].Name != name {
			t.Errorf("%q: To header %q reads %v, %v", name, p.Header.Get("To"), to, err)
		}
	}
}
