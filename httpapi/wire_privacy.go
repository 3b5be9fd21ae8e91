package httpapi

import (
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// ExportSchema names the version of the export format (docs/privacy.md):
// fields may be added within a version, never removed or changed.
const ExportSchema = "rendezvous.export/1"

// ExportJSON is everything Rendezvous's database holds about a customer's
// bookings: the answer to a data-access request, and the file the
// command line writes.
type ExportJSON struct {
	Schema     string              `json:"schema" enum:"rendezvous.export/1" doc:"version of this format"`
	ExportedAt time.Time           `json:"exported_at"`
	Bookings   []ExportBookingJSON `json:"bookings" doc:"in start order"`
	Waitlist   []WaitlistEntryJSON `json:"waitlist,omitempty" doc:"the address's waitlist entries (an export by address)"`
	Elsewhere  []string            `json:"elsewhere" doc:"what else a deployment may hold about the customer that an export cannot gather, where, and for how long"`
}

// ExportBookingJSON is one booking with every stored field. Times are
// RFC 3339 with the provider's offset; timestamps are UTC.
type ExportBookingJSON struct {
	ID           string             `json:"id" doc:"the booking reference"`
	Status       string             `json:"status" enum:"booked,cancelled"`
	Provider     ExportProviderJSON `json:"provider"`
	Service      ExportServiceJSON  `json:"service"`
	Start        time.Time          `json:"start"`
	End          time.Time          `json:"end"`
	BlockedUntil time.Time          `json:"blocked_until" doc:"end of the appointment plus the provider's buffer"`
	Customer     ExportCustomerJSON `json:"customer"`
	CreatedAt    time.Time          `json:"created_at"`
	UpdatedAt    time.Time          `json:"updated_at"`
	CancelledAt  *time.Time         `json:"cancelled_at"`
	ErasedAt     *time.Time         `json:"erased_at" doc:"when the customer's details were removed, on request or by retention"`
	TokenVersion int                `json:"token_version" doc:"version the booking's manage tokens must carry; earlier ones are revoked"`
}

// ExportCustomerJSON is the customer as stored: empty strings once erased.
type ExportCustomerJSON struct {
	Name  string `json:"name"`
	Email string `json:"email" doc:"normalised: lower case"`
	Phone string `json:"phone" doc:"E.164"`
}

// ExportProviderJSON is the provider of an exported booking.
type ExportProviderJSON struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	City     string `json:"city"`
	Address  string `json:"address"`
	TimeZone string `json:"timezone"`
}

// ExportServiceJSON is the service of an exported booking.
type ExportServiceJSON struct {
	ID              int64  `json:"id"`
	Name            string `json:"name"`
	DurationMinutes int    `json:"duration_minutes"`
	PriceCents      int64  `json:"price_cents"`
}

// exportElsewhere is what an export cannot gather, said in every export so
// that its reader knows the whole picture (docs/privacy.md).
var exportElsewhere = []string{
	"Chat conversations: kept in the session store (memory or Redis) until the session ends — 30 minutes without a message, 24 hours after it opened, or when its holder deletes it (DELETE /v1/sessions/{id}). They are not indexed by email address; the holder of a session token reads one with GET /v1/sessions/{id}.",
	"Idempotency records: which booking a request sent with an Idempotency-Key made or changed and how it left it (no contact details), kept 24 hours so that a retried request gets the same answer, and deleted with the booking's personal data.",
	"Logs and the audit log: they hold no name, email address or phone number.",
	"Backups: kept by the operator of this deployment, on its own schedule.",
}

// NewExportJSON renders an export in the documented format; the command
// line writes the same document.
func NewExportJSON(exp *booking.Export) ExportJSON {
	out := ExportJSON{Schema: ExportSchema, ExportedAt: exp.At.UTC(), Bookings: make([]ExportBookingJSON, 0, len(exp.Bookings)), Elsewhere: exportElsewhere}
	for _, eb := range exp.Bookings {
		out.Bookings = append(out.Bookings, exportBookingJSON(eb.Booking, eb.Provider))
	}
	for _, e := range exp.Waitlist {
		out.Waitlist = append(out.Waitlist, waitlistEntryJSON(e, exp.At))
	}
	return out
}

