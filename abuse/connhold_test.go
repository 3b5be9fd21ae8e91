package abuse_test

import (
	"net"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"
)

// TestHeldConnections opens many more keep-alive connections from one
// address than its bound allows (RENDEZVOUS_MAX_CONNECTIONS_PER_CLIENT):
// the server closes the extra ones at once, its open file descriptors
// stay near the bound, and once the holder lets go it answers again.
func TestHeldConnections(t *testing.T) {
	const bound, opened = 50, 600
	s := startServer(t, with(generousLimits(),
		"RENDEZVOUS_DATABASE_URL", sqliteDB(t, 20),
		"RENDEZVOUS_MAX_CONNECTIONS_PER_CLIENT", strconv.Itoa(bound)))
	u := s.URL[len("http://"):]
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	served := 0
	for range opened {
		c, err := net.Dial("tcp", u)
		if err != nil {
			break // the test process's own limit: enough either way
		}
		conns = append(conns, c)
		c.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))
		c.SetReadDeadline(time.Now().Add(time.Second))
		buf := make([]byte, 12)
		if n, _ := c.Read(buf); n == 12 && string(buf) == "HTTP/1.1 200" {
			served++
		}
	}
	if served > bound {
		t.Errorf("%d connections of one address served, want at most %d", served, bound)
	}
	if fds := openFiles(t, s.PID); fds > bound+100 {
		t.Errorf("the server holds %d open files with %d connections held against it", fds, len(conns))
	}
	t.Logf("%d connections opened, %d served, %d open files in the server", len(conns), served, openFiles(t, s.PID))
	for _, c := range conns {
		c.Close()
	}
	conns = nil
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := http.Get(s.URL + "/healthz")
		if err == nil && resp.StatusCode == 200 {
			resp.Body.Close()
			break
		}
		if resp != nil {
			resp.Body.Close()
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server does not answer after the connections closed: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// openFiles counts a process's open file descriptors.
func openFiles(t *testing.T, pid int) int {
	entries, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/fd")
	if err != nil {
		t.Skipf("cannot read the server's open files: %v", err)
	}
	return len(entries)
}
