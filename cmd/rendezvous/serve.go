package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/logging"
)

// serve runs the server until ctx ends (SIGINT or SIGTERM), then shuts it
// down gracefully: it stops accepting, lets in-flight requests finish
// within the grace period, stops the background jobs and closes the
// stores.
func (a *app) serve(ctx context.Context, args []string) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	fs := a.newFlags("serve")
	addrName := "RENDEZVOUS_ADDR"
	fs.Func("addr", "address to listen on (RENDEZVOUS_ADDR; default "+cfg.Addr+")", func(v string) error {
		if err := checkListenAddr(v); err != nil {
			return err
		}
		cfg.Addr, addrName = v, "--addr"
		return nil
	})
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	// The ports are bound first: a taken or forbidden address fails in a
	// moment, not after the migrations and the seeding of the directory.
	// Connections wait in the kernel's queue until the server serves.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return &settingError{addrName, fmt.Sprintf("cannot listen on %s: %v", cfg.Addr, err)}
	}
	defer ln.Close()
	var metricsLn net.Listener
	if cfg.HTTP.MetricsAddr != "" {
		if metricsLn, err = net.Listen("tcp", cfg.HTTP.MetricsAddr); err != nil {
			return &settingError{"RENDEZVOUS_METRICS_ADDR", fmt.Sprintf("cannot listen on %s: %v", cfg.HTTP.MetricsAddr, err)}
		}
		defer metricsLn.Close()
	}
	log := logging.New(a.stderr, logging.Options{Format: cfg.LogFormat, Level: cfg.LogLevel, RepeatWindow: cfg.LogRepeatWindow})
	defer logging.Flush(log) // the counts of the last window, and the lines not yet written
	if a.onLogger != nil {
		a.onLogger(log)
	}
	log.LogAttrs(ctx, slog.LevelInfo, "starting rendezvous", append(cfg.logAttrs(), slog.String("version", version()))...)
	log.LogAttrs(ctx, slog.LevelInfo, "garbage collector", tuneGC(a.getenv, cfg.Sessions.MaxBytes)...)

	sys, err := a.assemble(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer sys.close()

	// Connections are bounded per client and in all, below the process's
	// file descriptors: rate limits count requests, not open sockets.
	ln = sys.api.LimitListener(ln, httpapi.ConnLimits{PerClient: cfg.HTTP.MaxConnsPerClient, Total: cfg.HTTP.MaxConns}, sys.metrics)
	srv := newHTTPServer(ctx, sys.api, log, cfg.HTTP)
	var metricsSrv *http.Server
	if metricsLn != nil {
		mux := http.NewServeMux() // its own mux: never http.DefaultServeMux
		mux.Handle("GET /metrics", sys.metrics.Handler())
		// Operators' readiness, with latencies and errors: this listener
		// is private, as /metrics without a key already assumes.
		mux.Handle("GET /readyz", sys.api.ReadinessHandler())
		if cfg.HTTP.Pprof {
			mountPprof(mux)
		}
		metricsSrv = newHTTPServer(ctx, mux, log, cfg.HTTP)
	}
	scheme := "http"
	if cfg.HTTP.TLSCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(a.stdout, "Rendezvous %s listening on %s://%s (database: %s, sessions: %s)\n", version(), scheme, ln.Addr(), sys.storeKind, sys.sessionKind)
	if a.onListen != nil {
		a.onListen(ln.Addr())
	}

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		sweepSessions(gctx, sys.sessions, cfg.SweepInterval, log)
		return nil
	})
	if cfg.LogRepeatWindow > 0 {
		// A flood's summary is written by the next log line after its
		// window; this writes it even when the server then goes quiet.
		g.Go(func() error {
			tick := time.NewTicker(cfg.LogRepeatWindow)
			defer tick.Stop()
			for {
				select {
				case <-gctx.Done():
					return nil
				case <-tick.C:
					logging.Flush(log)
				}
			}
		})
	}
	if sys.index != nil {
		g.Go(func() error { return sys.index.Run(gctx) })
	}
	g.Go(func() error {
		retain(gctx, sys.desk, cfg.Retention, log, sys.metrics)
		return nil
	})
	g.Go(func() error {
		sweep(gctx, "idempotency keys", idempotencySweepInterval, sys.desk.SweepIdempotency, log)
		return nil
	})
	if sys.verify != nil {
		g.Go(func() error {
			sweep(gctx, "email verifications", time.Hour, sys.verify.Sweep, log)
			return nil
		})
	}
	g.Go(func() error {
		// Emails and reminders: jobs under way get the grace period to
		// finish; any cut short is tried again, here or elsewhere.
		return runJobs(gctx, sys, cfg.ShutdownGrace, log)
	})
	g.Go(func() error {
		var err error
		if cfg.HTTP.TLSCert != "" {
			srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
			err = srv.ServeTLS(ln, cfg.HTTP.TLSCert, cfg.HTTP.TLSKey)
		} else {
			err = srv.Serve(ln)
		}
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
		return nil
	})
	if metricsSrv != nil {
		g.Go(func() error {
			if err := metricsSrv.Serve(metricsLn); !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("serve metrics: %w", err)
			}
			return nil
		})
	}
	g.Go(func() error {
		<-gctx.Done()
		if cfg.DrainDelay > 0 {
			// Readiness fails first, while requests are still served, so
			// that the load balancer's health checks take the instance
			// out before it stops accepting: none is refused.
			sys.api.Drain()
			log.Info("draining: /readyz answers 503", slog.Duration("delay", cfg.DrainDelay))
			time.Sleep(cfg.DrainDelay)
		}
		log.Info("shutting down: finishing in-flight requests", slog.Duration("grace", cfg.ShutdownGrace))
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownGrace)
		defer cancel()
		var errs []error
		if metricsSrv != nil {
			errs = append(errs, metricsSrv.Shutdown(sctx))
		}
		errs = append(errs, srv.Shutdown(sctx))
		if err := errors.Join(errs...); err != nil {
			return fmt.Errorf("shutdown: %w", err)
		}
		return nil
	})
	err = g.Wait()
	log.Info("stopped")
	return err
}

// newHTTPServer bounds what a slow or hostile client can hold: the time
// to send headers, the whole request, and the answer, idle connections,
// and the size of headers.
func newHTTPServer(ctx context.Context, h http.Handler, log *slog.Logger, hs httpSettings) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: hs.ReadHeaderTimeout,
		ReadTimeout:       hs.ReadTimeout,
		WriteTimeout:      hs.WriteTimeout,
		IdleTimeout:       hs.IdleTimeout,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		// Requests must outlive the signal that starts a graceful
		// shutdown: they get a context that the signal does not cancel.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
}
