package chat

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/bytepool"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// Tokens issues and verifies session tokens.
type Tokens interface {
	IssueSessionToken(id string) (string, error)
	VerifySessionToken(token string) (string, error)
}

// Turner answers one message of a conversation.
type Turner interface {
	Turn(ctx context.Context, st *dialogue.State, msg dialogue.Message) (*dialogue.Reply, error)
}

// Limits bound conversations.
type Limits struct {
	// Sessions are the session stores' limits (for expiry times shown to
	// clients).
	Sessions rendezvous.SessionLimits
	// MaxMessageRunes bounds one message (1,000 characters).
	MaxMessageRunes int
	// MaxMessages bounds the user messages of one session (200).
	MaxMessages int
	// MaxHistory is how many messages a session remembers (40); fewer
	// when they would not fit in Sessions.MaxDataBytes.
	MaxHistory int
}

func (l Limits) withDefaults() Limits {
	if l.MaxMessageRunes <= 0 {
		l.MaxMessageRunes = 1000
	}
	if l.MaxMessages <= 0 {
		l.MaxMessages = 200
	}
	if l.MaxHistory <= 0 {
		l.MaxHistory = 40
	}
	return l
}

// Message is one line of a conversation.
type Message struct {
	Role string    `json:"role"` // "user" or "agent"
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}

// Service runs conversations. It is safe for concurrent use.
type Service struct {
	store  SessionStore
	turner Turner
	tokens Tokens
	limits Limits
	now    func() time.Time
	log    *slog.Logger
	tracer trace.Tracer // nil when tracing is off: no span, no allocation
	// greetings are the agent's first line by language ("en", "fr": the
	// languages open chooses from).
	greetings map[string]string
	// buffers lend the buffers conversations are encoded in: a store
	// copies what it is given (SessionStore).
	buffers bytepool.Pool

	// Turns of one session are serialised within this process; across
	// processes the store's compare-and-swap refuses the loser.
	locks [256]sync.Mutex
}

// NewService returns a chat service.
func NewService(store SessionStore, turner Turner, tokens Tokens, limits Limits, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{store: store, turner: turner, tokens: tokens, limits: limits.withDefaults(), now: now, log: slog.New(slog.DiscardHandler),
		greetings: map[string]string{"en": dialogue.Greeting("en"), "fr": dialogue.Greeting("fr")}}
	return s
}

// WithTracer makes every turn a span of tp's traces.
func (s *Service) WithTracer(tp trace.TracerProvider) *Service {
	if tp != nil {
		s.tracer = tp.Tracer("github.com/rendezvous-oss/rendezvous/chat")
	}
	return s
}

// WithLogger makes the service log the failures it hides from callers.
func (s *Service) WithLogger(l *slog.Logger) *Service {
	s.log = l
	return s
}

func (s *Service) lock(id string) *sync.Mutex {
	h := fnv.New32a()
	h.Write([]byte(id))
	return &s.locks[h.Sum32()%uint32(len(s.locks))]
}

// Outcome is the result of one message.
type Outcome struct {
	SessionID string
	// Token is set when the message opened the session.
	Token string
	Reply *dialogue.Reply
	// State is the conversation's state after the message (the caller
	// reads it, never changes it): a pointer, not a copy of a large
	// struct per turn.
	State *dialogue.State
}

// Transcript is a session's history.
type Transcript struct {
	SessionID string
	CreatedAt time.Time
	ExpiresAt time.Time
	Messages  []Message
	State     dialogue.State
}

var sessionIDEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

func newSessionID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("session id: %w", err)
	}
	return "ses_" + sessionIDEncoding.EncodeToString(b[:]), nil
}

// Open starts a session for client and returns it with its token and the
// agent's greeting.
func (s *Service) Open(ctx context.Context, client, locale string) (*Outcome, error) {
	o, err := s.open(ctx, client, locale)
	if err != nil {
		return nil, err
	}
	return &Outcome{SessionID: o.sess.ID, Token: o.token, Reply: &dialogue.Reply{Text: o.greeting}, State: &o.conv.State}, nil
}

// opened is a session just created, as stored, with its conversation, its
// token and the greeting: the first turn goes on from them rather than
// read them back.
type opened struct {
	sess     *rendezvous.Session
	conv     conversation
	token    string
	greeting string
}

