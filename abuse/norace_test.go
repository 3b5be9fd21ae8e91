//go:build !race

package abuse_test

// raceEnabled is true when the suite runs under the race detector; see
// race_test.go.
const raceEnabled = false
