package fake

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// Turner answers every message with "echo: " and the message, counts
// turns in the state, and fails when a message says "fail". It can block
// until released, to hold a turn in flight.
type Turner struct {
	mu    sync.Mutex
	gate  chan struct{}
	Calls int
}

// Hold makes the next turns wait until Release.
func (t *Turner) Hold() {
	t.mu.Lock()
	t.gate = make(chan struct{})
	t.mu.Unlock()
}

// Release lets held turns go on.
func (t *Turner) Release() {
	t.mu.Lock()
	if t.gate != nil {
		close(t.gate)
		t.gate = nil
	}
	t.mu.Unlock()
}

// Turn implements chat.Turner.
func (t *Turner) Turn(ctx context.Context, st *dialogue.State, msg dialogue.Message) (*dialogue.Reply, error) {
	message := msg.Text
	t.mu.Lock()
	t.Calls++
	gate := t.gate
	t.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if strings.Contains(message, "fail") {
		return nil, errors.New("scripted failure")
	}
	st.Intent = "inform"
	st.Awaiting = dialogue.AwaitNothing
	if st.Language == "" {
		st.Language = "en"
	}
	return &dialogue.Reply{Text: "echo: " + message}, nil
}
