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
	// PerClient is the number of live sessions one client may hold.
	PerClient int
	// IdleTTL ends a session that has received no message for so long.
	IdleTTL time.Duration
	// AbsoluteTTL ends a session that long after it was opened.
	AbsoluteTTL time.Duration
	// MaxDataBytes bounds a session's stored conversation.
	MaxDataBytes int
}

// DefaultSessionLimits are the limits of a server without configuration.
func DefaultSessionLimits() SessionLimits {
	return SessionLimits{
		Max:          100_000,
		PerClient:    10,
		IdleTTL:      30 * time.Minute,
		AbsoluteTTL:  24 * time.Hour,
		MaxDataBytes: 64 << 10,
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
