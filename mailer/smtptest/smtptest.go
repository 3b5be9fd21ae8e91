// Package smtptest runs a real SMTP server (emersion/go-smtp) inside a
// test process: it keeps what it receives, can refuse or hang on demand,
// and parses messages with net/mail and mime/multipart, as a mail client
// would.
package smtptest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	smtp "github.com/emersion/go-smtp"
)

// Mode is how the server answers messages.
type Mode int

// Modes.
const (
	Accept Mode = iota // 250 to every message
	Refuse             // 554 at DATA's end
	Hang               // never answers DATA's end (until the client gives up)
)

// Server is an SMTP server on a loopback port.
type Server struct {
	Addr string // host:port
	srv  *smtp.Server

	mu       sync.Mutex
	mode     Mode
	messages []*Message
	attempts int
	changed  chan struct{}
}

// Start starts a server that accepts every message, stopped by the
// test's cleanup.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{changed: make(chan struct{})}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	srv.MaxMessageBytes = 10 << 20
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr, s.srv = ln.Addr().String(), srv
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	t.Cleanup(func() { srv.Close() })
	return s
}

// URL is the server's smtp:// URL.
func (s *Server) URL() string { return "smtp://" + s.Addr }

// SetMode changes how the server answers from now on.
func (s *Server) SetMode(m Mode) {
	s.mu.Lock()
	s.mode = m
	s.mu.Unlock()
}

// Messages returns what the server has accepted so far.
func (s *Server) Messages() []*Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Message(nil), s.messages...)
}

// Attempts counts the messages whose DATA reached the server, accepted or
// not.
func (s *Server) Attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

// Wait waits until n messages were accepted, or fails t after d.
func (s *Server) Wait(t testing.TB, n int, d time.Duration) []*Message {
	t.Helper()
	deadline := time.After(d)
	for {
		s.mu.Lock()
		got, ch := len(s.messages), s.changed
		s.mu.Unlock()
		if got >= n {
			return s.Messages()
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("smtptest: %d messages after %v, want %d", got, d, n)
		}
	}
}

// WaitAttempts waits until n messages reached DATA, or fails t after d.
func (s *Server) WaitAttempts(t testing.TB, n int, d time.Duration) {
	t.Helper()
	deadline := time.After(d)
	for {
		s.mu.Lock()
		got, ch := s.attempts, s.changed
		s.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("smtptest: %d attempts after %v, want %d", got, d, n)
		}
	}
}

func (s *Server) record(m *Message, accepted bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts++
	if accepted {
		s.messages = append(s.messages, m)
	}
	close(s.changed)
	s.changed = make(chan struct{})
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s        *Server
	from     string
	to       []string
	username string
}

func (ss *session) AuthMechanisms() []string { return []string{"PLAIN"} }

func (ss *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, _ string) error {
		ss.username = user
		return nil
	}), nil
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	mode := ss.s.mode
	ss.s.mu.Unlock()
	m := &Message{From: ss.from, To: ss.to, Raw: raw, Username: ss.username}
	switch mode {
	case Refuse:
		ss.s.record(m, false)
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "refused for " + strings.Join(ss.to, ",")}
	case Hang:
		ss.s.record(m, false)
		time.Sleep(time.Hour) // the client times out first; Close ends the test
		return errors.New("hung")
	}
	ss.s.record(m, true)
	return nil
}

// Message is a message as received.
type Message struct {
	From     string
	To       []string
	Raw      []byte
	Username string
}

// Parsed is a message read as a mail client would.
type Parsed struct {
	Header netmail.Header
	// Subject is decoded (RFC 2047).
	Subject string
	Text    string
	HTML    string
	// Calendar is the text/calendar alternative; CalendarMethod its
	// method parameter.
	Calendar       string
	CalendarMethod string
	// Attachments by file name.
	Attachments map[string][]byte
}

// Parse reads m's MIME structure.
func (m *Message) Parse() (*Parsed, error) {
	msg, err := netmail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		return nil, err
	}
	p := &Parsed{Header: msg.Header, Attachments: map[string][]byte{}}
	p.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return nil, err
	}
	return p, p.walk(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), "", msg.Body)
}

func (p *Parsed) walk(ctype, encoding, disposition string, body io.Reader) error {
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return fmt.Errorf("content type %q: %w", ctype, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := p.walk(part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"),
				part.Header.Get("Content-Disposition"), part); err != nil {
				return err
			}
		}
	}
	data, err := decode(encoding, body)
	if err != nil {
		return err
	}
	if disposition != "" {
		if d, dp, err := mime.ParseMediaType(disposition); err == nil && d == "attachment" {
			p.Attachments[dp["filename"]] = data
			return nil
		}
	}
	switch mt {
	case "text/plain":
		p.Text = string(data)
	case "text/html":
		p.HTML = string(data)
	case "text/calendar":
		p.Calendar, p.CalendarMethod = string(data), params["method"]
	}
	return nil
}

// decode undoes a part's transfer encoding.
func decode(encoding string, r io.Reader) ([]byte, error) {
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		return io.ReadAll(quotedprintable.NewReader(r))
	case "base64":
		return io.ReadAll(base64.NewDecoder(base64.StdEncoding, &lineJoiner{r: r}))
	default:
		return io.ReadAll(r)
	}
}

// lineJoiner drops line breaks, which base64 bodies carry every 76
// characters.
type lineJoiner struct{ r io.Reader }

func (l *lineJoiner) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	j := 0
	for _, c := range p[:n] {
		if c != '\r' && c != '\n' {
			p[j] = c
			j++
		}
	}
	return j, err
}
