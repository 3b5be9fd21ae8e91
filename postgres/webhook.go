package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/webhook"
)

var _ webhook.Store = (*Store)(nil)

// endpointEvents converts events to the text[] column.
func endpointEvents(es []webhook.EventType) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = string(e)
	}
	return out
}

// CreateWebhookEndpoint stores a new endpoint.
func (s *Store) CreateWebhookEndpoint(ctx context.Context, ep *webhook.Endpoint) error {
	if _, err := s.pool.Exec(ctx, `INSERT INTO webhook_endpoints (id, url, description, provider_ids, events, secret,
		previous_secret, previous_expires_at, disabled_at, disabled_reason, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, ep.ID, ep.URL, ep.Description, append([]int64{}, ep.ProviderIDs...),
		endpointEvents(ep.Events), ep.Secret, ep.PreviousSecret, optInstant(ep.PreviousExpiresAt), optInstant(ep.DisabledAt),
		ep.DisabledReason, instant(ep.CreatedAt), instant(ep.UpdatedAt)); err != nil {
		return fmt.Errorf("create webhook endpoint: %w", translate(err))
	}
	return nil
}

const endpointColumns = `id, url, description, provider_ids, events, secret, previous_secret, previous_expires_at,
	disabled_at, disabled_reason, created_at, updated_at, last_success_at`

func scanEndpoint(row pgx.Row) (*webhook.Endpoint, error) {
	var (
		ep     webhook.Endpoint
		events []string
	)
	if err := row.Scan(&ep.ID, &ep.URL, &ep.Description, &ep.ProviderIDs, &events, &ep.Secret, &ep.PreviousSecret, &ep.PreviousExpiresAt,
		&ep.DisabledAt, &ep.DisabledReason, &ep.CreatedAt, &ep.UpdatedAt, &ep.LastSuccessAt); err != nil {
		return nil, err
	}
	if len(ep.ProviderIDs) == 0 {
		ep.ProviderIDs = nil
	}
	for _, e := range events {
		ep.Events = append(ep.Events, webhook.EventType(e))
	}
	return &ep, nil
}

// WebhookEndpoint returns an endpoint. Returns ENOTFOUND.
func (s *Store) WebhookEndpoint(ctx context.Context, id string) (*webhook.Endpoint, error) {
	ep, err := scanEndpoint(s.pool.QueryRow(ctx, `SELECT `+endpointColumns+` FROM webhook_endpoints WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "webhook endpoint %s", id)
	}
	return ep, nil
}

// WebhookEndpoints returns every endpoint, oldest first.
func (s *Store) WebhookEndpoints(ctx context.Context) ([]*webhook.Endpoint, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+endpointColumns+` FROM webhook_endpoints ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("webhook endpoints: %w", translate(err))
	}
	defer rows.Close()
	var out []*webhook.Endpoint
	for rows.Next() {
		ep, err := scanEndpoint(rows)
		if err != nil {
			return nil, fmt.Errorf("webhook endpoints: %w", translate(err))
		}
		out = append(out, ep)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("webhook endpoints: %w", translate(err))
	}
	return out, nil
}

// UpdateWebhookEndpoint writes ep over the stored endpoint. Returns
// ENOTFOUND.
func (s *Store) UpdateWebhookEndpoint(ctx context.Context, ep *webhook.Endpoint) error {
	tag, err := s.pool.Exec(ctx, `UPDATE webhook_endpoints SET url = $2, description = $3, provider_ids = $4, events = $5,
		secret = $6, previous_secret = $7, previous_expires_at = $8, disabled_at = $9, disabled_reason = $10, updated_at = $11
		WHERE id = $1`, ep.ID, ep.URL, ep.Description, append([]int64{}, ep.ProviderIDs...), endpointEvents(ep.Events), ep.Secret,
		ep.PreviousSecret, optInstant(ep.PreviousExpiresAt), optInstant(ep.DisabledAt), ep.DisabledReason, instant(ep.UpdatedAt))
	if err != nil {
		return fmt.Errorf("update webhook endpoint: %w", translate(err))
	}
	if tag.RowsAffected() == 0 {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "webhook endpoint %s not found", ep.ID)
	}
	return nil
}

// DeleteWebhookEndpoint deletes an endpoint, its deliveries and their
// attempts. Returns ENOTFOUND.
func (s *Store) DeleteWebhookEndpoint(ctx context.Context, id string) error {
	return s.inTx(ctx, nil, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = $1)`, id); err != nil {
			return fmt.Errorf("delete webhook attempts: %w", translate(err))
		}
		if _, err := tx.Exec(ctx, `DELETE FROM webhook_deliveries WHERE endpoint_id = $1`, id); err != nil {
			return fmt.Errorf("delete webhook deliveries: %w", translate(err))
		}
		tag, err := tx.Exec(ctx, `DELETE FROM webhook_endpoints WHERE id = $1`, id)
		if err != nil {
			return fmt.Errorf("delete webhook endpoint: %w", translate(err))
		}
		if tag.RowsAffected() == 0 {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "webhook endpoint %s not found", id)
		}
		return nil
	})
}

