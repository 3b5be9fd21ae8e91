package booking_test

import (
	"context"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/sqlite"
)

// clockDesk is a desk on a fresh store whose clock the test moves, with a
// Lyon dentist open every day 9:00–12:00; the clock starts on Monday
// 23 November 2026, 08:00 in Paris.
type clockDesk struct {
	desk  *booking.Desk
	store *sqlite.Store
	p     *rendezvous.Provider
	now   time.Time
	paris *time.Location
}

func newClockDesk(t *testing.T) *clockDesk {
	t.Helper()
	c := &clockDesk{store: openStore(t)}
	c.paris, _ = time.LoadLocation("Europe/Paris")
	c.now = time.Date(2026, 11, 23, 8, 0, 0, 0, c.paris)
	c.desk = booking.NewDesk(c.store, newTokens(t), booking.Options{Now: func() time.Time { return c.now }})
	c.p = &rendezvous.Provider{Name: "Cabinet", Kind: rendezvous.KindDentist, City: "Lyon", TimeZone: "Europe/Paris", Languages: []string{"fr"},
		Policy: rendezvous.DefaultPolicy(), Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute}}}
	var hours rendezvous.WeeklyHours
	for d := time.Sunday; d <= time.Saturday; d++ {
		hours = append(hours, rendezvous.OpeningInterval{Weekday: d, Start: 9 * 60, End: 12 * 60})
	}
	if err := c.desk.CreateProvider(context.Background(), c.p, hours); err != nil {
		t.Fatal(err)
	}
	return c
}

// book books day (24 is Tuesday 24 November) at hh:mm for email.
func (c *clockDesk) book(t *testing.T, day, hour, minute int, email string) *booking.Confirmation {
	t.Helper()
	conf, err := c.desk.Book(context.Background(), rendezvous.BookingRequest{ProviderID: c.p.ID, ServiceID: c.p.Services[0].ID,
		Start:    time.Date(2026, 11, day, hour, minute, 0, 0, c.paris),
		Customer: rendezvous.Customer{Name: "Marie Curie", Email: email, Phone: "06 12 34 56 78"}})
	if err != nil {
		t.Fatal(err)
	}
	return conf
}

// TestEraseWithManageToken: the holder of a manage token exports the
// booking, then erases it; the erasure cancels the future appointment,
// removes the customer and revokes the token, which neither reads, nor
// exports, nor erases again.
func TestEraseWithManageToken(t *testing.T) {
	ctx := context.Background()
	c := newClockDesk(t)
	conf := c.book(t, 24, 9, 0, "marie@example.com")
	id, tok := conf.Booking.ID, conf.Token

	exp, err := c.desk.ExportBooking(ctx, id, tok)
	if err != nil {
		t.Fatal(err)
	}
	if len(exp.Bookings) != 1 || exp.Bookings[0].Booking.Customer.Email != "marie@example.com" || exp.Bookings[0].Provider.ID != c.p.ID || !exp.At.Equal(c.now) {
		t.Fatalf("export = %+v", exp)
	}
	if _, err := c.desk.ExportBooking(ctx, id, "forged"); rendezvous.ErrorCodeOf(err) != rendezvous.EUNAUTHORIZED {
		t.Errorf("export with a forged token: %v", err)
	}

	er, err := c.desk.EraseBooking(ctx, id, tok)
	if err != nil {
		t.Fatal(err)
	}
	if len(er.Bookings) != 1 || !er.Bookings[0].Cancelled || er.Bookings[0].Booking.Customer != (rendezvous.Customer{}) {
		t.Fatalf("erasure = %+v", er.Bookings[0])
	}
	for what, call := range map[string]func() error{
		"read":   func() error { _, _, err := c.desk.Booking(ctx, id, tok); return err },
		"export": func() error { _, err := c.desk.ExportBooking(ctx, id, tok); return err },
		"erase":  func() error { _, err := c.desk.EraseBooking(ctx, id, tok); return err },
		"cancel": func() error { _, err := c.desk.Cancel(ctx, id, tok); return err },
	} {
		if err := call(); rendezvous.ErrorReasonOf(err) != rendezvous.ReasonInvalidToken {
			t.Errorf("%s with the token the erasure revoked: %v", what, err)
		}
	}
	// The slot is free for someone else.
	c.book(t, 24, 9, 0, "pierre@example.com")
}

