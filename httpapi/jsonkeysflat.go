package httpapi

import "reflect"

// Most bodies are one flat object of plain keys and scalar values (a chat
// message is three strings): checkFlatKeys reads those in one pass over
// the bytes, without json.Decoder's tokens (checkKeys cost a first chat
// turn 5% of its CPU). Anything else — a nested value, a key with an
// escape, malformed JSON — it leaves to walkKeys, so that what it decides
// is exactly what walkKeys would (FuzzCheckFlatKeys holds it to that).

// checkFlatKeys reports (true, the problem or nil) for a flat object into
// a struct, with where the object ends when every key is known (end is 0
// otherwise), and (false, 0, nil) when the body is anything else.
func checkFlatKeys(data []byte, t reflect.Type) (decided bool, end int, err error) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct || reflect.PointerTo(t).Implements(unmarshalerType) {
		return false, 0, nil
	}
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return false, 0, nil
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return true, i + 1, nil
	}
	var seen [8]string // a flat body has a few keys; more go to walkKeys
	n := 0
	for {
		if i >= len(data) || data[i] != '"' {
			return false, 0, nil
		}
		end := i + 1
		for end < len(data) && data[end] != '"' {
			if data[end] == '\\' || data[end] < 0x20 || data[end] >= 0x80 {
				return false, 0, nil // an escaped, non-ASCII or odd key: walkKeys reads it as encoding/json does
			}
			end++
		}
		if end >= len(data) {
			return false, 0, nil
		}
		key := string(data[i+1 : end])
		if i = skipSpace(data, end+1); i >= len(data) || data[i] != ':' {
			return false, 0, nil
		}
		var ok bool
		if i, ok = skipScalar(data, skipSpace(data, i+1)); !ok {
			return false, 0, nil
		}
		// The value is well formed: now the key counts, in order, as
		// walkKeys counts it.
		for _, s := range seen[:n] {
			if s == key {
				return true, 0, duplicateField(key)
			}
		}
		if !hasJSONField(t, key) {
			return true, 0, unknownField(key)
		}
		if n == len(seen) {
			return false, 0, nil
		}
		seen[n] = key
		n++
		i = skipSpace(data, i)
		switch {
		case i < len(data) && data[i] == ',':
			i = skipSpace(data, i+1)
		case i < len(data) && data[i] == '}':
			return true, i + 1, nil // what follows is Decode's to refuse
		default:
			return false, 0, nil
		}
	}
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// skipScalar passes over a string, a number or a literal starting at i,
// as strictly as encoding/json's scanner reads them, returning where it
// ends; false for anything else (an object, an array, malformed JSON).
func skipScalar(data []byte, i int) (int, bool) {
	if i >= len(data) {
		return i, false
	}
	switch c := data[i]; {
	case c == '"':
		for i++; i < len(data); i++ {
			switch c := data[i]; {
			case c == '"':
				return i + 1, true
			case c < 0x20:
				return i, false
			case c == '\\':
				if i++; i >= len(data) {
					return i, false
				}
				switch data[i] {
				case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				case 'u':
					if i+4 >= len(data) || !isHex(data[i+1]) || !isHex(data[i+2]) || !isHex(data[i+3]) || !isHex(data[i+4]) {
						return i, false
					}
					i += 4
				default:
					return i, false
				}
			}
		}
		return i, false
	case c == '-' || isDigit(c):
		return skipNumber(data, i)
	default:
		for _, lit := range []string{"true", "false", "null"} {
			if len(data)-i >= len(lit) && string(data[i:i+len(lit)]) == lit {
				return i + len(lit), true
			}
		}
		return i, false
	}
}

// skipNumber reads -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?.
func skipNumber(data []byte, i int) (int, bool) {
	if data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && isDigit(data[i]):
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	default:
		return i, false
	}
	if i < len(data) && data[i] == '.' {
		i++
		if i >= len(data) || !isDigit(data[i]) {
			return i, false
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			return i, false
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	return i, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex(c byte) bool { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') }
