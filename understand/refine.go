package understand

// Refinement is a follow-up on the slots just proposed: what to show
// instead. The dialogue applies it to its current search.
type Refinement string

// The refinements.
const (
	NoRefinement    Refinement = ""
	RefineLater     Refinement = "later"      // "anything later?", "plus tard", "other times?", "les suivants"
	RefineEarlier   Refinement = "earlier"    // "something earlier in the day?", "plus tôt ?", "sooner"
	RefineOtherDays Refinement = "other_days" // "other days?", "d'autres jours ?", "another day"
	// RefineOtherProvider asks for slots with providers not proposed yet:
	// "anyone else?", "another dentist?", "vous avez un autre coiffeur ?",
	// "quelqu'un d'autre ?".
	RefineOtherProvider Refinement = "other_provider"
)

// refinePhrases returns, for each refinement, the folded phrases that ask
// for it (expand's "(a|b|)" alternatives).
func refinePhrases() map[Refinement][]string {
	return map[Refinement][]string{
		RefineLater: {
			"later", "later on", "(a bit|a little|bit|little|slightly) later", "later in the day", "later (that|the same|on that|on the same) day", "plus tard",
			"plus tard (ce jour la|le meme jour|ce meme jour|dans la meme journee)",
			"un peu plus tard", "(more|other|any other|some other|different) (times|slots|openings)",
			"(the|) next ones", "(d|) autres (horaires|creneaux|heures)", "(les|) suivants", "(les|) creneaux suivants",
			// Too early for the customer: later ones.
			"(too|way too|much too|bit too|a bit too|a little too|rather|quite|pretty|a bit|a little|bit|little) early",
			"(trop|bien trop|un peu trop|un peu|un poil|un poil trop|beaucoup trop|vraiment trop|assez) (tot|matinal)",
		},
		RefineEarlier: {
			"earlier", "(a bit|a little|bit|little|slightly) earlier", "earlier in the day", "sooner", "plus tot",
			"un peu plus tot", "plus tot dans la journee",
			// Too late for the customer: earlier ones.
			"(too|way too|much too|bit too|a bit too|a little too|rather|quite|pretty|a bit|a little|bit|little) late",
			"(trop|bien trop|un peu trop|un peu|un poil|un poil trop|beaucoup trop|vraiment trop|assez) tard",
		},
		RefineOtherDays: {
			"(other|another|a different|different|some other|any other) (day|days|date|dates)",
			"(d|des|un|une|les) (autres|autre) (jour|jours|date|dates)", "autres (jours|dates)", "autre (jour|date)",
			"not that day", "pas ce jour la", "pas ce jour",
		},
		RefineOtherProvider: {
			"(anyone|anybody|someone|somebody|no one|nobody) else", "(quelqu un|qqn|qqun|quelquun|personne) d autre",
			"(another|a different|different|other|any other|some other) (provider|providers|practice|practices|" +
				"practitioner|practitioners|place|places|salon|salons|clinic|clinics|office|offices|person|people)",
			"(un autre|une autre|d autres|autres|un different|une differente) (praticien|praticiens|praticienne|" +
				"praticiennes|cabinet|cabinets|salon|salons|endroit|endroits|professionnel|professionnels|adresse|adresses|" +
				"personne|personnes)",
			"(not|pas) (with|avec) (them|him|her|lui|elle|eux|ceux la|celui la|celle la)",
		},
	}
}

