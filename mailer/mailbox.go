package mailer

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	netmail "net/mail"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rendezvous-oss/rendezvous/notify"
)

// A development mailbox is a directory of .eml files, one per message,
// named so that they sort by time: any mail client opens them, and so do
// `rendezvous mail list|show` and GET /dev/mail. It keeps the newest
// MailboxSize messages. It holds what real emails would (names,
// addresses, manage links): development only.

// MailboxSize is how many messages a mailbox keeps.
const MailboxSize = 500

// Mailbox is a notify.Sender that files messages in a directory.
type Mailbox struct {
	dir  string
	from string
	now  func() time.Time
	mu   sync.Mutex // one writer prunes at a time
}

var _ notify.Sender = (*Mailbox)(nil)

// NewMailbox returns the mailbox in dir, creating it (private to the
// user) if needed.
func NewMailbox(dir, from string) (*Mailbox, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("mailer: mailbox: %w", err)
	}
	if from == "" {
		from = "rendezvous@localhost"
	}
	return &Mailbox{dir: dir, from: from, now: time.Now}, nil
}

// Dir is the mailbox's directory.
func (mb *Mailbox) Dir() string { return mb.dir }

// Send files m.
func (mb *Mailbox) Send(_ context.Context, m *notify.Message) error {
	msg, err := compose(mb.from, m, mb.now())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return fmt.Errorf("mailer: mailbox: %w", err)
	}
	var r [3]byte
	_, _ = rand.Read(r[:])
	id := mb.now().UTC().Format("20060102T150405.000000000") + "-" + hex.EncodeToString(r[:])
	mb.mu.Lock()
	defer mb.mu.Unlock()
	tmp := filepath.Join(mb.dir, "."+id)
	if err := os.WriteFile(tmp, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("mailer: mailbox: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(mb.dir, id+".eml")); err != nil {
		return fmt.Errorf("mailer: mailbox: %w", err)
	}
	return mb.prune()
}

// prune deletes the oldest messages past MailboxSize.
func (mb *Mailbox) prune() error {
	ids, err := mb.ids()
	if err != nil || len(ids) <= MailboxSize {
		return err
	}
	for _, id := range ids[:len(ids)-MailboxSize] {
		_ = os.Remove(filepath.Join(mb.dir, id+".eml"))
	}
	return nil
}

var idPattern = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}\.[0-9]{9}-[0-9a-f]{6}$`)

// ids lists the messages' ids, oldest first.
func (mb *Mailbox) ids() ([]string, error) {
	entries, err := os.ReadDir(mb.dir)
	if err != nil {
		return nil, fmt.Errorf("mailer: mailbox: %w", err)
	}
	var ids []string
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), ".eml"); ok && idPattern.MatchString(id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids, nil
}

// Mail is a message of the mailbox, as listed.
type Mail struct {
	ID      string    `json:"id"`
	At      time.Time `json:"at"`
	To      string    `json:"to"`
	Subject string    `json:"subject"`
}

// List returns at most limit messages, newest first.
func (mb *Mailbox) List(limit int) ([]Mail, error) {
	ids, err := mb.ids()
	if err != nil {
		return nil, err
	}
	slices.Reverse(ids)
	if limit > 0 && len(ids) > limit {
		ids = ids[:limit]
	}
	out := make([]Mail, 0, len(ids))
	for _, id := range ids {
		raw, err := mb.Raw(id)
		if errors.Is(err, fs.ErrNotExist) {
			continue // pruned meanwhile
		}
		if err != nil {
			return nil, err
		}
		m := Mail{ID: id}
		if msg, err := netmail.ReadMessage(bytes.NewReader(raw)); err == nil {
			dec := new(mimeWordDecoder)
			m.To = dec.decode(msg.Header.Get("To"))
			m.Subject = dec.decode(msg.Header.Get("Subject"))
			m.At, _ = msg.Header.Date()
		}
		out = append(out, m)
	}
	return out, nil
}

// Raw returns a message as filed. Returns an error wrapping
// fs.ErrNotExist for an unknown id.
func (mb *Mailbox) Raw(id string) ([]byte, error) {
	if !idPattern.MatchString(id) {
		return nil, fmt.Errorf("mailer: mailbox: %w", fs.ErrNotExist)
	}
	b, err := os.ReadFile(filepath.Join(mb.dir, id+".eml"))
	if err != nil {
		return nil, fmt.Errorf("mailer: mailbox: %w", err)
	}
	return b, nil
}

// mimeWordDecoder decodes RFC 2047 encoded words of headers.
type mimeWordDecoder struct{}

func (mimeWordDecoder) decode(s string) string {
	d := new(mime.WordDecoder)
	if out, err := d.DecodeHeader(s); err == nil {
		return out
	}
	return s
}
