package mailer

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"

	mail "github.com/wneessen/go-mail"

	"github.com/rendezvous-oss/rendezvous/notify"
)

// SMTPConfig is where and how mail is relayed.
type SMTPConfig struct {
	// URL is smtp://user:pass@host:port (STARTTLS when the server offers
	// it, port 587 by default) or smtps://user:pass@host:port (TLS from
	// the start, port 465 by default).
	URL string
	// From is the sender's address.
	From string
	// RequireTLS refuses to send over a connection that is not
	// encrypted: a server that does not offer STARTTLS is an error
	// (production).
	RequireTLS bool
	// Timeout bounds connecting and each command (10 s).
	Timeout time.Duration
	// TLS overrides the TLS configuration (tests: a private CA).
	TLS *tls.Config
}

// SMTP sends messages through a relay, one connection per message.
type SMTP struct {
	host     string
	port     int
	implicit bool
	user     string
	pass     string
	from     string
	policy   mail.TLSPolicy
	timeout  time.Duration
	tls      *tls.Config
	now      func() time.Time
}

var _ notify.Sender = (*SMTP)(nil)

// NewSMTP checks cfg and returns a sender; it does not connect.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, errors.New("mailer: the SMTP URL does not parse") // it may hold a password
	}
	s := &SMTP{host: u.Hostname(), from: cfg.From, timeout: cfg.Timeout, tls: cfg.TLS, now: time.Now,
		policy: mail.TLSOpportunistic}
	if cfg.RequireTLS {
		s.policy = mail.TLSMandatory
	}
	switch u.Scheme {
	case "smtp":
		s.port = 587
	case "smtps":
		s.port, s.implicit = 465, true
	default:
		return nil, fmt.Errorf("mailer: SMTP URL scheme %q: want smtp or smtps", u.Scheme)
	}
	if s.host == "" {
		return nil, errors.New("mailer: the SMTP URL has no host")
	}
	if p := u.Port(); p != "" {
		if s.port, err = strconv.Atoi(p); err != nil || s.port <= 0 || s.port > 65535 {
			return nil, fmt.Errorf("mailer: SMTP port %q", p)
		}
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	if s.timeout <= 0 {
		s.timeout = 10 * time.Second
	}
	if s.from == "" {
		return nil, errors.New("mailer: no sender address (RENDEZVOUS_MAIL_FROM)")
	}
	if s.tls == nil {
		s.tls = &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
	}
	return s, nil
}

// Addr is the relay's host:port, for logs.
func (s *SMTP) Addr() string { return net.JoinHostPort(s.host, strconv.Itoa(s.port)) }

func (s *SMTP) client() (*mail.Client, error) {
	opts := []mail.Option{mail.WithPort(s.port), mail.WithTimeout(s.timeout), mail.WithTLSConfig(s.tls)}
	if s.implicit {
		opts = append(opts, mail.WithSSL())
	} else {
		opts = append(opts, mail.WithTLSPolicy(s.policy))
	}
	if s.user != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(s.user), mail.WithPassword(s.pass))
	}
	return mail.NewClient(s.host, opts...)
}

// Send delivers m. Its errors name the SMTP reply's code, never its text,
// which often quotes the recipient.
func (s *SMTP) Send(ctx context.Context, m *notify.Message) error {
	msg, err := compose(s.from, m, s.now())
	if err != nil {
		return err
	}
	c, err := s.client()
	if err != nil {
		return fmt.Errorf("mailer: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return redact(err)
	}
	return nil
}

// Check connects to the relay and says hello (and STARTTLS, and logs in):
// the readiness check of an optional dependency.
func (s *SMTP) Check(ctx context.Context) error {
	c, err := s.client()
	if err != nil {
		return fmt.Errorf("mailer: %w", err)
	}
	if err := c.DialWithContext(ctx); err != nil {
		return redact(err)
	}
	return c.Close()
}

// redact keeps of a send error what an operator needs — the stage, the
// code and whether it is temporary — and none of the server's words.
func redact(err error) error {
	var se *mail.SendError
	if errors.As(err, &se) {
		code := se.ErrorCode()
		if code == 0 {
			return fmt.Errorf("mailer: smtp: send failed (%s, temporary: %v)", reasonName(se.Reason), se.IsTemp())
		}
		return fmt.Errorf("mailer: smtp: the server refused (%d %s, %s)", code, se.EnhancedStatusCode(), reasonName(se.Reason))
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return errors.New("mailer: smtp: timed out")
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("mailer: smtp: %w", err)
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		return fmt.Errorf("mailer: smtp: cannot reach the server (%s)", oe.Op)
	}
	return errors.New("mailer: smtp: failed (connection or TLS)")
}

// reasonName names go-mail's stage of failure.
func reasonName(r mail.SendErrReason) string {
	switch r {
	case mail.ErrGetSender:
		return "sender"
	case mail.ErrGetRcpts:
		return "recipients"
	case mail.ErrSMTPMailFrom:
		return "MAIL FROM"
	case mail.ErrSMTPRcptTo:
		return "RCPT TO"
	case mail.ErrSMTPData:
		return "DATA"
	case mail.ErrSMTPDataClose:
		return "end of DATA"
	case mail.ErrSMTPReset:
		return "RSET"
	case mail.ErrWriteContent:
		return "writing the message"
	case mail.ErrConnCheck:
		return "connection check"
	case mail.ErrNoUnencoded:
		return "encoding"
	default:
		return "sending"
	}
}
