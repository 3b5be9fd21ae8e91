package conversations

import "testing"

// SharedWorld is the world the package's tests share, for its external
// tests (the fuzz target): building one takes a second, a minute under
// the race detector.
func SharedWorld(t testing.TB) *World { return getWorld(t) }
