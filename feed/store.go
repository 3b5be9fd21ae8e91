package feed

import (
	"context"
	"time"
)

// Feed is a provider's calendar feed: who may read it (the holder of the
// token whose hash is kept) and what it shows.
type Feed struct {
	ProviderID int64
	// TokenHash is the hex SHA-256 of the URL's token: the token itself
	// is shown once, when made, and kept nowhere.
	TokenHash string
	// ContactDetails shows the customers' email and phone in the events;
	// off unless the operator turns it on.
	ContactDetails bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Store keeps the feeds.
type Store interface {
	// PutCalendarFeed creates the provider's feed or replaces it (a new
	// token, the old one dead at once).
	PutCalendarFeed(ctx context.Context, f *Feed) error
	// CalendarFeed returns a provider's feed. Returns ENOTFOUND.
	CalendarFeed(ctx context.Context, providerID int64) (*Feed, error)
	// CalendarFeedByToken returns the feed of a token's hash. Returns
	// ENOTFOUND.
	CalendarFeedByToken(ctx context.Context, tokenHash string) (*Feed, error)
	// DeleteCalendarFeed revokes a provider's feed. Returns ENOTFOUND.
	DeleteCalendarFeed(ctx context.Context, providerID int64) error
}
