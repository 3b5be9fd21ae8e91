package booking

import (
	"context"
	"fmt"
	"time"
)

// RetentionPolicy says how long personal data and audit entries are kept.
// Zero fields mean the defaults: retention cannot be switched off by
// omission.
type RetentionPolicy struct {
	// Past is how long after its appointment ended an active booking
	// keeps its customer's name, email and phone (365 days).
	Past time.Duration
	// Cancelled is how long after its cancellation a cancelled booking
	// keeps them (30 days).
	Cancelled time.Duration
	// Audit is how long audit entries are kept (400 days).
	Audit time.Duration
	// Batch bounds the rows of one statement (500), so that a run never
	// holds the database for long; MaxBatches bounds the statements of
	// each kind in one run (20): a backlog drains over several runs.
	Batch      int
	MaxBatches int
}

// DefaultRetention is the policy of a server without configuration.
func DefaultRetention() RetentionPolicy {
	return RetentionPolicy{Past: 365 * 24 * time.Hour, Cancelled: 30 * 24 * time.Hour, Audit: 400 * 24 * time.Hour, Batch: 500, MaxBatches: 20}
}

// RetentionReport counts what one run of the retention removed.
type RetentionReport struct {
	Anonymised
	AuditEntries int
}

// ApplyRetention anonymises the bookings whose personal data the policy
// no longer allows to keep, as of the desk's clock, and deletes old audit
// entries, in bounded batches. Several instances may run it at once.
func (d *Desk) ApplyRetention(ctx context.Context, p RetentionPolicy) (RetentionReport, error) {
	p = p.withDefaults()
	now := d.now()
	cut := RetentionCut{Ended: now.Add(-p.Past), Cancelled: now.Add(-p.Cancelled)}
	var rep RetentionReport
	for range p.MaxBatches {
		if cut.Ended.IsZero() && cut.Cancelled.IsZero() {
			break
		}
		n, err := d.store.AnonymiseBookings(ctx, cut, p.Batch, now)
		rep.Past += n.Past
		rep.Cancelled += n.Cancelled
		if err != nil {
			return rep, fmt.Errorf("retention: anonymise bookings: %w", err)
		}
		// A kind whose batch was not full is done for this run.
		if n.Past < p.Batch {
			cut.Ended = time.Time{}
		}
		if n.Cancelled < p.Batch {
			cut.Cancelled = time.Time{}
		}
	}
	for range p.MaxBatches {
		n, err := d.store.DeleteAuditEntries(ctx, now.Add(-p.Audit), p.Batch)
		rep.AuditEntries += n
		if err != nil {
			return rep, fmt.Errorf("retention: delete audit entries: %w", err)
		}
		if n < p.Batch {
			break
		}
	}
	return rep, nil
}

func (p RetentionPolicy) withDefaults() RetentionPolicy {
	def := DefaultRetention()
	set := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	set(&p.Past, def.Past)
	set(&p.Cancelled, def.Cancelled)
	set(&p.Audit, def.Audit)
	if p.Batch <= 0 {
		p.Batch = def.Batch
	}
	if p.MaxBatches <= 0 {
		p.MaxBatches = def.MaxBatches
	}
	return p
}