// CreateWebhookDeliveries stores the deliveries that do not exist yet and
// a job for each, in one transaction, and returns how many were new.
func (s *Store) CreateWebhookDeliveries(ctx context.Context, ds []*webhook.Delivery, jobOf func(*webhook.Delivery) booking.Job) (int, error) {
	var n int
	err := s.inTx(ctx, nil, func(tx pgx.Tx) error {
		var jobs []booking.Job
		for _, d := range ds {
			tag, err := tx.Exec(ctx, `INSERT INTO webhook_deliveries (id, endpoint_id, event, booking_id, payload, state, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
				d.ID, d.EndpointID, string(d.Event), d.BookingID, d.Payload, string(d.State), instant(d.CreatedAt))
			if err != nil {
				return fmt.Errorf("create webhook delivery: %w", translate(err))
			}
			if tag.RowsAffected() == 1 {
				jobs = append(jobs, jobOf(d))
			}
		}
		if _, err := s.jobs.InsertTx(ctx, tx, jobs); err != nil {
			return fmt.Errorf("webhook jobs: %w", translate(err))
		}
		n = len(jobs)
		return nil
	})
	return n, err
}

const deliveryColumns = `id, endpoint_id, event, booking_id, payload, state, attempts, created_at, last_attempt_at,
	last_status, last_error, delivered_at`

func scanDelivery(row pgx.Row) (*webhook.Delivery, error) {
	var d webhook.Delivery
	if err := row.Scan(&d.ID, &d.EndpointID, &d.Event, &d.BookingID, &d.Payload, &d.State, &d.Attempts, &d.CreatedAt, &d.LastAttemptAt,
		&d.LastStatus, &d.LastError, &d.DeliveredAt); err != nil {
		return nil, err
	}
	return &d, nil
}

// WebhookDelivery returns a delivery. Returns ENOTFOUND.
func (s *Store) WebhookDelivery(ctx context.Context, id string) (*webhook.Delivery, error) {
	d, err := scanDelivery(s.pool.QueryRow(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "webhook delivery %s", id)
	}
	return d, nil
}

// WebhookDeliveries returns a page of an endpoint's deliveries, newest
// first.
func (s *Store) WebhookDeliveries(ctx context.Context, p webhook.DeliveryPage) ([]*webhook.Delivery, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE endpoint_id = $1
		AND ($2 = '' OR (created_at, id) < (SELECT created_at, id FROM webhook_deliveries WHERE id = $2))
		ORDER BY created_at DESC, id DESC LIMIT $3`, p.EndpointID, p.Before, p.Limit)
	if err != nil {
		return nil, fmt.Errorf("webhook deliveries: %w", translate(err))
	}
	defer rows.Close()
	var out []*webhook.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("webhook deliveries: %w", translate(err))
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("webhook deliveries: %w", translate(err))
	}
	return out, nil
}

// RecordWebhookAttempt logs attempt a and sets its delivery's state.
// Returns ENOTFOUND when the delivery is gone.
func (s *Store) RecordWebhookAttempt(ctx context.Context, a webhook.Attempt, state webhook.DeliveryState) error {
	return s.inTx(ctx, nil, func(tx pgx.Tx) error {
		var delivered *time.Time
		if a.OK() {
			t := instant(a.At)
			delivered = &t
		}
		tag, err := tx.Exec(ctx, `UPDATE webhook_deliveries SET state = $2, attempts = attempts + 1, last_attempt_at = $3,
			last_status = $4, last_error = $5, delivered_at = coalesce($6, delivered_at) WHERE id = $1`,
			a.DeliveryID, string(state), instant(a.At), a.Status, a.Error, delivered)
		if err != nil {
			return fmt.Errorf("record webhook attempt: %w", translate(err))
		}
		if tag.RowsAffected() == 0 {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "webhook delivery %s not found", a.DeliveryID)
		}
		// The delivery's row lock (above) orders the attempts of one
		// delivery: max(n) + 1 cannot be taken twice.
		if _, err := tx.Exec(ctx, `INSERT INTO webhook_attempts (delivery_id, n, at, status, error, duration_ms)
			SELECT $1, coalesce(max(n), 0) + 1, $2, $3, $4, $5 FROM webhook_attempts WHERE delivery_id = $1`,
			a.DeliveryID, instant(a.At), a.Status, a.Error, a.Duration.Milliseconds()); err != nil {
			return fmt.Errorf("record webhook attempt: %w", translate(err))
		}
		if a.OK() {
			if _, err := tx.Exec(ctx, `UPDATE webhook_endpoints SET last_success_at = $2
				WHERE id = (SELECT endpoint_id FROM webhook_deliveries WHERE id = $1)`, a.DeliveryID, instant(a.At)); err != nil {
				return fmt.Errorf("record webhook success: %w", translate(err))
			}
		}
		return nil
	})
}

// SkipWebhookDelivery marks a pending delivery skipped.
func (s *Store) SkipWebhookDelivery(ctx context.Context, id string) error {
	if _, err := s.pool.Exec(ctx, `UPDATE webhook_deliveries SET state = 'skipped' WHERE id = $1 AND state = 'pending'`, id); err != nil {
		return fmt.Errorf("skip webhook delivery: %w", translate(err))
	}
	return nil
}

// WebhookAttempts returns a delivery's attempts, oldest first.
func (s *Store) WebhookAttempts(ctx context.Context, deliveryID string) ([]webhook.Attempt, error) {
	rows, err := s.pool.Query(ctx, `SELECT at, status, error, duration_ms FROM webhook_attempts WHERE delivery_id = $1 ORDER BY n`, deliveryID)
	if err != nil {
		return nil, fmt.Errorf("webhook attempts: %w", translate(err))
	}
	defer rows.Close()
	var out []webhook.Attempt
	for rows.Next() {
		a := webhook.Attempt{DeliveryID: deliveryID}
		var ms int64
		if err := rows.Scan(&a.At, &a.Status, &a.Error, &ms); err != nil {
			return nil, fmt.Errorf("webhook attempts: %w", translate(err))
		}
		a.Duration = time.Duration(ms) * time.Millisecond
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("webhook attempts: %w", translate(err))
	}
	return out, nil
}

// DisableFailingWebhookEndpoint disables an enabled endpoint that has
// accepted nothing since since.
func (s *Store) DisableFailingWebhookEndpoint(ctx context.Context, id string, since, now time.Time) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE webhook_endpoints SET disabled_at = $2, disabled_reason = $3, updated_at = $2
		WHERE id = $1 AND disabled_at IS NULL AND (last_success_at IS NULL OR last_success_at < $4)`,
		id, instant(now), webhook.DisabledFailing, instant(since))
	if err != nil {
		return false, fmt.Errorf("disable webhook endpoint: %w", translate(err))
	}
	return tag.RowsAffected() > 0, nil
}

// ReplayWebhookDelivery makes a delivery pending again and enqueues job,
// in one transaction. Returns ENOTFOUND.
func (s *Store) ReplayWebhookDelivery(ctx context.Context, id string, job booking.Job) error {
	return s.inTx(ctx, nil, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE webhook_deliveries SET state = 'pending' WHERE id = $1`, id)
		if err != nil {
			return fmt.Errorf("replay webhook delivery: %w", translate(err))
		}
		if tag.RowsAffected() == 0 {
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "webhook delivery %s not found", id)
		}
		if _, err := s.jobs.InsertTx(ctx, tx, []booking.Job{job}); err != nil {
			return fmt.Errorf("replay webhook delivery: %w", translate(err))
		}
		return nil
	})
}

// SweepWebhookDeliveries deletes the deliveries made before before and
// no longer pending, with their attempts.
func (s *Store) SweepWebhookDeliveries(ctx context.Context, before time.Time) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `WITH gone AS (DELETE FROM webhook_deliveries WHERE created_at < $1 AND state <> 'pending' RETURNING id),
		attempts AS (DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM gone))
		SELECT count(*) FROM gone`, instant(before)).Scan(&n); err != nil {
		return 0, fmt.Errorf("sweep webhook deliveries: %w", translate(err))
	}
	return n, nil
}

// WebhookStats counts pending deliveries and disabled endpoints.
func (s *Store) WebhookStats(ctx context.Context) (webhook.Stats, error) {
	var st webhook.Stats
	if err := s.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM webhook_deliveries WHERE state = 'pending'),
		(SELECT count(*) FROM webhook_endpoints WHERE disabled_at IS NOT NULL)`).Scan(&st.Pending, &st.Disabled); err != nil {
		return st, fmt.Errorf("webhook stats: %w", translate(err))
	}
	return st, nil
}
