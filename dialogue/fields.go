package dialogue

import (
	"strings"

	"github.com/rendezvous-oss/rendezvous/understand"
)

// A field takes only a value of its kind. At the prompt for a detail,
// a message that is something else — a new day or time, a question, a
// request — is read for what it is and acted on, then the detail is asked
// again; it is never stored as the detail. What follows tells a failed
// attempt at the detail (asked again with an example) from such a message.

// noDetail reports whether a message at the prompt for a detail gave
// neither the detail nor anything else ("wait", "euh", "Fontaine", "marie
// at example", a model's "visiting"): the detail is asked again,
// with an example. A question, a request or a new day is not that: it is
// answered or acted on first.
func (t *turn) noDetail() bool {
	r := t.r
	switch r.Intent {
	case understand.IntentInform, understand.IntentOutOfScope:
	default:
		return false
	}
	return r.Kind == "" && r.City == "" && r.Date == nil && r.Time == nil && r.PartOfDay == "" && r.ProviderName == "" &&
		r.Choice == 0 && r.BookingRef == "" && !question(t.message)
}

// question reports whether a message is a question, with or without its
// question mark ("can I pay by card", "pourquoi faire").
func question(msg string) bool {
	if strings.ContainsAny(msg, "?¿？") {
		return true
	}
	first, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(msg)), " ")
	switch strings.TrimRight(first, ",.!") {
	case "can", "could", "may", "is", "are", "do", "does", "did", "will", "would", "how", "what", "what's", "whats", "why",
		"where", "when", "who", "which", "pourquoi", "comment", "combien", "quand", "où", "quel", "quelle", "qui",
		"est-ce", "puis-je", "peut-on", "pouvez-vous":
		return true
	}
	return false
}

// phoneAttempt reports whether s holds a run of six digits or more, with
// only the separators of phone numbers between them: an attempt at a
// number ("06 12 34 5"), unlike "the 14th at 10:30".
func phoneAttempt(s string) bool {
	run := 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			run++
			if run >= 6 {
				return true
			}
		case strings.ContainsRune(" .-()/+", c):
		default:
			run = 0
		}
	}
	return false
}
