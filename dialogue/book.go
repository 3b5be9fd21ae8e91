package dialogue

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// book advances the booking task by one step: the next missing piece is
// asked for, one question at a time.
func (t *turn) book() {
	st := t.st
	if len(st.Options) > 0 && !t.chooseProvider() {
		return
	}
	if st.Pending != nil && st.Pending.Kind == "book" && st.Awaiting == AwaitConfirmation && !t.searchChanged {
		if t.answerConfirmation() {
			return
		}
	}
	if t.unoffered != "" {
		t.notOffered()
		return
	}
	if t.takeSuggestion() {
		return
	}
	if t.providerUnknown && !t.sayUnknownProvider() {
		return
	}
	if !t.resolveProvider() {
		return
	}
	if st.Kind == "" {
		t.ask(AwaitKind, "what_kind_of_appointment_do", kindChoices(t.lang))
		return
	}
	if st.City == "" {
		t.askCity()
		return
	}
	if t.askMismatch() {
		return
	}
	t.chooseAgain()
	if st.Chosen == nil {
		if len(st.Proposals) == 0 {
			if !t.search() {
				return
			}
			if st.Chosen == nil {
				t.presentProposals()
				t.mentionWaitlist()
				return
			}
		} else if !t.choose() {
			return
		}
	}
	if !t.collectCustomer() {
		return
	}
	t.askToConfirmBooking()
}

// citiesNamed is how many cities the agent names when it does not know
// the one given: enough to show what it covers, few enough for one line.
const citiesNamed = 8

// askCity asks in which city. Asked already and answered with nothing it
// could read (an unknown city, a misspelt one beyond its reach), it says so
// and names cities it knows, rather than repeat the same question.
func (t *turn) askCity() {
	if (t.unknownCity || t.st.Awaiting == AwaitCity && !t.usedSomething) && len(t.say) == 0 && t.m.cities != nil {
		// The directory lists the biggest cities first.
		if cities, err := t.m.cities(t.ctx); err == nil && len(cities) > 0 {
			if len(cities) <= citiesNamed {
				t.ask(AwaitCity, "sorry_don_know_that_city", strings.Join(cities, ", "))
				return
			}
			t.ask(AwaitCity, "sorry_don_know_that_city_2",
				strings.Join(cities[:citiesNamed], ", "), len(cities)-citiesNamed)
			return
		}
	}
	t.ask(AwaitCity, "in_which_city")
}

// availabilityArgs turns the state into a search.
func (t *turn) availabilityArgs(limit int) GetAvailabilityArgs {
	st := t.st
	a := GetAvailabilityArgs{Kind: rendezvous.Kind(st.Kind), City: st.City, Service: st.Service, Limit: limit}
	st.whenArgs(&a)
	return a
}

// search looks for free slots for the state's request and keeps up to
// three as proposals. When the customer named a day and an exact time and
// a slot starts exactly then, it is chosen directly. It returns false when
// it has already answered (nothing found, or an error).
func (t *turn) search() bool {
	st := t.st
	args := t.availabilityArgs(10)
	if st.ProviderID != 0 {
		args.ProviderID = st.ProviderID
	}
	res, err := t.m.tools.Call(t.ctx, t.tt, ToolGetAvailability, args)
	if err != nil {
		t.failed(err)
		return false
	}
	slots := res.(SlotsResult)
	if len(slots.Slots) == 0 || slots.Nearest && t.refined != "" {
		// A follow-up wants slots that fit: the nearest are no answer to it.
		switch again, answered := t.noneAfterRefine(); {
		case again:
			return t.search()
		case answered:
			return false
		}
		if t.offerWaitlist() {
			return false
		}
		t.noSlots()
		return false
	}
	st.Proposals = pickProposals(slots.Slots, 3)
	if slots.Nearest {
		// None fits what was asked: say so; the proposals are the nearest.
		t.nearest = true
		t.add("nothing_in_window", t.windowPhrase(), t.daysPhrase())
	}
	if slots.Exact && st.Date != "" && st.Time != "" && !st.TimeApprox {
		c := st.Proposals[0]
		st.Chosen = &c
	}
	if !slots.Exact && st.Time != "" {
		t.add("nothing_at_exactly", clock(clockOn(st.Time), t.lang))
	}
	return true
}

