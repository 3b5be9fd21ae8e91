package waitlist_test

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/notify"
	"github.com/rendezvous-oss/rendezvous/queue"
	"github.com/rendezvous-oss/rendezvous/sqlite"
	"github.com/rendezvous-oss/rendezvous/waitlist"
)

// outbox is a notify.Sender that keeps what it is given.
type outbox struct {
	mu   sync.Mutex
	msgs []*notify.Message
	wake chan struct{}
}

func (o *outbox) Send(_ context.Context, m *notify.Message) error {
	o.mu.Lock()
	o.msgs = append(o.msgs, m)
	o.mu.Unlock()
	select {
	case o.wake <- struct{}{}:
	default:
	}
	return nil
}

func (o *outbox) sent() []*notify.Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]*notify.Message(nil), o.msgs...)
}

// events is a waitlist.Events that records what it plans: "joined WL-…",
// "offered WL-… WO-…", "left WL-… withdrawn".
type events struct {
	mu  sync.Mutex
	got []string
}

func (ev *events) add(s string) []booking.Job {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	ev.got = append(ev.got, s)
	return nil
}

func (ev *events) Joined(e *rendezvous.WaitlistEntry, _ time.Time) []booking.Job {
	return ev.add("joined " + e.ID)
}
func (ev *events) Offered(e *rendezvous.WaitlistEntry, o *rendezvous.WaitlistOffer, p *rendezvous.Provider, _ time.Time) []booking.Job {
	if o.EntryID != e.ID || o.ProviderID != p.ID {
		return ev.add("offered a mismatch")
	}
	return ev.add("offered " + e.ID + " " + o.ID)
}
func (ev *events) Left(e *rendezvous.WaitlistEntry, reason string, _ time.Time) []booking.Job {
	return ev.add("left " + e.ID + " " + reason)
}

func (ev *events) take() []string {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	out := ev.got
	ev.got = nil
	return out
}

// rig is a desk on a SQLite store whose changes enqueue the matcher, a
// runner working it, and the waitlist sending to an outbox.
type rig struct {
	store    *sqlite.Store
	desk     *booking.Desk
	list     *waitlist.Service
	out      *outbox
	events   *events
	provider *rendezvous.Provider
	loc      *time.Location
	day      time.Time // tomorrow, midnight in the provider's zone
	clock    *testClock
}

func newRig(t *testing.T) *rig {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	tokens, err := auth.NewTokens(auth.TokensConfig{Secret: []byte(strings.Repeat("k", 32))})
	if err != nil {
		t.Fatal(err)
	}
	ev := &events{}
	clock := &testClock{}
	desk := booking.NewDesk(st, tokens, booking.Options{Freed: waitlist.Planner{}, Waitlist: st, WaitlistEvents: ev, Now: clock.now})
	out := &outbox{wake: make(chan struct{}, 1)}
	list := waitlist.New(waitlist.Config{Store: st, Desk: desk, Tokens: tokens, Sender: out, Events: ev,
		Renderer: notify.Renderer{From: "rdv@rendezvous.example", PublicURL: "https://rdv.example"}})
	runner, err := queue.NewRunner(st.JobDriver(), queue.Config{PollInterval: 20 * time.Millisecond, RetryBase: 20 * time.Millisecond}, list.Handlers())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- runner.Run(ctx, 5*time.Second) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		st.Close()
	})
	p := &rendezvous.Provider{Name: "Cabinet Liste", Kind: rendezvous.KindDentist, City: "Lyon", Address: "1 rue Attente", TimeZone: "Europe/Paris",
		Languages: []string{"fr"}, Policy: rendezvous.BookingPolicy{SlotStep: 30 * time.Minute, Horizon: 90 * 24 * time.Hour},
		Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute, PriceCents: 3000}}}
	if err := desk.CreateProvider(ctx, p, everyDay(8*60, 20*60)); err != nil {
		t.Fatal(err)
	}
	loc, _ := p.Location()
	now := time.Now().In(loc)
	return &rig{store: st, desk: desk, list: list, out: out, events: ev, provider: p, loc: loc, clock: clock,
		day: time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, loc)}
}

// testClock is the desk's clock: the time now, moved on by advance.
type testClock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off += d
}

