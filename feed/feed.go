package feed

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// What a feed lists: the bookings that end after a month ago (a
// calendar that drops the past at once loses the record of who came)
// and start within a year, at most maxEvents of them.
const (
	pastKept  = 30 * 24 * time.Hour
	ahead     = 366 * 24 * time.Hour
	maxEvents = 5000
)

// Bookings gives the feed its provider and bookings.
type Bookings interface {
	// Provider returns a provider. Returns ENOTFOUND.
	Provider(ctx context.Context, id int64) (*rendezvous.Provider, error)
	// Bookings returns the bookings f selects, in time order.
	Bookings(ctx context.Context, f rendezvous.BookingFilter) ([]*rendezvous.Booking, error)
}

// Service makes, revokes and serves the feeds.
type Service struct {
	Store    Store
	Bookings Bookings
	// PublicURL is the base of feed URLs ("https://book.example.com");
	// empty gives paths.
	PublicURL string
	Now       func() time.Time
}

// Issued is a feed just made, with its token, shown once.
type Issued struct {
	*Feed
	Token string
	URL   string
}

// tokenPattern is what a token looks like: 32 bytes in unpadded
// base64url. Anything else is not looked up.
var tokenPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// Issue makes provider providerID's feed, or rotates it: a new token,
// the previous one dead at once. contact nil keeps the current setting
// (off for a new feed). Returns ENOTFOUND for an unknown provider.
func (s *Service) Issue(ctx context.Context, providerID int64, contact *bool) (*Issued, error) {
	if _, err := s.Bookings.Provider(ctx, providerID); err != nil {
		return nil, err
	}
	now := s.now()
	f := &Feed{ProviderID: providerID, CreatedAt: now, UpdatedAt: now}
	if cur, err := s.Store.CalendarFeed(ctx, providerID); err == nil {
		f.CreatedAt, f.ContactDetails = cur.CreatedAt, cur.ContactDetails
	} else if rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
		return nil, err
	}
	if contact != nil {
		f.ContactDetails = *contact
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	f.TokenHash = hashToken(token)
	if err := s.Store.PutCalendarFeed(ctx, f); err != nil {
		return nil, err
	}
	return &Issued{Feed: f, Token: token, URL: s.URL(token)}, nil
}

// SetContactDetails turns the customers' email and phone in provider
// providerID's feed on or off, its URL unchanged. Returns ENOTFOUND.
func (s *Service) SetContactDetails(ctx context.Context, providerID int64, on bool) (*Feed, error) {
	f, err := s.Store.CalendarFeed(ctx, providerID)
	if err != nil {
		return nil, err
	}
	f.ContactDetails, f.UpdatedAt = on, s.now()
	if err := s.Store.PutCalendarFeed(ctx, f); err != nil {
		return nil, err
	}
	return f, nil
}

// Feed returns provider providerID's feed, without its token. Returns
// ENOTFOUND.
func (s *Service) Feed(ctx context.Context, providerID int64) (*Feed, error) {
	return s.Store.CalendarFeed(ctx, providerID)
}

// Revoke deletes provider providerID's feed: its URL answers 404 from
// now on. Returns ENOTFOUND.
func (s *Service) Revoke(ctx context.Context, providerID int64) error {
	return s.Store.DeleteCalendarFeed(ctx, providerID)
}

// Calendar is a rendered feed.
type Calendar struct {
	Body []byte
	// ETag is a strong validator of Body, quoted.
	ETag string
}

// Render returns the calendar of token. Returns ENOTFOUND for a token
// that is malformed, revoked or unknown alike.
func (s *Service) Render(ctx context.Context, token string) (*Calendar, error) {
	if !tokenPattern.MatchString(token) {
		return nil, rendezvous.Errorf(rendezvous.ENOTFOUND, "no such calendar feed")
	}
	f, err := s.Store.CalendarFeedByToken(ctx, hashToken(token))
	if err != nil {
		return nil, err
	}
	p, err := s.Bookings.Provider(ctx, f.ProviderID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	bs, err := s.Bookings.Bookings(ctx, rendezvous.BookingFilter{ProviderID: p.ID, From: now.Add(-pastKept), To: now.Add(ahead),
		ActiveOnly: true, Limit: maxEvents})
	if err != nil {
		return nil, fmt.Errorf("feed of provider %d: %w", p.ID, err)
	}
	body, err := render(p, bs, f.ContactDetails, now)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	return &Calendar{Body: body, ETag: `"` + hex.EncodeToString(sum[:16]) + `"`}, nil
}

// URL is where token's feed is served.
func (s *Service) URL(token string) string {
	return strings.TrimRight(s.PublicURL, "/") + "/v1/feeds/" + token + ".ics"
}

// Matches reports whether an If-None-Match header names etag (RFC 9110:
// a list, weak comparison, or *).
func Matches(ifNoneMatch, etag string) bool {
	for _, v := range strings.Split(ifNoneMatch, ",") {
		v = strings.TrimPrefix(strings.TrimSpace(v), "W/")
		if v == "*" || v == etag {
			return true
		}
	}
	return false
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
