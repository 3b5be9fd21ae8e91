package httpapi

import (
	"net"
	"net/netip"
	"sync"
)

// ConnLimits bound the connections a server holds open. Rate limits count
// requests; without these, one address could open connections until the
// process runs out of file descriptors, and every other client with it.
type ConnLimits struct {
	// PerClient bounds the open connections of one client key (an IPv4
	// address, an IPv6 prefix); trusted proxies, which carry many
	// clients, are not bounded by it. 0 means 256.
	PerClient int
	// Total bounds the open connections of the listener. 0 means 10,000,
	// below the usual file-descriptor limits.
	Total int
}

func (l ConnLimits) withDefaults() ConnLimits {
	if l.PerClient <= 0 {
		l.PerClient = 256
	}
	if l.Total <= 0 {
		l.Total = 10_000
	}
	return l
}

// ConnObserver is told about connections refused for a limit (metrics).
type ConnObserver interface {
	ConnectionRefused(reason string)
}

// LimitListener returns ln bounded by limits: a connection past a limit
// is accepted and closed at once (rather than left in the kernel's queue,
// where it would hold a slot and make everyone wait). The client key of a
// connection is its peer's, as the rate limits see a direct client.
func (s *Server) LimitListener(ln net.Listener, limits ConnLimits, obs ConnObserver) net.Listener {
	return &limitedListener{Listener: ln, s: s, limits: limits.withDefaults(), obs: obs, perClient: map[string]int{}}
}

type limitedListener struct {
	net.Listener
	s      *Server
	limits ConnLimits
	obs    ConnObserver

	mu        sync.Mutex
	total     int
	perClient map[string]int
}

// Accept returns the next connection within the limits, closing the ones
// past them.
func (l *limitedListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		key := l.key(c.RemoteAddr())
		if reason := l.admit(key); reason != "" {
			c.Close()
			if l.obs != nil {
				l.obs.ConnectionRefused(reason)
			}
			continue
		}
		return &limitedConn{Conn: c, release: func() { l.release(key) }}, nil
	}
}

// key is the client key of a peer, "" for a trusted proxy (not bounded
// per client).
func (l *limitedListener) key(addr net.Addr) string {
	ap, err := netip.ParseAddrPort(addr.String())
	if err != nil {
		return addr.String()
	}
	a := ap.Addr().Unmap()
	if l.s.trusted(a) {
		return ""
	}
	if a.Is4() {
		return a.String()
	}
	p, err := a.WithZone("").Prefix(l.s.ipv6Prefix)
	if err != nil {
		return a.String()
	}
	return p.String()
}

func (l *limitedListener) admit(key string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.total >= l.limits.Total {
		return "total"
	}
	if key != "" && l.perClient[key] >= l.limits.PerClient {
		return "per_client"
	}
	l.total++
	if key != "" {
		l.perClient[key]++
	}
	return ""
}

func (l *limitedListener) release(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	if key != "" {
		if l.perClient[key]--; l.perClient[key] <= 0 {
			delete(l.perClient, key)
		}
	}
}

// limitedConn gives its place back once, when it closes.
type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// CloseWrite half-closes the connection when the underlying one can:
// net/http does so before closing a connection on a refused request (a
// 431 for oversized headers), so that the client reads the answer rather
// than a reset.
func (c *limitedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
