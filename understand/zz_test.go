package understand_test

import (
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/understand"
)

func BenchmarkZZChat(b *testing.B) {
	u := benchUnderstander()
	c := understand.Context{Now: time.Date(2019, 3, 1, 10, 0, 0, 0, time.UTC)}
	b.ReportAllocs()
	for b.Loop() {
		u.Understand(c, "I need a dentist in Lyon tomorrow morning")
	}
}
