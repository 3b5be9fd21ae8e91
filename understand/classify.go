package understand

// cues are the intent signals found in a message.
type cues struct {
	cancel, reschedule, myBookings, book, appointment, search, alternative bool
	provider                                                               bool
	avail, sel, help, greet, thanks, goodbye, affirm, deny, outOfScope     bool
	correction, moveIt, otherTime, moveVerb                                bool
	affirmFirst, denyFirst                                                 bool
}

func cuesOf(hits []hit) cues {
	var q cues
	for _, h := range hits {
		switch h.p.class {
		case classCorrection:
			q.correction = true
			continue
		case classIntent:
		default:
			continue
		}
		switch h.p.value {
		case string(IntentCancel):
			q.cancel = true
		case string(IntentReschedule):
			q.reschedule = true
		case cueMoveIt:
			q.moveIt = true
		case cueOtherTime:
			q.otherTime = true
		case cueMoveVerb:
			q.moveVerb = true
		case string(IntentMyBookings):
			q.myBookings = true
		case string(IntentBook):
			q.book = true
		case cueAppointment:
			q.appointment = true
		case cueSearch:
			q.search = true
		case cueAlternative:
			q.alternative = true
		case cueProvider:
			q.provider = true
		case string(IntentAskAvailability):
			q.avail = true
		case cueSelect:
			q.sel = true
		case string(IntentHelp):
			q.help = true
		case string(IntentGreet):
			q.greet = true
		case string(IntentThanks):
			q.thanks = true
		case cueGoodbye:
			q.goodbye = true
		case string(IntentAffirm):
			q.affirm = true
			if h.start == 0 {
				q.affirmFirst = true
			}
		case string(IntentDeny):
			q.deny = true
			if h.start == 0 {
				q.denyFirst = true
			}
		case string(IntentOutOfScope):
			q.outOfScope = true
		}
	}
	return q
}

// classify decides the intent of a message from its cues and the values
// found in it, and whether it corrects something said before. Actions on
// existing bookings come first, as their words are unambiguous; then an
// answer to a confirmation; then requests (book, find, availability);
// then choices among proposals; then plain information; then small talk.
func classify(c Context, res *Result, q cues, toks []token) (Intent, bool) {
	values := res.City != "" || res.ProviderName != "" || res.UnknownProvider || res.Date != nil || res.Time != nil ||
		res.PartOfDay != "" || res.Email != "" || res.Phone != "" || res.Name != "" || res.BookingRef != "" ||
		res.Kind != "" || res.Unoffered != "" || res.Window != nil || res.DateMismatch != nil
	correction := q.correction || (q.denyFirst && values && res.Email == "" && res.Phone == "")
	// "Move it to Saturday" names no appointment: when the agent waits for
	// nothing (a booking was just made or the conversation is idle) "it" is
	// an existing appointment; in the middle of a booking, the one being
	// arranged, so the message corrects it.
	idle := c.Awaiting == "" || c.Awaiting == "nothing" || c.Awaiting == "booking_reference" || c.Task == "cancel" || c.Task == "reschedule"
	if q.moveIt && !idle {
		correction = true
	}
	// "Move RDV-… to Thursday", "on peut mettre RDV-… jeudi ?": the
	// reference is the appointment moved.
	if q.moveVerb && res.BookingRef != "" && !q.cancel {
		q.moveIt, idle = true, true
	}
	offTopic := q.outOfScope && res.Kind == "" && res.Unoffered == "" && res.ProviderName == "" && !q.appointment && res.BookingRef == ""
	// "Cancel it and take Thursday instead": a cancellation that names
	// the day or time to take in its place is a move.
	cancelInstead := q.cancel && q.correction && (res.Date != nil || res.Time != nil || res.Window != nil)

	switch {
	case len(toks) == 0 && !values:
		return IntentOutOfScope, false
	case (q.cancel || c.Task == "cancel" || c.Task == "reschedule") && (q.reschedule || q.moveIt || q.otherTime || cancelInstead) && !offTopic:
		// "I can't come tomorrow, can we change it?": not coming, and
		// coming another time, is a move — never a cancellation; and so
		// is "another day" said of the booking being cancelled.
		return IntentReschedule, false
	case q.cancel && !offTopic:
		return IntentCancel, false
	case (q.reschedule || q.moveIt && idle) && !offTopic:
		return IntentReschedule, correction
	case q.myBookings:
		return IntentMyBookings, false
	case c.Awaiting == "confirmation" && q.denyFirst:
		if values && correction {
			return IntentInform, true
		}
		return IntentDeny, false
	case c.Awaiting == "confirmation" && q.affirmFirst:
		return IntentAffirm, false
	case offTopic:
		return IntentOutOfScope, false
	case q.book:
		return IntentBook, correction
	case q.alternative && !q.deny && res.Refine == "",
		res.Refine == RefineOtherProvider && res.Date == nil && res.Time == nil && res.Window == nil:
		// "Anyone else?", "no, is there anyone else?": other providers.
		return IntentFindProvider, correction
	case (res.Kind != "" || res.Unoffered != "") && c.Awaiting != "kind" && !q.sel && res.Choice == 0:
		// A trade not booked is asked for as a kind is: the agent answers it.
		return IntentFindProvider, correction
	case q.provider && (q.search || q.avail) && !q.deny:
		return IntentFindProvider, correction
	case res.Choice != 0:
		return IntentChoose, correction
	case q.sel && (res.Time != nil || res.ProviderName != "") && !q.deny:
		return IntentChoose, correction
	case c.Awaiting == "slot_choice" && (res.Time != nil || res.ProviderName != "") && !q.denyFirst:
		return IntentChoose, correction
	case q.avail:
		return IntentAskAvailability, correction
	case q.appointment && !q.denyFirst && !q.affirmFirst:
		return IntentBook, correction
	case q.search && res.City != "" && c.Awaiting != "city":
		return IntentFindProvider, correction
	case res.Refine != "" && res.Date == nil && res.Time == nil && res.Window == nil:
		// "anything later?", "no, something earlier": more slots, from the
		// search under way.
		return IntentAskAvailability, correction || q.denyFirst
	case q.denyFirst && values:
		return IntentInform, true
	case q.denyFirst:
		return IntentDeny, false
	case q.affirmFirst && !values:
		if q.thanks && c.Awaiting != "confirmation" {
			return IntentThanks, false
		}
		return IntentAffirm, false
	case values:
		return IntentInform, correction
	case q.help:
		return IntentHelp, false
	case q.thanks, q.goodbye:
		return IntentThanks, false
	case q.greet:
		return IntentGreet, false
	case q.affirm:
		return IntentAffirm, false
	case q.deny:
		return IntentDeny, false
	}
	return IntentOutOfScope, false
}