// refinement returns the last refinement the message asks for, leaving
// out the words that say something else: "later" inside "no later than
// 5", "an hour later" or "later today" (read as dates and times), "à plus
// tard" and "maybe later" (goodbyes), "le plus tôt possible" (the
// earliest slot), "as I said earlier". picked says the message picks a
// proposal.
func refinement(toks []token, hits []hit, spans [][2]int, picked bool) Refinement {
	out := NoRefinement
	for _, h := range hits {
		if h.p.class == classKind && h.start > 0 && otherWord(toks[h.start-1].s) && !appointmentWord(toks, h.end) {
			// "another dentist?", "un autre coiffeur ?": the same trade,
			// someone else.
			out = RefineOtherProvider
			continue
		}
		if h.p.class != classRefine {
			continue
		}
		s, e := toks[h.start].start, toks[h.end-1].end
		if overlaps(spans, s, e) {
			continue
		}
		before, after := "", ""
		if h.start > 0 {
			before = toks[h.start-1].s
		}
		if h.end < len(toks) {
			after = toks[h.end].s
		}
		if h.p.value == string(RefineOtherProvider) {
			out = RefineOtherProvider
			continue
		}
		if before == "a" && h.start > 1 && (toks[h.start-2].s == "y" || toks[h.start-2].s == "il") {
			before = "ya" // "y a plus tard ?" asks; "à plus tard" puts off
		}
		switch before {
		case "maybe", "perhaps", "you", "talk", "call", "back", "a", "until", "till", "wait", "peut", "etre", "rappeler",
			"rappelle", "repasser", "so", "it", "that", "this", "le", "au", "said", "mentioned", "called", "asked", "told",
			"wrote", "dit", "appele", "hour", "hours", "minutes", "mins", "min", "h", "heure", "heures", "day", "days", "jour",
			"jours", "week", "weeks", "semaine", "semaines":
			// "maybe later", "à plus tard", "wait until another day", "I'll
			// do so later" put off; "le plus tôt" is the earliest; "as I
			// said earlier" looks back; "an hour later" with no time under
			// discussion is nothing to refine.
			continue
		}
		switch after {
		case "possible", "today", "this", "aujourd", "than", "que":
			continue
		}
		if tooWord(toks[h.end-1].s) && tooForSomethingElse(toks, h.end) {
			continue // "too late to cancel?", "trop tard pour annuler" ask about something else
		}
		if h.end-h.start == 1 || h.end-h.start == 2 && toks[h.start].s == "plus" {
			// A bare "later", "earlier", "plus tard" asks for more slots
			// when it is the message ("later?", "plus tôt ?") or follows a
			// word that asks ("anything later", "un peu plus tôt").
			switch before {
			case "", "anything", "something", "any", "some", "bit", "little", "slightly", "much", "even", "peu", "chose", "rien",
				"encore", "or", "ou", "no", "non", "un", "slot", "slots", "time", "times", "appointment", "creneau", "creneaux",
				"heure", "rdv", "have", "got", "there", "avez", "auriez", "as", "de", "nothing", "qqch", "qqc", "quelque", "sth",
				"smth", "one", "ones", "pas", "ya", "yen", "yaura", "avait", "aurait", "aurais":
			case "but", "mais":
				// "the first one but later", "le deuxième mais plus tôt":
				// a slot picked, at another time. Without a pick, "yes but
				// later", "ouais mais plus tard" may put off.
				if !picked && len(toks) > 3 {
					continue
				}
			default:
				if len(toks) > 3 {
					continue
				}
			}
		}
		out = Refinement(h.p.value)
	}
	return out
}

// otherWord reports whether w, before a trade, asks for another provider
// of it.
func otherWord(w string) bool {
	switch w {
	case "another", "other", "different", "autre", "autres":
		return true
	}
	return false
}

// appointmentWord reports whether the token at i names an appointment:
// "another dentist appointment" is a new booking, not someone else.
func appointmentWord(toks []token, i int) bool {
	if i >= len(toks) {
		return false
	}
	switch toks[i].s {
	case "appointment", "appointments", "appt", "booking", "rdv", "rendez", "visit":
		return true
	}
	return false
}

// tooWord reports whether w ends a "too early", "trop tard" phrase.
func tooWord(w string) bool {
	switch w {
	case "early", "late", "tot", "tard", "matinal":
		return true
	}
	return false
}

// tooForSomethingElse reports whether the words from i say what it is too
// early or too late for, other than the customer: "too late to cancel",
// "trop tard pour annuler" — not "too early for me", "trop tôt pour moi".
func tooForSomethingElse(toks []token, i int) bool {
	if i >= len(toks) {
		return false
	}
	switch toks[i].s {
	case "to":
		return true
	case "for", "pour":
		if i+1 >= len(toks) {
			return false
		}
		switch toks[i+1].s {
		case "me", "us", "moi", "nous", "my", "mon", "ma", "mes", "him", "her", "lui", "elle":
			return false
		}
		return true
	}
	return false
}
