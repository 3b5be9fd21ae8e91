package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/webhook"
)

var _ webhook.Store = (*Store)(nil)

// affected turns a statement that changed no row into ENOTFOUND.
func affected(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return translate(err)
	}
	if n == 0 {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "%s not found", what)
	}
	return nil
}

// optUnix is unix for a nullable column.
func optUnix(t *time.Time) any {
	if t == nil {
		return nil
	}
	return unix(*t)
}

// optFromUnix is fromUnix for a nullable column.
func optFromUnix(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromUnix(v.Int64)
	return &t
}

// CreateWebhookEndpoint stores a new endpoint.
func (s *Store) CreateWebhookEndpoint(ctx context.Context, ep *webhook.Endpoint) error {
	providers, events, err := endpointLists(ep)
	if err != nil {
		return err
	}
	return s.withTx(ctx, func(tx handle) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO webhook_endpoints (id, url, description, provider_ids, events, secret,
			previous_secret, previous_expires_at, disabled_at, disabled_reason, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ep.ID, ep.URL, ep.Description, providers, events, ep.Secret,
			ep.PreviousSecret, optUnix(ep.PreviousExpiresAt), optUnix(ep.DisabledAt), ep.DisabledReason, unix(ep.CreatedAt), unix(ep.UpdatedAt))
		return translate(err)
	})
}

func endpointLists(ep *webhook.Endpoint) (providers, events string, err error) {
	p, err := json.Marshal(append([]int64{}, ep.ProviderIDs...))
	if err != nil {
		return "", "", fmt.Errorf("webhook endpoint: %w", err)
	}
	e, err := json.Marshal(append([]webhook.EventType{}, ep.Events...))
	if err != nil {
		return "", "", fmt.Errorf("webhook endpoint: %w", err)
	}
	return string(p), string(e), nil
}

const endpointColumns = `id, url, description, provider_ids, events, secret, previous_secret, previous_expires_at,
	disabled_at, disabled_reason, created_at, updated_at, last_success_at`

func scanEndpoint(row interface{ Scan(...any) error }) (*webhook.Endpoint, error) {
	var (
		ep                             webhook.Endpoint
		providers, events              string
		prevExp, disabled, lastSuccess sql.NullInt64
		created, updated               int64
	)
	if err := row.Scan(&ep.ID, &ep.URL, &ep.Description, &providers, &events, &ep.Secret, &ep.PreviousSecret, &prevExp,
		&disabled, &ep.DisabledReason, &created, &updated, &lastSuccess); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(providers), &ep.ProviderIDs); err != nil {
		return nil, fmt.Errorf("webhook endpoint %s: providers: %w", ep.ID, err)
	}
	if err := json.Unmarshal([]byte(events), &ep.Events); err != nil {
		return nil, fmt.Errorf("webhook endpoint %s: events: %w", ep.ID, err)
	}
	if len(ep.ProviderIDs) == 0 {
		ep.ProviderIDs = nil
	}
	if len(ep.Events) == 0 {
		ep.Events = nil
	}
	ep.PreviousExpiresAt, ep.DisabledAt, ep.LastSuccessAt = optFromUnix(prevExp), optFromUnix(disabled), optFromUnix(lastSuccess)
	ep.CreatedAt, ep.UpdatedAt = fromUnix(created), fromUnix(updated)
	return &ep, nil
}

// WebhookEndpoint returns an endpoint. Returns ENOTFOUND.
func (s *Store) WebhookEndpoint(ctx context.Context, id string) (*webhook.Endpoint, error) {
	ep, err := scanEndpoint(s.reader().QueryRowContext(ctx, `SELECT `+endpointColumns+` FROM webhook_endpoints WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "webhook endpoint %s", id)
	}
	return ep, nil
}

// WebhookEndpoints returns every endpoint, oldest first.
func (s *Store) WebhookEndpoints(ctx context.Context) ([]*webhook.Endpoint, error) {
	rows, err := s.reader().QueryContext(ctx, `SELECT `+endpointColumns+` FROM webhook_endpoints ORDER BY created_at, id`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []*webhook.Endpoint
	for rows.Next() {
		ep, err := scanEndpoint(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, ep)
	}
	return out, translate(rows.Err())
}

// UpdateWebhookEndpoint writes ep over the stored endpoint. Returns
// ENOTFOUND.
func (s *Store) UpdateWebhookEndpoint(ctx context.Context, ep *webhook.Endpoint) error {
	providers, events, err := endpointLists(ep)
	if err != nil {
		return err
	}
	return s.withTx(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `UPDATE webhook_endpoints SET url = ?, description = ?, provider_ids = ?, events = ?,
			secret = ?, previous_secret = ?, previous_expires_at = ?, disabled_at = ?, disabled_reason = ?, updated_at = ?
			WHERE id = ?`, ep.URL, ep.Description, providers, events, ep.Secret, ep.PreviousSecret, optUnix(ep.PreviousExpiresAt),
			optUnix(ep.DisabledAt), ep.DisabledReason, unix(ep.UpdatedAt), ep.ID)
		if err != nil {
			return translate(err)
		}
		return affected(res, "webhook endpoint "+ep.ID)
	})
}

// DeleteWebhookEndpoint deletes an endpoint, its deliveries and their
// attempts. Returns ENOTFOUND.
func (s *Store) DeleteWebhookEndpoint(ctx context.Context, id string) error {
	return s.withTx(ctx, func(tx handle) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = ?)`, id); err != nil {
			return translate(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE endpoint_id = ?`, id); err != nil {
			return translate(err)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM webhook_endpoints WHERE id = ?`, id)
		if err != nil {
			return translate(err)
		}
		return affected(res, "webhook endpoint "+id)
	})
}

