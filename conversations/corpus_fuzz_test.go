package conversations_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/conversations"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// FuzzCorpusTurn plays random conversations of the corpus in which, at
// random steps, the customer's message is replaced by a recombination of
// fragments of the corpus' messages (and of the fuzzer's input): "yes"
// and "oui" glued to questions, corrections, names, days, references. At
// every turn, the agent may book, cancel or move only on a clear yes
// (understand.ClearYes) to the summary it showed just before, and only
// what that summary said.
//
//	go test ./conversations -run '^$' -fuzz FuzzCorpusTurn -fuzztime 60s
func FuzzCorpusTurn(f *testing.F) {
	corpus, err := conversations.LoadCorpus(os.DirFS("."))
	if err != nil {
		f.Fatal(err)
	}
	frags := fragments(corpus)
	for i, c := range corpus {
		f.Add(uint64(i), c.Messages[len(c.Messages)-1].Say)
	}
	f.Fuzz(func(t *testing.T, seed uint64, extra string) {
		world := conversations.SharedWorld(t) // what it books, it cancels
		r := rand.New(rand.NewPCG(seed, uint64(len(extra))))
		c := corpus[seed%uint64(len(corpus))]
		fz := &fuzzConversation{t: t, w: world, r: r, frags: frags, extra: extra}
		defer fz.cleanUp()
		fz.play(c)
	})
}

// fuzzConversation is one conversation of the fuzzer, in process on the
// world's manager.
type fuzzConversation struct {
	t      *testing.T
	w      *conversations.World
	r      *rand.Rand
	frags  []string
	extra  string
	st     dialogue.State
	tokens map[string]string // bookings to cancel afterwards, with their tokens
	ref    string
	email  string
}

func (fz *fuzzConversation) play(c conversations.CorpusConversation) {
	fz.tokens = map[string]string{}
	if c.Setup != nil {
		fz.setup(c.Setup)
	}
	for _, s := range c.Messages {
		msg := s.Say
		switch fz.r.IntN(3) {
		case 0:
			msg = fz.recombine()
		case 1:
			if s.If != "" && s.If != fz.st.Awaiting {
				continue
			}
		}
		fz.turn(msg)
		if fz.r.IntN(4) == 0 {
			fz.turn(fz.recombine()) // one more, anywhere
		}
	}
}

// recombine makes a message of one to three fragments, maybe with the
// fuzzer's input among them, maybe behind a yes.
func (fz *fuzzConversation) recombine() string {
	var parts []string
	if fz.r.IntN(3) == 0 {
		parts = append(parts, []string{"yes", "oui", "ok", "d'accord", "yes please", "parfait", "sure"}[fz.r.IntN(7)])
	}
	for range 1 + fz.r.IntN(3) {
		parts = append(parts, fz.frags[fz.r.IntN(len(fz.frags))])
	}
	if fz.extra != "" {
		i := fz.r.IntN(len(parts) + 1)
		parts = slices.Insert(parts, i, fz.extra)
	}
	return strings.Join(parts, []string{", ", " ", "! ", "... ", " mais ", " but "}[fz.r.IntN(6)])
}

