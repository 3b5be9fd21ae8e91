package abuse_test

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"sort"
	"sync"
	"testing"
	"time"
)

// Bounds of TestSlowClients.
const (
	slowConns      = 200
	dribbleEvery   = 200 * time.Millisecond
	slowGiveUp     = 8 * time.Second // a connection still open then was never closed
	normalEvery    = 50 * time.Millisecond
	normalLatency  = 500 * time.Millisecond // the most a normal request may take meanwhile
	headerTimeout  = time.Second            // RENDEZVOUS_HTTP_READ_HEADER_TIMEOUT
	readTimeout    = 2 * time.Second        // RENDEZVOUS_HTTP_READ_TIMEOUT
	closeTolerance = time.Second            // how late after its timeout a connection may close
)

// TestSlowClients opens 200 connections that each send a byte every
// 200 ms, of their headers or of their body: the server closes every one
// within its timeout (1 s for headers, 2 s for the whole request) plus a
// second, and meanwhile another client's requests keep being answered
// within 500 ms.
func TestSlowClients(t *testing.T) {
	env := with(generousLimits(),
		"RENDEZVOUS_DATABASE_URL", sqliteDB(t, 20),
		"RENDEZVOUS_HTTP_READ_HEADER_TIMEOUT", headerTimeout.String(),
		"RENDEZVOUS_HTTP_READ_TIMEOUT", readTimeout.String())
	s := startServer(t, env)
	u, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		prefix  string // sent at once, then one byte per dribbleEvery
		timeout time.Duration
	}{
		{"SlowHeadersClosedAfterHeaderTimeout", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", headerTimeout},
		{"SlowBodyClosedAfterReadTimeout", "POST /v1/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{\"message\":\"", readTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stop := make(chan struct{})
			normal := make(chan error, 1)
			var asked int
			var slowest time.Duration
			go func() {
				var err error
				asked, slowest, err = keepAsking(s.URL, stop)
				normal <- err
			}()

			closed := make([]time.Duration, slowConns)
			var fails failures
			var wg sync.WaitGroup
			for i := range slowConns {
				wg.Add(1)
				go func() {
					defer wg.Done()
					d, err := dribble(u.Host, tt.prefix)
					if err != nil {
						fails.Add("connection %d: %v", i, err)
					}
					closed[i] = d
				}()
			}
			wg.Wait()
			close(stop)
			if err := <-normal; err != nil {
				t.Error(err)
			}
			if err := fails.Err(); err != nil {
				t.Fatal(err)
			}
			sort.Slice(closed, func(i, j int) bool { return closed[i] < closed[j] })
			t.Logf("%d slow connections closed after %s to %s (median %s); meanwhile %d normal requests answered in at most %s", slowConns, closed[0].Round(time.Millisecond),
				closed[len(closed)-1].Round(time.Millisecond), closed[len(closed)/2].Round(time.Millisecond), asked, slowest.Round(time.Millisecond))
			if first := closed[0]; first < tt.timeout-100*time.Millisecond {
				t.Errorf("a connection was closed after %s, before the %s timeout: something else closes them", first, tt.timeout)
			}
			if last := closed[len(closed)-1]; last > tt.timeout+closeTolerance {
				t.Errorf("a connection stayed open %s, want at most %s", last, tt.timeout+closeTolerance)
			}
		})
	}
}

// dribble connects to addr, sends prefix, then a byte every dribbleEvery
// until the server closes the connection, and returns how long that took.
// It is an error if the server has not closed it after slowGiveUp.
func dribble(addr, prefix string) (time.Duration, error) {
	// From before the dial: the server's clock starts when it accepts.
	start := time.Now()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if err := conn.SetReadDeadline(start.Add(slowGiveUp)); err != nil {
		return 0, err
	}
	if _, err := io.WriteString(conn, prefix); err != nil {
		return 0, err
	}
	closed := make(chan error, 1)
	go func() {
		// Whatever the server answers (nothing, or a 400 for a body cut
		// short), it must then close.
		_, err := io.Copy(io.Discard, conn)
		closed <- err
	}()
	tick := time.NewTicker(dribbleEvery)
	defer tick.Stop()
	for {
		select {
		case err := <-closed:
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				return time.Since(start), err // our give-up deadline: never closed
			}
			return time.Since(start), nil // EOF or reset: closed by the server
		case <-tick.C:
			_, _ = conn.Write([]byte("a")) // fails once the server has closed
		}
	}
}

// keepAsking sends normal requests from another connection until stop is
// closed, and returns how many it sent and the longest wait, or an error
// for the first one that fails or takes longer than normalLatency.
func keepAsking(base string, stop <-chan struct{}) (int, time.Duration, error) {
	c := newClient(base, 5*time.Second, 2)
	defer c.Close()
	paths := []string{"/healthz", "/v1/providers?limit=5"}
	var slowest time.Duration
	for i := 0; ; i++ {
		select {
		case <-stop:
			return i, slowest, nil
		case <-time.After(normalEvery):
		}
		path := paths[i%len(paths)]
		a, err := c.Get(path)
		if err != nil {
			return i, slowest, err
		}
		slowest = max(slowest, a.Elapsed)
		if a.Status != 200 {
			return i, slowest, fmt.Errorf("GET %s while slow clients held connections: %s", path, a)
		}
		if a.Elapsed > normalLatency {
			return i, slowest, fmt.Errorf("GET %s took %s while slow clients held connections, want under %s", path, a.Elapsed, normalLatency)
		}
	}
}
