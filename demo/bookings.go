package demo

import (
	"fmt"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// demoFill is the share of opening hours the demo's bookings take.
const demoFill = 0.4

// bookings walks every opening interval of the coming weeks on the
// provider's slot grid and books with a probability tuned to the wanted
// fill, so bookings respect hours, time off and buffers like real ones.
func (g *generator) bookings(r *rng, e *rendezvous.DirectoryEntry, loc *time.Location) []rendezvous.Booking {
	p := &e.Provider
	day0 := startOfDay(g.opts.Now, loc)
	days := 7 * g.opts.Weeks
	openMinutes := 0
	for _, iv := range e.Hours {
		openMinutes += int(iv.End - iv.Start)
	}
	openMinutes = openMinutes * days / 7
	if openMinutes == 0 || len(p.Services) == 0 {
		return nil
	}
	meanBlock := 0.0
	for _, s := range p.Services {
		meanBlock += s.Duration.Minutes()
	}
	meanBlock = meanBlock/float64(len(p.Services)) + p.Policy.Buffer.Minutes()
	fill := demoFill
	if g.opts.Bookings > 0 {
		perProvider := float64(g.opts.Bookings) / float64(g.opts.Providers)
		fill = min(0.9, perProvider*meanBlock/float64(openMinutes))
	}
	// Free time between bookings is geometric in steps: booking at a free
	// grid point with probability q gives a fill of block/(block+step/q).
	step := p.Policy.SlotStep
	blockSteps := meanBlock / step.Minutes()
	q := min(1, fill/((1-fill)*blockSteps))

	var out []rendezvous.Booking
	for d := range days {
		date := day0.AddDate(0, 0, d)
		y, m, dd := date.Date()
		for _, iv := range e.Hours.Day(date.Weekday()) {
			ivStart := time.Date(y, m, dd, int(iv.Start)/60, int(iv.Start)%60, 0, 0, loc)
			ivEnd := time.Date(y, m, dd, int(iv.End)/60, int(iv.End)%60, 0, 0, loc)
			for t := ivStart; t.Before(ivEnd); t = t.Add(step) {
				if r.Float64() >= q {
					continue
				}
				svc := p.Services[r.IntN(len(p.Services))]
				end := t.Add(svc.Duration)
				if end.After(ivEnd) || overlapsTimeOff(e.TimeOff, t, end) {
					continue
				}
				until := end.Add(p.Policy.Buffer)
				out = append(out, g.booking(r, p, svc, t, end, until))
				// The next start is the first grid point past the buffer.
				for t.Add(step).Before(until) {
					t = t.Add(step)
				}
			}
		}
	}
	return out
}

func overlapsTimeOff(offs []rendezvous.TimeOff, start, end time.Time) bool {
	for _, off := range offs {
		if start.Before(off.End) && off.Start.Before(end) {
			return true
		}
	}
	return false
}

func (g *generator) booking(r *rng, p *rendezvous.Provider, svc rendezvous.Service, start, end, until time.Time) rendezvous.Booking {
	g.bookingSeq++
	n := g.bookingSeq
	created := start.Add(-time.Duration(1+r.IntN(20*24)) * time.Hour).UTC()
	if today := g.today(); created.After(today) {
		created = today
	}
	return rendezvous.Booking{
		ID:           bookingID(g.opts.Seed, n),
		ProviderID:   p.ID,
		ServiceID:    svc.ID,
		Start:        start.UTC(),
		End:          end.UTC(),
		BlockedUntil: until.UTC(),
		Status:       rendezvous.StatusBooked,
		Customer:     demoCustomer(p.TimeZone, n),
		CreatedAt:    created,
		UpdatedAt:    created,
	}
}

// demoCustomer is an obviously fictitious customer: a numbered name, an
// address under the reserved .invalid domain, and a number from the
// ranges reserved for fiction (ARCEP's 01 99 00 xx xx, North America's
// 555-01xx), which libphonenumber accepts like any other.
func demoCustomer(timeZone string, n uint64) rendezvous.Customer {
	c := rendezvous.Customer{
		Name:  fmt.Sprintf("Client démo %d", n),
		Email: fmt.Sprintf("client%d@demo.rendezvous.invalid", n),
		Phone: fmt.Sprintf("+3319900%04d", n%10000),
	}
	if timeZone == "America/Toronto" {
		c.Phone = fmt.Sprintf("+1514555%04d", 100+n%100)
	}
	return c
}

// bookingID makes the n-th demo booking's id: a bijective scramble of n
// over 50 bits, so ids are unique, look random and repeat with the seed.
func bookingID(seed, n uint64) string {
	const mask = 1<<50 - 1
	x := (n*0x9E3779B97F4A7C15 + seed*0x2545F4914F6CDD1D) & mask
	x = (x * 0x5851F42D4C957F2D) & mask // odd multiplier: a bijection mod 2^50
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	b := []byte("RDV-0000000000")
	for i := len(b) - 1; i >= 4; i-- {
		b[i] = alphabet[x&31]
		x >>= 5
	}
	return string(b)
}
