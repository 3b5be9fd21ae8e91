package chat

import (
	"context"

	"github.com/rendezvous-oss/rendezvous"
)

// SessionStore keeps chat sessions, bounded by rendezvous.SessionLimits.
// Implementations: inmem (one process) and redis (shared by instances).
// Every method honours ctx's deadline. Create and Save keep nothing of
// the session they are given, Data included: the caller may reuse its
// buffer once they return (the contract suite checks it).
type SessionStore interface {
	// Create stores a new session, setting CreatedAt (if zero), LastSeen
	// and Version. It returns ERATELIMITED with reason
	// too_many_sessions when the total or the client's limit is reached
	// (after removing expired sessions), EINVALID when Data is larger than
	// the limit, and ECONFLICT for an id that already exists.
	Create(ctx context.Context, s *rendezvous.Session) error
	// Get returns a live session. Returns ENOTFOUND for an unknown,
	// deleted or expired session.
	Get(ctx context.Context, id string) (*rendezvous.Session, error)
	// Save writes s if its stored version is still s.Version, then
	// increments s.Version and sets LastSeen to now (a save is activity;
	// Client and CreatedAt are kept as created). Returns ECONFLICT (session_busy) when another
	// save came first, ENOTFOUND when the session has ended, EINVALID when
	// Data is larger than the limit.
	Save(ctx context.Context, s *rendezvous.Session) error
	// Delete ends a session. Deleting an unknown session is not an error.
	Delete(ctx context.Context, id string) error
	// Sweep removes expired sessions and returns how many it removed.
	Sweep(ctx context.Context) (int, error)
	// Count returns the number of live sessions.
	Count(ctx context.Context) (int, error)
	// Ping checks that the store answers.
	Ping(ctx context.Context) error
}
