package availability

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// BusyIndex is an in-memory copy of every provider's busy spans (each
// active booking from its start to its blocked-until instant), answering
// the question the search asks of the database — which spans of this
// provider overlap [from, to)? — without I/O. It is safe for concurrent
// use: readers never wait for a writer of another provider, and a
// provider's spans are replaced whole, never edited in place.
//
// It keeps itself consistent with the database by tickets rather than by
// locks held across I/O: a refresher takes a Ticket before it reads a
// provider's spans from the database and hands both to Set; Set keeps the
// spans only if no refresh that started later has already been applied.
// Since a read that starts after a commit sees it, the index then never
// goes back to a state older than one already shown.
type BusyIndex struct {
	ticket atomic.Uint64
	shards [busyShards]busyShard
}

// busyShards spreads providers over locks, so that 64 concurrent searches
// on two cores do not queue on one reader count.
const busyShards = 64

type busyShard struct {
	mu sync.RWMutex
	m  map[int64]busyEntry
}

// busyEntry is one provider's spans, sorted by start and never modified
// once published, with the ticket of the read they came from.
type busyEntry struct {
	spans  []compactSpan
	ticket uint64
}

// compactSpan is a span as Unix nanoseconds: 16 bytes where a pair of
// time.Time takes 48, which is what keeps a million bookings in 16 MiB.
type compactSpan struct{ start, end int64 }

// NewBusyIndex returns an empty index.
func NewBusyIndex() *BusyIndex {
	x := &BusyIndex{}
	for i := range x.shards {
		x.shards[i].m = map[int64]busyEntry{}
	}
	return x
}

func (x *BusyIndex) shard(providerID int64) *busyShard {
	return &x.shards[uint64(providerID)%busyShards]
}

// Ticket returns a number larger than every ticket returned before. Take
// it before reading from the database what Set or a BusyBuilder will get.
func (x *BusyIndex) Ticket() uint64 { return x.ticket.Add(1) }

// Set replaces the spans of the given providers with those read under
// ticket (a provider absent from spans has none), unless a later read of
// a provider has been applied already; it reports how many providers it
// changed.
func (x *BusyIndex) Set(ticket uint64, providerIDs []int64, spans map[int64][]rendezvous.Span) int {
	n := 0
	for _, id := range providerIDs {
		cs := make([]compactSpan, 0, len(spans[id]))
		for _, s := range spans[id] {
			cs = append(cs, compactSpan{s.Start.UnixNano(), s.End.UnixNano()})
		}
		cs = sortSpans(cs)
		sh := x.shard(id)
		sh.mu.Lock()
		if e, ok := sh.m[id]; !ok || e.ticket < ticket {
			sh.m[id] = busyEntry{spans: cs, ticket: ticket}
			n++
		}
		sh.mu.Unlock()
	}
	return n
}

// Spans appends to buf the spans of the provider that overlap [from, to),
// sorted by start — the answer the store's BusySpans gives when it holds
// the same bookings — and returns it.
func (x *BusyIndex) Spans(providerID int64, from, to time.Time, buf []rendezvous.Span) []rendezvous.Span {
	sh := x.shard(providerID)
	sh.mu.RLock()
	spans := sh.m[providerID].spans
	sh.mu.RUnlock()
	lo, hi, f := from.Add(-rendezvous.MaxBlockedSpan).UnixNano(), to.UnixNano(), from.UnixNano()
	// The database's bounds exactly: start in (from − MaxBlockedSpan, to)
	// and end after from.
	i, _ := slices.BinarySearchFunc(spans, lo, func(s compactSpan, t int64) int {
		if s.start <= t {
			return -1
		}
		return 1
	})
	for ; i < len(spans) && spans[i].start < hi; i++ {
		if spans[i].end > f {
			buf = append(buf, rendezvous.Span{Start: time.Unix(0, spans[i].start).UTC(), End: time.Unix(0, spans[i].end).UTC()})
		}
	}
	return buf
}

// Busy is a provider's busy spans as an index holds them: sorted,
// disjoint and read-only, for Iterator.SetBusyFrom.
type Busy struct{ spans []compactSpan }

// Busy returns every span of the provider, without a copy: the index
// replaces a provider's spans, it never changes them in place.
func (x *BusyIndex) Busy(providerID int64) Busy {
	sh := x.shard(providerID)
	sh.mu.RLock()
	spans := sh.m[providerID].spans
	sh.mu.RUnlock()
	return Busy{spans: spans}
}

// Size returns how many providers and spans the index holds.
func (x *BusyIndex) Size() (providers, spans int) {
	for i := range x.shards {
		sh := &x.shards[i]
		sh.mu.RLock()
		for _, e := range sh.m {
			if len(e.spans) > 0 {
				providers++
				spans += len(e.spans)
			}
		}
		sh.mu.RUnlock()
	}
	return providers, spans
}

// NewBuilder starts replacing the whole index with what a read of every
// provider's spans made under ticket returns, without holding any lock
// while the read goes on.
func (x *BusyIndex) NewBuilder(ticket uint64) *BusyBuilder {
	b := &BusyBuilder{x: x, ticket: ticket}
	for i := range b.shards {
		b.shards[i] = map[int64][]compactSpan{}
	}
	return b
}

// BusyBuilder collects a full read of the spans for BusyIndex.NewBuilder.
// It is not safe for concurrent use.
type BusyBuilder struct {
	x      *BusyIndex
	ticket uint64
	shards [busyShards]map[int64][]compactSpan
}

// Add records one span of a provider.
func (b *BusyBuilder) Add(providerID int64, s rendezvous.Span) {
	m := b.shards[uint64(providerID)%busyShards]
	m[providerID] = append(m[providerID], compactSpan{s.Start.UnixNano(), s.End.UnixNano()})
}

// Commit applies the read: every provider takes the spans read (none when
// it had none), except the providers a later read has set since. Each
// shard changes at once, so that no reader sees a provider without the
// spans it had before and has again after.
func (b *BusyBuilder) Commit() {
	for i := range b.shards {
		read := b.shards[i]
		for id, cs := range read {
			read[id] = slices.Clip(sortSpans(cs))
		}
		sh := &b.x.shards[i]
		sh.mu.Lock()
		for id, e := range sh.m {
			if _, ok := read[id]; !ok && e.ticket < b.ticket {
				// Kept with its ticket, empty: an older read must not
				// bring its spans back.
				sh.m[id] = busyEntry{ticket: b.ticket}
			}
		}
		for id, cs := range read {
			if e, ok := sh.m[id]; !ok || e.ticket < b.ticket {
				sh.m[id] = busyEntry{spans: cs, ticket: b.ticket}
			}
		}
		sh.mu.Unlock()
		b.shards[i] = nil
	}
}

// sortSpans sorts a provider's spans by start. The database keeps a
// provider's active bookings from overlapping; were it ever otherwise, the
// overlaps are merged here so that readers can rely on disjoint spans.
func sortSpans(cs []compactSpan) []compactSpan {
	slices.SortFunc(cs, func(a, b compactSpan) int {
		switch {
		case a.start < b.start:
			return -1
		case a.start > b.start:
			return 1
		}
		return 0
	})
	for i := 1; i < len(cs); i++ {
		if cs[i].start < cs[i-1].end {
			return mergeCompact(cs)
		}
	}
	return cs
}

func mergeCompact(cs []compactSpan) []compactSpan {
	out := cs[:1]
	for _, c := range cs[1:] {
		if last := &out[len(out)-1]; c.start <= last.end {
			last.end = max(last.end, c.end)
			continue
		}
		out = append(out, c)
	}
	return out
}
