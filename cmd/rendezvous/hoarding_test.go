package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestHoardingIsBounded: one customer cannot book the calendar — the
// email address and the phone number are each capped in upcoming
// bookings (RENDEZVOUS_MAX_UPCOMING_PER_CUSTOMER), over the API on both
// stores — and the chat books at most at the booking rate per client
// address, saying so plainly past it.
func TestHoardingIsBounded(t *testing.T) {
	for _, sc := range stores() {
		t.Run(sc.name, func(t *testing.T) {
			env := map[string]string{"RENDEZVOUS_DATABASE_URL": sc.url(t), "RENDEZVOUS_SEED_DEMO": "false", "RENDEZVOUS_RATE_LIMITS": "off",
				"RENDEZVOUS_MAX_UPCOMING_PER_CUSTOMER": "2"}
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
			body := `{"name":"Cabinet Convoité","kind":"dentist","city":"Lyon","timezone":"Europe/Paris",
				"booking_policy":{"slot_step_minutes":30,"buffer_minutes":0,"min_notice_minutes":0,"horizon_days":90},
				"services":[{"name":"Consultation","duration_minutes":30,"price_cents":3000}],
				"hours":[` + allWeekHours() + `]}`
			if st := s.call(t, "POST", "/v1/admin/providers", body, &p, adm...); st != 201 {
				t.Fatalf("create provider: %d", st)
			}
			var slots slotList
			if st := s.call(t, "GET", fmt.Sprintf("/v1/providers/%d/availability?from=%s&to=%s", p.ID,
				time.Now().AddDate(0, 0, 1).Format("2006-01-02"), time.Now().AddDate(0, 0, 3).Format("2006-01-02")), "", &slots); st != 200 || len(slots.Slots) < 6 {
				t.Fatalf("slots: %d, %d", st, len(slots.Slots))
			}
			book := func(i int, email, phone string) (int, string) {
				return s.callCode(t, "POST", "/v1/bookings", fmt.Sprintf(`{"provider_id":%d,"service_id":%d,"start":%q,"customer":{"name":"Hoarder","email":%q,"phone":%q}}`,
					p.ID, p.Services[0].ID, slots.Slots[i].Start, email, phone), nil)
			}
			for i := range 2 {
				if st, code := book(i, "hoarder@example.com", "06 12 34 56 78"); st != 201 {
					t.Fatalf("booking %d: %d %s", i+1, st, code)
				}
			}
			for i, c := range [][2]string{{"Hoarder@Example.com", "06 99 88 77 66"}, {"other@example.com", "+33 6 12 34 56 78"}} {
				if st, code := book(2+i, c[0], c[1]); st != 409 || code != "too_many_bookings" {
					t.Errorf("third booking by %s / %s: %d %s, want 409 too_many_bookings", c[0], c[1], st, code)
				}
			}
			if st, code := book(4, "someone@example.com", "06 99 88 77 66"); st != 201 {
				t.Errorf("another customer: %d %s", st, code)
			}
		})
	}
	t.Run("Setting", func(t *testing.T) {
		for _, v := range []string{"0", "many", "-3"} {
			_, err := runCommand(t, map[string]string{"RENDEZVOUS_MAX_UPCOMING_PER_CUSTOMER": v}, "config", "check")
			if err == nil || !strings.Contains(err.Error(), "RENDEZVOUS_MAX_UPCOMING_PER_CUSTOMER") {
				t.Errorf("%q: %v, want an error naming the setting", v, err)
			}
		}
	})
	t.Run("ChatPerAddress", func(t *testing.T) {
		// One booking per hour from an address, burst 1: the chat's second
		// booking from the same address is refused, in words.
		env := map[string]string{"RENDEZVOUS_DATABASE_URL": sc0(t), "RENDEZVOUS_SEED_DEMO": "false",
			"RENDEZVOUS_RATE_LIMIT_CHAT": "600/min", "RENDEZVOUS_RATE_LIMIT_CHAT_BURST": "100",
			"RENDEZVOUS_RATE_LIMIT_BOOKING": "1/h", "RENDEZVOUS_RATE_LIMIT_BOOKING_BURST": "1"}
		if _, err := runCommand(t, env, "seed", "--providers", "300"); err != nil {
			t.Fatal(err)
		}
		s := startServer(t, env)
		for i, who := range []string{"Marie Curie, marie@example.com, 06 12 34 56 78", "Pierre Curie, pierre@example.com, 06 98 76 54 32"} {
			c := &chatSession{t: t, s: s}
			out := c.say("Book me a dentist in Lyon on " + workday().en + " at 10, I'm " + who)
			if out.State.Awaiting == "slot_choice" {
				out = c.say(fmt.Sprintf("the %s one", []string{"first", "second"}[i]))
			}
			if out.State.Awaiting != "confirmation" {
				t.Fatalf("conversation %d awaits %q: %s", i+1, out.State.Awaiting, out.Reply)
			}
			out = c.say("yes")
			switch {
			case i == 0 && out.Booking == nil:
				t.Fatalf("the first chat booking failed: %s", out.Reply)
			case i == 1 && (out.Booking != nil || !strings.Contains(out.Reply, "Too many bookings have been made from your connection")):
				t.Fatalf("the second chat booking from one address: %q (booking %v)", out.Reply, out.Booking)
			}
		}
	})
}

// sc0 is the SQLite database of a test.
func sc0(t *testing.T) string { return stores()[0].url(t) }
