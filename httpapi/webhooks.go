package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/rendezvous-oss/rendezvous/webhook"
)

// WebhookAdmin registers webhook endpoints and shows their deliveries
// (webhook.Service).
type WebhookAdmin interface {
	Create(ctx context.Context, spec webhook.Spec) (*webhook.Endpoint, error)
	Endpoint(ctx context.Context, id string) (*webhook.Endpoint, error)
	Endpoints(ctx context.Context) ([]*webhook.Endpoint, error)
	Update(ctx context.Context, id string, p webhook.Patch) (*webhook.Endpoint, error)
	Delete(ctx context.Context, id string) error
	Rotate(ctx context.Context, id string, grace time.Duration) (*webhook.Endpoint, error)
	Deliveries(ctx context.Context, p webhook.DeliveryPage) ([]*webhook.Delivery, error)
	Delivery(ctx context.Context, endpointID, id string) (*webhook.Delivery, []webhook.Attempt, error)
	Replay(ctx context.Context, endpointID, id string) (*webhook.Delivery, error)
}

// WebhookCreateJSON registers an endpoint.
type WebhookCreateJSON struct {
	URL         string              `json:"url" doc:"https:// in production; refused if it resolves to a private, loopback, link-local… address (docs/security.md)"`
	Description string              `json:"description,omitempty"`
	ProviderIDs []int64             `json:"provider_ids,omitempty" doc:"the providers whose events it receives; none: every provider"`
	Events      []webhook.EventType `json:"events,omitempty" doc:"the events it receives; none: every event, including those added later"`
}

// WebhookPatchJSON changes an endpoint; absent fields stay.
type WebhookPatchJSON struct {
	URL         *string              `json:"url,omitempty"`
	Description *string              `json:"description,omitempty"`
	ProviderIDs *[]int64             `json:"provider_ids,omitempty"`
	Events      *[]webhook.EventType `json:"events,omitempty"`
	Enabled     *bool                `json:"enabled,omitempty" doc:"true enables an endpoint disabled by an operator or for failing"`
}

// WebhookRotateJSON asks for a new secret.
type WebhookRotateJSON struct {
	GraceSeconds *int `json:"grace_seconds,omitempty" doc:"how long the previous secret still signs too; default 86400 (a day), at most 604800"`
}

// WebhookEndpointJSON is an endpoint.
type WebhookEndpointJSON struct {
	ID          string              `json:"id"`
	URL         string              `json:"url"`
	Description string              `json:"description"`
	ProviderIDs []int64             `json:"provider_ids"`
	Events      []webhook.EventType `json:"events"`
	Enabled     bool                `json:"enabled"`
	// Secret is shown in the answers of creation and rotation only.
	Secret                  string     `json:"secret,omitempty" doc:"whsec_…: shown when made (creation, rotation), never again"`
	PreviousSecretExpiresAt *time.Time `json:"previous_secret_expires_at,omitempty"`
	DisabledAt              *time.Time `json:"disabled_at,omitempty"`
	DisabledReason          string     `json:"disabled_reason,omitempty" enum:"operator,failing"`
	CreatedAt               time.Time  `json:"created_at"`
	UpdatedAt               time.Time  `json:"updated_at"`
	LastSuccessAt           *time.Time `json:"last_success_at,omitempty"`
}

// WebhookEndpointListJSON lists endpoints.
type WebhookEndpointListJSON struct {
	Endpoints []WebhookEndpointJSON `json:"endpoints"`
}

// WebhookDeliveryJSON is a delivery: its webhook-id, event, state and
// last attempt; with its attempts and body when asked for alone.
type WebhookDeliveryJSON struct {
	ID            string               `json:"id" doc:"the webhook-id header, the same on every attempt and replay"`
	Event         webhook.EventType    `json:"event"`
	BookingID     string               `json:"booking_id,omitempty" doc:"the booking a booking event is about"`
	EntryID       string               `json:"waitlist_entry_id,omitempty" doc:"the waitlist entry a waitlist event is about"`
	State         string               `json:"state" enum:"pending,delivered,failed,skipped"`
	Attempts      int                  `json:"attempts"`
	CreatedAt     time.Time            `json:"created_at"`
	LastAttemptAt *time.Time           `json:"last_attempt_at,omitempty"`
	LastStatus    int                  `json:"last_status,omitempty"`
	LastError     string               `json:"last_error,omitempty"`
	DeliveredAt   *time.Time           `json:"delivered_at,omitempty"`
	Payload       any                  `json:"payload,omitempty" doc:"the body sent (a booking event's with the customer's details); absent once the booking was erased"`
	Log           []WebhookAttemptJSON `json:"log,omitempty"`
}

