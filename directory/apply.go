package directory

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// Store is what an import writes through: the directory's administration,
// and the links from the other system's ids to ours.
type Store interface {
	Provider(ctx context.Context, id int64) (*rendezvous.Provider, error)
	Providers(ctx context.Context, f rendezvous.ProviderFilter) ([]*rendezvous.Provider, error)
	CreateProvider(ctx context.Context, p *rendezvous.Provider) error
	UpdateProvider(ctx context.Context, id int64, upd rendezvous.ProviderUpdate) (*rendezvous.Provider, error)
	CreateService(ctx context.Context, s *rendezvous.Service) error
	UpdateService(ctx context.Context, providerID, serviceID int64, upd rendezvous.ServiceUpdate) (*rendezvous.Service, error)
	// SetHours sets a new provider's hours (as the admin API's creation
	// of a provider does: nothing was closed before).
	SetHours(ctx context.Context, providerID int64, hours rendezvous.WeeklyHours, opts ...booking.WriteOption) error
	Schedule(ctx context.Context, providerID int64, since time.Time) (*rendezvous.Schedule, error)
	AddTimeOff(ctx context.Context, off *rendezvous.TimeOff) error
	// LinkExternalID records that externalID names the object id of kind
	// (KindProvider or KindService).
	LinkExternalID(ctx context.Context, kind, externalID string, id int64) error
	// ExternalIDs returns the links of a kind, external id to id.
	ExternalIDs(ctx context.Context, kind string) (map[string]int64, error)
}

// Schedules changes the schedules of existing providers as the admin API
// does (booking.Desk): hours widened and time off removed free time, and
// the change enqueues the waitlist's matcher of that time in its own
// transaction.
type Schedules interface {
	SetHours(ctx context.Context, providerID int64, hours rendezvous.WeeklyHours) error
	DeleteTimeOff(ctx context.Context, providerID, id int64) error
}

// The kinds of links.
const (
	KindProvider = "provider"
	KindService  = "service"
)

// Report counts what an import did, or would do (a dry run).
type Report struct {
	Created, Updated, Unchanged int
}

// Import creates the providers of rows that no earlier import created,
// and brings the others up to date: fields, services (added or changed;
// a service missing from the file is kept, as bookings may refer to it),
// weekly hours (replaced), and time off still ahead (the file's list
// replaces it; past absences are history). An existing provider's hours
// and time off change through sched, as the admin API's do, so that time
// they free is offered to the waitlist. With dryRun nothing is written.
// Time off is read as of now.
func Import(ctx context.Context, st Store, sched Schedules, rows []Row, now time.Time, dryRun bool) (Report, error) {
	providers, err := st.ExternalIDs(ctx, KindProvider)
	if err != nil {
		return Report{}, err
	}
	services, err := st.ExternalIDs(ctx, KindService)
	if err != nil {
		return Report{}, err
	}
	var rep Report
	for _, row := range rows {
		changed, created, err := importRow(ctx, st, sched, row, providers, services, now, dryRun)
		if err != nil {
			return rep, fmt.Errorf("%s: %w", row.where(), err)
		}
		switch {
		case created:
			rep.Created++
		case changed:
			rep.Updated++
		default:
			rep.Unchanged++
		}
	}
	return rep, nil
}

