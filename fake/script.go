package fake

import (
	"fmt"
	"sync"
)

// Script decides the answer to each request a fake model server receives.
// It may be called from several goroutines at once. An error fails the
// test (the server then answers 400 invalid_request_error).
type Script func(req Request) (Reply, error)

// Sequence answers the n-th request with the n-th reply, and fails the
// test when called once more.
func Sequence(replies ...Reply) Script {
	var mu sync.Mutex
	next := 0
	return func(Request) (Reply, error) {
		mu.Lock()
		defer mu.Unlock()
		if next >= len(replies) {
			next++
			return Reply{}, fmt.Errorf("fake: a sequence of %d replies was called %d times", len(replies), next)
		}
		r := replies[next]
		next++
		return r, nil
	}
}

// Always answers every request with r.
func Always(r Reply) Script {
	return func(Request) (Reply, error) { return r, nil }
}
