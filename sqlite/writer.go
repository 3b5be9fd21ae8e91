package sqlite

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// SQLite has one writer, and with synchronous=FULL every commit waits for
// the disk. Bookings that arrive together are therefore written together:
// the first caller to get the write lock becomes the leader and runs every
// waiting booking in one transaction — each checked and inserted in a
// savepoint of its own, so one booking's failure is only its own — and
// commits once. Nobody is told "booked" before that commit returns.

// maxBatch bounds the bookings of one transaction.
const maxBatch = 64

// writeLock is a mutex that a waiting caller can give up on.
type writeLock chan struct{}

func (l writeLock) lock(ctx context.Context) error {
	select {
	case l <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l writeLock) unlock() { <-l }

// pendingBooking is a booking waiting for a leader.
type pendingBooking struct {
	ctx  context.Context
	b    *rendezvous.Booking
	now  time.Time
	opts booking.WriteOptions
	err  error
	done chan struct{}
}

// bookingQueue holds bookings waiting to be written.
type bookingQueue struct {
	mu      sync.Mutex
	pending []*pendingBooking
}

func (q *bookingQueue) push(p *pendingBooking) {
	q.mu.Lock()
	q.pending = append(q.pending, p)
	q.mu.Unlock()
}

// take removes up to n waiting bookings.
func (q *bookingQueue) take(n int) []*pendingBooking {
	q.mu.Lock()
	defer q.mu.Unlock()
	n = min(n, len(q.pending))
	batch := append([]*pendingBooking(nil), q.pending[:n]...)
	q.pending = q.pending[n:]
	return batch
}

// remove takes p out of the queue; false when a leader has it already.
func (q *bookingQueue) remove(p *pendingBooking) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, x := range q.pending {
		if x == p {
			q.pending = append(q.pending[:i], q.pending[i+1:]...)
			return true
		}
	}
	return false
}

// CreateBooking checks and inserts b atomically, in a transaction it may
// share with other bookings arriving at the same time.
func (s *Store) CreateBooking(ctx context.Context, b *rendezvous.Booking, now time.Time, opts ...booking.WriteOption) error {
	p := &pendingBooking{ctx: ctx, b: b, now: now, opts: booking.WriteOptionsOf(opts), done: make(chan struct{})}
	s.queue.push(p)
	for {
		select {
		case <-p.done:
			return p.err
		case s.writeLock <- struct{}{}:
			// Leader: write what waits, ours included unless an earlier
			// leader took it.
			s.writeBatch(s.queue.take(maxBatch))
			s.writeLock.unlock()
		case <-ctx.Done():
			if s.queue.remove(p) {
				return ctx.Err()
			}
			// A leader is writing it: its outcome is the answer.
			<-p.done
			return p.err
		}
	}
}

// writeBatch writes bookings in one transaction and tells each its result.
func (s *Store) writeBatch(batch []*pendingBooking) {
	if len(batch) == 0 {
		return
	}
	defer func() {
		for _, p := range batch {
			close(p.done)
		}
	}()
	// The transaction serves several callers: it must not die with the
	// first one's context, but it is bounded.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		for _, p := range batch {
			p.err = translate(err)
		}
		return
	}
	h := handle{p: s.writeP, tx: tx}
	var written []*pendingBooking
	for i, p := range batch {
		if err := p.ctx.Err(); err != nil {
			p.err = err // the caller gave up before its turn
			continue
		}
		sp := fmt.Sprintf("b%d", i)
		if _, err := h.ExecContext(ctx, `SAVEPOINT `+sp); err != nil {
			p.err = translate(err)
			continue
		}
		if err := s.insertBooking(s.tracedAs(ctx, p.ctx), h, p.b, p.now, p.opts); err != nil {
			p.err = err
			if _, rerr := h.ExecContext(ctx, `ROLLBACK TO `+sp); rerr != nil {
				// The transaction is in an unknown state: fail it whole.
				_ = tx.Rollback()
				for _, q := range batch {
					if q.err == nil {
						q.err = translate(rerr)
					}
				}
				return
			}
		}
		if _, err := h.ExecContext(ctx, `RELEASE `+sp); err != nil && p.err == nil {
			p.err = translate(err)
		}
		if p.err == nil {
			written = append(written, p)
		}
	}
	if err := tx.Commit(); err != nil {
		for _, p := range written {
			p.err = translateCommit(err)
		}
	}
}

// tracedAs returns ctx with the span of caller's context, when tracing is
// on: the statements written for a caller belong to its trace, and so do
// the jobs it enqueues.
func (s *Store) tracedAs(ctx, caller context.Context) context.Context {
	if s.writeP.tracer == nil {
		return ctx
	}
	return trace.ContextWithSpan(ctx, trace.SpanFromContext(caller))
}

// insertBooking checks b's start against the schedule and bookings as of
// now and inserts it, inside tx, with what the options add: the claim and
// record of an idempotency key, and the cap of the customer's bookings.
func (s *Store) insertBooking(ctx context.Context, tx handle, b *rendezvous.Booking, now time.Time, w booking.WriteOptions) error {
	if err := claimKey(ctx, tx, w.Once, now); err != nil {
		return err
	}
	if err := checkUpcoming(ctx, tx, b.Customer, now, w.MaxUpcoming, w.Verified); err != nil {
		return err
	}
	if err := claimOffer(ctx, tx, w.Offer, b.ID, now); err != nil {
		return err
	}
	if err := s.placeBooking(ctx, tx, b, b.Start, now, ""); err != nil {
		return err
	}
	b.Status = rendezvous.StatusBooked
	b.CreatedAt = now.UTC().Truncate(time.Second)
	b.UpdatedAt = b.CreatedAt
	b.CancelledAt = nil
	b.TokenVersion = 1
	b.Language = languageOf(b)
	_, err := tx.ExecContext(ctx, `INSERT INTO bookings (`+bookingColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL, ?)`,
		b.ID, b.ProviderID, b.ServiceID, unix(b.Start), unix(b.End), unix(b.BlockedUntil), string(b.Status),
		b.Customer.Name, b.Customer.Email, b.Customer.Phone, unix(b.CreatedAt), unix(b.UpdatedAt), b.TokenVersion, b.Language)
	if err != nil {
		return translate(err)
	}
	if w.Verified {
		if _, err := tx.ExecContext(ctx, `UPDATE bookings SET email_verified = 1 WHERE id = ?`, b.ID); err != nil {
			return translate(err)
		}
	}
	if err := s.applyJobs(ctx, tx, b.ID, w.PlanOf(b)); err != nil {
		return err
	}
	return recordKey(ctx, tx, w.Once, b, now)
}
