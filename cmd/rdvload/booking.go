package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

type slot struct {
	ProviderID int64  `json:"provider_id"`
	ServiceID  int64  `json:"service_id"`
	Start      string `json:"start"`
}

type customer struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

type bookingRequest struct {
	ProviderID int64    `json:"provider_id"`
	ServiceID  int64    `json:"service_id"`
	Start      string   `json:"start"`
	Customer   customer `json:"customer"`
}

// loadProviders creates providers open every day around the clock with
// 5-minute appointments, so that there are plenty of distinct slots, and
// returns up to n free slots spread over them.
func loadProviders(ctx context.Context, c *client, providers, n int) ([]slot, error) {
	if c.adminKey == "" {
		return nil, errors.New("an admin key is needed (--admin-key or RENDEZVOUS_ADMIN_KEY): create one with `rendezvous admin-key create`")
	}
	var hours []map[string]string
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		hours = append(hours, map[string]string{"weekday": d, "start": "00:00", "end": "24:00"})
	}
	var slots []slot
	stamp := time.Now().UnixNano()
	for p := range providers {
		var created struct {
			ID int64 `json:"id"`
		}
		st, err := c.do(ctx, "POST", "/v1/admin/providers", map[string]any{
			"name": fmt.Sprintf("Load test %d-%d", stamp, p), "kind": rendezvous.KindGeneralPractitioner, "city": "Loadville", "timezone": "Europe/Paris",
			"booking_policy": map[string]int{"slot_step_minutes": 5, "buffer_minutes": 0, "min_notice_minutes": 0, "horizon_days": 90},
			"services":       []map[string]any{{"name": "Consultation", "duration_minutes": 5, "price_cents": 1000}},
			"hours":          hours,
		}, &created, false, c.admin()...)
		if err != nil || st != 201 {
			return nil, fmt.Errorf("create load provider: %d %v", st, err)
		}
		perProvider := (n + providers - 1) / providers
		from := time.Now().AddDate(0, 0, 1)
		for d := 0; len(slots) < (p+1)*perProvider && d < 80; d += 5 {
			var page struct {
				Slots []slot `json:"slots"`
			}
			path := fmt.Sprintf("/v1/providers/%d/availability?from=%s&to=%s", created.ID,
				from.AddDate(0, 0, d).Format("2006-01-02"), from.AddDate(0, 0, d+4).Format("2006-01-02"))
			if st, err := c.do(ctx, "GET", path, nil, &page, false); err != nil || st != 200 {
				return nil, fmt.Errorf("availability: %d %v", st, err)
			}
			for _, s := range page.Slots {
				if len(slots) < (p+1)*perProvider {
					slots = append(slots, s)
				}
			}
		}
	}
	if len(slots) < n {
		return nil, fmt.Errorf("only %d free slots found, want %d", len(slots), n)
	}
	return slots[:n], nil
}

func bookingFor(s slot, i int) bookingRequest {
	return bookingRequest{ProviderID: s.ProviderID, ServiceID: s.ServiceID, Start: s.Start,
		Customer: customer{Name: fmt.Sprintf("Load Client %d", i), Email: fmt.Sprintf("load%d@example.com", i), Phone: "+33199000000"}}
}

// book creates bookings of distinct slots as fast as the clients can.
func book(ctx context.Context, o options, out io.Writer) error {
	n := o.count
	if n == 0 {
		n = 5000
	}
	c := newClient(o)
	slots, err := loadProviders(ctx, c, 16, n)
	if err != nil {
		return err
	}
	c.start()
	parallel(ctx, o.clients, n, func(ctx context.Context, _, i int) {
		_, _ = c.do(ctx, "POST", "/v1/bookings", bookingFor(slots[i], i), nil, true)
	})
	c.report(out, fmt.Sprintf("book distinct slots, %d clients", o.clients))
	return ctx.Err()
}

// race has every client try every one of the same slots.
func race(ctx context.Context, o options, out io.Writer) error {
	n := o.count
	if n == 0 {
		n = 100
	}
	c := newClient(o)
	slots, err := loadProviders(ctx, c, 1, n)
	if err != nil {
		return err
	}
	c.start()
	parallel(ctx, o.clients, o.clients*n, func(ctx context.Context, _, i int) {
		worker, k := i/n, i%n
		_, _ = c.do(ctx, "POST", "/v1/bookings", bookingFor(slots[(k+worker*7)%n], i), nil, true)
	})
	c.report(out, fmt.Sprintf("race for %d slots, %d clients × %d attempts", n, o.clients, n))
	c.mu.Lock()
	created, taken, other := c.status[201], c.status[409], len(c.lat)-c.status[201]-c.status[409]
	c.mu.Unlock()
	fmt.Fprintf(out, "created %d (want %d), slot_taken %d, other %d\n", created, n, taken, other)
	if created != n || other != 0 {
		return fmt.Errorf("race: %d bookings for %d slots, %d unexpected answers", created, n, other)
	}
	return ctx.Err()
}

// search repeats the earliest-slots search.
func search(ctx context.Context, o options, out io.Writer) error {
	n := o.count
	if n == 0 {
		n = 5000
	}
	c := newClient(o)
	path := fmt.Sprintf("/v1/availability?kind=%s&city=%s&limit=10", o.kind, o.city)
	if st, err := c.do(ctx, "GET", path, nil, nil, false); err != nil || st != 200 {
		return fmt.Errorf("search: %d %v", st, err)
	}
	c.start()
	parallel(ctx, o.clients, n, func(ctx context.Context, _, _ int) {
		_, _ = c.do(ctx, "GET", path, nil, nil, true)
	})
	c.report(out, fmt.Sprintf("search %s in %s, %d clients", o.kind, o.city, o.clients))
	return ctx.Err()
}
