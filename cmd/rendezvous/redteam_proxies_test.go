package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestRedTeamProductionRefusesTrustingEveryAddress: trusting every
// address as a proxy (a copy-pasted "0.0.0.0/0", like a "*" CORS origin)
// lets any client name its own address in X-Forwarded-For, and so escape
// every per-client bound: rate limits, sessions per client, booking and
// lookup limits, model budgets. Production refuses "*" CORS and rate
// limits off; it should refuse this too, naming the setting.
func TestRedTeamProductionRefusesTrustingEveryAddress(t *testing.T) {
	const setting = "RENDEZVOUS_TRUSTED_PROXIES"
	for _, proxies := range []string{"0.0.0.0/0", "::/0", "10.0.0.1,0.0.0.0/0,::/0"} {
		t.Run(proxies, func(t *testing.T) {
			_, err := runCommand(t, prodEnv(setting, proxies), "config", "check")
			if err == nil || !strings.Contains(err.Error(), setting) {
				t.Fatalf("config check with %s=%s: %v, want an error naming %s", setting, proxies, err, setting)
			}
		})
	}
	if _, err := runCommand(t, prodEnv(setting, "10.0.0.0/8,2001:db8::/32"), "config", "check"); err != nil {
		t.Fatalf("config check with a load balancer's ranges: %v", err)
	}
}

// TestMappedProxyAddressesAreIPv4: client addresses are unmapped before
// they are compared with the trusted proxies, so a proxy written as an
// IPv4-mapped IPv6 address is read as its IPv4 address — otherwise it
// never matches and every client silently shares the proxy's budget.
func TestMappedProxyAddressesAreIPv4(t *testing.T) {
	cfg, err := loadConfig(envOf(map[string]string{"RENDEZVOUS_TRUSTED_PROXIES": "::ffff:10.0.0.1, ::ffff:192.168.0.0/112"}))
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(cfg.HTTP.TrustedProxies)
	if got != "[10.0.0.1/32 192.168.0.0/16]" {
		t.Fatalf("trusted proxies read as %s", got)
	}
}
