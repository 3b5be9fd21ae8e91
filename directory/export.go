package directory

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// ownPrefix marks the external id Export gives a provider or service that
// no import created (the API's, the demo's): importing it back finds that
// provider or service by its own id.
const ownPrefix = "rendezvous-"

// ownID reads an id written by Export for an object no import created.
func ownID(externalID string) (int64, bool) {
	rest, ok := strings.CutPrefix(externalID, ownPrefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// Export writes every provider as a line of the import format, with its
// services, weekly hours and time off that ends after now. It returns how
// many providers it wrote.
func Export(ctx context.Context, st Store, w io.Writer, now time.Time) (int, error) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return walk(ctx, st, now, func(e Entry, _ *time.Location) error {
		if err := enc.Encode(e); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return nil
	})
}

// walk calls fn with every provider as an entry of the import format, and
// its time zone; it returns how many it passed.
func walk(ctx context.Context, st Store, now time.Time, fn func(Entry, *time.Location) error) (int, error) {
	providerExt, err := reverse(ctx, st, KindProvider)
	if err != nil {
		return 0, err
	}
	serviceExt, err := reverse(ctx, st, KindService)
	if err != nil {
		return 0, err
	}
	n := 0
	var after int64
	for {
		page, err := st.Providers(ctx, rendezvous.ProviderFilter{AfterID: after, Limit: 500})
		if err != nil {
			return n, err
		}
		if len(page) == 0 {
			return n, nil
		}
		for _, p := range page {
			after = p.ID
			sch, err := st.Schedule(ctx, p.ID, now)
			if err != nil {
				return n, err
			}
			if err := fn(entryOf(p, sch, providerExt, serviceExt), sch.Location); err != nil {
				return n, err
			}
			n++
		}
	}
}

func reverse(ctx context.Context, st Store, kind string) (map[int64]string, error) {
	links, err := st.ExternalIDs(ctx, kind)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(links))
	for ext, id := range links {
		out[id] = ext
	}
	return out, nil
}

func entryOf(p *rendezvous.Provider, sch *rendezvous.Schedule, providerExt, serviceExt map[int64]string) Entry {
	ext, ok := providerExt[p.ID]
	if !ok {
		ext = ownPrefix + strconv.FormatInt(p.ID, 10)
	}
	ints := func(d, unit time.Duration) *int { v := int(d / unit); return &v }
	e := Entry{ExternalID: ext, Name: p.Name, Kind: string(p.Kind), City: p.City, Address: p.Address, TimeZone: p.TimeZone,
		Languages: p.Languages, Services: []ServiceEntry{}, Hours: []HoursEntry{},
		Policy: &PolicyEntry{BufferMinutes: ints(p.Policy.Buffer, time.Minute), MinNoticeMinutes: ints(p.Policy.MinNotice, time.Minute),
			HorizonDays: ints(p.Policy.Horizon, 24*time.Hour), SlotStepMinutes: ints(p.Policy.SlotStep, time.Minute)}}
	for _, s := range p.Services {
		sext, ok := serviceExt[s.ID]
		if ok {
			sext = strings.TrimPrefix(sext, ext+"/")
		} else {
			sext = ownPrefix + strconv.FormatInt(s.ID, 10)
		}
		e.Services = append(e.Services, ServiceEntry{ExternalID: sext, Name: s.Name, DurationMinutes: int(s.Duration / time.Minute), PriceCents: s.PriceCents})
	}
	for _, h := range sch.Hours {
		e.Hours = append(e.Hours, HoursEntry{Weekday: strings.ToLower(h.Weekday.String()), Start: h.Start.String(), End: h.End.String()})
	}
	for _, o := range sch.TimeOff {
		e.TimeOff = append(e.TimeOff, TimeOffEntry{Start: o.Start.In(sch.Location).Format(time.RFC3339), End: o.End.In(sch.Location).Format(time.RFC3339), Reason: o.Reason})
	}
	return e
}
