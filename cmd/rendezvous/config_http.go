package main

import (
	"crypto/tls"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/httpapi"
)

// httpSettings are the settings of the HTTP edge: who may call from a
// browser, which proxies are trusted to name the client, TLS, metrics and
// rate limits.
type httpSettings struct {
	CORSOrigins    []string
	TrustedProxies []netip.Prefix
	TLSCert        string
	TLSKey         string
	MetricsAddr    string
	// Pprof serves Go's profiler under /debug/pprof/ on MetricsAddr:
	// opt-in, for profiling under load (RENDEZVOUS_PPROF).
	Pprof bool
	// Connections bound what one client and the server hold open.
	MaxConns, MaxConnsPerClient int
	RateLimits                  bool
	Rates                       map[httpapi.RateClass]rendezvous.Rate
	// IPv6Prefix groups IPv6 clients for per-client limits.
	IPv6Prefix int
	// Web serves the web front door (pages, assets, widget) beside the
	// API; off leaves an API-only server.
	Web bool

	// Timeouts bound what a slow or hostile client can hold.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
}

func (c *config) loadHTTPSettings(getenv func(string) string, errs *[]error) {
	h := &c.HTTP
	h.ReadHeaderTimeout, h.ReadTimeout, h.WriteTimeout, h.IdleTimeout = 5*time.Second, 15*time.Second, 30*time.Second, 60*time.Second
	for name, dst := range map[string]*time.Duration{
		"RENDEZVOUS_HTTP_READ_HEADER_TIMEOUT": &h.ReadHeaderTimeout, "RENDEZVOUS_HTTP_READ_TIMEOUT": &h.ReadTimeout,
		"RENDEZVOUS_HTTP_WRITE_TIMEOUT": &h.WriteTimeout, "RENDEZVOUS_HTTP_IDLE_TIMEOUT": &h.IdleTimeout,
	} {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d < 100*time.Millisecond || d > 10*time.Minute {
				*errs = append(*errs, &settingError{name, fmt.Sprintf("%q: want a duration from 100ms to 10m", v)})
				continue
			}
			*dst = d
		}
	}
	h.Web = true
	if v := strings.TrimSpace(getenv("RENDEZVOUS_WEB")); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			*errs = append(*errs, &settingError{"RENDEZVOUS_WEB", fmt.Sprintf("%q: want true or false", v)})
		}
		h.Web = b
	}
	h.RateLimits = true
	h.Rates = httpapi.DefaultRates()
	h.MetricsAddr = strings.TrimSpace(getenv("RENDEZVOUS_METRICS_ADDR"))
	if v := strings.TrimSpace(getenv("RENDEZVOUS_PPROF")); v != "" {
		b, err := strconv.ParseBool(v)
		switch {
		case err != nil:
			*errs = append(*errs, &settingError{"RENDEZVOUS_PPROF", fmt.Sprintf("%q: want true or false", v)})
		case b && h.MetricsAddr == "":
			*errs = append(*errs, &settingError{"RENDEZVOUS_PPROF", "needs RENDEZVOUS_METRICS_ADDR: the profiler is only served on the private metrics listener"})
		}
		h.Pprof = b
	}

	origins := splitList(getenv("RENDEZVOUS_CORS_ORIGINS"))
	switch list, err := httpapi.CanonicalOrigins(origins); {
	case c.production() && slices.Contains(origins, "*"):
		// Anywhere in the list: "*,https://app.example" allows every origin too.
		*errs = append(*errs, &settingError{"RENDEZVOUS_CORS_ORIGINS", "\"*\" is refused in production: list the origins of your web clients"})
	case err != nil:
		*errs = append(*errs, &settingError{"RENDEZVOUS_CORS_ORIGINS", err.Error()})
	default:
		h.CORSOrigins = list
	}

	for _, p := range splitList(getenv("RENDEZVOUS_TRUSTED_PROXIES")) {
		prefix, err := parsePrefix(p)
		if err != nil {
			*errs = append(*errs, &settingError{"RENDEZVOUS_TRUSTED_PROXIES", err.Error()})
			continue
		}
		// Trusting a whole address family, or most of it, lets any client
		// name its own address in X-Forwarded-For and step around every
		// per-client bound: production refuses it, as it refuses "*" CORS.
		if c.production() && (prefix.Addr().Is4() && prefix.Bits() < 8 || prefix.Addr().Is6() && prefix.Bits() < 32) {
			*errs = append(*errs, &settingError{"RENDEZVOUS_TRUSTED_PROXIES",
				fmt.Sprintf("%q trusts too many addresses: list your load balancers' addresses or ranges (at most an IPv4 /8 or an IPv6 /32)", p)})
			continue
		}
		h.TrustedProxies = append(h.TrustedProxies, prefix)
	}

	h.MaxConns, h.MaxConnsPerClient = 10_000, 256
	for name, dst := range map[string]*int{"RENDEZVOUS_MAX_CONNECTIONS": &h.MaxConns, "RENDEZVOUS_MAX_CONNECTIONS_PER_CLIENT": &h.MaxConnsPerClient} {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 1_000_000 {
				*errs = append(*errs, &settingError{name, fmt.Sprintf("%q: want an integer from 1 to 1000000", v)})
				continue
			}
			*dst = n
		}
	}
	if h.MaxConnsPerClient > h.MaxConns {
		*errs = append(*errs, &settingError{"RENDEZVOUS_MAX_CONNECTIONS_PER_CLIENT", "must not be more than RENDEZVOUS_MAX_CONNECTIONS"})
	}

	h.IPv6Prefix = httpapi.DefaultIPv6Prefix
	if v := strings.TrimSpace(getenv("RENDEZVOUS_IPV6_PREFIX")); v != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(v, "/"))
		if err != nil || n < 32 || n > 128 {
			*errs = append(*errs, &settingError{"RENDEZVOUS_IPV6_PREFIX", fmt.Sprintf("%q: want a prefix length from 32 to 128, such as 64", v)})
		} else {
			h.IPv6Prefix = n
		}
	}

	h.TLSCert, h.TLSKey = strings.TrimSpace(getenv("RENDEZVOUS_TLS_CERT_FILE")), strings.TrimSpace(getenv("RENDEZVOUS_TLS_KEY_FILE"))
	switch {
	case (h.TLSCert == "") != (h.TLSKey == ""):
		*errs = append(*errs, &settingError{"RENDEZVOUS_TLS_CERT_FILE", "and RENDEZVOUS_TLS_KEY_FILE must be set together"})
	case h.TLSCert != "":
		if _, err := tls.LoadX509KeyPair(h.TLSCert, h.TLSKey); err != nil {
			*errs = append(*errs, &settingError{"RENDEZVOUS_TLS_CERT_FILE", fmt.Sprintf("cannot load the certificate pair: %v", err)})
		}
	}

	switch v := strings.ToLower(strings.TrimSpace(getenv("RENDEZVOUS_RATE_LIMITS"))); v {
	case "", "on", "true":
	case "off", "false":
		if c.production() {
			*errs = append(*errs, &settingError{"RENDEZVOUS_RATE_LIMITS", "cannot be off in production"})
		}
		h.RateLimits = false
	default:
		*errs = append(*errs, &settingError{"RENDEZVOUS_RATE_LIMITS", fmt.Sprintf("%q: want on or off", v)})
	}
	// One pair of settings per class that httpapi knows, in its order.
	for _, spec := range httpapi.RateClasses() {
		class := spec.Class
		name := "RENDEZVOUS_RATE_LIMIT_" + strings.ToUpper(string(class))
		rate := h.Rates[class]
		if v := strings.TrimSpace(getenv(name)); v != "" {
			r, err := rendezvous.ParseRate(v)
			if err != nil {
				*errs = append(*errs, &settingError{name, err.Error()})
				continue
			}
			r.Burst = rate.Burst
			rate = r
		}
		if v := strings.TrimSpace(getenv(name + "_BURST")); v != "" {
			b, err := strconv.Atoi(v)
			if err != nil || b < 1 || b > 1_000_000 {
				*errs = append(*errs, &settingError{name + "_BURST", fmt.Sprintf("%q: want a positive integer", v)})
				continue
			}
			rate.Burst = b
		}
		h.Rates[class] = rate
	}
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parsePrefix reads an address or a CIDR range of a list setting. Client
// and target addresses are unmapped before they are compared, so an
// IPv4-mapped range ("::ffff:10.0.0.1") is the IPv4 one.
func parsePrefix(p string) (netip.Prefix, error) {
	prefix, err := netip.ParsePrefix(p)
	if err != nil {
		addr, aerr := netip.ParseAddr(p)
		if aerr != nil {
			return netip.Prefix{}, fmt.Errorf("%q: want IP addresses or CIDR ranges, comma-separated", p)
		}
		prefix = netip.PrefixFrom(addr, addr.BitLen())
	}
	if prefix.Addr().Is4In6() && prefix.Bits() >= 96 {
		prefix = netip.PrefixFrom(prefix.Addr().Unmap(), prefix.Bits()-96)
	}
	return prefix.Masked(), nil
}
