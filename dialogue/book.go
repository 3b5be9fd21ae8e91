package dialogue

import (
	"fmt"
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
		t.ask(AwaitKind, "What kind of appointment do you need — %s?", "Quel type de rendez-vous vous faut-il : %s ?", kindChoices(t.lang))
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
				t.ask(AwaitCity, "Sorry, I don't know that city. I can book in %s. Which one?",
					"Désolé, je ne connais pas cette ville. Je peux réserver à %s. Laquelle ?", strings.Join(cities, ", "))
				return
			}
			t.ask(AwaitCity, "Sorry, I don't know that city. I can book in %s and %d other cities. Which one?",
				"Désolé, je ne connais pas cette ville. Je peux réserver à %s et dans %d autres villes. Laquelle ?",
				strings.Join(cities[:citiesNamed], ", "), len(cities)-citiesNamed)
			return
		}
	}
	t.ask(AwaitCity, "In which city?", "Dans quelle ville ?")
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
		t.noSlots()
		return false
	}
	st.Proposals = pickProposals(slots.Slots, 3)
	if slots.Nearest {
		// None fits what was asked: say so; the proposals are the nearest.
		t.nearest = true
		t.add("Nothing %s %s.", "Rien %s %s.", t.windowPhrase(), t.daysPhrase())
	}
	if slots.Exact && st.Date != "" && st.Time != "" && !st.TimeApprox {
		c := st.Proposals[0]
		st.Chosen = &c
	}
	if !slots.Exact && st.Time != "" {
		t.add("Nothing at exactly %s.", "Rien à %s précisément.", clock(clockOn(st.Time), t.lang))
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
		t.ask(AwaitDate, "I found no free slot with %s in %s on %s. Would another day suit you?",
			"Je n'ai trouvé aucun créneau libre chez %s à %s %s. Un autre jour vous conviendrait ?",
			what, st.City, pick(t.lang, day(d, t.now, "en"), dayFR(d, t.now)))
		st.Date, st.Time, st.PartOfDay = "", "", ""
		st.DateEnd, st.After = "", time.Time{}
		return
	}
	t.ask(AwaitCity, "I found no free slot with %s in %s in the next two weeks. Another city perhaps?",
		"Je n'ai trouvé aucun créneau libre chez %s à %s dans les deux semaines. Une autre ville peut-être ?", what, st.City)
	st.City = ""
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
		items = append(items, fmt.Sprintf(pick(t.lang, "%d) %s with %s", "%d) %s avec %s"), i+1, when(p.Start, t.now, t.lang), p.ProviderName))
	}
	if t.nearest {
		// Never presented as what was asked: the nearest there is.
		if len(st.Proposals) == 1 {
			p := st.Proposals[0]
			t.ask(AwaitSlotChoice, "The nearest I can offer is %s with %s. Would that do, or shall I look at another day?",
				"Le plus proche que je puisse proposer : %s avec %s. Cela vous irait-il, ou je regarde un autre jour ?",
				when(p.Start, t.now, t.lang), p.ProviderName)
			return
		}
		t.ask(AwaitSlotChoice, "The nearest I can offer: %s. Would one of them do, or shall I look at another day?",
			"Les plus proches que je puisse proposer : %s. L'un d'eux vous irait-il, ou je regarde un autre jour ?",
			strings.Join(items, "; "))
		return
	}
	if len(st.Proposals) == 1 {
		p := st.Proposals[0]
		t.ask(AwaitSlotChoice, "I can offer %s with %s. Does that suit you?", "Je peux vous proposer %s avec %s. Cela vous convient ?",
			when(p.Start, t.now, t.lang), p.ProviderName)
		return
	}
	t.ask(AwaitSlotChoice, "Here are the first free slots: %s. Which one suits you?", "Voici les premiers créneaux libres : %s. Lequel vous convient ?",
		strings.Join(items, "; "))
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
			// "7:30" may have been read as 19:30: a proposal at 7:30 is
			// what the customer is looking at.
			at := p.Start.Hour()*60 + p.Start.Minute()
			ok = at == int(*r.Time) || (int(*r.Time) >= 13*60 && at == int(*r.Time)-12*60)
		}
		if ok && r.Date != nil {
			ok = r.Date.Year == p.Start.Year() && r.Date.Month == p.Start.Month() && r.Date.Day == p.Start.Day()
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
	return nil
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
			t.add("%s with %s, then.", "%s avec %s, alors.", capitalize(when(c.Start, t.now, t.lang)), c.ProviderName)
		}
	}
}

