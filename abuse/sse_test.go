package abuse_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// event is one server-sent event of /v1/chat/stream.
type event struct {
	Name string
	Data json.RawMessage
}

// events parses a whole text/event-stream body. It is an error if a data
// line is not JSON or if the stream does not end with a done or an error
// event.
func events(body []byte) ([]event, error) {
	var out []event
	var cur event
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if cur.Name != "" {
				out = append(out, cur)
			}
			cur = event{}
		case strings.HasPrefix(line, "event: "):
			cur.Name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			cur.Data = json.RawMessage(strings.TrimPrefix(line, "data: "))
			if !json.Valid(cur.Data) {
				return nil, fmt.Errorf("event %s: data is not JSON: %s", cur.Name, clip(line, 200))
			}
		default:
			return nil, fmt.Errorf("unexpected line in the event stream: %q", clip(line, 200))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if n := len(out); n == 0 || out[n-1].Name != "done" && out[n-1].Name != "error" {
		return nil, fmt.Errorf("the event stream does not end with done or error: %s", clip(string(body), 300))
	}
	return out, nil
}

// streamProblem returns the problem an event stream ended with, if any.
func streamProblem(body []byte) (*Problem, error) {
	evs, err := events(body)
	if err != nil {
		return nil, err
	}
	last := evs[len(evs)-1]
	if last.Name != "error" {
		return nil, nil
	}
	var p Problem
	if err := json.Unmarshal(last.Data, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
