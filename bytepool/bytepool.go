// Package bytepool lends byte buffers for encodings that are copied once
// written (a session's conversation into its store, an answer into the
// connection's buffer): one buffer serves request after request rather
// than a new one each time for the collector.
package bytepool

import "sync"

// Pool lends buffers. The zero Pool is ready to use; it is safe for
// concurrent use.
type Pool struct{ pool sync.Pool }

// maxKept is the largest buffer kept for reuse: a rare large encoding
// does not pin its size in the pool.
const maxKept = 64 << 10

// newSize is the capacity of a new buffer: more than a chat turn's answer
// or conversation needs.
const newSize = 4096

// Get returns an empty buffer.
func (p *Pool) Get() []byte {
	if b, ok := p.pool.Get().(*[]byte); ok {
		return (*b)[:0]
	}
	return make([]byte, 0, newSize)
}

// Put gives a buffer back; the caller must not use it afterwards.
func (p *Pool) Put(b []byte) {
	if cap(b) > 0 && cap(b) <= maxKept {
		p.pool.Put(&b)
	}
}
