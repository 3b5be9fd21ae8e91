// Package mailer delivers notify's messages: by SMTP through go-mail
// (SMTP), or, in development, into a local mailbox directory that a
// developer reads (Mailbox). Both compose the same MIME message: text and
// HTML alternatives, the calendar invite as a text/calendar alternative
// (what mail clients turn into an "add to calendar" card, RFC 6047) and
// as an invite.ics attachment (for those that only show attachments).
package mailer

import (
	"bytes"
	"fmt"
	netmail "net/mail"
	"time"

	mail "github.com/wneessen/go-mail"

	"github.com/rendezvous-oss/rendezvous/notify"
)

// compose builds the MIME message of m from from.
func compose(from string, m *notify.Message, now time.Time) (*mail.Msg, error) {
	msg := mail.NewMsg()
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("mailer: from: %w", err)
	}
	// net/mail writes the name as RFC 5322 and 2047 want it (quoted,
	// with its quotes and backslashes escaped, or encoded), whatever the
	// customer typed: go-mail's AddToFormat pasted it between quotes, so
	// a name ending in a backslash or holding a quote made every message
	// to its booking fail, nine times, then land in the discarded jobs.
	to, err := netmail.ParseAddress((&netmail.Address{Name: m.ToName, Address: m.To}).String())
	if err != nil {
		// The address was validated at booking time; say so without it.
		return nil, fmt.Errorf("mailer: the recipient's address is refused")
	}
	msg.AddToMailAddress(to)
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.MessageID)
	msg.SetDateWithValue(now)
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	if m.Invite != nil {
		msg.AddAlternativeString(mail.ContentType("text/calendar; method="+m.Invite.Method), string(m.Invite.Data))
		if err := msg.AttachReader("invite.ics", bytes.NewReader(m.Invite.Data),
			mail.WithFileContentType(mail.ContentType("application/ics"))); err != nil {
			return nil, fmt.Errorf("mailer: invite: %w", err)
		}
	}
	return msg, nil
}
