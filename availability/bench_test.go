package availability_test

import (
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/availability"
)

// BenchmarkSlots30Days measures one provider's free slots over 30 days:
// weekday hours with a lunch break, Saturday mornings, 15-minute steps,
// about 40% of the time booked.
func BenchmarkSlots30Days(b *testing.B) {
	paris := mustLoc(b, "Europe/Paris")
	hours := weekdays("09:00", "12:30", "14:00", "19:00")
	hours = append(hours, rendezvous.OpeningInterval{Weekday: time.Saturday, Start: clock("09:00"), End: clock("12:00")})
	sch := rendezvous.Schedule{Location: paris, Hours: hours, Policy: rendezvous.BookingPolicy{SlotStep: 15 * time.Minute, Buffer: 5 * time.Minute, MinNotice: 2 * time.Hour, Horizon: 90 * 24 * time.Hour}}
	from := time.Date(2026, 11, 23, 0, 0, 0, 0, paris)
	var busy []rendezvous.Span
	for d := 0; d < 30; d++ {
		day := from.AddDate(0, 0, d)
		for _, h := range []int{9, 11, 14, 16, 17} {
			s := day.Add(time.Duration(h) * time.Hour)
			busy = append(busy, rendezvous.Span{Start: s, End: s.Add(50 * time.Minute)})
		}
	}
	q := availability.Query{Duration: 30 * time.Minute, From: from, To: from.AddDate(0, 0, 30), Now: from.Add(-time.Hour)}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(availability.Slots(&sch, q, busy, 0))
	}
	b.ReportMetric(float64(n), "slots")
}
