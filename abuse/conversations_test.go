package abuse_test

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"
)

// Bounds of TestConcurrentConversations.
const (
	concurrentConversations = 1_000
	conversationTurns       = 20 // messages one conversation may send
	turnTimeout             = 20 * time.Second
)

var (
	conversationKinds  = []string{"dentist", "hairdresser", "doctor", "physiotherapist", "psychologist"}
	conversationCities = []string{"Paris", "Lyon", "Marseille", "Toulouse", "Nice", "Nantes", "Montpellier", "Strasbourg", "Bordeaux", "Lille"}
)

// opening is the first message of conversation i. Conversations i and
// i+500 ask for the same thing, so that pairs race for the same slot and
// the loser is offered another.
func opening(i int) string {
	i %= concurrentConversations / 2
	kind := conversationKinds[i%len(conversationKinds)]
	city := conversationCities[(i/len(conversationKinds))%len(conversationCities)]
	day := time.Now().AddDate(0, 0, 2+(i/50)%5).Format("2006-01-02")
	hour := []int{9, 11, 14, 16}[(i/250)%4]
	return fmt.Sprintf("I need a %s in %s on %s at %d:00", kind, city, day, hour)
}

// The customers' names are none of the demo directory's first or last
// names: asked for the customer's name, the agent takes one that is also a
// provider's ("Sophie Martin") for that provider and asks again, forever;
// a defect of the dialogue, not what this scenario is about.
var (
	firstNames = []string{"Marie", "Paul", "Louis", "Alice", "Noah", "Adam", "Arthur", "Zoé", "Gabriel", "Jules",
		"Lina", "Nina", "Basile", "Oscar", "Rose", "Anna", "Léon", "Maël", "Iris", "Sacha"}
	lastNames = []string{"Joly", "Renard", "Brun", "Colin", "Arnaud", "Giraud", "Leclerc", "Rolland", "Aubert", "Picard",
		"Roger", "Caron", "Schmitt", "Meyer", "Marchand", "Dufour", "Blanchard", "Gillet", "Chevallier", "Collet",
		"Leroux", "Boyer", "Gaillard", "Lemoine", "Huet", "Poirier", "Renaud", "Fleury", "Carpentier", "Ménard",
		"Maillard", "Charpentier", "Hubert", "Langlois", "Besson", "Royer", "Perret", "Jacquet", "Vidal", "Bailly",
		"Hervé", "Perrot", "Baron", "Hamel", "Cordier", "Lacroix", "Rey", "Marty", "Breton", "Prévost"}
)

// customerOf is who conversation i books for: a name the agent reads as
// one, and an email and a phone number of its own.
func customerOf(i int) customer {
	return customer{
		Name:  firstNames[i%len(firstNames)] + " " + lastNames[(i/len(firstNames))%len(lastNames)],
		Email: fmt.Sprintf("client%d@example.com", i),
		Phone: fmt.Sprintf("06 %02d %02d %02d %02d", i/1000000%100, i/10000%100, i/100%100, i%100),
	}
}

