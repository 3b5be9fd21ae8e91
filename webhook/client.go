package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// The client posts deliveries. Each attempt is bounded: Timeout for the
// whole exchange (connection, TLS, request, answer), MaxResponse bytes of
// the answer read (the rest is dropped with the connection) and as many
// of its headers. Redirects
// are not followed — a 3xx is a failed attempt — since a redirect would
// carry the signed body to a URL nobody registered. No proxy from the
// environment is used: the guard judges the address actually dialled.

// Defaults of a Client.
const (
	DefaultTimeout     = 10 * time.Second
	DefaultMaxResponse = 64 << 10
)

// Client sends signed deliveries.
type Client struct {
	http        *http.Client
	maxResponse int64
}

// NewClient returns a client whose every connection guard approves.
func NewClient(guard *Guard, timeout time.Duration, maxResponse int64) *Client {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if maxResponse <= 0 {
		maxResponse = DefaultMaxResponse
	}
	dialer := &net.Dialer{Timeout: timeout, Control: guard.Control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		// The answer's headers are bounded like its body (the default
		// is 10 MB).
		MaxResponseHeaderBytes: maxResponse,
		MaxIdleConnsPerHost:    4,
		IdleConnTimeout:        90 * time.Second,
		ForceAttemptHTTP2:      true,
	}
	return &Client{
		http: &http.Client{Transport: tr, Timeout: timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		maxResponse: maxResponse,
	}
}

// Message is what one attempt sends.
type Message struct {
	URL     string
	ID      string
	At      time.Time
	Body    []byte
	Secrets []string
}

// Send posts m, signed, and returns the answer's status (0 when none came
// back) and, unless it is 2xx, why the attempt failed. The error says
// what happened (timeout, refused address, status), never what the
// endpoint answered.
func (c *Client) Send(ctx context.Context, m Message) (int, error) {
	sig, err := Sign(m.ID, m.At, m.Body, m.Secrets)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.URL, bytes.NewReader(m.Body))
	if err != nil {
		return 0, fmt.Errorf("webhook: request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Rendezvous-Webhooks/1")
	req.Header.Set("webhook-id", m.ID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(m.At.Unix(), 10))
	req.Header.Set("webhook-signature", sig)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, describe(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, c.maxResponse))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("webhook: answered %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}

// describe turns a transport error into a short reason without the
// URL (which the log and the delivery record already name).
func describe(err error) error {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) {
		if inner := ue.Unwrap(); inner != nil {
			err = inner
		}
	}
	var ne net.Error
	switch {
	case IsBlocked(err):
		return err
	case errors.As(err, &ne) && ne.Timeout():
		return errors.New("webhook: timed out")
	}
	return fmt.Errorf("webhook: %w", err)
}
