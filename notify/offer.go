package notify

import (
	"bytes"
	"fmt"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// KindOffer is the kind of a waitlist offer's message.
const KindOffer = "email.waitlist_offer"

// offerWords are the offer's words in one language.
type offerWords struct {
	subject string // %[1]s the provider, %[2]s the date and time
	lead    string // same arguments
	book    string // the link's text
	hint    string // before the link in text: %s the hours it is valid
	race    string // first come, first served
	noLink  string // how to book without a link (no public URL)
	footer  string
}

// offerCatalog returns the offer's words in lang (English by default).
func offerCatalog(lang string) offerWords {
	if lang == "fr" {
		return offerWords{
			subject: "Un créneau s'est libéré : %[1]s, %[2]s",
			lead:    "Un créneau qui vous convient vient de se libérer chez %[1]s : %[2]s.",
			book:    "Réserver ce créneau",
			hint:    "Pour le réserver en un clic à votre nom, ouvrez ce lien (valable %d heures) :",
			race:    "Premier arrivé, premier servi : si quelqu'un l'a pris avant vous, le lien vous proposera le suivant.",
			noLink:  "Pour le réserver, demandez-le dans la conversation.",
			footer:  "Ce message vous est envoyé par Rendezvous car vous avez demandé à être prévenu d'un créneau libéré. Pour ne plus l'être, retirez-vous de la liste d'attente (GET /v1/me/waitlist).",
		}
	}
	return offerWords{
		subject: "A slot has opened: %[1]s, %[2]s",
		lead:    "A slot that suits you has just opened with %[1]s: %[2]s.",
		book:    "Book this slot",
		hint:    "To book it in your name in one click, open this link (valid %d hours):",
		race:    "First come, first served: if someone took it before you, the link will offer you the next one.",
		noLink:  "To book it, ask for it in the chat.",
		footer:  "This message was sent by Rendezvous because you asked to be told when a slot opens. To stop, leave the waitlist (GET /v1/me/waitlist).",
	}
}

// Offer is a waitlist offer to render.
type Offer struct {
	OfferID  string
	Customer rendezvous.Customer
	Language string
	Provider *rendezvous.Provider
	Service  string
	Start    time.Time
	// Token is the offer's signed link token; ValidFor how long it books.
	Token    string
	ValidFor time.Duration
}

// OfferLink returns the link of an offer's page, absolute as the manage
// links are: {PublicURL}/waitlist#offer=…&lang=… — the token in the
// fragment. Without a public URL (development) there is none, and the
// message says how to book instead.
func (r Renderer) OfferLink(token, lang string) string {
	return r.pageLink("waitlist", "offer", token, "lang", lang)
}

// offerTemplates are an offer's message: its booking link (or, without
// one, how to book instead) and the race.
var offerTemplates = shell("offer", `{{if .Link}}{{.Hint}}
{{.Link}}
{{else}}{{.NoLink}}
{{end}}
{{.Race}}
`, `{{if .Link}}<p><a href="{{.Link}}">{{.Book}}</a></p>
{{else}}<p>{{.NoLink}}</p>
{{end}}<p>{{.Race}}</p>
`)

// Offer renders the email of a waitlist offer.
func (r Renderer) Offer(o Offer) (*Message, error) {
	c, w := catalogOf(o.Language), offerCatalog(o.Language)
	loc, err := o.Provider.Location()
	if err != nil {
		return nil, err
	}
	when := c.dateTime(c, o.Start.In(loc))
	v := view{Lang: o.Language, Greeting: fmt.Sprintf(c.greeting, o.Customer.Name), Lead: fmt.Sprintf(w.lead, o.Provider.Name, when),
		When: when + " (" + loc.String() + ")", Service: o.Service, Where: joinNonEmpty(", ", o.Provider.Name, o.Provider.Address, o.Provider.City),
		Link: r.OfferLink(o.Token, o.Language), Book: w.book, Hint: fmt.Sprintf(w.hint, int(o.ValidFor.Hours())), Race: w.race, NoLink: w.noLink, Footer: w.footer,
		LWhen: c.when, LService: c.service, LWhere: c.where, Colon: c.colon}
	var text, html bytes.Buffer
	if err := offerTemplates.text.Execute(&text, v); err != nil {
		return nil, fmt.Errorf("notify: render offer: %w", err)
	}
	if err := offerTemplates.html.Execute(&html, v); err != nil {
		return nil, fmt.Errorf("notify: render offer: %w", err)
	}
	return &Message{Kind: KindOffer, MessageID: fmt.Sprintf("%s.%s@%s", KindOffer, o.OfferID, r.domain()), To: o.Customer.Email,
		ToName: o.Customer.Name, Subject: fmt.Sprintf(w.subject, o.Provider.Name, when), Text: text.String(), HTML: html.String()}, nil
}
