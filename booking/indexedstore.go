package booking

import (
	"context"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// indexedStore is the desk's store when the desk has an Index: every
// change of a booking made through it refreshes the provider's spans in
// the index before the change returns, so that this instance's next
// proposal already sees it, whichever path made it (the API, a chat turn,
// an erasure).
type indexedStore struct {
	Store
	index *Index
}

// after refreshes the changed provider, or rebuilds the index when the
// change's provider or outcome is unknown.
func (s indexedStore) after(ctx context.Context, b *rendezvous.Booking, err error) {
	switch {
	case b != nil && b.ProviderID != 0:
		s.index.Refresh(ctx, b.ProviderID)
	case outcomeUnknown(err):
		s.index.Rebuild()
	}
}

func (s indexedStore) CreateBooking(ctx context.Context, b *rendezvous.Booking, now time.Time, opts ...WriteOption) error {
	err := s.Store.CreateBooking(ctx, b, now, opts...)
	s.after(ctx, b, err)
	return err
}

func (s indexedStore) CancelBooking(ctx context.Context, id string, version int, now time.Time, opts ...WriteOption) (*rendezvous.Booking, error) {
	b, err := s.Store.CancelBooking(ctx, id, version, now, opts...)
	s.after(ctx, b, err)
	return b, err
}

func (s indexedStore) RescheduleBooking(ctx context.Context, id string, version int, start, now time.Time, opts ...WriteOption) (*rendezvous.Booking, error) {
	b, err := s.Store.RescheduleBooking(ctx, id, version, start, now, opts...)
	if b == nil && err != nil && !outcomeUnknown(err) {
		// A refusal (slot_taken above all) may come from a booking the
		// index does not know yet: read the provider again.
		if old, lerr := s.Store.Booking(ctx, id); lerr == nil {
			b = old
		}
		s.after(ctx, b, err)
		return nil, err
	}
	s.after(ctx, b, err)
	return b, err
}

func (s indexedStore) EraseBooking(ctx context.Context, id string, version int, now time.Time, opts ...WriteOption) (*Erased, error) {
	e, err := s.Store.EraseBooking(ctx, id, version, now, opts...)
	if e != nil && e.Cancelled {
		s.after(ctx, e.Booking, err)
	} else if e == nil {
		s.after(ctx, nil, err)
	}
	return e, err
}

func (s indexedStore) Import(ctx context.Context, entries func(yield func(*rendezvous.DirectoryEntry) bool)) error {
	err := s.Store.Import(ctx, entries)
	s.index.Rebuild()
	return err
}
