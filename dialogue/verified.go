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
		t.ask(AwaitCode, "Please type the 6-digit code I sent to %s.", "Tapez le code à 6 chiffres envoyé à %s.", pv.Email)
		return true
	}
	t.usedSomething = true
	email, err := t.m.prover.CheckCode(t.ctx, pv.ID, m[1]+m[2])
	switch rendezvous.ErrorReasonOf(err) {
	case "":
	case rendezvous.ReasonCodeInvalid:
		t.ask(AwaitCode, "That's not the code I sent. Try again.", "Ce n'est pas le code envoyé. Réessayez.")
		return true
	case rendezvous.ReasonCodeExpired, rendezvous.ReasonCodeLocked:
		st.Verification = nil
		t.endTask()
		t.add("That code can no longer be used. Ask me again for all your bookings and I'll send a new one.",
			"Ce code n'est plus valable. Redemandez-moi tous vos rendez-vous et je vous en enverrai un nouveau.")
		return true
	default:
		if rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
			st.Verification = nil
			t.endTask()
			t.add("That code can no longer be used. Ask me again for all your bookings and I'll send a new one.",
				"Ce code n'est plus valable. Redemandez-moi tous vos rendez-vous et je vous en enverrai un nouveau.")
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
			t.ask(AwaitEmail, "That email address doesn't look right. Could you type it again?",
				"Cette adresse ne semble pas valide. Pouvez-vous la retaper ?")
			return true
		}
		t.ask(AwaitEmail, "To show all your bookings, I'll send a code to your email address. What is it?",
			"Pour afficher tous vos rendez-vous, je vais envoyer un code à votre adresse e-mail. Quelle est-elle ?")
		return true
	}
	id, err := t.m.prover.SendCode(t.ctx, st.Customer.Email, t.lang, t.tt.Client)
	switch {
	case rendezvous.ErrorCodeOf(err) == rendezvous.ERATELIMITED:
		st.Verification = nil
		t.endTask()
		t.add("I can't send another code to that address right now. Please try again in a while.",
			"Je ne peux pas envoyer d'autre code à cette adresse pour le moment. Réessayez un peu plus tard.")
		return true
	case rendezvous.ErrorCodeOf(err) == rendezvous.EINVALID:
		st.Verification, st.Customer.Email = &PendingVerification{}, ""
		t.ask(AwaitEmail, "That email address doesn't look right. Could you type it again?",
			"Cette adresse ne semble pas valide. Pouvez-vous la retaper ?")
		return true
	case err != nil:
		st.Verification = nil
		t.failed(err)
		return true
	}
	st.Verification = &PendingVerification{ID: id, Email: st.Customer.Email}
	t.tt.did("sent_email_code")
	t.ask(AwaitCode, "I've sent a code to %s. Type it here to see all your bookings (it is valid for 10 minutes).",
		"Je viens d'envoyer un code à %s. Tapez-le ici pour voir tous vos rendez-vous (il est valable 10 minutes).", st.Customer.Email)
	return true
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
		t.add("There is no upcoming appointment for %s.", "Aucun rendez-vous à venir pour %s.", st.VerifiedEmail)
		return
	}
	t.listBookings(bs)
	t.add("I can cancel or move any of them: just tell me which.", "Je peux annuler ou déplacer n'importe lequel : dites-moi lequel.")
}

// emailProved reports whether the conversation proved email (normalised)
// with a code that still holds.
func (t *turn) emailProved(email string) bool {
	st := t.st
	return email != "" && st.VerifiedEmail == email && t.now.Before(st.VerifiedUntil)
}
