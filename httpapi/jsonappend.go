package httpapi

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/rendezvous-oss/rendezvous"
)

// jsonAppender is a response that writes its own JSON, byte for byte what
// encoding/json writes for it (each type's test checks this), without
// reflection: the hottest responses (the availability search's slots)
// spent more time in encoding/json than in the search.
// It fails where json.Marshal fails. They are written by writeAppended.
type jsonAppender interface {
	appendJSON(b []byte) ([]byte, error)
}

func (l SlotListJSON) appendJSON(b []byte) ([]byte, error) {
	b, err := appendSlotArray(append(b, `{"slots":`...), l.Slots)
	if err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// appendSlotArray writes a list of slots (nil as null), or returns the
// error time.Time's MarshalJSON gives for a time it cannot write.
func appendSlotArray(b []byte, slots []SlotJSON) ([]byte, error) {
	if slots == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '[')
	for i := range slots {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = slots[i].appendJSON(b); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

func (s *SlotJSON) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"provider_id":`...)
	b = strconv.AppendInt(b, s.ProviderID, 10)
	if s.ProviderName != "" {
		b = append(b, `,"provider_name":`...)
		b = rendezvous.AppendJSONString(b, s.ProviderName)
	}
	b = append(b, `,"service_id":`...)
	b = strconv.AppendInt(b, s.ServiceID, 10)
	b, err := rendezvous.AppendJSONTime(append(b, `,"start":`...), s.Start)
	if err != nil {
		return nil, err
	}
	if b, err = rendezvous.AppendJSONTime(append(b, `,"end":`...), s.End); err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// appendJSON writes the chat's answer, the first turn's hottest output
// (encoding/json spent a tenth of a first turn's CPU on it).
func (c ChatResponseJSON) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"session_id":`...)
	b = rendezvous.AppendJSONString(b, c.SessionID)
	if c.SessionToken != "" {
		b = append(b, `,"session_token":`...)
		b = rendezvous.AppendJSONString(b, c.SessionToken)
	}
	b = append(b, `,"reply":`...)
	b = rendezvous.AppendJSONString(b, c.Reply)
	b = append(b, `,"language":`...)
	b = rendezvous.AppendJSONString(b, c.Language)
	b = append(b, `,"state":`...)
	b, err := c.State.appendJSON(b)
	if err != nil {
		return nil, err
	}
	b = append(b, `,"actions":`...)
	b = appendJSONStrings(b, c.Actions)
	if c.Booking != nil {
		// Rare (a turn that books, moves or cancels): encoding/json's.
		booking, err := json.Marshal(c.Booking)
		if err != nil {
			return nil, err
		}
		b = append(b, `,"booking":`...)
		b = append(b, booking...)
	}
	return append(b, '}'), nil
}

func (s *ChatStateJSON) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"intent":`...)
	b = rendezvous.AppendJSONString(b, s.Intent)
	b = append(b, `,"awaiting":`...)
	b = rendezvous.AppendJSONString(b, string(s.Awaiting))
	b = append(b, `,"slots":`...)
	if s.Slots == nil {
		b = append(b, "null"...)
	} else {
		// encoding/json writes a map's keys sorted.
		b = append(b, '{')
		var room [16]string // a conversation has a handful of slots: no allocation
		keys := room[:0]
		for k := range s.Slots {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = rendezvous.AppendJSONString(b, k)
			b = append(b, ':')
			b = rendezvous.AppendJSONString(b, s.Slots[k])
		}
		b = append(b, '}')
	}
	b, err := appendSlotArray(append(b, `,"proposals":`...), s.Proposals)
	if err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// appendJSONStrings writes a list of strings (nil as null).
func appendJSONStrings(b []byte, l []string) []byte {
	if l == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = rendezvous.AppendJSONString(b, s)
	}
	return append(b, ']')
}
