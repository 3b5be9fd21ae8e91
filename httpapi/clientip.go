package httpapi

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// DefaultIPv6Prefix is how many leading bits of an IPv6 address identify
// one client: a /64 is what one customer line or one host usually gets,
// so that counting full addresses would give it 2^64 budgets.
const DefaultIPv6Prefix = 64

// checkIPv6Prefix refuses groupings that would either merge whole
// providers (shorter than /32) or be meaningless (longer than /128).
func checkIPv6Prefix(bits int) error {
	if bits < 32 || bits > 128 {
		return fmt.Errorf("httpapi: IPv6Prefix %d: want 32 to 128", bits)
	}
	return nil
}

// clientKey identifies the caller for every per-client limit: the rate
// limits, and the Client of the chat sessions it opens (sessions per
// client, and whatever else the chat service counts per client). It is
// the one place a client key is made.
//
// An IPv4 address is its own key ("203.0.113.7"); an IPv6 address is
// grouped by the configured prefix ("2001:db8:1:2::/64"), and an
// IPv4-mapped IPv6 address is read as IPv4 first.
func (s *Server) clientKey(r *http.Request) string {
	a, raw := s.clientAddr(r)
	if !a.IsValid() {
		return raw // not an IP address (a test's or a Unix socket's peer)
	}
	if a.Is4() {
		// The peer's own text when it is the address's canonical form (it
		// is, from a socket): a substring of RemoteAddr, no allocation.
		if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
			var buf [len("255.255.255.255")]byte
			if string(a.AppendTo(buf[:0])) == host {
				return host
			}
		}
		return a.String()
	}
	p, err := a.WithZone("").Prefix(s.ipv6Prefix)
	if err != nil {
		return a.String() // unreachable: the prefix length was checked by New
	}
	return p.String()
}

// clientAddr returns the address of the caller. It is the socket's peer,
// unless that peer is a configured trusted proxy: then X-Forwarded-For is
// read from the right, skipping trusted proxies, and the first address
// that is not one is the client. X-Forwarded-For is never trusted from
// anyone else, so a client cannot choose its own address to dodge a
// limit. When the peer is not an IP address, it returns its raw text.
func (s *Server) clientAddr(r *http.Request) (netip.Addr, string) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, host
	}
	peer = peer.Unmap()
	if !s.trusted(peer) {
		return peer, ""
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed hop: stop at the last address we can vouch for
		}
		a = a.Unmap()
		if !s.trusted(a) {
			return a, ""
		}
		peer = a
	}
	return peer, ""
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.trustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
