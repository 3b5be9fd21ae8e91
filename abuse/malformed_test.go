package abuse_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// malformation turns an endpoint's valid body into a malformed one.
type malformation struct {
	name string
	// body returns the malformed body from the valid one, the endpoint's
	// body size limit and the name of a field of the body.
	body func(valid []byte, limit int, field string) []byte
	// contentType replaces application/json when set; noContentType
	// sends an empty one (a cross-origin "simple request" has none).
	contentType   string
	noContentType bool
	status        int
	codes         []string // any of these
}

// deep nests n arrays: [[[…]]].
func deep(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }

// deepWithin nests as many arrays as the limit allows under the field,
// and at most 10,000 (encoding/json's own bound is 10,000 levels).
func deepWithin(limit int, field string) []byte {
	n := min(10_000, (limit-len(field)-8)/2)
	return []byte(`{"` + field + `":` + deep(n) + `}`)
}

// beforeLast inserts s before the closing brace of a JSON object.
func beforeLast(valid []byte, s string) []byte {
	i := bytes.LastIndexByte(valid, '}')
	sep := ","
	if bytes.Equal(bytes.TrimSpace(valid), []byte("{}")) {
		sep = ""
	}
	return slices.Concat(valid[:i], []byte(sep+s), valid[i:])
}

// afterFirst inserts s after the opening brace of a JSON object.
func afterFirst(valid []byte, s string) []byte {
	return slices.Concat(valid[:1], []byte(s), valid[1:])
}

// wrongType are the codes of a value of the wrong type: wrong_type names
// the field; a time (parsed by time.Time itself) gets invalid_json.
var wrongType = []string{"wrong_type", "invalid_json"}

var malformations = []malformation{
	{name: "WhitespaceOnlyInvalid", body: func([]byte, int, string) []byte { return []byte(" \n\t ") }, status: 400, codes: []string{"invalid_json"}},
	{name: "TruncatedInvalid", body: func(v []byte, _ int, _ string) []byte { return v[:len(v)/2] }, status: 400, codes: []string{"invalid_json"}},
	{name: "OpenBraceOnlyInvalid", body: func([]byte, int, string) []byte { return []byte("{") }, status: 400, codes: []string{"invalid_json"}},
	{name: "TrailingGarbageRefused", body: func(v []byte, _ int, _ string) []byte { return append(v, " garbage"...) }, status: 400, codes: []string{"trailing_data"}},
	{name: "SecondObjectRefused", body: func(v []byte, _ int, _ string) []byte { return slices.Concat(v, v) }, status: 400, codes: []string{"trailing_data"}},
	{name: "TrailingNULRefused", body: func(v []byte, _ int, _ string) []byte { return append(v, 0) }, status: 400, codes: []string{"trailing_data"}},
	{name: "RawNULInvalid", body: func(v []byte, _ int, _ string) []byte { return afterFirst(v, "\x00") }, status: 400, codes: []string{"invalid_json"}},
	{name: "RawControlInStringInvalid", body: func(_ []byte, _ int, f string) []byte { return []byte(`{"` + f + "\":\"a\x01b\"}") }, status: 400, codes: []string{"invalid_json"}},
	{name: "ByteOrderMarkInvalid", body: func(v []byte, _ int, _ string) []byte { return slices.Concat([]byte("\xef\xbb\xbf"), v) }, status: 400, codes: []string{"invalid_json"}},
	{name: "UTF16Invalid", body: func(v []byte, _ int, _ string) []byte { return utf16LE(v) }, status: 400, codes: []string{"invalid_json"}},
	{name: "SingleQuotesInvalid", body: func(_ []byte, _ int, f string) []byte { return []byte("{'" + f + "':'x'}") }, status: 400, codes: []string{"invalid_json"}},
	{name: "TrailingCommaInvalid", body: func(v []byte, _ int, _ string) []byte { return beforeLast(v, "") }, status: 400, codes: []string{"invalid_json"}},
	{name: "BadEscapeInvalid", body: func(_ []byte, _ int, f string) []byte { return []byte(`{"` + f + `":"\q"}`) }, status: 400, codes: []string{"invalid_json"}},
	{name: "CommentInvalid", body: func(v []byte, _ int, _ string) []byte { return afterFirst(v, "/* x */") }, status: 400, codes: []string{"invalid_json"}},
	{name: "NaNInvalid", body: func(_ []byte, _ int, f string) []byte { return []byte(`{"` + f + `":NaN}`) }, status: 400, codes: []string{"invalid_json"}},
	{name: "DeepArraysWithinLimitRefused", body: func(_ []byte, l int, f string) []byte { return deepWithin(l, f) }, status: 400, codes: []string{"wrong_type", "invalid_json"}},
	{name: "DeepArraysUnclosedInvalid", body: func(_ []byte, l int, _ string) []byte { return []byte(strings.Repeat("[", min(10_000, l-1))) }, status: 400, codes: []string{"invalid_json"}},
	{name: "DeepObjectsRefused", body: func(_ []byte, l int, f string) []byte {
		n := min(10_000, (l-20)/(len(f)+5))
		return []byte(strings.Repeat(`{"`+f+`":`, n) + "1" + strings.Repeat("}", n))
	}, status: 400, codes: []string{"wrong_type", "invalid_json"}},
	{name: "ArrayNotObjectRefused", body: func([]byte, int, string) []byte { return []byte(`[]`) }, status: 400, codes: []string{"invalid_json"}},
	{name: "StringNotObjectRefused", body: func([]byte, int, string) []byte { return []byte(`"hello"`) }, status: 400, codes: []string{"invalid_json"}},
	{name: "NumberNotObjectRefused", body: func([]byte, int, string) []byte { return []byte(`42`) }, status: 400, codes: []string{"invalid_json"}},
	{name: "WrongTypeObjectRefused", body: func(_ []byte, _ int, f string) []byte { return []byte(`{"` + f + `":{"x":1}}`) }, status: 400, codes: wrongType},
	{name: "WrongTypeArrayRefused", body: func(_ []byte, _ int, f string) []byte { return []byte(`{"` + f + `":[1,2]}`) }, status: 400, codes: wrongType},
	{name: "HugeNumberRefused", body: func(_ []byte, _ int, f string) []byte { return []byte(`{"` + f + `":1e999}`) }, status: 400, codes: []string{"wrong_type", "invalid_json"}},
	{name: "LongNumberRefused", body: func(_ []byte, l int, f string) []byte {
		return []byte(`{"` + f + `":` + strings.Repeat("9", min(10_000, l-len(f)-8)) + `}`)
	}, status: 400, codes: []string{"wrong_type", "invalid_json"}},
	{name: "UnknownFieldRefused", body: func(v []byte, _ int, _ string) []byte { return beforeLast(v, `"is_admin":true`) }, status: 400, codes: []string{"unknown_field"}},
	{name: "UnknownNestedFieldRefused", body: func(_ []byte, _ int, f string) []byte { return []byte(`{"zz":{"` + f + `":1}}`) }, status: 400, codes: []string{"unknown_field"}},
	{name: "DuplicateKeyRefused", body: func(v []byte, _ int, f string) []byte { return beforeLast(v, `"`+f+`":{"x":1}`) }, status: 400, codes: []string{"duplicate_field"}},
	{name: "CaseVariantKeyRefused", body: func(v []byte, _ int, f string) []byte {
		return beforeLast(v, `"`+strings.ToUpper(f)+`":{"x":1}`)
	}, status: 400, codes: []string{"unknown_field"}},
	{name: "TextPlainUnsupported", body: func(v []byte, _ int, _ string) []byte { return v }, contentType: "text/plain", status: 415, codes: []string{"unsupported_media_type"}},
	{name: "FormUnsupported", body: func(_ []byte, _ int, f string) []byte { return []byte(f + "=x") }, contentType: "application/x-www-form-urlencoded", status: 415, codes: []string{"unsupported_media_type"}},
	{name: "NoContentTypeUnsupported", body: func(v []byte, _ int, _ string) []byte { return v }, noContentType: true, status: 415, codes: []string{"unsupported_media_type"}},
	{name: "BadMediaTypeUnsupported", body: func(v []byte, _ int, _ string) []byte { return v }, contentType: "application/json; charset=\"", status: 415, codes: []string{"unsupported_media_type"}},
}

