package openai_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/fake"
	"github.com/rendezvous-oss/rendezvous/llm"
	"github.com/rendezvous-oss/rendezvous/openai"
)

const (
	testKey   = "sk-proj-test-NEVER-PRINT-ME-0123456789"
	testModel = "gpt-test-1"
)

// newBackend returns a backend that talks to srv.
func newBackend(t *testing.T, srv *fake.Server, edit ...func(*openai.Config)) *openai.Backend {
	t.Helper()
	cfg := openai.Config{
		APIKey:     testKey,
		BaseURL:    srv.BaseURL,
		Model:      testModel,
		HTTPClient: srv.Client(),
		Timeout:    5 * time.Second,
	}
	for _, e := range edit {
		e(&cfg)
	}
	b, err := openai.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// complete calls b, streaming when stream is set, and returns the events
// seen.
func complete(t *testing.T, b llm.Backend, req llm.Request, stream bool) (*llm.Response, []llm.Event, error) {
	t.Helper()
	var events []llm.Event
	if stream {
		req.OnEvent = func(e llm.Event) { events = append(events, e) }
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := b.Complete(ctx, req)
	return resp, events, err
}

func userText(s string) llm.Message {
	return llm.Message{Role: llm.RoleUser, Content: []llm.Block{{Type: llm.BlockText, Text: s}}}
}

// settle waits for the number of goroutines to come back to before, and
// fails the test if it does not within two seconds.
func settle(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Errorf("%d goroutines left (had %d):\n%s", n, before, buf)
	}
}

// noKey fails the test if err says the API key anywhere.
func noKey(t *testing.T, err error) {
	t.Helper()
	for e := err; e != nil; e = errors.Unwrap(e) {
		for _, s := range []string{e.Error(), fmt.Sprintf("%+v %#v", e, e)} {
			if strings.Contains(s, testKey) {
				t.Errorf("the API key appears in the error %q", s)
			}
		}
	}
}
