package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/webhook"
)

// fakeResolver answers every name with its addresses.
type fakeResolver map[string][]netip.Addr

func (r fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := r[host]; ok {
		return a, nil
	}
	return nil, errors.New("no such host")
}

func TestGuardRefusesEveryBlockedRange(t *testing.T) {
	g := &webhook.Guard{Enforce: true}
	tests := []struct {
		addr string
		want bool // refused
	}{
		{"0.0.0.0", true}, {"0.1.2.3", true},
		{"127.0.0.1", true}, {"127.255.255.254", true},
		{"10.0.0.1", true}, {"172.16.0.1", true}, {"172.31.255.255", true}, {"192.168.1.1", true},
		{"100.64.0.1", true}, {"100.127.255.255", true},
		{"169.254.169.254", true}, // the cloud metadata service
		{"192.0.0.8", true}, {"198.18.0.1", true},
		{"224.0.0.1", true}, {"239.255.255.250", true},
		{"240.0.0.1", true}, {"255.255.255.255", true},
		{"::", true}, {"::1", true}, {"::127.0.0.1", true},
		{"fc00::1", true}, {"fd12:3456::1", true},
		{"fe80::1", true}, {"fe80::1%eth0", true}, {"fec0::1", true},
		{"ff02::1", true}, {"ff05::2", true},
		// v4-mapped IPv6 is judged as the IPv4 address it carries.
		{"::ffff:127.0.0.1", true}, {"::ffff:10.1.2.3", true}, {"::ffff:169.254.169.254", true}, {"::ffff:100.64.1.1", true},
		// NAT64 too.
		{"64:ff9b::7f00:1", true}, {"64:ff9b::a00:1", true},
		// NAT64 for local use translates into the site's network
		// (red team: 64:ff9b:1::a00:1 registered in production).
		{"64:ff9b:1::a00:1", true}, {"64:ff9b:1::808:808", true}, {"64:ff9b:1:ffff::1", true},
		// 6to4 is judged as the IPv4 address it carries (red team:
		// 2002:7f00:1:: registered in production).
		{"2002:7f00:1::", true}, {"2002:7f00:1::1", true}, {"2002:a00:1::1", true}, {"2002:a9fe:a9fe::1", true}, {"2002:c0a8:101::1", true},
		// Teredo carries a client's address: no receiver needs it.
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", true}, {"2001::1", true},
		// Public addresses pass.
		{"93.184.215.14", false}, {"8.8.8.8", false}, {"172.32.0.1", false}, {"100.128.0.1", false}, {"169.255.0.1", false},
		{"2606:4700::1111", false}, {"::ffff:8.8.8.8", false}, {"64:ff9b::808:808", false},
		{"2002:808:808::1", false}, {"2001:db8::1", false}, {"2001:4860:4860::8888", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			err := g.CheckAddr(netip.MustParseAddr(tt.addr))
			if got := webhook.IsBlocked(err); got != tt.want {
				t.Fatalf("CheckAddr(%s) = %v, want refused %v", tt.addr, err, tt.want)
			}
		})
	}
	// Every listed range is refused at its first address, and allowed
	// when configuration says so.
	for _, r := range webhook.BlockedRanges() {
		a := r.Prefix.Addr()
		if err := g.CheckAddr(a); !webhook.IsBlocked(err) {
			t.Errorf("%s (%s) allowed", a, r.Name)
		}
		open := &webhook.Guard{Enforce: true, Allow: []netip.Prefix{r.Prefix}}
		if err := open.CheckAddr(a); err != nil {
			t.Errorf("%s allowed by configuration, still refused: %v", a, err)
		}
	}
}

