package httpapi

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// ParseOrigin reads a web origin as browsers send it in the Origin
// header: an http or https scheme, a host and an optional port, nothing
// else. It returns the origin's serialisation (RFC 6454): scheme and host
// in lower case, the scheme's default port dropped, so that
// "https://App.Example:443" becomes "https://app.example".
//
// It refuses what is not an origin rather than guess: a path (even a
// trailing slash: "https://app.example/" is a URL, not an origin), a
// query, a fragment, user information, another scheme, a wildcard, a
// non-ASCII host (browsers send the punycode form) and "null".
func ParseOrigin(s string) (string, error) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("%q is not an origin such as https://booking.example.com", s)
	}
	scheme := strings.ToLower(u.Scheme)
	var problem string
	switch {
	case scheme != "http" && scheme != "https":
		problem = "want an http:// or https:// origin such as https://booking.example.com"
	case u.Opaque != "" || u.Host == "":
		problem = "want scheme://host, such as https://booking.example.com"
	case u.User != nil:
		problem = "an origin has no user information"
	case u.Path == "/":
		problem = "an origin has no trailing slash: write " + strings.TrimSuffix(s, "/")
	case u.Path != "" || u.RawPath != "":
		problem = "an origin has no path"
	case u.RawQuery != "" || u.ForceQuery || strings.Contains(s, "?"):
		problem = "an origin has no query"
	case u.Fragment != "" || strings.Contains(s, "#"):
		problem = "an origin has no fragment"
	case strings.Contains(u.Host, "*"):
		problem = "wildcards are not supported: list each origin"
	}
	if problem != "" {
		return "", fmt.Errorf("%q: %s", s, problem)
	}
	host := strings.ToLower(u.Hostname())
	for i := 0; i < len(host); i++ {
		if host[i] >= 0x80 {
			return "", fmt.Errorf("%q: write the host in its ASCII (punycode) form, as browsers send it", s)
		}
	}
	if host == "" {
		return "", fmt.Errorf("%q: the host is empty", s)
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // an IPv6 literal
	}
	if port := u.Port(); port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("%q: the port must be from 1 to 65535", s)
		}
		if !(scheme == "https" && n == 443) && !(scheme == "http" && n == 80) {
			host += ":" + strconv.Itoa(n)
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return "", fmt.Errorf("%q: the port is empty", s)
	}
	return scheme + "://" + host, nil
}

// CanonicalOrigins checks a CORS allow-list and returns it with each
// origin in its canonical form (see ParseOrigin). "*" allows every origin
// and must be alone: a list with "*" among origins would silently allow
// every origin, so it is refused.
func CanonicalOrigins(origins []string) ([]string, error) {
	out := make([]string, 0, len(origins))
	for _, o := range origins {
		if strings.TrimSpace(o) == "*" {
			if len(origins) > 1 {
				return nil, fmt.Errorf(`"*" allows every origin and must be alone: list your origins, or "*" alone (development only)`)
			}
			out = append(out, "*")
			continue
		}
		c, err := ParseOrigin(o)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
