package inmem

// entryList is a doubly linked list of a shard's entries threaded through
// the entries themselves (links[k]): each stored session is then one
// object fewer per list than with container/list's elements, and every
// collection marks the sessions under way, so fewer objects make every
// mark of a busy server shorter.
type entryList struct {
	k          int // which of an entry's links this list uses
	head, tail *entry
}

// links are an entry's neighbours in one list.
type links struct{ prev, next *entry }

func (l *entryList) front() *entry { return l.head }

func (l *entryList) pushBack(e *entry) {
	e.links[l.k] = links{prev: l.tail}
	if l.tail != nil {
		l.tail.links[l.k].next = e
	} else {
		l.head = e
	}
	l.tail = e
}

func (l *entryList) remove(e *entry) {
	lk := &e.links[l.k]
	if lk.prev != nil {
		lk.prev.links[l.k].next = lk.next
	} else {
		l.head = lk.next
	}
	if lk.next != nil {
		lk.next.links[l.k].prev = lk.prev
	} else {
		l.tail = lk.prev
	}
	*lk = links{}
}

func (l *entryList) moveToBack(e *entry) {
	if l.tail == e {
		return
	}
	l.remove(e)
	l.pushBack(e)
}
