package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"time"
)

// leanConn is one keep-alive HTTP/1.1 connection that sends the same
// prepared request again and again and reads each answer to its end: the
// load generator shares the machine's cores with the server, and Go's
// net/http client spends about twice the CPU of the echo server it
// measures on each request (a wrk-like client leaves that CPU to the server
// under test, as the first figures, taken with wrk, did). Unlike
// wrk, no latency is added for requests that were never sent (wrk's
// coordinated-omission correction): every figure is one request's own
// time, from its first byte written to its answer's last byte read, the
// same as the net/http client's.
type leanConn struct {
	addr    string
	request []byte
	conn    net.Conn
	r       *bufio.Reader
}

// newLeanConn prepares t's request; the connection is dialled at the
// first send.
func newLeanConn(t loadTarget) (*leanConn, error) {
	u, err := url.Parse(t.url)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" {
		return nil, fmt.Errorf("lean client: %s: only http:// is supported", t.url)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: rdvload\r\n", t.method, u.RequestURI(), u.Host)
	if t.body != nil {
		fmt.Fprintf(&b, "Content-Type: application/json\r\nContent-Length: %d\r\n", len(t.body))
	}
	b.WriteString("\r\n")
	b.Write(t.body)
	return &leanConn{addr: u.Host, request: b.Bytes()}, nil
}

// send writes the request and reads its answer, returning the status.
// A failed exchange closes the connection; the next send dials again.
func (c *leanConn) send(ctx context.Context) (int, error) {
	if c.conn == nil {
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", c.addr)
		if err != nil {
			return 0, err
		}
		c.conn, c.r = conn, bufio.NewReaderSize(conn, 16<<10)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = c.conn.SetDeadline(dl.Add(30 * time.Second))
	}
	status, keep, err := c.exchange()
	if err != nil || !keep {
		c.close()
	}
	return status, err
}

func (c *leanConn) close() {
	if c.conn != nil {
		_ = c.conn.Close()
		c.conn, c.r = nil, nil
	}
}

func (c *leanConn) exchange() (status int, keep bool, err error) {
	if _, err := c.conn.Write(c.request); err != nil {
		return 0, false, err
	}
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		return 0, false, err
	}
	// "HTTP/1.1 200 OK"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, false, errors.New("lean client: not an HTTP/1 status line")
	}
	if status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return 0, false, fmt.Errorf("lean client: status: %w", err)
	}
	length, chunked, keep := -1, false, true
	for {
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return status, false, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return status, false, errors.New("lean client: malformed header")
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(value)); err != nil || length < 0 {
				return status, false, errors.New("lean client: bad Content-Length")
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			keep = !bytes.EqualFold(value, []byte("close"))
		}
	}
	switch {
	case chunked:
		err = c.discardChunks()
	case length >= 0:
		_, err = c.r.Discard(length)
	default:
		// Neither: the body runs to the end of the connection.
		_, err = io.Copy(io.Discard, c.r)
		keep = false
	}
	return status, keep && err == nil, err
}

func (c *leanConn) discardChunks() error {
	for {
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return err
		}
		size, _, _ := bytes.Cut(bytes.TrimRight(line, "\r\n"), []byte(";"))
		n, err := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 64)
		if err != nil || n < 0 {
			return errors.New("lean client: bad chunk size")
		}
		if n == 0 {
			// Trailers, then the blank line.
			for {
				line, err := c.r.ReadSlice('\n')
				if err != nil {
					return err
				}
				if len(bytes.TrimRight(line, "\r\n")) == 0 {
					return nil
				}
			}
		}
		if _, err := c.r.Discard(int(n) + 2); err != nil {
			return err
		}
	}
}
