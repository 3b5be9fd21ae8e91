package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// healthcheck runs `rendezvous healthcheck`: it asks the server on the
// configured address for /healthz (or /readyz with --ready) and fails
// unless the answer is 200. Images with no shell and no curl
// (distroless, scratch) use it as their HEALTHCHECK.
func (a *app) healthcheck(ctx context.Context, args []string) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	fs := a.newFlags("healthcheck")
	addrSource := "RENDEZVOUS_ADDR"
	fs.Func("addr", "address the server listens on (RENDEZVOUS_ADDR)", func(v string) error {
		cfg.Addr, addrSource = v, "--addr"
		return nil
	})
	ready := fs.Bool("ready", false, "ask /readyz (every required dependency answers) instead of /healthz (the process serves HTTP)")
	timeout := fs.Duration("timeout", 3*time.Second, "give up after this long")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return &settingError{addrSource, fmt.Sprintf("%q: want host:port", cfg.Addr)}
	}
	// A server listening on every address answers on loopback.
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	scheme := "http"
	client := &http.Client{Timeout: *timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if cfg.HTTP.TLSCert != "" {
		scheme = "https"
		// The certificate names the public host, not the loopback address
		// asked here; the check sends no secret and reads only a status.
		client.Transport = &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS12}} //nolint:gosec
	}
	path := "/healthz"
	if *ready {
		path = "/readyz"
	}
	url := scheme + "://" + net.JoinHostPort(host, port) + path
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck %s: %s: %s", url, resp.Status, body)
	}
	fmt.Fprintf(a.stdout, "%s: %s", url, body)
	return nil
}