// scalarField returns the first top-level field of a body (in name
// order) holding a string or a number, or else the first field.
func scalarField(body map[string]any) string {
	keys := slices.Sorted(maps.Keys(body))
	for _, k := range keys {
		switch body[k].(type) {
		case map[string]any, []any:
		default:
			return k
		}
	}
	return keys[0]
}

// utf16LE re-encodes ASCII JSON as UTF-16 little-endian with its BOM.
func utf16LE(v []byte) []byte {
	out := []byte{0xff, 0xfe}
	for _, b := range v {
		out = append(out, b, 0)
	}
	return out
}

// TestMalformedJSON sends every endpoint that takes a body malformed
// JSON: truncated, with trailing data, nested 10,000 deep, of the wrong
// type, with unknown or duplicate fields, a BOM, NUL bytes, comments…
// Every answer is the expected 4xx problem, never a 5xx.
func TestMalformedJSON(t *testing.T) {
	for _, st := range stores() {
		t.Run(st.name, func(t *testing.T) {
			env := with(generousLimits(), "RENDEZVOUS_DATABASE_URL", st.open(t))
			key := adminKey(t, env)
			s := startServer(t, env)
			c := newClient(s.URL, requestTO, attackWorkers)
			defer c.Close()
			fx := newFixture(t, c, key)
			var list []attack
			want := map[string]malformation{}
			for _, e := range endpoints() {
				body, ok := e.Body.(map[string]any)
				if !ok || len(body) == 0 {
					continue
				}
				field := scalarField(body)
				valid, err := json.Marshal(fx.fill(e.Body, nil, nil))
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range malformations {
					r := request{Method: e.Method, Path: fx.path(e, "", func(s string) string { return s }), Body: m.body(valid, e.Limit, field), Headers: fx.auth(e)}
					if m.contentType != "" || m.noContentType {
						r.Headers = append(r.Headers, "Content-Type", m.contentType)
					}
					name := e.Name + " " + m.name
					list = append(list, attack{Name: name, Where: "body", Req: r})
					want[name] = m
				}
			}
			runAttacks(t, c, list, func(at attack, a answer) error {
				if err := checkAnswer(a); err != nil {
					return err
				}
				m := want[at.Name]
				if a.Status != m.status || !slices.Contains(m.codes, a.Code()) {
					return fmt.Errorf("got %s, want %d %v", a, m.status, m.codes)
				}
				return nil
			})
		})
	}
}
