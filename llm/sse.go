package llm

import (
	"bufio"
	"bytes"
	"io"
)

// EventReader reads the data of server-sent events, as both vendors'
// streaming APIs send them.
type EventReader struct {
	sc   *bufio.Scanner
	data []byte
}

// NewEventReader reads events from r; a line longer than maxLine bytes is
// an error (bufio.ErrTooLong).
func NewEventReader(r io.Reader, maxLine int) *EventReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, min(64<<10, maxLine)), maxLine)
	return &EventReader{sc: sc}
}

// Next returns the data of the next event (its data lines joined by
// newlines; valid until the next call), skipping events without data —
// comments such as keep-alives, and the event:, id: and retry: fields are
// ignored; lines may end in CRLF. It returns io.EOF at the end of the
// stream (an event left without its blank line is dropped, as the
// specification says), or the error that ended the stream.
func (e *EventReader) Next() ([]byte, error) {
	e.data = e.data[:0]
	seen := false
	for e.sc.Scan() {
		line := e.sc.Bytes()
		if len(line) == 0 {
			if seen {
				return e.data, nil
			}
			continue
		}
		field, value, _ := bytes.Cut(line, []byte(":"))
		if string(field) != "data" {
			continue
		}
		value = bytes.TrimPrefix(value, []byte(" "))
		if seen {
			e.data = append(e.data, '\n')
		}
		e.data = append(e.data, value...)
		seen = true
	}
	if err := e.sc.Err(); err != nil {
		return nil, err
	}
	return nil, io.EOF
}
