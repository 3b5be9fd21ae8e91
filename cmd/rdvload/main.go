// Command rdvload puts load on a running Rendezvous server over loopback
// and reports throughput and latency: the load scripts behind
// docs/benchmarks.md. Every run is bounded in requests and in time, and it
// refuses to target anything but a loopback address.
//
//	rdvload book   --url URL --admin-key KEY [--clients 32] [-n 5000]  (-n bookings)
//	rdvload race   --url URL --admin-key KEY [--clients 32] [-n 100]   (-n slots)
//	rdvload search --url URL [--clients 8] [-n 5000] [--kind dentist --city Lyon]
//	rdvload chat   --url URL [--clients 8] [-n 200] [--book]
//	rdvload compare --url URL [--clients 64] [-n 50000] [--each 10s] [--warmup 1s] [--targets chat] [--client lean|net/http] [--distribution]
//	rdvload otlp   --url http://127.0.0.1:4318 [--max-duration 2m]  (an OTLP sink counting spans)
//
// compare measures a bare Go echo, /healthz, the availability search and a
// first chat turn side by side, each as a ratio of the echo (the server
// must run with RENDEZVOUS_RATE_LIMITS=off and room for the sessions the
// chat turns open: see docs/benchmarks.md).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "rdvload:", err)
		os.Exit(1)
	}
}

type options struct {
	url      string
	adminKey string
	clients  int
	count    int
	timeout  time.Duration
	kind     string
	city     string
	bookChat bool
	// compare: measured time per target, and unmeasured warm-up before.
	each, warmup time.Duration
	targets      string
	client       string
	distribution bool
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: rdvload book|race|search|chat|compare|otlp [flags]")
	}
	var o options
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "server base URL (loopback only)")
	fs.StringVar(&o.adminKey, "admin-key", os.Getenv("RENDEZVOUS_ADMIN_KEY"), "admin API key (book, race)")
	fs.IntVar(&o.clients, "clients", 32, "concurrent clients")
	fs.IntVar(&o.count, "n", 0, "requests or bookings (default per mode)")
	fs.DurationVar(&o.timeout, "max-duration", 2*time.Minute, "stop after this long")
	fs.StringVar(&o.kind, "kind", string(rendezvous.KindDentist), "kind to search (search)")
	fs.StringVar(&o.city, "city", "Lyon", "city to search (search)")
	fs.BoolVar(&o.bookChat, "book", false, "end each conversation with yes instead of no (chat)")
	fs.DurationVar(&o.each, "each", 10*time.Second, "measured time per target, at most (compare)")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured warm-up per target (compare)")
	fs.StringVar(&o.targets, "targets", "", "comma-separated subset of healthz,availability,chat besides the echo; empty: all (compare)")
	fs.BoolVar(&o.distribution, "distribution", false, "also print each target's latency quantiles (compare)")
	fs.StringVar(&o.client, "client", "lean", "lean (one prepared request per keep-alive connection, like wrk) or net/http (compare)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := loopbackOnly(o.url); err != nil {
		return err
	}
	if o.clients < 1 || o.clients > 1000 || o.count < 0 || o.count > 1_000_000 {
		return errors.New("--clients must be 1..1000 and -n 0..1000000")
	}
	if o.client != "lean" && o.client != "net/http" {
		return errors.New("--client must be lean or net/http")
	}
	if o.each <= 0 || o.warmup < 0 {
		return errors.New("--each must be positive and --warmup not negative")
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	switch args[0] {
	case "echo-server": // started by compare
		return echoServer(ctx, out)
	case "compare":
		if o.clients == 32 && !flagSet(fs, "clients") {
			o.clients = 64
		}
		return compare(ctx, o, out)
	case "book":
		return book(ctx, o, out)
	case "race":
		return race(ctx, o, out)
	case "search":
		return search(ctx, o, out)
	case "chat":
		return chat(ctx, o, out)
	case "otlp":
		return otlpSink(ctx, o, out)
	}
	return fmt.Errorf("unknown mode %q", args[0])
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// loopbackOnly refuses to load anything but this machine.
func loopbackOnly(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("--url: %w", err)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--url %s: rdvload only targets loopback addresses", raw)
}
