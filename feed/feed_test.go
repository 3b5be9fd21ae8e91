package feed_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/feed"
	"github.com/rendezvous-oss/rendezvous/sqlite"
	"github.com/rendezvous-oss/rendezvous/storetest"
)

func setup(t *testing.T) (*feed.Service, *sqlite.Store, *rendezvous.Provider) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "rdv.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	p := &rendezvous.Provider{Name: "Cabinet Dupont", Kind: rendezvous.KindDentist, City: "Lyon", Address: "1 place Bellecour",
		TimeZone: "Europe/Paris", Languages: []string{"fr"},
		Policy:   rendezvous.BookingPolicy{Horizon: 400 * 24 * time.Hour, SlotStep: 30 * time.Minute},
		Services: []rendezvous.Service{{Name: "Détartrage", Duration: 45 * time.Minute, PriceCents: 6000}}}
	if err := s.CreateProvider(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.SetHours(ctx, p.ID, storetest.AlwaysOpen()); err != nil {
		t.Fatal(err)
	}
	return &feed.Service{Store: s, Bookings: s, PublicURL: "https://book.example.com/"}, s, p
}

func book(t *testing.T, s *sqlite.Store, p *rendezvous.Provider, id string, in time.Duration) *rendezvous.Booking {
	t.Helper()
	b := &rendezvous.Booking{ID: id, ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: time.Now().Add(in).Truncate(time.Hour),
		Customer: rendezvous.Customer{Name: "Marie Curie", Email: "marie@example.com", Phone: "+33612345678"}}
	if err := s.CreateBooking(context.Background(), b, time.Now()); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFeed(t *testing.T) {
	ctx := context.Background()
	svc, s, p := setup(t)
	b := book(t, s, p, "RDV-FEED0001", 48*time.Hour)
	gone := book(t, s, p, "RDV-FEED0002", 72*time.Hour)
	if _, err := s.CancelBooking(ctx, gone.ID, 0, time.Now()); err != nil {
		t.Fatal(err)
	}
	issued, err := svc.Issue(ctx, p.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if issued.ContactDetails || !strings.HasPrefix(issued.URL, "https://book.example.com/v1/feeds/") || !strings.HasSuffix(issued.URL, issued.Token+".ics") {
		t.Fatalf("issued = %+v", issued)
	}
	cal, err := svc.Render(ctx, issued.Token)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := ics.ParseCalendar(strings.NewReader(string(cal.Body)))
	if err != nil {
		t.Fatalf("the feed does not parse: %v\n%s", err, cal.Body)
	}
	evs := parsed.Events()
	if len(evs) != 1 || evs[0].Id() != b.ID {
		t.Fatalf("events = %d (want the active booking only, UID = its id)\n%s", len(evs), cal.Body)
	}
	body := string(cal.Body)
	if bare := strings.Count(body, "\n") - strings.Count(body, "\r\n"); bare != 0 {
		t.Errorf("%d lines end without CR: RFC 5545 ends every line with CRLF (golang-ical writes LF on Unix)", bare)
	}
	for _, want := range []string{"DTSTART;TZID=Europe/Paris:", "BEGIN:VTIMEZONE", "TZID:Europe/Paris", "X-WR-TIMEZONE:Europe/Paris",
		"SUMMARY:Détartrage — Marie Curie", "LOCATION:1 place Bellecour\\, Lyon"} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q in\n%s", want, body)
		}
	}
	t.Run("NoContactDetailsByDefault", func(t *testing.T) {
		for _, personal := range []string{"marie@example.com", "+33612345678", "ATTENDEE"} {
			if strings.Contains(body, personal) {
				t.Errorf("the feed shows %q without the operator's consent", personal)
			}
		}
	})
	t.Run("ETagIsStable", func(t *testing.T) {
		again, err := svc.Render(ctx, issued.Token)
		if err != nil || again.ETag != cal.ETag {
			t.Fatalf("second render: %v, ETag %s then %s", err, cal.ETag, again.ETag)
		}
		if !feed.Matches(`W/"x", `+cal.ETag, cal.ETag) || !feed.Matches("*", cal.ETag) || feed.Matches(`"other"`, cal.ETag) {
			t.Fatal("If-None-Match comparison is wrong")
		}
		book(t, s, p, "RDV-FEED0003", 96*time.Hour)
		changed, err := svc.Render(ctx, issued.Token)
		if err != nil || changed.ETag == cal.ETag {
			t.Fatalf("after a booking: %v, ETag unchanged %s", err, changed.ETag)
		}
	})
	t.Run("ContactDetailsOnRequest", func(t *testing.T) {
		if _, err := svc.SetContactDetails(ctx, p.ID, true); err != nil {
			t.Fatal(err)
		}
		withContact, err := svc.Render(ctx, issued.Token)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(withContact.Body), "marie@example.com") || !strings.Contains(string(withContact.Body), "+33612345678") {
			t.Fatalf("contact details asked for, not shown:\n%s", withContact.Body)
		}
	})
	t.Run("RotationAndRevocation", func(t *testing.T) {
		rotated, err := svc.Issue(ctx, p.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !rotated.ContactDetails {
			t.Fatal("a rotation dropped the contact setting")
		}
		if _, err := svc.Render(ctx, issued.Token); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
			t.Fatalf("the token before rotation: %v, want ENOTFOUND", err)
		}
		if err := svc.Revoke(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Render(ctx, rotated.Token); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
			t.Fatalf("a revoked feed: %v, want ENOTFOUND", err)
		}
		for _, bad := range []string{"", "short", strings.Repeat("a", 43) + "\x00", strings.Repeat("é", 43)} {
			if _, err := svc.Render(ctx, bad); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
				t.Errorf("token %q: %v, want ENOTFOUND", bad, err)
			}
		}
	})
	if _, err := svc.Issue(ctx, 9999, nil); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
		t.Fatalf("a feed for no provider: %v", err)
	}
}

func TestFeedKeepsMarkupOut(t *testing.T) {
	ctx := context.Background()
	svc, s, p := setup(t)
	b := &rendezvous.Booking{ID: "RDV-FEEDXSS1", ProviderID: p.ID, ServiceID: p.Services[0].ID, Start: time.Now().Add(48 * time.Hour).Truncate(time.Hour),
		Customer: rendezvous.Customer{Name: `<img src=x onerror=alert(1)>`, Email: "x@example.com"}}
	if err := s.CreateBooking(ctx, b, time.Now()); err != nil {
		t.Fatal(err)
	}
	issued, err := svc.Issue(ctx, p.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := svc.Render(ctx, issued.Token)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(string(cal.Body), "<>") || !strings.Contains(string(cal.Body), "‹img src=x onerror=alert(1)›") {
		t.Fatalf("markup in the feed:\n%s", cal.Body)
	}
}

// FuzzMatches: any If-None-Match header is compared without panicking,
// and a header made of the ETag alone always matches.
func FuzzMatches(f *testing.F) {
	for _, s := range []string{`"abc"`, `W/"abc", "def"`, `*`, ``, `,,,`, "\x00"} {
		f.Add(s, `"abc"`)
	}
	f.Fuzz(func(t *testing.T, header, etag string) {
		feed.Matches(header, etag)
		if etag != "" && !strings.Contains(etag, ",") && strings.TrimSpace(etag) == etag && !feed.Matches(etag, etag) {
			t.Fatalf("%q does not match itself", etag)
		}
	})
}
