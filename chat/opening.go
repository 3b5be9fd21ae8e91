package chat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// opening is the stored form of a conversation that has just opened: its
// state and the greeting, all but the greeting's time fixed per language,
// encoded once per service rather than once per conversation (every first
// turn opens one).
type opening struct {
	before, after []byte // the JSON around the greeting's time
}

// openingSentinel is a time no conversation opens at, whose JSON marks
// where the time goes.
func openingSentinel() time.Time { return time.Date(1901, 2, 3, 4, 5, 6, 7, time.UTC) }

func newOpening(conv conversation) (opening, error) {
	conv.History[0].At = openingSentinel()
	data, err := json.Marshal(conv)
	if err != nil {
		return opening{}, err
	}
	mark, _ := openingSentinel().MarshalJSON()
	before, after, found := bytes.Cut(data, mark)
	if !found || bytes.Contains(after, mark) {
		return opening{}, fmt.Errorf("opening: the greeting's time is not where it was expected")
	}
	return opening{before: before, after: after}, nil
}

// encode writes the conversation opened at t: what json.Marshal writes
// for it (TestOpeningAsMarshal).
func (o opening) encode(t time.Time) ([]byte, error) {
	at, err := t.MarshalJSON()
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, len(o.before)+len(at)+len(o.after))
	b = append(b, o.before...)
	b = append(b, at...)
	return append(b, o.after...), nil
}

// openingConversation is the conversation a session starts with.
func openingConversation(greeting, stateLang string, at time.Time) conversation {
	return conversation{State: dialogue.State{Language: stateLang, Awaiting: dialogue.AwaitKind},
		History: []Message{{Role: "agent", Text: greeting, At: at}}}
}