// clockOn makes a time.Time carrying an HH:MM for formatting.
func clockOn(hhmm string) time.Time {
	c, _ := rendezvous.ParseClockTime(hhmm)
	return time.Date(2000, 1, 1, int(c)/60, int(c)%60, 0, 0, time.UTC)
}

// pickProposals keeps n slots, preferring different providers, in time
// order.
func pickProposals(slots []Proposal, n int) []Proposal {
	var out []Proposal
	seen := map[int64]bool{}
	for _, s := range slots {
		if len(out) < n && !seen[s.ProviderID] {
			out = append(out, s)
			seen[s.ProviderID] = true
		}
	}
	for _, s := range slots {
		if len(out) >= n {
			break
		}
		dup := false
		for _, o := range out {
			if o.ProviderID == s.ProviderID && o.Start.Equal(s.Start) {
				dup = true
			}
		}
		if !dup {
			out = append(out, s)
		}
	}
	// Keep time order for reading.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Start.Before(out[j-1].Start); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// noSlots says nothing was found and asks for another day.
func (t *turn) noSlots() {
	st := t.st
	what := kindPhrase(st.Kind, t.lang)
	if st.Date != "" {
		d, _ := time.Parse("2006-01-02", st.Date)
		t.ask(AwaitDate, "found_no_free_slot_with",
			what, st.City, dayPhrase(d, t.now, t.lang))
		st.Date, st.Time, st.PartOfDay = "", "", ""
		st.DateEnd, st.After = "", time.Time{}
		return
	}
	t.ask(AwaitCity, "found_no_free_slot_with_2", what, st.City)
	st.City = ""
}

// dayPhrase is a day with its preposition: "on Monday 7 December", "le
// lundi 7 décembre", but "today", "demain" as they are (not "on today").
func dayPhrase(d, now time.Time, lang string) string {
	if lang == "fr" {
		return dayFR(d, now)
	}
	s := day(d, now, "en")
	if s == text("en", "today") || s == text("en", "tomorrow") {
		return s
	}
	return "on " + s
}

// dayFR prefixes a French date with "le" when it is not a relative word.
func dayFR(d, now time.Time) string {
	s := day(d, now, "fr")
	if s == "aujourd'hui" || s == "demain" {
		return s
	}
	return "le " + s
}

// presentProposals lists the proposals and asks which one.
func (t *turn) presentProposals() {
	st := t.st
	var items []string
	for i, p := range st.Proposals {
		items = append(items, fmt.Sprintf(text(t.lang, "numbered_slot"), i+1, when(p.Start, t.now, t.lang), p.ProviderName))
	}
	if t.nearest {
		// Never presented as what was asked: the nearest there is.
		if len(st.Proposals) == 1 {
			p := st.Proposals[0]
			t.ask(AwaitSlotChoice, "nearest_can_offer_is_with",
				when(p.Start, t.now, t.lang), p.ProviderName)
			return
		}
		t.ask(AwaitSlotChoice, "nearest_can_offer_would_one",
			strings.Join(items, "; "))
		return
	}
	if len(st.Proposals) == 1 {
		p := st.Proposals[0]
		t.ask(AwaitSlotChoice, "can_offer_with_does_that",
			when(p.Start, t.now, t.lang), p.ProviderName)
		return
	}
	if !st.After.IsZero() {
		// After those shown ("anything later?", "un peu tôt"): not the first.
		t.ask(AwaitSlotChoice, "here_are_next_free_slots", strings.Join(items, "; "))
		return
	}
	t.ask(AwaitSlotChoice, "here_are_first_free_slots", strings.Join(items, "; "))
}

// matchProposal finds the proposal the message picks: by number, by time
// (and day), or by provider.
func (t *turn) matchProposal() *Proposal {
	st, r := t.st, t.r
	ps := st.Proposals
	if r.Choice > 0 && r.Choice <= len(ps) {
		return &ps[r.Choice-1]
	}
	if r.Choice == -1 && len(ps) > 0 {
		return &ps[len(ps)-1]
	}
	var found []int
	for i, p := range ps {
		ok := true
		if r.Time != nil {
			ok = p.startsAt(*r.Time)
		}
		if ok && r.Date != nil {
			ok = p.startsOn(*r.Date)
		}
		if ok && r.ProviderName != "" {
			ok = nameMatches(r.ProviderName, p.ProviderName)
		}
		if ok && (r.Time != nil || r.Date != nil || r.ProviderName != "") {
			found = append(found, i)
		}
	}
	if len(found) >= 1 && (r.Time != nil || r.ProviderName != "" || len(found) == 1) {
		return &ps[found[0]]
	}
	if st.Awaiting == AwaitSlotChoice && r.Choice == 0 && r.Time == nil && r.Date == nil && r.ProviderName == "" &&
		r.PartOfDay == "" && r.Window == nil && r.Refine == understand.NoRefinement && r.Question == "" &&
		r.Intent != understand.IntentDeny && !strings.ContainsAny(t.message, "?¿？") {
		// Only a name alone: "Gare in the afternoon" asks for another
		// time, "is Gare any good?" asks a question.
		return proposalByNameWord(t.message, ps)
	}
	return nil
}

// startsAt reports whether p starts at clock time c. "7:30" may have been
// read as 19:30: a proposal at 7:30 is what the customer is looking at.
func (p *Proposal) startsAt(c rendezvous.ClockTime) bool {
	at := clockOf(p.Start)
	return at == c || c >= 13*60 && at == c-12*60
}

// clockOf is the wall-clock time of t, in t's location.
func clockOf(t time.Time) rendezvous.ClockTime {
	return rendezvous.ClockTime(t.Hour()*60 + t.Minute())
}

// startsOn reports whether p starts on day d.
func (p *Proposal) startsOn(d understand.Date) bool {
	return d.Year == p.Start.Year() && d.Month == p.Start.Month() && d.Day == p.Start.Day()
}

// proposalByNameWord finds the proposal a word of its provider's name
// picks, among the slots offered: "the one with Karim", "Bouchard
// please", "celui de la Gare". Only a word that one provider of the
// proposals has (not the title, not a word all share) counts, and only
// when the message names one such provider and rules nothing out ("not
// Bouchard" picks nothing). At other prompts a name is the customer's:
// only the slots' prompt reads it so.
func proposalByNameWord(message string, ps []Proposal) *Proposal {
	words, _ := nameWords(message)
	names := make([][]string, len(ps)) // each proposal's provider's name, folded
	for i, p := range ps {
		names[i] = strings.Fields(rendezvous.FoldKey(p.ProviderName))
	}
	for _, w := range words {
		if !choosingWord[w] && !slices.ContainsFunc(names, func(n []string) bool { return slices.Contains(n, w) }) {
			return nil // more than a name: "Gare, plus tard si possible", "not Bouchard"
		}
	}
	var picked int64
	for _, w := range words {
		if len(w) < 3 || commonNameWord[w] {
			continue
		}
		var with []int64
		slots := 0
		for i, p := range ps {
			if slices.Contains(names[i], w) {
				slots++
				if !slices.Contains(with, p.ProviderID) {
					with = append(with, p.ProviderID)
				}
			}
		}
		switch {
		case len(with) != 1 || slots == len(ps):
			continue // no provider's, several's, or every slot's
		case picked != 0 && picked != with[0]:
			return nil // two providers named
		}
		picked = with[0]
	}
	if picked == 0 {
		return nil
	}
	for i := range ps {
		if ps[i].ProviderID == picked {
			return &ps[i]
		}
	}
	return nil
}

// choosingWord are the words that may stand around a name that picks a
// slot: "the one with Karim", "Bouchard please", "celui avec Lambert".
var choosingWord = map[string]bool{
	"the": true, "one": true, "with": true, "please": true, "pls": true, "plz": true, "i": true, "ll": true, "take": true,
	"i'll": true, "will": true, "go": true, "for": true, "that": true, "s": true, "ok": true, "okay": true, "thanks": true,
	"celui": true, "celle": true, "de": true, "du": true, "la": true, "le": true, "l": true, "avec": true, "chez": true,
	"merci": true, "svp": true, "stp": true, "plait": true, "il": true, "vous": true, "je": true, "prends": true,
	"prend": true, "choisis": true, "a": true, "at": true, "slot": true, "creneau": true, "option": true,
}

// commonNameWord are words of providers' names that are also words of
// what customers say: they name no one.
var commonNameWord = map[string]bool{
	"the": true, "and": true, "des": true, "les": true, "del": true, "for": true, "with": true, "avec": true, "une": true,
	"cabinet": true, "centre": true, "center": true, "salon": true, "institut": true, "maison": true, "espace": true,
	"studio": true, "clinique": true, "clinic": true, "medical": true, "dentaire": true, "dental": true, "coiffure": true,
	"kinesitherapie": true, "kinesitherapeute": true, "psychologue": true, "cabinets": true, "sante": true, "one": true,
}

// pickedButChanged reports whether a proposal picked by its number comes
// with a day, a time, a part of the day or a stretch of it that the
// proposal is not at, or asks for later or earlier ("number 2 but in the
// afternoon", "is the 2nd one free on Friday instead?", "the first one but
// later"): the customer wants that provider at another time, not that
// slot — a "yes, but" is no choice.
func (t *turn) pickedButChanged(p *Proposal) bool {
	r := t.r
	if r.Choice == 0 {
		return false
	}
	at := clockOf(p.Start)
	switch {
	case r.Date != nil && !p.startsOn(*r.Date):
		return true
	case r.Time != nil && !p.startsAt(*r.Time):
		return true
	case r.Window != nil && (at < r.Window.From || at >= r.Window.To):
		return true
	case r.Refine == understand.RefineLater || r.Refine == understand.RefineEarlier:
		return true
	}
	span, ok := r.PartOfDay.Range()
	return ok && (at < span.From || at >= span.To)
}

// chooseAgain takes another of the proposals picked while the agent asks
// for the customer's details ("actually the second one", "non, le
// deuxième plutôt" at the name prompt): the details asked next are for
// that one.
func (t *turn) chooseAgain() {
	st, r := t.st, t.r
	switch st.Awaiting {
	case AwaitName, AwaitEmail, AwaitPhone:
	default:
		return
	}
	if st.Chosen == nil || r.Choice == 0 && !r.Correction {
		return
	}
	if p := t.matchProposal(); p != nil && (p.ProviderID != st.Chosen.ProviderID || !p.Start.Equal(st.Chosen.Start)) {
		c := *p
		st.Chosen = &c
		t.usedSomething = true
		if st.Customer.Name != "" {
			// The name prompt says the slot again; the others do not.
			t.add("slot_chosen_instead", capitalize(when(c.Start, t.now, t.lang)), c.ProviderName)
		}
	}
}

// choose takes the customer's pick among the proposals; false when it
// had to ask again.
func (t *turn) choose() bool {
	st, r := t.st, t.r
	if t.answered {
		// "where is Dr Lambert's office?": a question about a slot's
		// provider is no choice of it.
		t.presentProposals()
		return false
	}
	if p := t.matchProposal(); p != nil {
		c := *p
		st.Chosen = &c
		return true
	}
	if r.Intent == understand.IntentAffirm && len(st.Proposals) == 1 {
		c := st.Proposals[0]
		st.Chosen = &c
		return true
	}
	if r.Intent == understand.IntentDeny {
		st.Proposals = nil
		t.ask(AwaitDate, "no_problem_which_day_or")
		return false
	}
	if !t.usedSomething && st.Awaiting == AwaitSlotChoice && r.Intent != understand.IntentOutOfScope {
		t.add("sorry_didn_catch_which_one")
	}
	t.presentProposals()
	return false
}

// collectCustomer asks for the missing or invalid detail; true when all
// are known.
func (t *turn) collectCustomer() bool {
	st := t.st
	switch t.invalid {
	case "name":
		t.ask(AwaitName, "sorry_didn_get_name_there")
		return false
	case "email":
		t.ask(AwaitEmail, "that_email_address_doesn_look")
		return false
	case "phone":
		// Said alike for a number that cannot be read and for one that
		// reads but does not exist (07 12 …): either way, check and retype.
		t.ask(AwaitPhone, "that_phone_number_doesn_look",
			rendezvous.PhoneExample(t.regions()[0]))
		return false
	}
	c := st.Chosen
	switch {
	case st.Customer.Name == "":
		t.ask(AwaitName, "with_good_choice_what_name", capitalize(when(c.Start, t.now, t.lang)), c.ProviderName)
		return false
	case st.Customer.Email == "":
		t.ask(AwaitEmail, "thanks_what_your_email_address")
		return false
	case st.Customer.Phone == "":
		t.ask(AwaitPhone, "and_phone_number_where_practice")
		return false
	}
	return true
}

// askToConfirmBooking summarises the booking and asks for a yes.
func (t *turn) askToConfirmBooking() {
	st := t.st
	c := st.Chosen
	st.Pending = &Action{Kind: "book", ProviderID: c.ProviderID, ServiceID: c.ServiceID, Start: c.Start, Customer: st.Customer, Summary: newSummaryID()}
	st.Confirmed = nil
	t.ask(AwaitConfirmation, "to_confirm_for_shall_book",
		c.ProviderName, when(c.Start, t.now, t.lang), de(t.lang, st.Customer.Name), st.Customer.Email, st.Customer.Phone)
}

// answerConfirmation handles the answer to "Shall I …?". It returns false
// when the message is not an answer, so that the task goes on with it.
func (t *turn) answerConfirmation() bool {
	st, r := t.st, t.r
	if p := t.matchProposal(); p != nil && r.Intent != understand.IntentAffirm {
		// Another of the proposals: summarise that one instead.
		c := *p
		st.Chosen, st.Pending = &c, nil
		return false
	}
	switch {
	case t.usedSomething || t.invalid != "":
		// A correction, even after a yes ("yes, but at 11"): it is taken,
		// and the summary is shown again for a yes to what changed.
		return false
	case r.Intent == understand.IntentAffirm:
		if !t.affirmed() {
			t.askYesNo()
			return true
		}
		t.doBook()
		return true
	case r.Intent == understand.IntentDeny:
		st.Pending, st.Confirmed, st.Chosen = nil, nil, nil
		if len(st.Proposals) > 0 {
			t.add("no_problem_nothing_is_booked")
			t.presentProposals()
		} else {
			t.ask(AwaitDate, "no_problem_nothing_is_booked_2")
		}
		return true
	}
	t.askYesNo()
	return true
}

// askYesNo asks again for a plain yes or no to the pending change, saying
// that nothing happened yet when the customer asked something or hedged.
func (t *turn) askYesNo() {
	if strings.ContainsAny(t.message, "?¿？") || t.r.Intent == understand.IntentAffirm {
		t.ask(AwaitConfirmation, "nothing_is_done_yet_can")
		return
	}
	t.ask(AwaitConfirmation, "shall_go_ahead_please_answer")
}

// doBook records the customer's yes and books.
func (t *turn) doBook() {
	st := t.st
	p := st.Pending
	st.Confirmed = p
	res, err := t.m.tools.Call(t.ctx, t.tt, ToolCreateBooking, CreateBookingArgs{
		ProviderID: p.ProviderID, ServiceID: p.ServiceID, Start: p.Start.Format(time.RFC3339), Customer: p.Customer})
	st.Pending, st.Confirmed = nil, nil
	switch rendezvous.ErrorReasonOf(err) {
	case "":
	case rendezvous.ReasonSlotTaken, rendezvous.ReasonSlotUnavailable:
		st.Chosen, st.Proposals = nil, nil
		t.add("m_sorry_someone_has_just")
		if t.search() {
			if st.Chosen != nil {
				// An identical slot elsewhere: still ask, never book unasked.
				st.Chosen = nil
			}
			t.presentProposals()
		}
		return
	case rendezvous.ReasonTooManyBookings:
		// Saying yes again would change nothing: one must be cancelled first.
		t.endTask()
		if t.emailProved(p.Customer.Email) {
			t.add("can_book_this_your_email")
			return
		}
		// Bookings made by anyone with an address or a phone nobody
		// proved fill this cap; the address's owner proves it and books on.
		t.add("can_book_this_yet_email")
		return
	case ReasonTooManyBookingsFromClient:
		t.add("too_many_bookings_have_been")
		st.Awaiting = AwaitConfirmation
		st.Pending = p
		return
	default:
		t.failed(err)
		st.Awaiting = AwaitConfirmation
		st.Pending = p
		return
	}
	b := res.(BookingResult).Booking
	t.booking, t.token = &b, res.(BookingResult).Token
	st.Booked = b.Start
	st.Task, st.Chosen, st.Proposals = TaskNone, nil, nil
	st.clearWhen()
	st.ProviderName = ""
	st.Awaiting = AwaitNothing
	t.add("booked_with_your_reference_is",
		capitalize(when(b.Start, t.now, t.lang)), b.ProviderName, b.ID)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = []rune(strings.ToUpper(string(r[0])))[0]
	return string(r)
}
