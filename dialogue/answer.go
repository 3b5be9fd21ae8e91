package dialogue

import (
	"fmt"
	"strings"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// Questions about the appointment under discussion — "how much is it?",
// "c'est où ?", "how long does it take?" — are booking talk, answered from
// the directory (services have a price and a length, providers an
// address). Answering acts on nothing: a question is no choice and no yes,
// and whatever waits for a yes still waits.

// subject is what a question is about: a provider, the service when the
// slot says which, and the proposal's number when there are several.
type subject struct {
	providerID int64
	provider   string
	serviceID  int64
	number     int // 1-based number of the proposal or option; 0 alone
}

// answerQuestion answers the message's question, if any, and makes the
// message no choice and no yes. It returns whether it answered.
func (t *turn) answerQuestion() bool {
	r := &t.r
	if r.Question == "" {
		return false
	}
	if r.Question == understand.AskReference {
		// Where the reference is, and what to do without it; the task
		// goes on (the reference is asked again).
		if r.Intent == understand.IntentAffirm || r.Intent == understand.IntentChoose {
			r.Intent = understand.IntentOutOfScope
		}
		r.Choice = 0
		t.answered = true
		t.add("reference_is_in_the_confirmation")
		return true
	}
	subjects := alike(t.questionSubjects())
	if r.Intent == understand.IntentAffirm || r.Intent == understand.IntentChoose {
		r.Intent = understand.IntentOutOfScope
	}
	r.Choice = 0
	t.answered = true
	if len(subjects) == 0 {
		switch r.Question {
		case understand.AskAddress:
			t.add("that_depends_on_provider_once")
		default:
			t.add("prices_and_lengths_depend_on")
		}
		return true
	}
	found := map[int64]ProviderInfo{}
	var items []string
	for _, s := range subjects {
		p, ok := found[s.providerID]
		if !ok {
			if p, ok = t.providerByID(s.providerID, s.provider); !ok {
				continue
			}
			found[s.providerID] = p
		}
		details := t.details(r.Question, p, s.serviceID)
		switch {
		case s.number > 0:
			items = append(items, fmt.Sprintf(text(t.lang, "numbered_service_details"), s.number, p.Name, details))
		case r.Question == understand.AskAddress:
			items = append(items, fmt.Sprintf(text(t.lang, "provider_address"), de(t.lang, p.Name), details))
		default:
			items = append(items, fmt.Sprintf(text(t.lang, "at_provider"), p.Name, details))
		}
	}
	if len(items) == 0 {
		t.add("sorry_can_find_that_information")
		return true
	}
	t.say = append(t.say, strings.Join(items, "; ")+".")
	return true
}

// details answers q for provider p: the address, or the service's length
// and price (every service's when the slot says none).
func (t *turn) details(q understand.Question, p ProviderInfo, serviceID int64) string {
	lang := t.lang
	if q == understand.AskAddress {
		return p.Address
	}
	loc := t.m.defaultZone
	if t.m.zones != nil {
		if l := t.m.zones(t.ctx, p.City); l != nil {
			loc = l
		}
	}
	region := rendezvous.PhoneRegion(loc.String())
	var services []string
	for _, s := range p.Services {
		if serviceID == 0 || s.ID == serviceID {
			services = append(services, fmt.Sprintf("%s, %d minutes, %s", s.Name, s.DurationMinutes, price(s.PriceCents, region, lang)))
		}
	}
	if len(services) == 0 {
		return text(lang, "no_prices_given")
	}
	return strings.Join(services, text(lang, "list_separator"))
}

// price formats an amount of the provider's country's money. The
// directory holds amounts without a currency: the zone's country says
// which.
func price(cents int64, region, lang string) string {
	amount := fmt.Sprintf("%d", cents/100)
	if cents%100 != 0 {
		amount = fmt.Sprintf("%d%s%02d", cents/100, text(lang, "decimal_separator"), cents%100)
	}
	symbol := "€"
	switch region {
	case "CA", "US":
		symbol = "$"
	case "GB":
		symbol = "£"
	case "CH":
		symbol = "CHF"
	}
	if lang == "fr" || symbol == "CHF" {
		return amount + "\u00a0" + symbol
	}
	return symbol + amount
}

// questionSubjects returns what a question is about: the proposal it
// names (by number or provider), the slot chosen or to confirm, the
// booking being moved or cancelled, the proposals, the providers a name
// may mean, or the provider named.
func (t *turn) questionSubjects() []subject {
	st, r := t.st, t.r
	of := func(p Proposal, number int) subject {
		return subject{p.ProviderID, p.ProviderName, p.ServiceID, number}
	}
	if r.Choice > 0 && r.Choice <= len(st.Proposals) {
		return []subject{of(st.Proposals[r.Choice-1], 0)}
	}
	if r.ProviderName != "" {
		var named []subject
		for i, p := range st.Proposals {
			if nameMatches(r.ProviderName, p.ProviderName) {
				named = append(named, of(p, i+1))
			}
		}
		if len(named) == 1 {
			named[0].number = 0
		}
		if len(named) > 0 {
			return named
		}
	}
	switch {
	case st.Chosen != nil:
		return []subject{of(*st.Chosen, 0)}
	case st.Target != nil:
		return []subject{{st.Target.ProviderID, st.Target.ProviderName, st.Target.ServiceID, 0}}
	case len(st.Proposals) == 1:
		return []subject{of(st.Proposals[0], 0)}
	case len(st.Proposals) > 1:
		var all []subject
		for i, p := range st.Proposals {
			all = append(all, of(p, i+1))
		}
		return all
	case len(st.Options) > 0:
		var all []subject
		for i, o := range st.Options {
			all = append(all, subject{providerID: o.ID, provider: o.Name, number: i + 1})
		}
		return all
	case st.ProviderID != 0:
		return []subject{{providerID: st.ProviderID, provider: st.ProviderName}}
	}
	return nil
}

// alike makes subjects that are all the same provider and service one.
func alike(subjects []subject) []subject {
	for _, s := range subjects[min(1, len(subjects)):] {
		if s.providerID != subjects[0].providerID || s.serviceID != subjects[0].serviceID {
			return subjects
		}
	}
	if len(subjects) > 1 {
		one := subjects[0]
		one.number = 0
		return []subject{one}
	}
	return subjects
}

// providerByID returns a provider of the directory, looked up by name and
// picked by id (the tools find providers by name).
func (t *turn) providerByID(id int64, name string) (ProviderInfo, bool) {
	res, err := t.m.tools.Call(t.ctx, t.tt, ToolSearchProviders, SearchProvidersArgs{Name: name, Limit: 10})
	if err != nil {
		return ProviderInfo{}, false
	}
	for _, p := range res.(ProvidersResult).Providers {
		if p.ID == id {
			return p, true
		}
	}
	return ProviderInfo{}, false
}

// notePartySize tells a customer booking for several people ("for 2
// people", "moi et ma fille") that an appointment is for one person: the
// booking goes on, for one, and nothing is booked for the others unless
// they ask for it and say yes to it. Said whatever brain read the message:
// the customer's own words say it (understand.Party), as they say a yes.
func (t *turn) notePartySize() {
	if t.st.Task != TaskBook || understand.Party(t.message) == 0 {
		return
	}
	t.notedParty = true
	t.add("one_appointment_per_person")
}
