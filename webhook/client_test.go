package webhook_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/rendezvous-oss/rendezvous/webhook"
)

func TestClientSignsAsTheSpecificationSays(t *testing.T) {
	oldSecret, newSecret := webhook.NewSecret(), webhook.NewSecret()
	got := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var err error
		// A receiver that knows either secret accepts the message.
		for _, s := range []string{oldSecret, newSecret} {
			wh, _ := standardwebhooks.NewWebhook(s)
			if err = wh.Verify(body, r.Header); err != nil {
				break
			}
		}
		// One that knows neither refuses it.
		wh, _ := standardwebhooks.NewWebhook(webhook.NewSecret())
		if wh.Verify(body, r.Header) == nil {
			err = io.ErrUnexpectedEOF
		}
		got <- err
	}))
	defer srv.Close()
	c := webhook.NewClient(&webhook.Guard{}, time.Second, 0)
	st, err := c.Send(context.Background(), webhook.Message{URL: srv.URL, ID: "msg_abc", At: time.Now(), Body: []byte(`{"type":"booking.created"}`),
		Secrets: []string{newSecret, oldSecret}})
	if err != nil || st != 200 {
		t.Fatalf("Send = %d, %v", st, err)
	}
	if err := <-got; err != nil {
		t.Fatalf("the receiver could not verify: %v", err)
	}
}

func TestClientBoundsWhatItWaitsFor(t *testing.T) {
	var reached atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/target", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/target", func(w http.ResponseWriter, r *http.Request) { reached.Add(1) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		// An endless answer: the client reads its bound and hangs up.
		chunk := []byte(strings.Repeat("x", 32<<10))
		for {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/refuse", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
	mux.HandleFunc("/headers", func(w http.ResponseWriter, r *http.Request) {
		// Red team: 4 MiB of headers were read whole (the transport's
		// default bound is 10 MB), on each of the workers at once.
		for i := range 64 {
			w.Header().Set(fmt.Sprintf("X-Pad-%d", i), strings.Repeat("x", 64<<10))
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := webhook.NewClient(&webhook.Guard{}, 300*time.Millisecond, 64<<10)
	send := func(path string) (int, time.Duration, error) {
		start := time.Now()
		st, err := c.Send(context.Background(), webhook.Message{URL: srv.URL + path, ID: "msg_1", At: time.Now(), Body: []byte(`{}`), Secrets: []string{webhook.NewSecret()}})
		return st, time.Since(start), err
	}
	if st, _, err := send("/redirect"); err == nil || st != http.StatusTemporaryRedirect || reached.Load() != 0 {
		t.Errorf("redirect: %d, %v, target reached %d times; want a failed attempt, not followed", st, err, reached.Load())
	}
	if _, took, err := send("/slow"); err == nil || took > 2*time.Second {
		t.Errorf("slow endpoint: %v after %s; want a timeout near 300ms", err, took)
	}
	if st, took, _ := send("/huge"); st != 200 || took > 2*time.Second {
		t.Errorf("endless answer: %d after %s; want 200 at once, the rest dropped", st, took)
	}
	if st, _, err := send("/headers"); st != 0 || err == nil {
		t.Errorf("4 MiB of headers: %d, %v; want a failed attempt", st, err)
	}
	if st, _, err := send("/refuse"); st != 503 || err == nil {
		t.Errorf("503: %d, %v", st, err)
	}
}