func importRow(ctx context.Context, st Store, sched Schedules, row Row, providers, services map[string]int64, now time.Time, dryRun bool) (changed, created bool, err error) {
	id, known := providers[row.ExternalID]
	if !known {
		// A line of an export of providers no import created.
		id, known = ownID(row.ExternalID)
	}
	var cur *rendezvous.Provider
	if known {
		if cur, err = st.Provider(ctx, id); rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
			known = false // linked to a provider deleted since
		} else if err != nil {
			return false, false, err
		}
	}
	if !known {
		if dryRun {
			return true, true, nil
		}
		p := row.Provider
		p.Services = slices.Clone(p.Services)
		if err := st.CreateProvider(ctx, &p); err != nil {
			return false, false, err
		}
		if err := st.LinkExternalID(ctx, KindProvider, row.ExternalID, p.ID); err != nil {
			return false, false, err
		}
		for i, svc := range p.Services {
			if err := st.LinkExternalID(ctx, KindService, row.ExternalID+"/"+row.ServiceIDs[i], svc.ID); err != nil {
				return false, false, err
			}
		}
		if len(row.Hours) > 0 {
			if err := st.SetHours(ctx, p.ID, row.Hours); err != nil {
				return false, false, err
			}
		}
		for _, off := range row.TimeOff {
			if !off.End.After(now) {
				continue
			}
			off.ProviderID = p.ID
			if err := st.AddTimeOff(ctx, &off); err != nil {
				return false, false, err
			}
		}
		return true, true, nil
	}

	want := row.Provider
	if upd, diff := providerUpdate(cur, &want); diff {
		changed = true
		if !dryRun {
			if _, err := st.UpdateProvider(ctx, cur.ID, upd); err != nil {
				return false, false, err
			}
		}
	}
	for i, svc := range want.Services {
		key := row.ExternalID + "/" + row.ServiceIDs[i]
		sid, ok := services[key]
		if !ok {
			sid, ok = ownID(row.ServiceIDs[i])
		}
		existing, found := cur.Service(sid)
		if !ok || !found {
			changed = true
			if dryRun {
				continue
			}
			svc.ProviderID = cur.ID
			if err := st.CreateService(ctx, &svc); err != nil {
				return false, false, err
			}
			if err := st.LinkExternalID(ctx, KindService, key, svc.ID); err != nil {
				return false, false, err
			}
			continue
		}
		if existing.Name != svc.Name || existing.Duration != svc.Duration || existing.PriceCents != svc.PriceCents {
			changed = true
			if !dryRun {
				if _, err := st.UpdateService(ctx, cur.ID, sid, rendezvous.ServiceUpdate{Name: &svc.Name, Duration: &svc.Duration, PriceCents: &svc.PriceCents}); err != nil {
					return false, false, err
				}
			}
		}
	}
	sch, err := st.Schedule(ctx, cur.ID, now)
	if err != nil {
		return false, false, err
	}
	if !sameHours(sch.Hours, row.Hours) {
		changed = true
		if !dryRun {
			if err := sched.SetHours(ctx, cur.ID, row.Hours); err != nil {
				return false, false, err
			}
		}
	}
	// Time off still ahead: the file's list replaces the stored one.
	var ahead []rendezvous.TimeOff
	for _, off := range row.TimeOff {
		if off.End.After(now) {
			ahead = append(ahead, off)
		}
	}
	for _, have := range sch.TimeOff {
		if !have.End.After(now) || slices.ContainsFunc(ahead, func(o rendezvous.TimeOff) bool { return sameTimeOff(o, have) }) {
			continue
		}
		changed = true
		if !dryRun {
			if err := sched.DeleteTimeOff(ctx, cur.ID, have.ID); err != nil {
				return false, false, err
			}
		}
	}
	for _, off := range ahead {
		if slices.ContainsFunc(sch.TimeOff, func(o rendezvous.TimeOff) bool { return sameTimeOff(o, off) }) {
			continue
		}
		changed = true
		if !dryRun {
			off.ProviderID = cur.ID
			if err := st.AddTimeOff(ctx, &off); err != nil {
				return false, false, err
			}
		}
	}
	return changed, false, nil
}

// providerUpdate lists the fields of cur that differ from want.
func providerUpdate(cur, want *rendezvous.Provider) (rendezvous.ProviderUpdate, bool) {
	var u rendezvous.ProviderUpdate
	diff := false
	if cur.Name != want.Name {
		u.Name, diff = &want.Name, true
	}
	if cur.Kind != want.Kind {
		u.Kind, diff = &want.Kind, true
	}
	if cur.City != want.City {
		u.City, diff = &want.City, true
	}
	if cur.Address != want.Address {
		u.Address, diff = &want.Address, true
	}
	if cur.TimeZone != want.TimeZone {
		u.TimeZone, diff = &want.TimeZone, true
	}
	if !slices.Equal(cur.Languages, want.Languages) && (len(cur.Languages) > 0 || len(want.Languages) > 0) {
		u.Languages, diff = &want.Languages, true
	}
	if cur.Policy != want.Policy {
		u.Policy, diff = &want.Policy, true
	}
	return u, diff
}

func sameHours(a, b rendezvous.WeeklyHours) bool {
	order := func(h rendezvous.WeeklyHours) rendezvous.WeeklyHours {
		h = slices.Clone(h)
		slices.SortFunc(h, func(x, y rendezvous.OpeningInterval) int {
			if x.Weekday != y.Weekday {
				return int(x.Weekday) - int(y.Weekday)
			}
			return int(x.Start) - int(y.Start)
		})
		return h
	}
	return slices.Equal(order(a), order(b))
}

func sameTimeOff(a, b rendezvous.TimeOff) bool {
	return a.Start.Equal(b.Start) && a.End.Equal(b.End) && a.Reason == b.Reason
}
