package conversations

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// CorpusResult is how one conversation of the corpus went.
type CorpusResult struct {
	Conversation CorpusConversation
	// Problems say how the outcome differs from the expected one.
	Problems []string
	// Unsafe are the changes the agent made that it must never make:
	// without a clear yes to the summary it showed, or of a kind the
	// customer did not ask for (a cancellation instead of a move, anything
	// in a conversation that must change nothing). They fail the test
	// even in a known failure.
	Unsafe []string
	// Transcript is the conversation as it went.
	Transcript []string
}

// Passed reports whether the conversation reached its expected outcome
// safely.
func (r CorpusResult) Passed() bool { return len(r.Problems) == 0 && len(r.Unsafe) == 0 }

// Summary is the first problem, on one line.
func (r CorpusResult) Summary() string {
	all := append(slices.Clone(r.Unsafe), r.Problems...)
	if len(all) == 0 {
		return ""
	}
	return strings.SplitN(all[0], "\n", 2)[0]
}

// act is a change the agent made in one turn.
type act struct {
	action    string // booked, cancelled, rescheduled
	bookingID string
	start     time.Time // the booking's start after the change
	message   string
	turn      int // message number, from 1
}

// play is one conversation being played on a site.
type play struct {
	c       CorpusConversation
	cl      *client
	res     *CorpusResult
	setup   *httpapi.BookingJSON // the booking made before, if any
	tokens  map[string]string    // manage token of each booking seen
	acts    []act
	last    *httpapi.ChatResponseJSON
	offered [][]httpapi.SlotJSON // proposals after each message (nil when skipped)
	seen    map[int64]bool       // providers the conversation touched
}

// PlayCorpus plays the conversation over HTTP on a fresh site of tmpl
// and checks its outcome through the API.
func PlayCorpus(ctx context.Context, tmpl *Template, c CorpusConversation) CorpusResult {
	res := CorpusResult{Conversation: c}
	var at time.Time
	if c.Now != "" {
		at, _ = time.Parse(time.RFC3339, c.Now) // checked when loaded
	}
	site, err := tmpl.Serve(ctx, at)
	if err != nil {
		res.Problems = append(res.Problems, "site: "+err.Error())
		return res
	}
	defer site.Close()
	p := &play{c: c, cl: newClient(site), res: &res, tokens: map[string]string{}, seen: map[int64]bool{}}
	if err := p.run(ctx); err != nil {
		res.Problems = append(res.Problems, err.Error())
		return res
	}
	p.check(ctx)
	return res
}

func (p *play) problem(format string, args ...any) {
	p.res.Problems = append(p.res.Problems, fmt.Sprintf(format, args...))
}

func (p *play) run(ctx context.Context) error {
	if err := p.makeSetup(ctx); err != nil {
		return err
	}
	awaiting := dialogue.AwaitKind
	for i, s := range p.c.Messages {
		if s.If != "" && s.If != awaiting {
			p.offered = append(p.offered, nil)
			p.res.Transcript = append(p.res.Transcript, fmt.Sprintf("  (not said, the agent awaits %s: %q)", awaiting, p.expand(s.Say)))
			continue
		}
		msg := p.expand(s.Say)
		r, err := p.cl.say(ctx, msg)
		if err != nil {
			return fmt.Errorf("message %d %q: %w", i+1, msg, err)
		}
		p.last = r
		p.offered = append(p.offered, r.State.Proposals)
		for _, o := range r.State.Proposals {
			p.seen[o.ProviderID] = true
		}
		p.res.Transcript = append(p.res.Transcript, "> "+msg, "< "+r.Reply+"   ["+string(r.State.Awaiting)+strings.Join(append([]string{""}, r.Actions...), " ")+"]")
		if r.Booking != nil {
			p.seen[r.Booking.ProviderID] = true
			if r.Booking.ManageToken != "" {
				p.tokens[r.Booking.ID] = r.Booking.ManageToken
			}
		}
		for _, a := range r.Actions {
			if a != "booked" && a != "cancelled" && a != "rescheduled" {
				continue
			}
			x := act{action: a, message: msg, turn: i + 1}
			if r.Booking != nil {
				x.bookingID, x.start = r.Booking.ID, r.Booking.Start
			}
			p.acts = append(p.acts, x)
			p.checkAct(x, awaiting)
		}
		p.checkReply(fmt.Sprintf("reply %d", i+1), r, s.Reply, s.Language)
		awaiting = string(r.State.Awaiting)
	}
	if p.last == nil {
		return fmt.Errorf("no message was said")
	}
	return nil
}