func (s *Service) open(ctx context.Context, client, locale string) (*opened, error) {
	id, err := newSessionID()
	if err != nil {
		return nil, err
	}
	lang := "en"
	if strings.HasPrefix(strings.ToLower(locale), "fr") {
		lang = "fr"
	}
	greeting := s.greetings[lang] // formatted once: every conversation opens with it
	// The language of the conversation is the customer's: a client's
	// locale hint sets it, and without one the first message decides
	// (the English greeting does not make the conversation English).
	stateLang := ""
	if strings.TrimSpace(locale) != "" {
		stateLang = lang
	}
	conv := openingConversation(greeting, stateLang, s.now())
	buf := s.buffers.Get()
	defer func() { s.buffers.Put(buf) }()
	if buf, err = conv.appendJSON(buf); err != nil {
		return nil, fmt.Errorf("open session: %w", err)
	}
	o := &opened{sess: &rendezvous.Session{ID: id, Client: client, Data: buf}, conv: conv, greeting: greeting}
	if err := s.store.Create(ctx, o.sess); err != nil {
		return nil, err
	}
	o.sess.Data = nil // the store has its copy; buf goes back to the pool
	if o.token, err = s.tokens.IssueSessionToken(id); err != nil {
		return nil, err
	}
	return o, nil
}

// Authorize checks a session token against a session id, and nothing
// else (the session may have ended since).
func (s *Service) Authorize(id, token string) error { return s.authorize(id, token) }

// authorize checks a session token against a session id.
func (s *Service) authorize(id, token string) error {
	sub, err := s.tokens.VerifySessionToken(token)
	if err != nil {
		return err
	}
	if sub != id {
		return rendezvous.ReasonErrorf(rendezvous.EUNAUTHORIZED, rendezvous.ReasonInvalidToken, "the token does not grant access to this conversation")
	}
	return nil
}

// checkMessage refuses messages the agent will not read.
func (s *Service) checkMessage(message string) error {
	field := func(msg string) error {
		return rendezvous.ValidationError([]rendezvous.FieldError{{Field: "message", Message: msg}})
	}
	switch {
	case !utf8.ValidString(message):
		return field("must be valid UTF-8 text")
	case strings.TrimSpace(message) == "":
		return field("is required")
	case utf8.RuneCountInString(message) > s.limits.MaxMessageRunes:
		return field(fmt.Sprintf("must be at most %d characters", s.limits.MaxMessageRunes))
	}
	return nil
}

// Start opens a session for client and answers its first message.
func (s *Service) Start(ctx context.Context, client, message, locale string) (*Outcome, error) {
	if err := s.checkMessage(message); err != nil {
		return nil, err
	}
	o, err := s.open(ctx, client, locale)
	if err != nil {
		return nil, err
	}
	out, err := s.send(ctx, o.sess.ID, message, locale, o)
	if err != nil {
		return nil, err
	}
	out.Token = o.token
	return out, nil
}

// Send answers a message of an existing session, for the holder of its
// token. Returns EUNAUTHORIZED, ENOTFOUND (ended or expired), EINVALID,
// ERATELIMITED (too many messages in the session) and ECONFLICT
// (another message of the session won a race).
func (s *Service) Send(ctx context.Context, id, token, message, locale string) (*Outcome, error) {
	if err := s.authorize(id, token); err != nil {
		return nil, err
	}
	if err := s.checkMessage(message); err != nil {
		return nil, err
	}
	return s.send(ctx, id, message, locale, nil)
}

// send answers a message; o is the session when it was just opened (nil:
// read it from the store).
func (s *Service) send(ctx context.Context, id, message, locale string, o *opened) (_ *Outcome, err error) {
	if s.tracer == nil || !trace.SpanFromContext(ctx).IsRecording() {
		// Off, or a request that is not sampled: its children would not
		// be either.
		return s.turn(ctx, id, message, locale, o)
	}
	// The span says how the turn went, never what was said.
	ctx, span := s.tracer.Start(ctx, "chat turn")
	out, err := s.turn(ctx, id, message, locale, o)
	if out != nil {
		span.SetAttributes(attribute.String("rendezvous.chat.awaiting", out.State.Awaiting),
			attribute.StringSlice("rendezvous.chat.actions", out.Reply.Actions),
			attribute.Bool("rendezvous.chat.booking", out.Reply.Booking != nil))
	}
	if err != nil {
		span.SetStatus(codes.Error, string(rendezvous.ErrorCodeOf(err)))
	}
	span.End()
	return out, err
}

