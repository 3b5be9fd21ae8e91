package main

import (
	"net/http"
	"net/http/pprof"
	"runtime"
)

// mountPprof serves Go's profiler on the private metrics mux
// (RENDEZVOUS_PPROF): CPU, heap, allocations, goroutines, mutex and block
// profiles and the execution trace, for profiling under load. Never on the
// public listener: a profile reveals the program's internals and costs CPU.
// (Importing net/http/pprof also registers it on http.DefaultServeMux,
// which this program never serves.)
func mountPprof(mux *http.ServeMux) {
	// Lock contention is one of the suspects of a long tail: sample one
	// contended lock in 100.
	runtime.SetMutexProfileFraction(100)
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
}
