package httpapi

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rendezvous-oss/rendezvous/booking"
)

// Reading path and query parameters. Every failure is a 400 problem that
// names the parameter.

const maxParamLength = 200

// queryGet is r.URL.Query().Get(name) without parsing the whole query
// into a map for each parameter read: the same pairs are skipped (a key
// with a ';', a key or value that does not unescape) and the first value
// of name is returned.
func queryGet(r *http.Request, name string) string {
	q := r.URL.RawQuery
	for q != "" {
		var pair string
		pair, q, _ = strings.Cut(q, "&")
		if pair == "" || strings.Contains(pair, ";") {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k, err := url.QueryUnescape(k)
		if err != nil || k != name {
			continue
		}
		if v, err = url.QueryUnescape(v); err != nil {
			continue
		}
		return v
	}
	return ""
}

func queryString(r *http.Request, name string) (string, error) {
	v := queryGet(r, name)
	if len(v) > maxParamLength || !utf8.ValidString(v) {
		return "", badParam(name, "must be valid text of at most 200 bytes")
	}
	return strings.TrimSpace(v), nil
}

func pathID(r *http.Request, name string) (int64, error) {
	v := r.PathValue(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, badParam(name, "must be a positive integer")
	}
	return id, nil
}

func queryInt(r *http.Request, name string, def, lo, hi int64) (int64, error) {
	v := queryGet(r, name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, badParam(name, "must be an integer from "+strconv.FormatInt(lo, 10)+" to "+strconv.FormatInt(hi, 10))
	}
	return n, nil
}

func queryDate(r *http.Request, name string, required bool) (booking.Date, bool, error) {
	v := queryGet(r, name)
	if v == "" {
		if required {
			return booking.Date{}, false, badParam(name, "is required (YYYY-MM-DD)")
		}
		return booking.Date{}, false, nil
	}
	d, err := booking.ParseDate(v)
	if err != nil {
		return booking.Date{}, false, badParam(name, "must be a date YYYY-MM-DD")
	}
	return d, true, nil
}

// queryTime reads an instant (RFC 3339) or a date (YYYY-MM-DD, meaning its
// midnight in loc).
func queryTime(r *http.Request, name string, loc func() (*time.Location, error)) (time.Time, error) {
	v := queryGet(r, name)
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	d, err := booking.ParseDate(v)
	if err != nil {
		return time.Time{}, badParam(name, "must be a date (YYYY-MM-DD) or a date-time (RFC 3339)")
	}
	l, err := loc()
	if err != nil {
		return time.Time{}, err
	}
	return d.In(l), nil
}

// Cursors are opaque to clients: base64 of the last id seen.
func encodeCursor(afterID int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("p" + strconv.FormatInt(afterID, 10)))
}

func decodeCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil && len(raw) > 1 && raw[0] == 'p' {
		if id, err := strconv.ParseInt(string(raw[1:]), 10, 64); err == nil && id > 0 {
			return id, nil
		}
	}
	return 0, badParam("cursor", "is not a cursor this API returned")
}

// bearer returns the token of an "Authorization: Bearer …" header.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}
