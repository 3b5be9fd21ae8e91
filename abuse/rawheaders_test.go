package abuse_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// rawHeaderInjection sends requests whose headers carry bare CR, LF, NUL
// or obsolete line folding, which Go's client refuses to send: the server
// answers 400 or a normal answer, never 5xx, and never with an injected
// header.
func rawHeaderInjection(t *testing.T, base string) {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, header string }{
		{"BareCR", "X-Request-ID: abc\rX-Injected: yes"},
		{"BareLF", "X-Request-ID: abc\nX-Injected: yes"},
		{"NUL", "X-Request-ID: abc\x00X-Injected: yes"},
		{"ObsFold", "X-Request-ID: abc\r\n X-Injected: yes"},
		{"AuthorizationCRLF", "Authorization: Bearer x\r\n\tX-Injected: yes"},
		{"EncodedCRLF", "X-Request-ID: abc%0d%0aX-Injected:%20yes"},
		{"SpaceBeforeColon", "X-Request-ID : abc"},
		{"OriginCRLF", "Origin: http://x\r\n X-Injected: yes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := "GET /v1/providers?limit=1 HTTP/1.1\r\nHost: " + u.Host + "\r\n" + tt.header + "\r\nConnection: close\r\n\r\n"
			resp, err := rawRequest(u.Host, raw)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode >= 500 {
				t.Errorf("status %d", resp.StatusCode)
			}
			if resp.Header.Get("X-Injected") != "" {
				t.Errorf("injected header in the answer: %v", resp.Header)
			}
			if id := resp.Header.Get("X-Request-ID"); strings.ContainsAny(id, " :\r\n\x00%") {
				t.Errorf("X-Request-ID %q echoes the attack", id)
			}
		})
	}
}

// rawRequest writes raw on a new connection and reads the answer.
func rawRequest(addr, raw string) (*http.Response, error) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(requestTO)); err != nil {
		return nil, err
	}
	if _, err := io.WriteString(conn, raw); err != nil {
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return nil, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp, err
}
