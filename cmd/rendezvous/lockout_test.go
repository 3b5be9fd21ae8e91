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

// TestNobodyCanLockACustomerOut replays the red team's lockout: someone
// books with a victim's email address (or phone) until the cap of upcoming
// bookings is reached, and the victim is refused. The victim proves the
// address with a code and books on; a token for another address is
// refused.
func TestNobodyCanLockACustomerOut(t *testing.T) {
	srv := smtptest.Start(t)
	dir := t.TempDir()
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": filepath.Join(dir, "rdv.db"), "RENDEZVOUS_SEED_DEMO": "false",
		"RENDEZVOUS_SMTP_URL": srv.URL(), "RENDEZVOUS_MAIL_FROM": "rdv@rendezvous.example", "RENDEZVOUS_PUBLIC_URL": "https://rdv.example",
		"RENDEZVOUS_JOB_WORKERS":        "0", // only the codes reach the server
		"RENDEZVOUS_RATE_LIMIT_BOOKING": "600/min", "RENDEZVOUS_RATE_LIMIT_BOOKING_BURST": "100",
		"RENDEZVOUS_MAX_UPCOMING_PER_CUSTOMER": "2"}
	if _, err := runCommand(t, env, "seed", "--providers", "300"); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, env)
	const victim = "victor.victim@example.com"
	// The attacker fills the cap with the victim's address.
	bookSlot(t, s, 0, "Mallory", victim, "06 99 88 77 61")
	bookSlot(t, s, 1, "Mallory", victim, "06 99 88 77 62")

	var slots slotList
	if st := s.call(t, "GET", "/v1/availability?kind=dentist&city=Lyon&limit=10", "", &slots); st != 200 || len(slots.Slots) < 6 {
		t.Fatalf("availability: %d", st)
	}
	body := func(i int, email string) string {
		sl := slots.Slots[i]
		return fmt.Sprintf(`{"provider_id":%d,"service_id":%d,"start":%q,"customer":{"name":"Victor Victim","email":%q,"phone":"06 11 22 33 55"}}`,
			sl.ProviderID, sl.ServiceID, sl.Start, email)
	}
	if st, code := s.callCode(t, "POST", "/v1/bookings", body(4, victim), nil); st != 409 || code != "too_many_bookings" {
		t.Fatalf("the victim, unproved: %d %s, want 409 too_many_bookings", st, code)
	}

	// The victim proves the address (the code caught at the relay).
	var v httpapi.VerificationJSON
	if st := s.call(t, "POST", "/v1/email-verifications", fmt.Sprintf(`{"email":%q}`, victim), &v); st != 202 {
		t.Fatalf("verification: %d", st)
	}
	msgs := srv.Wait(t, 1, 10*time.Second)
	p, err := msgs[0].Parse()
	if err != nil {
		t.Fatal(err)
	}
	code := p.Subject[strings.LastIndex(p.Subject, " ")+1:]
	var tok httpapi.EmailTokenJSON
	if st := s.call(t, "POST", "/v1/email-verifications/"+v.ID+"/confirm", fmt.Sprintf(`{"code":%q}`, code), &tok); st != 200 {
		t.Fatalf("confirm: %d", st)
	}
	bearer := []string{"Authorization", "Bearer " + tok.EmailToken}
	if st, code := s.callCode(t, "POST", "/v1/bookings", body(4, "Victor.Victim@Example.com"), nil, bearer...); st != 201 {
		t.Fatalf("the victim, proved: %d %s, want 201", st, code)
	}
	// The token proves one address only.
	if st, code := s.callCode(t, "POST", "/v1/bookings", body(5, "someone.else@example.com"), nil, bearer...); st != 422 {
		t.Fatalf("another address with the token: %d %s, want 422", st, code)
	}
	// And a forged token is refused, not ignored.
	if st, _ := s.callCode(t, "POST", "/v1/bookings", body(5, victim), nil, "Authorization", "Bearer not-a-token"); st != 401 {
		t.Fatalf("a forged token: %d, want 401", st)
	}
}