func (s *Service) turn(ctx context.Context, id, message, locale string, o *opened) (*Outcome, error) {
	mu := s.lock(id)
	mu.Lock()
	defer mu.Unlock()
	var sess *rendezvous.Session
	var conv *conversation
	if o != nil {
		// Nobody else holds the id yet: what was stored is what Open made.
		sess, conv = o.sess, &o.conv
	} else {
		var err error
		if sess, err = s.store.Get(ctx, id); err != nil {
			return nil, err
		}
		conv = new(conversation)
		if err := json.Unmarshal(sess.Data, conv); err != nil {
			return nil, fmt.Errorf("session %s: decode: %w", id, err)
		}
	}
	if sess.Messages >= s.limits.MaxMessages {
		return nil, rendezvous.ReasonErrorf(rendezvous.ERATELIMITED, "too_many_messages",
			"this conversation has reached %d messages; please start a new one", s.limits.MaxMessages)
	}
	history := make([]dialogue.Line, 0, len(conv.History))
	for _, m := range conv.History {
		history = append(history, dialogue.Line{Role: m.Role, Text: m.Text})
	}
	reply, err := s.turner.Turn(ctx, &conv.State, dialogue.Message{Text: message, Locale: locale, History: history, Session: id, Client: sess.Client})
	if err != nil {
		s.log.LogAttrs(ctx, slog.LevelError, "agent failed to answer",
			slog.String("error_kind", string(rendezvous.ErrorCodeOf(err))), slog.String("error", bounded(err.Error())))
		return nil, rendezvous.Errorf(rendezvous.EUNAVAILABLE, "the agent could not answer; please try again")
	}
	now := s.now()
	conv.History = append(conv.History, Message{Role: "user", Text: message, At: now}, Message{Role: "agent", Text: reply.Text, At: now})
	if n := len(conv.History); n > s.limits.MaxHistory {
		conv.History = conv.History[n-s.limits.MaxHistory:]
	}
	sess.Messages++
	buf := s.buffers.Get()
	defer func() { s.buffers.Put(buf) }()
	if buf, err = encode(conv, s.limits.Sessions.MaxDataBytes, buf); err != nil {
		return nil, fmt.Errorf("session %s: encode: %w", id, err)
	}
	sess.Data = buf // the store copies it (SessionStore); buf goes back to the pool
	if err := s.store.Save(ctx, sess); err != nil {
		if reply.Booking != nil {
			// The booking is made: say so rather than lose the answer.
			s.log.LogAttrs(ctx, slog.LevelWarn, "session not saved after a booking change",
				slog.String("error_kind", string(rendezvous.ErrorCodeOf(err))), slog.String("error", bounded(err.Error())))
			return &Outcome{SessionID: id, Reply: reply, State: &conv.State}, nil
		}
		return nil, err
	}
	return &Outcome{SessionID: id, Reply: reply, State: &conv.State}, nil
}

// History returns a session's messages to the holder of its token.
func (s *Service) History(ctx context.Context, id, token string) (*Transcript, error) {
	if err := s.authorize(id, token); err != nil {
		return nil, err
	}
	sess, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	var conv conversation
	if err := json.Unmarshal(sess.Data, &conv); err != nil {
		return nil, fmt.Errorf("session %s: decode: %w", id, err)
	}
	return &Transcript{SessionID: id, CreatedAt: sess.CreatedAt, ExpiresAt: sess.ExpiresAt(s.limits.Sessions), Messages: conv.History, State: conv.State}, nil
}

// Close ends a session for the holder of its token; its data is deleted.
func (s *Service) Close(ctx context.Context, id, token string) error {
	if err := s.authorize(id, token); err != nil {
		return err
	}
	return s.store.Delete(ctx, id)
}

func bounded(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
