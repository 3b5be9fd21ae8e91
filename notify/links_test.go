package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/notify"
)

// TestLinksAreAbsolute: the links of every message — a booking's manage
// page, a waitlist offer's page — are built alike on RENDEZVOUS_PUBLIC_URL,
// absolute, whatever its form; without it (development) no message
// carries a link that a mail client could not open.
func TestLinksAreAbsolute(t *testing.T) {
	p := &rendezvous.Provider{ID: 3, Name: "Cabinet Dupont", Address: "1 place Bellecour", City: "Lyon", TimeZone: "Europe/Paris",
		Services: []rendezvous.Service{{ID: 7, Name: "Détartrage", Duration: 30 * time.Minute}}}
	start := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	b := &rendezvous.Booking{ID: "RDV-7K2M9Q", ProviderID: 3, ServiceID: 7, Start: start, End: start.Add(30 * time.Minute), Language: "fr",
		Status: rendezvous.StatusBooked, TokenVersion: 1, Customer: rendezvous.Customer{Name: "Marie Curie", Email: "marie@example.com"}}
	offer := notify.Offer{OfferID: "WO-1", Customer: b.Customer, Language: "fr", Provider: p, Service: "Détartrage", Start: start,
		Token: "a.b+c", ValidFor: 24 * time.Hour}
	for _, tc := range []struct {
		name, publicURL   string
		manage, offerLink string
	}{
		{"Host", "https://book.example.com", "https://book.example.com/manage#ref=RDV-7K2M9Q&token=tok&lang=fr",
			"https://book.example.com/waitlist#offer=a.b%2Bc&lang=fr"},
		{"TrailingSlash", "https://book.example.com/", "https://book.example.com/manage#ref=RDV-7K2M9Q&token=tok&lang=fr",
			"https://book.example.com/waitlist#offer=a.b%2Bc&lang=fr"},
		{"Path", "https://example.com/rdv", "https://example.com/rdv/manage#ref=RDV-7K2M9Q&token=tok&lang=fr",
			"https://example.com/rdv/waitlist#offer=a.b%2Bc&lang=fr"},
		{"Development", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := notify.Renderer{From: "rdv@rendezvous.example", PublicURL: tc.publicURL}
			if got := r.ManageLink(b.ID, "tok", "fr"); got != tc.manage {
				t.Errorf("ManageLink = %q, want %q", got, tc.manage)
			}
			if got := r.OfferLink(offer.Token, "fr"); got != tc.offerLink {
				t.Errorf("OfferLink = %q, want %q", got, tc.offerLink)
			}
			bm, err := r.Booking(notify.KindConfirmation, b, p, "tok", start.Add(-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			om, err := r.Offer(offer)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range []struct {
				what, text, html, link string
			}{{"confirmation", bm.Text, bm.HTML, tc.manage}, {"offer", om.Text, om.HTML, tc.offerLink}} {
				if m.link != "" && !strings.Contains(m.text, m.link) {
					t.Errorf("the %s's text lacks %s:\n%s", m.what, m.link, m.text)
				}
				if m.link != "" && !strings.Contains(m.html, `href="`+strings.ReplaceAll(m.link, "&", "&amp;")+`"`) {
					t.Errorf("the %s's HTML lacks %s:\n%s", m.what, m.link, m.html)
				}
				for _, body := range []string{m.text, m.html} {
					if strings.Contains(body, `href="/`) || strings.Contains(body, "\n/") {
						t.Errorf("the %s has a relative link:\n%s", m.what, body)
					}
				}
			}
			if tc.publicURL == "" && (!strings.Contains(om.Text, "demandez-le dans la conversation") || strings.Contains(om.Text, "ouvrez ce lien")) {
				t.Errorf("an offer without a link says:\n%s", om.Text)
			}
		})
	}
}