// everyDay opens every day of the week from..to (minutes): the tests do
// not depend on the weekday.
func everyDay(from, to rendezvous.ClockTime) rendezvous.WeeklyHours {
	var w rendezvous.WeeklyHours
	for d := time.Sunday; d <= time.Saturday; d++ {
		w = append(w, rendezvous.OpeningInterval{Weekday: d, Start: from, End: to})
	}
	return w
}

// at is tomorrow at hh:mm in the provider's zone.
func (r *rig) at(hh, mm int) time.Time {
	return r.day.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

func (r *rig) book(t *testing.T, start time.Time, email string) *booking.Confirmation {
	t.Helper()
	c, err := r.desk.Book(context.Background(), rendezvous.BookingRequest{ProviderID: r.provider.ID, ServiceID: r.provider.Services[0].ID,
		Start: start, Customer: rendezvous.Customer{Name: "Xavier Occupé", Email: email, Phone: "+33611111111"}})
	if err != nil {
		t.Fatalf("book %s: %v", start, err)
	}
	return c
}

// join waits for a slot of the provider tomorrow, from..to (hh:mm).
func (r *rig) join(t *testing.T, email string, from, to rendezvous.ClockTime, byKind bool) *rendezvous.WaitlistEntry {
	t.Helper()
	e := rendezvous.WaitlistEntry{Customer: rendezvous.Customer{Name: "Wanda Attente", Email: email, Phone: "06 22 33 44 55"},
		From: r.day, To: r.day.Add(24 * time.Hour), DayFrom: from, DayTo: to, Language: "fr"}
	if byKind {
		e.Kind, e.City = rendezvous.KindDentist, "lyon"
	} else {
		e.ProviderID = r.provider.ID
	}
	got, err := r.list.Join(context.Background(), e)
	if err != nil {
		t.Fatalf("join: %v", err)
	}
	return got
}

// awaitOffers waits until n offers were sent, and then a little more to
// see that no other comes.
func (r *rig) awaitOffers(t *testing.T, n int) []*notify.Message {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for len(r.out.sent()) < n {
		select {
		case <-r.out.wake:
		case <-deadline:
			t.Fatalf("%d offers sent, want %d", len(r.out.sent()), n)
		}
	}
	time.Sleep(200 * time.Millisecond) // ten polls of the queue
	got := r.out.sent()
	if len(got) != n {
		t.Fatalf("%d offers sent, want %d", len(got), n)
	}
	return got
}

var tokenInLink = regexp.MustCompile(`https://rdv\.example/waitlist#offer=([A-Za-z0-9_.-]+)&lang=(en|fr)`)

// offerOf returns the token of a message's link, checking what it says.
func offerOf(t *testing.T, m *notify.Message, to string, slot string) string {
	t.Helper()
	if m.Kind != notify.KindOffer || m.To != to || !strings.Contains(m.Text, slot) {
		t.Fatalf("offer to %s of %s: kind %s, to %s:\n%s", to, slot, m.Kind, m.To, m.Text)
	}
	sub := tokenInLink.FindStringSubmatch(m.Text)
	if sub == nil || !strings.Contains(m.HTML, sub[1]) {
		t.Fatalf("no offer link in:\n%s", m.Text)
	}
	return sub[1]
}

// TestMatcher frees a slot in every way a slot can be freed, and checks
// that the customer waiting for it, and only them, is offered it.
func TestMatcher(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		// prepare makes the slot of 10:00 tomorrow unavailable; free frees it.
		prepare func(t *testing.T, r *rig) func(t *testing.T)
		byKind  bool
	}{
		{"Cancellation", func(t *testing.T, r *rig) func(t *testing.T) {
			c := r.book(t, r.at(10, 0), "x@example.com")
			return func(t *testing.T) {
				if _, err := r.desk.Cancel(ctx, c.Booking.ID, c.Token); err != nil {
					t.Fatal(err)
				}
			}
		}, false},
		{"CancellationKindAndCity", func(t *testing.T, r *rig) func(t *testing.T) {
			c := r.book(t, r.at(10, 0), "x@example.com")
			return func(t *testing.T) {
				if _, err := r.desk.Cancel(ctx, c.Booking.ID, c.Token); err != nil {
					t.Fatal(err)
				}
			}
		}, true},
		{"ErasureCancels", func(t *testing.T, r *rig) func(t *testing.T) {
			c := r.book(t, r.at(10, 0), "x@example.com")
			return func(t *testing.T) {
				if _, err := r.desk.EraseBooking(ctx, c.Booking.ID, c.Token); err != nil {
					t.Fatal(err)
				}
			}
		}, false},
		{"RescheduleAway", func(t *testing.T, r *rig) func(t *testing.T) {
			c := r.book(t, r.at(10, 0), "x@example.com")
			return func(t *testing.T) {
				if _, err := r.desk.Reschedule(ctx, c.Booking.ID, c.Token, r.at(15, 0)); err != nil {
					t.Fatal(err)
				}
			}
		}, false},
		{"TimeOffRemoved", func(t *testing.T, r *rig) func(t *testing.T) {
			off := &rendezvous.TimeOff{ProviderID: r.provider.ID, Start: r.at(9, 0), End: r.at(12, 0), Reason: "formation"}
			if err := r.desk.AddTimeOff(ctx, off); err != nil {
				t.Fatal(err)
			}
			return func(t *testing.T) {
				if err := r.desk.DeleteTimeOff(ctx, r.provider.ID, off.ID); err != nil {
					t.Fatal(err)
				}
			}
		}, false},
		{"HoursWidened", func(t *testing.T, r *rig) func(t *testing.T) {
			if err := r.desk.SetHours(ctx, r.provider.ID, everyDay(14*60, 20*60)); err != nil {
				t.Fatal(err)
			}
			return func(t *testing.T) {
				if err := r.desk.SetHours(ctx, r.provider.ID, everyDay(8*60, 20*60)); err != nil {
					t.Fatal(err)
				}
			}
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			free := tc.prepare(t, r)
			want := r.join(t, "wanda@example.com", 10*60, 10*60+30, tc.byKind)
			r.join(t, "later@example.com", 16*60, 17*60, tc.byKind) // the freed time does not fit
			free(t)
			msgs := r.awaitOffers(t, 1)
			tok := offerOf(t, msgs[0], "wanda@example.com", "10h00")
			// The link books in one step, with the details of the entry.
			res, err := r.list.Book(ctx, tok)
			if err != nil || res.Taken {
				t.Fatalf("Book = %+v, %v", res, err)
			}
			b := res.Confirmation.Booking
			if !b.Start.Equal(r.at(10, 0)) || b.Customer.Name != "Wanda Attente" || b.Customer.Email != "wanda@example.com" || b.Customer.Phone != "+33622334455" {
				t.Errorf("booked %+v", b)
			}
			e, _ := r.store.WaitlistEntry(ctx, want.ID)
			if e.FulfilledAt == nil || e.BookingID != b.ID {
				t.Errorf("entry after booking: %+v", e)
			}
			// Clicking again gets the same booking, not a second one.
			again, err := r.list.Book(ctx, tok)
			if err != nil || again.Confirmation.Booking.ID != b.ID {
				t.Errorf("second click = %+v, %v; want booking %s again", again, err, b.ID)
			}
			// Past the retry window the link no longer hands out the
			// booking (the customer's details and a manage token).
			r.clock.advance(waitlist.ReplayWindow + time.Second)
			if late, err := r.list.Book(ctx, tok); rendezvous.ErrorReasonOf(err) != rendezvous.ReasonOfferUsed {
				t.Errorf("click past the replay window = %+v, %v; want offer_used", late, err)
			}
		})
	}
}

