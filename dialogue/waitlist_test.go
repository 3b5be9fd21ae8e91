package dialogue_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
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

func newWaitlistWorld(t *testing.T) *waitlistWorld { return newWaitlistWorldWith(t, nil) }

// newWaitlistWorldWith is a waitlist world whose prover is wrap's (nil:
// the real one).
func newWaitlistWorldWith(t *testing.T, wrap func(dialogue.EmailProver) dialogue.EmailProver) *waitlistWorld {
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
	var pr dialogue.EmailProver = prover{v, w.Desk}
	if wrap != nil {
		pr = wrap(pr)
	}
	m := dialogue.NewManager(dialogue.ManagerConfig{Brain: dialogue.NewEmbeddedBrain(w.Desk.Names, 0), Tools: tools, Zones: w.Desk.CityZone,
		Cities: w.Desk.Cities, DefaultZone: now.Location(), Now: clock, Prover: pr})
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

// refusingProver sends no code: SendCode fails with err.
type refusingProver struct {
	dialogue.EmailProver
	err error
}

func (p refusingProver) SendCode(context.Context, string, string, string) (string, error) {
	return "", p.err
}

// toCode takes a conversation, in lang, to the point where a code is sent
// to addr: for "all my bookings" (task "list") or to join the waitlist.
func (ww *waitlistWorld) toCode(t *testing.T, task, lang, addr string) (*dialogue.State, *dialogue.Reply) {
	t.Helper()
	if task == "list" {
		st := &dialogue.State{}
		ww.say(t, st, map[string]string{"en": "show me all my bookings", "fr": "montre-moi tous mes rendez-vous"}[lang])
		return st, ww.say(t, st, addr)
	}
	st := ww.offered(t, lang)
	for _, msg := range []string{map[string]string{"en": "yes", "fr": "oui"}[lang], "Ada Lovelace", addr} {
		ww.say(t, st, msg)
	}
	return st, ww.say(t, st, "06 12 34 56 78")
}

// TestCodeNotSent: when a code cannot be sent, both tasks that send one
// (all my bookings, the waitlist) answer alike, in their own words: no
// more codes now ends the task, an address that is none is asked for
// again, a failure ends the task with an apology.
func TestCodeNotSent(t *testing.T) {
	for _, tc := range []struct {
		name      string
		err       error
		want      map[string]string // by language
		keepsTask bool
	}{
		{"RateLimited", rendezvous.Errorf(rendezvous.ERATELIMITED, "too many codes"),
			map[string]string{"en": "I can't send another code", "fr": "Je ne peux pas envoyer d'autre code"}, false},
		{"NotAnAddress", rendezvous.Errorf(rendezvous.EINVALID, "not an address"),
			map[string]string{"en": "doesn't look right", "fr": "ne semble pas valide"}, true},
		{"Unavailable", rendezvous.Errorf(rendezvous.EUNAVAILABLE, "relay down"),
			map[string]string{"en": "slow to answer", "fr": "répond lentement"}, false},
		{"Internal", errors.New("boom"),
			map[string]string{"en": "something went wrong", "fr": "un problème est survenu"}, false},
	} {
		ww := newWaitlistWorldWith(t, func(p dialogue.EmailProver) dialogue.EmailProver { return refusingProver{p, tc.err} })
		for _, task := range []string{"list", "waitlist"} {
			for _, lang := range []string{"en", "fr"} {
				t.Run(tc.name+"/"+task+"/"+lang, func(t *testing.T) {
					st, r := ww.toCode(t, task, lang, "ada.refused@example.com")
					if !strings.Contains(r.Text, tc.want[lang]) {
						t.Errorf("reply %q, want %q", r.Text, tc.want[lang])
					}
					if st.Verification != nil && st.Verification.ID != "" {
						t.Errorf("a code is awaited: %+v", st.Verification)
					}
					if tc.keepsTask {
						if st.Awaiting != dialogue.AwaitEmail || st.Customer.Email != "" || st.Task == dialogue.TaskNone {
							t.Errorf("want the address asked for again in the task: task %q [%s], email %q", st.Task, st.Awaiting, st.Customer.Email)
						}
						return
					}
					if st.Task != dialogue.TaskNone || st.Waitlist != nil || st.Verification != nil || st.Awaiting == dialogue.AwaitCode {
						t.Errorf("want the task ended: task %q [%s], waitlist %+v, verification %+v", st.Task, st.Awaiting, st.Waitlist, st.Verification)
					}
				})
			}
		}
	}
}

// TestSpentCodeSaysWhatToAskAgain: a code locked by wrong tries ends its
// task, and the reply says to ask again for what the code was for — all
// the bookings, or the waitlist — never the other.
func TestSpentCodeSaysWhatToAskAgain(t *testing.T) {
	ww := newWaitlistWorld(t)
	for _, tc := range []struct {
		task, lang, want, notWant string
	}{
		{"list", "en", "Ask me again for all your bookings", "slot frees up"},
		{"list", "fr", "Redemandez-moi tous vos rendez-vous", "créneau se libère"},
		{"waitlist", "en", "Ask me again to email you when a slot frees up", "all your bookings"},
		{"waitlist", "fr", "Redemandez-moi de vous prévenir quand un créneau se libère", "tous vos rendez-vous"},
	} {
		t.Run(tc.task+"/"+tc.lang, func(t *testing.T) {
			addr := "spent." + tc.task + "." + tc.lang + "@example.com"
			st, _ := ww.toCode(t, tc.task, tc.lang, addr)
			if st.Awaiting != dialogue.AwaitCode {
				t.Fatalf("no code asked for: [%s]", st.Awaiting)
			}
			var r *dialogue.Reply
			for range 6 {
				if r = ww.say(t, st, "000000"); st.Awaiting != dialogue.AwaitCode {
					break
				}
			}
			if !strings.Contains(r.Text, tc.want) || strings.Contains(r.Text, tc.notWant) {
				t.Errorf("after the code was locked: %q, want %q and not %q", r.Text, tc.want, tc.notWant)
			}
			if st.Task != dialogue.TaskNone || st.Waitlist != nil || st.Verification != nil {
				t.Errorf("want the task ended: task %q, waitlist %+v, verification %+v", st.Task, st.Waitlist, st.Verification)
			}
		})
	}
}
