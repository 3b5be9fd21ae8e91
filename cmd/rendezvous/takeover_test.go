package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// The attack that the second security review found critical, replayed
// over HTTP on both stores: knowing a victim's email must give an
// attacker none of the victim's bookings.
//
// The review's reproduction: book a decoy with the victim's email through
// the API and cancel it at once; in a new chat, "show my bookings,
// reference <decoy>, email <victim's email>", then "show my bookings" —
// the victim's bookings were listed with name and phone — and "reschedule
// my appointment" … "yes" moved one, the reply carrying a fresh manage
// token. The same cancelled it.

const (
	victimName  = "Victor Victim"
	victimEmail = "victor.victim@example.com"
	victimPhone = "06 11 22 33 55"
	victimE164  = "+33611223355"
)

// chatSession is one conversation over HTTP.
type chatSession struct {
	t     *testing.T
	s     *server
	id    string
	token string
	// raw holds every response body of the conversation, to look for
	// what must never appear in any of them.
	raw strings.Builder
}

func (c *chatSession) say(text string) chatOut {
	c.t.Helper()
	body := map[string]string{"message": text}
	var headers []string
	if c.id != "" {
		body["session_id"] = c.id
		headers = []string{"Authorization", "Bearer " + c.token}
	}
	js, _ := json.Marshal(body)
	req, err := http.NewRequest("POST", c.s.url+"/v1/chat", strings.NewReader(string(js)))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := c.s.client.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	c.raw.Write(raw)
	if resp.StatusCode != 200 {
		c.t.Fatalf("message %q: %d %s", text, resp.StatusCode, raw)
	}
	var out chatOut
	if err := json.Unmarshal(raw, &out); err != nil {
		c.t.Fatal(err)
	}
	if c.id == "" {
		c.id, c.token = out.SessionID, out.SessionToken
	}
	return out
}

// acted reports whether a turn booked, cancelled or moved anything.
func acted(out chatOut) bool {
	for _, a := range out.Actions {
		if a == "booked" || a == "cancelled" || a == "rescheduled" {
			return true
		}
	}
	return out.Booking != nil
}

type bookedOut struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	Start       string `json:"start"`
	ManageToken string `json:"manage_token"`
}

// bookSlot books the index-th earliest dentist slot in Lyon through the
// API.
func bookSlot(t *testing.T, s *server, index int, name, email, phone string) bookedOut {
	t.Helper()
	var slots slotList
	if st := s.call(t, "GET", "/v1/availability?kind=dentist&city=Lyon&limit=10", "", &slots); st != 200 || len(slots.Slots) <= index {
		t.Fatalf("availability: %d, %d slots", st, len(slots.Slots))
	}
	sl := slots.Slots[index]
	body := fmt.Sprintf(`{"provider_id":%d,"service_id":%d,"start":%q,"customer":{"name":%q,"email":%q,"phone":%q}}`,
		sl.ProviderID, sl.ServiceID, sl.Start, name, email, phone)
	var b bookedOut
	if st := s.call(t, "POST", "/v1/bookings", body, &b); st != 201 {
		t.Fatalf("book: %d", st)
	}
	return b
}

