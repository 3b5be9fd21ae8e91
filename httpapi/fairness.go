package httpapi

import (
	"net/http"
	"runtime"
)

// yieldAfterAnswer sends an answer whose length was declared (every JSON
// answer: writeEncoded) and then yields the goroutine. It runs once the
// whole handler, middleware included, has returned: nothing is left to
// add to the answer, and flushing it is what net/http would do next.
//
// Why: net/http serves a keep-alive connection from one goroutine, which
// reads the next request as soon as it has answered. When that request is
// already there, as it is from a busy client or a proxy's pooled
// connection, the goroutine serves it at once, and again, for up to Go's
// 10 ms time slice, while the goroutines of other connections wait on the
// same processor: a few connections are served back to back and the
// others pay for it in the tail. Yielding after each answer sends the
// goroutine behind the others, so that under load connections take turns.
// Measured at 64 connections of first chat turns (docs/benchmarks.md, the
// sixth pass).
//
// The answer is flushed first, so the yield delays no one's answer. One of
// undeclared length (a stream, which flushes itself, or an answer for
// which net/http chooses between a length and chunks after the handler)
// is left to net/http, and its goroutine does not yield.
func yieldAfterAnswer(w http.ResponseWriter, r *http.Request) {
	if r.ProtoMajor != 1 || w.Header().Get("Content-Length") == "" {
		// HTTP/2 serves each request in a goroutine of its own, and an
		// early flush would only add an empty frame.
		return
	}
	_ = http.NewResponseController(w).Flush() // the client gone: nothing to do
	runtime.Gosched()
}
