package abuse_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// attack is one request: a valid request to an endpoint with one thing
// changed (a JSON field, a path segment, a query parameter or a header).
type attack struct {
	Name  string // endpoint, where, what
	Where string // "body", "path", "query" or "header"
	Req   request
}

// payload is a value an attack puts somewhere: Text is how it is written
// in a path, a query or a header (empty: not there), JSON how it is
// written as a JSON value.
type payload struct {
	Text string
	JSON []byte
}

// attackHeaders are the headers every endpoint reads or might: the
// credential, the request id, the client address, the browser origin, the
// language, and the idempotency key of the booking changes.
var attackHeaders = []string{"Authorization", "X-Request-ID", "X-Forwarded-For", "Origin", "Accept-Language", "Idempotency-Key"}

// marker stands for a payload in an encoded body until it is spliced in.
const marker = "\x01payload\x01"

// attacks returns every request that puts one payload in one place of one
// endpoint's valid request. Each request comes from a distinct client
// address (X-Forwarded-For), so that per-client limits never stop one, but
// for the attacks on X-Forwarded-For itself.
func attacks(eps []endpoint, fx *fixture, payloads []payload) []attack {
	var out []attack
	add := func(e endpoint, where, what string, r request) {
		r.Method = e.Method
		credential := fx.auth(e)
		if where == "header" && r.Headers[0] == "Authorization" {
			credential = nil // the attack's own
		}
		if !(where == "header" && r.Headers[0] == "X-Forwarded-For") {
			credential = append(credential, from(clientAddr(len(out)+1))...)
		}
		r.Headers = append(credential, r.Headers...)
		out = append(out, attack{Name: e.Name + " " + where + " " + what, Where: where, Req: r})
	}
	same := func(old string) string { return old }
	for _, e := range eps {
		path := fx.path(e, "", same) + fx.query(e, "", same)
		valid := func() []byte { // filled anew: each booking its own slot
			if e.Body == nil {
				return nil
			}
			return jsonBody(fx.fill(e.Body, nil, nil))
		}
		for _, p := range payloads {
			if e.Body != nil {
				for _, at := range leaves(e.Body, leafPath{}) {
					add(e, "body", at.String(), request{Path: path, Body: withPayload(fx, e.Body, at, p)})
				}
			}
			if p.Text == "" {
				continue // a JSON value only
			}
			set := func(string) string { return p.Text }
			for _, name := range placeholders(e.Path) {
				add(e, "path", name, request{Path: fx.path(e, name, set) + fx.query(e, "", same), Body: valid()})
				// The payload after a valid value too: "ses_…" + payload
				// passes a prefix check and goes further.
				after := func(old string) string { return old + p.Text }
				add(e, "path", name+"+", request{Path: fx.path(e, name, after) + fx.query(e, "", same), Body: valid()})
			}
			for _, kv := range e.Query {
				name := kv[0].(string)
				add(e, "query", name, request{Path: fx.path(e, "", same) + fx.query(e, name, set), Body: valid()})
			}
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			add(e, "query", "unknown", request{Path: path + sep + "unknown=" + escapeQuery(p.Text), Body: valid()})
			if !headerSafe(p.Text) {
				continue
			}
			for _, h := range attackHeaders {
				v := p.Text
				if h == "Authorization" {
					v = "Bearer " + v
				}
				add(e, "header", h, request{Path: path, Body: valid(), Headers: []string{h, v}})
			}
		}
	}
	return out
}

// withPayload encodes a body template with the leaf at replaced by the
// payload's JSON, written as is (it may be invalid UTF-8).
func withPayload(fx *fixture, body any, at leafPath, p payload) []byte {
	b := jsonBody(fx.fill(body, at, func(any) any { return marker }))
	quoted, _ := json.Marshal(marker) // not jsonBody, which takes a string as JSON already
	if !bytes.Contains(b, quoted) {
		panic("withPayload: no leaf at " + at.String())
	}
	return bytes.Replace(b, quoted, p.JSON, 1)
}

// headerSafe reports whether Go's HTTP client sends s as a header value:
// no control characters (CR and LF above all; those go through raw
// connections instead).
func headerSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// escapeQuery percent-encodes every byte that is not unreserved, so that
// any byte string, valid UTF-8 or not, reaches the server as written.
func escapeQuery(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