// WebhookAttemptJSON is one attempt of a delivery.
type WebhookAttemptJSON struct {
	At         time.Time `json:"at"`
	Status     int       `json:"status" doc:"the HTTP status, 0 when none came back"`
	Error      string    `json:"error,omitempty"`
	DurationMS int64     `json:"duration_ms"`
}

// WebhookDeliveryListJSON is a page of deliveries, newest first.
type WebhookDeliveryListJSON struct {
	Deliveries []WebhookDeliveryJSON `json:"deliveries"`
	NextCursor string                `json:"next_cursor,omitempty"`
}

// webhookRoutes are the administration of webhooks.
func (s *Server) webhookRoutes() []Endpoint {
	if s.webhooks == nil {
		return nil
	}
	id := Param{Name: "id", In: "path", Type: "string", Required: true, Description: "endpoint id (wh_…)"}
	delivery := Param{Name: "delivery_id", In: "path", Type: "string", Required: true, Description: "delivery id (msg_…, the webhook-id)"}
	return []Endpoint{
		{Method: "POST", Path: "/v1/admin/webhooks", OperationID: "adminCreateWebhook", RateClass: RateAdmin, Tag: "webhooks", Auth: AuthAdmin,
			Summary:     "Register a webhook endpoint",
			Description: "Events are signed as Standard Webhooks says (webhook-id, webhook-timestamp, webhook-signature) with the secret of the answer, shown only here: docs/notifications.md shows how to verify them.",
			Body:        WebhookCreateJSON{}, Responses: append([]Response{ok(201, "Registered, with its secret", WebhookEndpointJSON{})}, problems(400, 401, 413, 415, 422)...),
			Handle: s.adminCreateWebhook},
		{Method: "GET", Path: "/v1/admin/webhooks", OperationID: "adminListWebhooks", RateClass: RateAdmin, Tag: "webhooks", Auth: AuthAdmin,
			Summary: "Webhook endpoints, oldest first", Responses: append([]Response{ok(200, "The endpoints", WebhookEndpointListJSON{})}, problems(401)...),
			Handle: s.adminListWebhooks},
		{Method: "GET", Path: "/v1/admin/webhooks/{id}", OperationID: "adminGetWebhook", RateClass: RateAdmin, Tag: "webhooks", Auth: AuthAdmin,
			Summary: "A webhook endpoint", Params: []Param{id}, Responses: append([]Response{ok(200, "The endpoint", WebhookEndpointJSON{})}, problems(401, 404)...),
			Handle: s.adminGetWebhook},
		{Method: "PATCH", Path: "/v1/admin/webhooks/{id}", OperationID: "adminUpdateWebhook", RateClass: RateAdmin, Tag: "webhooks", Auth: AuthAdmin,
			Summary: "Change, disable or enable a webhook endpoint", Params: []Param{id}, Body: WebhookPatchJSON{},
			Responses: append([]Response{ok(200, "Changed", WebhookEndpointJSON{})}, problems(400, 401, 404, 413, 415, 422)...), Handle: s.adminUpdateWebhook},
		{Method: "DELETE", Path: "/v1/admin/webhooks/{id}", OperationID: "adminDeleteWebhook", RateClass: RateAdmin, Tag: "webhooks", Auth: AuthAdmin,
			Summary: "Delete a webhook endpoint and its delivery log", Params: []Param{id},
			Responses: append([]Response{{Status: http.StatusNoContent, Description: "Deleted"}}, problems(401, 404)...), Handle: s.adminDeleteWebhook},
		{Method: "POST", Path: "/v1/admin/webhooks/{id}/rotate-secret", OperationID: "adminRotateWebhookSecret", RateClass: RateAdmin, Tag: "webhooks", Auth: AuthAdmin,
			Summary:     "Give a webhook endpoint a new secret",
			Description: "Both secrets sign every delivery (two signatures in webhook-signature) until previous_secret_expires_at, so that the receiver can switch without losing one.",
			Params:      []Param{id}, Body: WebhookRotateJSON{},
			Responses: append([]Response{ok(200, "The endpoint with its new secret", WebhookEndpointJSON{})}, problems(400, 401, 404, 413, 415, 422)...), Handle: s.adminRotateWebhook},
		{Method: "GET", Path: "/v1/admin/webhooks/{id}/deliveries", OperationID: "adminListWebhookDeliveries", RateClass: RateAdmin, Tag: "webhooks", Auth: AuthAdmin,
			Summary: "The delivery log of an endpoint, newest first",
			Params: []Param{id, {Name: "limit", In: "query", Type: "integer", Description: "1 to 200, default 50"},
				{Name: "cursor", In: "query", Type: "string", Description: "next_cursor of the previous page"}},
			Responses: append([]Response{ok(200, "A page of deliveries", WebhookDeliveryListJSON{})}, problems(400, 401, 404, 422)...), Handle: s.adminListWebhookDeliveries},
		{Method: "GET", Path: "/v1/admin/webhooks/{id}/deliveries/{delivery_id}", OperationID: "adminGetWebhookDelivery", RateClass: RateAdmin, Tag: "webhooks", Auth: AuthAdmin,
			Summary: "A delivery with its body and every attempt", Params: []Param{id, delivery}, PersonalData: true,
			Responses: append([]Response{ok(200, "The delivery", WebhookDeliveryJSON{})}, problems(401, 404)...), Handle: s.adminGetWebhookDelivery},
		{Method: "POST", Path: "/v1/admin/webhooks/{id}/deliveries/{delivery_id}/replay", OperationID: "adminReplayWebhookDelivery", RateClass: RateAdmin, Tag: "webhooks", Auth: AuthAdmin,
			Summary:     "Send a delivery again, now, once",
			Description: "With the same webhook-id and body (a receiver that had it may drop it as a copy), signed afresh. 409 endpoint_disabled: enable the endpoint first.",
			Params:      []Param{id, delivery},
			Responses:   append([]Response{ok(202, "Queued", WebhookDeliveryJSON{})}, problems(401, 404, 409)...), Handle: s.adminReplayWebhookDelivery},
	}
}

