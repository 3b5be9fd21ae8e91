package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
)

// Server is a fake model API on a local httptest server, closed when the
// test ends. Give BaseURL to the backend under test.
type Server struct {
	// URL is the root of the server ("http://127.0.0.1:port").
	URL string
	// BaseURL is the base URL a backend is configured with: URL for
	// Anthropic, URL+"/v1" for OpenAI.
	BaseURL string

	t      testing.TB
	script Script
	wire   wire
	srv    *httptest.Server
	quit   chan struct{}

	mu       sync.Mutex
	calls    int
	requests []Request
	ids      map[string]int
}

// wire is what differs between the fakes: the vendor's wire format.
type wire interface {
	vendor() string
	path() string
	// parse reads and checks a request; an error is a request the real
	// API would refuse, or one our backends must never send.
	parse(h http.Header, body []byte) (Request, error)
	// defaultStop is the stop reason of a reply that gives none.
	defaultStop(toolCalls bool) string
	idPrefixes() (message, call string)
	// body is the JSON answer, events the streamed one.
	body(req Request, a *answer) []byte
	events(req Request, a *answer) []event
	// failure is the status and JSON body of an HTTP failure.
	failure(f Failure, message, requestID string) (int, []byte)
	// streamError is the event that reports an error in a stream.
	streamError(message string) event
}

// event is one server-sent event; name is empty for data-only events.
type event struct {
	name string
	data []byte
}

// answer is a Reply made ready to write: ids given, inputs marshalled,
// usage estimated.
type answer struct {
	id        string
	model     string
	text      string
	calls     []call
	stop      string
	in, out   int
	pieces    int
	requestID string
}

type call struct {
	id, name string
	input    []byte // compact JSON object
}

func newServer(t testing.TB, script Script, w wire, basePath string) *Server {
	t.Helper()
	s := &Server{t: t, script: script, wire: w, quit: make(chan struct{}), ids: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	s.BaseURL = s.srv.URL + basePath
	t.Cleanup(func() {
		close(s.quit) // releases hanging handlers, so that Close returns
		s.srv.Close()
	})
	return s
}

// Client returns an HTTP client for the server, whose connections are
// closed with it.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Calls returns how many requests the server received.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// Requests returns the requests received and parsed, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) nextID(prefix string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids[prefix]++
	return prefix + strconv.Itoa(s.ids[prefix])
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.calls++
	s.mu.Unlock()
	if r.Method != http.MethodPost || r.URL.Path != s.wire.path() {
		s.t.Errorf("fake %s: unexpected %s %s (want POST %s)", s.wire.vendor(), r.Method, r.URL.Path, s.wire.path())
		http.NotFound(w, r)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		s.t.Errorf("fake %s: read request: %v", s.wire.vendor(), err)
		return
	}
	req, err := s.wire.parse(r.Header, body)
	if err != nil {
		s.refuse(w, fmt.Errorf("invalid request: %w", err))
		return
	}
	s.mu.Lock()
	s.requests = append(s.requests, req)
	s.mu.Unlock()
	reply, err := s.script(req)
	if err != nil {
		s.refuse(w, err)
		return
	}
	s.answer(w, r, req, reply)
}

// refuse fails the test and answers 400 as the vendor would.
func (s *Server) refuse(w http.ResponseWriter, err error) {
	s.t.Errorf("fake %s: %v", s.wire.vendor(), err)
	status, body := s.wire.failure(FailBadRequest, "fake: "+err.Error(), s.nextID("req_fake_"))
	writeJSON(w, status, body)
}

func (s *Server) answer(w http.ResponseWriter, r *http.Request, req Request, reply Reply) {
	if reply.Failure == FailMidStream && !req.Stream {
		reply.Failure = FailOverloaded
	}
	switch reply.Failure {
	case FailHang:
		select {
		case <-r.Context().Done():
		case <-s.quit:
		}
		return
	case FailRateLimit, FailOverloaded, FailServer, FailBadRequest:
		reqID := s.nextID("req_fake_")
		status, body := s.wire.failure(reply.Failure, reply.Message, reqID)
		h := w.Header()
		h.Set("request-id", reqID)
		if reply.RetryAfter != "" {
			h.Set("retry-after", reply.RetryAfter)
		}
		if reply.RetryAfterMs != "" {
			h.Set("retry-after-ms", reply.RetryAfterMs)
		}
		writeJSON(w, status, body)
		return
	case "", FailMalformed, FailCut, FailMidStream:
	default:
		s.refuse(w, fmt.Errorf("unknown failure %q", reply.Failure))
		return
	}
	a, err := s.prepare(req, reply)
	if err != nil {
		s.refuse(w, err)
		return
	}
	w.Header().Set("request-id", a.requestID)
	if req.Stream {
		evs := s.wire.events(req, a)
		if reply.Failure == FailMidStream {
			evs = append(evs[:len(evs)/2], s.wire.streamError(reply.Message))
		}
		s.stream(w, r, evs, reply.Failure)
		return
	}
	body := s.wire.body(req, a)
	switch reply.Failure {
	case FailMalformed:
		writeJSON(w, http.StatusOK, body[:len(body)/2])
	case FailCut:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body[:len(body)/2])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // closes the connection mid-body
	default:
		writeJSON(w, http.StatusOK, body)
	}
}