// CreateWebhookDeliveries stores the deliveries that do not exist yet and
// a job for each, in one transaction, and returns how many were new.
func (s *Store) CreateWebhookDeliveries(ctx context.Context, ds []*webhook.Delivery, jobOf func(*webhook.Delivery) booking.Job) (int, error) {
	var n int
	err := s.withTx(ctx, func(tx handle) error {
		n = 0
		var jobs []booking.Job
		for _, d := range ds {
			res, err := tx.ExecContext(ctx, `INSERT INTO webhook_deliveries (id, endpoint_id, event, booking_id, payload, state, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, d.ID, d.EndpointID, d.Event, d.BookingID, d.Payload, d.State, unix(d.CreatedAt))
			if err != nil {
				return translate(err)
			}
			if k, err := res.RowsAffected(); err != nil {
				return translate(err)
			} else if k == 1 {
				jobs = append(jobs, jobOf(d))
			}
		}
		if _, err := s.jobs.InsertTx(ctx, tx.tx, jobs); err != nil {
			return translate(err)
		}
		n = len(jobs)
		return nil
	})
	return n, err
}

const deliveryColumns = `id, endpoint_id, event, booking_id, payload, state, attempts, created_at, last_attempt_at,
	last_status, last_error, delivered_at`

func scanDelivery(row interface{ Scan(...any) error }) (*webhook.Delivery, error) {
	var (
		d                   webhook.Delivery
		created             int64
		lastAt, deliveredAt sql.NullInt64
	)
	if err := row.Scan(&d.ID, &d.EndpointID, &d.Event, &d.BookingID, &d.Payload, &d.State, &d.Attempts, &created, &lastAt,
		&d.LastStatus, &d.LastError, &deliveredAt); err != nil {
		return nil, err
	}
	d.CreatedAt, d.LastAttemptAt, d.DeliveredAt = fromUnix(created), optFromUnix(lastAt), optFromUnix(deliveredAt)
	return &d, nil
}

// WebhookDelivery returns a delivery. Returns ENOTFOUND.
func (s *Store) WebhookDelivery(ctx context.Context, id string) (*webhook.Delivery, error) {
	d, err := scanDelivery(s.reader().QueryRowContext(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "webhook delivery %s", id)
	}
	return d, nil
}

// WebhookDeliveries returns a page of an endpoint's deliveries, newest
// first.
func (s *Store) WebhookDeliveries(ctx context.Context, p webhook.DeliveryPage) ([]*webhook.Delivery, error) {
	q := `SELECT ` + deliveryColumns + ` FROM webhook_deliveries WHERE endpoint_id = ?`
	args := []any{p.EndpointID}
	if p.Before != "" {
		q += ` AND (created_at, id) < (SELECT created_at, id FROM webhook_deliveries WHERE id = ?)`
		args = append(args, p.Before)
	}
	q += ` ORDER BY created_at DESC, id DESC LIMIT ?`
	args = append(args, p.Limit)
	rows, err := s.reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []*webhook.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, d)
	}
	return out, translate(rows.Err())
}

// RecordWebhookAttempt logs attempt a and sets its delivery's state.
// Returns ENOTFOUND when the delivery is gone.
func (s *Store) RecordWebhookAttempt(ctx context.Context, a webhook.Attempt, state webhook.DeliveryState) error {
	return s.withTx(ctx, func(tx handle) error {
		var delivered any
		if a.OK() {
			delivered = unix(a.At)
		}
		res, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, last_attempt_at = ?,
			last_status = ?, last_error = ?, delivered_at = coalesce(?, delivered_at) WHERE id = ?`,
			state, unix(a.At), a.Status, a.Error, delivered, a.DeliveryID)
		if err != nil {
			return translate(err)
		}
		if err := affected(res, "webhook delivery "+a.DeliveryID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_attempts (delivery_id, n, at, status, error, duration_ms)
			SELECT ?, coalesce(max(n), 0) + 1, ?, ?, ?, ? FROM webhook_attempts WHERE delivery_id = ?`,
			a.DeliveryID, unix(a.At), a.Status, a.Error, a.Duration.Milliseconds(), a.DeliveryID); err != nil {
			return translate(err)
		}
		if a.OK() {
			_, err = tx.ExecContext(ctx, `UPDATE webhook_endpoints SET last_success_at = ?
				WHERE id = (SELECT endpoint_id FROM webhook_deliveries WHERE id = ?)`, unix(a.At), a.DeliveryID)
		}
		return translate(err)
	})
}

// SkipWebhookDelivery marks a pending delivery skipped.
func (s *Store) SkipWebhookDelivery(ctx context.Context, id string) error {
	return s.withTx(ctx, func(tx handle) error {
		_, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET state = ? WHERE id = ? AND state = ?`, webhook.StateSkipped, id, webhook.StatePending)
		return translate(err)
	})
}

// WebhookAttempts returns a delivery's attempts, oldest first.
func (s *Store) WebhookAttempts(ctx context.Context, deliveryID string) ([]webhook.Attempt, error) {
	rows, err := s.reader().QueryContext(ctx, `SELECT at, status, error, duration_ms FROM webhook_attempts WHERE delivery_id = ? ORDER BY n`, deliveryID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []webhook.Attempt
	for rows.Next() {
		a := webhook.Attempt{DeliveryID: deliveryID}
		var at, ms int64
		if err := rows.Scan(&at, &a.Status, &a.Error, &ms); err != nil {
			return nil, translate(err)
		}
		a.At, a.Duration = fromUnix(at), time.Duration(ms)*time.Millisecond
		out = append(out, a)
	}
	return out, translate(rows.Err())
}

// DisableFailingWebhookEndpoint disables an enabled endpoint that has
// accepted nothing since since.
func (s *Store) DisableFailingWebhookEndpoint(ctx context.Context, id string, since, now time.Time) (bool, error) {
	var n int64
	err := s.withTx(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `UPDATE webhook_endpoints SET disabled_at = ?, disabled_reason = ?, updated_at = ?
			WHERE id = ? AND disabled_at IS NULL AND (last_success_at IS NULL OR last_success_at < ?)`,
			unix(now), webhook.DisabledFailing, unix(now), id, unix(since))
		if err != nil {
			return translate(err)
		}
		n, err = res.RowsAffected()
		return translate(err)
	})
	return n > 0, err
}

