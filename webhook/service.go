package webhook

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// Limits of an endpoint's registration.
const (
	maxProviders   = 100
	maxDescription = 200
	// DefaultGrace is how long the previous secret still signs after a
	// rotation.
	DefaultGrace = 24 * time.Hour
	// MaxGrace bounds the grace period an operator may ask for.
	MaxGrace = 7 * 24 * time.Hour
)

// Providers tells whether a provider exists.
type Providers interface {
	// Provider returns a provider. Returns ENOTFOUND.
	Provider(ctx context.Context, id int64) (*rendezvous.Provider, error)
}

// Service is the administration of endpoints: registration (checked by
// the guard), changes, secret rotation and replay.
type Service struct {
	Store     Store
	Guard     *Guard
	Worker    *Worker
	Providers Providers
	Now       func() time.Time
}

// Spec is what an operator says of an endpoint.
type Spec struct {
	URL         string
	Description string
	ProviderIDs []int64
	Events      []EventType
}

// Patch changes an endpoint: nil fields are left alone.
type Patch struct {
	URL         *string
	Description *string
	ProviderIDs *[]int64
	Events      *[]EventType
	// Enabled turns the endpoint on (what failing turned off, too) or
	// off.
	Enabled *bool
}

// Create registers an endpoint with a fresh secret. Returns EINVALID.
func (s *Service) Create(ctx context.Context, spec Spec) (*Endpoint, error) {
	if err := s.check(ctx, spec); err != nil {
		return nil, err
	}
	now := s.now()
	ep := &Endpoint{ID: newID("wh_"), URL: spec.URL, Description: spec.Description, ProviderIDs: spec.ProviderIDs,
		Events: spec.Events, Secret: NewSecret(), CreatedAt: now, UpdatedAt: now}
	if err := s.Store.CreateWebhookEndpoint(ctx, ep); err != nil {
		return nil, err
	}
	return ep, nil
}

// Update applies p to endpoint id. Returns ENOTFOUND, EINVALID.
func (s *Service) Update(ctx context.Context, id string, p Patch) (*Endpoint, error) {
	ep, err := s.Endpoint(ctx, id)
	if err != nil {
		return nil, err
	}
	spec := Spec{URL: ep.URL, Description: ep.Description, ProviderIDs: ep.ProviderIDs, Events: ep.Events}
	if p.URL != nil {
		spec.URL = *p.URL
	}
	if p.Description != nil {
		spec.Description = *p.Description
	}
	if p.ProviderIDs != nil {
		spec.ProviderIDs = *p.ProviderIDs
	}
	if p.Events != nil {
		spec.Events = *p.Events
	}
	if err := s.check(ctx, spec); err != nil {
		return nil, err
	}
	now := s.now()
	ep.URL, ep.Description, ep.ProviderIDs, ep.Events, ep.UpdatedAt = spec.URL, spec.Description, spec.ProviderIDs, spec.Events, now
	if p.Enabled != nil {
		switch {
		case *p.Enabled:
			ep.DisabledAt, ep.DisabledReason = nil, ""
		case ep.DisabledAt == nil:
			ep.DisabledAt, ep.DisabledReason = &now, DisabledByOperator
		}
	}
	if err := s.Store.UpdateWebhookEndpoint(ctx, ep); err != nil {
		return nil, err
	}
	return ep, nil
}