// TestNothingFreedInTheWindow: a cancellation outside what the entry
// wants offers nothing; a slot offered once is not offered again.
func TestNothingFreedInTheWindow(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	ten := r.book(t, r.at(10, 0), "x@example.com")
	three := r.book(t, r.at(15, 0), "y@example.com")
	r.join(t, "wanda@example.com", 10*60, 10*60+30, false)
	if _, err := r.desk.Cancel(ctx, three.Booking.ID, three.Token); err != nil {
		t.Fatal(err)
	}
	r.awaitOffers(t, 0)
	if _, err := r.desk.Cancel(ctx, ten.Booking.ID, ten.Token); err != nil {
		t.Fatal(err)
	}
	r.awaitOffers(t, 1)
	// The same slot freed again (booked and cancelled) is not sent twice.
	c := r.book(t, r.at(10, 0), "z@example.com")
	if _, err := r.desk.Cancel(ctx, c.Booking.ID, c.Token); err != nil {
		t.Fatal(err)
	}
	r.awaitOffers(t, 1)
}

// TestTwoCustomersOneSlot: two waiting customers are offered the same
// freed slot and click at once: one books it, the other is told it was
// taken and offered the next slot that fits, which their new link books.
func TestTwoCustomersOneSlot(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	ten := r.book(t, r.at(10, 0), "x@example.com")
	half := r.book(t, r.at(10, 30), "y@example.com")
	r.join(t, "ada@example.com", 10*60, 11*60, false)
	r.join(t, "bob@example.com", 10*60, 11*60, true)
	if _, err := r.desk.Cancel(ctx, ten.Booking.ID, ten.Token); err != nil {
		t.Fatal(err)
	}
	msgs := r.awaitOffers(t, 2)
	tokens := map[string]string{}
	for _, m := range msgs {
		tokens[m.To] = offerOf(t, m, m.To, "10h00")
	}
	// 10:30 frees too: its offer would be 10:00 again (the earliest that
	// fits), already sent: nothing new goes.
	if _, err := r.desk.Cancel(ctx, half.Booking.ID, half.Token); err != nil {
		t.Fatal(err)
	}
	r.awaitOffers(t, 2)

	results := map[string]*waitlist.Booked{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for who, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := r.list.Book(ctx, tok)
			if err != nil {
				t.Errorf("%s: %v", who, err)
				return
			}
			mu.Lock()
			results[who] = res
			mu.Unlock()
		}()
	}
	wg.Wait()
	var winner, loser *waitlist.Booked
	for _, res := range results {
		if res.Taken {
			loser = res
		} else {
			winner = res
		}
	}
	if winner == nil || loser == nil {
		t.Fatalf("two clicks on one slot: %+v; want one booking and one taken", results)
	}
	if !winner.Confirmation.Booking.Start.Equal(r.at(10, 0)) {
		t.Errorf("the winner booked %s", winner.Confirmation.Booking.Start)
	}
	if loser.Next == nil || !loser.Next.Offer.Start.Equal(r.at(10, 30)) {
		t.Fatalf("the loser's next offer: %+v, want 10:30", loser.Next)
	}
	next, err := r.list.Book(ctx, loser.Next.Token)
	if err != nil || next.Taken || !next.Confirmation.Booking.Start.Equal(r.at(10, 30)) {
		t.Fatalf("booking the next offer: %+v, %v", next, err)
	}
	if next.Confirmation.Booking.Customer.Email == winner.Confirmation.Booking.Customer.Email {
		t.Errorf("both bookings are %s's", next.Confirmation.Booking.Customer.Email)
	}
}

