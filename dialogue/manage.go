package dialogue

import (
	"fmt"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// The customer's own bookings: cancel, reschedule, list. A session may
// touch a booking it made, or one whose reference and email it was given.

// findTarget establishes which booking the task is about; false when it
// had to ask.
func (t *turn) findTarget(verb string) bool {
	st := t.st
	if st.Target != nil {
		return true
	}
	// Bookings this session may already manage.
	if st.Reference == "" && len(st.Granted) > 0 {
		bs, ok := t.myBookings(ListMyBookingsArgs{})
		if !ok {
			return false
		}
		switch len(bs) {
		case 0:
		case 1:
			st.Target = &bs[0].BookingRef
			return true
		default:
			if p := t.pickBooking(bs); p != nil {
				st.Target = p
				return true
			}
			t.listBookings(bs)
			t.ask(AwaitReference, "which_one_do_you_want", pick(t.lang, verb, verbFR(verb)))
			return false
		}
	}
	if st.Reference == "" {
		if t.r.Question == understand.AskReference && t.answered {
			// Told where the reference is: that is the question.
			st.Awaiting = AwaitReference
			return false
		}
		t.ask(AwaitReference, "sure_what_booking_reference_it")
		return false
	}
	if _, ok := st.grant(st.Reference); ok {
		bs, ok := t.myBookings(ListMyBookingsArgs{})
		if !ok {
			return false
		}
		for _, b := range bs {
			if b.ID == st.Reference {
				st.Target = &b.BookingRef
				return true
			}
		}
	}
	if st.Customer.Email == "" || t.invalid == "email" {
		if t.invalid == "email" {
			t.ask(AwaitEmail, "that_email_address_doesn_look_2")
			return false
		}
		t.ask(AwaitEmail, "and_email_address_you_booked")
		return false
	}
	res, err := t.m.tools.Call(t.ctx, t.tt, ToolListMyBookings, ListMyBookingsArgs{Reference: st.Reference, Email: st.Customer.Email})
	if rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
		st.Reference, st.Customer.Email = "", ""
		t.ask(AwaitReference, "couldn_find_an_upcoming_booking")
		return false
	}
	if rendezvous.ErrorReasonOf(err) == ReasonTooManyLookups {
		// Guessing is bounded: say so plainly, and stop asking.
		st.Customer.Email = ""
		t.endTask()
		t.add("can_look_up_any_more")
		return false
	}
	if err != nil {
		t.failed(err)
		return false
	}
	for _, b := range res.(BookingsResult).Bookings {
		if b.ID == st.Reference {
			st.Target = &b.BookingRef
			return true
		}
	}
	st.Reference = ""
	t.ask(AwaitReference, "that_booking_is_no_longer")
	return false
}

func verbFR(verb string) string {
	switch verb {
	case "cancel":
		return "annuler"
	case "move":
		return "déplacer"
	}
	return verb
}

// myBookings lists the bookings the session may manage.
func (t *turn) myBookings(args ListMyBookingsArgs) ([]BookingInfo, bool) {
	res, err := t.m.tools.Call(t.ctx, t.tt, ToolListMyBookings, args)
	if err != nil {
		t.failed(err)
		return nil, false
	}
	return res.(BookingsResult).Bookings, true
}

// pickBooking picks among several bookings by reference, provider, date
// or position.
func (t *turn) pickBooking(bs []BookingInfo) *BookingRef {
	r := t.r
	for i, b := range bs {
		switch {
		case t.st.Reference != "" && b.ID == t.st.Reference,
			r.ProviderName != "" && nameMatches(r.ProviderName, b.ProviderName),
			r.Date != nil && r.Date.Year == b.Start.Year() && r.Date.Month == b.Start.Month() && r.Date.Day == b.Start.Day(),
			r.Choice == i+1:
			return &bs[i].BookingRef
		}
	}
	return nil
}

func (t *turn) listBookings(bs []BookingInfo) {
	var items []string
	for _, b := range bs {
		items = append(items, fmt.Sprintf("%s — %s, %s", b.ID, b.ProviderName, when(b.Start, t.now, t.lang)))
	}
	t.add("your_upcoming_appointments", strings.Join(items, "; "))
}

// cancel advances the cancellation task.
func (t *turn) cancel() {
	st, r := t.st, t.r
	if st.Pending != nil && st.Pending.Kind == "cancel" && st.Awaiting == AwaitConfirmation {
		switch r.Intent {
		case understand.IntentAffirm:
			if !t.affirmed() {
				t.askYesNo()
				return
			}
			t.doCancel()
			return
		case understand.IntentDeny:
			t.endTask()
			t.add("all_right_ve_kept_your")
			return
		}
	}
	if !t.findTarget("cancel") {
		return
	}
	tg := st.Target
	st.Pending = &Action{Kind: "cancel", BookingID: tg.ID, Summary: newSummaryID()}
	st.Confirmed = nil
	t.ask(AwaitConfirmation, "cancel_your_appointment_with",
		tg.ProviderName, when(tg.Start, t.now, t.lang), tg.ID)
}

func (t *turn) doCancel() {
	st := t.st
	st.Confirmed = st.Pending
	res, err := t.m.tools.Call(t.ctx, t.tt, ToolCancelBooking, CancelBookingArgs{BookingID: st.Pending.BookingID})
	if err != nil {
		st.Confirmed = nil
		if rendezvous.ErrorReasonOf(err) == rendezvous.ReasonNotBooked {
			t.endTask()
			t.add("that_appointment_has_already_started")
			return
		}
		t.failed(err)
		return
	}
	b := res.(BookingResult).Booking
	t.booking, t.token = &b, res.(BookingResult).Token
	t.endTask()
	t.add("done_your_appointment_with_is",
		b.ProviderName, when(b.Start, t.now, t.lang))
}