// Rotate gives endpoint id a new secret; the current one keeps signing
// too for grace (DefaultGrace when 0; 0 < grace ≤ MaxGrace), after which
// only the new one does. Rotating again within the grace period drops
// the oldest secret at once. Returns ENOTFOUND, EINVALID.
func (s *Service) Rotate(ctx context.Context, id string, grace time.Duration) (*Endpoint, error) {
	if grace == 0 {
		grace = DefaultGrace
	}
	if grace < 0 || grace > MaxGrace {
		return nil, rendezvous.ValidationError([]rendezvous.FieldError{{Field: "grace_seconds", Message: fmt.Sprintf("must be from 0 to %d", int(MaxGrace/time.Second))}})
	}
	ep, err := s.Endpoint(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	until := now.Add(grace)
	ep.PreviousSecret, ep.PreviousExpiresAt, ep.Secret, ep.UpdatedAt = ep.Secret, &until, NewSecret(), now
	if err := s.Store.UpdateWebhookEndpoint(ctx, ep); err != nil {
		return nil, err
	}
	return ep, nil
}

// Replay sends delivery id of endpoint endpointID again, once, now, with
// its webhook-id and body: the receiver may drop it as a copy if it had
// it. Returns ENOTFOUND; ECONFLICT when the endpoint is disabled or the
// booking's data was erased since.
func (s *Service) Replay(ctx context.Context, endpointID, id string) (*Delivery, error) {
	d, err := s.delivery(ctx, endpointID, id)
	if err != nil {
		return nil, err
	}
	ep, err := s.Store.WebhookEndpoint(ctx, endpointID)
	if err != nil {
		return nil, err
	}
	switch {
	case ep.DisabledAt != nil:
		return nil, rendezvous.ReasonErrorf(rendezvous.ECONFLICT, "endpoint_disabled", "the endpoint is disabled: enable it first")
	case d.Payload == nil:
		return nil, rendezvous.ReasonErrorf(rendezvous.ECONFLICT, "delivery_erased", "the booking's personal data was erased: nothing is left to send")
	}
	if err := s.Store.ReplayWebhookDelivery(ctx, d.ID, s.Worker.DeliveryJob(d, 1)); err != nil {
		return nil, err
	}
	d.State = StatePending
	return d, nil
}

// check validates spec. Returns EINVALID with every field's reason, or
// ENOTFOUND for an unknown provider.
func (s *Service) check(ctx context.Context, spec Spec) error {
	fields := rendezvous.CheckText("description", spec.Description, maxDescription, false)
	if len(spec.ProviderIDs) > maxProviders {
		fields = append(fields, rendezvous.FieldError{Field: "provider_ids", Message: fmt.Sprintf("at most %d providers (none: every provider)", maxProviders)})
	}
	for _, id := range spec.ProviderIDs {
		if id <= 0 {
			fields = append(fields, rendezvous.FieldError{Field: "provider_ids", Message: "must be provider ids"})
			break
		}
	}
	if hasDuplicates(spec.ProviderIDs) {
		fields = append(fields, rendezvous.FieldError{Field: "provider_ids", Message: "must not repeat a provider"})
	}
	for _, e := range spec.Events {
		if !e.Valid() {
			fields = append(fields, rendezvous.FieldError{Field: "events", Message: "must be among " + eventList()})
			break
		}
	}
	if hasDuplicates(spec.Events) {
		fields = append(fields, rendezvous.FieldError{Field: "events", Message: "must not repeat an event"})
	}
	if len(fields) > 0 {
		return rendezvous.ValidationError(fields)
	}
	if err := s.Guard.CheckURL(ctx, spec.URL); err != nil {
		return err
	}
	for _, id := range spec.ProviderIDs {
		if _, err := s.Providers.Provider(ctx, id); err != nil {
			if rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
				return rendezvous.ValidationError([]rendezvous.FieldError{{Field: "provider_ids", Message: fmt.Sprintf("provider %d does not exist", id)}})
			}
			return err
		}
	}
	return nil
}

func hasDuplicates[T comparable](xs []T) bool {
	seen := make(map[T]bool, len(xs))
	for _, x := range xs {
		if seen[x] {
			return true
		}
		seen[x] = true
	}
	return false
}

func eventList() string {
	return strings.Join(EventType("").JSONSchemaEnum(), ", ")
}

// newID returns prefix and 16 random bytes in lower-case base32.
func newID(prefix string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return prefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
