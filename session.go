package rendezvous

import "time"

// Session is a chat session as the session stores keep it: metadata they
// enforce limits on, and the conversation itself as an opaque, bounded
// blob that only the chat service reads.
type Session struct {
	ID string
	// Client identifies who opened the session (the client IP), for the
	// per-client limit. It is never shown to anyone.
	Client    string
	CreatedAt time.Time
	// LastSeen is the time of the last message; the session expires
	// after the idle TTL without one, and after the absolute TTL anyway.
	LastSeen time.Time
	// Messages counts the user messages of the session.
	Messages int
	// Version increases with every save; a save based on an older version
	// is refused (two turns of one session racing).
	Version int64
	Data    []byte
}

// SessionLimits bound what the session stores hold.
type SessionLimits struct {
	// Max is the number of live sessions in total.
	Max int
	// MaxBytes bounds the memory of an in-memory store: the sum of its
	// sessions' data, ids and clients plus an estimate of each one's
	// bookkeeping. New sessions are refused once 7/8 of it is used, so
	// that the conversations under way keep room to grow; a save that
	// would go past it is refused too. Redis stores leave the whole to
	// Redis's own maxmemory (see docs/security.md).
	MaxBytes int64
	// PerClient is the number of live sessions one client may hold.
	PerClient int
	// IdleTTL ends a session that has received no message for so long.
	IdleTTL time.Duration
	// AbsoluteTTL ends a session that long after it was opened.
	AbsoluteTTL time.Duration
	// MaxDataBytes bounds a session's stored conversation (its state and
	// history, as JSON): the chat service forgets the oldest lines of a
	// history that would not fit.
	MaxDataBytes int
}

// Default sizes of the session stores. A finished booking conversation
// stores about 3.5 KiB (its state and a 16-line history) and costs an
// in-memory store about 4 KiB with its bookkeeping; the default count is
// what the default budget holds of those, so that neither bound is much
// looser than the other. Longer conversations reach the byte budget
// first: at most 16 KiB each, about 14,000 of them.
const (
	defaultSessionsMaxBytes = 256 << 20
	typicalSessionBytes     = 4 << 10
)

// DefaultSessionLimits are the limits of a server without configuration.
func DefaultSessionLimits() SessionLimits {
	return SessionLimits{
		Max:          defaultSessionsMaxBytes / typicalSessionBytes, // 65,536
		MaxBytes:     defaultSessionsMaxBytes,
		PerClient:    10,
		IdleTTL:      30 * time.Minute,
		AbsoluteTTL:  24 * time.Hour,
		MaxDataBytes: 16 << 10,
	}
}

// ExpiresAt is when the session ends if it receives no further message.
func (s *Session) ExpiresAt(l SessionLimits) time.Time {
	idle := s.LastSeen.Add(l.IdleTTL)
	abs := s.CreatedAt.Add(l.AbsoluteTTL)
	if abs.Before(idle) {
		return abs
	}
	return idle
}

// Reasons of session errors.
const (
	ReasonTooManySessions = "too_many_sessions"
	ReasonSessionConflict = "session_busy"
	ReasonSessionExpired  = "session_expired"
)