func exportBookingJSON(b *rendezvous.Booking, p *rendezvous.Provider) ExportBookingJSON {
	loc, err := p.Location()
	if err != nil {
		loc = time.UTC
	}
	out := ExportBookingJSON{
		ID: b.ID, Status: string(b.Status),
		Provider: ExportProviderJSON{ID: p.ID, Name: p.Name, City: p.City, Address: p.Address, TimeZone: p.TimeZone},
		Service:  ExportServiceJSON{ID: b.ServiceID},
		Start:    b.Start.In(loc), End: b.End.In(loc), BlockedUntil: b.BlockedUntil.In(loc),
		Customer:  ExportCustomerJSON{Name: b.Customer.Name, Email: b.Customer.Email, Phone: b.Customer.Phone},
		CreatedAt: b.CreatedAt.UTC(), UpdatedAt: b.UpdatedAt.UTC(), CancelledAt: utcOrNil(b.CancelledAt), ErasedAt: utcOrNil(b.ErasedAt),
		TokenVersion: b.TokenVersion,
	}
	if s, ok := p.Service(b.ServiceID); ok {
		out.Service = ExportServiceJSON{ID: s.ID, Name: s.Name, DurationMinutes: int(s.Duration / time.Minute), PriceCents: s.PriceCents}
	}
	return out
}

func utcOrNil(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// PrivacyRequestJSON names the customer of an operator's privacy request.
type PrivacyRequestJSON struct {
	Email string `json:"email" doc:"the customer's address, in any case; the operator must have checked that the requester controls it"`
}

// ErasureJSON reports an erasure.
type ErasureJSON struct {
	ErasedAt time.Time           `json:"erased_at"`
	Bookings []ErasedBookingJSON `json:"bookings" doc:"the bookings whose customer details this request removed"`
	// WaitlistEntries counts the entries an erasure by address deleted.
	WaitlistEntries int `json:"waitlist_entries" doc:"waitlist entries of the address deleted (an erasure by address)"`
}

// ErasedBookingJSON is one booking an erasure changed. Its provider,
// service and times stay; its manage tokens no longer work.
type ErasedBookingJSON struct {
	ID        string    `json:"id"`
	Status    string    `json:"status" enum:"booked,cancelled"`
	Start     time.Time `json:"start"`
	Cancelled bool      `json:"cancelled" doc:"the appointment was ahead: the erasure cancelled it and freed its slot"`
}

func erasureJSON(er *booking.Erasure) ErasureJSON {
	out := ErasureJSON{ErasedAt: er.At.UTC().Truncate(time.Second), Bookings: make([]ErasedBookingJSON, 0, len(er.Bookings)), WaitlistEntries: er.WaitlistEntries}
	for _, e := range er.Bookings {
		out.Bookings = append(out.Bookings, ErasedBookingJSON{ID: e.Booking.ID, Status: string(e.Booking.Status), Start: e.Booking.Start.UTC(), Cancelled: e.Cancelled})
	}
	return out
}

// AuditEntryJSON is one administrative action. It holds no personal
// data: targets are ids, counts and email digests.
type AuditEntryJSON struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	Actor     string    `json:"actor" doc:"key:<prefix of the admin API key>, or cli"`
	Action    string    `json:"action" doc:"the API operation (operationId) or command"`
	Target    string    `json:"target" doc:"space-separated ids (provider=12), counts (bookings=2) and email digests (email_sha256=<first 8 hex digits of the SHA-256 of the normalised address>)"`
	Status    int       `json:"status" doc:"HTTP status of the answer; 200 or 500 for the command line"`
	RequestID string    `json:"request_id,omitempty"`
}

// AuditListJSON is a page of the audit log, oldest first.
type AuditListJSON struct {
	Entries   []AuditEntryJSON `json:"entries"`
	NextAfter int64            `json:"next_after" doc:"pass as after to read the entries recorded since"`
}
