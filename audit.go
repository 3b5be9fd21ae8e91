package rendezvous

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// AuditEntry records one administrative action: who did it, what, to
// what, when, and how it ended. It never holds personal data — targets are
// ids, counts and hash prefixes — so that the log of who erased a
// customer's data does not itself keep that data.
type AuditEntry struct {
	ID int64
	At time.Time
	// Actor is "key:" and the public prefix of the admin API key used, or
	// "cli" for the command line.
	Actor string
	// Action is the API operation ("adminPrivacyErase") or the command
	// ("privacyErase").
	Action string
	// Target names what the action was applied to: ids ("provider=12"),
	// counts ("bookings=3") and email digests (AuditEmail), space-separated.
	Target string
	// Status is the HTTP status of the answer; the command line records
	// 200 when it succeeded and 500 when it failed.
	Status    int
	RequestID string
}

// Bounds of audit entries, enforced by the stores' schemas.
const (
	MaxAuditActorLength  = 64
	MaxAuditActionLength = 64
	MaxAuditTargetLength = 500
)

// AuditActorCLI is the actor of actions taken with the command line.
const AuditActorCLI = "cli"

// AuditEmail returns how an audit entry names an email address: the first
// 8 hex digits of its SHA-256. Whoever knows the address can find the
// entries about it; the log alone does not give the address back (2^32
// values are shared by every address in the world).
func AuditEmail(email string) string {
	sum := sha256.Sum256([]byte(email))
	return "email_sha256=" + hex.EncodeToString(sum[:4])
}
