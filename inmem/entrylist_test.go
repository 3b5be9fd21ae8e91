package inmem

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestEntryListAsSlice runs random pushes, removals and moves on both of
// an entry's lists and checks each, front to back and back to front,
// against a slice doing the same.
func TestEntryListAsSlice(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	lists := [2]entryList{{k: 0}, {k: 1}}
	var models [2][]*entry
	var live []*entry
	for step := range 20000 {
		switch op := rng.IntN(4); {
		case op <= 1 || len(live) == 0:
			e := &entry{}
			live = append(live, e)
			for k := range lists {
				lists[k].pushBack(e)
				models[k] = append(models[k], e)
			}
		case op == 2:
			i := rng.IntN(len(live))
			e := live[i]
			live = slices.Delete(live, i, i+1)
			for k := range lists {
				lists[k].remove(e)
				models[k] = slices.DeleteFunc(models[k], func(x *entry) bool { return x == e })
			}
		default:
			e, k := live[rng.IntN(len(live))], rng.IntN(2)
			lists[k].moveToBack(e)
			models[k] = append(slices.DeleteFunc(models[k], func(x *entry) bool { return x == e }), e)
		}
		for k := range lists {
			var forward, backward []*entry
			for e := lists[k].front(); e != nil; e = e.links[k].next {
				forward = append(forward, e)
			}
			for e := lists[k].tail; e != nil; e = e.links[k].prev {
				backward = append(backward, e)
			}
			slices.Reverse(backward)
			if !slices.Equal(forward, models[k]) || !slices.Equal(backward, models[k]) {
				t.Fatalf("step %d, list %d: %d entries forward, %d backward, want %d", step, k, len(forward), len(backward), len(models[k]))
			}
		}
	}
}
