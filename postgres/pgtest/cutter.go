package pgtest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Cut says where a Cutter cuts a connection.
type Cut int

// Where to cut: in each case the client has sent its request and hears
// nothing back but a closed connection.
const (
	// CutBeforeCommit cuts the connection at the first message of the
	// transaction that carries the mark: the server rolls it back.
	CutBeforeCommit Cut = iota + 1
	// CutInsteadOfCommit drops the COMMIT of the marked transaction and
	// cuts: the server rolls back, the client cannot know it.
	CutInsteadOfCommit
	// CutAfterCommit forwards the COMMIT, waits for the server's answer,
	// drops it and cuts: the transaction is committed, the client cannot
	// know it.
	CutAfterCommit
)

// Cutter is a TCP proxy in front of a PostgreSQL server that cuts one
// connection at a chosen point of one transaction: the one whose messages
// carry a mark (a value the test sends, such as an email address, which
// appears in the Bind or Query messages of the statements that use it).
// Everything else passes through untouched.
type Cutter struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	cut   Cut
	mark  []byte
	cuts  int
	conns []net.Conn
	wg    sync.WaitGroup
}

// NewCutter proxies to the server of url (a postgres:// URL) until t
// ends, and returns the cutter and the URL to connect through it.
func NewCutter(t testing.TB, u string) (*Cutter, string) {
	t.Helper()
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatalf("pgtest: cutter: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("pgtest: cutter: %v", err)
	}
	c := &Cutter{ln: ln, target: parsed.Host}
	c.wg.Add(1)
	go c.accept()
	t.Cleanup(func() {
		ln.Close()
		c.mu.Lock()
		for _, conn := range c.conns {
			conn.Close()
		}
		c.mu.Unlock()
		c.wg.Wait()
	})
	parsed.Host = ln.Addr().String()
	return c, parsed.String()
}

// Arm makes the cutter cut, as cut says, the next transaction whose
// messages carry mark. It cuts once.
func (c *Cutter) Arm(cut Cut, mark string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cut, c.mark = cut, []byte(mark)
}

// Cuts returns how many connections the cutter has cut.
func (c *Cutter) Cuts() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cuts
}

// take returns the armed cut if msg carries its mark, disarming it.
func (c *Cutter) take(msg []byte) Cut {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cut == 0 || !bytes.Contains(msg, c.mark) {
		return 0
	}
	cut := c.cut
	c.cut = 0
	c.cuts++
	return cut
}

func (c *Cutter) accept() {
	defer c.wg.Done()
	for {
		client, err := c.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", c.target)
		if err != nil {
			client.Close()
			continue
		}
		c.mu.Lock()
		c.conns = append(c.conns, client, server)
		c.mu.Unlock()
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			c.serve(client, server)
		}()
	}
}

// serve relays one connection: the server's bytes as they come, the
// client's message by message, watching for the mark and the COMMIT.
func (c *Cutter) serve(client, server net.Conn) {
	var (
		muted   atomic.Bool
		replied = make(chan struct{}, 1)
		done    = make(chan struct{})
	)
	closeBoth := func() {
		client.Close()
		server.Close()
	}
	go func() {
		defer close(done)
		buf := make([]byte, 32<<10)
		for {
			n, err := server.Read(buf)
			if n > 0 {
				if muted.Load() {
					select {
					case replied <- struct{}{}:
					default:
					}
				} else if _, werr := client.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				client.Close()
				return
			}
		}
	}()
	defer func() {
		closeBoth()
		<-done
	}()
	if err := relayStartup(client, server); err != nil {
		return
	}
	var pending Cut // armed for this connection's current transaction
	for {
		msg, err := readMessage(client)
		if err != nil {
			return
		}
		if pending == 0 {
			pending = c.take(msg)
			if pending == CutBeforeCommit {
				return
			}
		}
		if pending != 0 && isQuery(msg, "rollback") {
			pending = 0 // the marked transaction ended on its own
		}
		if pending != 0 && isQuery(msg, "commit") {
			switch pending {
			case CutInsteadOfCommit:
				return
			case CutAfterCommit:
				muted.Store(true)
				if _, err := server.Write(msg); err != nil {
					return
				}
				select {
				case <-replied:
				case <-time.After(10 * time.Second):
				}
				return
			}
		}
		if _, err := server.Write(msg); err != nil {
			return
		}
	}
}

// relayStartup forwards the untyped messages that open a connection: an
// SSL or GSS encryption request (refused by a server without TLS, after
// which the client sends its startup message) and the startup message.
func relayStartup(client, server net.Conn) error {
	for {
		var head [8]byte
		if _, err := io.ReadFull(client, head[:]); err != nil {
			return err
		}
		n := int(binary.BigEndian.Uint32(head[:4]))
		if n < 8 || n > 1<<20 {
			return errors.New("pgtest: bad startup message")
		}
		msg := make([]byte, n)
		copy(msg, head[:])
		if _, err := io.ReadFull(client, msg[8:]); err != nil {
			return err
		}
		if _, err := server.Write(msg); err != nil {
			return err
		}
		switch binary.BigEndian.Uint32(head[4:]) {
		case 80877103, 80877104: // SSLRequest, GSSENCRequest: one byte answers, then the startup
			continue
		}
		return nil
	}
}

// readMessage reads one typed frontend message, whole.
func readMessage(r io.Reader) ([]byte, error) {
	var head [5]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, err
	}
	n := int(binary.BigEndian.Uint32(head[1:]))
	if n < 4 || n > 64<<20 {
		return nil, errors.New("pgtest: bad message length")
	}
	msg := make([]byte, 1+n)
	copy(msg, head[:])
	if _, err := io.ReadFull(r, msg[5:]); err != nil {
		return nil, err
	}
	return msg, nil
}

// isQuery reports whether msg is the simple query sql, as pgx sends
// COMMIT and ROLLBACK.
func isQuery(msg []byte, sql string) bool {
	if msg[0] != 'Q' {
		return false
	}
	q := bytes.TrimRight(msg[5:], "\x00")
	return bytes.EqualFold(bytes.TrimSpace(q), []byte(sql))
}
