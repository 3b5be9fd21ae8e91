package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// TestNoPersonalDataInLogs runs conversations and API calls carrying known
// personal data through every path — bookings, invalid details, refused
// and failing requests, administration, a database that goes away — with
// debug logs in JSON, and scans every line for that data.
func TestNoPersonalDataInLogs(t *testing.T) {
	env := hardenedEnv(t, map[string]string{"RENDEZVOUS_LOG_LEVEL": "debug", "RENDEZVOUS_LOG_FORMAT": "json", "RENDEZVOUS_RATE_LIMITS": "off"})
	key, err := runCommand(t, env, "admin-key", "create")
	if err != nil {
		t.Fatal(err)
	}
	adm := []string{"Authorization", "Bearer " + strings.TrimSpace(key)}
	s := startServer(t, env)
	const (
		name  = "Marguerite Yourcenar"
		email = "marguerite.yourcenar@example.org"
		phone = "06 48 27 93 15"
		e164  = "+33648279315"
	)
	chatTurns := func(messages ...string) string {
		var first chatOut
		s.call(t, "POST", "/v1/chat", fmt.Sprintf(`{"message":%q}`, messages[0]), &first)
		for _, m := range messages[1:] {
			s.callCode(t, "POST", "/v1/chat", fmt.Sprintf(`{"session_id":%q,"message":%q}`, first.SessionID, m), nil, "Authorization", "Bearer "+first.SessionToken)
		}
		return first.SessionID
	}
	// A whole booking, with a detail corrected on the way.
	chatTurns("I need a dentist in Lyon on Thursday", "the first one", "I'm "+name, "marguerite.yourcenar@example", email, "06 48", phone, "yes",
		"what are my appointments?", "cancel it", "yes")
	// Everything in one message, in French, then refused.
	chatTurns(fmt.Sprintf("je voudrais un coiffeur à Lyon jeudi à 10h, je suis %s, %s, %s", name, email, phone), "non", "au revoir")
	// Managing a booking of someone else's email.
	chatTurns("cancel my appointment RDV-0000000000", email)
	// The API directly: a booking, bad details, a wrong token, a conflict.
	var slots slotList
	s.call(t, "GET", "/v1/availability?kind=dentist&city=Lyon&limit=1", "", &slots)
	book := fmt.Sprintf(`{"provider_id":%d,"service_id":%d,"start":%q,"customer":{"name":%q,"email":%q,"phone":%q}}`,
		slots.Slots[0].ProviderID, slots.Slots[0].ServiceID, slots.Slots[0].Start, name, email, phone)
	var b bookingOut
	s.call(t, "POST", "/v1/bookings", book, &b)
	s.callCode(t, "POST", "/v1/bookings", book, nil) // slot_taken
	s.callCode(t, "POST", "/v1/bookings", strings.Replace(book, phone, "12", 1), nil)
	s.callCode(t, "POST", "/v1/bookings", strings.Replace(book, email, "not-an-email "+name, 1), nil)
	s.callCode(t, "POST", "/v1/bookings", `{"customer":{"name":"`+name+`"},"extra":"`+email+`"}`, nil)
	s.callCode(t, "GET", "/v1/bookings/"+b.ID, "", nil, "Authorization", "Bearer "+email)
	s.callCode(t, "GET", "/v1/providers?q="+strings.ReplaceAll(name, " ", "+")+"&city="+email, "", nil)
	s.callCode(t, "POST", "/v1/admin/providers", `{"name":"`+name+`","kind":"dentist","city":"Lyon","timezone":"Europe/Paris"}`, nil, adm...)
	s.callCode(t, "PATCH", "/v1/admin/providers/1", `{"address":"`+phone+`"}`, nil, adm...)
	// The database breaks under the server (its bookings table vanishes):
	// internal errors are logged.
	db, err := sql.Open("sqlite", env["RENDEZVOUS_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	// One connection, waiting its turn: the server's job workers write
	// to the file too (SQLITE_BUSY otherwise).
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(context.Background(), `PRAGMA busy_timeout = 10000`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(context.Background(), `DROP TABLE bookings`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	chatTurns("Book me a dentist in Lyon on "+workday().en+" at 10, I'm "+name+", "+email+", "+phone, "yes")

	logs := s.logs.String()
	lines := strings.Count(logs, "\n")
	if lines < 20 {
		t.Fatalf("only %d log lines: is the server logging at all?", lines)
	}
	for _, pii := range []string{name, "Yourcenar", "Marguerite", email, "marguerite.yourcenar", phone, e164, "0648279315", "48 27 93 15", "I need a dentist", "je voudrais"} {
		for _, line := range strings.Split(logs, "\n") {
			if strings.Contains(line, pii) {
				t.Errorf("a log line holds %q:\n%s", pii, line)
			}
		}
	}
	if !strings.Contains(logs, `"level":"ERROR"`) || !strings.Contains(logs, `"error_kind"`) {
		t.Errorf("the failing database was not logged as errors")
	}
	if !strings.Contains(logs, `"request_id"`) {
		t.Errorf("log lines carry no request id")
	}
}
