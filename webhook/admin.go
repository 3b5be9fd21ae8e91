package webhook

import (
	"context"
	"regexp"

	"github.com/rendezvous-oss/rendezvous"
)

// Ids as they are minted: anything else names nothing, and is refused
// before the database (a NUL or invalid UTF-8 would only make PostgreSQL
// fail).
var (
	endpointIDPattern = regexp.MustCompile(`^wh_[a-z2-7]{26}$`)
	deliveryIDPattern = regexp.MustCompile(`^msg_[a-z2-7]{32}$`)
)

// ValidDeliveryID reports whether id is spelt like a delivery's id.
func ValidDeliveryID(id string) bool { return deliveryIDPattern.MatchString(id) }

func endpointNotFound(id string) error {
	if !endpointIDPattern.MatchString(id) {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "webhook endpoint not found")
	}
	return nil
}

// Endpoint returns an endpoint. Returns ENOTFOUND.
func (s *Service) Endpoint(ctx context.Context, id string) (*Endpoint, error) {
	if err := endpointNotFound(id); err != nil {
		return nil, err
	}
	return s.Store.WebhookEndpoint(ctx, id)
}

// Endpoints returns every endpoint, oldest first.
func (s *Service) Endpoints(ctx context.Context) ([]*Endpoint, error) {
	return s.Store.WebhookEndpoints(ctx)
}

// Delete deletes an endpoint with its log. Returns ENOTFOUND.
func (s *Service) Delete(ctx context.Context, id string) error {
	if err := endpointNotFound(id); err != nil {
		return err
	}
	return s.Store.DeleteWebhookEndpoint(ctx, id)
}

// Deliveries returns a page of an endpoint's deliveries, newest first.
// Returns ENOTFOUND for an unknown endpoint, EINVALID for a cursor that
// is no delivery's id.
func (s *Service) Deliveries(ctx context.Context, p DeliveryPage) ([]*Delivery, error) {
	if _, err := s.Endpoint(ctx, p.EndpointID); err != nil {
		return nil, err
	}
	if p.Before != "" && !ValidDeliveryID(p.Before) {
		return nil, rendezvous.ValidationError([]rendezvous.FieldError{{Field: "cursor", Message: "is not a cursor of this list"}})
	}
	return s.Store.WebhookDeliveries(ctx, p)
}

// Delivery returns a delivery of endpoint endpointID with its attempts.
// Returns ENOTFOUND.
func (s *Service) Delivery(ctx context.Context, endpointID, id string) (*Delivery, []Attempt, error) {
	d, err := s.delivery(ctx, endpointID, id)
	if err != nil {
		return nil, nil, err
	}
	as, err := s.Store.WebhookAttempts(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return d, as, nil
}

// delivery returns delivery id if it belongs to endpoint endpointID.
func (s *Service) delivery(ctx context.Context, endpointID, id string) (*Delivery, error) {
	if err := endpointNotFound(endpointID); err != nil {
		return nil, err
	}
	if !ValidDeliveryID(id) {
		return nil, rendezvous.Errorf(rendezvous.ENOTFOUND, "webhook delivery not found")
	}
	d, err := s.Store.WebhookDelivery(ctx, id)
	if err != nil {
		return nil, err
	}
	if d.EndpointID != endpointID {
		return nil, rendezvous.Errorf(rendezvous.ENOTFOUND, "webhook delivery not found")
	}
	return d, nil
}
