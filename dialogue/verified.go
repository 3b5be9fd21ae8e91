package dialogue

import (
	"context"
	"regexp"
	"slices"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// "Show all my bookings": a reference and its email prove one booking;
// every booking of an address takes a code sent to the address. The
// manager asks for the address, sends the code, takes it back, and then
// lists — and grants the session — every upcoming booking of the address,
// for a while (verifiedFor), whatever the brain.

// EmailProver sends and checks the codes that prove an address, and finds
// its bookings (verify.Service with booking.Desk).
type EmailProver interface {
	// SendCode sends a code to email in lang and returns the
	// verification's id. Returns EINVALID, ERATELIMITED, EUNAVAILABLE.
	SendCode(ctx context.Context, email, lang, client string) (string, error)
	// CheckCode returns the address verification id proves with code.
	// Returns EUNAUTHORIZED (code_invalid, code_expired, code_locked).
	CheckCode(ctx context.Context, id, code string) (string, error)
	ExportByEmail(ctx context.Context, email string) (*booking.Export, error)
}

// PendingVerification is a code the conversation waits for; an empty ID
// means the address is awaited first.
type PendingVerification struct {
	ID    string `json:"id,omitempty"`
	Email string `json:"email,omitempty"`
}

// AwaitCode is what the agent waits for after sending a code (State.Awaiting).
const AwaitCode = "email_code"

// ProofVerified is the proof of a booking found through a verified address
// (Grant.Proof).
const ProofVerified = "verified_email"

// verifiedFor is how long a conversation may act for a verified address:
// the email token's lifetime.
const verifiedFor = 30 * time.Minute

var (
	codePattern = regexp.MustCompile(`(?:^|\D)(\d{3})\s?(\d{3})(?:\D|$)`)
	allWords    = regexp.MustCompile(`(?i)\b(all|every|tous|toutes|tout)\b`)
)

// takeCode handles a message while a code is awaited; true when it did.
func (t *turn) takeCode() bool {
	st := t.st
	pv := st.Verification
	if t.m.prover == nil || pv == nil || pv.ID == "" || st.Awaiting != AwaitCode {
		return false
	}
	m := codePattern.FindStringSubmatch(t.message)
	if m == nil {
		switch t.r.Intent {
		case understand.IntentCancel, understand.IntentReschedule, understand.IntentBook, understand.IntentFindProvider, understand.IntentAskAvailability:
			st.Verification = nil // the customer moved on
			return false
		}
		t.usedSomething = true
		t.ask(AwaitCode, "please_type_6_digit_code", pv.Email)
		return true
	}
	t.usedSomething = true
	email, err := t.m.prover.CheckCode(t.ctx, pv.ID, m[1]+m[2])
	switch rendezvous.ErrorReasonOf(err) {
	case "":
	case rendezvous.ReasonCodeInvalid:
		t.ask(AwaitCode, "that_not_code_sent_try")
		return true
	case rendezvous.ReasonCodeExpired, rendezvous.ReasonCodeLocked:
		t.codeSpent()
		return true
	default:
		if rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
			t.codeSpent()
			return true
		}
		t.failed(err)
		return true
	}
	st.Verification = nil
	st.VerifiedEmail, st.VerifiedUntil = email, t.now.Add(verifiedFor)
	t.tt.did("verified_email")
	if st.Task == TaskWaitlist {
		t.waitlistStep()
		return true
	}
	t.listVerified()
	return true
}

// codeSpent ends the task whose code can no longer be used and says how
// to get a new one: by asking again for what the code was for (all the
// bookings of the address, or the waitlist).
func (t *turn) codeSpent() {
	st := t.st
	waiting := st.Task == TaskWaitlist
	st.Verification = nil
	t.endTask()
	if waiting {
		st.Waitlist = nil
		t.add("waitlist_that_code_can_no_longer")
		return
	}
	t.add("that_code_can_no_longer")
}

// allMyBookings runs "show all my bookings" once the message is absorbed;
// true when it handled the turn.
func (t *turn) allMyBookings() bool {
	st := t.st
	if t.m.prover == nil {
		return false
	}
	waitingEmail := st.Verification != nil && st.Verification.ID == "" && st.Task == TaskList
	asked := t.r.Intent == understand.IntentMyBookings && allWords.MatchString(t.message)
	if !waitingEmail && !asked {
		return false
	}
	st.Task = TaskList
	if st.VerifiedEmail != "" && t.now.Before(st.VerifiedUntil) {
		t.listVerified()
		return true
	}
	st.VerifiedEmail, st.VerifiedUntil = "", time.Time{}
	if st.Customer.Email == "" || t.invalid == "email" {
		st.Verification = &PendingVerification{}
		if t.invalid == "email" {
			t.ask(AwaitEmail, "that_email_address_doesn_look_3")
			return true
		}
		t.ask(AwaitEmail, "to_show_all_your_bookings")
		return true
	}
	// Waiting for an address until a code is sent: an address that is
	// none is asked for again.
	st.Verification = &PendingVerification{}
	t.sendCode(codeReplies{tooMany: "can_send_another_code_to", badAddress: "that_email_address_doesn_look_3", sent: "ve_sent_code_to_type"},
		func() { st.Verification = nil })
	return true
}

// codeReplies are a task's words around sending a code: no more may be
// sent now, the address is not one, the code went (%s: the address).
type codeReplies struct{ tooMany, badAddress, sent string }

// sendCode sends a code that proves the customer's address and asks for
// it back. When none may be sent now, or sending fails, the task ends and
// giveUp drops what the task kept; an address that is not one is asked
// for again.
func (t *turn) sendCode(r codeReplies, giveUp func()) {
	st := t.st
	id, err := t.m.prover.SendCode(t.ctx, st.Customer.Email, t.lang, t.tt.Client)
	switch {
	case rendezvous.ErrorCodeOf(err) == rendezvous.ERATELIMITED:
		giveUp()
		t.endTask()
		t.add(r.tooMany)
	case rendezvous.ErrorCodeOf(err) == rendezvous.EINVALID:
		st.Customer.Email = ""
		t.ask(AwaitEmail, r.badAddress)
	case err != nil:
		giveUp()
		t.endTask()
		t.failed(err)
	default:
		st.Verification = &PendingVerification{ID: id, Email: st.Customer.Email}
		t.tt.did("sent_email_code")
		t.ask(AwaitCode, r.sent, st.Customer.Email)
	}
}

// listVerified lists, and grants the session, every upcoming booking of
// the verified address.
func (t *turn) listVerified() {
	st := t.st
	exp, err := t.m.prover.ExportByEmail(t.ctx, st.VerifiedEmail)
	if err != nil {
		t.failed(err)
		return
	}
	var bs []BookingInfo
	for _, eb := range exp.Bookings {
		if b := eb.Booking; b.Active() && b.End.After(t.now) {
			st.addGrant(b.ID, b.TokenVersion, ProofVerified)
			bs = append(bs, bookingInfo(b, eb.Provider))
		}
	}
	slices.SortFunc(bs, func(a, b BookingInfo) int { return a.Start.Compare(b.Start) })
	t.endTask()
	t.tt.did("listed_bookings")
	if len(bs) == 0 {
		t.add("there_is_no_upcoming_appointment", st.VerifiedEmail)
		return
	}
	t.listBookings(bs)
	t.add("can_cancel_or_move_any")
}

// emailProved reports whether the conversation proved email (normalised)
// with a code that still holds.
func (t *turn) emailProved(email string) bool {
	st := t.st
	return email != "" && st.VerifiedEmail == email && t.now.Before(st.VerifiedUntil)
}
