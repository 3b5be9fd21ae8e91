package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// compare measures, side by side in one run, a bare Go net/http JSON echo
// (the floor: what the machine does for an HTTP request that does nothing),
// /healthz, the availability search and the first turn of a chat, each at
// the same number of connections, and prints each as a ratio of the echo:
// figures from a noisy machine compare through their ratios.
//
// The echo runs in a process of its own (this program, mode echo-server),
// as the server does, so that both share the cores with the load generator
// alike.
func compare(ctx context.Context, o options, out io.Writer) error {
	n := o.count
	if n == 0 {
		n = 50_000
	}
	echo, stop, err := startEcho(ctx)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintf(out, "machine: %s\n", machine())
	fmt.Fprintf(out, "load: %s client, %d connections, at most %d requests or %s per target after %s of warm-up\n\n", o.client, o.clients, n, o.each, o.warmup)
	chatBody := []byte(`{"message":"I need a dentist in Lyon tomorrow morning"}`)
	targets := []loadTarget{
		{key: "echo", name: "echo (bare net/http JSON)", method: "POST", url: echo + "/echo", body: chatBody},
		{key: "healthz", name: "GET /healthz", method: "GET", url: o.url + "/healthz"},
		{key: "availability", name: fmt.Sprintf("GET /v1/availability?kind=%s&city=%s&limit=10", o.kind, o.city), method: "GET",
			url: fmt.Sprintf("%s/v1/availability?kind=%s&city=%s&limit=10", o.url, o.kind, o.city)},
		{key: "chat", name: "POST /v1/chat, first turn", method: "POST", url: o.url + "/v1/chat", body: chatBody},
	}
	var results []loadResult
	for _, t := range targets {
		if ctx.Err() != nil {
			break
		}
		if t.key != "echo" && o.targets != "" && !slices.Contains(strings.Split(o.targets, ","), t.key) {
			continue // the echo always runs: the others are its ratios
		}
		r, err := hammer(ctx, t, o.clients, n, o.warmup, o.each, o.client == "lean")
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		results = append(results, r)
	}
	printComparison(out, results)
	if o.distribution {
		printDistribution(out, results)
	}
	fmt.Fprintf(out, "\nload average after: %s\n", loadAverage())
	for _, r := range results {
		if r.failed > 0 {
			return fmt.Errorf("%s: %d answers were not 200", r.name, r.failed)
		}
	}
	return ctx.Err()
}

type loadTarget struct {
	key, name, method, url string
	body                   []byte
}

type loadResult struct {
	name     string
	requests int
	failed   int
	elapsed  time.Duration
	// quantiles are the latencies at quantilesPerMille(): the table's p50
	// and p99 among them, all of them with --distribution.
	quantiles []time.Duration
}

// quantilesPerMille are the quantiles kept of each target, in thousandths
// (1000: the maximum).
func quantilesPerMille() [8]int { return [8]int{100, 500, 750, 900, 950, 990, 999, 1000} }

// quantile returns the latency at q thousandths, one of quantilesPerMille.
func (r loadResult) quantile(q int) time.Duration {
	all := quantilesPerMille()
	return r.quantiles[slices.Index(all[:], q)]
}

func (r loadResult) rate() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// hammer sends t's request on clients connections, first for warmup
// (unmeasured), then until n requests or each has passed. lean chooses
// the client (leanclient.go) over Go's net/http.
func hammer(ctx context.Context, t loadTarget, clients, n int, warmup, each time.Duration, lean bool) (loadResult, error) {
	senders := make([]func(context.Context) (int, error), clients)
	if lean {
		for i := range senders {
			c, err := newLeanConn(t)
			if err != nil {
				return loadResult{}, err
			}
			defer c.close()
			senders[i] = c.send
		}
	} else {
		tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients, IdleConnTimeout: 30 * time.Second}
		defer tr.CloseIdleConnections()
		hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
		for i := range senders {
			senders[i] = func(ctx context.Context) (int, error) { return netHTTPSend(ctx, hc, t) }
		}
	}
	send := senders[0]
	if st, err := send(ctx); err != nil || st != 200 {
		return loadResult{}, fmt.Errorf("first request: status %d, %v", st, err)
	}
	var issued atomic.Int64
	var measuring atomic.Bool
	lats := make([][]time.Duration, clients)
	fails := make([]int, clients)
	wctx, cancel := context.WithTimeout(ctx, warmup+each)
	defer cancel()
	var wg sync.WaitGroup
	for w := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for wctx.Err() == nil {
				measured := measuring.Load()
				if measured && issued.Add(1) > int64(n) {
					return
				}
				start := time.Now()
				st, err := senders[w](wctx)
				d := time.Since(start)
				if !measured || !measuring.Load() || wctx.Err() != nil {
					continue
				}
				lats[w] = append(lats[w], d)
				if err != nil || st != 200 {
					fails[w]++
				}
			}
		}()
	}
	select {
	case <-time.After(warmup):
	case <-wctx.Done():
	}
	began := time.Now()
	measuring.Store(true)
	wg.Wait()
	elapsed := time.Since(began)
	if err := ctx.Err(); err != nil {
		return loadResult{}, err
	}
	all := slices.Concat(lats...)
	slices.Sort(all)
	r := loadResult{name: t.name, requests: len(all), elapsed: elapsed}
	for _, f := range fails {
		r.failed += f
	}
	if len(all) == 0 {
		return r, errors.New("no request completed")
	}
	for _, q := range quantilesPerMille() {
		r.quantiles = append(r.quantiles, all[(len(all)-1)*q/1000])
	}
	return r, nil
}

