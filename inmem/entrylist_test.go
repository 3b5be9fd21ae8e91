package inmem

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestEntryListAsSlice runs random pushes, removals and moves on both of
// an entry's lists, with slots of the slab freed and reused, and checks
// each list, front to back and back to front, against a slice doing the
// same.
func TestEntryListAsSlice(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	sh := newShard()
	var models [2][]ref
	var live []ref
	for step := range 20000 {
		switch op := rng.IntN(4); {
		case op <= 1 || len(live) == 0:
			r := sh.alloc()
			live = append(live, r)
			for k, l := range sh.lists() {
				l.pushBack(&sh.slab, r)
				models[k] = append(models[k], r)
			}
		case op == 2:
			i := rng.IntN(len(live))
			r := live[i]
			live = slices.Delete(live, i, i+1)
			for k, l := range sh.lists() {
				l.remove(&sh.slab, r)
				models[k] = slices.DeleteFunc(models[k], func(x ref) bool { return x == r })
			}
			sh.release(r)
		default:
			r, k := live[rng.IntN(len(live))], rng.IntN(2)
			sh.lists()[k].moveToBack(&sh.slab, r)
			models[k] = append(slices.DeleteFunc(models[k], func(x ref) bool { return x == r }), r)
		}
		for k, l := range sh.lists() {
			var forward, backward []ref
			for r := l.front(); r != none; r = sh.slab.at(r).links[k].next {
				forward = append(forward, r)
			}
			for r := l.tail; r != none; r = sh.slab.at(r).links[k].prev {
				backward = append(backward, r)
			}
			slices.Reverse(backward)
			if !slices.Equal(forward, models[k]) || !slices.Equal(backward, models[k]) {
				t.Fatalf("step %d, list %d: %d entries forward, %d backward, want %d", step, k, len(forward), len(backward), len(models[k]))
			}
		}
	}
	if int(sh.slab.n) > 2*len(live)+64 {
		t.Errorf("%d slots for %d live entries: freed slots are not reused", sh.slab.n, len(live))
	}
}
