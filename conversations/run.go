package conversations

import (
	"fmt"
	"strings"
)

// Checked reports whether the conversation ends in an outcome that is
// checked in the store (the few without one only exercise the harness).
func (c Conversation) Checked() bool { return c.check != nil }

// EmbeddedOnly reports whether the conversation needs what only the
// embedded understanding reads today: windows of the day, follow-ups on
// proposals, the day and time under discussion.
func (c Conversation) EmbeddedOnly() bool { return c.embedded }

// Play holds the conversation in w and checks its outcome; failures go to
// t.
func (c Conversation) Play(t T, w *World) *Harness {
	h := NewHarness(t, w)
	c.play(h)
	return h
}

func (c Conversation) play(h *Harness) {
	steps := c.steps
	if c.setup != nil {
		steps = append(c.setup(h), steps...)
	}
	for _, s := range steps {
		h.say(s.say, s.awaiting)
	}
	if c.check != nil {
		c.check(h)
	}
}

// Outcome is how one conversation went, for the evaluation.
type Outcome struct {
	Name     string
	OK       bool
	Failure  string
	Turns    int
	Bookings int // bookings made, moved or cancelled
	// ModelTokens are the tokens a language-model brain spent on it.
	ModelTokens int64
}

// recorder is a T that stops the conversation at the first failure.
type recorder struct {
	failures []string
}

type stop struct{}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
	panic(stop{})
}
func (r *recorder) Fatal(args ...any) {
	r.failures = append(r.failures, fmt.Sprint(args...))
	panic(stop{})
}
func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

// Evaluate holds the conversation in w and says how it went, without a
// testing.T.
func (c Conversation) Evaluate(w *World) (out Outcome) {
	rec := &recorder{}
	h := NewHarness(rec, w)
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(stop); !ok {
				panic(v)
			}
		}
		out = Outcome{Name: c.Name, OK: len(rec.failures) == 0, Turns: len(h.trans) / 2, Bookings: len(h.made), ModelTokens: h.st.ModelTokens}
		if !out.OK {
			out.Failure = strings.SplitN(rec.failures[0], "\n", 2)[0]
		}
	}()
	c.play(h)
	return out
}
