package httpapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// FuzzCheckFlatKeys holds the one-pass check of flat bodies to the
// token-by-token walk: whatever the bytes, when the fast path decides, it
// decides what the walk does (same problem, or none).
func FuzzCheckFlatKeys(f *testing.F) {
	for _, s := range []string{`{"message":"hi"}`, `{"session_id":"s","message":"hi","locale":"fr"}`, `{"message":"a","message":"b"}`,
		`{"Message":"hi"}`, `{"messag\u0065":"hi"}`, `{"message":1.5e3,"x":null}`, `{"message":"\x"}`, `{"message":1.2.3,"bogus":1}`,
		`{"message":tru,"bogus":1}`, `{"message":{"a":1}}`, ` { "message" : "hi" , "locale" : "en" } `, `{}`, `[]`, `{"message":"hi"} trailing`,
		`{"provider_id":1,"provider_id":2}`, `{"start":"2026-12-08T09:00:00+01:00","customer":{"name":"x"}}`, `{"a":-0,"b":01}`} {
		f.Add([]byte(s))
	}
	types := []reflect.Type{reflect.TypeFor[ChatRequestJSON](), reflect.TypeFor[BookingRequestJSON](), reflect.TypeFor[map[string]any]()}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, typ := range types {
			decided, _, fast := checkFlatKeys(body, typ)
			if !decided {
				continue
			}
			slow := walkAllKeys(body, typ)
			if fmt.Sprint(fast) != fmt.Sprint(slow) {
				t.Fatalf("%s, %q: one pass says %v, the walk %v", typ, body, fast, slow)
			}
		}
	})
}

// FuzzDecodeFlat holds the flat bodies' decoding (json.Unmarshal) to the
// decoder's (decodeStream): whatever the bytes, when checkKeys calls
// a body flat, both decode the same value or refuse it with the same
// problem.
func FuzzDecodeFlat(f *testing.F) {
	for _, s := range []string{`{"message":"hi"}`, `{"session_id":"s","message":"hi","locale":"fr"}`, `{"message":1}`,
		`{"message":"\ud83d\ude00 \u00e9\\n"}`, ` {"message" : null } `, `{"provider_id":1.5}`, `{"provider_id":-0,"service_id":9999999999999999999}`,
		`{"start":"2026-12-08T09:00:00+01:00"}`, `{"message":"hi"}  x`, `{}`, `{"message":true}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, newValue := range []func() any{func() any { return new(ChatRequestJSON) }, func() any { return new(BookingRequestJSON) }} {
			v := newValue()
			flat, err := checkKeys(body, reflect.TypeOf(v))
			if !flat || err != nil {
				continue
			}
			var fast error
			if err := json.Unmarshal(body, v); err != nil {
				fast = jsonError(err)
			}
			w := newValue()
			slow := decodeStream(body, w)
			if fmt.Sprint(fast) != fmt.Sprint(slow) || (fast == nil && !reflect.DeepEqual(v, w)) {
				t.Fatalf("%q: Unmarshal %v %+v, decoder %v %+v", body, fast, v, slow, w)
			}
		}
	})
}