// TestOfferLinks: a forged or expired token books nothing; a withdrawn
// entry's offer no longer books.
func TestOfferLinks(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	c := r.book(t, r.at(10, 0), "x@example.com")
	e := r.join(t, "wanda@example.com", 10*60, 10*60+30, false)
	if _, err := r.desk.Cancel(ctx, c.Booking.ID, c.Token); err != nil {
		t.Fatal(err)
	}
	tok := offerOf(t, r.awaitOffers(t, 1)[0], "wanda@example.com", "10h00")
	for _, bad := range []string{"", "x", tok + "x", strings.Replace(tok, ".", ".e", 1)} {
		if _, err := r.list.Book(ctx, bad); rendezvous.ErrorReasonOf(err) != rendezvous.ReasonInvalidToken {
			t.Errorf("Book(%q) = %v, want invalid_token", bad, err)
		}
	}
	o, err := r.list.Offer(ctx, tok)
	if err != nil || !o.Offer.Start.Equal(r.at(10, 0)) || o.Provider.ID != r.provider.ID {
		t.Fatalf("Offer = %+v, %v", o, err)
	}
	if err := r.list.Leave(ctx, e.ID, "other@example.com"); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
		t.Errorf("another address withdrew the entry: %v", err)
	}
	if err := r.list.Leave(ctx, e.ID, "wanda@example.com"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.list.Book(ctx, tok); rendezvous.ErrorReasonOf(err) != rendezvous.ReasonOfferExpired {
		t.Errorf("the offer of a withdrawn entry: %v, want offer_expired", err)
	}
}

