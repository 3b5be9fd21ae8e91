package main

import (
	"runtime/debug"
	"testing"
)

func TestGCMemoryLimit(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		sessions, cgroup, want int64
	}{
		{256 * mib, 0, 640 * mib},                  // the default budget, no container bound
		{1024 * mib, 0, 2176 * mib},                // a larger budget
		{256 * mib, 512 * mib, 512 * mib / 10 * 8}, // a small container: 80% of it
		{256 * mib, 8192 * mib, 640 * mib},         // a large container: the budget's bound
	} {
		if got := gcMemoryLimit(tc.sessions, tc.cgroup); got != tc.want {
			t.Errorf("gcMemoryLimit(%d MiB, %d MiB) = %d MiB, want %d MiB", tc.sessions/mib, tc.cgroup/mib, got/mib, tc.want/mib)
		}
	}
}

// TestTuneGC checks that the collector's settings are set by default and
// left alone when the operator set GOGC or GOMEMLIMIT.
func TestTuneGC(t *testing.T) {
	prevPercent, prevLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetGCPercent(prevPercent); debug.SetMemoryLimit(prevLimit) })
	for _, tc := range []struct {
		env         map[string]string
		wantPercent int
		wantLimit   int64
	}{
		{map[string]string{}, gcPercent, gcMemoryLimit(256<<20, cgroupMemoryMax())},
		{map[string]string{"GOGC": "100"}, 100, 1<<63 - 1},
		{map[string]string{"GOMEMLIMIT": "1GiB"}, 100, 1<<63 - 1},
		{map[string]string{"GOGC": "off", "GOMEMLIMIT": "1GiB"}, 100, 1<<63 - 1},
	} {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(1<<63 - 1)
		tuneGC(func(k string) string { return tc.env[k] }, 256<<20)
		if got := debug.SetGCPercent(100); got != tc.wantPercent {
			t.Errorf("%v: GC percent %d, want %d", tc.env, got, tc.wantPercent)
		}
		if got := debug.SetMemoryLimit(-1); got != tc.wantLimit {
			t.Errorf("%v: memory limit %d, want %d", tc.env, got, tc.wantLimit)
		}
	}
}
