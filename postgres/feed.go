package postgres

import (
	"context"
	"fmt"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/feed"
)

var _ feed.Store = (*Store)(nil)

// PutCalendarFeed creates the provider's feed or replaces its token and
// settings.
func (s *Store) PutCalendarFeed(ctx context.Context, f *feed.Feed) error {
	if _, err := s.pool.Exec(ctx, `INSERT INTO calendar_feeds (provider_id, token_hash, contact_details, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (provider_id) DO UPDATE SET token_hash = excluded.token_hash,
		contact_details = excluded.contact_details, updated_at = excluded.updated_at`,
		f.ProviderID, f.TokenHash, f.ContactDetails, instant(f.CreatedAt), instant(f.UpdatedAt)); err != nil {
		return fmt.Errorf("put calendar feed: %w", translate(err))
	}
	return nil
}

// CalendarFeed returns a provider's feed. Returns ENOTFOUND.
func (s *Store) CalendarFeed(ctx context.Context, providerID int64) (*feed.Feed, error) {
	return s.scanFeed(ctx, `provider_id = $1`, providerID)
}

// CalendarFeedByToken returns the feed of a token's hash. Returns
// ENOTFOUND.
func (s *Store) CalendarFeedByToken(ctx context.Context, tokenHash string) (*feed.Feed, error) {
	return s.scanFeed(ctx, `token_hash = $1`, tokenHash)
}

func (s *Store) scanFeed(ctx context.Context, where string, arg any) (*feed.Feed, error) {
	var f feed.Feed
	err := s.pool.QueryRow(ctx, `SELECT provider_id, token_hash, contact_details, created_at, updated_at
		FROM calendar_feeds WHERE `+where, arg).Scan(&f.ProviderID, &f.TokenHash, &f.ContactDetails, &f.CreatedAt, &f.UpdatedAt)
	if err != nil {
		return nil, notFound(err, "calendar feed")
	}
	return &f, nil
}

// DeleteCalendarFeed revokes a provider's feed. Returns ENOTFOUND.
func (s *Store) DeleteCalendarFeed(ctx context.Context, providerID int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM calendar_feeds WHERE provider_id = $1`, providerID)
	if err != nil {
		return fmt.Errorf("delete calendar feed: %w", translate(err))
	}
	if tag.RowsAffected() == 0 {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "calendar feed not found")
	}
	return nil
}
