package logging

import (
	"io"
	"sync"
)

// batchWriter hands lines to a writer in batches, off the caller's path.
//
// slog's handlers hold a lock across their writer's Write, so with one
// write(2) per line every request of a busy server queued on that lock
// (the first lock of the server's mutex profile), and each waited for a
// system call to the terminal or pipe before its answer left: a park and
// a wake-up per request, which under 64 connections on two cores widened
// the latency tail. Write now appends the line to a buffer and returns; a
// goroutine, started when the buffer stops being empty and ending when it
// is empty again, writes what has accumulated, again and again, in order.
// Lines are written within the scheduler's next turn under load, and a
// line is only lost if the process dies in that window (kill -9, or a
// crash of the runtime itself: a panic in a request is recovered and
// logged as any line); Sync waits for everything written so far, and the
// server calls it (through Flush) before it exits.
//
// The buffer is bounded: past maxPending bytes (a pipe nobody reads, a
// terminal scrolled back) Write waits for the writer as it used to,
// rather than hold the server's memory hostage to its log.
type batchWriter struct {
	w io.Writer

	mu       sync.Mutex
	changed  sync.Cond // signalled after each write, and when the writing goroutine ends
	pending  []byte    // appended, not yet being written
	spare    []byte    // the buffer of the last write, for reuse
	writing  bool      // the writing goroutine is running
	appended int64     // bytes ever appended
	written  int64     // bytes ever written (or failed to be)
	err      error     // the last write's error, for Sync
}

func newBatchWriter(w io.Writer) *batchWriter {
	b := &batchWriter{w: w}
	b.changed.L = &b.mu
	return b
}

const (
	// maxPending bounds the lines waiting to be written.
	maxPending = 1 << 20
	// maxSpare bounds the buffer kept between writes.
	maxSpare = 64 << 10
)

// Write queues p and returns; it never reports an error (slog's loggers
// drop them anyway): a failing writer's errors are returned by Sync.
func (b *batchWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	for len(b.pending) >= maxPending {
		b.changed.Wait()
	}
	b.pending = append(b.pending, p...)
	b.appended += int64(len(p))
	if !b.writing {
		b.writing = true
		go b.drain()
	}
	b.mu.Unlock()
	return len(p), nil
}

// drain writes the pending lines until there are none.
func (b *batchWriter) drain() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.pending) > 0 {
		batch := b.pending
		b.pending = b.spare[:0]
		b.mu.Unlock()
		_, err := b.w.Write(batch)
		b.mu.Lock()
		if err != nil {
			b.err = err
		}
		b.written += int64(len(batch))
		if cap(batch) <= maxSpare {
			b.spare = batch[:0]
		} else {
			b.spare = nil
		}
		b.changed.Broadcast()
	}
	b.writing = false
	b.changed.Broadcast()
}

// Sync waits until every line written before it has been handed to the
// writer, and returns the error of the last failed write since the
// previous Sync, if any.
func (b *batchWriter) Sync() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	end := b.appended
	for b.written < end {
		b.changed.Wait()
	}
	err := b.err
	b.err = nil
	return err
}