func TestGuardChecksURLs(t *testing.T) {
	ctx := context.Background()
	dns := fakeResolver{
		"hooks.example.com":   {netip.MustParseAddr("93.184.215.14")},
		"rebind.example.com":  {netip.MustParseAddr("127.0.0.1")},
		"mixed.example.com":   {netip.MustParseAddr("93.184.215.14"), netip.MustParseAddr("10.0.0.5")},
		"mapped.example.com":  {netip.MustParseAddr("::ffff:192.168.0.1")},
		"internal.example.co": {netip.MustParseAddr("10.1.2.3")},
	}
	prod := &webhook.Guard{Enforce: true, Resolver: dns}
	allowing := &webhook.Guard{Enforce: true, Resolver: dns, Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.1.2.0/24")}}
	dev := &webhook.Guard{Resolver: dns}
	tests := []struct {
		name  string
		guard *webhook.Guard
		url   string
		ok    bool
	}{
		{"PublicHTTPS", prod, "https://hooks.example.com/rdv", true},
		{"PublicHTTPInProduction", prod, "http://hooks.example.com/rdv", false},
		{"LoopbackLiteral", prod, "https://127.0.0.1/x", false},
		{"IPv6Loopback", prod, "https://[::1]:8443/x", false},
		{"V4MappedLiteral", prod, "https://[::ffff:127.0.0.1]/x", false},
		{"NameResolvingToLoopback", prod, "https://rebind.example.com/x", false},
		{"NameWithOnePrivateAddress", prod, "https://mixed.example.com/x", false},
		{"NameResolvingToV4Mapped", prod, "https://mapped.example.com/x", false},
		{"MetadataService", prod, "http://169.254.169.254/latest/meta-data", false},
		{"Unresolvable", prod, "https://nowhere.example.com/x", false},
		{"LoopbackAllowed", allowing, "http://127.0.0.1:9000/x", true},
		{"NameAllowed", allowing, "http://rebind.example.com/x", true},
		{"InternalAllowed", allowing, "http://internal.example.co/x", true},
		{"AllowedPrefixDoesNotCoverOthers", allowing, "https://mixed.example.com/x", false},
		{"DevelopmentAllowsLoopback", dev, "http://127.0.0.1:9000/x", true},
		{"NoScheme", dev, "hooks.example.com/x", false},
		{"FTP", dev, "ftp://hooks.example.com/x", false},
		{"Credentials", dev, "https://u:p@hooks.example.com/x", false},
		{"Fragment", dev, "https://hooks.example.com/x#y", false},
		{"NUL", dev, "https://hooks.example.com/\x00", false},
		{"InvalidUTF8", dev, "https://hooks.example.com/\xff", false},
		{"TooLong", dev, "https://hooks.example.com/" + strings.Repeat("a", 2100), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.guard.CheckURL(ctx, tt.url)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckURL(%q) = %v, want ok %v", tt.url, err, tt.ok)
			}
			if err != nil && rendezvous.ErrorCodeOf(err) != rendezvous.EINVALID {
				t.Fatalf("CheckURL(%q) = %v, want EINVALID", tt.url, err)
			}
		})
	}
}

// TestClientRefusesAtDialTime shows that the dialler judges the address
// actually reached: a URL the registration never saw (or whose name now
// resolves elsewhere) cannot reach the loopback receiver in production.
func TestClientRefusesAtDialTime(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	msg := func(url string) webhook.Message {
		return webhook.Message{URL: url, ID: "msg_1", At: time.Now(), Body: []byte(`{}`), Secrets: []string{webhook.NewSecret()}}
	}
	prod := webhook.NewClient(&webhook.Guard{Enforce: true}, time.Second, 0)
	for _, url := range []string{srv.URL, "http://localhost" + port, "http://[::ffff:127.0.0.1]" + port} {
		if _, err := prod.Send(context.Background(), msg(url)); !webhook.IsBlocked(err) {
			t.Errorf("Send(%s) in production = %v, want refused", url, err)
		}
	}
	if hits != 0 {
		t.Fatalf("the receiver was reached %d times", hits)
	}
	allowed := webhook.NewClient(&webhook.Guard{Enforce: true, Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}, time.Second, 0)
	if st, err := allowed.Send(context.Background(), msg(srv.URL)); err != nil || st != 200 {
		t.Fatalf("Send to an allowed prefix = %d, %v", st, err)
	}
	if hits != 1 {
		t.Fatalf("hits = %d, want 1", hits)
	}
}