// TestExportAndEraseByEmail: an operator's export gathers every booking
// of an address, however it is written, and the erasure by address erases
// them all and nobody else's.
func TestExportAndEraseByEmail(t *testing.T) {
	ctx := context.Background()
	c := newClockDesk(t)
	a := c.book(t, 24, 9, 0, "marie@example.com")
	b := c.book(t, 25, 10, 0, "Marie@Example.com")
	if _, err := c.desk.Cancel(ctx, b.Booking.ID, b.Token); err != nil {
		t.Fatal(err)
	}
	other := c.book(t, 24, 10, 0, "pierre@example.com")

	exp, err := c.desk.ExportByEmail(ctx, " MARIE@example.com ")
	if err != nil {
		t.Fatal(err)
	}
	if len(exp.Bookings) != 2 || exp.Bookings[0].Booking.ID != a.Booking.ID || exp.Bookings[1].Booking.ID != b.Booking.ID {
		t.Fatalf("export by email = %+v", exp.Bookings)
	}
	c.now = c.now.Add(time.Hour)
	er, err := c.desk.EraseByEmail(ctx, "marie@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if len(er.Bookings) != 2 || !er.Bookings[0].Cancelled || er.Bookings[1].Cancelled {
		t.Fatalf("erasure by email = %+v %+v", er.Bookings[0], er.Bookings[1])
	}
	for _, id := range []string{a.Booking.ID, b.Booking.ID} {
		stored, _ := c.store.Booking(ctx, id)
		if stored.Customer != (rendezvous.Customer{}) || stored.ErasedAt == nil || !stored.ErasedAt.Equal(c.now) {
			t.Errorf("booking %s after the erasure: %+v", id, stored)
		}
	}
	if stored, _ := c.store.Booking(ctx, other.Booking.ID); stored.Customer.Email != "pierre@example.com" || stored.ErasedAt != nil {
		t.Errorf("another customer's booking was touched: %+v", stored)
	}
	if exp, err := c.desk.ExportByEmail(ctx, "marie@example.com"); err != nil || len(exp.Bookings) != 0 {
		t.Errorf("export after the erasure = %+v, %v", exp, err)
	}
	if er, err := c.desk.EraseByEmail(ctx, "marie@example.com"); err != nil || len(er.Bookings) != 0 {
		t.Errorf("erasing again = %+v, %v", er, err)
	}
	for _, bad := range []string{"", "not an address", "marie@"} {
		_, err := c.desk.EraseByEmail(ctx, bad)
		if fields := rendezvous.ErrorFieldsOf(err); len(fields) != 1 || fields[0].Field != "email" {
			t.Errorf("EraseByEmail(%q) = %v, want a validation error on email", bad, err)
		}
	}
}