// choose takes the customer's pick among the proposals; false when it
// had to ask again.
func (t *turn) choose() bool {
	st, r := t.st, t.r
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
		t.ask(AwaitDate, "No problem. Which day or time would suit you better?", "Pas de souci. Quel jour ou quelle heure vous arrangerait ?")
		return false
	}
	if !t.usedSomething && st.Awaiting == AwaitSlotChoice && r.Intent != understand.IntentOutOfScope {
		t.add("Sorry, I didn't catch which one.", "Pardon, je n'ai pas compris lequel.")
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
		t.ask(AwaitName, "Sorry, I didn't get a name there. What name should I book it under? Your first name and surname, like Marie Curie.",
			"Pardon, je n'ai pas compris de nom. À quel nom dois-je réserver ? Votre prénom et votre nom, par exemple Marie Curie.")
		return false
	case "email":
		t.ask(AwaitEmail, "That email address doesn't look right. Could you type it again, like name@example.com?",
			"Cette adresse e-mail ne semble pas valide. Pouvez-vous la retaper, par exemple nom@exemple.fr ?")
		return false
	case "phone":
		// Said alike for a number that cannot be read and for one that
		// reads but does not exist (07 12 …): either way, check and retype.
		t.ask(AwaitPhone, "That phone number doesn't look valid. Could you check it and give it again, like %s, or with its country code (+44 …)?",
			"Ce numéro de téléphone ne semble pas valide. Pouvez-vous le vérifier et le redonner, par exemple %s, ou avec l'indicatif (+44 …) ?",
			rendezvous.PhoneExample(t.regions()[0]))
		return false
	}
	c := st.Chosen
	switch {
	case st.Customer.Name == "":
		t.ask(AwaitName, "%s with %s — good choice. What name should I book it under?",
			"%s avec %s, c'est noté. À quel nom dois-je réserver ?", capitalize(when(c.Start, t.now, t.lang)), c.ProviderName)
		return false
	case st.Customer.Email == "":
		t.ask(AwaitEmail, "Thanks. What's your email address?", "Merci. Quelle est votre adresse e-mail ?")
		return false
	case st.Customer.Phone == "":
		t.ask(AwaitPhone, "And a phone number where the practice can reach you?", "Et un numéro de téléphone où le cabinet peut vous joindre ?")
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
	t.ask(AwaitConfirmation, "To confirm: %s, %s, for %s (%s, %s). Shall I book it?",
		"Je récapitule : %s, %s, au nom %s (%s, %s). Je réserve ?",
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
			t.add("No problem, nothing is booked.", "Pas de souci, rien n'est réservé.")
			t.presentProposals()
		} else {
			t.ask(AwaitDate, "No problem, nothing is booked. Which day would suit you?", "Pas de souci, rien n'est réservé. Quel jour vous arrangerait ?")
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
		t.ask(AwaitConfirmation, "Nothing is done yet. I can only go ahead on a plain yes: shall I? (If something should change, tell me what.)",
			"Rien n'est fait pour l'instant. Je ne continue que sur un oui sans réserve : je confirme ? (Si quelque chose doit changer, dites-moi quoi.)")
		return
	}
	t.ask(AwaitConfirmation, "Shall I go ahead? Please answer yes or no.", "Je confirme ? Répondez oui ou non, s'il vous plaît.")
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
		t.add("I'm sorry — someone has just taken that slot.", "Je suis désolé, quelqu'un vient de prendre ce créneau.")
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
			t.add("I can't book this: your email address already has as many upcoming appointments as one person may hold. Cancel one of them first, or contact the practice directly.",
				"Je ne peux pas réserver : votre adresse e-mail a déjà autant de rendez-vous à venir qu'une personne peut en avoir. Annulez-en un d'abord, ou contactez directement le cabinet.")
			return
		}
		// Bookings made by anyone with an address or a phone nobody
		// proved fill this cap; the address's owner proves it and books on.
		t.add("I can't book this yet: the email address or phone number you gave already has as many upcoming appointments as can be booked without confirming the address. If they are yours, say “show all my bookings”: I'll send a code to your email, and once it is confirmed I can book this one too.",
			"Je ne peux pas encore réserver : l'adresse e-mail ou le numéro indiqué a déjà autant de rendez-vous à venir qu'on peut en prendre sans confirmer l'adresse. Si ce sont les vôtres, dites « tous mes rendez-vous » : je vous enverrai un code par e-mail, et une fois l'adresse confirmée je pourrai réserver celui-ci aussi.")
		return
	case ReasonTooManyBookingsFromClient:
		t.add("Too many bookings have been made from your connection in a short time. Please say yes again in a few minutes.",
			"Trop de réservations ont été faites depuis votre connexion en peu de temps. Redites oui dans quelques minutes, s'il vous plaît.")
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
	t.add("Booked! %s with %s. Your reference is %s — keep it to move or cancel the appointment.",
		"C'est réservé ! %s avec %s. Votre référence : %s — gardez-la pour déplacer ou annuler le rendez-vous.",
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
