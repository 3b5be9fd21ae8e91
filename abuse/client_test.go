package abuse_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
)

// client is an HTTP client of one server. Every request it sends has a
// timeout: a request that gets no answer in time is an error, which is how
// the suite asserts that the server answers in bounded time.
type client struct {
	base string
	hc   *http.Client
}

// newClient returns a client of base whose requests time out after
// timeout, keeping up to conns idle connections. Redirects are not
// followed: a 3xx is an answer.
func newClient(base string, timeout time.Duration, conns int) *client {
	tr := &http.Transport{
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
	}
	return &client{base: base, hc: &http.Client{
		Transport:     tr,
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Close closes the client's idle connections.
func (c *client) Close() { c.hc.CloseIdleConnections() }

// answer is a response, read whole.
type answer struct {
	Path    string // the request's path and query
	Status  int
	Header  http.Header
	Body    []byte
	Elapsed time.Duration
}

// Problem is the RFC 9457 body of an error answer.
type Problem struct {
	Status int    `json:"status"`
	Code   string `json:"code"`
	Detail string `json:"detail"`
}

// Code returns the problem code of an error answer, or "".
func (a answer) Code() string {
	var p Problem
	_ = json.Unmarshal(a.Body, &p)
	return p.Code
}

// MediaType returns the media type of the answer's Content-Type.
func (a answer) MediaType() string {
	mt, _, _ := mime.ParseMediaType(a.Header.Get("Content-Type"))
	return mt
}

func (a answer) String() string {
	return fmt.Sprintf("%d %s %s", a.Status, a.MediaType(), clip(string(a.Body), 300))
}

// Decode decodes the answer's JSON body into v.
func (a answer) Decode(v any) error {
	if err := json.Unmarshal(a.Body, v); err != nil {
		return fmt.Errorf("decode %s: %w", a, err)
	}
	return nil
}

// request is one request to send: headers come in name, value pairs.
type request struct {
	Method  string
	Path    string // with its query, sent as written
	Body    []byte
	Headers []string
	// Chunked sends the body without a Content-Length.
	Chunked bool
}

// Do sends r and reads the whole answer.
func (c *client) Do(r request) (answer, error) {
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
		if r.Chunked {
			body = io.MultiReader(body) // hides the length
		}
	}
	method := r.Method
	if method == "" {
		method = "GET"
	}
	req, err := http.NewRequest(method, c.base+r.Path, body)
	if err != nil {
		return answer{}, err
	}
	if r.Body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(r.Headers); i += 2 {
		req.Header.Set(r.Headers[i], r.Headers[i+1])
	}
	start := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		return answer{}, fmt.Errorf("%s %s: %w", method, clip(r.Path, 100), err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	a := answer{Path: r.Path, Status: resp.StatusCode, Header: resp.Header, Body: raw, Elapsed: time.Since(start)}
	if err != nil {
		return a, fmt.Errorf("%s %s: read the answer: %w", method, clip(r.Path, 100), err)
	}
	return a, nil
}

// Get sends a GET with optional header pairs.
func (c *client) Get(path string, headers ...string) (answer, error) {
	return c.Do(request{Path: path, Headers: headers})
}

// Post sends v as a JSON body (a []byte or string is sent as is).
func (c *client) Post(path string, v any, headers ...string) (answer, error) {
	return c.Do(request{Method: "POST", Path: path, Body: jsonBody(v), Headers: headers})
}

// jsonBody encodes v; a []byte or string is taken as already encoded.
func jsonBody(v any) []byte {
	switch b := v.(type) {
	case []byte:
		return b
	case string:
		return []byte(b)
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // the suite's own values always encode
	}
	return b
}

// bearer returns the Authorization header pair for a token.
func bearer(token string) []string { return []string{"Authorization", "Bearer " + token} }

// from returns the X-Forwarded-For header pair naming a client address.
// A server started with RENDEZVOUS_TRUSTED_PROXIES=127.0.0.1 takes it as
// the client's, so that one test process can act as many clients; others
// ignore it.
func from(addr string) []string { return []string{"X-Forwarded-For", addr} }

// clientAddr returns the i-th of a range of distinct client addresses in
// 10.0.0.0/8.
func clientAddr(i int) string {
	return fmt.Sprintf("10.%d.%d.%d", (i>>16)&0xff, (i>>8)&0xff, i&0xff)
}

// checkAnswer returns an error for a 5xx answer, or an answer that is
// not JSON: every answer of the API is, errors included (as RFC 9457
// problems), but for the Prometheus text of /metrics and the events of
// /v1/chat/stream, which must be JSON and not end with a 5xx problem.
func checkAnswer(a answer) error {
	switch {
	case a.Status >= 500:
		return fmt.Errorf("server error: %s", a)
	case a.Status >= 400 && a.MediaType() != "application/problem+json":
		return fmt.Errorf("error answer is not a problem: %s", a)
	case a.Status >= 300 || a.Status == 204:
		return nil
	case strings.HasPrefix(a.Path, "/metrics"):
		if a.MediaType() != "text/plain" {
			return fmt.Errorf("metrics are not text: %s", a)
		}
	case strings.HasPrefix(a.Path, "/v1/feeds/"):
		if a.MediaType() != "text/calendar" || !bytes.HasPrefix(a.Body, []byte("BEGIN:VCALENDAR")) {
			return fmt.Errorf("a calendar feed is not text/calendar: %s", a)
		}
	case strings.HasPrefix(a.Path, "/dev/mail/"):
		if a.MediaType() != "message/rfc822" {
			return fmt.Errorf("a message of the mailbox is not message/rfc822: %s", a)
		}
	case a.MediaType() == "text/event-stream":
		p, err := streamProblem(a.Body)
		if err != nil {
			return err
		}
		if p != nil && p.Status >= 500 {
			return fmt.Errorf("server error in the event stream: %+v", *p)
		}
	case a.MediaType() != "application/json" || !json.Valid(a.Body):
		return fmt.Errorf("answer is not JSON: %s", a)
	}
	return nil
}
