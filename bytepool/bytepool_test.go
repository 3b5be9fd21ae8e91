package bytepool_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous/bytepool"
)

func TestPool(t *testing.T) {
	var p bytepool.Pool
	b := p.Get()
	if len(b) != 0 || cap(b) == 0 {
		t.Fatalf("a new buffer: len %d cap %d", len(b), cap(b))
	}
	b = append(b, "hello"...)
	p.Put(b)
	if again := p.Get(); len(again) != 0 {
		t.Fatalf("a lent buffer is not empty: %q", again)
	}
	p.Put(nil)                    // not kept
	p.Put(make([]byte, 0, 1<<20)) // too large to keep
	for range 10 {
		if b := p.Get(); cap(b) > 64<<10 || len(b) != 0 {
			t.Fatalf("lent a buffer of cap %d len %d", cap(b), len(b))
		}
	}
}
