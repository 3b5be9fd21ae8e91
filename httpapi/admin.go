package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// authorizeAdmin checks the admin API key of an "Authorization: Bearer"
// header and returns it.
func (s *Server) authorizeAdmin(r *http.Request) (*rendezvous.AdminKey, error) {
	if s.admin == nil {
		return nil, rendezvous.Errorf(rendezvous.EUNAUTHORIZED, "administration is not enabled")
	}
	return s.admin.Verify(r.Context(), bearer(r))
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

func hoursFromJSON(in []OpeningJSON) (rendezvous.WeeklyHours, error) {
	var out rendezvous.WeeklyHours
	var fields []rendezvous.FieldError
	for i, o := range in {
		field := fmt.Sprintf("hours[%d]", i)
		day, ok := weekdays[strings.ToLower(o.Weekday)]
		if !ok {
			fields = append(fields, fieldError(field+".weekday", "must be a day such as monday"))
			continue
		}
		start, err1 := rendezvous.ParseClockTime(o.Start)
		end, err2 := rendezvous.ParseClockTime(o.End)
		if err1 != nil || err2 != nil {
			fields = append(fields, fieldError(field, "start and end must be HH:MM"))
			continue
		}
		out = append(out, rendezvous.OpeningInterval{Weekday: day, Start: start, End: end})
	}
	if err := rendezvous.ValidationError(fields); err != nil {
		return nil, err
	}
	return out, out.Validate()
}

func hoursJSON(h rendezvous.WeeklyHours) []OpeningJSON {
	out := make([]OpeningJSON, 0, len(h))
	for _, iv := range h {
		out = append(out, OpeningJSON{Weekday: strings.ToLower(iv.Weekday.String()), Start: iv.Start.String(), End: iv.End.String()})
	}
	return out
}

func policyFromJSON(p PolicyJSON) rendezvous.BookingPolicy {
	return rendezvous.BookingPolicy{
		SlotStep:  time.Duration(p.SlotStepMinutes) * time.Minute,
		Buffer:    time.Duration(p.BufferMinutes) * time.Minute,
		MinNotice: time.Duration(p.MinNoticeMinutes) * time.Minute,
		Horizon:   time.Duration(p.HorizonDays) * 24 * time.Hour,
	}
}

func (s *Server) adminCreateProvider(w http.ResponseWriter, r *http.Request) error {
	var req ProviderCreateJSON
	if err := decodeJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	p := &rendezvous.Provider{Name: req.Name, Kind: req.Kind, City: req.City, Address: req.Address,
		TimeZone: req.TimeZone, Languages: req.Languages, Policy: rendezvous.DefaultPolicy()}
	if p.Languages == nil {
		p.Languages = []string{}
	}
	if req.Policy != nil {
		p.Policy = policyFromJSON(*req.Policy)
	}
	for _, sv := range req.Services {
		p.Services = append(p.Services, rendezvous.Service{Name: sv.Name, Duration: time.Duration(sv.DurationMinutes) * time.Minute, PriceCents: sv.PriceCents})
	}
	hours, err := hoursFromJSON(req.Hours)
	if err != nil {
		return err
	}
	if err := s.desk.CreateProvider(r.Context(), p, hours); err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/v1/providers/%d", p.ID))
	writeJSON(w, http.StatusCreated, providerJSON(p))
	return nil
}

func (s *Server) adminUpdateProvider(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req ProviderPatchJSON
	if err := decodeJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	upd := rendezvous.ProviderUpdate{Name: req.Name, City: req.City, Address: req.Address, TimeZone: req.TimeZone, Languages: req.Languages}
	if req.Kind != nil {
		upd.Kind = req.Kind
	}
	if req.Policy != nil {
		pol := policyFromJSON(*req.Policy)
		upd.Policy = &pol
	}
	p, err := s.desk.UpdateProvider(r.Context(), id, upd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, providerJSON(p))
	return nil
}

func (s *Server) adminCreateService(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req ServiceCreateJSON
	if err := decodeJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	svc := &rendezvous.Service{ProviderID: id, Name: req.Name, Duration: time.Duration(req.DurationMinutes) * time.Minute, PriceCents: req.PriceCents}
	if err := s.desk.CreateService(r.Context(), svc); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, serviceJSON(*svc))
	return nil
}

func (s *Server) adminUpdateService(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sid, err := pathID(r, "service_id")
	if err != nil {
		return err
	}
	var req ServicePatchJSON
	if err := decodeJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	upd := rendezvous.ServiceUpdate{Name: req.Name, PriceCents: req.PriceCents}
	if req.DurationMinutes != nil {
		d := time.Duration(*req.DurationMinutes) * time.Minute
		upd.Duration = &d
	}
	svc, err := s.desk.UpdateService(r.Context(), id, sid, upd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, serviceJSON(*svc))
	return nil
}

func (s *Server) adminGetSchedule(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sch, err := s.desk.Hours(r.Context(), id)
	if err != nil {
		return err
	}
	out := ScheduleJSON{Hours: hoursJSON(sch.Hours), TimeOff: make([]TimeOffJSON, 0, len(sch.TimeOff))}
	for _, off := range sch.TimeOff {
		out.TimeOff = append(out.TimeOff, TimeOffJSON{ID: off.ID, Start: off.Start.In(sch.Location), End: off.End.In(sch.Location), Reason: off.Reason})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) adminSetHours(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req HoursJSON
	if err := decodeJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	hours, err := hoursFromJSON(req.Hours)
	if err != nil {
		return err
	}
	if err := s.desk.SetHours(r.Context(), id, hours); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, HoursJSON{Hours: hoursJSON(hours)})
	return nil
}

func (s *Server) adminAddTimeOff(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req TimeOffJSON
	if err := decodeJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	if req.ID != 0 {
		return rendezvous.ValidationError([]rendezvous.FieldError{fieldError("id", "is set by the server")})
	}
	off := &rendezvous.TimeOff{ProviderID: id, Start: req.Start, End: req.End, Reason: req.Reason}
	if err := s.desk.AddTimeOff(r.Context(), off); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, TimeOffJSON{ID: off.ID, Start: off.Start, End: off.End, Reason: off.Reason})
	return nil
}

func (s *Server) adminDeleteTimeOff(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	oid, err := pathID(r, "time_off_id")
	if err != nil {
		return err
	}
	if err := s.desk.DeleteTimeOff(r.Context(), id, oid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) adminListBookings(w http.ResponseWriter, r *http.Request) error {
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
	bookings, p, err := s.desk.ProviderBookings(r.Context(), id, from, to)
	if err != nil {
		return err
	}
	out := BookingListJSON{Bookings: make([]BookingJSON, 0, len(bookings))}
	for _, b := range bookings {
		out.Bookings = append(out.Bookings, bookingJSON(b, p, ""))
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}
