package booking

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/rendezvous-oss/rendezvous"
)

// namesTTL is how long the directory's names are kept.
const namesTTL = 5 * time.Minute

// names caches the directory's cities, their time zones and the
// providers' names. Every chat turn reads them: readers take no lock, they
// load the current snapshot.
type names struct {
	store Store
	now   func() time.Time

	snap atomic.Pointer[namesSnapshot]
	sf   singleflight.Group
}

// namesSnapshot is one read of the names; never modified once stored.
type namesSnapshot struct {
	cities   []string
	zones    map[string]*time.Location // by folded city
	provs    []string
	loadedAt time.Time
}

// get returns the names, read again when older than namesTTL; when that
// read fails it keeps the names it had.
func (n *names) get(ctx context.Context) (*namesSnapshot, error) {
	old := n.snap.Load()
	if old != nil && n.now().Sub(old.loadedAt) < namesTTL {
		return old, nil
	}
	v, err, _ := n.sf.Do("names", func() (any, error) {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		ns, err := n.store.Names(lctx)
		if err != nil {
			return nil, fmt.Errorf("directory names: %w", err)
		}
		snap := &namesSnapshot{zones: make(map[string]*time.Location, len(ns.Cities)), cities: make([]string, 0, len(ns.Cities)),
			provs: ns.Providers, loadedAt: n.now()}
		for _, c := range ns.Cities {
			snap.cities = append(snap.cities, c.Name)
			if loc, err := rendezvous.LoadLocation(c.TimeZone); err == nil {
				snap.zones[rendezvous.FoldKey(c.Name)] = loc
			}
		}
		n.snap.Store(snap)
		return snap, nil
	})
	if err != nil {
		if old != nil {
			return old, nil // keep the names we had
		}
		return nil, err
	}
	return v.(*namesSnapshot), nil
}

// expire makes the next get read the names again.
func (n *names) expire() {
	if old := n.snap.Load(); old != nil {
		stale := *old
		stale.loadedAt = time.Time{}
		n.snap.CompareAndSwap(old, &stale)
	}
}

// Names returns the directory's cities and providers' names (kept for a
// few minutes), for the understanding of messages.
func (d *Desk) Names(ctx context.Context) (cities, providers []string, err error) {
	snap, err := d.names.get(ctx)
	if err != nil {
		return nil, nil, err
	}
	return snap.cities, snap.provs, nil
}

// Cities returns the directory's cities, those with the most providers
// first.
func (d *Desk) Cities(ctx context.Context) ([]string, error) {
	cities, _, err := d.Names(ctx)
	return cities, err
}

// CityZone returns the time zone of a city of the directory, or nil.
func (d *Desk) CityZone(ctx context.Context, city string) *time.Location {
	snap, err := d.names.get(ctx)
	if err != nil {
		return nil
	}
	var buf [64]byte
	return snap.zones[string(rendezvous.AppendFoldKey(buf[:0], city))] // looked up, not copied
}
