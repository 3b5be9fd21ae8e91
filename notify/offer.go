package notify

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	htmltemplate "github.com/DataDog/datadog-agent/pkg/template/html"
	texttemplate "github.com/DataDog/datadog-agent/pkg/template/text"

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
			footer:  "Ce message vous est envoyé par Rendezvous car vous avez demandé à être prévenu d'un créneau libéré. Pour ne plus l'être, retirez-vous de la liste d'attente (GET /v1/me/waitlist).",
		}
	}
	return offerWords{
		subject: "A slot has opened: %[1]s, %[2]s",
		lead:    "A slot that suits you has just opened with %[1]s: %[2]s.",
		book:    "Book this slot",
		hint:    "To book it in your name in one click, open this link (valid %d hours):",
		race:    "First come, first served: if someone took it before you, the link will offer you the next one.",
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

// OfferLink returns the link of an offer's page:
// {PublicURL}/waitlist#offer=…&lang=… — the token in the fragment, as for
// the manage page. Without a public URL (development) the link is the
// page's path on the server: the offer is worth nothing without its token.
func (r Renderer) OfferLink(token, lang string) string {
	return strings.TrimRight(r.PublicURL, "/") + "/waitlist#offer=" + url.QueryEscape(token) + "&lang=" + url.QueryEscape(lang)
}

type offerView struct {
	Lang, Greeting, Lead, When, Service, Where, Link, Book, Hint, Race, Footer string
	LWhen, LService, LWhere, Colon                                             string
}

var (
	offerText = texttemplate.Must(texttemplate.New("offer").Parse(`{{.Greeting}}

{{.Lead}}

{{.LWhen}}{{.Colon}} {{.When}}
{{if .Service}}{{.LService}}{{.Colon}} {{.Service}}
{{end}}{{.LWhere}}{{.Colon}} {{.Where}}

{{.Hint}}
{{.Link}}

{{.Race}}

-- 
{{.Footer}}
`))
	offerHTML = htmltemplate.Must(htmltemplate.New("offer").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Lead}}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
<p>{{.Greeting}}</p>
<p><strong>{{.Lead}}</strong></p>
<table>
<tr><th align="left">{{.LWhen}}</th><td>{{.When}}</td></tr>
{{if .Service}}<tr><th align="left">{{.LService}}</th><td>{{.Service}}</td></tr>
{{end}}<tr><th align="left">{{.LWhere}}</th><td>{{.Where}}</td></tr>
</table>
<p><a href="{{.Link}}">{{.Book}}</a></p>
<p>{{.Race}}</p>
<hr><p style="color: #666; font-size: smaller">{{.Footer}}</p>
</body></html>
`))
)

// Offer renders the email of a waitlist offer.
func (r Renderer) Offer(o Offer) (*Message, error) {
	c, w := catalogOf(o.Language), offerCatalog(o.Language)
	loc, err := o.Provider.Location()
	if err != nil {
		return nil, err
	}
	when := c.dateTime(c, o.Start.In(loc))
	v := offerView{Lang: o.Language, Greeting: fmt.Sprintf(c.greeting, o.Customer.Name), Lead: fmt.Sprintf(w.lead, o.Provider.Name, when),
		When: when + " (" + loc.String() + ")", Service: o.Service, Where: joinNonEmpty(", ", o.Provider.Name, o.Provider.Address, o.Provider.City),
		Link: r.OfferLink(o.Token, o.Language), Book: w.book, Hint: fmt.Sprintf(w.hint, int(o.ValidFor.Hours())), Race: w.race, Footer: w.footer,
		LWhen: c.when, LService: c.service, LWhere: c.where, Colon: c.colon}
	var text, html bytes.Buffer
	if err := offerText.Execute(&text, v); err != nil {
		return nil, fmt.Errorf("notify: render offer: %w", err)
	}
	if err := offerHTML.Execute(&html, v); err != nil {
		return nil, fmt.Errorf("notify: render offer: %w", err)
	}
	return &Message{Kind: KindOffer, MessageID: fmt.Sprintf("%s.%s@%s", KindOffer, o.OfferID, r.domain()), To: o.Customer.Email,
		ToName: o.Customer.Name, Subject: fmt.Sprintf(w.subject, o.Provider.Name, when), Text: text.String(), HTML: html.String()}, nil
}
