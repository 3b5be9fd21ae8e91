package abuse_test

import (
	"sync"
	"time"
)

// memorySampler reads a process's resident memory at an interval until
// stopped, and keeps the largest value read.
type memorySampler struct {
	stop chan struct{}
	done sync.WaitGroup

	mu      sync.Mutex
	max     int64
	samples int
	err     error
}

func sampleMemory(pid int, every time.Duration) *memorySampler {
	m := &memorySampler{stop: make(chan struct{})}
	m.done.Add(1)
	go func() {
		defer m.done.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			m.sample(pid)
			select {
			case <-m.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return m
}

func (m *memorySampler) sample(pid int) {
	rss, _, err := readMemory(pid)
	m.mu.Lock()
	defer m.mu.Unlock()
	if err != nil {
		m.err = err
		return
	}
	m.samples++
	m.max = max(m.max, rss)
}

// Stop stops sampling and returns the largest resident set size read, the
// number of samples, and the last error reading it.
func (m *memorySampler) Stop() (maxRSS int64, samples int, err error) {
	close(m.stop)
	m.done.Wait()
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.max, m.samples, m.err
}

// mib formats a number of bytes in MiB.
func mib(b int64) float64 { return float64(b) / (1 << 20) }
