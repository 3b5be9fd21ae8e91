package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// client sends JSON requests and keeps statistics.
type client struct {
	base     string
	adminKey string
	http     *http.Client

	mu      sync.Mutex
	lat     []time.Duration
	status  map[int]int
	started time.Time
}

func newClient(o options) *client {
	tr := &http.Transport{MaxIdleConns: 2 * o.clients, MaxIdleConnsPerHost: 2 * o.clients, IdleConnTimeout: 30 * time.Second}
	return &client{base: strings.TrimRight(o.url, "/"), adminKey: o.adminKey,
		http: &http.Client{Transport: tr, Timeout: 30 * time.Second}, status: map[int]int{}}
}

// do sends a request, decodes a JSON answer into out (when not nil and
// 2xx) and records the latency when measured.
func (c *client) do(ctx context.Context, method, path string, body any, out any, measured bool, headers ...string) (int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if measured {
		c.mu.Lock()
		c.lat = append(c.lat, d)
		c.status[resp.StatusCode]++
		c.mu.Unlock()
	}
	if err != nil {
		return resp.StatusCode, err
	}
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	return resp.StatusCode, nil
}

func (c *client) admin() []string { return []string{"Authorization", "Bearer " + c.adminKey} }

func (c *client) start() {
	c.mu.Lock()
	c.lat, c.status, c.started = nil, map[int]int{}, time.Now()
	c.mu.Unlock()
}

// report prints throughput, latency percentiles and status counts.
func (c *client) report(w io.Writer, what string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	elapsed := time.Since(c.started)
	lat := slices.Clone(c.lat)
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[int(p*float64(len(lat)-1))]
	}
	codes := make([]int, 0, len(c.status))
	for code := range c.status {
		codes = append(codes, code)
	}
	sort.Ints(codes)
	var parts []string
	for _, code := range codes {
		parts = append(parts, fmt.Sprintf("%d×%d", c.status[code], code))
	}
	fmt.Fprintf(w, "%s: %d requests in %s = %.0f req/s; latency p50 %s p90 %s p99 %s max %s; status %s\n",
		what, len(lat), elapsed.Round(time.Millisecond), float64(len(lat))/elapsed.Seconds(),
		pct(0.5).Round(10*time.Microsecond), pct(0.9).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond),
		pct(1).Round(10*time.Microsecond), strings.Join(parts, " "))
}

// parallel runs fn(i) for i in [0, n) on `clients` goroutines.
func parallel(ctx context.Context, clients, n int, fn func(ctx context.Context, worker, i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(ctx, w, i)
			}
		}()
	}
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			close(next)
			wg.Wait()
			return
		}
	}
	close(next)
	wg.Wait()
}
