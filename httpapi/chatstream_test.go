package httpapi_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestChatStream streams an answer as server-sent events: steps while the
// agent works, pieces of the reply, then the whole answer.
func TestChatStream(t *testing.T) {
	f := newFixture(t)
	req, _ := http.NewRequest("POST", f.url+"/v1/chat/stream", strings.NewReader(`{"message":"I need a dentist in Paris tomorrow morning"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := f.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var events []string
	var reply strings.Builder
	var done struct {
		SessionID string `json:"session_id"`
		Reply     string `json:"reply"`
		State     struct {
			Awaiting string `json:"awaiting"`
		} `json:"state"`
	}
	sc := bufio.NewScanner(resp.Body)
	event := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
			events = append(events, event)
		case strings.HasPrefix(line, "data: "):
			data := strings.TrimPrefix(line, "data: ")
			switch event {
			case "reply":
				var d struct {
					Delta string `json:"delta"`
				}
				json.Unmarshal([]byte(data), &d)
				reply.WriteString(d.Delta)
			case "done":
				if err := json.Unmarshal([]byte(data), &done); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	joined := strings.Join(events, ",")
	if !strings.HasPrefix(joined, "step,") || !strings.Contains(joined, "step,reply") || !strings.HasSuffix(joined, "reply,done") {
		t.Errorf("events: %s", joined)
	}
	if done.Reply == "" || reply.String() != done.Reply || done.State.Awaiting != "slot_choice" || done.SessionID == "" {
		t.Errorf("streamed %q, done %+v", reply.String(), done)
	}
	// Refusals come before the stream, as problems.
	req, _ = http.NewRequest("POST", f.url+"/v1/chat/stream", strings.NewReader(`{"session_id":"ses_abc","message":"hi"}`))
	req.Header.Set("Content-Type", "application/json")
	resp2, err := f.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != 401 || resp2.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("stream without a token: %d %s", resp2.StatusCode, resp2.Header.Get("Content-Type"))
	}
}
