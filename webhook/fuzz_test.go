package webhook_test

import (
	"context"
	"net/netip"
	"net/url"
	"testing"

	"github.com/rendezvous-oss/rendezvous/webhook"
)

// FuzzCheckURL: whatever an operator types, the check answers without
// panicking, and a URL it accepts in production is http(s) with a host
// whose address is allowed.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://hooks.example.com/x", "http://127.0.0.1:8080/", "https://[::ffff:10.0.0.1]/", "https://u:p@h/",
		"https://h/#f", "http://[fe80::1%25eth0]/", "https://0x7f.1/", "https://2130706433/", "//h/x", "https:h"} {
		f.Add(s)
	}
	dns := fakeResolver{"hooks.example.com": {netip.MustParseAddr("93.184.215.14")}}
	g := &webhook.Guard{Enforce: true, Resolver: dns}
	f.Fuzz(func(t *testing.T, raw string) {
		if g.CheckURL(context.Background(), raw) != nil {
			return
		}
		u, err := url.Parse(raw)
		if err != nil || u.Scheme != "https" || u.Hostname() == "" || u.User != nil {
			t.Fatalf("accepted %q", raw)
		}
		if a, err := netip.ParseAddr(u.Hostname()); err == nil && g.CheckAddr(a) != nil {
			t.Fatalf("accepted %q, a blocked address", raw)
		}
	})
}
