// Package demo generates the demo directory: a realistic, deterministic
// set of providers across French cities and Montréal, with opening hours,
// holidays and existing bookings around "now". The same seed, size and
// day give the same directory, so demos, tests and benchmarks repeat.
package demo

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// Options sizes the directory. Zero values mean the defaults.
type Options struct {
	// Seed makes the directory; 1 by default.
	Seed uint64
	// Providers is how many providers to make (2,000).
	Providers int
	// Bookings is the total number of existing bookings to place over the
	// next Weeks. Zero fills about 40% of every provider's opening hours.
	Bookings int
	// Weeks of bookings from the start of Now's day (4).
	Weeks int
	// Now anchors holidays and bookings; the time of day does not matter.
	Now time.Time
}

// DefaultProviders is the size of the directory seeded on first start.
const DefaultProviders = 2000

// Generate returns the directory as a sequence of entries, made one at a
// time so that large directories never sit in memory whole. Provider ids
// run from 1 to Providers.
func Generate(opts Options) iter.Seq[*rendezvous.DirectoryEntry] {
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.Providers <= 0 {
		opts.Providers = DefaultProviders
	}
	if opts.Weeks <= 0 {
		opts.Weeks = 4
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	g := &generator{opts: opts, cities: cities(), kinds: kindProfiles()}
	for _, c := range g.cities {
		g.cityTotal += c.weight
	}
	for _, k := range g.kinds {
		g.kindTotal += k.weight
	}
	return func(yield func(*rendezvous.DirectoryEntry) bool) {
		for i := range opts.Providers {
			if !yield(g.entry(i)) {
				return
			}
		}
	}
}

type generator struct {
	opts                 Options
	cities               []city
	kinds                []kindProfile
	cityTotal, kindTotal int
	serviceID, offID     int64
	bookingSeq           uint64
}

// rng is a seeded random source with a few conveniences.
type rng struct{ *rand.Rand }

func (r *rng) pick(words []string) string { return words[r.IntN(len(words))] }

func (g *generator) entry(i int) *rendezvous.DirectoryEntry {
	// Each provider has its own stream, so provider i is the same whatever
	// the directory's size.
	r := &rng{rand.New(rand.NewPCG(g.opts.Seed, uint64(i)))}
	c := g.pickCity(r)
	k := g.pickKind(r)
	id := int64(i + 1)
	created := g.today().Add(-time.Duration(30+r.IntN(700)) * 24 * time.Hour)
	p := rendezvous.Provider{
		ID:        id,
		Name:      k.name(r, c),
		Kind:      k.kind,
		City:      c.name,
		Address:   g.address(r, c),
		TimeZone:  c.timeZone,
		Languages: languages(r, c),
		Policy: rendezvous.BookingPolicy{
			Buffer:    time.Duration(5*r.IntN(3)) * time.Minute,
			MinNotice: time.Duration(1+r.IntN(2)) * time.Hour,
			Horizon:   time.Duration(60+30*r.IntN(2)) * 24 * time.Hour,
			SlotStep:  k.steps[r.IntN(len(k.steps))],
		},
		CreatedAt: created,
		UpdatedAt: created,
	}
	// Every provider offers the kind's first service, and some of the others.
	for j, st := range k.services {
		if j > 0 && r.IntN(3) == 0 {
			continue
		}
		g.serviceID++
		p.Services = append(p.Services, rendezvous.Service{
			ID: g.serviceID, ProviderID: id, Name: st.name,
			Duration:   time.Duration(st.minutes) * time.Minute,
			PriceCents: int64(st.priceEUR*100 + 500*(r.IntN(5)-2)),
		})
	}
	e := &rendezvous.DirectoryEntry{Provider: p, Hours: k.hours(r)}
	loc, err := time.LoadLocation(c.timeZone)
	if err != nil {
		panic(fmt.Sprintf("demo: zone %s: %v", c.timeZone, err)) // the zones above are known
	}
	e.TimeOff = g.timeOff(r, id, loc)
	e.Bookings = g.bookings(r, e, loc)
	return e
}

func (g *generator) pickCity(r *rng) city {
	n := r.IntN(g.cityTotal)
	for _, c := range g.cities {
		if n < c.weight {
			return c
		}
		n -= c.weight
	}
	return g.cities[0]
}

func (g *generator) pickKind(r *rng) kindProfile {
	n := r.IntN(g.kindTotal)
	for _, k := range g.kinds {
		if n < k.weight {
			return k
		}
		n -= k.weight
	}
	return g.kinds[0]
}

func (g *generator) address(r *rng, c city) string {
	n := r.IntN(50)
	if c.english {
		return fmt.Sprintf("%d %s, Montréal (Québec) %s", 100+r.IntN(8000), r.pick(montrealStreets), c.postcode(n))
	}
	return fmt.Sprintf("%d %s %s, %s %s", 1+r.IntN(120), r.pick(streetTypes), r.pick(streetNames), c.postcode(n), c.name)
}

func languages(r *rng, c city) []string {
	switch {
	case c.english && r.IntN(4) != 0:
		return []string{"fr", "en"}
	case r.IntN(3) == 0:
		return []string{"fr", "en"}
	case r.IntN(12) == 0:
		return []string{"fr", "en", []string{"es", "de", "it", "ar", "pt"}[r.IntN(5)]}
	}
	return []string{"fr"}
}

// today is the start of Now's day in UTC: every generated timestamp
// derives from it, not from Now's time of day.
func (g *generator) today() time.Time { return startOfDay(g.opts.Now, time.UTC) }

// startOfDay is midnight of t's date in loc.
func startOfDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// timeOff gives some providers a week of holidays and others a half day.
func (g *generator) timeOff(r *rng, providerID int64, loc *time.Location) []rendezvous.TimeOff {
	var out []rendezvous.TimeOff
	day0 := startOfDay(g.opts.Now, loc)
	add := func(start, end time.Time, reason string) {
		g.offID++
		out = append(out, rendezvous.TimeOff{ID: g.offID, ProviderID: providerID, Start: start.UTC(), End: end.UTC(), Reason: reason})
	}
	if r.IntN(7) == 0 {
		start := day0.AddDate(0, 0, 3+r.IntN(7*g.opts.Weeks))
		add(start, start.AddDate(0, 0, 7), "Congés")
	}
	if r.IntN(5) == 0 {
		start := day0.AddDate(0, 0, 1+r.IntN(7*g.opts.Weeks)).Add(13 * time.Hour)
		add(start, start.Add(7*time.Hour), "Formation")
	}
	return out
}
