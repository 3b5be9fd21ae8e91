package rendezvous

import "time"

// DirectoryEntry is one provider with everything attached to it, as
// imported in bulk (the demo directory, a migration from another system).
// Its IDs (provider, services, time off, bookings) are kept as given.
type DirectoryEntry struct {
	Provider Provider
	Hours    WeeklyHours
	TimeOff  []TimeOff
	Bookings []Booking
}

// AdminKey is a stored admin API key: only a public prefix, to find it,
// and a keyed hash of the whole key are kept; the key itself is shown once
// when it is created.
type AdminKey struct {
	ID        int64
	Name      string
	Prefix    string
	Hash      []byte
	CreatedAt time.Time
	RevokedAt *time.Time
}

// Names are the directory's names, for the understanding of messages.
type Names struct {
	Cities    []CityName // the cities with the most providers first, then by name
	Providers []string
}

// CityName is a city of the directory and the time zone of its providers.
type CityName struct {
	Name     string
	TimeZone string
}
