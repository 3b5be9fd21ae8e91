package conversations

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous/httpapi"
)

// client speaks to a Site as any client of the API does: JSON over HTTP,
// a session token for the chat, a manage token per booking, the admin
// key for the admin routes.
type client struct {
	site *Site
	http *http.Client
	// session and token of the conversation, once opened.
	session, token string
}

func newClient(s *Site) *client {
	return &client{site: s, http: &http.Client{Timeout: 30 * time.Second}}
}

// do sends a request and decodes a 2xx answer into out.
func (c *client) do(ctx context.Context, method, path, bearer string, body, out any) error {
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.site.URL+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, strings.TrimSpace(string(raw)))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return nil
}

// say sends one message of the conversation through POST /v1/chat.
func (c *client) say(ctx context.Context, msg string) (*httpapi.ChatResponseJSON, error) {
	var out httpapi.ChatResponseJSON
	if err := c.do(ctx, "POST", "/v1/chat", c.token, httpapi.ChatRequestJSON{SessionID: c.session, Message: msg}, &out); err != nil {
		return nil, err
	}
	if c.session == "" {
		c.session, c.token = out.SessionID, out.SessionToken
	}
	return &out, nil
}

// booking reads a booking with its manage token.
func (c *client) booking(ctx context.Context, id, token string) (*httpapi.BookingJSON, error) {
	var out httpapi.BookingJSON
	err := c.do(ctx, "GET", "/v1/bookings/"+url.PathEscape(id), token, nil, &out)
	return &out, err
}

// provider reads a provider of the directory.
func (c *client) provider(ctx context.Context, id int64) (*httpapi.ProviderJSON, error) {
	var out httpapi.ProviderJSON
	err := c.do(ctx, "GET", fmt.Sprintf("/v1/providers/%d", id), "", nil, &out)
	return &out, err
}

// providerBookings lists a provider's bookings on the days from..to
// (YYYY-MM-DD), with the admin key.
func (c *client) providerBookings(ctx context.Context, id int64, from, to string) ([]httpapi.BookingJSON, error) {
	var out httpapi.BookingListJSON
	err := c.do(ctx, "GET", fmt.Sprintf("/v1/admin/providers/%d/bookings?from=%s&to=%s", id, from, to), c.site.AdminKey, nil, &out)
	return out.Bookings, err
}

// earliest returns the first free slots of a kind in a city from a day
// (YYYY-MM-DD) on.
func (c *client) earliest(ctx context.Context, kind, city, after string) ([]httpapi.SlotJSON, error) {
	var out httpapi.SlotListJSON
	q := url.Values{"kind": {kind}, "city": {city}, "after": {after}, "limit": {"10"}}
	err := c.do(ctx, "GET", "/v1/availability?"+q.Encode(), "", nil, &out)
	return out.Slots, err
}

// book books a slot through POST /v1/bookings.
func (c *client) book(ctx context.Context, s httpapi.SlotJSON, cust httpapi.CustomerJSON) (*httpapi.BookingJSON, error) {
	var out httpapi.BookingJSON
	err := c.do(ctx, "POST", "/v1/bookings", "", httpapi.BookingRequestJSON{ProviderID: s.ProviderID, ServiceID: s.ServiceID,
		Start: s.Start.Format(time.RFC3339), Customer: cust}, &out)
	return &out, err
}
