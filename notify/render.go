package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"strings"
	"time"

	htmltemplate "github.com/DataDog/datadog-agent/pkg/template/html"

	"github.com/rendezvous-oss/rendezvous"
)

// Message is an email ready to send.
type Message struct {
	// Kind and BookingID say what it is about, for logs and metrics: no
	// personal data. BookingID is empty for a verification code.
	Kind, BookingID string
	// MessageID is the message's Message-ID, without angle brackets: the
	// same for every attempt of one message, so that a copy sent twice
	// (at-least-once) can be recognised by a mailbox or a relay.
	MessageID string
	To        string
	ToName    string
	Subject   string
	Text      string
	HTML      string
	Invite    *Invite // nil for a message without one
}

// Sender delivers messages.
type Sender interface {
	// Send delivers m or returns why not. Its errors must not quote the
	// message (no address, no content): they are stored with the job.
	Send(ctx context.Context, m *Message) error
}

// bookingTemplates are the messages about a booking: its manage link, or
// once cancelled a hint instead, and a word on the invite.
var bookingTemplates = shell("booking", `{{if .Link}}{{.ManageHint}}
{{.Link}}
{{else}}{{.CancelledHint}}
{{end}}
{{.Invite}}
`, `{{if .Link}}<p><a href="{{.Link}}">{{.LManage}}</a></p>
{{else}}<p>{{.CancelledHint}}</p>
{{end}}<p>{{.Invite}}</p>
`)

// Renderer writes the messages about bookings.
type Renderer struct {
	// From is the sender's address, the invite's organizer.
	From string
	// PublicURL is the base of links: the manage page is
	// {PublicURL}/manage#ref=…&token=….
	PublicURL string
}

// ManageLink returns the link to a booking's manage page, in lang:
// {PublicURL}/manage#ref=…&token=…&lang=… (without a token when token is
// empty: the page then asks for the reference's email). The web front
// door's manage page reads these three parameters.
func (r Renderer) ManageLink(id, token, lang string) string {
	return r.pageLink("manage", "ref", id, "token", token, "lang", lang)
}

// pageLink returns the absolute link to a page of the web front door,
// {PublicURL}/{page}#name=value&…, with the parameters (name, value
// pairs) whose value is not empty; "" without a public URL (development),
// since a message read in a mail client has no server to be relative to.
// The parameters are in the fragment, which browsers never send to a
// server: a token there stays out of access logs, proxies and Referer
// headers.
func (r Renderer) pageLink(page string, params ...string) string {
	if r.PublicURL == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(strings.TrimRight(r.PublicURL, "/") + "/" + page)
	sep := "#"
	for i := 0; i+1 < len(params); i += 2 {
		if params[i+1] == "" {
			continue
		}
		b.WriteString(sep + params[i] + "=" + url.QueryEscape(params[i+1]))
		sep = "&"
	}
	return b.String()
}

// domain is the part of From after @: the invite's UID and the
// Message-ID's right-hand side.
func (r Renderer) domain() string {
	if i := strings.LastIndexByte(r.From, '@'); i >= 0 && i < len(r.From)-1 {
		return r.From[i+1:]
	}
	return "rendezvous.invalid"
}

// MessageID is the Message-ID of the message of kind about version of
// booking id: one per message, whichever attempt sends it.
func (r Renderer) MessageID(kind, id string, version int) string {
	return fmt.Sprintf("%s.%s.v%d@%s", kind, id, version, r.domain())
}

// Booking renders the message of kind about b (as it is now) with its
// provider p; token is the manage token of the link, which a cancelled
// booking's message does not have.
func (r Renderer) Booking(kind string, b *rendezvous.Booking, p *rendezvous.Provider, token string, now time.Time) (*Message, error) {
	c := catalogOf(b.Language)
	loc, err := p.Location()
	if err != nil {
		return nil, err
	}
	svc, _ := p.Service(b.ServiceID)
	when := c.dateTime(c, b.Start.In(loc))
	subject, ok := c.subjects[kind]
	if !ok {
		return nil, fmt.Errorf("notify: no message of kind %q", kind)
	}
	v := view{
		Lang: b.Language, Greeting: fmt.Sprintf(c.greeting, b.Customer.Name), Lead: fmt.Sprintf(c.leads[kind], p.Name, when),
		When: when + " (" + loc.String() + ")", Service: svc.Name, Where: joinNonEmpty(", ", p.Name, p.Address, p.City), Colon: c.colon,
		Reference: b.ID, LWhen: c.when, LService: c.service, LWhere: c.where, LReference: c.reference,
		LManage: c.manage, ManageHint: c.manageHint, CancelledHint: c.cancelledHint, Invite: c.invite, Footer: c.footer,
	}
	if b.Active() && token != "" {
		v.Link = r.ManageLink(b.ID, token, b.Language)
	}
	var text, html bytes.Buffer
	if err := bookingTemplates.text.Execute(&text, v); err != nil {
		return nil, fmt.Errorf("notify: render %s: %w", kind, err)
	}
	if err := bookingTemplates.html.Execute(&html, v); err != nil {
		return nil, fmt.Errorf("notify: render %s: %w", kind, err)
	}
	// The invite links to the booking's page without the token: calendars
	// are shared and synced more widely than a mailbox.
	inv, err := inviteOf(b, p, svc, r.From, fmt.Sprintf("%s — %s", p.Name, svc.Name), b.ID, r.ManageLink(b.ID, "", b.Language), now)
	if err != nil {
		return nil, err
	}
	return &Message{Kind: kind, BookingID: b.ID, MessageID: r.MessageID(kind, b.ID, b.TokenVersion),
		To: b.Customer.Email, ToName: b.Customer.Name, Subject: fmt.Sprintf(subject, p.Name, when),
		Text: text.String(), HTML: html.String(), Invite: inv}, nil
}

// KindCode is the kind of a one-time code's message.
const KindCode = "email.code"

// Code renders the message that carries a one-time code to to, in lang,
// valid for minutes. It is sent at once, never queued: the code exists
// nowhere else.
func (r Renderer) Code(lang, to, code string, minutes int) *Message {
	c := catalogOf(lang)
	text := fmt.Sprintf("%s\n\n    %s\n\n%s\n", fmt.Sprintf(c.codeLead, minutes), code, c.codeIgnore)
	html := htmltemplate.HTMLEscapeString(fmt.Sprintf(c.codeLead, minutes))
	body := fmt.Sprintf(`<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8"></head><body style="font-family: sans-serif"><p>%s</p><p style="font-size: 2em; letter-spacing: .2em"><strong>%s</strong></p><p>%s</p></body></html>`,
		htmltemplate.HTMLEscapeString(lang), html, htmltemplate.HTMLEscapeString(code), htmltemplate.HTMLEscapeString(c.codeIgnore))
	var id [8]byte
	_, _ = rand.Read(id[:])
	return &Message{Kind: KindCode, MessageID: fmt.Sprintf("%s.%x@%s", KindCode, id, r.domain()), To: to,
		Subject: fmt.Sprintf(c.codeSubject, code), Text: text, HTML: body}
}

// joinNonEmpty joins the parts that are not empty.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
