package dialogue

import (
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// When a message is not understood, the agent says what it understood so
// far and what it needs, with an example, and never says the same words
// twice in a row: the wording changes with each misunderstanding in a
// row, and from the third on it lists what it can do and points to the
// practice. A customer who cannot get through is never left with the same
// question four times.

// lost reports whether the message told the agent nothing it could use or
// answer. A short answer to "which city?" is a city the agent does not
// know (askCity names those it does), and the words of an answer to
// "which of these providers?" may pick one (chooseProvider).
func (t *turn) lost() bool {
	switch {
	case t.r.Intent != understand.IntentOutOfScope, t.usedSomething, t.invalid != "", t.unknownCity, t.unoffered != "", t.providerUnknown,
		t.answered:
		return false
	case t.st.Awaiting == AwaitCity && len(strings.Fields(t.message)) <= 3, t.st.Awaiting == AwaitProvider:
		return false
	}
	return true
}

// noRepeat says it differently when the reply would be the very words of
// the previous one and the message brought nothing new, or when a detail
// fails again, and remembers the reply for the next turn.
func (t *turn) noRepeat() {
	st := t.st
	reply := strings.Join(t.say, " ")
	switch t.r.Intent {
	case understand.IntentThanks, understand.IntentGreet, understand.IntentHelp:
		// Asked again, the same courtesy or the same help is the answer.
	default:
		// The same words again for nothing new, or a detail that fails
		// again (the wording goes on changing).
		same := replyKey(reply) == st.LastReply
		failedAgain := t.invalid != "" && (same || st.Misunderstood > 0)
		switch {
		case t.answered && same && len(t.say) > 0:
			// The same question again: the same answer, said as such.
			t.say[0] = pick(t.lang, "As I said: ", "Comme je vous le disais : ") + t.say[0]
		case st.Awaiting == AwaitNothing && !failedAgain && len(t.tt.Actions()) > 0:
			// An answer to a request made again ("show my bookings"
			// twice) is the same answer: only a question that went
			// nowhere is worded again.
		case !t.clarified && t.booking == nil && reply != "" && (same && !t.usedSomething || failedAgain):
			t.say = nil
			t.clarify()
		}
	}
	st.LastReply = replyKey(strings.Join(t.say, " "))
}

// replyKey is what is remembered of a reply: enough to tell it again,
// nothing to read back (the state travels with the session).
func replyKey(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// clarify replaces the reply: what was understood so far, what is needed
// next with an example, worded differently at each misunderstanding in a
// row. The state — what is awaited, a pending change — stays as it is.
func (t *turn) clarify() {
	st := t.st
	t.clarified = true
	st.Misunderstood++
	if st.Awaiting == "" {
		st.Awaiting = AwaitKind
		if st.Task == TaskNone {
			st.Awaiting = AwaitNothing
		}
	}
	n := st.Misunderstood
	known := t.known()
	need := t.needed()
	ex := need.examples(t.lang, n)
	lang := t.lang
	var b strings.Builder
	say := func(en, fr string, args ...any) { fmt.Fprintf(&b, pick(lang, en, fr), args...) }
	switch {
	case n == 1:
		if t.whyDetail() {
			say("The practice needs a name, an email address and a phone number to hold the appointment and reach you about it. ",
				"Le cabinet a besoin d'un nom, d'une adresse e-mail et d'un numéro de téléphone pour tenir le rendez-vous et vous joindre à son sujet. ")
		} else if question(t.message) && len(strings.Fields(t.message)) >= 3 {
			// "can I pay by card": a question it has no answer to ("what?"
			// is rather not understanding the agent).
			say("Sorry, I can't answer that here — the practice can. ", "Désolé, je ne peux pas répondre à cela ici — le cabinet pourra le faire. ")
		} else {
			say("Sorry, I didn't understand that. ", "Pardon, je n'ai pas compris. ")
		}
		if known != "" {
			say("I understood %s; ", "J'ai compris %s ; ", known)
			say("%s For example “%s”.", "%s Par exemple « %s ».", need.question(lang, false), ex)
		} else {
			if st.Task == TaskNone {
				say("I book, move and cancel appointments with %s. ", "Je prends, déplace et annule les rendez-vous chez %s. ", kindsOffered(lang))
			}
			say("%s For example “%s”.", "%s Par exemple « %s ».", need.question(lang, true), ex)
		}
	case n == 2:
		say("I still didn't get it, sorry. ", "Je n'ai toujours pas compris, désolé. ")
		if known != "" {
			say("So far I have %s. ", "Pour l'instant j'ai %s. ", known)
		}
		say("What I need now is %s. You could say “%s”.", "Il me faut maintenant %s. Vous pouvez dire « %s ».", need.noun(lang), ex)
	case n%2 == 1:
		say("Let me help: I can book an appointment (say “a dentist in Lyon tomorrow morning”), move or cancel one (give its reference, like RDV-7K3M9QXW2A), or list your appointments. ",
			"Je vous aide : je peux prendre un rendez-vous (dites « un dentiste à Lyon demain matin »), le déplacer ou l'annuler (donnez sa référence, comme RDV-7K3M9QXW2A), ou lister vos rendez-vous. ")
		if known != "" {
			say("For this one I have %s, and I need %s. ", "Pour celui-ci j'ai %s, et il me faut %s. ", known, need.noun(lang))
		} else {
			say("Right now I need %s. ", "Là, il me faut %s. ", need.noun(lang))
		}
		say("For example “%s”. ", "Par exemple « %s ». ", ex)
		say("If you'd rather talk to someone, please contact the practice directly.", "Si vous préférez parler à quelqu'un, contactez directement le cabinet.")
	default:
		say("Here is what I can do: find a free slot and book it, move or cancel a booking, or show your appointments. ",
			"Voici ce que je sais faire : trouver un créneau libre et le réserver, déplacer ou annuler un rendez-vous, ou afficher vos rendez-vous. ")
		if known != "" {
			say("I have %s; what I'm missing is %s. ", "J'ai %s ; ce qui me manque, c'est %s. ", known, need.noun(lang))
		} else {
			say("What I'm missing is %s. ", "Ce qui me manque, c'est %s. ", need.noun(lang))
		}
		say("You could say “%s”, or contact the practice directly.", "Vous pouvez dire « %s », ou contacter directement le cabinet.", ex)
	}
	t.say = []string{strings.TrimSpace(b.String())}
}

// whyDetail reports whether the message asks why a detail is asked for
// ("why do you need my email?", "pourquoi faire ?", "c'est obligatoire ?")
// while the agent waits for one.
func (t *turn) whyDetail() bool {
	switch t.st.Awaiting {
	case AwaitName, AwaitEmail, AwaitPhone:
	default:
		return false
	}
	msg := " " + rendezvous.FoldKey(t.message) + " "
	for _, w := range []string{" why ", " pourquoi ", " obligatoire ", " necessary ", " necessaire ", " what for ", " required ",
		" do you need ", " must i ", " have to give ", " besoin de mon ", " besoin de ma "} {
		if strings.Contains(msg, w) {
			return true
		}
	}
	return false
}

// known sums up what the conversation has established: "a dentist in
// Lyon, tomorrow morning", "your appointment with Dr Léa Leroy tomorrow
// at 9:30". A provider's name is said only once the directory has it.
func (t *turn) known() string {
	st, lang := t.st, t.lang
	switch {
	case st.Pending != nil && st.Chosen != nil && st.Pending.Kind == "book":
		c := st.Chosen
		return fmt.Sprintf(pick(lang, "%s with %s, for %s", "%s avec %s, au nom %s"), when(c.Start, t.now, lang), c.ProviderName, de(lang, st.Customer.Name))
	case st.Target != nil:
		return fmt.Sprintf(pick(lang, "your appointment with %s %s", "votre rendez-vous avec %s %s"), st.Target.ProviderName, when(st.Target.Start, t.now, lang))
	case st.Task == TaskCancel:
		return pick(lang, "a request to cancel an appointment", "une demande d'annulation de rendez-vous")
	case st.Task == TaskReschedule:
		return pick(lang, "a request to move an appointment", "une demande de déplacement de rendez-vous")
	case st.Task == TaskList:
		return pick(lang, "a request to see your appointments", "une demande pour voir vos rendez-vous")
	case st.Chosen != nil:
		return fmt.Sprintf(pick(lang, "%s with %s", "%s avec %s"), when(st.Chosen.Start, t.now, lang), st.Chosen.ProviderName)
	}
	var parts []string
	what := ""
	switch {
	case st.ProviderID != 0:
		what = st.ProviderName
	case st.Kind != "":
		what = kindPhrase(st.Kind, lang)
	}
	if st.City != "" {
		if what == "" {
			what = pick(lang, "an appointment", "un rendez-vous")
		}
		what += pick(lang, " in ", " à ") + st.City
	}
	if what != "" {
		parts = append(parts, what)
	}
	if st.Date != "" {
		if d, err := time.Parse("2006-01-02", st.Date); err == nil {
			parts = append(parts, pick(lang, day(d, t.now, "en"), dayFR(d, t.now)))
		}
	}
	switch {
	case st.Time != "":
		parts = append(parts, pick(lang, "at ", "à ")+clock(clockOn(st.Time), lang))
	case st.PartOfDay != "":
		parts = append(parts, partOfDay(st.PartOfDay, lang))
	}
	return strings.Join(parts, ", ")
}

func partOfDay(p, lang string) string {
	switch p {
	case "morning":
		return pick(lang, "in the morning", "le matin")
	case "afternoon":
		return pick(lang, "in the afternoon", "l'après-midi")
	case "evening":
		return pick(lang, "in the evening", "en soirée")
	}
	return p
}

// need is what the agent waits for, said as a question and as a noun,
// with examples of answers.
type need struct {
	qEN, qFR, nounEN, nounFR string
	exEN, exFR               []string
}

func (n need) question(lang string, capital bool) string {
	q := pick(lang, n.qEN, n.qFR)
	if capital {
		return capitalize(q)
	}
	return q
}

func (n need) noun(lang string) string { return pick(lang, n.nounEN, n.nounFR) }

// examples returns an example for the n-th misunderstanding in a row:
// another one each time.
func (n need) examples(lang string, i int) string {
	ex := n.exEN
	if lang == "fr" {
		ex = n.exFR
	}
	return ex[(i-1)%len(ex)]
}

// needed returns what the agent waits for.
func (t *turn) needed() need {
	st := t.st
	switch st.Awaiting {
	case AwaitKind:
		return need{"what kind of appointment do you need?", "quel type de rendez-vous vous faut-il ?",
			"the kind of appointment (" + kindChoices("en") + ")", "le type de rendez-vous (" + kindChoices("fr") + ")",
			[]string{"a dentist", "a hairdresser on Saturday", "a doctor in Paris"}, []string{"un dentiste", "un coiffeur samedi", "un médecin à Paris"}}
	case AwaitCity:
		return need{"in which city?", "dans quelle ville ?", "the city" + t.citiesHint("en"), "la ville" + t.citiesHint("fr"),
			[]string{"Lyon", "in Paris", "Marseille"}, []string{"Lyon", "à Paris", "Marseille"}}
	case AwaitDate:
		return need{"which day suits you?", "quel jour vous arrange ?", "the day", "le jour",
			[]string{"Tuesday morning", "tomorrow at 10", "Friday afternoon"}, []string{"mardi matin", "demain à 10h", "vendredi après-midi"}}
	case AwaitTime:
		return need{"what time suits you?", "à quelle heure ?", "the time", "l'heure",
			[]string{"10:30", "in the afternoon", "around 4pm"}, []string{"10h30", "l'après-midi", "vers 16h"}}
	case AwaitSlotChoice:
		list := t.proposalList()
		return need{"which of these slots suits you: " + list + "?", "lequel de ces créneaux vous convient : " + list + " ?",
			"which slot you want: " + list, "le créneau que vous choisissez : " + list,
			[]string{"the first one", "the second one", "another day"}, []string{"le premier", "le deuxième", "un autre jour"}}
	case AwaitProvider:
		list := t.optionList()
		return need{"which of these do you mean: " + list + "?", "lequel voulez-vous dire : " + list + " ?",
			"which of them you mean: " + list, "celui que vous voulez dire : " + list,
			[]string{"the first one", "number 2", "the one in " + t.firstOptionCity()}, []string{"le premier", "le numéro 2", "celui de " + t.firstOptionCity()}}
	case AwaitName:
		return need{"what name should I book it under?", "à quel nom dois-je réserver ?", "the name to book under", "le nom pour la réservation",
			[]string{"Marie Curie", "my name is Marie Curie", "Marie Curie"}, []string{"Marie Curie", "je m'appelle Marie Curie", "Marie Curie"}}
	case AwaitEmail:
		return need{"what's your email address?", "quelle est votre adresse e-mail ?", "your email address", "votre adresse e-mail",
			[]string{"marie@example.com", "my email is marie@example.com", "marie@example.com"}, []string{"marie@exemple.fr", "mon mail c'est marie@exemple.fr", "marie@exemple.fr"}}
	case AwaitPhone:
		ex := rendezvous.PhoneExample(t.regions()[0])
		return need{"what phone number can the practice reach you on?", "à quel numéro le cabinet peut-il vous joindre ?",
			"a phone number", "un numéro de téléphone", []string{ex, "+44 20 7946 0958", ex}, []string{ex, "mon numéro c'est " + ex, ex}}
	case AwaitConfirmation:
		verb := map[string][2]string{"book": {"book it", "je réserve"}, "cancel": {"cancel it", "j'annule"}, "reschedule": {"move it", "je le déplace"}}
		v := verb["book"]
		if st.Pending != nil {
			if x, ok := verb[st.Pending.Kind]; ok {
				v = x
			}
		}
		return need{"nothing is done yet: shall I " + v[0] + "? Please answer yes or no.", "rien n'est fait pour l'instant : " + v[1] + " ? Répondez oui ou non.",
			"a plain yes or no (nothing is done yet)", "un oui ou un non (rien n'est fait pour l'instant)",
			[]string{"yes", "no", "yes please"}, []string{"oui", "non", "oui, allez-y"}}
	case AwaitReference:
		return need{"what's the booking reference?", "quelle est la référence du rendez-vous ?", "the booking reference", "la référence du rendez-vous",
			[]string{"RDV-7K3M9QXW2A", "my reference is RDV-7K3M9QXW2A", "RDV-7K3M9QXW2A"}, []string{"RDV-7K3M9QXW2A", "ma référence est RDV-7K3M9QXW2A", "RDV-7K3M9QXW2A"}}
	}
	return need{"what would you like to do?", "que voulez-vous faire ?", "what you would like to do", "ce que vous voulez faire",
		[]string{"a dentist in Lyon tomorrow morning", "cancel my appointment", "a hairdresser in Paris on Saturday"},
		[]string{"un dentiste à Lyon demain matin", "annuler mon rendez-vous", "un coiffeur à Paris samedi"}}
}

// citiesHint names a few cities the agent books in, for the city asked.
func (t *turn) citiesHint(lang string) string {
	if t.m.cities == nil {
		return ""
	}
	cities, err := t.m.cities(t.ctx)
	if err != nil || len(cities) == 0 {
		return ""
	}
	if len(cities) > 4 {
		return pick(lang, " (I book in "+strings.Join(cities[:4], ", ")+" and more)", " (je réserve à "+strings.Join(cities[:4], ", ")+" et ailleurs)")
	}
	return pick(lang, " (I book in "+strings.Join(cities, ", ")+")", " (je réserve à "+strings.Join(cities, ", ")+")")
}

// proposalList lists the proposals, numbered.
func (t *turn) proposalList() string {
	var items []string
	for i, p := range t.st.Proposals {
		items = append(items, fmt.Sprintf(pick(t.lang, "%d) %s with %s", "%d) %s avec %s"), i+1, when(p.Start, t.now, t.lang), p.ProviderName))
	}
	return strings.Join(items, "; ")
}

// optionList lists the providers a name may mean, numbered.
func (t *turn) optionList() string {
	var items []string
	for i, o := range t.st.Options {
		items = append(items, fmt.Sprintf(pick(t.lang, "%d) %s in %s", "%d) %s à %s"), i+1, o.Name, o.City))
	}
	return strings.Join(items, "; ")
}

func (t *turn) firstOptionCity() string {
	if len(t.st.Options) > 0 {
		return t.st.Options[0].City
	}
	return "Paris"
}