// makeSetup books the setup's slot through the API.
func (p *play) makeSetup(ctx context.Context) error {
	st := p.c.Setup
	if st == nil {
		return nil
	}
	slots, err := p.cl.earliest(ctx, st.Kind, st.City, st.After)
	if err != nil {
		return fmt.Errorf("setup: %w", err)
	}
	for _, s := range slots {
		b, err := p.cl.book(ctx, s, httpapi.CustomerJSON{Name: st.Name, Email: st.Email, Phone: st.Phone})
		if err == nil {
			p.setup, p.tokens[b.ID] = b, b.ManageToken
			p.seen[b.ProviderID] = true
			p.res.Transcript = append(p.res.Transcript, fmt.Sprintf("  (booked beforehand: %s with %s at %s)", b.ID, b.ProviderName, b.Start.Format(time.RFC3339)))
			return nil
		}
	}
	return fmt.Errorf("setup: no slot could be booked for a %s in %s from %s", st.Kind, st.City, st.After)
}

// expand writes the setup booking's reference and email into a message.
func (p *play) expand(msg string) string {
	if p.setup == nil {
		return msg
	}
	return strings.NewReplacer("{ref}", p.setup.ID, "{ref_lower}", strings.ToLower(p.setup.ID), "{email}", p.c.Setup.Email).Replace(msg)
}

// checkAct records a change the agent must not have made.
func (p *play) checkAct(a act, awaiting string) {
	action := map[string]understand.Action{"booked": understand.ActionBook, "cancelled": understand.ActionCancel, "rescheduled": understand.ActionReschedule}[a.action]
	unsafe := func(why string) {
		p.res.Unsafe = append(p.res.Unsafe, fmt.Sprintf("UNSAFE: %s after message %d %q: %s", a.action, a.turn, a.message, why))
	}
	switch want := p.c.Expect.Outcome; {
	case awaiting != dialogue.AwaitConfirmation:
		unsafe("the agent was not waiting for a confirmation but for " + awaiting)
	case !understand.ClearYes(a.message, action):
		unsafe("not a clear yes")
	case want == OutcomeNothing:
		unsafe("the conversation must change nothing")
	case a.action == "cancelled" && want != OutcomeCancelled:
		unsafe("the customer did not ask for a cancellation (want " + want + ")")
	case a.action == "rescheduled" && want != OutcomeMoved:
		unsafe("the customer did not ask to move a booking (want " + want + ")")
	}
}

// checkReply checks that a reply mentions what it must, in its language.
func (p *play) checkReply(which string, r *httpapi.ChatResponseJSON, mentions []string, lang string) {
	for _, m := range mentions {
		if m = p.expand(m); !mentionsAny(r.Reply, m) {
			p.problem("%s does not mention %q: %q", which, m, r.Reply)
		}
	}
	if lang != "" && r.Language != lang {
		p.problem("%s is in %q, want %q: %q", which, r.Language, lang, r.Reply)
	}
	// Every reply: a message left unformatted (a verb not filled, an
	// argument left over, a key said instead of its text) is a defect the
	// customer sees.
	for _, bad := range []string{"%!", "%s", "%d", "%v"} {
		if strings.Contains(r.Reply, bad) {
			p.problem("%s holds %q, a message not formatted: %q", which, bad, r.Reply)
		}
	}
}

// mentionsAny reports whether text mentions one of the |-separated
// alternatives, compared as folded words (case and accents aside).
func mentionsAny(text, alternatives string) bool {
	folded := " " + rendezvous.FoldKey(text) + " "
	for _, a := range strings.Split(alternatives, "|") {
		if k := rendezvous.FoldKey(a); k != "" && strings.Contains(folded, k) {
			return true
		}
	}
	return false
}

// made returns the ids of the bookings the conversation made.
func (p *play) made() []string {
	var ids []string
	for _, a := range p.acts {
		if a.action == "booked" && !slices.Contains(ids, a.bookingID) {
			ids = append(ids, a.bookingID)
		}
	}
	return ids
}
