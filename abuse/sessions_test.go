package abuse_test

import (
	"flag"
	"fmt"
	"strconv"
	"testing"
	"time"
)

// Bounds of the session flood.
const (
	floodAddresses = 1_000     // distinct client addresses
	floodPerIP     = 10        // RENDEZVOUS_SESSIONS_PER_IP
	floodWorkers   = 64        // concurrent requests
	floodMaxRSS    = 256 << 20 // the server's resident memory must stay below
	floodRequestTO = 10 * time.Second
	quickRefusal   = time.Second // a refused client is told at once
)

// TestSessionFlood opens sessions from 1,000 client addresses as fast as
// 64 connections allow (-abuse.sessions attempts, 50,000 by default): every
// answer is 201 or 429 too_many_sessions (or rate_limited), the sessions
// created are exactly what the per-address and global limits allow, the
// server's memory stays under 256 MiB, and afterwards a client from a new
// address either holds a whole conversation (when the global limit leaves
// room) or is refused at once (when it does not).
func TestSessionFlood(t *testing.T) {
	attempts := floodAttempts()
	tests := []struct {
		name string
		max  int // RENDEZVOUS_SESSIONS_MAX
	}{
		// 1,000 addresses × 10 sessions fill 10,000 of 12,000.
		{"RoomLeftNewClientConverses", 12_000},
		// 8,000 are full before every address has its 10.
		{"StoreFullNewClientRefusedQuickly", 8_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, map[string]string{
				"RENDEZVOUS_DATABASE_URL":                  sqliteDB(t, 2000),
				"RENDEZVOUS_TRUSTED_PROXIES":               "127.0.0.1",
				"RENDEZVOUS_SESSIONS_MAX":                  strconv.Itoa(tt.max),
				"RENDEZVOUS_SESSIONS_PER_IP":               strconv.Itoa(floodPerIP),
				"RENDEZVOUS_RATE_LIMIT_SESSION":            "1000000/min", // every attempt reaches the session store
				"RENDEZVOUS_RATE_LIMIT_SESSION_BURST":      "1000000",
				"RENDEZVOUS_RATE_LIMIT_CHAT_SESSION":       "600/min", // the newcomer's conversation
				"RENDEZVOUS_RATE_LIMIT_CHAT_SESSION_BURST": "50",
			})
			created := floodSessions(t, s, attempts)
			if want := min(tt.max, floodAddresses*floodPerIP, attempts); created != want {
				t.Errorf("%d sessions created, want %d (the limits: %d per address, %d in all)", created, want, floodPerIP, tt.max)
			}
			if tt.max < floodAddresses*floodPerIP {
				newcomerRefused(t, s)
			} else {
				newcomerConverses(t, s)
			}
			if rss, _ := s.Memory(t); rss >= floodMaxRSS {
				t.Errorf("resident memory %.1f MiB after the flood, want under %.0f MiB", mib(rss), mib(floodMaxRSS))
			}
		})
	}
}

// floodSessions makes the attempts to open a session, from floodAddresses
// addresses in turn on floodWorkers connections, checks every answer and
// the server's memory, and returns the number of sessions created.
func floodSessions(t *testing.T, s *server, attempts int) int {
	t.Helper()
	c := newClient(s.URL, floodRequestTO, floodWorkers)
	defer c.Close()
	var (
		answers tally
		fails   failures
	)
	_, before := s.Memory(t)
	sampler := sampleMemory(s.PID, 50*time.Millisecond)
	start := time.Now()
	parallel(floodWorkers, attempts, func(i int) {
		a, err := c.Do(request{Method: "POST", Path: "/v1/sessions", Headers: from(clientAddr(i % floodAddresses))})
		switch {
		case err != nil:
			fails.Add("attempt %d: %v", i, err)
		case a.Status == 201:
			answers.Add("201")
		case a.Status == 429 && (a.Code() == "too_many_sessions" || a.Code() == "rate_limited"):
			answers.Add("429 " + a.Code())
		default:
			fails.Add("attempt %d: %s", i, a)
		}
	})
	took := time.Since(start)
	time.Sleep(time.Second) // and after: memory must not keep growing
	maxRSS, samples, err := sampler.Stop()
	if err != nil {
		t.Fatal(err)
	}
	rss, peak := s.Memory(t)
	t.Logf("%d attempts in %s (%.0f/s): %s; RSS before %.1f MiB, max sampled %.1f MiB (%d samples), after %.1f MiB, peak (VmHWM) %.1f MiB",
		attempts, took.Round(time.Millisecond), float64(attempts)/took.Seconds(), answers.String(),
		mib(before), mib(maxRSS), samples, mib(rss), mib(peak))
	if err := fails.Err(); err != nil {
		t.Error(err)
	}
	if peak >= floodMaxRSS {
		t.Errorf("peak resident memory %.1f MiB, want under %.0f MiB", mib(peak), mib(floodMaxRSS))
	}
	return answers.Get("201")
}

// newcomerAddr is the address of a client that comes after the flood:
// outside the flood's 10.0.0.0/8.
const newcomerAddr = "192.0.2.1"

// newcomerConverses checks that a client from a new address opens a
// session and books through it.
func newcomerConverses(t *testing.T, s *server) {
	t.Helper()
	c := newClient(s.URL, floodRequestTO, 1)
	defer c.Close()
	var opened chatAnswer
	mustOK(t, c, request{Method: "POST", Path: "/v1/sessions", Headers: from(newcomerAddr)}, 201, &opened)
	cv := &conversation{c: c, addr: newcomerAddr, who: customer{"Ada Lovelace", "ada@example.com", "06 11 22 33 44"},
		maxTurns: conversationTurns, session: opened.SessionID, token: opened.SessionToken}
	if err := cv.run(fmt.Sprintf("I need a dentist in Lyon on %s at 10:00", time.Now().AddDate(0, 0, 3).Format("2006-01-02"))); err != nil {
		t.Fatal(err)
	}
	if cv.Booking == nil {
		t.Fatalf("the new client's conversation of %d turns booked nothing; the agent last said %s", cv.Turns, cv.Last)
	}
	t.Logf("the new client booked %s in %d turns", cv.Booking.ID, cv.Turns)
}

// newcomerRefused checks that a client from a new address is refused at
// once, opening a session or starting a conversation, when the sessions
// are all taken.
func newcomerRefused(t *testing.T, s *server) {
	t.Helper()
	c := newClient(s.URL, floodRequestTO, 1)
	defer c.Close()
	for _, r := range []request{
		{Method: "POST", Path: "/v1/sessions", Headers: from(newcomerAddr)},
		{Method: "POST", Path: "/v1/chat", Body: jsonBody(map[string]string{"message": "I need a dentist in Lyon"}), Headers: from(newcomerAddr)},
	} {
		a, err := c.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != 429 || a.Code() != "too_many_sessions" {
			t.Errorf("%s %s with the sessions all taken: %s, want 429 too_many_sessions", r.Method, r.Path, a)
		}
		if a.Elapsed > quickRefusal {
			t.Errorf("%s %s with the sessions all taken took %s, want under %s", r.Method, r.Path, a.Elapsed, quickRefusal)
		}
	}
}

// raceAttempts is the default size of the flood under the race detector,
// which slows the test process (not the server) several times.
const raceAttempts = 20_000

// floodAttempts is -abuse.sessions, or under the race detector and
// without the flag, raceAttempts.
func floodAttempts() int {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "abuse.sessions" })
	if raceEnabled && !set {
		return raceAttempts
	}
	return *sessionAttempts
}