func (s *Server) adminCreateWebhook(w http.ResponseWriter, r *http.Request) error {
	var req WebhookCreateJSON
	if err := decodeJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	ep, err := s.webhooks.Create(r.Context(), webhook.Spec{URL: req.URL, Description: req.Description, ProviderIDs: req.ProviderIDs, Events: req.Events})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/admin/webhooks/"+ep.ID)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, webhookJSON(ep, true))
	return nil
}

func (s *Server) adminListWebhooks(w http.ResponseWriter, r *http.Request) error {
	eps, err := s.webhooks.Endpoints(r.Context())
	if err != nil {
		return err
	}
	out := WebhookEndpointListJSON{Endpoints: make([]WebhookEndpointJSON, 0, len(eps))}
	for _, ep := range eps {
		out.Endpoints = append(out.Endpoints, webhookJSON(ep, false))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) adminGetWebhook(w http.ResponseWriter, r *http.Request) error {
	ep, err := s.webhooks.Endpoint(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, webhookJSON(ep, false))
	return nil
}

func (s *Server) adminUpdateWebhook(w http.ResponseWriter, r *http.Request) error {
	var req WebhookPatchJSON
	if err := decodeJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	ep, err := s.webhooks.Update(r.Context(), r.PathValue("id"), webhook.Patch{URL: req.URL, Description: req.Description,
		ProviderIDs: req.ProviderIDs, Events: req.Events, Enabled: req.Enabled})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, webhookJSON(ep, false))
	return nil
}

