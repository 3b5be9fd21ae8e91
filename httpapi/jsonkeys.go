package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// encoding/json matches object keys to struct fields without regard to
// case and lets the last of duplicate keys win, so {"provider_id":1,
// "Provider_ID":2} is read as provider 2 while a proxy, a log or a WAF in
// front may read provider 1. checkKeys closes both gaps before decoding:
// it walks the document's tokens beside the Go type it will be decoded
// into, and refuses a key that appears twice in an object and a struct
// key that is not spelt exactly as the field's JSON name, at every level.
// (encoding/json/v2 does this by default, but needs GOEXPERIMENT=jsonv2
// in Go 1.26.)

// errNotJSON stops the walk at malformed JSON: Decode then reports it
// with the usual codes.
var errNotJSON = errors.New("not JSON")

// maxKeyDepth bounds the nesting of a body. No body of the API is more
// than four levels deep; encoding/json's own bound (10,000) let 16 KB of
// "[" cost half a second of CPU per request here (every level walked,
// then decoded again), an amplification an attacker would enjoy.
const maxKeyDepth = 32

// errTooDeep refuses a body nested past maxKeyDepth.
var errTooDeep = badRequest("invalid_json", fmt.Sprintf("the body is nested more than %d levels deep", maxKeyDepth))

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// checkKeys returns a 400 problem (duplicate_field or unknown_field)
// for the first offending key of data, read as a value of type t
// (malformed JSON is left to the decoding), and whether the body is one
// flat object whose every key is known with nothing after it but spaces:
// one that json.Unmarshal decodes as strictly as decodeStream.
func checkKeys(data []byte, t reflect.Type) (flat bool, err error) {
	if decided, end, err := checkFlatKeys(data, t); decided {
		return err == nil && end > 0 && skipSpace(data, end) == len(data), err
	}
	return false, walkAllKeys(data, t)
}

// walkAllKeys is checkKeys for any body, token by token.
func walkAllKeys(data []byte, t reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	err := walkKeys(dec, t, "", 0)
	if errors.Is(err, errNotJSON) {
		return nil
	}
	return err
}

// walkKeys reads one value; t is the Go type it decodes into, or nil
// when keys below are free (a map's, an any's, a custom unmarshaler's, or
// a value of the wrong type that Decode will refuse).
func walkKeys(dec *json.Decoder, t reflect.Type, path string, depth int) error {
	tok, err := dec.Token()
	if err != nil {
		return errNotJSON
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return nil // a scalar
	}
	if depth >= maxKeyDepth {
		return errTooDeep
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil && reflect.PointerTo(t).Implements(unmarshalerType) {
		t = nil
	}
	switch delim {
	case '[':
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; dec.More(); i++ {
			if err := walkKeys(dec, elem, path+"["+strconv.Itoa(i)+"]", depth+1); err != nil {
				return err
			}
		}
	case '{':
		var fields map[string]reflect.Type
		var elem reflect.Type
		switch {
		case t == nil:
		case t.Kind() == reflect.Struct:
			fields = jsonFields(t)
		case t.Kind() == reflect.Map:
			elem = t.Elem()
		}
		seen := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return errNotJSON
			}
			key, _ := tok.(string)
			name := joinPath(path, key)
			if seen[key] {
				return duplicateField(name)
			}
			seen[key] = true
			vt := elem
			if fields != nil {
				ft, ok := fields[key]
				if !ok {
					return unknownField(name)
				}
				vt = ft
			}
			if err := walkKeys(dec, vt, name, depth+1); err != nil {
				return err
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing ] or }
		return errNotJSON
	}
	return nil
}

// jsonFields maps the JSON names of a struct's fields to their types, as
// encoding/json names them (eachJSONField).
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	depths := map[string]int{}
	eachJSONField(t, 0, func(name string, ft reflect.Type, depth int) bool {
		// The shallowest field of a name wins; among equals, the first.
		if d, ok := depths[name]; !ok || depth < d {
			out[name], depths[name] = ft, depth
		}
		return true
	})
	return out
}

// hasJSONField reports whether a struct has a field of that JSON name,
// without building the map jsonFields does: the one-pass key check asks
// it of every key of every request.
func hasJSONField(t reflect.Type, name string) bool {
	found := false
	eachJSONField(t, 0, func(n string, _ reflect.Type, _ int) bool {
		found = n == name
		return !found
	})
	return found
}

// eachJSONField calls f with the JSON name and type of each of a struct's
// fields, as encoding/json names them: the tag's name, or the Go name
// without one; "-" is skipped; untagged embedded structs lend their
// fields (f is told how deep they are). It stops when f returns false,
// and reports whether it went to the end.
func eachJSONField(t reflect.Type, depth int, f func(name string, t reflect.Type, depth int) bool) bool {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				if !eachJSONField(ft, depth+1, f) {
					return false
				}
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		if !f(name, sf.Type, depth) {
			return false
		}
	}
	return true
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// duplicateField and unknownField are checkKeys's problems, the same from
// the one-pass check (jsonkeysflat.go) and from the walk.
func duplicateField(name string) error {
	return badRequest("duplicate_field", fmt.Sprintf("field %q appears more than once", clipName(name)), fieldError(clipName(name), "appears more than once"))
}

func unknownField(name string) error {
	return badRequest("unknown_field", fmt.Sprintf("unknown field %q (field names are case-sensitive)", clipName(name)), fieldError(clipName(name), "is not a known field"))
}

// clipName bounds a field name echoed in a problem.
func clipName(name string) string {
	if len(name) > 64 {
		return name[:64] + "…"
	}
	return name
}
