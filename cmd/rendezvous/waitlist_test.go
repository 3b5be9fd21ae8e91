package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/mailer/smtptest"
)

// TestWaitlistOverHTTP: a customer proves their address, waits for a
// slot that is taken, and is emailed — at a real SMTP server, within 5 s
// of the cancellation that frees it, with the default poll of the queue —
// a link that books it in one step; then sees, and erases, their entry.
func TestWaitlistOverHTTP(t *testing.T) {
	for _, sc := range stores() {
		t.Run(sc.name, func(t *testing.T) {
			srv := smtptest.Start(t)
			env := map[string]string{"RENDEZVOUS_DATABASE_URL": sc.url(t), "RENDEZVOUS_SEED_DEMO": "false", "RENDEZVOUS_RATE_LIMITS": "off",
				"RENDEZVOUS_SMTP_URL": srv.URL(), "RENDEZVOUS_MAIL_FROM": "rdv@rendezvous.example", "RENDEZVOUS_PUBLIC_URL": "https://rdv.example"}
			if _, err := runCommand(t, env, "seed", "--providers", "300"); err != nil {
				t.Fatal(err)
			}
			key, err := runCommand(t, env, "admin-key", "create")
			if err != nil {
				t.Fatal(err)
			}
			s := startServer(t, env)
			var slots slotList
			if st := s.call(t, "GET", "/v1/availability?kind=dentist&city=Lyon&limit=1", "", &slots); st != 200 || len(slots.Slots) != 1 {
				t.Fatalf("availability: %d", st)
			}
			sl := slots.Slots[0]
			var taken bookedOut
			if st := s.call(t, "POST", "/v1/bookings", fmt.Sprintf(`{"provider_id":%d,"service_id":%d,"start":%q,"customer":{"name":"Hortense Vandermolen","email":"hortense@example.org","phone":"06 47 82 19 36"}}`,
				sl.ProviderID, sl.ServiceID, sl.Start), &taken); st != 201 {
				t.Fatalf("book: %d", st)
			}
			start, err := time.Parse(time.RFC3339, sl.Start)
			if err != nil {
				t.Fatal(err)
			}

			token := proveAddress(t, s, srv, "wanda@example.org")
			auth := []string{"Authorization", "Bearer " + token}
			join := fmt.Sprintf(`{"provider_id":%d,"from":%q,"to":%q,"time_from":%q,"time_to":%q,"language":"fr","customer":{"name":"Wanda Attente","phone":"06 22 33 44 55"}}`,
				sl.ProviderID, start.Format("2006-01-02"), start.Format("2006-01-02"), start.Format("15:04"), start.Add(time.Minute).Format("15:04"))
			var entry struct {
				ID     string `json:"id"`
				Status string `json:"status"`
			}
			if st := s.call(t, "POST", "/v1/waitlist", join, &entry, auth...); st != 201 || entry.Status != "waiting" {
				t.Fatalf("join: %d %+v", st, entry)
			}
			if st := s.call(t, "POST", "/v1/waitlist", join, nil); st != 401 {
				t.Errorf("join without an email token: %d", st)
			}

			before := len(srv.Messages())
			cancelledAt := time.Now()
			if st := s.call(t, "POST", "/v1/bookings/"+taken.ID+"/cancel", "", nil, "Authorization", "Bearer "+taken.ManageToken); st != 200 {
				t.Fatalf("cancel: %d", st)
			}
			offer, seenAt := awaitMail(t, srv, before, "wanda@example.org", "Un créneau s'est libéré")
			took := seenAt.Sub(cancelledAt)
			t.Logf("waitlisted customer emailed %s after the cancellation (target 5 s)", took.Round(time.Millisecond))
			if took > 5*time.Second {
				t.Errorf("the offer took %s, more than 5 s", took)
			}
			p, err := offer.Parse()
			if err != nil {
				t.Fatal(err)
			}
			m := regexp.MustCompile(`https://rdv\.example/waitlist#offer=([A-Za-z0-9_.-]+)&lang=fr`).FindStringSubmatch(p.Text)
			if m == nil {
				t.Fatalf("no link in the offer:\n%s", p.Text)
			}
			var seen struct {
				Status string `json:"status"`
				Start  string `json:"start"`
			}
			if st := s.call(t, "GET", "/v1/waitlist/offers/"+m[1], "", &seen); st != 200 || seen.Status != "open" || seen.Start != sl.Start {
				t.Errorf("the offer: %d %+v, want open at %s", st, seen, sl.Start)
			}
			var booked struct {
				ID       string `json:"id"`
				Start    string `json:"start"`
				Customer struct {
					Name, Email, Phone string
				} `json:"customer"`
				ManageToken string `json:"manage_token"`
			}
			if st := s.call(t, "POST", "/v1/waitlist/offers/"+m[1]+"/book", "", &booked); st != 201 || booked.Start != sl.Start ||
				booked.Customer.Email != "wanda@example.org" || booked.Customer.Phone != "+33622334455" || booked.ManageToken == "" {
				t.Fatalf("book the offer: %d %+v", st, booked)
			}
			var again bookedOut
			if st := s.call(t, "POST", "/v1/waitlist/offers/"+m[1]+"/book", "", &again); st != 201 || again.ID != booked.ID {
				t.Errorf("a second click: %d %+v, want booking %s again", st, again, booked.ID)
			}
			var mine struct {
				Entries []struct {
					ID        string `json:"id"`
					Status    string `json:"status"`
					BookingID string `json:"booking_id"`
				} `json:"entries"`
			}
			if st := s.call(t, "GET", "/v1/me/waitlist", "", &mine, auth...); st != 200 || len(mine.Entries) != 1 ||
				mine.Entries[0].Status != "booked" || mine.Entries[0].BookingID != booked.ID {
				t.Fatalf("my waitlist: %d %+v", st, mine)
			}
			// The operator's list: what is waited for, not who waits.
			lyon := fmt.Sprintf(`{"kind":"dentist","city":"Lyon","from":%q,"to":%q,"customer":{"name":"Wanda Attente","phone":"06 22 33 44 55"}}`,
				start.Format("2006-01-02"), start.Add(48*time.Hour).Format("2006-01-02"))
			var second struct {
				ID string `json:"id"`
			}
			if st := s.call(t, "POST", "/v1/waitlist", lyon, &second, auth...); st != 201 {
				t.Fatalf("join by kind and city: %d", st)
			}
			admin := []string{"Authorization", "Bearer " + strings.TrimSpace(key)}
			type page struct {
				Entries []struct {
					ID         string          `json:"id"`
					Status     string          `json:"status"`
					ProviderID int64           `json:"provider_id"`
					Customer   json.RawMessage `json:"customer"`
				} `json:"entries"`
				NextCursor string `json:"next_cursor"`
			}
			var first, next, byProvider, waiting page
			// Both entries were made in the same second: the pages follow
			// their ids.
			if st := s.call(t, "GET", "/v1/admin/waitlist?limit=1", "", &first, admin...); st != 200 || len(first.Entries) != 1 || first.NextCursor == "" {
				t.Fatalf("admin list, first page: %d %+v", st, first)
			}
			if st := s.call(t, "GET", "/v1/admin/waitlist?limit=1&cursor="+first.NextCursor, "", &next, admin...); st != 200 || len(next.Entries) != 1 {
				t.Fatalf("admin list, second page: %d %+v", st, next)
			}
			if got := []string{first.Entries[0].ID, next.Entries[0].ID}; !slices.Contains(got, entry.ID) || !slices.Contains(got, second.ID) {
				t.Fatalf("admin list in pages of one: %v, want %s and %s", got, entry.ID, second.ID)
			}
			if st := s.call(t, "GET", fmt.Sprintf("/v1/admin/waitlist?provider_id=%d", sl.ProviderID), "", &byProvider, admin...); st != 200 ||
				len(byProvider.Entries) != 1 || byProvider.Entries[0].Status != "booked" || byProvider.Entries[0].Customer != nil {
				t.Fatalf("admin list by provider: %d %+v", st, byProvider)
			}
			if st := s.call(t, "GET", "/v1/admin/waitlist?kind=DENTIST&city=lyon&status=waiting", "", &waiting, admin...); st != 200 ||
				len(waiting.Entries) != 1 || waiting.Entries[0].ID != second.ID {
				t.Fatalf("admin list by kind, city and status: %d %+v", st, waiting)
			}
			if body := s.get(t, "/v1/admin/waitlist", admin...); strings.Contains(body, "Wanda") || strings.Contains(body, "wanda@") || strings.Contains(body, "622334455") {
				t.Errorf("the admin list names the customer: %s", body)
			}
			for q, want := range map[string]int{"status=gone": 422, "kind=plumber": 422, "cursor=nope": 400, "limit=500": 400, "provider_id=-1": 400} {
				if st, code := s.callCode(t, "GET", "/v1/admin/waitlist?"+q, "", nil, admin...); st != want {
					t.Errorf("admin list ?%s: %d %s, want %d", q, st, code, want)
				}
			}
			if st, _ := s.callCode(t, "GET", "/v1/admin/waitlist", "", nil); st != 401 {
				t.Errorf("admin list without a key: %d", st)
			}
			if st, code := s.callCode(t, "DELETE", "/v1/waitlist/WL-0000000000", "", nil, auth...); st != 404 {
				t.Errorf("withdraw an unknown entry: %d %s", st, code)
			}
			var erased struct {
				WaitlistEntries int `json:"waitlist_entries"`
			}
			if st := s.call(t, "POST", "/v1/me/erase", "", &erased, auth...); st != 200 || erased.WaitlistEntries != 2 {
				t.Errorf("erase: %d %+v", st, erased)
			}
			body := s.get(t, "/metrics", "Authorization", "Bearer "+strings.TrimSpace(key))
			for _, want := range []string{`rendezvous_waitlist_events_total{event="offered"} 1`, `rendezvous_waitlist_events_total{event="booked"} 1`,
				`rendezvous_waitlist_entries 0`} {
				if !strings.Contains(body, want) {
					t.Errorf("metrics lack %s", want)
				}
			}
		})
	}
}

