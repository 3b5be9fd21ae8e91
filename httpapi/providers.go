package httpapi

import (
	"net/http"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

func (s *Server) listProviders(w http.ResponseWriter, r *http.Request) error {
	kind, err := queryString(r, "kind")
	if err != nil {
		return err
	}
	city, err := queryString(r, "city")
	if err != nil {
		return err
	}
	q, err := queryString(r, "q")
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", 20, 1, 100)
	if err != nil {
		return err
	}
	after, err := decodeCursor(queryGet(r, "cursor"))
	if err != nil {
		return err
	}
	ps, next, err := s.desk.Providers(r.Context(), rendezvous.ProviderFilter{
		Kind: rendezvous.ParseKind(kind), City: city, Query: q, AfterID: after, Limit: int(limit)})
	if err != nil {
		return err
	}
	out := ProviderListJSON{Providers: make([]ProviderJSON, 0, len(ps))}
	for _, p := range ps {
		out.Providers = append(out.Providers, providerJSON(p))
	}
	if next != 0 {
		c := encodeCursor(next)
		out.NextCursor = &c
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getProvider(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.desk.Provider(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, providerJSON(p))
	return nil
}

func (s *Server) providerAvailability(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	from, _, err := queryDate(r, "from", true)
	if err != nil {
		return err
	}
	to, ok, err := queryDate(r, "to", false)
	if err != nil {
		return err
	}
	if !ok {
		to = from
	}
	serviceID, err := queryInt(r, "service_id", 0, 0, 1<<62)
	if err != nil {
		return err
	}
	slots, err := s.desk.ProviderSlots(r.Context(), id, serviceID, from, to)
	if err != nil {
		return err
	}
	out := SlotListJSON{Slots: make([]SlotJSON, 0, len(slots))}
	for _, sl := range slots {
		out.Slots = append(out.Slots, slotJSON(sl, false))
	}
	s.writeAppended(w, http.StatusOK, out)
	return nil
}

func (s *Server) searchAvailability(w http.ResponseWriter, r *http.Request) error {
	kind, err := queryString(r, "kind")
	if err != nil {
		return err
	}
	city, err := queryString(r, "city")
	if err != nil {
		return err
	}
	service, err := queryString(r, "service")
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", 10, 1, 50)
	if err != nil {
		return err
	}
	q := booking.SearchQuery{Kind: rendezvous.ParseKind(kind), City: city, Service: service, Limit: int(limit)}
	loc := func() (*time.Location, error) {
		l, err := s.desk.Location(r.Context(), q.Kind, q.City)
		if rendezvous.ErrorCodeOf(err) == rendezvous.ENOTFOUND {
			return time.UTC, nil // nobody there: the search will find no slot anyway
		}
		return l, err
	}
	if q.After, err = queryTime(r, "after", loc); err != nil {
		return err
	}
	if q.Before, err = queryTime(r, "before", loc); err != nil {
		return err
	}
	slots, err := s.desk.Earliest(r.Context(), q)
	if err != nil {
		return err
	}
	out := SlotListJSON{Slots: make([]SlotJSON, 0, len(slots))}
	for _, sl := range slots {
		out.Slots = append(out.Slots, slotJSON(sl, true))
	}
	s.writeAppended(w, http.StatusOK, out)
	return nil
}