// TestJoinRules: the request is checked, and an address holds at most
// five entries waiting.
func TestJoinRules(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	good := rendezvous.WaitlistEntry{ProviderID: r.provider.ID, From: r.day, To: r.day.Add(24 * time.Hour),
		Customer: rendezvous.Customer{Name: "Wanda Attente", Email: "wanda@example.com", Phone: "06 22 33 44 55"}}
	for _, tc := range []struct {
		name   string
		change func(e *rendezvous.WaitlistEntry)
		want   string
	}{
		{"ErrNoTarget", func(e *rendezvous.WaitlistEntry) { e.ProviderID = 0 }, rendezvous.ReasonValidation},
		{"ErrBoth", func(e *rendezvous.WaitlistEntry) { e.Kind, e.City = rendezvous.KindDentist, "Lyon" }, rendezvous.ReasonValidation},
		{"ErrUnknownProvider", func(e *rendezvous.WaitlistEntry) { e.ProviderID = 999999 }, string(rendezvous.ENOTFOUND)},
		{"ErrUnknownCity", func(e *rendezvous.WaitlistEntry) {
			e.ProviderID, e.Kind, e.City = 0, rendezvous.KindDentist, "Atlantis"
		}, string(rendezvous.ENOTFOUND)},
		{"ErrNULInCity", func(e *rendezvous.WaitlistEntry) {
			e.ProviderID, e.Kind, e.City = 0, rendezvous.KindDentist, "Ly\x00on"
		}, rendezvous.ReasonValidation},
		{"ErrBadUTF8Service", func(e *rendezvous.WaitlistEntry) { e.Service = "d\xffétartrage" }, rendezvous.ReasonValidation},
		{"ErrReversed", func(e *rendezvous.WaitlistEntry) { e.From, e.To = e.To, e.From }, rendezvous.ReasonValidation},
		{"ErrPast", func(e *rendezvous.WaitlistEntry) { e.From, e.To = e.From.AddDate(0, 0, -5), e.From.AddDate(0, 0, -3) }, rendezvous.ReasonValidation},
		{"ErrTooFar", func(e *rendezvous.WaitlistEntry) { e.To = e.From.AddDate(0, 0, 70) }, rendezvous.ReasonValidation},
		{"ErrTimes", func(e *rendezvous.WaitlistEntry) { e.DayFrom, e.DayTo = 11*60, 10*60 }, rendezvous.ReasonValidation},
		{"ErrNoName", func(e *rendezvous.WaitlistEntry) { e.Customer.Name = "" }, rendezvous.ReasonValidation},
		{"ErrBadPhone", func(e *rendezvous.WaitlistEntry) { e.Customer.Phone = "12" }, rendezvous.ReasonValidation},
		{"ErrLanguage", func(e *rendezvous.WaitlistEntry) { e.Language = "de" }, rendezvous.ReasonValidation},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := good
			tc.change(&e)
			if _, err := r.list.Join(ctx, e); rendezvous.ErrorReasonOf(err) != tc.want {
				t.Errorf("Join = %v, want %s", err, tc.want)
			}
		})
	}
	for i := range rendezvous.DefaultMaxWaitlistPerAddress {
		got, err := r.list.Join(ctx, good)
		if err != nil {
			t.Fatalf("entry %d: %v", i+1, err)
		}
		if got.Language != "fr" || got.Customer.Phone != "+33622334455" || got.DayTo != 24*60 || !got.ExpiresAt.Equal(good.To) {
			t.Errorf("entry %+v", got)
		}
	}
	if _, err := r.list.Join(ctx, good); rendezvous.ErrorReasonOf(err) != rendezvous.ReasonTooManyWaitlistEntries {
		t.Errorf("a sixth entry: %v", err)
	}
	// Erased with the address's data, and exported with it.
	exp, err := r.desk.ExportByEmail(ctx, "wanda@example.com")
	if err != nil || len(exp.Waitlist) != rendezvous.DefaultMaxWaitlistPerAddress {
		t.Fatalf("export: %v, %d entries", err, len(exp.Waitlist))
	}
	er, err := r.desk.EraseByEmail(ctx, "wanda@example.com")
	if err != nil || er.WaitlistEntries != rendezvous.DefaultMaxWaitlistPerAddress {
		t.Fatalf("erase: %v, %+v", err, er)
	}
	if es, _ := r.list.Entries(ctx, "wanda@example.com"); len(es) != 0 {
		t.Errorf("%d entries after the erasure", len(es))
	}
}

