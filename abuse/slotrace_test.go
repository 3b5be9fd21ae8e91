package abuse_test

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// Bounds of TestSameSlotRace.
const (
	raceRounds  = 100
	raceClients = 64
)

// TestSameSlotRace has 64 clients book the same free slot at the same
// instant, for 100 slots in turn: each time exactly one gets 201 and the
// others 409 slot_taken, within the timeout; never a 5xx. It stops at the
// first round that goes wrong.
//
// On PostgreSQL it found a deadlock: while bookings of one provider ran
// side by side (the provider's row held FOR SHARE), inserts of the same
// slot could reach the exclusion constraint's check together and each wait
// for the other's transaction, until PostgreSQL aborted them one by one
// after deadlock_timeout (1 s) — 503s a second apart, timeouts, and the
// slot sometimes left free. Bookings of one provider now take turns
// (FOR NO KEY UPDATE); storetest's SameSlotStampede keeps the store-level
// version of this race.
func TestSameSlotRace(t *testing.T) {
	for _, st := range stores() {
		t.Run(st.name, func(t *testing.T) {
			env := with(generousLimits(), "RENDEZVOUS_DATABASE_URL", st.open(t))
			key := adminKey(t, env)
			s := startServer(t, env)
			c := newClient(s.URL, requestTO, raceClients)
			defer c.Close()
			fx := newFixture(t, c, key)
			var slots struct {
				Slots []struct {
					Start string `json:"start"`
				} `json:"slots"`
			}
			mustOK(t, c, request{Path: fmt.Sprintf("/v1/providers/%s/availability?from=%s&to=%s", fx.text("provider"),
				time.Now().AddDate(0, 0, 10).Format("2006-01-02"), time.Now().AddDate(0, 0, 20).Format("2006-01-02"))}, 200, &slots)
			if len(slots.Slots) < raceRounds {
				t.Fatalf("%d free slots", len(slots.Slots))
			}
			var (
				answers tally
				fails   failures
				mu      sync.Mutex
				slowest time.Duration
			)
			// One connection per client, open before the first round, so
			// that each round's requests leave together.
			parallel(raceClients, raceClients, func(int) { _, _ = c.Get("/healthz") })
			for round := range raceRounds {
				body := jsonBody(map[string]any{"provider_id": fx.values["provider"], "service_id": fx.values["service"], "start": slots.Slots[round].Start,
					"customer": map[string]any{"name": "Marie Curie", "email": "marie@example.com", "phone": "06 12 34 56 78"}})
				won := 0
				var wg sync.WaitGroup
				ready := make(chan struct{})
				for range raceClients {
					wg.Add(1)
					go func() {
						defer wg.Done()
						r := request{Method: "POST", Path: "/v1/bookings", Body: body}
						<-ready
						a, err := c.Do(r)
						if err != nil {
							fails.Add("round %d: %v", round, err)
							return
						}
						answers.Add(fmt.Sprintf("%d %s", a.Status, a.Code()))
						mu.Lock()
						defer mu.Unlock()
						slowest = max(slowest, a.Elapsed)
						switch {
						case a.Status == 201:
							won++
						case a.Status == 409 && a.Code() == "slot_taken":
						default:
							fails.Add("round %d: %s", round, a)
						}
					}()
				}
				time.Sleep(10 * time.Millisecond) // every client waits at the gate
				close(ready)
				wg.Wait()
				if won != 1 {
					fails.Add("round %d: %d bookings of one slot succeeded, want 1", round, won)
				}
				if fails.Err() != nil {
					break
				}
			}
			t.Logf("%d rounds of %d clients: %s; slowest answer %s", raceRounds, raceClients, answers.String(), slowest.Round(time.Millisecond))
			if err := fails.Err(); err != nil {
				t.Error(err)
			}
		})
	}
}