// TestConcurrentConversations holds 1,000 booking conversations through
// /v1/chat at once, each from its own client address, on a directory of
// 2,000 providers: every turn of every conversation is answered 200 within
// 20 s, every booking the agent acknowledged is found afterwards with its
// manage token and in its provider's bookings, and no two bookings of a
// provider overlap.
func TestConcurrentConversations(t *testing.T) {
	env := map[string]string{
		"RENDEZVOUS_DATABASE_URL":                  sqliteDB(t, 2000),
		"RENDEZVOUS_TRUSTED_PROXIES":               "127.0.0.1",
		"RENDEZVOUS_RATE_LIMIT_CHAT_SESSION":       "600/min", // per session: a conversation is never limited
		"RENDEZVOUS_RATE_LIMIT_CHAT_SESSION_BURST": "50",
		"RENDEZVOUS_RATE_LIMIT_ADMIN":              "100000/min", // the checks list every provider's bookings
		"RENDEZVOUS_RATE_LIMIT_ADMIN_BURST":        "100000",
	}
	key := adminKey(t, env)
	s := startServer(t, env)
	// A thousand customers at once on two cores: some availability
	// searches overrun the agent's 3 s budget for a tool call. The agent
	// then answers "the booking system is slow, try again" (a 200, which
	// the conversations do) and logs the overrun as an error (identical
	// ones are summed up in a line "agent tool failed (repeated N more
	// times…)").
	s.logs.Tolerate(`"msg":"agent tool failed`)
	c := newClient(s.URL, turnTimeout, concurrentConversations)
	defer c.Close()

	convs := make([]*conversation, concurrentConversations)
	var fails failures
	var wg sync.WaitGroup
	sampler := sampleMemory(s.PID, 100*time.Millisecond)
	start := time.Now()
	for i := range convs {
		convs[i] = &conversation{c: c, addr: clientAddr(i), who: customerOf(i), maxTurns: conversationTurns}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := convs[i].run(opening(i)); err != nil {
				fails.Add("conversation %d (%s): %v", i, opening(i), err)
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	maxRSS, _, err := sampler.Stop()
	if err != nil {
		t.Fatal(err)
	}
	turns, booked, retries := 0, 0, 0
	for _, cv := range convs {
		turns += cv.Turns
		retries += cv.Retries
		if cv.Booking != nil {
			booked++
		}
	}
	t.Logf("%d conversations, %d turns (%d sent again when the agent was slow) in %s (%.0f turns/s), %d booked; server RSS at most %.1f MiB",
		len(convs), turns, retries, took.Round(time.Millisecond), float64(turns)/took.Seconds(), booked, mib(maxRSS))
	if err := fails.Err(); err != nil {
		t.Fatal(err)
	}
	if booked < len(convs)/2 {
		t.Fatalf("only %d of %d conversations booked: the scenario no longer tests bookings", booked, len(convs))
	}
	shown := 0
	for i, cv := range convs {
		if cv.Booking == nil && shown < 5 {
			t.Logf("conversation %d (%s) booked nothing in %d turns; the agent last said %s", i, opening(i), cv.Turns, cv.Last)
			shown++
		}
	}
	start = time.Now()
	checkAcknowledged(t, c, convs)
	t.Logf("%d acknowledged bookings read back in %s", booked, time.Since(start).Round(time.Millisecond))
	start = time.Now()
	checkNoOverlap(t, c, key, convs)
	t.Logf("their providers' bookings checked in %s", time.Since(start).Round(time.Millisecond))
}

// checkAcknowledged reads back every booking a conversation was told of,
// with its manage token, from the conversation's own address.
func checkAcknowledged(t *testing.T, c *client, convs []*conversation) {
	t.Helper()
	var fails failures
	parallel(16, len(convs), func(i int) {
		b := convs[i].Booking
		if b == nil {
			return
		}
		a, err := c.Get("/v1/bookings/"+b.ID, append(bearer(b.ManageToken), from(convs[i].addr)...)...)
		if err != nil {
			fails.Add("booking %s: %v", b.ID, err)
			return
		}
		var got bookingOut
		if a.Status != 200 || a.Decode(&got) != nil {
			fails.Add("booking %s acknowledged to conversation %d is lost: %s", b.ID, i, a)
			return
		}
		if got.Status != "booked" || got.ProviderID != b.ProviderID || !got.Start.Equal(b.Start) || got.Customer.Email != convs[i].who.Email {
			fails.Add("booking %s read back as %+v, acknowledged as %+v", b.ID, got, *b)
		}
	})
	if err := fails.Err(); err != nil {
		t.Error(err)
	}
}

// checkNoOverlap lists the bookings of every provider that got one: each
// acknowledged booking is there, and no two live bookings overlap.
func checkNoOverlap(t *testing.T, c *client, key string, convs []*conversation) {
	t.Helper()
	acked := map[int64][]*bookingOut{}
	var first, last time.Time
	for _, cv := range convs {
		if b := cv.Booking; b != nil {
			acked[b.ProviderID] = append(acked[b.ProviderID], b)
			if first.IsZero() || b.Start.Before(first) {
				first = b.Start
			}
			last = maxTime(last, b.End)
		}
	}
	providers := make([]int64, 0, len(acked))
	for id := range acked {
		providers = append(providers, id)
	}
	// The days of the bookings made, a day more on each side for time
	// zones: what overlaps one of them lies within.
	from, to := first.AddDate(0, 0, -1).Format("2006-01-02"), last.AddDate(0, 0, 1).Format("2006-01-02")
	var fails failures
	parallel(8, len(providers), func(i int) {
		id := providers[i]
		a, err := c.Get(fmt.Sprintf("/v1/admin/providers/%d/bookings?from=%s&to=%s", id, from, to), bearer(key)...)
		if err != nil {
			fails.Add("provider %d: %v", id, err)
			return
		}
		var list struct {
			Bookings []bookingOut `json:"bookings"`
		}
		if a.Status != 200 || a.Decode(&list) != nil {
			fails.Add("provider %d's bookings: %s", id, a)
			return
		}
		live := slices.DeleteFunc(list.Bookings, func(b bookingOut) bool { return b.Status != "booked" })
		sort.Slice(live, func(i, j int) bool { return live[i].Start.Before(live[j].Start) })
		for k := 1; k < len(live); k++ {
			if live[k].Start.Before(live[k-1].End) {
				fails.Add("provider %d: %s (%s–%s) overlaps %s (%s–%s)", id, live[k].ID, live[k].Start, live[k].End,
					live[k-1].ID, live[k-1].Start, live[k-1].End)
			}
		}
		for _, b := range acked[id] {
			if !slices.ContainsFunc(live, func(x bookingOut) bool { return x.ID == b.ID }) {
				fails.Add("provider %d: acknowledged booking %s not among its bookings", id, b.ID)
			}
		}
	})
	t.Logf("%d providers' bookings checked", len(providers))
	if err := fails.Err(); err != nil {
		t.Error(err)
	}
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
