package inmem

// entryList is a doubly linked list of a shard's entries threaded through
// the entries themselves (links[k]), by their places in the shard's slab:
// no list element per session, and no pointer for the collector to follow.
type entryList struct {
	k          int // which of an entry's links this list uses
	head, tail ref
}

// links are an entry's neighbours in one list.
type links struct{ prev, next ref }

func newEntryList(k int) entryList { return entryList{k: k, head: none, tail: none} }

func (l *entryList) front() ref { return l.head }

func (l *entryList) pushBack(slab []entry, r ref) {
	slab[r].links[l.k] = links{prev: l.tail, next: none}
	if l.tail != none {
		slab[l.tail].links[l.k].next = r
	} else {
		l.head = r
	}
	l.tail = r
}

func (l *entryList) remove(slab []entry, r ref) {
	lk := &slab[r].links[l.k]
	if lk.prev != none {
		slab[lk.prev].links[l.k].next = lk.next
	} else {
		l.head = lk.next
	}
	if lk.next != none {
		slab[lk.next].links[l.k].prev = lk.prev
	} else {
		l.tail = lk.prev
	}
	*lk = links{prev: none, next: none}
}

func (l *entryList) moveToBack(slab []entry, r ref) {
	if l.tail == r {
		return
	}
	l.remove(slab, r)
	l.pushBack(slab, r)
}