// endTask closes the current task, keeping the customer and the grants.
func (t *turn) endTask() {
	st := t.st
	st.Task, st.Target, st.Pending, st.Confirmed, st.Reference = TaskNone, nil, nil, nil, ""
	st.Proposals, st.Chosen = nil, nil
	st.clearWhen()
	st.Awaiting = AwaitNothing
}

// reschedule advances the reschedule task: find the booking, ask when,
// propose slots of the same provider, confirm, move.
func (t *turn) reschedule() {
	st, r := t.st, t.r
	if st.Pending != nil && st.Pending.Kind == "reschedule" && st.Awaiting == AwaitConfirmation && !t.searchChanged {
		switch r.Intent {
		case understand.IntentAffirm:
			if !t.affirmed() {
				t.askYesNo()
				return
			}
			t.doReschedule()
			return
		case understand.IntentDeny:
			st.Pending, st.Chosen = nil, nil
			t.ask(AwaitDate, "all_right_it_stays_as")
			return
		}
	}
	if !t.findTarget("move") {
		return
	}
	t.countFromTarget()
	tg := st.Target
	if t.askMismatch() {
		return
	}
	if st.Date == "" && st.Time == "" && st.PartOfDay == "" && st.TimeFrom == "" && st.TimeTo == "" && st.After.IsZero() && len(st.ExcludeDates) == 0 {
		t.ask(AwaitDate, "your_appointment_with_is_when", tg.ProviderName, when(tg.Start, t.now, t.lang))
		return
	}
	if st.Chosen == nil {
		if len(st.Proposals) == 0 {
			args := GetAvailabilityArgs{ProviderID: tg.ProviderID, ServiceID: tg.ServiceID, Limit: 10}
			st.whenArgs(&args)
			res, err := t.m.tools.Call(t.ctx, t.tt, ToolGetAvailability, args)
			if err != nil {
				t.failed(err)
				return
			}
			var slots []Proposal
			for _, p := range res.(SlotsResult).Slots {
				if p.ServiceID == tg.ServiceID && !p.Start.Equal(tg.Start) {
					slots = append(slots, p)
				}
			}
			if len(slots) == 0 || res.(SlotsResult).Nearest && t.refined != "" {
				switch again, answered := t.noneAfterRefine(); {
				case again:
					t.reschedule()
					return
				case answered:
					return
				}
				st.Date, st.Time, st.PartOfDay, st.DateEnd, st.After = "", "", "", "", time.Time{}
				t.ask(AwaitDate, "has_no_free_slot_then", tg.ProviderName)
				return
			}
			st.Proposals = pickProposals(slots, 3)
			if res.(SlotsResult).Nearest {
				t.nearest = true
				t.add("nothing_in_window", t.windowPhrase(), t.daysPhrase())
			} else if !res.(SlotsResult).Exact && st.Time != "" {
				t.add("nothing_at_exactly", clock(clockOn(st.Time), t.lang))
			}
			if res.(SlotsResult).Exact && st.Date != "" && st.Time != "" && !st.TimeApprox && clockOf(st.Proposals[0].Start) == clockMinutes(st.Time) {
				c := st.Proposals[0]
				st.Chosen = &c
			} else {
				t.presentProposals()
				return
			}
		} else if !t.choose() {
			return
		}
	}
	c := st.Chosen
	st.Pending = &Action{Kind: "reschedule", BookingID: tg.ID, Start: c.Start, Summary: newSummaryID()}
	st.Confirmed = nil
	t.ask(AwaitConfirmation, "move_your_appointment_with_from",
		tg.ProviderName, de(t.lang, when(tg.Start, t.now, t.lang)), when(c.Start, t.now, t.lang))
}

func clockMinutes(hhmm string) rendezvous.ClockTime {
	c, _ := rendezvous.ParseClockTime(hhmm)
	return c
}

func (t *turn) doReschedule() {
	st := t.st
	p := st.Pending
	st.Confirmed = p
	res, err := t.m.tools.Call(t.ctx, t.tt, ToolRescheduleBooking, RescheduleBookingArgs{BookingID: p.BookingID, Start: p.Start.Format(time.RFC3339)})
	st.Pending, st.Confirmed = nil, nil
	if err != nil {
		switch rendezvous.ErrorReasonOf(err) {
		case rendezvous.ReasonSlotTaken, rendezvous.ReasonSlotUnavailable:
			st.Chosen, st.Proposals = nil, nil
			t.add("m_sorry_that_slot_has")
			t.reschedule()
		case rendezvous.ReasonNotBooked:
			t.endTask()
			t.add("that_appointment_can_no_longer")
		default:
			t.failed(err)
		}
		return
	}
	b := res.(BookingResult).Booking
	t.booking, t.token = &b, res.(BookingResult).Token
	st.Booked = b.Start
	t.endTask()
	t.add("done_your_appointment_with_is_2",
		b.ProviderName, when(b.Start, t.now, t.lang), b.ID)
}

// list tells the customer their upcoming bookings.
func (t *turn) list() {
	st := t.st
	if len(st.Granted) == 0 || st.Reference != "" {
		if !t.findTarget("see") {
			return
		}
	}
	bs, ok := t.myBookings(ListMyBookingsArgs{})
	if !ok {
		return
	}
	t.endTask()
	if len(bs) == 0 {
		t.add("you_have_no_upcoming_appointment")
		return
	}
	t.listBookings(bs)
}