func (s *Server) adminDeleteWebhook(w http.ResponseWriter, r *http.Request) error {
	if err := s.webhooks.Delete(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) adminRotateWebhook(w http.ResponseWriter, r *http.Request) error {
	var req WebhookRotateJSON
	if err := decodeOptionalJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	var grace time.Duration
	if req.GraceSeconds != nil {
		if *req.GraceSeconds <= 0 {
			return badParam("grace_seconds", "must be a positive number of seconds")
		}
		grace = time.Duration(*req.GraceSeconds) * time.Second
	}
	ep, err := s.webhooks.Rotate(r.Context(), r.PathValue("id"), grace)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, webhookJSON(ep, true))
	return nil
}

func (s *Server) adminListWebhookDeliveries(w http.ResponseWriter, r *http.Request) error {
	limit, err := queryInt(r, "limit", 50, 1, 200)
	if err != nil {
		return err
	}
	p := webhook.DeliveryPage{EndpointID: r.PathValue("id"), Before: r.URL.Query().Get("cursor"), Limit: int(limit)}
	ds, err := s.webhooks.Deliveries(r.Context(), p)
	if err != nil {
		return err
	}
	out := WebhookDeliveryListJSON{Deliveries: make([]WebhookDeliveryJSON, 0, len(ds))}
	for _, d := range ds {
		out.Deliveries = append(out.Deliveries, deliveryJSON(d, nil, false))
	}
	if len(ds) == p.Limit {
		out.NextCursor = ds[len(ds)-1].ID
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) adminGetWebhookDelivery(w http.ResponseWriter, r *http.Request) error {
	d, as, err := s.webhooks.Delivery(r.Context(), r.PathValue("id"), r.PathValue("delivery_id"))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, deliveryJSON(d, as, true))
	return nil
}

func (s *Server) adminReplayWebhookDelivery(w http.ResponseWriter, r *http.Request) error {
	d, err := s.webhooks.Replay(r.Context(), r.PathValue("id"), r.PathValue("delivery_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, deliveryJSON(d, nil, false))
	return nil
}

func webhookJSON(ep *webhook.Endpoint, withSecret bool) WebhookEndpointJSON {
	out := WebhookEndpointJSON{ID: ep.ID, URL: ep.URL, Description: ep.Description, ProviderIDs: ep.ProviderIDs, Events: ep.Events,
		Enabled: ep.DisabledAt == nil, DisabledAt: ep.DisabledAt, DisabledReason: ep.DisabledReason,
		CreatedAt: ep.CreatedAt.UTC(), UpdatedAt: ep.UpdatedAt.UTC(), LastSuccessAt: ep.LastSuccessAt}
	if out.ProviderIDs == nil {
		out.ProviderIDs = []int64{}
	}
	if out.Events == nil {
		out.Events = []webhook.EventType{}
	}
	if ep.PreviousSecret != "" && ep.PreviousExpiresAt != nil && time.Now().Before(*ep.PreviousExpiresAt) {
		out.PreviousSecretExpiresAt = ep.PreviousExpiresAt
	}
	if withSecret {
		out.Secret = ep.Secret
	}
	return out
}

func deliveryJSON(d *webhook.Delivery, as []webhook.Attempt, withBody bool) WebhookDeliveryJSON {
	out := WebhookDeliveryJSON{ID: d.ID, Event: d.Event, State: string(d.State), Attempts: d.Attempts,
		CreatedAt: d.CreatedAt.UTC(), LastAttemptAt: d.LastAttemptAt, LastStatus: d.LastStatus, LastError: d.LastError, DeliveredAt: d.DeliveredAt}
	if d.Event.Waitlist() {
		out.EntryID = d.BookingID
	} else {
		out.BookingID = d.BookingID
	}
	if withBody && d.Payload != nil {
		var p any
		if json.Unmarshal(d.Payload, &p) == nil {
			out.Payload = p
		}
	}
	for _, a := range as {
		out.Log = append(out.Log, WebhookAttemptJSON{At: a.At.UTC(), Status: a.Status, Error: a.Error, DurationMS: a.Duration.Milliseconds()})
	}
	return out
}
