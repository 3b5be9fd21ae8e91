package dialogue

import (
	"slices"
	"strings"

	"github.com/rendezvous-oss/rendezvous/understand"
)

// A trade the agent does not book (an osteopath, a vet) is said to be
// so. A kind that may do instead is only ever offered as a question: the
// agent never searches another kind than the one asked for unasked.

// absorbTrade takes the trade the message asks for, and the kind
// suggested in the previous reply, which holds for this message only.
func (t *turn) absorbTrade() {
	st, r := t.st, &t.r
	t.suggested, st.Suggested = st.Suggested, ""
	if r.Unoffered == "" || r.Kind != "" {
		return
	}
	if !slices.Contains(understand.Trades(), r.Unoffered) {
		r.Unoffered = "" // a model's answer is checked like any other
		return
	}
	t.unoffered, t.usedSomething = r.Unoffered, true
	if st.Kind != "" {
		// Asked for something else than the kind searched so far: that
		// kind is no longer wanted.
		st.Kind = ""
		st.resetSearch()
	}
}

// notOffered says the trade is not booked, and asks whether the kind
// near it would do, or which kind of those booked is wanted. Asked for the
// same trade again ("no, I really need an osteopath"), it says so plainly
// and leaves it there.
func (t *turn) notOffered() {
	what := tradePhrase(t.unoffered, t.lang)
	if near := t.unoffered.Near(); near.Valid() {
		t.st.Suggested = string(near)
		t.ask(AwaitKind, "don_book_would_do",
			what, kindPhrase(string(near), t.lang))
	} else {
		t.ask(AwaitKind, "don_book_book_appointments_with",
			what, kindsOffered(t.lang))
	}
	if replyKey(strings.Join(t.say, " ")) == t.st.LastReply {
		t.say = nil
		t.endTask()
		t.add("m_sorry_really_can_book",
			what)
	}
}

// takeSuggestion handles the answer to "Would a physiotherapist do?": a
// yes takes that kind; a no ends the request, and is answered (true).
func (t *turn) takeSuggestion() bool {
	st, r := t.st, t.r
	if t.suggested == "" || st.Kind != "" || st.Awaiting != AwaitKind {
		return false
	}
	switch r.Intent {
	case understand.IntentAffirm:
		st.Kind, t.usedSomething, t.searchChanged = t.suggested, true, true
		st.resetSearch()
	case understand.IntentDeny:
		t.endTask()
		t.usedSomething = true
		t.add("all_right_won_look_for")
		return true
	}
	return false
}
