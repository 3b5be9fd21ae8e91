package httpapi

import (
	"net/http"
	"strings"

	"github.com/rendezvous-oss/rendezvous"
)

func (s *Server) createBooking(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var req BookingRequestJSON
	if err := decodeJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	var fields []rendezvous.FieldError
	if req.ProviderID <= 0 {
		fields = append(fields, fieldError("provider_id", "is required"))
	}
	if req.ServiceID <= 0 {
		fields = append(fields, fieldError("service_id", "is required"))
	}
	if strings.TrimSpace(req.Start) == "" {
		fields = append(fields, fieldError("start", "is required"))
	}
	if err := rendezvous.ValidationError(fields); err != nil {
		return err
	}
	start, err := s.desk.ParseStart(r.Context(), req.ProviderID, req.Start)
	if err != nil {
		return err
	}
	verified, err := s.provedEmail(r, req.Customer.Email)
	if err != nil {
		return err
	}
	c, err := s.desk.Book(r.Context(), rendezvous.BookingRequest{
		ProviderID: req.ProviderID, ServiceID: req.ServiceID, Start: start,
		Customer:       rendezvous.Customer{Name: req.Customer.Name, Email: req.Customer.Email, Phone: req.Customer.Phone},
		Language:       req.Language,
		EmailVerified:  verified,
		IdempotencyKey: key,
	})
	if err != nil {
		return err
	}
	markReplayed(w, c.Replayed)
	w.Header().Set("Location", "/v1/bookings/"+c.Booking.ID)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, bookingJSON(c.Booking, c.Provider, c.Token))
	return nil
}

func bookingIDParam(r *http.Request) (string, error) {
	id := r.PathValue("id")
	if len(id) == 0 || len(id) > 32 {
		return "", badParam("id", "is not a booking id")
	}
	return id, nil
}

func (s *Server) getBooking(w http.ResponseWriter, r *http.Request) error {
	id, err := bookingIDParam(r)
	if err != nil {
		return err
	}
	b, p, err := s.desk.Booking(r.Context(), id, bearer(r))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, bookingJSON(b, p, ""))
	return nil
}

func (s *Server) cancelBooking(w http.ResponseWriter, r *http.Request) error {
	id, err := bookingIDParam(r)
	if err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	if err := emptyBody(w, r); err != nil {
		return err
	}
	c, err := s.desk.CancelOnce(r.Context(), id, bearer(r), key)
	if err != nil {
		return err
	}
	markReplayed(w, c.Replayed)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, bookingJSON(c.Booking, c.Provider, c.Token))
	return nil
}

func (s *Server) rescheduleBooking(w http.ResponseWriter, r *http.Request) error {
	id, err := bookingIDParam(r)
	if err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var req RescheduleRequestJSON
	if err := decodeJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	// The desk checks the token before it reads the booking, so that a
	// caller without it learns nothing, not even the booking's provider;
	// then it reads the start in the provider's zone.
	c, err := s.desk.RescheduleOnce(r.Context(), id, bearer(r), req.Start, key)
	if err != nil {
		return err
	}
	markReplayed(w, c.Replayed)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, bookingJSON(c.Booking, c.Provider, c.Token))
	return nil
}

// emptyBody accepts an absent body, or an empty JSON object, for POST
// actions that take no input.
func emptyBody(w http.ResponseWriter, r *http.Request) error {
	var v struct{}
	return decodeOptionalJSON(w, r, 1024, &v)
}

// provedEmail reads the optional email token of a booking request: with
// one (Authorization: Bearer <email_token>, from POST
// /v1/email-verifications/{id}/confirm) for the customer's own address,
// the booking is made with a proved address, which the cap of upcoming
// bookings counts apart (booking.WithVerifiedEmail). A token that is
// invalid, expired or for another address is refused (401, 422): a caller
// who sends one means it.
func (s *Server) provedEmail(r *http.Request, email string) (bool, error) {
	if bearer(r) == "" || s.verifier == nil {
		return false, nil
	}
	proved, err := s.verifiedEmail(r)
	if err != nil {
		return false, err
	}
	addr, err := rendezvous.NormalizeEmail(email)
	if err != nil || addr != proved {
		return false, rendezvous.ValidationError([]rendezvous.FieldError{fieldError("customer.email", "is not the address the email token proves")})
	}
	return true, nil
}
