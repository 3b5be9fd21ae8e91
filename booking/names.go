package booking

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/rendezvous-oss/rendezvous"
)

// namesTTL is how long the directory's names are kept.
const namesTTL = 5 * time.Minute

// names caches the directory's cities, their time zones and the
// providers' names.
type names struct {
	store Store
	now   func() time.Time

	mu       sync.Mutex
	cities   []string
	zones    map[string]*time.Location // by folded city
	provs    []string
	loadedAt time.Time
	sf       singleflight.Group
}

func (n *names) load(ctx context.Context) error {
	n.mu.Lock()
	fresh := n.zones != nil && n.now().Sub(n.loadedAt) < namesTTL
	n.mu.Unlock()
	if fresh {
		return nil
	}
	_, err, _ := n.sf.Do("names", func() (any, error) {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		ns, err := n.store.Names(lctx)
		if err != nil {
			return nil, fmt.Errorf("directory names: %w", err)
		}
		zones := make(map[string]*time.Location, len(ns.Cities))
		cities := make([]string, 0, len(ns.Cities))
		for _, c := range ns.Cities {
			cities = append(cities, c.Name)
			if loc, err := rendezvous.LoadLocation(c.TimeZone); err == nil {
				zones[rendezvous.FoldKey(c.Name)] = loc
			}
		}
		n.mu.Lock()
		n.cities, n.zones, n.provs, n.loadedAt = cities, zones, ns.Providers, n.now()
		n.mu.Unlock()
		return nil, nil
	})
	n.mu.Lock()
	have := n.zones != nil
	n.mu.Unlock()
	if err != nil && have {
		return nil // keep the names we had
	}
	return err
}

// Names returns the directory's cities and providers' names (kept for a
// few minutes), for the understanding of messages.
func (d *Desk) Names(ctx context.Context) (cities, providers []string, err error) {
	if err := d.names.load(ctx); err != nil {
		return nil, nil, err
	}
	d.names.mu.Lock()
	defer d.names.mu.Unlock()
	return d.names.cities, d.names.provs, nil
}

// Cities returns the directory's cities, those with the most providers
// first.
func (d *Desk) Cities(ctx context.Context) ([]string, error) {
	cities, _, err := d.Names(ctx)
	return cities, err
}

// CityZone returns the time zone of a city of the directory, or nil.
func (d *Desk) CityZone(ctx context.Context, city string) *time.Location {
	if d.names.load(ctx) != nil {
		return nil
	}
	d.names.mu.Lock()
	defer d.names.mu.Unlock()
	return d.names.zones[rendezvous.FoldKey(city)]
}
