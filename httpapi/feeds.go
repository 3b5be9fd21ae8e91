package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous/feed"
)

// FeedAdmin makes, changes, revokes and serves the providers' calendar
// feeds (feed.Service).
type FeedAdmin interface {
	Issue(ctx context.Context, providerID int64, contact *bool) (*feed.Issued, error)
	Feed(ctx context.Context, providerID int64) (*feed.Feed, error)
	SetContactDetails(ctx context.Context, providerID int64, on bool) (*feed.Feed, error)
	Revoke(ctx context.Context, providerID int64) error
	Render(ctx context.Context, token string) (*feed.Calendar, error)
}

// CalendarFeedRequestJSON makes or rotates a feed.
type CalendarFeedRequestJSON struct {
	ContactDetails *bool `json:"contact_details,omitempty" doc:"show the customers' email and phone; default off (a rotation keeps the current setting)"`
}

// CalendarFeedPatchJSON changes a feed without changing its URL.
type CalendarFeedPatchJSON struct {
	ContactDetails bool `json:"contact_details"`
}

// CalendarFeedJSON is a provider's feed; its URL only when just made.
type CalendarFeedJSON struct {
	ProviderID     int64     `json:"provider_id"`
	URL            string    `json:"url,omitempty" doc:"the secret URL to subscribe to (webcal:// works too): shown when made, never again"`
	ContactDetails bool      `json:"contact_details"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// feedRoutes are the calendar feeds: their administration and the feed.
func (s *Server) feedRoutes() []Endpoint {
	if s.feeds == nil {
		return nil
	}
	idParam := Param{Name: "id", In: "path", Type: "integer", Required: true, Description: "provider id"}
	const path = "/v1/admin/providers/{id}/calendar-feed"
	return []Endpoint{
		{Method: "POST", Path: path, OperationID: "adminIssueCalendarFeed", RateClass: RateAdmin, Tag: "admin", Auth: AuthAdmin,
			Summary:     "Make or rotate a provider's calendar feed",
			Description: "A secret iCalendar URL listing the provider's upcoming bookings, for Google Calendar, Outlook or Apple Calendar to subscribe to. Asking again gives a new URL and kills the previous one at once.",
			Params:      []Param{idParam}, Body: CalendarFeedRequestJSON{},
			Responses: append([]Response{ok(201, "The feed, with its URL (shown only here)", CalendarFeedJSON{})}, problems(400, 401, 404, 413, 415, 422)...),
			Handle:    s.adminIssueFeed},
		{Method: "GET", Path: path, OperationID: "adminGetCalendarFeed", RateClass: RateAdmin, Tag: "admin", Auth: AuthAdmin,
			Summary: "Whether a provider has a calendar feed, and its settings", Params: []Param{idParam},
			Responses: append([]Response{ok(200, "The feed, without its URL", CalendarFeedJSON{})}, problems(400, 401, 404)...), Handle: s.adminGetFeed},
		{Method: "PATCH", Path: path, OperationID: "adminUpdateCalendarFeed", RateClass: RateAdmin, Tag: "admin", Auth: AuthAdmin,
			Summary: "Show or hide the customers' contact details in a feed, its URL unchanged", Params: []Param{idParam}, Body: CalendarFeedPatchJSON{},
			Responses: append([]Response{ok(200, "Changed", CalendarFeedJSON{})}, problems(400, 401, 404, 413, 415, 422)...), Handle: s.adminUpdateFeed},
		{Method: "DELETE", Path: path, OperationID: "adminRevokeCalendarFeed", RateClass: RateAdmin, Tag: "admin", Auth: AuthAdmin,
			Summary: "Revoke a provider's calendar feed: its URL answers 404", Params: []Param{idParam},
			Responses: append([]Response{{Status: http.StatusNoContent, Description: "Revoked"}}, problems(400, 401, 404)...), Handle: s.adminRevokeFeed},
		{Method: "GET", Path: "/v1/feeds/{token}", OperationID: "calendarFeed", RateClass: RateRead, Tag: "calendar",
			Summary:     "A provider's calendar feed (text/calendar)",
			Description: "The token is the credential: the URL comes from POST " + path + ". Answers 304 to If-None-Match with the current ETag.",
			Params: []Param{{Name: "token", In: "path", Type: "string", Required: true, Description: "the feed's token, with or without .ics"},
				{Name: "If-None-Match", In: "header", Type: "string"}},
			Responses: append([]Response{{Status: 200, Description: "The calendar (RFC 5545)", ContentType: "text/calendar"},
				{Status: 304, Description: "Unchanged since the ETag given"}}, problems(404)...),
			Handle: s.calendarFeed},
	}
}

func (s *Server) adminIssueFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req CalendarFeedRequestJSON
	if err := decodeOptionalJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	f, err := s.feeds.Issue(r.Context(), id, req.ContactDetails)
	if err != nil {
		return err
	}
	out := feedJSON(f.Feed)
	out.URL = f.URL
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) adminGetFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.feeds.Feed(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, feedJSON(f))
	return nil
}

func (s *Server) adminUpdateFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req CalendarFeedPatchJSON
	if err := decodeJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	f, err := s.feeds.SetContactDetails(r.Context(), id, req.ContactDetails)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, feedJSON(f))
	return nil
}

func (s *Server) adminRevokeFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.feeds.Revoke(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// calendarFeed serves a feed. Calendar clients poll it; the ETag makes an
// unchanged feed a 304. Caches may keep it for its holder only: the URL
// is a credential.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	cal, err := s.feeds.Render(r.Context(), strings.TrimSuffix(r.PathValue("token"), ".ics"))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("ETag", cal.ETag)
	h.Set("Cache-Control", "private, no-cache")
	h.Set("X-Robots-Tag", "noindex")
	if inm := r.Header.Get("If-None-Match"); inm != "" && feed.Matches(inm, cal.ETag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="calendar.ics"`)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(cal.Body)
	return nil
}

func feedJSON(f *feed.Feed) CalendarFeedJSON {
	return CalendarFeedJSON{ProviderID: f.ProviderID, ContactDetails: f.ContactDetails, CreatedAt: f.CreatedAt.UTC(), UpdatedAt: f.UpdatedAt.UTC()}
}
