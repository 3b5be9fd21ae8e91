package abuse_test

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
)

// parallel runs job(0) … job(n-1) on the given number of goroutines and
// waits for them.
func parallel(workers, n int, job func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				job(i)
			}
		}()
	}
	wg.Wait()
}

// failures collects the errors of concurrent jobs, keeping the first few.
type failures struct {
	mu    sync.Mutex
	n     int
	first []string
}

func (f *failures) Add(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	if len(f.first) < 10 {
		f.first = append(f.first, fmt.Sprintf(format, args...))
	}
}

// Err returns nil, or an error counting the failures and quoting the
// first.
func (f *failures) Err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == 0 {
		return nil
	}
	return fmt.Errorf("%d failures, first:\n  %s", f.n, strings.Join(f.first, "\n  "))
}

// tally counts answers by a label such as "201" or "429 too_many_sessions".
type tally struct {
	mu sync.Mutex
	m  map[string]int
}

func (t *tally) Add(label string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]int{}
	}
	t.m[label]++
}

func (t *tally) Get(label string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.m[label]
}

func (t *tally) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return fmt.Sprint(t.m)
}