// turn sends a message and checks the property.
func (fz *fuzzConversation) turn(msg string) {
	t := fz.t
	msg = strings.NewReplacer("{ref}", fz.ref, "{ref_lower}", strings.ToLower(fz.ref), "{email}", fz.email).Replace(msg)
	before := cloneState(t, &fz.st)
	reply, err := fz.w.Manager.Turn(context.Background(), &fz.st, dialogue.Message{Text: msg})
	if err != nil {
		t.Fatalf("Turn(%q): %v", msg, err)
	}
	if reply.Text == "" {
		t.Fatalf("Turn(%q): empty reply", msg)
	}
	if reply.Booking != nil && reply.Token != "" {
		fz.tokens[reply.Booking.ID] = reply.Token
	}
	for _, a := range reply.Actions {
		kind, ok := map[string]understand.Action{"booked": understand.ActionBook, "cancelled": understand.ActionCancel, "rescheduled": understand.ActionReschedule}[a]
		if !ok {
			continue
		}
		p := before.Pending
		switch {
		case before.Awaiting != dialogue.AwaitConfirmation || p == nil:
			t.Fatalf("%s on %q without a summary (awaiting %q)", a, msg, before.Awaiting)
		case p.Kind != string(kind):
			t.Fatalf("%s on %q, but the summary was to %s", a, msg, p.Kind)
		case !understand.ClearYes(msg, kind):
			t.Fatalf("%s on %q, which is not a clear yes", a, msg)
		case reply.Booking == nil:
			t.Fatalf("%s on %q without saying which booking", a, msg)
		}
		b := reply.Booking
		switch kind {
		case understand.ActionBook:
			if b.ProviderID != p.ProviderID || !b.Start.Equal(p.Start) || b.Customer != p.Customer {
				t.Fatalf("booked %d at %s for %+v on %q, but the summary said %d at %s for %+v", b.ProviderID, b.Start, b.Customer, msg, p.ProviderID, p.Start, p.Customer)
			}
		case understand.ActionCancel:
			if b.ID != p.BookingID {
				t.Fatalf("cancelled %s on %q, but the summary said %s", b.ID, msg, p.BookingID)
			}
		case understand.ActionReschedule:
			if b.ID != p.BookingID || !b.Start.Equal(p.Start) {
				t.Fatalf("moved %s to %s on %q, but the summary said %s to %s", b.ID, b.Start, msg, p.BookingID, p.Start)
			}
		}
	}
}

// setup books the conversation's booking made beforehand, on the first
// slot free from its day on.
func (fz *fuzzConversation) setup(s *conversations.CorpusSetup) {
	ctx := context.Background()
	from, err := time.ParseInLocation(time.DateOnly, s.After, conversations.Now().Location())
	if err != nil {
		fz.t.Fatal(err)
	}
	slots, err := fz.w.Desk.Earliest(ctx, booking.SearchQuery{Kind: rendezvous.Kind(s.Kind), City: s.City, After: from, Limit: 10})
	if err != nil {
		fz.t.Fatal(err)
	}
	for _, sl := range slots {
		c, err := fz.w.Desk.Book(ctx, rendezvous.BookingRequest{ProviderID: sl.ProviderID, ServiceID: sl.ServiceID, Start: sl.Start,
			Customer: rendezvous.Customer{Name: s.Name, Email: s.Email, Phone: s.Phone}})
		if err == nil {
			fz.ref, fz.email, fz.tokens[c.Booking.ID] = c.Booking.ID, s.Email, c.Token
			return
		}
	}
	fz.t.Skip("no free slot for the setup booking") // the world filled up
}

// cleanUp cancels what the conversation booked, so that the world does
// not fill up over a long run.
func (fz *fuzzConversation) cleanUp() {
	for id, token := range fz.tokens {
		_, _ = fz.w.Desk.Cancel(context.Background(), id, token) // already cancelled is fine
	}
}

// fragments cuts the corpus' messages at punctuation and at "and", "et",
// "but", "mais": the pieces the fuzzer recombines.
func fragments(corpus []conversations.CorpusConversation) []string {
	cut := regexp.MustCompile(`[,;.!?]+\s*|\s+(?:and|et|but|mais)\s+`)
	seen := map[string]bool{}
	var out []string
	for _, c := range corpus {
		for _, s := range c.Messages {
			for _, p := range append(cut.Split(s.Say, -1), s.Say) {
				if p = strings.TrimSpace(p); p != "" && !seen[p] {
					seen[p] = true
					out = append(out, p)
				}
			}
		}
	}
	return out
}

// cloneState copies a state through its JSON, as a session store would.
func cloneState(t *testing.T, st *dialogue.State) *dialogue.State {
	t.Helper()
	raw, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	var out dialogue.State
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}
