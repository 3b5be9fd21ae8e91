package dialogue

import (
	"context"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// The waitlist in the conversation: when nothing fits what the customer
// asked for, the agent offers to tell them by email if something that
// fits frees up. Only a clear yes (understand.ClearYes, the gate of every
// change) accepts; the agent then gathers the customer's details, proves
// their address with a code (verified.go), and puts them on the list with
// the join_waitlist tool. Nothing is ever booked from here: the offer's
// email books, with its own link, or the customer books in the chat with
// the usual summary and yes.

// ToolJoinWaitlist is the waitlist tool's name.
const ToolJoinWaitlist = "join_waitlist"

// TaskWaitlist gathers what joining the waitlist takes.
const TaskWaitlist Task = "waitlist"

// AwaitWaitlist: the agent asked whether to tell the customer when a slot
// frees up.
const AwaitWaitlist = "waitlist_offer"

// Waitlist keeps customers waiting for a slot (waitlist.Service).
type Waitlist interface {
	// Join puts a customer on the waitlist. Returns EINVALID, ENOTFOUND
	// and ECONFLICT/too_many_waitlist_entries.
	Join(ctx context.Context, e rendezvous.WaitlistEntry) (*rendezvous.WaitlistEntry, error)
}

// WaitlistWish is what the customer would wait for: the search that found
// nothing fitting.
type WaitlistWish struct {
	Kind         string    `json:"kind,omitempty"`
	City         string    `json:"city,omitempty"`
	ProviderID   int64     `json:"provider_id,omitempty"`
	ProviderName string    `json:"provider_name,omitempty"`
	Service      string    `json:"service,omitempty"`
	From         time.Time `json:"from"`
	To           time.Time `json:"to"`
	TimeFrom     string    `json:"time_from"` // HH:MM
	TimeTo       string    `json:"time_to"`   // HH:MM, 24:00 for the end of the day
	// Asked: the agent asked "shall I tell you?" and waits for the answer;
	// Accepted: the customer said a clear yes to it (set by the manager
	// only; the tool checks it).
	Asked    bool `json:"asked,omitempty"`
	Accepted bool `json:"accepted,omitempty"`
}

// entry is the waitlist entry of the wish, without its customer.
func (wish *WaitlistWish) entry() rendezvous.WaitlistEntry {
	e := rendezvous.WaitlistEntry{ProviderID: wish.ProviderID, Service: wish.Service, From: wish.From, To: wish.To}
	if wish.ProviderID == 0 {
		e.Kind, e.City = rendezvous.Kind(wish.Kind), wish.City
	}
	e.DayFrom, _ = rendezvous.ParseClockTime(wish.TimeFrom)
	e.DayTo, _ = rendezvous.ParseClockTime(wish.TimeTo)
	return e
}

// JoinWaitlistArgs has no field: the tool waits for the search the
// customer said yes to, for the customer's proved address.
type JoinWaitlistArgs struct{}

// WaitlistResult is join_waitlist's answer.
type WaitlistResult struct {
	EntryID string    `json:"entry_id"`
	Until   time.Time `json:"until"`
}

// WaitlistTool returns the tool that puts the customer on the waitlist.
func WaitlistTool(w Waitlist) *Tool {
	return &Tool{Name: ToolJoinWaitlist,
		Description: "Put the customer on the waitlist for the search that found nothing fitting, to be emailed a one-click booking link when a slot that fits frees up. Only works after the customer explicitly said yes to being told, and proved their email address with a code.",
		Args:        JoinWaitlistArgs{},
		Run: func(ctx context.Context, t *Turn, _ any) (any, error) {
			st := t.State
			wish := st.Waitlist
			if wish == nil || !wish.Accepted {
				return nil, errNotConfirmed("joining the waitlist")
			}
			c := st.Customer
			if !c.Complete() || st.VerifiedEmail != c.Email || !t.Now.Before(st.VerifiedUntil) {
				return nil, rendezvous.Errorf(rendezvous.EFORBIDDEN, "joining the waitlist needs the customer's name, phone and an email address proved with a code")
			}
			e := wish.entry()
			e.Customer, e.Language = rendezvous.Customer{Name: c.Name, Email: c.Email, Phone: c.Phone}, st.Language
			got, err := w.Join(ctx, e)
			if err != nil {
				return nil, err
			}
			st.Waitlist = nil // one yes, one entry
			t.did("joined_waitlist")
			return WaitlistResult{EntryID: got.ID, Until: got.ExpiresAt}, nil
		}}
}

// waitlistOn reports whether the agent can put customers on the waitlist.
func (t *turn) waitlistOn() bool {
	return t.m.prover != nil && t.m.tools != nil && t.m.tools.tools[ToolJoinWaitlist] != nil
}

// wish turns the state's search into what the customer would wait for;
// false when there is nothing to wait for (no day left in the window).
func (t *turn) wish() (*WaitlistWish, bool) {
	st := t.st
	loc := t.m.location(t.ctx, st)
	w, err := newWindow(t.availabilityArgs(1), t.now, loc)
	if err != nil || len(w.days) == 0 {
		return nil, false
	}
	from := maxTime(w.days[0], w.earliest())
	to := w.days[len(w.days)-1].AddDate(0, 0, 1)
	if !to.After(from) {
		return nil, false
	}
	span := w.span
	if w.hasTime {
		span = understand.ClockRange{From: w.at, To: w.at + 1}
		if w.atApprox {
			span = understand.ClockRange{From: max(0, w.at-60), To: min(24*60, w.at+61)}
		}
	}
	return &WaitlistWish{Kind: st.Kind, City: st.City, ProviderID: st.ProviderID, ProviderName: st.ProviderName, Service: st.Service,
		From: from, To: to, TimeFrom: span.From.String(), TimeTo: span.To.String()}, true
}

// offerWaitlist asks, when a search found nothing at all, whether to tell
// the customer when a slot frees up, instead of asking for another day;
// false when it did not (no waitlist here).
func (t *turn) offerWaitlist() bool {
	if !t.waitlistOn() {
		return false
	}
	wish, ok := t.wish()
	if !ok {
		return false
	}
	st := t.st
	st.Waitlist = wish
	t.add("waitlist_i_found_no_free_slot", t.wishWho(), t.wishWhen())
	st.Date, st.Time, st.PartOfDay = "", "", ""
	st.DateEnd, st.After = "", time.Time{}
	t.askWaitlist()
	return true
}

// mentionWaitlist adds, under slots offered of which none is what was
// asked (the nearest to a window, the first after a time), that the
// agent can tell the customer when one that fits frees up.
func (t *turn) mentionWaitlist() {
	if !t.waitlistOn() || len(t.st.Proposals) == 0 {
		return
	}
	wish, ok := t.wish()
	if !ok {
		return
	}
	e := wish.entry()
	loc := t.m.location(t.ctx, t.st)
	for _, p := range t.st.Proposals {
		if e.Fits(p.Start, loc) {
			return // something fits: nothing to wait for
		}
	}
	{
		t.st.Waitlist = wish
		t.add("waitlist_if_none_suits_you_i")
	}
}

// askWaitlist asks the question a clear yes answers.
func (t *turn) askWaitlist() {
	t.st.Waitlist.Asked = true
	t.ask(AwaitWaitlist, "waitlist_shall_i_email_you_if")
}

// wishWho names who the wish is for: the provider, or the kind in the city.
func (t *turn) wishWho() string {
	wish := t.st.Waitlist
	if wish.ProviderName != "" {
		return wish.ProviderName
	}
	return kindPhrase(wish.Kind, t.lang) + pick(t.lang, " in ", " à ") + wish.City
}

// wishWhen says the days and times of the wish.
func (t *turn) wishWhen() string {
	wish := t.st.Waitlist
	loc := t.m.location(t.ctx, t.st)
	from, last := wish.From.In(loc), wish.To.In(loc).Add(-time.Nanosecond)
	var s string
	if from.YearDay() == last.YearDay() && from.Year() == last.Year() {
		s = pick(t.lang, "on ", "") + dayOnly(from, t.now, t.lang)
	} else {
		s = pick(t.lang, "between ", "entre ") + dayOnly(from, t.now, t.lang) + pick(t.lang, " and ", " et ") + dayOnly(last, t.now, t.lang)
	}
	if wish.TimeFrom != "00:00" || wish.TimeTo != "24:00" {
		s += pick(t.lang, ", from ", ", de ") + clock(clockOn(wish.TimeFrom), t.lang) + pick(t.lang, " to ", " à ") + clock(clockOn(wish.TimeTo), t.lang)
	}
	return s
}

// dayOnly is day, with "le" before a French date.
func dayOnly(d, now time.Time, lang string) string {
	if lang == "fr" {
		return dayFR(d, now)
	}
	return day(d, now, lang)
}

// waitlistTurn handles a message about the waitlist: the answer to the
// offer, a "notify me" under the nearest slots, and the steps of joining.
// True when it answered the turn.
func (t *turn) waitlistTurn() bool {
	st, r := t.st, t.r
	wish := st.Waitlist
	if wish == nil || !t.waitlistOn() {
		return false
	}
	switch {
	case st.Task == TaskWaitlist:
		if t.searchChanged || r.Intent == understand.IntentCancel || r.Intent == understand.IntentReschedule {
			st.Waitlist, st.Verification, st.Task = nil, nil, TaskBook // the customer moved on
			return false
		}
		t.waitlistStep()
		return true
	case st.Awaiting == AwaitWaitlist && wish.Asked:
		return t.answerWaitlist()
	case st.Awaiting == AwaitSlotChoice && !t.usedSomething && t.invalid == "":
		if t.waitlistYes(true) {
			t.acceptWaitlist()
			return true
		}
		if r.Intent == understand.IntentDeny && !strings.ContainsAny(t.message, "?¿？") {
			st.Proposals = nil
			t.add("waitlist_no_problem")
			t.askWaitlist()
			return true
		}
	}
	if st.Awaiting != AwaitSlotChoice {
		st.Waitlist = nil // the offer was for the slots just shown
	}
	return false
}

// waitlistYes reports whether the message is a clear yes to being told:
// only words of agreement, politeness and of the waitlist ("notify me",
// "prévenez-moi"). explicit asks for a waitlist word too: a bare "yes"
// under the nearest slots takes a slot, not the waitlist.
func (t *turn) waitlistYes(explicit bool) bool {
	if !understand.ClearYes(t.message, understand.ActionWaitlist) {
		return false
	}
	named := !understand.ClearYes(t.message, "") // more than agreement: the waitlist's own words
	if explicit {
		return named
	}
	if named {
		return true
	}
	// A bare yes: the brain must read it as one, and, for a brain that is
	// not the embedded one, the embedded understanding too (affirmed).
	if t.r.Intent != understand.IntentAffirm {
		return false
	}
	if t.m.confirmer == nil {
		return true
	}
	r, err := t.m.confirmer.Interpret(t.ctx, Input{Message: t.message, State: t.st, Now: t.now, Location: t.m.location(t.ctx, t.st)})
	return err == nil && r.Intent == understand.IntentAffirm
}

// answerWaitlist handles the answer to "shall I email you?".
func (t *turn) answerWaitlist() bool {
	st, r := t.st, t.r
	switch {
	case t.waitlistYes(false):
		t.acceptWaitlist()
		return true
	case t.usedSomething || t.invalid != "":
		// Another day, time or city: a new search, not an answer.
		st.Waitlist = nil
		return false
	case r.Intent == understand.IntentDeny && !strings.ContainsAny(t.message, "?¿？"):
		st.Waitlist = nil
		t.ask(AwaitDate, "waitlist_no_problem_i_won_t")
		return true
	case r.Intent == understand.IntentCancel, r.Intent == understand.IntentReschedule, r.Intent == understand.IntentMyBookings:
		st.Waitlist = nil
		return false
	}
	t.ask(AwaitWaitlist, "waitlist_nothing_is_done_yet_shall", t.wishWhen())
	return true
}

// acceptWaitlist records the customer's clear yes and takes the next step.
func (t *turn) acceptWaitlist() {
	st := t.st
	st.Waitlist.Accepted, st.Waitlist.Asked = true, false
	st.Task, st.Proposals, st.Chosen, st.Pending, st.Confirmed = TaskWaitlist, nil, nil, nil, nil
	t.usedSomething = true
	t.waitlistStep()
}

// waitlistStep asks for what joining still lacks — a name, an address, a
// phone number, the proof of the address — and joins once nothing does.
func (t *turn) waitlistStep() {
	st := t.st
	switch t.invalid {
	case "email":
		t.ask(AwaitEmail, "waitlist_that_email_address_doesn_t")
		return
	case "phone":
		t.ask(AwaitPhone, "waitlist_that_phone_number_doesn_t", rendezvous.PhoneExample(t.regions()[0]))
		return
	}
	switch {
	case st.Customer.Name == "":
		t.ask(AwaitName, "waitlist_good_what_name_should_a")
		return
	case st.Customer.Email == "":
		t.ask(AwaitEmail, "waitlist_what_s_your_email_address")
		return
	case st.Customer.Phone == "":
		t.ask(AwaitPhone, "waitlist_and_a_phone_number_where")
		return
	case !t.emailProved(st.Customer.Email):
		t.sendWaitlistCode()
		return
	}
	who, what := t.wishWho(), t.wishWhen()
	res, err := t.m.tools.Call(t.ctx, t.tt, ToolJoinWaitlist, JoinWaitlistArgs{})
	switch rendezvous.ErrorReasonOf(err) {
	case "":
	case rendezvous.ReasonTooManyWaitlistEntries:
		st.Waitlist = nil
		t.endTask()
		t.add("waitlist_your_address_is_already_waiting")
		return
	default:
		st.Waitlist = nil
		t.endTask()
		t.failed(err)
		return
	}
	st.Waitlist = nil
	t.endTask()
	st.ProviderName, st.ProviderID = "", 0
	t.add("waitlist_done_i_ll_email_s",
		st.Customer.Email, who, what, day(res.(WaitlistResult).Until.Add(-time.Second).In(t.m.location(t.ctx, st)), t.now, t.lang))
}

// sendWaitlistCode sends the code that proves the customer's address.
func (t *turn) sendWaitlistCode() {
	t.sendCode(codeReplies{tooMany: "waitlist_i_can_t_send_another", badAddress: "waitlist_that_email_address_doesn_t", sent: "waitlist_i_ve_sent_a_code"},
		func() { t.st.Waitlist = nil })
}
