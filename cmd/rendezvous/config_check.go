package main

import (
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
)

// checkAddresses refuses listen addresses that serve could not bind, so
// that `config check` catches them and serve fails before anything else.
func (c *config) checkAddresses(errs *[]error) {
	if err := checkListenAddr(c.Addr); err != nil {
		*errs = append(*errs, &settingError{"RENDEZVOUS_ADDR", err.Error()})
	}
	if c.HTTP.MetricsAddr != "" {
		if err := checkListenAddr(c.HTTP.MetricsAddr); err != nil {
			*errs = append(*errs, &settingError{"RENDEZVOUS_METRICS_ADDR", err.Error()})
		}
	}
}

// checkListenAddr accepts host:port, [v6]:port and :port, with a port
// from 0 to 65535 and a host that is an IP address or a name.
func checkListenAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q: want host:port, such as 127.0.0.1:8080 or :8080", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q: the port must be a number from 0 to 65535", addr)
	}
	if host != "" && net.ParseIP(host) == nil && !hostName.MatchString(host) {
		return fmt.Errorf("%q: %q is neither an IP address nor a host name", addr, host)
	}
	return nil
}

// hostName is an RFC 1123 host name.
var hostName = regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$`)

// urlScheme is the scheme of a URL ("mysql://…") or of an opaque URI
// ("sqlite:…"); one letter alone is a Windows drive ("C:\…").
var urlScheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]+):`)

// checkDatabaseURL refuses a database URL that names neither store: a
// mysql:// URL must not be read as the path of a SQLite file.
func checkDatabaseURL(u string) error {
	m := urlScheme.FindStringSubmatch(u)
	if m == nil {
		if strings.TrimSpace(u) == "" {
			return fmt.Errorf("is empty: want a SQLite file path or a postgres:// URL")
		}
		return nil // a SQLite file path
	}
	switch strings.ToLower(m[1]) {
	case "postgres", "postgresql", "sqlite":
		if m[1] != strings.ToLower(m[1]) {
			return fmt.Errorf("%s: write the scheme in lower case", m[1])
		}
		return nil
	}
	// The URL itself may carry a password: only its scheme is shown.
	return fmt.Errorf("%s: is not a database Rendezvous speaks: want postgres://…, postgresql://…, sqlite:path or a file path", m[1]+":")
}
