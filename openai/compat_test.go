package openai_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rendezvous-oss/rendezvous/llm"
	"github.com/rendezvous-oss/rendezvous/openai"
)

// rawServer answers every request with status and body.
func rawServer(t *testing.T, status int, contentType, body string) *openai.Backend {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	b, err := openai.New(openai.Config{BaseURL: srv.URL + "/v1", Model: testModel, APIKey: testKey, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Error bodies of the compatible servers, and of proxies.
func TestCompatibleErrors(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		status                  int
		typ, message            string
	}{
		{"LlamaCpp", "application/json", `{"error":{"code":400,"message":"the request exceeds the available context size","type":"exceed_context_size_error"}}`, 400, "exceed_context_size_error", "the request exceeds the available context size"},
		{"VLLM", "application/json", `{"object":"error","message":"The model does not exist.","type":"NotFoundError","param":null,"code":404}`, 404, "NotFoundError", "The model does not exist."},
		{"ErrorString", "application/json", `{"error":"model \"x\" not found, try pulling it first"}`, 404, "", `model "x" not found, try pulling it first`},
		{"ProxyPage", "text/html", `<html><body>502 Bad Gateway</body></html>`, 502, "", `<html><body>502 Bad Gateway</body></html>`},
		{"Empty", "text/plain", ``, 503, "", "Service Unavailable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := rawServer(t, tt.status, tt.contentType, tt.body)
			_, err := b.Complete(context.Background(), llm.Request{Messages: []llm.Message{userText("hi")}})
			var ae *llm.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("%T %v: want *llm.APIError", err, err)
			}
			if ae.Status != tt.status || ae.Type != tt.typ || ae.Message != tt.message {
				t.Errorf("got status %d type %q message %q, want %d %q %q", ae.Status, ae.Type, ae.Message, tt.status, tt.typ, tt.message)
			}
		})
	}
}

// A local server may leave out tool call ids: the backend makes them up,
// so that results can name their call.
func TestToolCallWithoutID(t *testing.T) {
	b := rawServer(t, 200, "application/json", `{"id":"x","object":"chat.completion","created":1,"model":"llama3",
		"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"",
		"tool_calls":[{"type":"function","function":{"name":"find_slots","arguments":"{\"date\": \"2030-05-06\"}"}},
		              {"function":{"name":"find_slots","arguments":"not json"}}]}}],
		"usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}`)
	resp, err := b.Complete(context.Background(), llm.Request{Messages: []llm.Message{userText("hi")}})
	if err != nil {
		t.Fatal(err)
	}
	want := &llm.Response{
		Content: []llm.Block{
			{Type: llm.BlockToolUse, ToolCallID: "call_0", ToolName: "find_slots", ToolInput: []byte(`{"date":"2030-05-06"}`)},
			// Kept as written, for the caller to refuse.
			{Type: llm.BlockToolUse, ToolCallID: "call_1", ToolName: "find_slots", ToolInput: []byte(`not json`)},
		},
		StopReason: llm.StopToolUse,
		Usage:      llm.Usage{InputTokens: 5, OutputTokens: 7},
		Model:      "llama3",
	}
	if d := cmp.Diff(want, resp); d != "" {
		t.Errorf("response (-want +got):\n%s", d)
	}
}

// A stream without a finish_reason was cut, even if it closed cleanly.
func TestStreamWithoutFinish(t *testing.T) {
	b := rawServer(t, 200, "text/event-stream", "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hel\"},\"finish_reason\":null}]}\n\ndata: [DONE]\n\n")
	_, err := b.Complete(context.Background(), llm.Request{Messages: []llm.Message{userText("hi")}, OnEvent: func(llm.Event) {}})
	var ae *llm.APIError
	if !errors.As(err, &ae) || ae.Status != 0 {
		t.Errorf("error %v, want an *llm.APIError with status 0", err)
	}
}

// Server-sent events as servers and proxies write them: keep-alive
// comments (OpenRouter), CRLF line ends, "data:" without its space, event
// and id fields, a running usage total in every chunk.
func TestStreamDialects(t *testing.T) {
	chunks := []string{
		`{"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Bon"},"finish_reason":null}],"usage":{"prompt_tokens":4,"completion_tokens":1}}`,
		`{"model":"m","choices":[{"index":0,"delta":{"content":"jour"},"finish_reason":null}],"usage":{"prompt_tokens":4,"completion_tokens":2}}`,
		`{"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":4,"completion_tokens":3}}`,
	}
	tests := []struct {
		name string
		body string
	}{
		{"LF", "data: " + chunks[0] + "\n\ndata: " + chunks[1] + "\n\ndata: " + chunks[2] + "\n\ndata: [DONE]\n\n"},
		{"KeepAlive", ": OPENROUTER PROCESSING\n\ndata: " + chunks[0] + "\n\n: ping\n\ndata: " + chunks[1] + "\n\ndata: " + chunks[2] + "\n\ndata: [DONE]\n\n"},
		{"CRLF", "data: " + chunks[0] + "\r\n\r\ndata: " + chunks[1] + "\r\n\r\ndata: " + chunks[2] + "\r\n\r\ndata: [DONE]\r\n\r\n"},
		{"NoSpace", "data:" + chunks[0] + "\n\ndata:" + chunks[1] + "\n\ndata:" + chunks[2] + "\n\ndata:[DONE]\n\n"},
		{"EventAndID", "event: chunk\nid: 1\ndata: " + chunks[0] + "\n\nid: 2\ndata: " + chunks[1] + "\n\ndata: " + chunks[2] + "\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := rawServer(t, 200, "text/event-stream", tt.body)
			var text string
			resp, err := b.Complete(context.Background(), llm.Request{Messages: []llm.Message{userText("hi")},
				OnEvent: func(e llm.Event) { text += e.Text }})
			if err != nil {
				t.Fatal(err)
			}
			want := &llm.Response{
				Content:    []llm.Block{{Type: llm.BlockText, Text: "Bonjour"}},
				StopReason: llm.StopEndTurn,
				Usage:      llm.Usage{InputTokens: 4, OutputTokens: 3},
				Model:      "m",
			}
			if d := cmp.Diff(want, resp); d != "" {
				t.Errorf("response (-want +got):\n%s", d)
			}
			if text != "Bonjour" {
				t.Errorf("deltas %q", text)
			}
		})
	}
}

// A tool call's pieces must name a call already begun, or the next one.
func TestStreamToolCallOutOfOrder(t *testing.T) {
	b := rawServer(t, 200, "text/event-stream",
		"data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}\n\n"+
			"data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n")
	_, err := b.Complete(context.Background(), llm.Request{Messages: []llm.Message{userText("hi")}, OnEvent: func(llm.Event) {}})
	var ae *llm.APIError
	if !errors.As(err, &ae) || ae.Status != 0 {
		t.Errorf("error %v, want an *llm.APIError with status 0", err)
	}
}
