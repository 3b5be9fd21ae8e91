package abuse_test

import (
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"
)

// storedAsData stores each injection string where the API keeps text
// (a provider's name, city and address, a time off's reason, a customer's
// name) and reads it back: what is accepted comes back unchanged, as a
// JSON string.
func storedAsData(t *testing.T, c *client, fx *fixture) {
	admin := bearer(fx.adminKey)
	for _, s := range injections {
		t.Run(fmt.Sprintf("%q", s), func(t *testing.T) {
			body := map[string]any{"name": s, "kind": "dentist", "city": s, "address": s, "timezone": "Europe/Paris",
				"services": []any{map[string]any{"name": s, "duration_minutes": 30, "price_cents": 0}},
				"hours":    []any{map[string]any{"weekday": "monday", "start": "09:00", "end": "17:00"}}}
			a, err := c.Do(request{Method: "POST", Path: "/v1/admin/providers", Body: jsonBody(body), Headers: admin})
			if err != nil {
				t.Fatal(err)
			}
			if err := checkInjected(a); err != nil {
				t.Fatal(err)
			}
			if a.Status == 201 {
				var created providerOut
				if err := a.Decode(&created); err != nil {
					t.Fatal(err)
				}
				var got providerOut
				mustOK(t, c, request{Path: fmt.Sprintf("/v1/providers/%d", created.ID)}, 200, &got)
				if got.Name != s || got.City != s || got.Address != s || len(got.Services) != 1 || got.Services[0].Name != s {
					t.Errorf("stored %q, read back %+v", s, got)
				}
				a, err := c.Get("/v1/providers?q=" + url.QueryEscape(s))
				if err != nil || a.Status != 200 {
					t.Errorf("search by the name: %v %v", a, err)
				}
			} else if a.Status != 422 {
				t.Errorf("create a provider named %q: %s, want 201 or 422", s, a)
			}

			off := time.Now().AddDate(0, 0, 40+len(s)%20).Truncate(time.Hour)
			a, err = c.Do(request{Method: "POST", Path: fmt.Sprintf("/v1/admin/providers/%s/time-off", fx.text("provider")), Headers: admin,
				Body: jsonBody(map[string]any{"start": off.Format(time.RFC3339), "end": off.Add(time.Hour).Format(time.RFC3339), "reason": s})})
			if err != nil {
				t.Fatal(err)
			}
			if err := checkInjected(a); err != nil {
				t.Fatal(err)
			}
			if a.Status == 201 {
				var sch struct {
					TimeOff []struct {
						Reason string `json:"reason"`
					} `json:"time_off"`
				}
				mustOK(t, c, request{Path: fmt.Sprintf("/v1/admin/providers/%s/schedule", fx.text("provider")), Headers: admin}, 200, &sch)
				found := false
				for _, off := range sch.TimeOff {
					found = found || off.Reason == s
				}
				if !found {
					t.Errorf("time off reason %q not read back: %+v", s, sch.TimeOff)
				}
			} else if a.Status != 422 && a.Status != 409 {
				t.Errorf("time off with reason %q: %s, want 201 or 422", s, a)
			}
		})
	}
}

// providerOut is a provider as the API shows it.
type providerOut struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	City     string `json:"city"`
	Address  string `json:"address"`
	Services []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"services"`
}

// directory returns the first 100 providers of the directory by id.
func directory(t *testing.T, c *client) map[int64]string {
	t.Helper()
	var page struct {
		Providers []providerOut `json:"providers"`
	}
	mustOK(t, c, request{Path: "/v1/providers?limit=100"}, 200, &page)
	out := map[int64]string{}
	for _, p := range page.Providers {
		out[p.ID] = p.Name
	}
	if len(out) == 0 {
		t.Fatal("the directory is empty")
	}
	return out
}

// bookFreeSlot books a free slot of one of the providers and reads the
// booking back with its manage token.
func bookFreeSlot(t *testing.T, c *client, providers map[int64]string) {
	t.Helper()
	from, to := time.Now().AddDate(0, 0, 1).Format("2006-01-02"), time.Now().AddDate(0, 0, 14).Format("2006-01-02")
	ids := make([]int64, 0, len(providers))
	for id := range providers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		var slots struct {
			Slots []struct {
				ServiceID int64  `json:"service_id"`
				Start     string `json:"start"`
			} `json:"slots"`
		}
		mustOK(t, c, request{Path: fmt.Sprintf("/v1/providers/%d/availability?from=%s&to=%s", id, from, to)}, 200, &slots)
		if len(slots.Slots) == 0 {
			continue
		}
		sl := slots.Slots[len(slots.Slots)/2]
		var b bookingOut
		mustOK(t, c, request{Method: "POST", Path: "/v1/bookings", Body: jsonBody(map[string]any{
			"provider_id": id, "service_id": sl.ServiceID, "start": sl.Start,
			"customer": map[string]any{"name": "Irène Joliot-Curie", "email": "irene@example.com", "phone": "06 55 44 33 22"},
		})}, 201, &b)
		var got bookingOut
		mustOK(t, c, request{Path: "/v1/bookings/" + b.ID, Headers: bearer(b.ManageToken)}, 200, &got)
		if got.ID != b.ID || got.Status != "booked" || got.Customer.Name != "Irène Joliot-Curie" {
			t.Errorf("booking read back: %+v", got)
		}
		return
	}
	t.Fatal("no provider has a free slot in the next two weeks")
}
