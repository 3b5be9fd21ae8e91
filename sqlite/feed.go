package sqlite

import (
	"context"

	"github.com/rendezvous-oss/rendezvous/feed"
)

var _ feed.Store = (*Store)(nil)

// PutCalendarFeed creates the provider's feed or replaces its token and
// settings.
func (s *Store) PutCalendarFeed(ctx context.Context, f *feed.Feed) error {
	return s.withTx(ctx, func(tx handle) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO calendar_feeds (provider_id, token_hash, contact_details, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (provider_id) DO UPDATE SET token_hash = excluded.token_hash,
			contact_details = excluded.contact_details, updated_at = excluded.updated_at`,
			f.ProviderID, f.TokenHash, f.ContactDetails, unix(f.CreatedAt), unix(f.UpdatedAt))
		return translate(err)
	})
}

// CalendarFeed returns a provider's feed. Returns ENOTFOUND.
func (s *Store) CalendarFeed(ctx context.Context, providerID int64) (*feed.Feed, error) {
	return s.scanFeed(ctx, `provider_id = ?`, providerID)
}

// CalendarFeedByToken returns the feed of a token's hash. Returns
// ENOTFOUND.
func (s *Store) CalendarFeedByToken(ctx context.Context, tokenHash string) (*feed.Feed, error) {
	return s.scanFeed(ctx, `token_hash = ?`, tokenHash)
}

func (s *Store) scanFeed(ctx context.Context, where string, arg any) (*feed.Feed, error) {
	var (
		f                feed.Feed
		created, updated int64
	)
	err := s.reader().QueryRowContext(ctx, `SELECT provider_id, token_hash, contact_details, created_at, updated_at
		FROM calendar_feeds WHERE `+where, arg).Scan(&f.ProviderID, &f.TokenHash, &f.ContactDetails, &created, &updated)
	if err != nil {
		return nil, notFound(err, "calendar feed")
	}
	f.CreatedAt, f.UpdatedAt = fromUnix(created), fromUnix(updated)
	return &f, nil
}

// DeleteCalendarFeed revokes a provider's feed. Returns ENOTFOUND.
func (s *Store) DeleteCalendarFeed(ctx context.Context, providerID int64) error {
	return s.withTx(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM calendar_feeds WHERE provider_id = ?`, providerID)
		if err != nil {
			return translate(err)
		}
		return affected(res, "calendar feed")
	})
}