// ReplayWebhookDelivery makes a delivery pending again and enqueues job,
// in one transaction. Returns ENOTFOUND.
func (s *Store) ReplayWebhookDelivery(ctx context.Context, id string, job booking.Job) error {
	return s.withTx(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET state = ? WHERE id = ?`, webhook.StatePending, id)
		if err != nil {
			return translate(err)
		}
		if err := affected(res, "webhook delivery "+id); err != nil {
			return err
		}
		_, err = s.jobs.InsertTx(ctx, tx.tx, []booking.Job{job})
		return translate(err)
	})
}

// SweepWebhookDeliveries deletes the deliveries made before before and
// no longer pending, with their attempts.
func (s *Store) SweepWebhookDeliveries(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := s.withTx(ctx, func(tx handle) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM webhook_attempts WHERE delivery_id IN
			(SELECT id FROM webhook_deliveries WHERE created_at < ? AND state <> ?)`, unix(before), webhook.StatePending); err != nil {
			return translate(err)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE created_at < ? AND state <> ?`, unix(before), webhook.StatePending)
		if err != nil {
			return translate(err)
		}
		n, err = res.RowsAffected()
		return translate(err)
	})
	return int(n), err
}

// WebhookStats counts pending deliveries and disabled endpoints.
func (s *Store) WebhookStats(ctx context.Context) (webhook.Stats, error) {
	var st webhook.Stats
	err := s.reader().QueryRowContext(ctx, `SELECT (SELECT count(*) FROM webhook_deliveries WHERE state = 'pending'),
		(SELECT count(*) FROM webhook_endpoints WHERE disabled_at IS NOT NULL)`).Scan(&st.Pending, &st.Disabled)
	return st, translate(err)
}

// eraseWebhookDeliveries empties the payloads of the deliveries about
// booking id (they name its customer) and skips those not sent yet; the
// log of what was delivered when stays, without personal data.
func eraseWebhookDeliveries(ctx context.Context, tx handle, id string) error {
	_, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET payload = NULL,
		state = CASE WHEN state = 'pending' THEN 'skipped' ELSE state END WHERE booking_id = ?`, id)
	return translate(err)
}
