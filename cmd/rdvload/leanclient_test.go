package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestLeanConn sends requests through the lean client to a real net/http
// server answering in each of HTTP/1.1's framings (a length, chunks, a
// closed connection) and statuses, and checks that every request arrives
// whole and every answer is read to its end, on one connection while the
// server keeps it.
func TestLeanConn(t *testing.T) {
	var conns, requests atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("Content-Type") != "application/json" || string(body) != `{"message":"hi"}` {
			http.Error(w, "bad request "+string(body), http.StatusBadRequest)
			return
		}
		switch r.URL.Query().Get("mode") {
		case "chunked":
			f := w.(http.Flusher)
			for i := range 5 {
				fmt.Fprintf(w, "chunk %d %s\n", i, strings.Repeat("x", 3000))
				f.Flush()
			}
		case "close":
			w.Header().Set("Connection", "close")
			_, _ = w.Write([]byte(`{"closing":true}`))
		case "teapot":
			w.WriteHeader(http.StatusTeapot)
		default:
			_, _ = w.Write([]byte(`{"ok":true}`))
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	for _, tc := range []struct {
		mode      string
		status    int
		wantConns int // connections after 20 requests
	}{
		{"length", 200, 1},
		{"chunked", 200, 1},
		{"teapot", 418, 1},
		{"close", 200, 20},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			conns.Store(0)
			requests.Store(0)
			c, err := newLeanConn(loadTarget{method: "POST", url: srv.URL + "/x?mode=" + tc.mode, body: []byte(`{"message":"hi"}`)})
			if err != nil {
				t.Fatal(err)
			}
			defer c.close()
			for i := range 20 {
				st, err := c.send(context.Background())
				if err != nil || st != tc.status {
					t.Fatalf("request %d: %d, %v", i, st, err)
				}
			}
			if requests.Load() != 20 || conns.Load() != int64(tc.wantConns) {
				t.Errorf("%d requests on %d connections, want 20 on %d", requests.Load(), conns.Load(), tc.wantConns)
			}
		})
	}
}
