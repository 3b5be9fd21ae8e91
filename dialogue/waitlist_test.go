package dialogue_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/notify"
	"github.com/rendezvous-oss/rendezvous/verify"
	"github.com/rendezvous-oss/rendezvous/waitlist"
)

// mailbag keeps the messages sent: the codes the customers type back.
type mailbag struct {
	mu   sync.Mutex
	msgs []*notify.Message
}

func (b *mailbag) Send(_ context.Context, m *notify.Message) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.msgs = append(b.msgs, m)
	return nil
}

// code returns the last code sent to addr.
func (b *mailbag) code(t *testing.T, addr string) string {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := len(b.msgs) - 1; i >= 0; i-- {
		if m := b.msgs[i]; m.To == addr && m.Kind == notify.KindCode {
			return m.Subject[len(m.Subject)-6:]
		}
	}
	t.Fatalf("no code sent to %s", addr)
	return ""
}

// prover proves addresses with verify's codes, as the server's chat does.
type prover struct {
	v    *verify.Service
	desk *booking.Desk
}

func (p prover) SendCode(ctx context.Context, email, lang, client string) (string, error) {
	st, err := p.v.Start(ctx, email, lang, client)
	if err != nil {
		return "", err
	}
	return st.ID, nil
}

func (p prover) CheckCode(ctx context.Context, id, code string) (string, error) {
	_, email, err := p.v.Confirm(ctx, id, code)
	return email, err
}

func (p prover) ExportByEmail(ctx context.Context, email string) (*booking.Export, error) {
	return p.desk.ExportByEmail(ctx, email)
}

// waitlistWorld is the conversation world with the waitlist: its tool,
// codes that prove addresses, and their messages in a bag.
type waitlistWorld struct {
	m    *dialogue.Manager
	bag  *mailbag
	list *waitlist.Service
}

