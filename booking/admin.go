package booking

import (
	"context"

	"github.com/rendezvous-oss/rendezvous"
)

// The administration of the directory. Every change drops the search
// cache of this instance; other instances drop theirs when their Index's
// change feed reports it, or within Options.GroupTTL without one.

// CreateProvider validates and creates a provider with its services.
func (d *Desk) CreateProvider(ctx context.Context, p *rendezvous.Provider, hours rendezvous.WeeklyHours) error {
	if err := rendezvous.ValidateProvider(p); err != nil {
		return err
	}
	for i := range p.Services {
		if err := rendezvous.ValidateService(&p.Services[i]); err != nil {
			return err
		}
	}
	if err := hours.Validate(); err != nil {
		return err
	}
	if err := d.store.CreateProvider(ctx, p); err != nil {
		return err
	}
	if len(hours) > 0 {
		if err := d.store.SetHours(ctx, p.ID, hours); err != nil {
			return err
		}
	}
	d.purge()
	return nil
}

// UpdateProvider changes some fields of a provider.
func (d *Desk) UpdateProvider(ctx context.Context, id int64, upd rendezvous.ProviderUpdate) (*rendezvous.Provider, error) {
	p, err := d.store.UpdateProvider(ctx, id, upd)
	d.purge()
	return p, err
}

// CreateService adds a service to a provider.
func (d *Desk) CreateService(ctx context.Context, s *rendezvous.Service) error {
	if err := rendezvous.ValidateService(s); err != nil {
		return err
	}
	err := d.store.CreateService(ctx, s)
	d.purge()
	return err
}

// UpdateService changes a service of a provider.
func (d *Desk) UpdateService(ctx context.Context, providerID, serviceID int64, upd rendezvous.ServiceUpdate) (*rendezvous.Service, error) {
	s, err := d.store.UpdateService(ctx, providerID, serviceID, upd)
	d.purge()
	return s, err
}

// Hours returns a provider's schedule (hours and future time off).
func (d *Desk) Hours(ctx context.Context, providerID int64) (*rendezvous.Schedule, error) {
	return d.store.Schedule(ctx, providerID, d.now())
}

// SetHours replaces a provider's weekly opening hours.
func (d *Desk) SetHours(ctx context.Context, providerID int64, hours rendezvous.WeeklyHours) error {
	if err := hours.Validate(); err != nil {
		return err
	}
	err := d.store.SetHours(ctx, providerID, hours, d.withOpened(ctx, providerID, hours))
	d.purge()
	return err
}

// withOpened is the option of new opening hours: the store reports, in
// its transaction, whether they open a time the old ones kept closed;
// the matcher is then run over the days ahead, on the times opened
// (read from the schedule just before: a concurrent change of the same
// hours at worst runs it over a little more or less).
func (d *Desk) withOpened(ctx context.Context, providerID int64, hours rendezvous.WeeklyHours) WriteOption {
	if d.freed == nil {
		return nil
	}
	now := d.now()
	sch, err := d.store.Schedule(ctx, providerID, now)
	if err != nil {
		return d.withFreed(now) // the store reports the error; else: the whole horizon
	}
	opened := hours.Added(sch.Hours).Spans(sch.Location, now, now.Add(rendezvous.MaxWaitlistHorizon))
	return WithFreed(func(providerID int64, _ rendezvous.Span) []Job {
		var out []Job
		for _, span := range opened {
			out = append(out, d.freed.Freed(providerID, span, now)...)
		}
		return out
	})
}

// AddTimeOff records an absence of a provider.
func (d *Desk) AddTimeOff(ctx context.Context, off *rendezvous.TimeOff) error {
	if err := rendezvous.ValidateTimeOff(off); err != nil {
		return err
	}
	err := d.store.AddTimeOff(ctx, off)
	d.purge()
	return err
}

// DeleteTimeOff removes an absence.
func (d *Desk) DeleteTimeOff(ctx context.Context, providerID, id int64) error {
	err := d.store.DeleteTimeOff(ctx, providerID, id, d.withFreed(d.now()))
	d.purge()
	return err
}

// purge drops the desk's caches after a change to the directory.
func (d *Desk) purge() {
	d.groups.purge()
	d.providers.purge()
	d.names.expire()
}
