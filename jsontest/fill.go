// Package jsontest holds the tests of hand-written JSON encoders to
// encoding/json: Fill gives a value every field of which may be set, so
// that an encoder that forgets a field, or writes one otherwise than
// encoding/json, differs from json.Marshal on some of them.
package jsontest

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"time"
)

// texts are the awkward texts strings are drawn from: escapes, HTML,
// U+2028, invalid UTF-8, French.
var texts = [...]string{"", "a", "Lyon", "Saint-Étienne", `say "hi"\`, "<b>&amp;</b>", "line\nbreak\ttab\x01",
	"\u2028\u2029", "bad \xff utf-8", "2026-12-07", "09:30", "ses_x", "Dr Zoë O'Brien", "😀"}

// Fill sets every settable field of the value v points to at random: each
// is left zero one time in four (so that omitempty and omitzero are tried
// both ways); slices get up to three elements, pointers a filled value.
// Times are drawn in UTC, Paris and odd fixed zones, with and without
// nanoseconds, and rarely out of what time.Time's MarshalJSON can write.
func Fill(rng *rand.Rand, v any) {
	fill(rng, reflect.ValueOf(v).Elem(), 0)
}

func fill(rng *rand.Rand, v reflect.Value, depth int) {
	if rng.IntN(4) == 0 || depth > 6 {
		v.SetZero()
		return
	}
	if v.Type() == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(randomTime(rng)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(texts[rng.IntN(len(texts))])
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(randomInt(rng) >> (64 - v.Type().Bits()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(rng.Uint64() >> (64 - v.Type().Bits()) >> rng.IntN(64))
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(rng, p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		n := rng.IntN(4)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			fill(rng, s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(rng, v.Field(i), depth+1)
			}
		}
	default:
		panic(fmt.Sprintf("jsontest.Fill: no values for %s", v.Type()))
	}
}

// randomInt is a 64-bit integer of any size and sign (shifted right by the
// caller to fit narrower types).
func randomInt(rng *rand.Rand) int64 {
	n := int64(rng.Uint64()) >> rng.IntN(64)
	if rng.IntN(2) == 0 {
		return -n
	}
	return n
}

func randomTime(rng *rand.Rand) time.Time {
	zones := []*time.Location{time.UTC, time.FixedZone("", 3600), time.FixedZone("", -(9*3600 + 30*60)), time.FixedZone("", 5)}
	if paris, err := time.LoadLocation("Europe/Paris"); err == nil {
		zones = append(zones, paris)
	}
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.Int64N(int64(400 * 24 * time.Hour))))
	if rng.IntN(2) == 0 {
		t = t.Truncate(time.Minute)
	}
	if rng.IntN(50) == 0 {
		t = t.AddDate(8000, 0, 0) // past 9999: MarshalJSON fails
	}
	return t.In(zones[rng.IntN(len(zones))])
}
