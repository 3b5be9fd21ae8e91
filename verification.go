package rendezvous

import "time"

// CodeQuota bounds the codes sent to one address: at most Max created
// after Since.
type CodeQuota struct {
	Max   int
	Since time.Time
}

// EmailVerification is a one-time code sent to an email address: whoever
// gives it back controls the address (verify package). Only the code's
// keyed hash is kept.
type EmailVerification struct {
	ID        string
	Email     string // normalised
	CodeHash  []byte
	CreatedAt time.Time
	ExpiresAt time.Time
	// Attempts counts the wrong codes given; at the limit the
	// verification is locked, the right code included.
	Attempts    int
	ConfirmedAt *time.Time
}

// Reasons of a refused code.
const (
	ReasonCodeInvalid = "code_invalid" // not the code sent
	ReasonCodeExpired = "code_expired" // past its lifetime, or already used
	ReasonCodeLocked  = "code_locked"  // too many wrong codes
)
