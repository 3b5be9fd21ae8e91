package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/rendezvous-oss/rendezvous"
)

// A webhook makes the server send requests to a URL an operator chose:
// without a guard, an admin key (or whoever steals one) could make it
// reach the database, the cloud's metadata service or anything else on
// the private network. In production the guard refuses every address of
// the ranges below, IPv4 and IPv6 alike (a v4-mapped IPv6 address is
// judged as the IPv4 address it carries), unless an allowed prefix covers
// it. It judges the URL when the endpoint is registered, for a clear
// answer, and again every address the client dials, after resolution:
// a name that resolves to a public address at registration and to
// 127.0.0.1 later (DNS rebinding) is refused all the same.

// blockedRange is a range refused in production, with its name for
// messages and documentation.
type blockedRange struct {
	Prefix netip.Prefix
	Name   string
}

// BlockedRanges is the one list of refused ranges (docs/security.md
// lists the same, and the guard's tests walk it).
func BlockedRanges() []blockedRange {
	p := netip.MustParsePrefix
	return []blockedRange{
		{p("0.0.0.0/8"), "unspecified"},
		{p("127.0.0.0/8"), "loopback"},
		{p("10.0.0.0/8"), "private"},
		{p("172.16.0.0/12"), "private"},
		{p("192.168.0.0/16"), "private"},
		{p("100.64.0.0/10"), "carrier-grade NAT"},
		{p("169.254.0.0/16"), "link-local"},
		{p("192.0.0.0/24"), "IETF protocol assignments"},
		{p("198.18.0.0/15"), "benchmarking"},
		{p("224.0.0.0/4"), "multicast"},
		{p("240.0.0.0/4"), "reserved and broadcast"},
		{p("::/128"), "unspecified"},
		{p("::1/128"), "loopback"},
		{p("::/96"), "IPv4-compatible (deprecated)"},
		{p("fc00::/7"), "private (unique local)"},
		{p("fe80::/10"), "link-local"},
		{p("fec0::/10"), "site-local (deprecated)"},
		// NAT64 for local use (RFC 8215): translated into the site's own
		// IPv4 network, whose private addresses it reaches.
		{p("64:ff9b:1::/48"), "local-use NAT64"},
		// Teredo (RFC 4380) carries a client's IPv4 address, obfuscated:
		// no receiver needs it.
		{p("2001::/32"), "Teredo"},
		{p("ff00::/8"), "multicast"},
	}
}

// nat64 carries an IPv4 address in its last 32 bits (RFC 6052), and
// 6to4 (RFC 3056) in the 32 bits after its prefix: each is judged as
// that address (2002:7f00:1:: is 127.0.0.1's, 2002:a00:1:: 10.0.0.1's).
var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// Guard decides which addresses webhooks may reach.
type Guard struct {
	// Enforce refuses the blocked ranges (production). Without it every
	// address is allowed (development, tests).
	Enforce bool
	// Allow lets through the addresses these prefixes cover, blocked
	// ranges included (an internal receiver on 10.1.2.0/24).
	Allow []netip.Prefix
	// Resolver resolves names at registration (net.DefaultResolver).
	Resolver interface {
		LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
	}
}

// errBlocked marks an address the guard refuses.
var errBlocked = errors.New("webhook: address not allowed")

// IsBlocked tells whether err is the guard's refusal.
func IsBlocked(err error) bool { return errors.Is(err, errBlocked) }

// CheckAddr returns an error wrapping errBlocked when a may not be
// reached.
func (g *Guard) CheckAddr(a netip.Addr) error {
	if g == nil || !g.Enforce {
		return nil
	}
	a = a.Unmap().WithZone("")
	for _, p := range g.Allow {
		if p.Contains(a) {
			return nil
		}
	}
	judged := a
	switch b := a.As16(); {
	case nat64.Contains(a):
		judged = netip.AddrFrom4([4]byte(b[12:]))
	case sixToFour.Contains(a):
		judged = netip.AddrFrom4([4]byte(b[2:6]))
	}
	for _, r := range BlockedRanges() {
		if r.Prefix.Contains(judged) {
			return fmt.Errorf("%w: %s is %s", errBlocked, a, r.Name)
		}
	}
	return nil
}

// Control is a net.Dialer's Control: it refuses a connection to a
// blocked address, after resolution, whatever name led there.
func (g *Guard) Control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %q is not an address", errBlocked, address)
	}
	return g.CheckAddr(ap.Addr())
}

// maxURL bounds an endpoint's URL.
const maxURL = 2048

// CheckURL validates an endpoint's URL: http or https (https in
// production, unless an allowed prefix covers every address of the host),
// a host, no credentials or fragment, and, in production, a host whose
// every address may be reached. Returns EINVALID with the reason.
func (g *Guard) CheckURL(ctx context.Context, raw string) error {
	invalid := func(msg string) error {
		return rendezvous.ValidationError([]rendezvous.FieldError{{Field: "url", Message: msg}})
	}
	if len(raw) > maxURL || !utf8.ValidString(raw) || strings.ContainsAny(raw, "\x00\r\n\t ") {
		return invalid(fmt.Sprintf("must be an absolute http(s) URL of at most %d characters", maxURL))
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.Opaque != "":
		return invalid("must be an absolute http:// or https:// URL")
	case u.User != nil:
		return invalid("must not carry credentials: the signature authenticates the sender")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return invalid("must not have a fragment")
	}
	if g == nil || !g.Enforce {
		return nil
	}
	addrs, err := g.resolve(ctx, u.Hostname())
	if err != nil {
		return invalid(fmt.Sprintf("host %q does not resolve", u.Hostname()))
	}
	allowed := true
	for _, a := range addrs {
		if err := g.CheckAddr(a); err != nil {
			return invalid(fmt.Sprintf("resolves to an address webhooks may not reach (%v); allow it with RENDEZVOUS_WEBHOOK_ALLOW", strings.TrimPrefix(err.Error(), errBlocked.Error()+": ")))
		}
		allowed = allowed && g.allowed(a)
	}
	if u.Scheme != "https" && !allowed {
		return invalid("must be https:// in production (plain http only to allowed prefixes)")
	}
	return nil
}

// allowed reports whether an allowed prefix covers a.
func (g *Guard) allowed(a netip.Addr) bool {
	a = a.Unmap().WithZone("")
	for _, p := range g.Allow {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func (g *Guard) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return []netip.Addr{a}, nil
	}
	var r interface {
		LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
	} = net.DefaultResolver
	if g.Resolver != nil {
		r = g.Resolver
	}
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err == nil && len(addrs) == 0 {
		err = errors.New("no address")
	}
	return addrs, err
}
