package httpapi

import (
	"net/http"
	"strconv"

	"github.com/rendezvous-oss/rendezvous"
)

// The customer's data rights over HTTP: export and erasure of one booking
// with its manage token, of every booking of an address by an operator,
// and the audit log that records the operators' actions
// (docs/privacy.md).

// privacyRoutes are the data-rights endpoints, served and documented with
// the rest.
func (s *Server) privacyRoutes() []Endpoint {
	bookingID := Param{Name: "id", In: "path", Type: "string", Required: true, Description: "booking id (the booking reference)"}
	return []Endpoint{
		{Method: "GET", Path: "/v1/bookings/{id}/export", OperationID: "exportBooking", RateClass: RateBooking, Tag: "privacy", Auth: AuthBooking, PersonalData: true,
			Summary: "Everything stored about a booking and its customer", Description: "The document of docs/privacy.md (schema rendezvous.export/1).",
			Params: []Param{bookingID}, Responses: append([]Response{ok(200, "The export", ExportJSON{})}, problems(400, 401, 404)...), Handle: s.exportBooking},
		{Method: "POST", Path: "/v1/bookings/{id}/erase", OperationID: "eraseBooking", RateClass: RateBooking, Tag: "privacy", Auth: AuthBooking,
			Summary:     "Erase the customer's details from a booking",
			Description: "Removes name, email and phone; keeps provider, service and times. An appointment still ahead is cancelled. Revokes every manage token of the booking, this one included: a second call answers 401.",
			Params:      []Param{bookingID}, Responses: append([]Response{ok(200, "Erased", ErasureJSON{})}, problems(400, 401, 404, 413, 415)...), Handle: s.eraseBooking},
		{Method: "POST", Path: "/v1/admin/privacy/export", OperationID: "adminPrivacyExport", RateClass: RateAdmin, Tag: "privacy", Auth: AuthAdmin, PersonalData: true,
			Summary:     "Export every booking of an email address",
			Description: "The address travels in the body, never in a URL that proxies log. Recorded in the audit log with a digest of the address.",
			Body:        PrivacyRequestJSON{}, Responses: append([]Response{ok(200, "The export", ExportJSON{})}, problems(400, 401, 413, 415, 422)...), Handle: s.adminPrivacyExport},
		{Method: "POST", Path: "/v1/admin/privacy/erase", OperationID: "adminPrivacyErase", RateClass: RateAdmin, Tag: "privacy", Auth: AuthAdmin,
			Summary:     "Erase the customer's details from every booking of an email address",
			Description: "As /v1/bookings/{id}/erase for each booking; idempotent (a second call erases nothing). Recorded in the audit log with a digest of the address and the count.",
			Body:        PrivacyRequestJSON{}, Responses: append([]Response{ok(200, "Erased", ErasureJSON{})}, problems(400, 401, 413, 415, 422)...), Handle: s.adminPrivacyErase},
		{Method: "GET", Path: "/v1/admin/audit", OperationID: "adminAuditLog", RateClass: RateAdmin, Tag: "privacy", Auth: AuthAdmin,
			Summary: "The audit log of administrative actions, oldest first",
			Params: []Param{
				{Name: "after", In: "query", Type: "integer", Description: "return entries after this id (next_after of the previous page); default 0"},
				{Name: "limit", In: "query", Type: "integer", Description: "1 to 1000, default 100"},
			},
			Responses: append([]Response{ok(200, "A page of entries", AuditListJSON{})}, problems(400, 401)...), Handle: s.listAudit},
	}
}

func (s *Server) exportBooking(w http.ResponseWriter, r *http.Request) error {
	id, err := bookingIDParam(r)
	if err != nil {
		return err
	}
	exp, err := s.desk.ExportBooking(r.Context(), id, bearer(r))
	if err != nil {
		return err
	}
	writeExport(w, NewExportJSON(exp))
	return nil
}

func (s *Server) eraseBooking(w http.ResponseWriter, r *http.Request) error {
	id, err := bookingIDParam(r)
	if err != nil {
		return err
	}
	if err := emptyBody(w, r); err != nil {
		return err
	}
	er, err := s.desk.EraseBooking(r.Context(), id, bearer(r))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, erasureJSON(er))
	return nil
}

// privacyRequest reads an operator's request and notes the digest of its
// address for the audit log.
func (s *Server) privacyRequest(w http.ResponseWriter, r *http.Request) (string, error) {
	var req PrivacyRequestJSON
	if err := decodeJSON(w, r, s.maxBody, &req); err != nil {
		return "", err
	}
	addr, err := rendezvous.NormalizeEmail(req.Email)
	if err != nil {
		return "", rendezvous.ValidationError([]rendezvous.FieldError{fieldError("email", err.Error())})
	}
	noteAudit(r.Context(), rendezvous.AuditEmail(addr))
	return addr, nil
}

func (s *Server) adminPrivacyExport(w http.ResponseWriter, r *http.Request) error {
	addr, err := s.privacyRequest(w, r)
	if err != nil {
		return err
	}
	exp, err := s.desk.ExportByEmail(r.Context(), addr)
	if err != nil {
		return err
	}
	noteAudit(r.Context(), "bookings="+strconv.Itoa(len(exp.Bookings)))
	writeExport(w, NewExportJSON(exp))
	return nil
}

func (s *Server) adminPrivacyErase(w http.ResponseWriter, r *http.Request) error {
	addr, err := s.privacyRequest(w, r)
	if err != nil {
		return err
	}
	er, err := s.desk.EraseByEmail(r.Context(), addr)
	if er != nil { // also when it stopped part way: the record says what was done
		noteAudit(r.Context(), "bookings="+strconv.Itoa(len(er.Bookings)))
	}
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, erasureJSON(er))
	return nil
}

// writeExport sends an export as a file to keep, never to cache.
func writeExport(w http.ResponseWriter, exp ExportJSON) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="rendezvous-export.json"`)
	writeJSON(w, http.StatusOK, exp)
}
