package rendezvous

import (
	"errors"
	"time"
)

// AppendJSONTime appends t as time.Time's MarshalJSON writes it (RFC 3339
// with nanoseconds when there are any, quoted), byte for byte, without the
// allocation MarshalJSON makes; it fails where MarshalJSON fails (a year
// outside 0–9999, a zone offset of 24 hours or more or with seconds),
// leaving b as it was. TestAppendJSONTime holds it to MarshalJSON.
func AppendJSONTime(b []byte, t time.Time) ([]byte, error) {
	n0 := len(b)
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	// The checks time.Time.appendStrictRFC3339 makes on what it wrote.
	s := b[n0+1:]
	switch {
	case len(s) < len("9999-") || s[4] != '-':
		return b[:n0], errors.New("Time.MarshalJSON: year outside of range [0,9999]")
	case s[len(s)-1] != 'Z':
		c := s[len(s)-len("Z07:00")]
		hour := 10*int(s[len(s)-len("07:00")]-'0') + int(s[len(s)-len("7:00")]-'0')
		if ('0' <= c && c <= '9') || hour >= 24 {
			return b[:n0], errors.New("Time.MarshalJSON: timezone hour outside of range [0,23]")
		}
	}
	return append(b, '"'), nil
}