// TestRetentionFollowsTheClock moves the desk's clock around each cut-off
// of the default policy: 365 days after an appointment, 30 days after a
// cancellation, 400 days after an audit entry.
func TestRetentionFollowsTheClock(t *testing.T) {
	ctx := context.Background()
	c := newClockDesk(t)
	start := c.now
	past := c.book(t, 24, 9, 0, "marie@example.com") // ends Tuesday 24 November, 09:30
	later := c.book(t, 26, 9, 0, "marie@example.com")
	cancelled := c.book(t, 27, 9, 0, "marie@example.com")
	if _, err := c.desk.Cancel(ctx, cancelled.Booking.ID, cancelled.Token); err != nil {
		t.Fatal(err)
	}
	if err := c.store.AddAuditEntry(ctx, &rendezvous.AuditEntry{At: start, Actor: "cli", Action: "privacyErase", Status: 200}); err != nil {
		t.Fatal(err)
	}
	erased := func(id string) bool {
		t.Helper()
		b, err := c.store.Booking(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return b.ErasedAt != nil
	}
	run := func(at time.Time, want booking.RetentionReport) {
		t.Helper()
		c.now = at
		got, err := c.desk.ApplyRetention(ctx, booking.RetentionPolicy{})
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("retention at %s = %+v, want %+v", at, got, want)
		}
	}
	run(start.Add(30*24*time.Hour-time.Minute), booking.RetentionReport{})
	run(start.Add(30*24*time.Hour+time.Minute), booking.RetentionReport{Anonymised: booking.Anonymised{Cancelled: 1}})
	if !erased(cancelled.Booking.ID) || erased(past.Booking.ID) {
		t.Fatal("30 days after the cancellation: only the cancelled booking is anonymised")
	}
	pastEnd := past.Booking.End
	run(pastEnd.Add(365*24*time.Hour-time.Minute), booking.RetentionReport{})
	run(pastEnd.Add(365*24*time.Hour+time.Minute), booking.RetentionReport{Anonymised: booking.Anonymised{Past: 1}})
	if !erased(past.Booking.ID) || erased(later.Booking.ID) {
		t.Fatal("a year after the appointment: only that booking is anonymised")
	}
	run(start.Add(400*24*time.Hour+time.Minute), booking.RetentionReport{Anonymised: booking.Anonymised{Past: 1}, AuditEntries: 1})
	if !erased(later.Booking.ID) {
		t.Error("the later booking was not anonymised")
	}
	run(start.Add(800*24*time.Hour), booking.RetentionReport{})
}

// TestRetentionIsBatched: a run stops after MaxBatches batches of each
// kind and the next one goes on.
func TestRetentionIsBatched(t *testing.T) {
	ctx := context.Background()
	c := newClockDesk(t)
	for _, h := range []int{9, 10, 11} {
		c.book(t, 24, h, 0, "marie@example.com")
	}
	c.now = c.now.Add(2 * 365 * 24 * time.Hour)
	policy := booking.RetentionPolicy{Batch: 1, MaxBatches: 2}
	for i, want := range []int{2, 1, 0} {
		got, err := c.desk.ApplyRetention(ctx, policy)
		if err != nil {
			t.Fatal(err)
		}
		if got.Past != want {
			t.Errorf("run %d anonymised %d, want %d", i, got.Past, want)
		}
	}
}

// racingStore erases, on the first listing, the bookings it lists before
// the desk gets to them: what a concurrent erasure of the same address
// (two clicks, two tabs) does between the listing and the erasure.
type racingStore struct {
	*sqlite.Store
	raced bool
}

func (s *racingStore) Bookings(ctx context.Context, f rendezvous.BookingFilter) ([]*rendezvous.Booking, error) {
	bs, err := s.Store.Bookings(ctx, f)
	if err != nil || s.raced || f.Email == "" {
		return bs, err
	}
	s.raced = true
	for _, b := range bs {
		if _, err := s.Store.EraseBooking(ctx, b.ID, 0, time.Now()); err != nil {
			return nil, err
		}
	}
	return bs, nil
}

// TestEraseByEmailRacesAnotherErasure: a booking that a concurrent
// request erased first is not an error.
func TestEraseByEmailRacesAnotherErasure(t *testing.T) {
	ctx := context.Background()
	c := newClockDesk(t)
	c.book(t, 24, 9, 0, "marie@example.com")
	c.book(t, 25, 9, 0, "marie@example.com")
	rs := &racingStore{Store: c.store}
	desk := booking.NewDesk(rs, newTokens(t), booking.Options{Now: func() time.Time { return c.now }})
	er, err := desk.EraseByEmail(ctx, "marie@example.com")
	if err != nil {
		t.Fatalf("erasure racing another: %v", err)
	}
	if !rs.raced || len(er.Bookings) != 0 {
		t.Fatalf("raced=%v, erased here %d, want 0 (the other request did)", rs.raced, len(er.Bookings))
	}
	if left, _ := c.store.Bookings(ctx, rendezvous.BookingFilter{Email: "marie@example.com"}); len(left) != 0 {
		t.Fatalf("%d bookings still hold the address", len(left))
	}
}
