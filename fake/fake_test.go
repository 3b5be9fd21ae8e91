package fake_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/fake"
)

// recorder is a testing.TB that keeps the errors a fake reports, so that
// a test can expect them.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}

func post(t *testing.T, url string, header map[string]string, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

const toolsA = `"tools":[{"name":"find_slots","input_schema":{"type":"object","properties":{}}}]`

// A request the real API would refuse fails the test and gets a 400.
func TestAnthropicRefuses(t *testing.T) {
	version := map[string]string{"anthropic-version": "2023-06-01"}
	tests := []struct {
		name   string
		header map[string]string
		body   string
		want   string // in the error
	}{
		{"ErrNoVersion", nil, `{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}`, "anthropic-version"},
		{"ErrUnknownField", version, `{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"input_schema":{}}`, "unknown field"},
		{"ErrNoMaxTokens", version, `{"model":"m","messages":[{"role":"user","content":"hi"}]}`, "max_tokens"},
		{"ErrTemperature", version, `{"model":"m","max_tokens":5,"temperature":1.5,"messages":[{"role":"user","content":"hi"}]}`, "temperature"},
		{"ErrEmptyText", version, `{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text","text":""}]}]}`, "non-empty"},
		{"ErrSchema", version, `{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"t","input_schema":{"type":"string"}}]}`, "input_schema"},
		{"ErrUnknownToolResult", version, `{"model":"m","max_tokens":5,` + toolsA + `,"messages":[
			{"role":"user","content":"hi"},
			{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"find_slots","input":{}}]},
			{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_2","content":"x"}]}]}`, "answers no tool_use"},
		{"ErrUnansweredToolUse", version, `{"model":"m","max_tokens":5,` + toolsA + `,"messages":[
			{"role":"user","content":"hi"},
			{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"find_slots","input":{}}]},
			{"role":"user","content":"and?"}]}`, "has no tool_result"},
		{"ErrResultAfterText", version, `{"model":"m","max_tokens":5,` + toolsA + `,"messages":[
			{"role":"user","content":"hi"},
			{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"find_slots","input":{}}]},
			{"role":"user","content":[{"type":"text","text":"x"},{"type":"tool_result","tool_use_id":"toolu_1","content":"x"}]}]}`, "must come first"},
		{"ErrToolInput", version, `{"model":"m","max_tokens":5,` + toolsA + `,"messages":[
			{"role":"user","content":"hi"},
			{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"find_slots","input":[1]}]},
			{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"x"}]}]}`, "not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			srv := fake.NewAnthropic(rec, fake.Sequence())
			status, body := post(t, srv.URL+"/v1/messages", tt.header, tt.body)
			if status != 400 || !strings.Contains(body, "invalid_request_error") {
				t.Errorf("answer %d %s, want 400 invalid_request_error", status, body)
			}
			errs := rec.errors()
			if len(errs) != 1 || !strings.Contains(errs[0], tt.want) {
				t.Errorf("test errors %q, want one about %q", errs, tt.want)
			}
		})
	}
}

const toolsO = `"tools":[{"type":"function","function":{"name":"find_slots","parameters":{"type":"object","properties":{}}}}]`

func TestOpenAIRefuses(t *testing.T) {
	call := `{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"find_slots","arguments":"{}"}}]}`
	tests := []struct {
		name string
		body string
		want string
	}{
		{"ErrUnknownField", `{"model":"m","messages":[{"role":"user","content":"hi"}],"input_schema":{}}`, "unknown field"},
		{"ErrNoMessages", `{"model":"m","messages":[]}`, "messages"},
		{"ErrBothMaxTokens", `{"model":"m","max_tokens":5,"max_completion_tokens":5,"messages":[{"role":"user","content":"hi"}]}`, "both"},
		{"ErrStreamOptions", `{"model":"m","stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}`, "stream_options"},
		{"ErrToolType", `{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"custom","function":{"name":"x"}}]}`, "type"},
		{"ErrUnknownToolCall", `{"model":"m",` + toolsO + `,"messages":[{"role":"user","content":"hi"},` + call + `,{"role":"tool","tool_call_id":"call_2","content":"x"}]}`, "answers no tool_use"},
		{"ErrUnansweredToolCall", `{"model":"m",` + toolsO + `,"messages":[{"role":"user","content":"hi"},` + call + `,{"role":"user","content":"and?"}]}`, "has no tool_result"},
		{"ErrToolWithoutCall", `{"model":"m","messages":[{"role":"user","content":"hi"},{"role":"tool","tool_call_id":"call_1","content":"x"}]}`, "answers no tool_use"},
		{"ErrArguments", `{"model":"m",` + toolsO + `,"messages":[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"find_slots","arguments":"{\"a\":"}}]},{"role":"tool","tool_call_id":"call_1","content":"x"}]}`, "arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			srv := fake.NewOpenAI(rec, fake.Sequence())
			status, body := post(t, srv.BaseURL+"/chat/completions", nil, tt.body)
			if status != 400 || !strings.Contains(body, "invalid_request_error") {
				t.Errorf("answer %d %s, want 400 invalid_request_error", status, body)
			}
			errs := rec.errors()
			if len(errs) != 1 || !strings.Contains(errs[0], tt.want) {
				t.Errorf("test errors %q, want one about %q", errs, tt.want)
			}
		})
	}
}

func TestWrongPath(t *testing.T) {
	rec := &recorder{TB: t}
	srv := fake.NewOpenAI(rec, fake.Sequence())
	if status, _ := post(t, srv.URL+"/chat/completions", nil, `{}`); status != 404 {
		t.Errorf("status %d, want 404", status)
	}
	if len(rec.errors()) != 1 {
		t.Errorf("test errors %q, want one", rec.errors())
	}
}

func TestSequenceExhausted(t *testing.T) {
	rec := &recorder{TB: t}
	srv := fake.NewOpenAI(rec, fake.Sequence(fake.Text("one")))
	body := `{"model":"m","messages":[{"role":"user","content":"hi"}]}`
	if status, _ := post(t, srv.BaseURL+"/chat/completions", nil, body); status != 200 {
		t.Fatalf("first call: status %d", status)
	}
	if len(rec.errors()) != 0 {
		t.Fatalf("test errors %q after the first call", rec.errors())
	}
	if status, _ := post(t, srv.BaseURL+"/chat/completions", nil, body); status != 400 {
		t.Errorf("second call: status %d, want 400", status)
	}
	if errs := rec.errors(); len(errs) != 1 || !strings.Contains(errs[0], "called 2 times") {
		t.Errorf("test errors %q, want one about the second call", errs)
	}
	if srv.Calls() != 2 || len(srv.Requests()) != 2 {
		t.Errorf("%d calls, %d requests; want 2 and 2", srv.Calls(), len(srv.Requests()))
	}
}

// A hanging answer whose client never gives up is released when the test
// ends, so that the server can close.
func TestHangReleasedAtCleanup(t *testing.T) {
	done := make(chan error, 1)
	t.Run("Hang", func(t *testing.T) {
		srv := fake.NewOpenAI(t, fake.Always(fake.Hang()))
		go func() {
			res, err := http.Post(srv.BaseURL+"/chat/completions", "application/json", strings.NewReader(`{"model":"m","messages":[{"role":"user","content":"hi"}]}`))
			if err == nil {
				res.Body.Close()
			}
			done <- err
		}()
		deadline := time.Now().Add(2 * time.Second)
		for srv.Calls() == 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
	})
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("the hanging request was not released when its test ended")
	}
}
