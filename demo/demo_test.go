package demo_test

import (
	"math"
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/availability"
	"github.com/rendezvous-oss/rendezvous/demo"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func collect(opts demo.Options) []*rendezvous.DirectoryEntry {
	var out []*rendezvous.DirectoryEntry
	for e := range demo.Generate(opts) {
		out = append(out, e)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	a := collect(demo.Options{Seed: 7, Providers: 50, Now: now})
	b := collect(demo.Options{Seed: 7, Providers: 50, Now: now.Add(3 * time.Hour)})
	// reflect.DeepEqual first: cmp.Diff over thousands of bookings is slow
	// and only worth it to explain a failure.
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("same seed and day gave different directories:\n%s", cmp.Diff(a, b))
	}
	c := collect(demo.Options{Seed: 8, Providers: 50, Now: now})
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same directory")
	}
}

func TestDirectoryIsRealistic(t *testing.T) {
	entries := collect(demo.Options{Providers: demo.DefaultProviders, Now: now})
	if len(entries) != demo.DefaultProviders {
		t.Fatalf("%d providers, want %d", len(entries), demo.DefaultProviders)
	}
	cities, kinds := map[string]int{}, map[rendezvous.Kind]int{}
	ids := map[string]bool{}
	var open, booked float64
	for _, e := range entries {
		p := &e.Provider
		cities[p.City]++
		kinds[p.Kind]++
		if err := rendezvous.ValidateProvider(p); err != nil {
			t.Fatalf("provider %d invalid: %v", p.ID, err)
		}
		if err := e.Hours.Validate(); err != nil {
			t.Fatalf("provider %d hours invalid: %v", p.ID, err)
		}
		if len(p.Services) == 0 {
			t.Fatalf("provider %d has no service", p.ID)
		}
		for _, s := range p.Services {
			if err := rendezvous.ValidateService(&s); err != nil {
				t.Fatalf("service %d invalid: %v", s.ID, err)
			}
		}
		for _, iv := range e.Hours {
			if iv.Weekday == time.Sunday {
				t.Fatalf("provider %d opens on Sunday", p.ID)
			}
			open += float64(iv.End-iv.Start) * 4
		}
		assertBookingsValid(t, e)
		for _, b := range e.Bookings {
			if ids[b.ID] {
				t.Fatalf("duplicate booking id %s", b.ID)
			}
			ids[b.ID] = true
			if c, err := rendezvous.NormalizeCustomer(b.Customer, "FR"); err != nil || c != b.Customer {
				t.Fatalf("demo customer %+v does not pass validation: %v", b.Customer, err)
			}
			booked += b.End.Sub(b.Start).Minutes()
		}
	}
	french := 0
	for c := range cities {
		if c != "Montréal" {
			french++
		}
	}
	if french < 15 || cities["Montréal"] == 0 || cities["Paris"] == 0 || cities["Lyon"] == 0 {
		t.Errorf("cities = %v, want at least 15 French cities plus Montréal", cities)
	}
	if len(kinds) < 5 {
		t.Errorf("kinds = %v, want 5", kinds)
	}
	if fill := booked / open; math.Abs(fill-0.4) > 0.06 {
		t.Errorf("bookings fill %.2f of opening hours, want about 0.40", fill)
	}
}

// assertBookingsValid checks every booking against the availability
// engine as if it were made before the week began: in hours, on the grid,
// outside time off, and clear of the other bookings with their buffers.
func assertBookingsValid(t *testing.T, e *rendezvous.DirectoryEntry) {
	t.Helper()
	loc, _ := time.LoadLocation(e.Provider.TimeZone)
	pol := e.Provider.Policy
	pol.Horizon = 365 * 24 * time.Hour
	sch := &rendezvous.Schedule{Location: loc, Policy: pol, Hours: e.Hours, TimeOff: e.TimeOff}
	// Bookings come in time order, so a booking's neighbours are the only
	// ones it could collide with.
	for i, b := range e.Bookings {
		var busy []rendezvous.Span
		for _, j := range []int{i - 1, i + 1} {
			if j >= 0 && j < len(e.Bookings) {
				if !e.Bookings[j].Start.After(b.Start) && j > i {
					t.Fatalf("bookings of provider %d out of order", e.Provider.ID)
				}
				busy = append(busy, rendezvous.Span{Start: e.Bookings[j].Start, End: e.Bookings[j].BlockedUntil})
			}
		}
		svc, _ := e.Provider.Service(b.ServiceID)
		if err := availability.Check(sch, svc.Duration, b.Start, now.AddDate(0, 0, -7), busy); err != nil {
			t.Fatalf("provider %d booking %s at %s: %v", e.Provider.ID, b.ID, b.Start.In(loc), err)
		}
		if !b.BlockedUntil.Equal(b.End.Add(pol.Buffer)) {
			t.Fatalf("booking %s: blocked until %s, want end + buffer", b.ID, b.BlockedUntil)
		}
	}
}

func TestBookingsOption(t *testing.T) {
	entries := collect(demo.Options{Providers: 500, Bookings: 10000, Now: now})
	n := 0
	for _, e := range entries {
		n += len(e.Bookings)
	}
	if n < 8500 || n > 11500 {
		t.Errorf("%d bookings, want about 10000", n)
	}
}

// TestPostcodes checks every address against the postal format of its
// country: five digits before a French city ("33000 Bordeaux", not
// "330000"), and a Canadian "A1A 1A1" in Montréal.
func TestPostcodes(t *testing.T) {
	french := regexp.MustCompile(`, (\d+) (\S.*)$`)
	canadian := regexp.MustCompile(`\(Québec\) [A-Z]\d[A-Z] \d[A-Z]\d$`)
	cities := map[string]bool{}
	for _, e := range collect(demo.Options{Providers: 600, Now: now}) {
		p := e.Provider
		if p.City == "Montréal" {
			if !canadian.MatchString(p.Address) {
				t.Errorf("%q: want a Canadian postcode", p.Address)
			}
			continue
		}
		m := french.FindStringSubmatch(p.Address)
		if m == nil || len(m[1]) != 5 || m[2] != p.City {
			t.Errorf("%q: want a five-digit postcode and then %s", p.Address, p.City)
			continue
		}
		cities[p.City] = true
	}
	if len(cities) < 15 {
		t.Errorf("only %d French cities checked", len(cities))
	}
}