func TestEmailGivesNoBookings(t *testing.T) {
	for _, sc := range stores() {
		t.Run(sc.name, func(t *testing.T) {
			env := map[string]string{"RENDEZVOUS_DATABASE_URL": sc.url(t), "RENDEZVOUS_SEED_DEMO": "false",
				"RENDEZVOUS_RATE_LIMIT_CHAT": "600/min", "RENDEZVOUS_RATE_LIMIT_CHAT_BURST": "100",
				"RENDEZVOUS_RATE_LIMIT_CHAT_SESSION": "600/min", "RENDEZVOUS_RATE_LIMIT_CHAT_SESSION_BURST": "100",
				"RENDEZVOUS_RATE_LIMIT_SESSION": "600/min", "RENDEZVOUS_RATE_LIMIT_SESSION_BURST": "100",
				"RENDEZVOUS_RATE_LIMIT_BOOKING": "20/h", "RENDEZVOUS_RATE_LIMIT_BOOKING_BURST": "40",
				// The victim checks from another address (named by the
				// trusted local proxy) than the attacker's.
				"RENDEZVOUS_TRUSTED_PROXIES": "127.0.0.1", "RENDEZVOUS_SESSIONS_PER_IP": "30"}
			if _, err := runCommand(t, env, "seed", "--providers", "300"); err != nil {
				t.Fatal(err)
			}
			s := startServer(t, env)
			victim := []bookedOut{
				bookSlot(t, s, 0, victimName, victimEmail, victimPhone),
				bookSlot(t, s, 3, victimName, victimEmail, victimPhone),
			}
			// Whatever the attacker does, the victim's bookings stay as
			// they are and the victim's own tokens keep working (no
			// change raised their version).
			t.Cleanup(func() {
				for _, v := range victim {
					var b bookedOut
					if st := s.call(t, "GET", "/v1/bookings/"+v.ID, "", &b, "Authorization", "Bearer "+v.ManageToken,
						"X-Forwarded-For", "198.51.100.7"); st != 200 || b.Status != "booked" || b.Start != v.Start {
						t.Errorf("the victim's booking %s changed: %d %+v", v.ID, st, b)
					}
				}
			})
			noVictimData := func(c *chatSession) {
				t.Helper()
				for _, secret := range []string{victim[0].ID, victim[1].ID, victimName, "Victor", victimPhone, victimE164, victim[0].Start, victim[1].Start} {
					if strings.Contains(c.raw.String(), secret) {
						t.Errorf("the attacker's chat shows %q", secret)
					}
				}
			}

			t.Run("CancelledDecoy", func(t *testing.T) {
				decoy := bookSlot(t, s, 5, "Eve Attacker", victimEmail, "06 99 88 77 66")
				if st := s.call(t, "POST", "/v1/bookings/"+decoy.ID+"/cancel", "", nil, "Authorization", "Bearer "+decoy.ManageToken); st != 200 {
					t.Fatalf("cancel the decoy: %d", st)
				}
				c := &chatSession{t: t, s: s}
				for _, msg := range []string{
					fmt.Sprintf("show my bookings, reference %s, email %s", decoy.ID, victimEmail),
					"show my bookings",
					"reschedule my appointment",
					"on " + workday().en,
					"the first one",
					"yes",
					"cancel my appointment",
					"yes",
					fmt.Sprintf("I want to cancel booking %s, my email is %s", decoy.ID, victimEmail),
					"yes",
				} {
					if out := c.say(msg); acted(out) {
						t.Fatalf("%q acted: %+v", msg, out)
					}
				}
				noVictimData(c)
			})

			t.Run("ActiveDecoyProvesOnlyItself", func(t *testing.T) {
				decoy := bookSlot(t, s, 6, "Eve Attacker", victimEmail, "06 99 88 77 66")
				c := &chatSession{t: t, s: s}
				c.say(fmt.Sprintf("show my bookings, reference %s, email %s", decoy.ID, victimEmail))
				listed := c.say("show my bookings")
				if !strings.Contains(listed.Reply, decoy.ID) {
					t.Errorf("the decoy itself is not listed: %q", listed.Reply)
				}
				// The only booking the session reaches is the decoy:
				// cancelling cancels the decoy, never a victim's booking.
				c.say("cancel my appointment")
				out := c.say("yes")
				if out.Booking != nil && out.Booking.ID != decoy.ID {
					t.Fatalf("cancelled %s, not the decoy", out.Booking.ID)
				}
				noVictimData(c)
			})

			t.Run("OwnerStillProvesTheirBooking", func(t *testing.T) {
				own := bookSlot(t, s, 8, "Olivia Owner", "olivia@example.com", "06 55 44 33 22")
				c := &chatSession{t: t, s: s}
				out := c.say(fmt.Sprintf("cancel my booking %s, my email is olivia@example.com", own.ID))
				if out.State.Awaiting != "confirmation" {
					t.Fatalf("the owner's reference and email were not accepted: %q", out.Reply)
				}
				done := c.say("yes")
				if done.Booking == nil || done.Booking.ID != own.ID || done.Booking.Status != "cancelled" {
					t.Fatalf("the owner could not cancel: %+v", done)
				}
			})
			t.Run("GuessingIsBounded", func(t *testing.T) {
				// A second client address would have its own budget; here
				// every session comes from the test's one address.
				wrong := func(i int) string { return fmt.Sprintf("RDV-%010d", i) }
				attempts := 0 // lookups that reach the client's budget
				guess := func(c *chatSession, ref string) chatOut {
					attempts++
					return c.say(fmt.Sprintf("cancel my booking, reference %s, email %s", ref, victimEmail))
				}
				// Per conversation: after five references that match
				// nothing, even the right one is refused.
				c := &chatSession{t: t, s: s}
				for i := range 5 {
					guess(c, wrong(i))
				}
				attempts-- // refused before the client's budget is counted
				if out := guess(c, victim[0].ID); out.State.Awaiting == "confirmation" || strings.Contains(out.Reply, "Cancel your appointment") {
					t.Fatalf("the right reference after five wrong ones was accepted: %q", out.Reply)
				}
				// Per client address: the booking budget of the test
				// environment (burst 40, shared with the API's booking
				// requests) is spent across conversations, then nothing is
				// looked up, right or wrong.
				for attempts <= 40 {
					n := &chatSession{t: t, s: s}
					for range 4 {
						guess(n, wrong(attempts))
					}
				}
				last := &chatSession{t: t, s: s}
				if out := guess(last, victim[0].ID); out.State.Awaiting == "confirmation" {
					t.Fatalf("a lookup past the client's budget was accepted: %q", out.Reply)
				}
				noVictimData(c)
				noVictimData(last)
			})

		})
	}
}

// TestChatAndAPIShareTheBookingBudget: bookings and booking lookups made
// through the chat count against the same per-address budget as the API's
// booking requests, so that the chat does not double what one address may
// book or guess.
func TestChatAndAPIShareTheBookingBudget(t *testing.T) {
	env := map[string]string{"RENDEZVOUS_SEED_DEMO": "false",
		"RENDEZVOUS_RATE_LIMIT_CHAT": "600/min", "RENDEZVOUS_RATE_LIMIT_CHAT_BURST": "100",
		"RENDEZVOUS_RATE_LIMIT_CHAT_SESSION": "600/min", "RENDEZVOUS_RATE_LIMIT_CHAT_SESSION_BURST": "100",
		"RENDEZVOUS_RATE_LIMIT_BOOKING": "3/h", "RENDEZVOUS_RATE_LIMIT_BOOKING_BURST": "3",
		"RENDEZVOUS_MAX_UPCOMING_PER_CUSTOMER": "50"}
	env["RENDEZVOUS_DATABASE_URL"] = stores()[0].url(t)
	if _, err := runCommand(t, env, "seed", "--providers", "300"); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, env)
	for i := range 3 {
		bookSlot(t, s, i, "Paul Martin", "paul@example.com", "06 44 55 66 77")
	}
	c := &chatSession{t: t, s: s}
	c.say("Book me a dentist in Lyon on " + workday().en + ", I'm Marie Curie, marie@example.com, 06 12 34 56 78")
	for range 2 {
		c.say("the first one")
	}
	if out := c.say("yes"); acted(out) {
		t.Fatalf("the chat booked past the address's booking budget spent through the API: %q", out.Reply)
	}
}
