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
		t.answered, t.notedParty:
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
			t.say[0] = text(t.lang, "as_i_said") + t.say[0]
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
	say := func(key string, args ...any) { fmt.Fprintf(&b, placed(text(lang, key), lang, st.Kind), args...) }
	// "Why do you need it?", "do I have to?": answered however often it
	// comes (in place of "I didn't understand"), each time with the next
	// wording of what is needed.
	why := t.whyDetail()
	if why {
		say("practice_needs_name_an_email")
	}
	switch {
	case n == 1:
		switch {
		case why: // answered above
		case question(t.message) && len(strings.Fields(t.message)) >= 3:
			// "can I pay by card": a question it has no answer to ("what?"
			// is rather not understanding the agent).
			say("sorry_can_answer_that_here")
		default:
			say("sorry_didn_understand_that")
		}
		if known != "" {
			say("understood", known)
			say("for_example", need.question(lang, false), ex)
		} else {
			if st.Task == TaskNone {
				say("book_move_and_cancel_appointments", kindsOffered(lang))
			}
			say("for_example", need.question(lang, true), ex)
		}
	case n == 2:
		if !why {
			say("still_didn_get_it_sorry")
		}
		if known != "" {
			say("so_far_have", known)
		}
		say("what_need_now_is_you", need.noun(lang), ex)
	case n%2 == 1:
		say("let_me_help_can_book")
		if known != "" {
			say("for_this_one_have_and", known, need.noun(lang))
		} else {
			say("right_now_need", need.noun(lang))
		}
		say("for_example_2", ex)
		say("if_you_d_rather_talk")
	default:
		say("here_is_what_can_do")
		if known != "" {
			say("have_what_m_missing_is", known, need.noun(lang))
		} else {
			say("what_m_missing_is", need.noun(lang))
		}
		say("you_could_say_or_contact", ex)
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
		" do you need ", " must i ", " have to give ", " besoin de mon ", " besoin de ma ",
		" do i have to ", " do i need to ", " mandatory ", " compulsory ", " rather not ", " prefer not ", " skip ",
		" without ", " is it needed ", " a quoi ca sert ", " je dois ", " faut il ", " oblige ", " obligee ",
		" sans ", " je prefere ne pas ", " pas envie ", " est ce necessaire ", " c est necessaire "} {
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
		return fmt.Sprintf(text(lang, "summary_slot_for"), when(c.Start, t.now, lang), c.ProviderName, de(lang, st.Customer.Name))
	case st.Target != nil:
		return fmt.Sprintf(text(lang, "known_appointment"), st.Target.ProviderName, when(st.Target.Start, t.now, lang))
	case st.Task == TaskCancel:
		return text(lang, "request_to_cancel_an_appointment")
	case st.Task == TaskReschedule:
		return text(lang, "request_to_move_an_appointment")
	case st.Task == TaskList:
		return text(lang, "request_to_see_your_appointments")
	case st.Chosen != nil:
		return fmt.Sprintf(text(lang, "slot_with"), when(st.Chosen.Start, t.now, lang), st.Chosen.ProviderName)
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
			what = text(lang, "an_appointment")
		}
		what += text(lang, "in_city") + st.City
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
		parts = append(parts, text(lang, "at_time_start")+clock(clockOn(st.Time), lang))
	case st.PartOfDay != "":
		parts = append(parts, partOfDay(st.PartOfDay, lang))
	}
	return strings.Join(parts, ", ")
}

func partOfDay(p, lang string) string {
	switch p {
	case "morning":
		return text(lang, "in_morning")
	case "afternoon":
		return text(lang, "in_afternoon")
	case "evening":
		return text(lang, "in_evening")
	}
	return p
}

// need is what the agent waits for, said as a question and as a noun,
// with examples of answers: the catalogs' "need_<what>_question",
// "_noun" and "_examples" (separated by "|").
type need struct {
	q, what string
	ex      []string
}

// needOf reads what a need says in lang; args fill the verbs of its
// question and noun, example the verbs of its examples.
//
// The question, the noun and the examples each take only the arguments
// their text has verbs for: "what kind of appointment do you need?" has
// none, "the kind of appointment (%s)" one.
func needOf(lang, what string, args []any, example ...any) need {
	ex := strings.Split(formatUsed(lang, "need_"+what+"_examples", example), "|")
	return need{q: formatUsed(lang, "need_"+what+"_question", args), what: formatUsed(lang, "need_"+what+"_noun", args), ex: ex}
}

// formatUsed says the message key in lang with as many of args as its
// text has verbs, so that an argument some languages' text leaves out is
// never printed as "%!(EXTRA …)".
func formatUsed(lang, key string, args []any) string {
	s := text(lang, key)
	n := strings.Count(s, "%") - 2*strings.Count(s, "%%")
	return fmt.Sprintf(s, args[:min(max(n, 0), len(args))]...)
}

// placed says the need of the place of a provider of kind (see placed).
func (n need) placed(lang, kind string) need {
	n.q, n.what = placed(n.q, lang, kind), placed(n.what, lang, kind)
	return n
}

func (n need) question(_ string, capital bool) string {
	if capital {
		return capitalize(n.q)
	}
	return n.q
}

func (n need) noun(string) string { return n.what }

// examples returns an example for the n-th misunderstanding in a row:
// another one each time.
func (n need) examples(_ string, i int) string {
	return n.ex[(i-1)%len(n.ex)]
}

// needed returns what the agent waits for.
func (t *turn) needed() need {
	st, lang := t.st, t.lang
	switch st.Awaiting {
	case AwaitKind:
		return needOf(lang, "kind", []any{kindChoices(lang)})
	case AwaitCity:
		return needOf(lang, "city", []any{t.citiesHint(lang)})
	case AwaitDate, AwaitTime, AwaitName, AwaitEmail, AwaitReference:
		return needOf(lang, st.Awaiting, nil)
	case AwaitSlotChoice:
		return needOf(lang, "slot_choice", []any{t.proposalList()})
	case AwaitProvider:
		return needOf(lang, "provider_choice", []any{t.optionList()}, t.firstOptionCity())
	case AwaitPhone:
		return needOf(lang, "phone", nil, rendezvous.PhoneExample(t.regions()[0])).placed(lang, st.Kind)
	case AwaitConfirmation:
		verb := "book"
		if st.Pending != nil && (st.Pending.Kind == "cancel" || st.Pending.Kind == "reschedule") {
			verb = st.Pending.Kind
		}
		return needOf(lang, "confirmation", []any{text(lang, "confirm_verb_"+verb)})
	}
	return needOf(lang, "anything", nil)
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
		return format(lang, "cities_hint_more", strings.Join(cities[:4], ", "))
	}
	return format(lang, "cities_hint", strings.Join(cities, ", "))
}

// proposalList lists the proposals, numbered.
func (t *turn) proposalList() string {
	var items []string
	for i, p := range t.st.Proposals {
		items = append(items, fmt.Sprintf(text(t.lang, "numbered_slot"), i+1, when(p.Start, t.now, t.lang), p.ProviderName))
	}
	return strings.Join(items, "; ")
}

// optionList lists the providers a name may mean, numbered.
func (t *turn) optionList() string {
	var items []string
	for i, o := range t.st.Options {
		items = append(items, fmt.Sprintf(text(t.lang, "numbered_provider_in_city"), i+1, o.Name, o.City))
	}
	return strings.Join(items, "; ")
}

func (t *turn) firstOptionCity() string {
	if len(t.st.Options) > 0 {
		return t.st.Options[0].City
	}
	return "Paris"
}
