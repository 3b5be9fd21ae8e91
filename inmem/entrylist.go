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

func (l *entryList) pushBack(s *slab, r ref) {
	s.at(r).links[l.k] = links{prev: l.tail, next: none}
	if l.tail != none {
		s.at(l.tail).links[l.k].next = r
	} else {
		l.head = r
	}
	l.tail = r
}

func (l *entryList) remove(s *slab, r ref) {
	lk := &s.at(r).links[l.k]
	if lk.prev != none {
		s.at(lk.prev).links[l.k].next = lk.next
	} else {
		l.head = lk.next
	}
	if lk.next != none {
		s.at(lk.next).links[l.k].prev = lk.prev
	} else {
		l.tail = lk.prev
	}
	*lk = links{prev: none, next: none}
}

func (l *entryList) moveToBack(s *slab, r ref) {
	if l.tail == r {
		return
	}
	l.remove(s, r)
	l.pushBack(s, r)
}

// slab holds a shard's entries in pages of pageSize, so that a growing
// shard never copies its entries (under its lock) nor keeps room for as
// many again.
type slab struct {
	pages []*[pageSize]entry
	n     ref // slots handed out so far
}

const pageSize = 64

func (s *slab) at(r ref) *entry { return &s.pages[r/pageSize][r%pageSize] }

// grow returns a new slot, adding a page when the last is full.
func (s *slab) grow() ref {
	if int(s.n) == len(s.pages)*pageSize {
		s.pages = append(s.pages, new([pageSize]entry))
	}
	s.n++
	return s.n - 1
}