func netHTTPSend(ctx context.Context, hc *http.Client, t loadTarget) (int, error) {
	req, err := http.NewRequestWithContext(ctx, t.method, t.url, bytes.NewReader(t.body))
	if err != nil {
		return 0, err
	}
	if t.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, err
}

func printComparison(out io.Writer, results []loadResult) {
	if len(results) == 0 {
		return
	}
	echo := results[0]
	fmt.Fprintf(out, "| %-46s | %9s | %9s | %9s | %9s | %11s | %9s | %9s |\n", "target", "requests", "req/s", "p50", "p99", "req/s ÷ echo", "p50 ÷ echo", "p99 ÷ echo")
	fmt.Fprintf(out, "|%s|%s:|%s:|%s:|%s:|%s:|%s:|%s:|\n", strings.Repeat("-", 48), strings.Repeat("-", 10), strings.Repeat("-", 10),
		strings.Repeat("-", 10), strings.Repeat("-", 10), strings.Repeat("-", 12), strings.Repeat("-", 10), strings.Repeat("-", 10))
	for _, r := range results {
		fmt.Fprintf(out, "| %-46s | %9d | %9.0f | %9s | %9s | %11.1f%% | %9.2f | %9.2f |\n", r.name, r.requests, r.rate(),
			r.quantile(500).Round(10*time.Microsecond), r.quantile(990).Round(10*time.Microsecond),
			100*r.rate()/echo.rate(), float64(r.quantile(500))/float64(echo.quantile(500)), float64(r.quantile(990))/float64(echo.quantile(990)))
	}
}

// printDistribution shows the shape of each target's latencies: a tail
// that the p99 alone does not tell apart from a wide middle.
func printDistribution(out io.Writer, results []loadResult) {
	fmt.Fprintf(out, "\n| %-46s | %8s | %8s | %8s | %8s | %8s | %8s | %8s | %8s |\n", "target", "p10", "p50", "p75", "p90", "p95", "p99", "p99.9", "max")
	fmt.Fprintf(out, "|%s|%s\n", strings.Repeat("-", 48), strings.Repeat("---------:|", 8))
	for _, r := range results {
		fmt.Fprintf(out, "| %-46s |", r.name)
		for _, q := range r.quantiles {
			fmt.Fprintf(out, " %8s |", q.Round(10*time.Microsecond))
		}
		fmt.Fprintln(out)
	}
}

// startEcho starts this program as an echo server on a loopback port and
// returns its base URL and how to stop it.
func startEcho(ctx context.Context) (string, func(), error) {
	self, err := os.Executable()
	if err != nil {
		return "", nil, fmt.Errorf("echo server: %w", err)
	}
	cmd := exec.CommandContext(ctx, self, "echo-server")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, fmt.Errorf("echo server: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("echo server: %w", err)
	}
	stop := func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("echo server: no address: %w", err)
	}
	return "http://" + strings.TrimSpace(line), stop, nil
}

// echoServer answers POST /echo with the JSON object it was sent, decoded
// and encoded again, on a loopback port it prints: the floor of what any
// JSON-over-HTTP handler in Go costs on this machine.
func echoServer(ctx context.Context, out io.Writer) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /echo", func(w http.ResponseWriter, r *http.Request) {
		var v map[string]any
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&v); err != nil {
			http.Error(w, "bad JSON", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	fmt.Fprintln(out, ln.Addr().String())
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// machine describes where the figures come from.
func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	return fmt.Sprintf("%d CPUs (%s), %s %s/%s, load average %s", runtime.NumCPU(), model, runtime.Version(), runtime.GOOS, runtime.GOARCH, loadAverage())
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