// proveAddress asks for a code to addr, reads it at the SMTP server and
// returns the email token.
func proveAddress(t *testing.T, s *server, srv *smtptest.Server, addr string) string {
	t.Helper()
	var v struct {
		ID string `json:"id"`
	}
	before := len(srv.Messages())
	if st := s.call(t, "POST", "/v1/email-verifications", fmt.Sprintf(`{"email":%q}`, addr), &v); st != 202 {
		t.Fatalf("verification: %d", st)
	}
	msg, _ := awaitMail(t, srv, before, addr, "code")
	p, err := msg.Parse()
	if err != nil {
		t.Fatal(err)
	}
	code := p.Subject[len(p.Subject)-6:]
	var tok struct {
		EmailToken string `json:"email_token"`
	}
	if st := s.call(t, "POST", "/v1/email-verifications/"+v.ID+"/confirm", fmt.Sprintf(`{"code":%q}`, code), &tok); st != 200 {
		t.Fatalf("confirm: %d", st)
	}
	return tok.EmailToken
}

// awaitMail waits for a message after the first skip to addr whose
// subject holds subject, and returns it with when it was seen.
func awaitMail(t *testing.T, srv *smtptest.Server, skip int, addr, subject string) (*smtptest.Message, time.Time) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		msgs := srv.Messages()
		for _, m := range msgs[min(skip, len(msgs)):] {
			if len(m.To) == 0 || m.To[0] != addr {
				continue
			}
			if p, err := m.Parse(); err == nil && strings.Contains(p.Subject, subject) {
				return m, time.Now()
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no message %q reached %s", subject, addr)
	return nil, time.Time{}
}
