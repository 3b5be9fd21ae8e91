package httpapi_test

import (
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/httpapi"
)

type countRefusals struct{ reasons chan string }

func (c countRefusals) ConnectionRefused(reason string) { c.reasons <- reason }

// TestConnectionsAreBoundedPerClient: one address cannot hold more than
// its share of connections open, and a closed one gives its place back.
func TestConnectionsAreBoundedPerClient(t *testing.T) {
	srv, err := httpapi.New(httpapi.Config{RateLimits: httpapi.RateLimits{Off: true}})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	obs := countRefusals{reasons: make(chan string, 10)}
	ln := srv.LimitListener(raw, httpapi.ConnLimits{PerClient: 3, Total: 100}, obs)
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: time.Second}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })

	dial := func() net.Conn {
		t.Helper()
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	alive := func(c net.Conn) bool {
		t.Helper()
		if _, err := c.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
			return false
		}
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		buf := make([]byte, 12)
		n, _ := c.Read(buf)
		return n == 12 && string(buf) == "HTTP/1.1 200"
	}
	var held []net.Conn
	for i := range 3 {
		c := dial()
		if !alive(c) {
			t.Fatalf("connection %d within the limit was refused", i)
		}
		held = append(held, c)
	}
	if extra := dial(); alive(extra) {
		t.Fatal("a fourth connection of one client was served")
	}
	select {
	case r := <-obs.reasons:
		if r != "per_client" {
			t.Errorf("refused for %q", r)
		}
	case <-time.After(2 * time.Second):
		t.Error("the refusal was not reported")
	}
	held[0].Close()
	deadline := time.Now().Add(2 * time.Second)
	for {
		if alive(dial()) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a closed connection did not give its place back")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
