package httpapi_test

import (
	"io/fs"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/httpapi"
)

// mailbox is a development mailbox holding one message.
type mailbox struct{}

func (mailbox) ListMail(int) ([]httpapi.DevMailJSON, error) {
	return []httpapi.DevMailJSON{{ID: "m1", At: time.Unix(0, 0).UTC(), To: "victim@example.com", Subject: "Your code: 123456"}}, nil
}

func (mailbox) Raw(id string) ([]byte, error) {
	if id != "m1" {
		return nil, fs.ErrNotExist
	}
	return []byte("Subject: Your code: 123456\r\n\r\n123456\r\n"), nil
}

// TestRedTeamDevMailboxOnlyFromThisMachine: the development mailbox holds
// every verification code and manage link sent. The container image
// listens on :8080 in development, so anyone who reached the port asked
// for a code for any address, read it at /dev/mail and had that
// address's bookings. It answers only a client on the server's machine.
func TestRedTeamDevMailboxOnlyFromThisMachine(t *testing.T) {
	f := newFixture(t, func(c *httpapi.Config) { c.DevMail = mailbox{} })
	tests := []struct {
		name    string
		peer    string
		headers map[string]string
		want    int
	}{
		{"LoopbackIPv4", "127.0.0.1:5000", nil, 200},
		{"LoopbackOtherAddress", "127.0.0.2:5000", nil, 200},
		{"LoopbackIPv6", "[::1]:5000", nil, 200},
		{"LoopbackMapped", "[::ffff:127.0.0.1]:5000", nil, 200},
		{"LoopbackForwardedFromLoopback", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "127.0.0.1, ::1"}, 200},
		{"PublicIPv4", "203.0.113.9:5000", nil, 404},
		{"PrivateIPv4", "172.17.0.1:5000", nil, 404},
		{"PublicIPv6", "[2001:db8::1]:5000", nil, 404},
		{"Unspecified", "0.0.0.0:5000", nil, 404},
		{"NotAnAddress", "pipe", nil, 404},
		{"LocalProxyRelayingTheInternet", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "203.0.113.9"}, 404},
		{"LocalProxyRelayingAHop", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "127.0.0.1, 203.0.113.9"}, 404},
		{"GarbledForwardedFor", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "unknown"}, 404},
		{"ForwardedHeader", "127.0.0.1:5000", map[string]string{"Forwarded": "for=203.0.113.9"}, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"/dev/mail", "/dev/mail/m1"} {
				req := httptest.NewRequest("GET", path, nil)
				req.RemoteAddr = tt.peer
				for k, v := range tt.headers {
					req.Header.Set(k, v)
				}
				rec := httptest.NewRecorder()
				f.srv.ServeHTTP(rec, req)
				if rec.Code != tt.want {
					t.Errorf("GET %s from %s %v: %d, want %d", path, tt.peer, tt.headers, rec.Code, tt.want)
				}
			}
		})
	}
}
