package sgdeval

import (
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// SGD intent names.
const (
	intentNone = "NONE"
	intentFind = "FindProvider"
	intentBook = "BookAppointment"
)

// slotState is the tracked value of the four scored slots.
type slotState struct {
	city     string
	date     *understand.Date
	time     *rendezvous.ClockTime
	provider string
}

// offer holds what the system proposed in its last turns: a provider, a
// date, a time, a city, or another intent ("Would you like to book?").
type offer struct {
	slotState
	intent string
	any    bool
}

// tracker is a rule-based dialogue state tracker over our understanding,
// as the dialogue manager keeps one: it accumulates the values each user
// message gives, takes the values of a system offer or confirmation when
// the user accepts it, and holds the active intent across turns that do
// not change it.
type tracker struct {
	u      *understand.Understander
	now    time.Time
	intent string
	state  slotState

	awaiting  string // what the system's last turn asked for
	offered   offer  // the pending system offer
	confirmed offer  // the values of the system's last confirmation
	reqMore   bool   // the system's last turn asked "anything else?"
}

func newTracker(u *understand.Understander, now time.Time) *tracker {
	return &tracker{u: u, now: now, intent: intentNone}
}

// system reads a system turn: what it asks for, offers and confirms.
func (t *tracker) system(fr frame, providerSlot string) {
	t.awaiting, t.reqMore = "", false
	t.confirmed = offer{}
	t.offered.intent = "" // an offered intent is answered in the next turn or not at all
	var off offer
	for _, a := range fr.Actions {
		value := ""
		if len(a.Values) > 0 {
			value = a.Values[0]
		}
		switch a.Act {
		case "REQUEST":
			switch {
			case a.Slot == "city":
				t.awaiting = "city"
			case a.Slot == "appointment_date":
				t.awaiting = "date"
			case a.Slot == "appointment_time" && t.awaiting == "":
				t.awaiting = "time"
			case a.Slot == "type":
				t.awaiting = "kind"
			}
		case "OFFER_INTENT":
			t.awaiting = "confirmation"
			t.offered.intent, t.offered.any = value, true
		case "REQ_MORE":
			t.reqMore = true
			t.awaiting = "nothing"
		case "OFFER", "CONFIRM":
			target := &off
			if a.Act == "CONFIRM" {
				target = &t.confirmed
				t.awaiting = "confirmation"
			}
			if value == "" {
				continue
			}
			t.setValue(&target.slotState, a.Slot, value, providerSlot)
			target.any = true
		}
	}
	if off.any {
		// A new offer replaces the values of the previous one.
		off.intent = t.offered.intent
		t.offered = off
	}
}

// setValue reads a value the system gave for a slot into s.
func (t *tracker) setValue(s *slotState, slot, value, providerSlot string) {
	c := understand.Context{Now: t.now, Language: understand.English}
	switch slot {
	case "city":
		s.city = value
	case providerSlot:
		s.provider = value
	case "appointment_date":
		if d, ok := t.u.ParseDate(c, value); ok {
			s.date = &d
		}
	case "appointment_time":
		if ct, ok := t.u.ParseTime(c, value); ok {
			s.time = &ct
		}
	}
}

// user updates the state with a message the understanding has read.
func (t *tracker) user(message string, res understand.Result) {
	res = sgdReading(res)
	hadProvider := t.state.provider != "" || t.offered.provider != ""
	question := strings.Contains(message, "?") && res.Date == nil && res.Time == nil &&
		res.Intent != understand.IntentBook && res.Intent != understand.IntentChoose
	accepts := false
	switch res.Intent {
	case understand.IntentAffirm, understand.IntentChoose:
		// "OK. Do they do cosmetic work?" asks about the offer; it does not
		// take it.
		accepts = !question
		// Confirmed values are the agent's own reading of what was agreed.
		if t.confirmed.any {
			t.merge(t.confirmed.slotState)
		}
	case understand.IntentBook:
		// "Yes, book him": booking right after an offer takes it.
		accepts = t.offered.provider != ""
	case understand.IntentInform:
		// "March 7th will be great" after an offer of a provider: a date for
		// it takes it.
		accepts = t.offered.provider != "" && (res.Date != nil || res.Time != nil) && t.awaiting != "confirmation"
	}
	if accepts && t.offered.any {
		o := t.offered.slotState
		if res.Date != nil {
			o.date = nil
		}
		if res.Time != nil {
			o.time = nil
		}
		if res.City != "" {
			o.city = ""
		}
		if res.ProviderName != "" {
			o.provider = ""
		}
		t.merge(o)
	}

	// Values the message gives override what was tracked.
	if res.City != "" {
		t.state.city = res.City
	}
	if res.ProviderName != "" {
		t.state.provider = res.ProviderName
	}
	if res.Date != nil {
		d := *res.Date
		t.state.date = &d
	}
	if res.Time != nil {
		ct := *res.Time
		t.state.time = &ct
	}

	when := res.Date != nil || res.Time != nil
	values := when || res.City != "" || res.ProviderName != ""
	switch res.Intent {
	case understand.IntentFindProvider:
		// Asking to see a provider once one is chosen, or for a given day,
		// is asking for an appointment.
		if when || (hadProvider && res.City == "" && !searching(message)) {
			t.intent = intentBook
		} else {
			t.intent = intentFind
		}
	case understand.IntentAskAvailability:
		if hadProvider || t.state.provider != "" {
			t.intent = intentBook
		} else {
			t.intent = intentFind
		}
	case understand.IntentBook:
		t.intent = intentBook
	case understand.IntentAffirm, understand.IntentChoose, understand.IntentInform:
		switch {
		case t.offered.intent != "" && t.awaiting == "confirmation" && res.Intent != understand.IntentInform:
			t.intent = t.offered.intent
		case when && t.intent == intentFind && t.state.provider != "":
			t.intent = intentBook
		case t.reqMore && !values:
			t.intent = intentNone
		}
	case understand.IntentDeny, understand.IntentThanks, understand.IntentOutOfScope, understand.IntentGreet:
		if t.reqMore && !values || (t.awaiting == "confirmation" && t.offered.intent != "" && res.Intent != understand.IntentOutOfScope) {
			t.intent = intentNone
		}
	}
	if accepts {
		t.offered = offer{}
	}
}

// searching reports whether a message asks for a search rather than for an
// appointment with the provider at hand.
func searching(message string) bool {
	m := strings.ToLower(message)
	for _, w := range []string{"find", "search", "look", "other", "another", "recommend", "else", "more", "different", "suggest", "any"} {
		if strings.Contains(m, w) {
			return true
		}
	}
	return false
}

// merge copies the values o holds into the state.
func (t *tracker) merge(o slotState) {
	if o.city != "" {
		t.state.city = o.city
	}
	if o.provider != "" {
		t.state.provider = o.provider
	}
	if o.date != nil {
		t.state.date = o.date
	}
	if o.time != nil {
		t.state.time = o.time
	}
}

// sgdReading maps what the understanding read onto SGD's slots, which
// hold one day and one time: the annotators write an open bound ("anytime
// before four pm", "after 3 pm") as its time, and a span of days ("this
// weekend") as no date.
func sgdReading(r understand.Result) understand.Result {
	if r.DateEnd != nil {
		r.Date, r.DateEnd = nil, nil
	}
	if w := r.Window; r.Time == nil && w != nil {
		switch {
		case w.From == 0:
			t := w.To
			r.Time = &t
		case w.To == 24*60:
			t := w.From
			r.Time = &t
		}
	}
	return r
}
