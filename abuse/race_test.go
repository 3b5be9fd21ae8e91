//go:build race

package abuse_test

// raceEnabled is true when the suite runs under the race detector; the
// server binary never does, but the test process then spends several times
// more per request, so the biggest scenarios run smaller by default.
const raceEnabled = true
