package main

import (
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// gcPercent is the garbage collector's target (GOGC) when the operator
// sets neither GOGC nor GOMEMLIMIT. A server's live heap is small (tens
// of MiB: the directory's caches, the availability index, the sessions
// under way) while a chat turn allocates tens of KiB, so with Go's
// default of 100 the collector ran every few hundred milliseconds under
// load; its marking (assists, write barriers, a quarter of the CPU) is in
// the way of the requests that run meanwhile. 400 collects a quarter as
// often: on the load script's first chat turn, 15% less CPU per turn and
// 4 times fewer collections (docs/benchmarks.md).
const gcPercent = 400

// gcMemoryLimit is the soft memory limit set with gcPercent, so that the
// heap a larger GOGC lets grow stays bounded: twice the session store's
// budget (the largest thing the process holds) plus 128 MiB, about the
// heap Go's default let a server with a full store reach, and at most 80%
// of the container's memory (cgroup v2 memory.max) when there is one.
// Near it the collector runs as often as it must.
func gcMemoryLimit(sessionsMaxBytes int64, cgroupMax int64) int64 {
	limit := 2*sessionsMaxBytes + 128<<20
	if cgroupMax > 0 {
		limit = min(limit, cgroupMax/10*8)
	}
	return limit
}

// cgroupMemoryMax reads the memory bound of the process's cgroup (v2);
// 0 when there is none or it cannot be read.
func cgroupMemoryMax() int64 {
	b, err := os.ReadFile("/sys/fs/cgroup/memory.max")
	if err != nil {
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64) // "max" when unbounded
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// tuneGC sets the collector's target and memory limit, unless the
// operator set either with GOGC or GOMEMLIMIT (which then apply as Go
// reads them). It returns what it set, for the start-up log.
func tuneGC(getenv func(string) string, sessionsMaxBytes int64) []slog.Attr {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return []slog.Attr{slog.String("gc", "GOGC/GOMEMLIMIT from the environment")}
	}
	limit := gcMemoryLimit(sessionsMaxBytes, cgroupMemoryMax())
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(limit)
	return []slog.Attr{slog.Int("gc_percent", gcPercent), slog.Int64("gc_memory_limit_mib", limit>>20)}
}
