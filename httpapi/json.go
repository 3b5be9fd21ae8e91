package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// decodeJSON reads exactly one JSON object of type T from the body,
// strictly: declared as JSON, at most limit bytes, valid UTF-8, keys
// spelt exactly as the fields and none twice, at every level (checkKeys),
// no unknown fields, no trailing data, every value of the right type.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	body, err := readBody(w, r, limit)
	if err != nil {
		return err
	}
	return decodeBody(r, body, v)
}

// decodeOptionalJSON is decodeJSON for endpoints whose body may be
// absent: an empty body (with or without a Content-Type) leaves v as it
// is; any other body must be JSON like decodeJSON's.
func decodeOptionalJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	body, err := readBody(w, r, limit)
	if err != nil || len(body) == 0 {
		return err
	}
	return decodeBody(r, body, v)
}

// readBody reads at most limit bytes, refusing a declared media type
// that is not JSON before reading anything.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.Header.Get("Content-Type") != "" {
		if err := requireJSON(r); err != nil {
			return nil, err
		}
	}
	body, err := readLimited(w, r, limit)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &httpError{status: http.StatusRequestEntityTooLarge, code: "body_too_large",
				message: fmt.Sprintf("the body must be at most %d bytes", limit)}
		}
		return nil, badRequest("invalid_body", "the body could not be read")
	}
	return body, nil
}

// readLimited reads the body, at most limit bytes: a small body into one
// buffer of its declared length (net/http holds the body to it), anything
// else growing as data comes, as io.ReadAll does — never a large buffer
// for a length only declared (a client could declare 64 KiB on thousands
// of connections and send nothing).
func readLimited(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	body := http.MaxBytesReader(w, r.Body, limit)
	if n := r.ContentLength; n > 0 && n <= min(limit, preallocatedBody) {
		buf := make([]byte, n)
		if _, err := io.ReadFull(body, buf); err != nil {
			return nil, err
		}
		return buf, nil
	}
	return io.ReadAll(body)
}

// preallocatedBody is the largest declared length read into a buffer made
// before the bytes come: more than a chat message, what io.ReadAll would
// have grown to anyway.
const preallocatedBody = 4 << 10

// requireJSON refuses a body not declared as application/json (or a
// +json type). A body without a Content-Type is refused too: a browser
// sends a cross-origin POST without a preflight only when it is not
// JSON (a "simple request"), so declaring JSON is what keeps other sites'
// pages from posting to the API.
func requireJSON(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if ct == "application/json" {
		return nil // what nearly every client sends: no parsing
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return &httpError{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type",
			message: "send the body as JSON, with Content-Type: application/json"}
	}
	return nil
}

// decodeBody decodes a body that readBody returned.
func decodeBody(r *http.Request, body []byte, v any) error {
	if len(body) > 0 {
		if err := requireJSON(r); err != nil {
			return err
		}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return badRequest("invalid_json", "the body must be a JSON object")
	}
	if !utf8.Valid(body) {
		return badRequest("invalid_json", "the body must be valid UTF-8")
	}
	flat, err := checkKeys(body, reflect.TypeOf(v))
	if err != nil {
		return err
	}
	if flat {
		// One flat object of known keys and nothing after it: decoded as
		// decodeStream would (FuzzDecodeFlat), without the decoder's copy
		// of the body and its second look for trailing data.
		if err := json.Unmarshal(body, v); err != nil {
			return jsonError(err)
		}
		return nil
	}
	return decodeStream(body, v)
}

// decodeStream decodes a body whose keys checkKeys accepted: one value,
// no unknown field, nothing after it.
func decodeStream(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("trailing_data", "the body must hold a single JSON object and nothing after it")
	}
	return nil
}

// jsonError explains a decoding error without echoing the input.
func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return badRequest("invalid_json", fmt.Sprintf("malformed JSON at byte %d", syntax.Offset))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return badRequest("invalid_json", "the body must be a JSON object")
		}
		return badRequest("wrong_type", fmt.Sprintf("%s must be a %s", field, jsonKind(typ.Type.Kind().String())),
			fieldError(field, "must be a "+jsonKind(typ.Type.Kind().String())))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return badRequest("invalid_json", "the JSON body ends too early")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		if len(name) > 64 {
			name = name[:64] + "…"
		}
		return badRequest("unknown_field", fmt.Sprintf("unknown field %q", name), fieldError(name, "is not a known field"))
	}
	return badRequest("invalid_json", "the body is not valid JSON for this request")
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
		return "number"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "struct", "map":
		return "object"
	}
	return goKind
}

// writeJSON writes v with status as application/json.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	writeBody(w, status, v)
}

// writeBody writes v as encoding/json does; the answers that write their
// own JSON (the same bytes) go through writeAppended.
func writeBody(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	writeEncoded(w, status, body, err)
}

// writeAppended is writeJSON for the hottest answers, which write their
// own JSON: into a buffer lent by the server, since Write copies the
// answer into the connection's buffer, rather than one per request.
func (s *Server) writeAppended(w http.ResponseWriter, status int, a jsonAppender) {
	buf := s.bodies.Get()
	body, err := a.appendJSON(buf)
	w.Header().Set("Content-Type", "application/json")
	writeEncoded(w, status, body, err)
	if err == nil {
		buf = body
	}
	s.bodies.Put(buf)
}

// writeEncoded writes an encoded body, or a bare 500 if encoding failed.
func writeEncoded(w http.ResponseWriter, status int, body []byte, err error) {
	if err != nil {
		// Our own types always marshal; this would be a programming error.
		http.Error(w, `{"code":"internal"}`, http.StatusInternalServerError)
		return
	}
	if h := w.Header(); h.Get("X-Content-Type-Options") == "" { // withSecurityHeaders sets it
		h.Set("X-Content-Type-Options", "nosniff")
	}
	// Declared, the length lets yieldAfterAnswer send the answer before
	// net/http would, without net/http turning to chunks.
	w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}
