package main

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// Checks that only production makes: a production deployment must not
// send its database traffic (customers' names, emails and phones, the
// admin key hashes) in clear over a network, nor store admin keys under
// the built-in pepper.

// loadProductionSettings reads the settings of these checks and, in
// production, refuses a PostgreSQL URL that would talk to a remote host
// without TLS.
func (c *config) loadProductionSettings(getenv func(string) string, errs *[]error) {
	if v := strings.TrimSpace(getenv("RENDEZVOUS_DATABASE_ALLOW_PLAINTEXT")); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			*errs = append(*errs, &settingError{"RENDEZVOUS_DATABASE_ALLOW_PLAINTEXT", fmt.Sprintf("%q: want true or false", v)})
		}
		c.DatabaseAllowPlaintext = b
	}
	if !c.production() || c.DatabaseAllowPlaintext {
		return
	}
	if err := requireDatabaseTLS(c.DatabaseURL); err != nil {
		*errs = append(*errs, &settingError{c.nameOf("RENDEZVOUS_DATABASE_URL"), err.Error()})
	}
}

// requireDatabaseTLS refuses a postgres:// URL to a host other than the
// loopback or a Unix socket unless its sslmode makes TLS mandatory:
// require, verify-ca or verify-full. An absent sslmode means prefer,
// which falls back to plaintext without a word, so it is refused too.
func requireDatabaseTLS(dbURL string) error {
	rest, ok := strings.CutPrefix(dbURL, "postgres://")
	if !ok {
		if rest, ok = strings.CutPrefix(dbURL, "postgresql://"); !ok {
			return nil // SQLite: a local file
		}
	}
	authority, query := rest, ""
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		authority = rest[:i]
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		query = rest[i+1:]
	}
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		authority = authority[at+1:] // user information
	}
	params, err := url.ParseQuery(query)
	if err != nil {
		return errors.New("cannot read the URL's parameters")
	}
	// pgx takes hosts from the authority ("h1:5432,h2:5433") or from a
	// host parameter, which wins.
	hosts := strings.Split(authority, ",")
	if h := params.Get("host"); h != "" {
		hosts = strings.Split(h, ",")
	}
	var remote string
	for _, h := range hosts {
		if host := hostOf(h); !localHost(host) {
			remote = host
			break
		}
	}
	if remote == "" {
		return nil
	}
	switch mode := strings.ToLower(params.Get("sslmode")); mode {
	case "require", "verify-ca", "verify-full":
		return nil
	default:
		if mode == "" {
			mode = "absent, so prefer"
		}
		return fmt.Errorf(
			"production connects to %s without mandatory TLS (sslmode %s): add sslmode=verify-full (or verify-ca, require), "+
				"or set RENDEZVOUS_DATABASE_ALLOW_PLAINTEXT=true if that network is trusted", remote, mode)
	}
}

// hostOf drops the port of "host:port" or "[v6]:port".
func hostOf(hostport string) string {
	h := strings.TrimSpace(hostport)
	if strings.HasPrefix(h, "[") {
		if end := strings.IndexByte(h, ']'); end > 0 {
			return h[1:end]
		}
		return h
	}
	if strings.Count(h, ":") == 1 {
		h, _, _ = strings.Cut(h, ":")
	}
	return h
}

// localHost reports whether host never leaves the machine: none (pgx then
// uses the local socket), a Unix socket directory, localhost, or a
// loopback address.
func localHost(host string) bool {
	if host == "" || strings.HasPrefix(host, "/") || strings.EqualFold(host, "localhost") {
		return true
	}
	h, err := url.PathUnescape(host) // a percent-encoded socket path
	if err == nil && strings.HasPrefix(h, "/") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// adminPepper returns the key under which admin API keys are stored. In
// production it is required, and held to the same bar as the secret key
// (at least 32 bytes, not a placeholder, not repetitive): without it a
// stolen database lets anyone check guessed keys offline. Its bytes are
// used as given, so that existing keys stay valid.
func (c *config) adminPepper() ([]byte, error) {
	if c.production() {
		if c.AdminPepper == "" {
			return nil, &settingError{c.nameOf("RENDEZVOUS_ADMIN_KEY_PEPPER"), "is required in production (make one with `rendezvous keygen`)"}
		}
		if _, err := decodeSecret(c.nameOf("RENDEZVOUS_ADMIN_KEY_PEPPER"), c.AdminPepper); err != nil {
			return nil, err
		}
	}
	return []byte(c.AdminPepper), nil
}
