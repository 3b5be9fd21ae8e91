package rendezvous

import "time"

// Slot is a free time at which a service of a provider can be booked.
type Slot struct {
	ProviderID   int64
	ProviderName string
	ServiceID    int64
	Start        time.Time // in the provider's time zone
	End          time.Time
}

// Span is a half-open interval of instants [Start, End).
type Span struct {
	Start time.Time
	End   time.Time
}

// Overlaps reports whether two half-open spans share any instant.
func (s Span) Overlaps(o Span) bool {
	return s.Start.Before(o.End) && o.Start.Before(s.End)
}