func (s *Server) stream(w http.ResponseWriter, r *http.Request, evs []event, f Failure) {
	switch f {
	case FailMalformed:
		for i := len(evs) / 2; i < len(evs); i++ {
			if evs[i].name != "ping" && !bytes.Equal(evs[i].data, []byte("[DONE]")) {
				evs[i].data = evs[i].data[:len(evs[i].data)/2]
				break
			}
		}
	case FailCut:
		evs = evs[:max(1, len(evs)/2)]
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	flusher := w.(http.Flusher)
	for _, ev := range evs {
		if r.Context().Err() != nil {
			return
		}
		var b bytes.Buffer
		if ev.name != "" {
			fmt.Fprintf(&b, "event: %s\n", ev.name)
		}
		fmt.Fprintf(&b, "data: %s\n\n", ev.data)
		if _, err := w.Write(b.Bytes()); err != nil {
			return
		}
		flusher.Flush()
	}
	if f == FailCut {
		panic(http.ErrAbortHandler)
	}
}

// prepare gives ids, marshals inputs and estimates usage.
func (s *Server) prepare(req Request, r Reply) (*answer, error) {
	msgPrefix, callPrefix := s.wire.idPrefixes()
	a := &answer{
		id:        s.nextID(msgPrefix),
		model:     req.Model,
		text:      r.Text,
		stop:      r.StopReason,
		in:        r.InputTokens,
		out:       r.OutputTokens,
		pieces:    r.Pieces,
		requestID: s.nextID("req_fake_"),
	}
	if a.pieces <= 0 {
		a.pieces = 3
	}
	outChars := len(r.Text)
	for _, tc := range r.ToolCalls {
		input, err := objectJSON(tc.Input)
		if err != nil {
			return nil, fmt.Errorf("tool call %s: %w", tc.Name, err)
		}
		id := tc.ID
		if id == "" {
			id = s.nextID(callPrefix)
		}
		a.calls = append(a.calls, call{id: id, name: tc.Name, input: input})
		outChars += len(tc.Name) + len(input)
	}
	if a.stop == "" {
		a.stop = s.wire.defaultStop(len(a.calls) > 0)
	}
	if a.in == 0 {
		a.in = estimateInput(req)
	}
	if a.out == 0 {
		a.out = outChars/4 + 1
	}
	return a, nil
}

// objectJSON marshals a tool input, which must be a JSON object.
func objectJSON(v any) ([]byte, error) {
	var raw []byte
	switch in := v.(type) {
	case nil:
		return []byte("{}"), nil
	case json.RawMessage:
		raw = in
	default:
		var err error
		if raw, err = json.Marshal(in); err != nil {
			return nil, fmt.Errorf("marshal input: %w", err)
		}
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return nil, fmt.Errorf("input is not JSON: %w", err)
	}
	if b.Len() == 0 || b.Bytes()[0] != '{' {
		return nil, fmt.Errorf("input %s is not a JSON object", b.Bytes())
	}
	return b.Bytes(), nil
}

func estimateInput(req Request) int {
	n := len(req.System)
	for _, m := range req.Messages {
		for _, b := range m.Content {
			n += len(b.Text) + len(b.ToolName) + len(b.ToolInput) + len(b.ToolResult)
		}
	}
	for _, t := range req.Tools {
		n += len(t.Name) + len(t.Description)
	}
	return n/4 + 1
}

// split cuts s into n pieces (fewer when s has fewer runes) of about the
// same size, on rune boundaries.
func split(s string, n int) []string {
	if s == "" {
		return nil
	}
	runes := []rune(s)
	n = max(1, min(n, len(runes)))
	out := make([]string, 0, n)
	for i := range n {
		out = append(out, string(runes[len(runes)*i/n:len(runes)*(i+1)/n]))
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("fake: marshal %T: %v", v, err))
	}
	return b
}
