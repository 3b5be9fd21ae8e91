package dialogue_test

import (
	"os"
	"sync"
	"testing"

	"github.com/rendezvous-oss/rendezvous/conversations"
)

// The tests of this package run in the conversation suite's world: the
// demo directory as of a pinned Monday morning in Paris.
var (
	now       = conversations.Now()
	worldOnce sync.Once
	theWorld  *conversations.World
	worldErr  error
)

func getWorld(t testing.TB) *conversations.World {
	t.Helper()
	worldOnce.Do(func() { theWorld, worldErr = conversations.NewWorld(t.Context(), nil) })
	if worldErr != nil {
		t.Fatal(worldErr)
	}
	return theWorld
}

func TestMain(m *testing.M) {
	code := m.Run()
	if theWorld != nil {
		theWorld.Close()
	}
	os.Exit(code)
}
