package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/verify"
)

// EmailVerifier proves that a customer controls an address (verify).
type EmailVerifier interface {
	Start(ctx context.Context, email, lang, client string) (*verify.Started, error)
	Confirm(ctx context.Context, id, code string) (token, email string, err error)
	Email(token string) (string, error)
}

// VerificationRequestJSON asks for a code.
type VerificationRequestJSON struct {
	Email    string `json:"email"`
	Language string `json:"language,omitempty" enum:"en,fr" doc:"the language of the code's message (default en)"`
}

// VerificationJSON is a code sent.
type VerificationJSON struct {
	ID        string    `json:"id" doc:"confirm with POST /v1/email-verifications/{id}/confirm"`
	Email     string    `json:"email"`
	ExpiresAt time.Time `json:"expires_at"`
}

// VerificationConfirmJSON gives the code back.
type VerificationConfirmJSON struct {
	Code string `json:"code" doc:"the 6 digits of the message"`
}

// EmailTokenJSON is the proof that the caller controls an address.
type EmailTokenJSON struct {
	Email      string    `json:"email"`
	EmailToken string    `json:"email_token" doc:"send as Authorization: Bearer to /v1/me/...; keep it secret"`
	ExpiresAt  time.Time `json:"expires_at"`
}

// verificationRoutes are the verified-email endpoints: served when the
// server has a verifier.
func (s *Server) verificationRoutes() []Endpoint {
	if s.verifier == nil {
		return nil
	}
	me := "Every booking made with the verified address, for the holder of an email token (POST /v1/email-verifications/{id}/confirm)."
	return []Endpoint{
		{Method: "POST", Path: "/v1/email-verifications", OperationID: "startEmailVerification", RateClass: RateVerification, Tag: "privacy",
			Summary:     "Send a one-time code to an email address",
			Description: "6 digits, valid 10 minutes and 5 tries; at most 5 codes per address per hour and 10 per day, and per client the email_verification rate. The answer is the same whether or not the address has bookings.",
			Body:        VerificationRequestJSON{}, Responses: append([]Response{ok(202, "Sent", VerificationJSON{})}, problems(400, 413, 415, 422, 429, 503)...),
			Handle: s.startVerification},
		{Method: "POST", Path: "/v1/email-verifications/{id}/confirm", OperationID: "confirmEmailVerification", RateClass: RateBooking, Tag: "privacy",
			Summary:     "Give the code back and get an email token (30 minutes)",
			Description: "401 code_invalid for a wrong code (the fifth locks the verification: code_locked), code_expired after 10 minutes or once used.",
			Params:      []Param{{Name: "id", In: "path", Type: "string", Required: true}}, Body: VerificationConfirmJSON{},
			Responses: append([]Response{ok(200, "Verified", EmailTokenJSON{})}, problems(400, 401, 404, 413, 415, 422)...), Handle: s.confirmVerification},
		{Method: "GET", Path: "/v1/me/bookings", OperationID: "myBookings", RateClass: RateBooking, Tag: "privacy", Auth: AuthEmail, PersonalData: true,
			Summary: "My bookings", Description: me + " Each active one comes with its manage_token.",
			Responses: append([]Response{ok(200, "The bookings, in time order", BookingListJSON{})}, problems(401)...), Handle: s.myBookings},
		{Method: "POST", Path: "/v1/me/export", OperationID: "myExport", RateClass: RateBooking, Tag: "privacy", Auth: AuthEmail, PersonalData: true,
			Summary: "Everything stored about my bookings", Description: me + " The document of docs/privacy.md.",
			Responses: append([]Response{ok(200, "The export", ExportJSON{})}, problems(401, 413, 415, 422)...), Handle: s.myExport},
		{Method: "POST", Path: "/v1/me/erase", OperationID: "myErase", RateClass: RateBooking, Tag: "privacy", Auth: AuthEmail,
			Summary: "Erase my details from every booking", Description: me + " As /v1/bookings/{id}/erase for each; appointments still ahead are cancelled.",
			Responses: append([]Response{ok(200, "Erased", ErasureJSON{})}, problems(401, 413, 415)...), Handle: s.myErase},
	}
}

func (s *Server) startVerification(w http.ResponseWriter, r *http.Request) error {
	var req VerificationRequestJSON
	if err := decodeJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	lang := req.Language
	if lang != "" {
		if _, err := rendezvous.BookingLanguage(lang, nil); err != nil {
			return err
		}
	}
	st, err := s.verifier.Start(r.Context(), req.Email, lang, s.clientKey(r))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusAccepted, VerificationJSON{ID: st.ID, Email: st.Email, ExpiresAt: st.ExpiresAt.UTC()})
	return nil
}

func (s *Server) confirmVerification(w http.ResponseWriter, r *http.Request) error {
	var req VerificationConfirmJSON
	if err := decodeJSON(w, r, s.maxBody, &req); err != nil {
		return err
	}
	tok, email, err := s.verifier.Confirm(r.Context(), r.PathValue("id"), req.Code)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, EmailTokenJSON{Email: email, EmailToken: tok, ExpiresAt: time.Now().Add(emailTokenLifetime).UTC().Truncate(time.Second)})
	return nil
}

// emailTokenLifetime is auth.EmailTokenLifetime, shown to clients.
const emailTokenLifetime = 30 * time.Minute

// verifiedEmail returns the address the request's email token acts for.
func (s *Server) verifiedEmail(r *http.Request) (string, error) {
	return s.verifier.Email(bearer(r))
}

func (s *Server) myBookings(w http.ResponseWriter, r *http.Request) error {
	addr, err := s.verifiedEmail(r)
	if err != nil {
		return err
	}
	exp, err := s.desk.ExportByEmail(r.Context(), addr)
	if err != nil {
		return err
	}
	out := BookingListJSON{Bookings: make([]BookingJSON, 0, len(exp.Bookings))}
	for _, eb := range exp.Bookings {
		tok := ""
		if eb.Booking.Active() {
			if tok, err = s.desk.ManageToken(eb.Booking.ID, eb.Booking.TokenVersion); err != nil {
				return err
			}
		}
		out.Bookings = append(out.Bookings, bookingJSON(eb.Booking, eb.Provider, tok))
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) myExport(w http.ResponseWriter, r *http.Request) error {
	addr, err := s.verifiedEmail(r)
	if err != nil {
		return err
	}
	if err := emptyBody(w, r); err != nil {
		return err
	}
	exp, err := s.desk.ExportByEmail(r.Context(), addr)
	if err != nil {
		return err
	}
	writeExport(w, NewExportJSON(exp))
	return nil
}

func (s *Server) myErase(w http.ResponseWriter, r *http.Request) error {
	addr, err := s.verifiedEmail(r)
	if err != nil {
		return err
	}
	if err := emptyBody(w, r); err != nil {
		return err
	}
	er, err := s.desk.EraseByEmail(r.Context(), addr)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Erased-Bookings", strconv.Itoa(len(er.Bookings)))
	writeJSON(w, http.StatusOK, erasureJSON(er))
	return nil
}
