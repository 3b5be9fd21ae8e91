package llm_test

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rendezvous-oss/rendezvous/llm"
)

func TestEventReader(t *testing.T) {
	tests := []struct {
		name   string
		stream string
		want   []string
	}{
		{"OneLine", "data: a\n\ndata: b\n\n", []string{"a", "b"}},
		{"MultiLine", "data: a\ndata: b\n\n", []string{"a\nb"}},
		{"CRLF", "data: a\r\n\r\ndata: b\r\n\r\n", []string{"a", "b"}},
		{"NoSpace", "data:a\n\n", []string{"a"}},
		{"TwoSpaces", "data:  a\n\n", []string{" a"}},
		{"FieldsAndComments", ": ping\n\nevent: x\nid: 1\nretry: 10\ndata: a\n\n", []string{"a"}},
		{"NoDataNoEvent", "event: ping\n\n\n\ndata: a\n\n", []string{"a"}},
		{"LastWithoutBlankLineDropped", "data: a\n\ndata: b\n", []string{"a"}},
		{"Empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := llm.NewEventReader(strings.NewReader(tt.stream), 1<<10)
			var got []string
			for {
				data, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, string(data))
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("events (-want +got):\n%s", d)
			}
		})
	}
}

func TestEventReaderLineTooLong(t *testing.T) {
	r := llm.NewEventReader(strings.NewReader("data: "+strings.Repeat("x", 2000)+"\n\n"), 1<<10)
	if _, err := r.Next(); !errors.Is(err, bufio.ErrTooLong) {
		t.Errorf("error %v, want bufio.ErrTooLong", err)
	}
}
