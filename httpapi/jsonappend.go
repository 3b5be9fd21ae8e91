package httpapi

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// jsonAppender is a response that writes its own JSON, byte for byte what
// encoding/json writes for it (each type's test checks this), without
// reflection: the hottest responses (the availability search's slots)
// spent more time in encoding/json than in the search.
// An error is what json.Marshal would return.
type jsonAppender interface {
	appendJSON(b []byte) ([]byte, error)
}

func (l SlotListJSON) appendJSON(b []byte) ([]byte, error) {
	if l.Slots == nil {
		return append(b, `{"slots":null}`...), nil
	}
	b = append(b, `{"slots":[`...)
	for i := range l.Slots {
		if i > 0 {
			b = append(b, ',')
		}
		s := &l.Slots[i]
		if !jsonTime(s.Start) || !jsonTime(s.End) {
			return json.Marshal(l) // for its error
		}
		b = s.appendJSON(b)
	}
	return append(b, "]}"...), nil
}

// jsonTime reports whether time.Time's MarshalJSON writes t (a year from
// 0 to 9999) rather than fail.
func jsonTime(t time.Time) bool { y := t.Year(); return y >= 0 && y <= 9999 }

// appendJSON writes s; its times must be jsonTime.
func (s *SlotJSON) appendJSON(b []byte) []byte {
	b = append(b, `{"provider_id":`...)
	b = strconv.AppendInt(b, s.ProviderID, 10)
	if s.ProviderName != "" {
		b = append(b, `,"provider_name":`...)
		b = rendezvous.AppendJSONString(b, s.ProviderName)
	}
	b = append(b, `,"service_id":`...)
	b = strconv.AppendInt(b, s.ServiceID, 10)
	b = append(b, `,"start":`...)
	b = appendJSONTime(b, s.Start)
	b = append(b, `,"end":`...)
	b = appendJSONTime(b, s.End)
	return append(b, '}')
}

// appendJSONTime appends t, a jsonTime, as time.Time's MarshalJSON writes
// it (RFC 3339 with nanoseconds when there are any).
func appendJSONTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}
