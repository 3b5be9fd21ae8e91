package chat

import (
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// conversation is what a session's Data holds.
type conversation struct {
	State   dialogue.State `json:"state"`
	History []Message      `json:"history"`
}

// openingConversation is the conversation a session starts with.
func openingConversation(greeting, stateLang string, at time.Time) conversation {
	return conversation{State: dialogue.State{Language: stateLang, Awaiting: dialogue.AwaitKind},
		History: []Message{{Role: "agent", Text: greeting, At: at}}}
}

// appendJSON writes the conversation as json.Marshal writes it, byte for
// byte (TestConversationAppendJSON), without reflection: every turn stores
// it, and encoding/json took a fifteenth of a first turn's CPU on it.
func (c *conversation) appendJSON(b []byte) ([]byte, error) {
	b, err := c.State.AppendJSON(append(b, `{"state":`...))
	if err != nil {
		return nil, err
	}
	b = append(b, `,"history":`...)
	if c.History == nil {
		return append(b, "null}"...), nil
	}
	b = append(b, '[')
	for i := range c.History {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = c.History[i].appendJSON(b); err != nil {
			return nil, err
		}
	}
	return append(b, "]}"...), nil
}

func (m *Message) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"role":`...)
	b = rendezvous.AppendJSONString(b, m.Role)
	b = append(b, `,"text":`...)
	b = rendezvous.AppendJSONString(b, m.Text)
	b, err := rendezvous.AppendJSONTime(append(b, `,"at":`...), m.At)
	if err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// encode writes a conversation into buf (reused) in at most limit bytes
// (0: no bound) by forgetting the oldest lines of its history: forty long
// messages do not fit the store's bound, and the customer keeps the state
// and the latest lines rather than a conversation the store refuses. Only
// a state larger than limit on its own is left over it (the store then
// refuses it).
func encode(conv *conversation, limit int, buf []byte) ([]byte, error) {
	data, err := conv.appendJSON(buf[:0])
	if err != nil || limit <= 0 || len(data) <= limit {
		return data, err
	}
	over, drop := len(data)-limit, 0
	var line []byte
	for ; drop < len(conv.History) && over > 0; drop++ {
		if line, err = conv.History[drop].appendJSON(line[:0]); err != nil {
			return nil, err
		}
		over -= len(line) + 1 // and its comma
	}
	conv.History = conv.History[drop:]
	return conv.appendJSON(data[:0])
}
