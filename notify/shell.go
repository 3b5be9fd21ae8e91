package notify

import (
	htmltemplate "github.com/DataDog/datadog-agent/pkg/template/html"
	texttemplate "github.com/DataDog/datadog-agent/pkg/template/text"
)

// Every message about an appointment (a booking's, a waitlist offer's)
// has one shell: a greeting, the lead, the appointment's when, what and
// where (and its reference, for a booking), what the message is for (the
// "body" template of each kind), and the footer. Text and HTML alike.

// view is what the templates show. The body templates use their own
// fields: a booking's the manage link and hints, an offer's the booking
// link, its hint and the race.
type view struct {
	Lang, Greeting, Lead, Footer string
	When, Service, Where         string
	Reference                    string // "" for an offer: no row
	Link                         string // "" when there is none
	LWhen, LService, LWhere      string
	LReference                   string
	Colon                        string // ":" or, in French, " :"

	// A booking's.
	LManage, ManageHint, CancelledHint, Invite string
	// An offer's.
	Book, Hint, Race, NoLink string
}

const (
	textShell = `{{.Greeting}}

{{.Lead}}

{{.LWhen}}{{.Colon}} {{.When}}
{{if .Service}}{{.LService}}{{.Colon}} {{.Service}}
{{end}}{{.LWhere}}{{.Colon}} {{.Where}}
{{if .Reference}}{{.LReference}}{{.Colon}} {{.Reference}}
{{end}}
{{template "body" .}}
-- 
{{.Footer}}
`
	htmlShell = `<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Lead}}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
<p>{{.Greeting}}</p>
<p><strong>{{.Lead}}</strong></p>
<table>
<tr><th align="left">{{.LWhen}}</th><td>{{.When}}</td></tr>
{{if .Service}}<tr><th align="left">{{.LService}}</th><td>{{.Service}}</td></tr>
{{end}}<tr><th align="left">{{.LWhere}}</th><td>{{.Where}}</td></tr>
{{if .Reference}}<tr><th align="left">{{.LReference}}</th><td>{{.Reference}}</td></tr>
{{end}}</table>
{{template "body" .}}<hr><p style="color: #666; font-size: smaller">{{.Footer}}</p>
</body></html>
`
)

// templates is a kind of message's text and HTML: the shell around its
// body.
type templates struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// shell returns the templates of a message whose bodies are textBody and
// htmlBody. It panics on a template that does not parse: they are
// constants, checked by every test that renders one.
func shell(name, textBody, htmlBody string) templates {
	text := texttemplate.Must(texttemplate.New(name).Parse(textShell))
	texttemplate.Must(text.New("body").Parse(textBody))
	html := htmltemplate.Must(htmltemplate.New(name).Parse(htmlShell))
	htmltemplate.Must(html.New("body").Parse(htmlBody))
	return templates{text: text, html: html}
}
