package logging

import (
	"io"
	"sync"
)

// batchWriter writes lines that arrive together in one write (group
// commit): the first writer to find no write under way writes what has
// accumulated, again and again until nothing is left, while the others
// add their line and wait for it to be written. Each Write still returns
// once its line is handed to the system, as with a plain writer; but under
// load the lines of many requests cost one system call, and a request
// waits for one write rather than in line behind every other request's.
// (slog's handlers hold a lock across their writer's Write: with one
// write(2) per line, 64 requests at a time queued on that lock — the
// first lock of the server's mutex profile.)
type batchWriter struct {
	w io.Writer

	mu       sync.Mutex
	done     sync.Cond // signalled after each write
	pending  []byte    // appended, not yet being written
	spare    []byte    // the buffer of the last write, for reuse
	writing  bool      // a writer is writing
	appended int64     // bytes ever appended
	written  int64     // bytes ever written (or failed to be)
}

func newBatchWriter(w io.Writer) *batchWriter {
	b := &batchWriter{w: w}
	b.done.L = &b.mu
	return b
}

// maxSpare bounds the buffer kept between writes.
const maxSpare = 64 << 10

func (b *batchWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending = append(b.pending, p...)
	b.appended += int64(len(p))
	end := b.appended
	if b.writing {
		for b.written < end {
			b.done.Wait()
		}
		return len(p), nil
	}
	b.writing = true
	var err error
	for len(b.pending) > 0 {
		batch := b.pending
		b.pending = b.spare[:0]
		b.mu.Unlock()
		_, werr := b.w.Write(batch)
		b.mu.Lock()
		if werr != nil && b.written < end {
			err = werr // the first batch, which holds this writer's line
		}
		b.written += int64(len(batch))
		if cap(batch) <= maxSpare {
			b.spare = batch[:0]
		} else {
			b.spare = nil
		}
		b.done.Broadcast()
	}
	b.writing = false
	if err != nil {
		return 0, err
	}
	return len(p), nil
}
