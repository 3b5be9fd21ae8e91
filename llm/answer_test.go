package llm

import (
	"errors"
	"io"
	"strings"
	"testing"
)

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestDecodeAnswer(t *testing.T) {
	tests := []struct {
		name          string
		body          io.Reader
		wantMalformed bool
		wantErr       bool
		want          string
	}{
		{"Whole", strings.NewReader(`{"a":"b"}`), false, false, "b"},
		{"AtTheBound", strings.NewReader(`{"a":"` + strings.Repeat("x", 24) + `"}`), false, false, strings.Repeat("x", 24)},
		{"TooLong", strings.NewReader(`{"a":"` + strings.Repeat("x", 25) + `"}`), true, true, ""},
		{"NotJSON", strings.NewReader(`<html>bad gateway</html>`), true, true, ""},
		{"Truncated", strings.NewReader(`{"a":`), true, true, ""},
		{"Unreadable", failingReader{}, false, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v struct{ A string }
			malformed, err := DecodeAnswer(tt.body, 32, &v)
			if malformed != tt.wantMalformed || (err != nil) != tt.wantErr || v.A != tt.want {
				t.Errorf("DecodeAnswer = %v, %v, %q; want malformed %v, error %v, %q", malformed, err, v.A, tt.wantMalformed, tt.wantErr, tt.want)
			}
		})
	}
}
