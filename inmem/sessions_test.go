package inmem_test

import (
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/chat"
	"github.com/rendezvous-oss/rendezvous/inmem"
	"github.com/rendezvous-oss/rendezvous/sessiontest"
)

func TestContract(t *testing.T) {
	sessiontest.Run(t, func(t *testing.T, l rendezvous.SessionLimits, now func() time.Time) chat.SessionStore {
		return inmem.NewSessions(l, now)
	})
}