// TestChangesPlanTheirEvents: joining, an offer (made by the matcher, or
// in answer to a slot taken), a withdrawal and an erasure each plan their
// event once, with the entry (and offer) as stored.
func TestChangesPlanTheirEvents(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	c := r.book(t, r.at(10, 0), "x@example.com")
	wanda := r.join(t, "wanda@example.com", 10*60, 10*60+30, false)
	lyon := r.join(t, "lyon@example.com", 10*60, 11*60, true)
	gone := r.join(t, "gone@example.com", 16*60, 17*60, false)
	if diff := cmp.Diff([]string{"joined " + wanda.ID, "joined " + lyon.ID, "joined " + gone.ID}, r.events.take()); diff != "" {
		t.Errorf("joining (-want +got):\n%s", diff)
	}
	if _, err := r.desk.Cancel(ctx, c.Booking.ID, c.Token); err != nil {
		t.Fatal(err)
	}
	msgs := r.awaitOffers(t, 2)
	got := r.events.take()
	slices.Sort(got)
	var want []string
	tokens := map[string]string{}
	for _, m := range msgs {
		tokens[m.To] = tokenInLink.FindStringSubmatch(m.Text)[1]
		o, err := r.list.Offer(ctx, tokens[m.To])
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, "offered "+o.Offer.EntryID+" "+o.Offer.ID)
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the matcher's offers (-want +got):\n%s", diff)
	}
	// The second to click is offered the next slot: a new offer, a new
	// event.
	if res, err := r.list.Book(ctx, tokens["wanda@example.com"]); err != nil || res.Taken {
		t.Fatalf("Book = %+v, %v", res, err)
	}
	res, err := r.list.Book(ctx, tokens["lyon@example.com"])
	if err != nil || !res.Taken || res.Next == nil {
		t.Fatalf("Book of a slot taken = %+v, %v; want the next slot offered", res, err)
	}
	if diff := cmp.Diff([]string{"offered " + lyon.ID + " " + res.Next.Offer.ID}, r.events.take()); diff != "" {
		t.Errorf("the next slot's offer (-want +got):\n%s", diff)
	}
	if err := r.list.Leave(ctx, gone.ID, "gone@example.com"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"left " + gone.ID + " withdrawn"}, r.events.take()); diff != "" {
		t.Errorf("a withdrawal (-want +got):\n%s", diff)
	}
	if _, err := r.desk.EraseByEmail(ctx, "lyon@example.com"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"left " + lyon.ID + " erased"}, r.events.take()); diff != "" {
		t.Errorf("an erasure (-want +got):\n%s", diff)
	}
}

// TestUsedLinkAfterCancellation: once the booking a link made is
// cancelled, the link answers offer_used, never "booked" again.
func TestUsedLinkAfterCancellation(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	ten := r.book(t, r.at(10, 0), "x@example.com")
	r.join(t, "wanda@example.com", 10*60, 10*60+30, false)
	if _, err := r.desk.Cancel(ctx, ten.Booking.ID, ten.Token); err != nil {
		t.Fatal(err)
	}
	tok := offerOf(t, r.awaitOffers(t, 1)[0], "wanda@example.com", "10h00")
	res, err := r.list.Book(ctx, tok)
	if err != nil || res.Taken {
		t.Fatalf("Book = %+v, %v", res, err)
	}
	if _, err := r.desk.Cancel(ctx, res.Confirmation.Booking.ID, res.Confirmation.Token); err != nil {
		t.Fatal(err)
	}
	if again, err := r.list.Book(ctx, tok); rendezvous.ErrorReasonOf(err) != rendezvous.ReasonOfferUsed {
		t.Errorf("click after the cancellation = %+v, %v; want offer_used", again, err)
	}
}