func newWaitlistWorld(t *testing.T) *waitlistWorld {
	t.Helper()
	w := getWorld(t)
	clock := func() time.Time { return now }
	tokens, err := auth.NewTokens(auth.TokensConfig{Secret: bytes.Repeat([]byte("w"), 32), Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	bag := &mailbag{}
	v := verify.New(verify.Config{Store: w.Store, Tokens: tokens, Sender: bag, Now: clock,
		Render: func(lang, to, code string) *notify.Message { return notify.Renderer{}.Code(lang, to, code, 10) }})
	list := waitlist.New(waitlist.Config{Store: w.Store, Desk: w.Desk, Tokens: tokens, Sender: bag, MaxPerAddress: 1000})
	tools := dialogue.NewRegistry(w.Desk, dialogue.Limits{}, nil, dialogue.WaitlistTool(list))
	m := dialogue.NewManager(dialogue.ManagerConfig{Brain: dialogue.NewEmbeddedBrain(w.Desk.Names, 0), Tools: tools, Zones: w.Desk.CityZone,
		Cities: w.Desk.Cities, DefaultZone: now.Location(), Now: clock, Prover: prover{v, w.Desk}})
	return &waitlistWorld{m: m, bag: bag, list: list}
}

func (ww *waitlistWorld) say(t *testing.T, st *dialogue.State, msg string) *dialogue.Reply {
	t.Helper()
	r, err := ww.m.Turn(context.Background(), st, dialogue.Message{Text: msg})
	if err != nil {
		t.Fatalf("Turn(%q): %v", msg, err)
	}
	t.Logf("> %s\n< %s [%s]", msg, r.Text, st.Awaiting)
	return r
}

// offered starts a conversation whose search finds nothing, in lang, and
// checks that the agent offers the waitlist.
func (ww *waitlistWorld) offered(t *testing.T, lang string) *dialogue.State {
	t.Helper()
	st := &dialogue.State{}
	opening := map[string]string{"en": "a dentist in Lyon on Sunday", "fr": "un dentiste à Lyon dimanche"}[lang]
	r := ww.say(t, st, opening)
	if st.Awaiting != dialogue.AwaitWaitlist || st.Waitlist == nil || !strings.Contains(r.Text, map[string]string{"en": "email you", "fr": "vous écrive"}[lang]) {
		t.Fatalf("no waitlist offered: %q [%s]", r.Text, st.Awaiting)
	}
	return st
}

// TestWaitlistAnswers: several ways of saying yes accept the offer; no
// declines it; a question, a hesitation or a condition is not a yes.
func TestWaitlistAnswers(t *testing.T) {
	ww := newWaitlistWorld(t)
	for _, tc := range []struct {
		lang, msg string
		want      string // "accepted", "declined", "not_a_yes"
	}{
		{"en", "yes", "accepted"},
		{"en", "yes please", "accepted"},
		{"en", "ok, let me know", "accepted"},
		{"en", "sure, email me", "accepted"},
		{"en", "yes, notify me please", "accepted"},
		{"fr", "oui", "accepted"},
		{"fr", "oui, prévenez-moi", "accepted"},
		{"fr", "d'accord, tenez-moi au courant", "accepted"},
		{"fr", "oui écrivez-moi svp", "accepted"},
		{"en", "no", "declined"},
		{"en", "no thanks", "declined"},
		{"fr", "non", "declined"},
		{"fr", "non merci", "declined"},
		{"en", "will you email me?", "not_a_yes"},
		{"en", "yes?", "not_a_yes"},
		{"en", "how does it work", "not_a_yes"},
		{"en", "maybe", "not_a_yes"},
		{"en", "yes if it's free", "not_a_yes"},
		{"fr", "ça marche comment ?", "not_a_yes"},
		{"fr", "oui ? c'est gratuit", "not_a_yes"},
		{"fr", "peut-être", "not_a_yes"},
		{"fr", "euh oui", "not_a_yes"},
	} {
		t.Run(tc.lang+"/"+tc.msg, func(t *testing.T) {
			st := ww.offered(t, tc.lang)
			r := ww.say(t, st, tc.msg)
			accepted := st.Task == dialogue.TaskWaitlist && st.Waitlist != nil && st.Waitlist.Accepted
			switch tc.want {
			case "accepted":
				if !accepted || st.Awaiting != dialogue.AwaitName {
					t.Errorf("%q did not accept: %q [%s]", tc.msg, r.Text, st.Awaiting)
				}
			case "declined":
				if accepted || st.Waitlist != nil || st.Awaiting != dialogue.AwaitDate {
					t.Errorf("%q did not decline: %q [%s]", tc.msg, r.Text, st.Awaiting)
				}
			default:
				if accepted {
					t.Errorf("%q accepted the waitlist: %q", tc.msg, r.Text)
				}
				if st.Awaiting != dialogue.AwaitWaitlist || !strings.Contains(r.Text, map[string]string{"en": "Nothing is done yet", "fr": "Rien n'est fait"}[tc.lang]) {
					t.Errorf("%q: want the question asked again, got %q [%s]", tc.msg, r.Text, st.Awaiting)
				}
			}
			if r.Booking != nil {
				t.Errorf("%q booked %+v", tc.msg, r.Booking)
			}
		})
	}
}

// TestWaitlistJoins goes through joining in English and French: the
// customer's details, the code that proves the address, the entry kept;
// nothing is booked on the way.
func TestWaitlistJoins(t *testing.T) {
	ctx := context.Background()
	ww := newWaitlistWorld(t)
	for _, tc := range []struct {
		name    string
		opening []string
		details []string
		email   string
		done    string
		check   func(t *testing.T, st *dialogue.State)
	}{
		{"EnglishNothingOnSunday", []string{"a dentist in Lyon on Sunday", "yes please"},
			[]string{"Ada Lovelace", "ada.waits@example.com", "06 12 34 56 78"}, "ada.waits@example.com", "Done: I'll email ada.waits@example.com", nil},
		{"FrenchNothingBeforeEight", []string{"un dentiste à Lyon demain avant 8h", "prévenez-moi"},
			[]string{"Marie Curie", "marie.attend@example.com", "06 98 76 54 32"}, "marie.attend@example.com", "C'est noté : j'écrirai à marie.attend@example.com", nil},
		{"EnglishNoThenYes", []string{"a dentist in Lyon tomorrow at 7am", "no", "yes"},
			[]string{"Alan Turing", "alan.waits@example.com", "06 11 22 33 44"}, "alan.waits@example.com", "Done:", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &dialogue.State{}
			var replies []*dialogue.Reply
			for _, msg := range append(tc.opening, tc.details...) {
				replies = append(replies, ww.say(t, st, msg))
			}
			if st.Awaiting != dialogue.AwaitCode {
				t.Fatalf("no code asked for: [%s]", st.Awaiting)
			}
			if es, _ := ww.list.Entries(ctx, tc.email); len(es) != 0 {
				t.Fatalf("an entry before the address was proved: %+v", es)
			}
			r := ww.say(t, st, ww.bag.code(t, tc.email))
			replies = append(replies, r)
			if !strings.Contains(r.Text, tc.done) {
				t.Errorf("after the code: %q, want %q", r.Text, tc.done)
			}
			es, err := ww.list.Entries(ctx, tc.email)
			if err != nil || len(es) != 1 {
				t.Fatalf("entries of %s: %v, %v", tc.email, es, err)
			}
			if e := es[0]; e.Kind != "dentist" || e.City != "Lyon" || e.Customer.Phone == "" || !e.To.After(e.From) {
				t.Errorf("entry %+v", e)
			}
			for _, r := range replies {
				if r.Booking != nil || contains(r.Actions, "booked") {
					t.Errorf("the waitlist booked: %q %v", r.Text, r.Actions)
				}
			}
			if st.Task != dialogue.TaskNone || st.Waitlist != nil {
				t.Errorf("after joining: task %q, waitlist %+v", st.Task, st.Waitlist)
			}
		})
	}
}

// TestWaitlistNotForABareYesToSlots: under slots that are not what was
// asked, a bare yes is no yes to the waitlist (it names no slot either).
func TestWaitlistNotForABareYesToSlots(t *testing.T) {
	ww := newWaitlistWorld(t)
	st := &dialogue.State{}
	ww.say(t, st, "a dentist in Lyon tomorrow at 7am")
	if st.Waitlist == nil || st.Awaiting != dialogue.AwaitSlotChoice {
		t.Fatalf("the waitlist was not mentioned under the slots [%s]", st.Awaiting)
	}
	r := ww.say(t, st, "yes")
	if st.Task == dialogue.TaskWaitlist || st.Waitlist != nil && st.Waitlist.Accepted || r.Booking != nil {
		t.Errorf("a bare yes under the slots: %q [%s], task %s", r.Text, st.Awaiting, st.Task)
	}
	// Another search replaces what was mentioned.
	ww.say(t, st, "actually a dentist in Paris tomorrow")
	if st.Waitlist != nil && st.Waitlist.City != "Paris" {
		t.Errorf("the waitlist of Lyon is still offered: %+v", st.Waitlist)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
