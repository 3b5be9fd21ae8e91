// Package storetest is the contract every booking.Store must honour: one
// suite that runs against the SQLite and the PostgreSQL store alike, so
// that the two cannot drift apart.
package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// Opener returns a new, migrated, empty store for one test; it registers
// its own cleanup.
type Opener func(t *testing.T) booking.Store

// Run runs the whole contract suite.
func Run(t *testing.T, open Opener) {
	t.Run("Providers", func(t *testing.T) { testProviders(t, open) })
	t.Run("Services", func(t *testing.T) { testServices(t, open) })
	t.Run("Schedule", func(t *testing.T) { testSchedule(t, open) })
	t.Run("Group", func(t *testing.T) { testGroup(t, open) })
	t.Run("Bookings", func(t *testing.T) { testBookings(t, open) })
	t.Run("CancelAndReschedule", func(t *testing.T) { testCancelReschedule(t, open) })
	t.Run("TokenVersions", func(t *testing.T) { testTokenVersions(t, open) })
	t.Run("VerifiedBookingsCountApart", func(t *testing.T) { testVerifiedBookingsCountApart(t, open) })
	t.Run("Idempotency", func(t *testing.T) { testIdempotency(t, open) })
	t.Run("UpcomingCap", func(t *testing.T) { testUpcomingCap(t, open) })
	t.Run("DatabaseRefusesOverlap", func(t *testing.T) { testDatabaseRefusesOverlap(t, open) })
	t.Run("ConcurrentBookings", func(t *testing.T) { testConcurrentBookings(t, open) })
	t.Run("SameSlotStampede", func(t *testing.T) { testSameSlotStampede(t, open) })
	t.Run("MixedChangesNeverBusy", func(t *testing.T) { testMixedChangesNeverBusy(t, open) })
	t.Run("Import", func(t *testing.T) { testImport(t, open) })
	t.Run("AdminKeys", func(t *testing.T) { testAdminKeys(t, open) })
	t.Run("Names", func(t *testing.T) { testNames(t, open) })
	t.Run("Privacy", func(t *testing.T) { testPrivacy(t, open) })
	t.Run("Waitlist", func(t *testing.T) { testWaitlist(t, open) })
	t.Run("ActiveSpans", func(t *testing.T) { testActiveSpans(t, open) })
	t.Run("Index", func(t *testing.T) { testIndex(t, open) })
}

// paris is the zone of most fixtures; now is Monday 2026-11-23 08:00 there.
func paris(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func fixedNow(t testing.TB) time.Time {
	return time.Date(2026, 11, 23, 8, 0, 0, 0, paris(t))
}

func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, paris(t))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// newProvider returns a Lyon dentist open weekdays 09:00–12:00 and
// 14:00–18:00, 30-minute steps, 10-minute buffer, with two services.
func newProvider(name string) *rendezvous.Provider {
	return &rendezvous.Provider{
		Name:      name,
		Kind:      rendezvous.KindDentist,
		City:      "Lyon",
		Address:   "1 place Bellecour, 69002 Lyon",
		TimeZone:  "Europe/Paris",
		Languages: []string{"fr", "en"},
		Policy:    rendezvous.BookingPolicy{Buffer: 10 * time.Minute, MinNotice: time.Hour, Horizon: 60 * 24 * time.Hour, SlotStep: 30 * time.Minute},
		Services: []rendezvous.Service{
			{Name: "Consultation", Duration: 30 * time.Minute, PriceCents: 2500},
			{Name: "Détartrage", Duration: 45 * time.Minute, PriceCents: 6000},
		},
	}
}

func weekdayHours() rendezvous.WeeklyHours {
	var w rendezvous.WeeklyHours
	for d := time.Monday; d <= time.Friday; d++ {
		w = append(w,
			rendezvous.OpeningInterval{Weekday: d, Start: 9 * 60, End: 12 * 60},
			rendezvous.OpeningInterval{Weekday: d, Start: 14 * 60, End: 18 * 60})
	}
	return w
}

// openHours are the hours after 9:00 at which weekdayHours' mornings and
// afternoons are open.
var openHours = []int{0, 1, 2, 5, 6, 7, 8}

// roundSlot is a different open hour of a Tuesday from 24 November 2026
// on for each round, so that rounds of a test do not meet.
func roundSlot(t testing.TB, round int) time.Time {
	return at(t, "2026-11-24 09:00").AddDate(0, 0, 7*(round/len(openHours))).Add(time.Duration(openHours[round%len(openHours)]) * time.Hour)
}

// mustProvider creates a provider with weekday hours.
func mustProvider(t *testing.T, s booking.Store, name string) *rendezvous.Provider {
	t.Helper()
	ctx := context.Background()
	p := newProvider(name)
	if err := s.CreateProvider(ctx, p); err != nil {
		t.Fatalf("CreateProvider: %v", err)
	}
	if err := s.SetHours(ctx, p.ID, weekdayHours()); err != nil {
		t.Fatalf("SetHours: %v", err)
	}
	return p
}

var bookingSeq atomic.Int64

func newBooking(p *rendezvous.Provider, start time.Time) *rendezvous.Booking {
	n := bookingSeq.Add(1)
	return &rendezvous.Booking{
		ID:         fmt.Sprintf("RDV-TEST%06d", n),
		ProviderID: p.ID,
		ServiceID:  p.Services[0].ID,
		Start:      start,
		Customer:   rendezvous.Customer{Name: "Marie Curie", Email: "marie@example.com", Phone: "+33612345678"},
	}
}

func wantReason(t *testing.T, err error, reason string) {
	t.Helper()
	if got := rendezvous.ErrorReasonOf(err); got != reason {
		t.Fatalf("got error %v (reason %q), want reason %q", err, got, reason)
	}
}

func wantCode(t *testing.T, err error, code rendezvous.ErrorCode) {
	t.Helper()
	if got := rendezvous.ErrorCodeOf(err); got != code {
		t.Fatalf("got error %v (code %q), want %q", err, got, code)
	}
}

func testProviders(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	a := mustProvider(t, s, "Cabinet Dentaire Élysée")
	b := newProvider("Dr Léa Martin")
	b.City = "Saint-Étienne"
	b.Kind = rendezvous.KindGeneralPractitioner
	if err := s.CreateProvider(ctx, b); err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || b.ID == 0 || a.ID == b.ID || a.Services[0].ID == 0 {
		t.Fatalf("ids not assigned: %d %d %d", a.ID, b.ID, a.Services[0].ID)
	}

	got, err := s.Provider(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	opts := cmp.Options{cmpIgnoreTimes()}
	if diff := cmp.Diff(a, got, opts); diff != "" {
		t.Errorf("Provider mismatch (-want +got):\n%s", diff)
	}
	_, err = s.Provider(ctx, 987654)
	wantCode(t, err, rendezvous.ENOTFOUND)
	bad := newProvider("Bad")
	bad.TimeZone = "Mars/Olympus"
	wantCode(t, s.CreateProvider(ctx, bad), rendezvous.EINVALID)
	bad = newProvider("Bad service")
	bad.Services[0].Duration = 90 * time.Second
	wantCode(t, s.CreateProvider(ctx, bad), rendezvous.EINVALID)

	cases := []struct {
		name string
		f    rendezvous.ProviderFilter
		want []int64
	}{
		{"All", rendezvous.ProviderFilter{}, []int64{a.ID, b.ID}},
		{"Kind", rendezvous.ProviderFilter{Kind: rendezvous.KindDentist}, []int64{a.ID}},
		{"CityFolded", rendezvous.ProviderFilter{City: "saint etienne"}, []int64{b.ID}},
		{"CityAccented", rendezvous.ProviderFilter{City: "SAINT-ÉTIENNE"}, []int64{b.ID}},
		{"QueryNoAccent", rendezvous.ProviderFilter{Query: "elysee"}, []int64{a.ID}},
		{"QueryPunctuationOnlyMatchesAll", rendezvous.ProviderFilter{Query: "%_"}, []int64{a.ID, b.ID}},
		{"QueryNoMatch", rendezvous.ProviderFilter{Query: "zzz"}, nil},
		{"AfterID", rendezvous.ProviderFilter{AfterID: a.ID}, []int64{b.ID}},
		{"Limit", rendezvous.ProviderFilter{Limit: 1}, []int64{a.ID}},
		{"NoMatch", rendezvous.ProviderFilter{City: "Lille"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := s.Providers(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, p := range ps {
				ids = append(ids, p.ID)
				if len(p.Services) != 2 {
					t.Errorf("provider %d listed with %d services, want 2", p.ID, len(p.Services))
				}
			}
			if diff := cmp.Diff(tc.want, ids); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
		})
	}

	name, city := "Cabinet du Parc", "Lyon"
	pol := a.Policy
	pol.Buffer = 0
	upd, err := s.UpdateProvider(ctx, a.ID, rendezvous.ProviderUpdate{Name: &name, City: &city, Policy: &pol})
	if err != nil {
		t.Fatal(err)
	}
	if upd.Name != name || upd.Policy.Buffer != 0 || upd.Address != a.Address || len(upd.Services) != 2 {
		t.Errorf("UpdateProvider = %+v", upd)
	}
	if ps, _ := s.Providers(ctx, rendezvous.ProviderFilter{Query: "parc"}); len(ps) != 1 {
		t.Errorf("search after rename found %d providers, want 1", len(ps))
	}
	badTZ := "Mars/Olympus"
	_, err = s.UpdateProvider(ctx, a.ID, rendezvous.ProviderUpdate{TimeZone: &badTZ})
	wantCode(t, err, rendezvous.EINVALID)
	_, err = s.UpdateProvider(ctx, 987654, rendezvous.ProviderUpdate{Name: &name})
	wantCode(t, err, rendezvous.ENOTFOUND)
	if n, err := s.CountProviders(ctx); err != nil || n != 2 {
		t.Errorf("CountProviders = %d, %v", n, err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

func cmpIgnoreTimes() cmp.Option {
	return cmp.FilterPath(func(p cmp.Path) bool {
		last := p.Last().String()
		return last == ".CreatedAt" || last == ".UpdatedAt"
	}, cmp.Ignore())
}

func testServices(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	p := mustProvider(t, s, "Cabinet A")
	svc := &rendezvous.Service{ProviderID: p.ID, Name: "Urgence", Duration: 20 * time.Minute, PriceCents: 4000}
	if err := s.CreateService(ctx, svc); err != nil {
		t.Fatal(err)
	}
	err := s.CreateService(ctx, &rendezvous.Service{ProviderID: 987654, Name: "X", Duration: time.Minute})
	wantCode(t, err, rendezvous.ENOTFOUND)
	wantCode(t, s.CreateService(ctx, &rendezvous.Service{ProviderID: p.ID, Name: "", Duration: time.Minute}), rendezvous.EINVALID)
	d := time.Hour
	got, err := s.UpdateService(ctx, p.ID, svc.ID, rendezvous.ServiceUpdate{Duration: &d})
	if err != nil {
		t.Fatal(err)
	}
	if got.Duration != time.Hour || got.Name != "Urgence" || got.PriceCents != 4000 {
		t.Errorf("UpdateService = %+v", got)
	}
	other := mustProvider(t, s, "Cabinet B")
	_, err = s.UpdateService(ctx, other.ID, svc.ID, rendezvous.ServiceUpdate{Duration: &d})
	wantCode(t, err, rendezvous.ENOTFOUND)
	tooLong := 13 * time.Hour
	_, err = s.UpdateService(ctx, p.ID, svc.ID, rendezvous.ServiceUpdate{Duration: &tooLong})
	wantCode(t, err, rendezvous.EINVALID)
	pp, _ := s.Provider(ctx, p.ID)
	if len(pp.Services) != 3 || pp.Services[2].Duration != time.Hour {
		t.Errorf("services after update: %+v", pp.Services)
	}
}

func testSchedule(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	p := mustProvider(t, s, "Cabinet A")
	sch, err := s.Schedule(ctx, p.ID, fixedNow(t))
	if err != nil {
		t.Fatal(err)
	}
	if sch.Location.String() != "Europe/Paris" || len(sch.Hours) != 10 || sch.Policy != p.Policy {
		t.Fatalf("Schedule = %+v", sch)
	}
	// Replacing hours replaces them all.
	hours := rendezvous.WeeklyHours{{Weekday: time.Saturday, Start: 9 * 60, End: 12 * 60}}
	if err := s.SetHours(ctx, p.ID, hours); err != nil {
		t.Fatal(err)
	}
	sch, _ = s.Schedule(ctx, p.ID, fixedNow(t))
	if diff := cmp.Diff(hours, sch.Hours); diff != "" {
		t.Errorf("hours (-want +got):\n%s", diff)
	}
	overlapping := rendezvous.WeeklyHours{{Weekday: time.Monday, Start: 9 * 60, End: 12 * 60}, {Weekday: time.Monday, Start: 11 * 60, End: 13 * 60}}
	wantCode(t, s.SetHours(ctx, p.ID, overlapping), rendezvous.EINVALID)
	wantCode(t, s.SetHours(ctx, 987654, hours), rendezvous.ENOTFOUND)

	past := &rendezvous.TimeOff{ProviderID: p.ID, Start: at(t, "2026-11-01 00:00"), End: at(t, "2026-11-02 00:00"), Reason: "Toussaint"}
	future := &rendezvous.TimeOff{ProviderID: p.ID, Start: at(t, "2026-12-24 00:00"), End: at(t, "2026-12-27 00:00"), Reason: "Noël"}
	for _, off := range []*rendezvous.TimeOff{past, future} {
		if err := s.AddTimeOff(ctx, off); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, s.AddTimeOff(ctx, &rendezvous.TimeOff{ProviderID: p.ID, Start: future.End, End: future.Start}), rendezvous.EINVALID)
	wantCode(t, s.AddTimeOff(ctx, &rendezvous.TimeOff{ProviderID: 987654, Start: future.Start, End: future.End}), rendezvous.ENOTFOUND)
	sch, _ = s.Schedule(ctx, p.ID, fixedNow(t))
	if len(sch.TimeOff) != 1 || sch.TimeOff[0].ID != future.ID || !sch.TimeOff[0].Start.Equal(future.Start) || sch.TimeOff[0].Reason != "Noël" {
		t.Errorf("time off since now = %+v, want only the future one", sch.TimeOff)
	}
	if err := s.DeleteTimeOff(ctx, p.ID, future.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteTimeOff(ctx, p.ID, future.ID), rendezvous.ENOTFOUND)
	sch, _ = s.Schedule(ctx, p.ID, fixedNow(t))
	if len(sch.TimeOff) != 0 {
		t.Errorf("time off after delete = %+v", sch.TimeOff)
	}
	_, err = s.Schedule(ctx, 987654, fixedNow(t))
	wantCode(t, err, rendezvous.ENOTFOUND)
}

func testGroup(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	a := mustProvider(t, s, "Cabinet A")
	b := mustProvider(t, s, "Cabinet B")
	c := newProvider("Cabinet Lille")
	c.City = "Lille"
	if err := s.CreateProvider(ctx, c); err != nil {
		t.Fatal(err)
	}
	off := &rendezvous.TimeOff{ProviderID: b.ID, Start: at(t, "2026-12-24 00:00"), End: at(t, "2026-12-27 00:00")}
	if err := s.AddTimeOff(ctx, off); err != nil {
		t.Fatal(err)
	}
	group, err := s.Group(ctx, rendezvous.KindDentist, "LYON", fixedNow(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(group) != 2 || group[0].Provider.ID != a.ID || group[1].Provider.ID != b.ID {
		t.Fatalf("Group returned %d providers", len(group))
	}
	for _, ps := range group {
		if len(ps.Provider.Services) != 2 || len(ps.Schedule.Hours) != 10 || ps.Schedule.ProviderID != ps.Provider.ID || ps.Schedule.Location == nil {
			t.Errorf("group entry %d incomplete: %d services, %d hours", ps.Provider.ID, len(ps.Provider.Services), len(ps.Schedule.Hours))
		}
	}
	if len(group[1].Schedule.TimeOff) != 1 || len(group[0].Schedule.TimeOff) != 0 {
		t.Errorf("time off not attached to the right provider")
	}
	empty, err := s.Group(ctx, rendezvous.KindHairdresser, "Lyon", fixedNow(t))
	if err != nil || len(empty) != 0 {
		t.Errorf("Group of nobody = %d, %v", len(empty), err)
	}
}

func testBookings(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	p := mustProvider(t, s, "Cabinet A")
	now := fixedNow(t)

	b := newBooking(p, at(t, "2026-11-24 09:00"))
	if err := s.CreateBooking(ctx, b, now); err != nil {
		t.Fatal(err)
	}
	if !b.End.Equal(at(t, "2026-11-24 09:30")) || !b.BlockedUntil.Equal(at(t, "2026-11-24 09:40")) || b.Status != rendezvous.StatusBooked || b.CreatedAt.IsZero() {
		t.Fatalf("created booking = %+v", b)
	}
	got, err := s.Booking(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(b, got); diff != "" {
		t.Errorf("Booking (-want +got):\n%s", diff)
	}
	if got.Start.Location() != time.UTC {
		t.Errorf("stored instants should come back in UTC, got %s", got.Start.Location())
	}
	_, err = s.Booking(ctx, "RDV-NOPE")
	wantCode(t, err, rendezvous.ENOTFOUND)

	cases := []struct {
		name    string
		mutate  func(b *rendezvous.Booking)
		now     string
		start   string
		reason  string
		errCode rendezvous.ErrorCode
	}{
		{name: "SlotTaken", start: "2026-11-24 09:00", reason: rendezvous.ReasonSlotTaken},
		{name: "SlotTakenByBuffer", start: "2026-11-24 09:30", reason: rendezvous.ReasonSlotTaken},
		{name: "OffGrid", start: "2026-11-24 10:10", reason: rendezvous.ReasonSlotUnavailable},
		{name: "Closed", start: "2026-11-28 10:00", reason: rendezvous.ReasonSlotUnavailable},
		{name: "LunchBreak", start: "2026-11-24 12:00", reason: rendezvous.ReasonSlotUnavailable},
		{name: "MinimumNotice", now: "2026-11-23 08:01", start: "2026-11-23 09:00", reason: rendezvous.ReasonSlotUnavailable},
		{name: "Past", start: "2026-11-20 09:00", reason: rendezvous.ReasonSlotUnavailable},
		{name: "UnknownProvider", start: "2026-11-24 10:00", mutate: func(b *rendezvous.Booking) { b.ProviderID = 987654 }, errCode: rendezvous.ENOTFOUND},
		{name: "UnknownService", start: "2026-11-24 10:00", mutate: func(b *rendezvous.Booking) { b.ServiceID = 987654 }, errCode: rendezvous.ENOTFOUND},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			nb := newBooking(p, at(t, tc.start))
			if tc.mutate != nil {
				tc.mutate(nb)
			}
			bookNow := now
			if tc.now != "" {
				bookNow = at(t, tc.now)
			}
			err := s.CreateBooking(ctx, nb, bookNow)
			if tc.reason != "" {
				wantReason(t, err, tc.reason)
			} else {
				wantCode(t, err, tc.errCode)
			}
			if _, err := s.Booking(ctx, nb.ID); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
				t.Errorf("a refused booking was written: %v", err)
			}
		})
	}
	// A service of another provider is not this provider's service.
	other := mustProvider(t, s, "Cabinet B")
	cross := newBooking(p, at(t, "2026-11-24 10:00"))
	cross.ServiceID = other.Services[0].ID
	wantCode(t, s.CreateBooking(ctx, cross, now), rendezvous.ENOTFOUND)

	// Time off blocks booking.
	if err := s.AddTimeOff(ctx, &rendezvous.TimeOff{ProviderID: p.ID, Start: at(t, "2026-11-25 00:00"), End: at(t, "2026-11-26 00:00")}); err != nil {
		t.Fatal(err)
	}
	wantReason(t, s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-25 10:00")), now), rendezvous.ReasonSlotUnavailable)

	// The second service is longer: 45 minutes from 10:00 fits; from 11:30 it would run past noon.
	long := newBooking(p, at(t, "2026-11-24 10:00"))
	long.ServiceID = p.Services[1].ID
	if err := s.CreateBooking(ctx, long, now); err != nil {
		t.Fatal(err)
	}
	late := newBooking(p, at(t, "2026-11-24 11:30"))
	late.ServiceID = p.Services[1].ID
	wantReason(t, s.CreateBooking(ctx, late, now), rendezvous.ReasonSlotUnavailable)

	spans, err := s.BusySpans(ctx, []int64{p.ID, other.ID}, at(t, "2026-11-24 00:00"), at(t, "2026-11-25 00:00"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64][]rendezvous.Span{p.ID: {
		{Start: at(t, "2026-11-24 09:00").UTC(), End: at(t, "2026-11-24 09:40").UTC()},
		{Start: at(t, "2026-11-24 10:00").UTC(), End: at(t, "2026-11-24 10:55").UTC()},
	}}
	if diff := cmp.Diff(want, spans, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("BusySpans (-want +got):\n%s", diff)
	}
	// A window that starts inside a booking still sees it.
	spans, _ = s.BusySpans(ctx, []int64{p.ID}, at(t, "2026-11-24 09:35"), at(t, "2026-11-24 09:50"))
	if len(spans[p.ID]) != 1 {
		t.Errorf("BusySpans inside a booking = %v", spans)
	}

	mine, err := s.Bookings(ctx, rendezvous.BookingFilter{Email: "marie@example.com", ActiveOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) != 2 || mine[0].ID != b.ID || mine[1].ID != long.ID {
		t.Errorf("Bookings by email = %d", len(mine))
	}
	none, _ := s.Bookings(ctx, rendezvous.BookingFilter{Email: "nobody@example.com"})
	if len(none) != 0 {
		t.Errorf("Bookings of a stranger = %d", len(none))
	}
}

func testCancelReschedule(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	p := mustProvider(t, s, "Cabinet A")
	now := fixedNow(t)
	b := newBooking(p, at(t, "2026-11-24 09:00"))
	if err := s.CreateBooking(ctx, b, now); err != nil {
		t.Fatal(err)
	}
	c := newBooking(p, at(t, "2026-11-24 10:00"))
	if err := s.CreateBooking(ctx, c, now); err != nil {
		t.Fatal(err)
	}

	// Reschedule into the other booking's slot: refused, nothing changes.
	_, err := s.RescheduleBooking(ctx, b.ID, 0, at(t, "2026-11-24 10:00"), now)
	wantReason(t, err, rendezvous.ReasonSlotTaken)
	_, err = s.RescheduleBooking(ctx, b.ID, 0, at(t, "2026-11-24 10:15"), now)
	wantReason(t, err, rendezvous.ReasonSlotUnavailable)
	_, err = s.RescheduleBooking(ctx, b.ID, 0, at(t, "2026-11-24 09:30"), now)
	wantReason(t, err, rendezvous.ReasonSlotTaken) // 09:30–10:00 + 10 min buffer reaches c at 10:00
	// Moving within the booking's own old time is allowed: it does not
	// block itself.
	own := newBooking(p, at(t, "2026-11-24 14:00"))
	if err := s.CreateBooking(ctx, own, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RescheduleBooking(ctx, own.ID, 0, at(t, "2026-11-24 14:30"), now); err != nil {
		t.Fatalf("moving a booking by half an hour, over its own old time: %v", err)
	}
	moved, err := s.RescheduleBooking(ctx, b.ID, 0, at(t, "2026-11-24 11:00"), now)
	if err != nil {
		t.Fatal(err)
	}
	if !moved.Start.Equal(at(t, "2026-11-24 11:00")) || !moved.End.Equal(at(t, "2026-11-24 11:30")) {
		t.Errorf("rescheduled = %+v", moved)
	}
	stored, _ := s.Booking(ctx, b.ID)
	if !stored.Start.Equal(moved.Start) {
		t.Errorf("reschedule not stored")
	}
	// The freed slot can be booked again.
	if err := s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-24 09:00")), now); err != nil {
		t.Fatalf("freed slot: %v", err)
	}
	_, err = s.RescheduleBooking(ctx, "RDV-NOPE", 0, at(t, "2026-11-24 15:00"), now)
	wantCode(t, err, rendezvous.ENOTFOUND)

	cancelled, err := s.CancelBooking(ctx, c.ID, 0, now)
	if err != nil {
		t.Fatal(err)
	}
	if cancelled.Status != rendezvous.StatusCancelled || cancelled.CancelledAt == nil {
		t.Errorf("cancelled = %+v", cancelled)
	}
	again, err := s.CancelBooking(ctx, c.ID, 0, now)
	if err != nil || again.Status != rendezvous.StatusCancelled {
		t.Errorf("cancelling twice = %v, %v", again, err)
	}
	if err := s.CreateBooking(ctx, newBooking(p, at(t, "2026-11-24 10:00")), now); err != nil {
		t.Errorf("slot of a cancelled booking: %v", err)
	}
	_, err = s.RescheduleBooking(ctx, c.ID, 0, at(t, "2026-11-24 15:00"), now)
	wantReason(t, err, rendezvous.ReasonNotBooked)
	_, err = s.CancelBooking(ctx, b.ID, 0, at(t, "2026-11-24 11:05"))
	wantReason(t, err, rendezvous.ReasonNotBooked)
	_, err = s.CancelBooking(ctx, "RDV-NOPE", 0, now)
	wantCode(t, err, rendezvous.ENOTFOUND)
}

// testDatabaseRefusesOverlap bypasses the application's check (Import
// writes rows as given) to show that the database itself refuses two
// overlapping active bookings of one provider.
func testDatabaseRefusesOverlap(t *testing.T, open Opener) {
	ctx := context.Background()
	entry := func(bookings ...rendezvous.Booking) *rendezvous.DirectoryEntry {
		p := newProvider("Cabinet A")
		p.ID = 1
		p.Services[0].ID, p.Services[0].ProviderID = 11, 1
		p.Services[1].ID, p.Services[1].ProviderID = 12, 1
		return &rendezvous.DirectoryEntry{Provider: *p, Hours: weekdayHours(), Bookings: bookings}
	}
	bk := func(id, start, until string, status rendezvous.BookingStatus) rendezvous.Booking {
		s := at(t, start)
		return rendezvous.Booking{ID: id, ProviderID: 1, ServiceID: 11, Start: s, End: s.Add(30 * time.Minute), BlockedUntil: at(t, until),
			Status: status, Customer: rendezvous.Customer{Name: "A", Email: "a@example.com", Phone: "+33612345678"}, CreatedAt: s, UpdatedAt: s}
	}
	cases := []struct {
		name     string
		bookings []rendezvous.Booking
		reason   string
	}{
		{"Overlap", []rendezvous.Booking{bk("RDV-A", "2026-11-24 09:00", "2026-11-24 09:30", rendezvous.StatusBooked), bk("RDV-B", "2026-11-24 09:15", "2026-11-24 09:45", rendezvous.StatusBooked)}, rendezvous.ReasonSlotTaken},
		{"OverlapInBuffer", []rendezvous.Booking{bk("RDV-A", "2026-11-24 09:00", "2026-11-24 09:40", rendezvous.StatusBooked), bk("RDV-B", "2026-11-24 09:30", "2026-11-24 10:00", rendezvous.StatusBooked)}, rendezvous.ReasonSlotTaken},
		{"SameStart", []rendezvous.Booking{bk("RDV-A", "2026-11-24 09:00", "2026-11-24 09:30", rendezvous.StatusBooked), bk("RDV-B", "2026-11-24 09:00", "2026-11-24 09:30", rendezvous.StatusBooked)}, rendezvous.ReasonSlotTaken},
		{"AdjacentIsFine", []rendezvous.Booking{bk("RDV-A", "2026-11-24 09:00", "2026-11-24 09:30", rendezvous.StatusBooked), bk("RDV-B", "2026-11-24 09:30", "2026-11-24 10:00", rendezvous.StatusBooked)}, ""},
		{"ServiceOfAnotherProvider", []rendezvous.Booking{func() rendezvous.Booking {
			b := bk("RDV-A", "2026-11-24 09:00", "2026-11-24 09:30", rendezvous.StatusBooked)
			b.ServiceID = 99 // exists, but is provider 2's
			return b
		}()}, string(rendezvous.ENOTFOUND)},
		{"CancelledDoesNotBlock", []rendezvous.Booking{bk("RDV-A", "2026-11-24 09:00", "2026-11-24 09:30", rendezvous.StatusCancelled), bk("RDV-B", "2026-11-24 09:00", "2026-11-24 09:30", rendezvous.StatusBooked)}, ""},
	}
	other := func() *rendezvous.DirectoryEntry {
		p := newProvider("Cabinet B")
		p.ID = 2
		p.Services = p.Services[:1]
		p.Services[0].ID, p.Services[0].ProviderID = 99, 2
		return &rendezvous.DirectoryEntry{Provider: *p, Hours: weekdayHours()}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			err := s.Import(ctx, func(yield func(*rendezvous.DirectoryEntry) bool) {
				if yield(other()) {
					yield(entry(tc.bookings...))
				}
			})
			wantReason(t, err, tc.reason)
			if tc.reason != "" {
				if n, _ := s.CountProviders(ctx); n != 0 {
					t.Errorf("a failed import left %d providers", n)
				}
			}
		})
	}
}

// testConcurrentBookings races many goroutines for the same slots: every
// slot is booked exactly once and nothing overlaps.
func testConcurrentBookings(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	now := fixedNow(t)
	p := mustProvider(t, s, "Cabinet A")
	// 100 slots: 30-minute steps with a 10-minute buffer leave every other
	// half hour free, so take a grid of hour starts over enough days.
	var starts []time.Time
	for day := at(t, "2026-11-24 00:00"); len(starts) < 100; day = day.AddDate(0, 0, 1) {
		if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			continue
		}
		for _, h := range []int{9, 10, 11, 14, 15, 16, 17} {
			if len(starts) < 100 {
				starts = append(starts, day.Add(time.Duration(h)*time.Hour))
			}
		}
	}
	const workers = 32
	var (
		wg               sync.WaitGroup
		mu               sync.Mutex
		won              = map[time.Time]int{}
		taken, otherErrs atomic.Int64
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range starts {
				// Each worker walks the slots from a different offset, so
				// that every slot is contended by many at once.
				start := starts[(i+w*3)%len(starts)]
				err := s.CreateBooking(ctx, newBooking(p, start), now)
				switch rendezvous.ErrorReasonOf(err) {
				case "":
					mu.Lock()
					won[start]++
					mu.Unlock()
				case rendezvous.ReasonSlotTaken:
					taken.Add(1)
				default:
					otherErrs.Add(1)
					t.Errorf("unexpected error: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	if len(won) != len(starts) {
		t.Errorf("%d slots booked, want %d", len(won), len(starts))
	}
	for start, n := range won {
		if n != 1 {
			t.Errorf("slot %s booked %d times", start, n)
		}
	}
	if got := taken.Load(); got != int64(workers*len(starts)-len(starts)) {
		t.Errorf("%d slot_taken answers, want %d", got, workers*len(starts)-len(starts))
	}
	all, err := s.Bookings(ctx, rendezvous.BookingFilter{ProviderID: p.ID, ActiveOnly: true, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(starts) {
		t.Errorf("%d bookings stored, want %d", len(all), len(starts))
	}
	AssertNoOverlap(t, all)
}

// testSameSlotStampede releases many goroutines at once on one slot, round
// after round: exactly one books it, every other gets slot_taken — never
// another error, a deadlock or a wait for a timeout.
func testSameSlotStampede(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	now := fixedNow(t)
	p := mustProvider(t, s, "Cabinet A")
	const workers, rounds = 48, 20
	for round := range rounds {
		slot := roundSlot(t, round)
		var (
			wg         sync.WaitGroup
			gate       = make(chan struct{})
			won, taken atomic.Int64
			errMu      sync.Mutex
			firstErr   error
		)
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-gate
				rctx, cancel := context.WithTimeout(ctx, 20*time.Second)
				defer cancel()
				err := s.CreateBooking(rctx, newBooking(p, slot), now)
				switch rendezvous.ErrorReasonOf(err) {
				case "":
					won.Add(1)
				case rendezvous.ReasonSlotTaken:
					taken.Add(1)
				default:
					errMu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					errMu.Unlock()
				}
			}()
		}
		close(gate)
		wg.Wait()
		if firstErr != nil || won.Load() != 1 || taken.Load() != workers-1 {
			t.Fatalf("round %d: %d booked, %d slot_taken, first other error: %v", round, won.Load(), taken.Load(), firstErr)
		}
	}
}

// AssertNoOverlap fails if two active bookings of one provider overlap,
// buffers included.
func AssertNoOverlap(t testing.TB, bookings []*rendezvous.Booking) {
	t.Helper()
	byProvider := map[int64][]*rendezvous.Booking{}
	for _, b := range bookings {
		if b.Active() {
			byProvider[b.ProviderID] = append(byProvider[b.ProviderID], b)
		}
	}
	for pid, bs := range byProvider {
		for i := range bs {
			for j := i + 1; j < len(bs); j++ {
				a, b := bs[i], bs[j]
				if (rendezvous.Span{Start: a.Start, End: a.BlockedUntil}).Overlaps(rendezvous.Span{Start: b.Start, End: b.BlockedUntil}) {
					t.Errorf("provider %d: bookings %s and %s overlap", pid, a.ID, b.ID)
				}
			}
		}
	}
}

func testImport(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	now := fixedNow(t)
	entries := func(yield func(*rendezvous.DirectoryEntry) bool) {
		for i := int64(1); i <= 3; i++ {
			p := newProvider(fmt.Sprintf("Imported %d", i))
			p.ID = 100 + i
			for j := range p.Services {
				p.Services[j].ID = 1000 + i*10 + int64(j)
				p.Services[j].ProviderID = p.ID
			}
			start := at(t, "2026-11-24 09:00")
			e := &rendezvous.DirectoryEntry{Provider: *p, Hours: weekdayHours(),
				TimeOff: []rendezvous.TimeOff{{ID: 500 + i, ProviderID: p.ID, Start: at(t, "2026-12-24 00:00"), End: at(t, "2026-12-25 00:00"), Reason: "Noël"}},
				Bookings: []rendezvous.Booking{{ID: fmt.Sprintf("RDV-IMPORT%04d", i), ProviderID: p.ID, ServiceID: p.Services[0].ID,
					Start: start, End: start.Add(30 * time.Minute), BlockedUntil: start.Add(40 * time.Minute), Status: rendezvous.StatusBooked,
					Customer: rendezvous.Customer{Name: "Demo", Email: "demo@example.invalid", Phone: "+33199000000"}, CreatedAt: now, UpdatedAt: now}}}
			if !yield(e) {
				return
			}
		}
	}
	if err := s.Import(ctx, entries); err != nil {
		t.Fatal(err)
	}
	p, err := s.Provider(ctx, 102)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Imported 2" || len(p.Services) != 2 || p.Services[0].ID != 1020 {
		t.Errorf("imported provider = %+v", p)
	}
	b, err := s.Booking(ctx, "RDV-IMPORT0002")
	if err != nil || b.ProviderID != 102 {
		t.Errorf("imported booking = %+v, %v", b, err)
	}
	sch, _ := s.Schedule(ctx, 103, now)
	if len(sch.Hours) != 10 || len(sch.TimeOff) != 1 {
		t.Errorf("imported schedule = %+v", sch)
	}
	// New rows after an import get fresh IDs, not ones the import used.
	np := newProvider("After import")
	if err := s.CreateProvider(ctx, np); err != nil {
		t.Fatal(err)
	}
	if np.ID <= 103 || np.Services[0].ID <= 1031 {
		t.Errorf("ids after import: provider %d, service %d", np.ID, np.Services[0].ID)
	}
	if err := s.SetHours(ctx, np.ID, weekdayHours()); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTimeOff(ctx, &rendezvous.TimeOff{ProviderID: np.ID, Start: at(t, "2027-01-01 00:00"), End: at(t, "2027-01-02 00:00")}); err != nil {
		t.Fatalf("time off after import: %v", err)
	}
	// Importing into a store that has providers is refused.
	wantCode(t, s.Import(ctx, entries), rendezvous.ECONFLICT)
}

func testAdminKeys(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	k := &rendezvous.AdminKey{Name: "ops", Prefix: "abcd1234", Hash: []byte{1, 2, 3, 4}}
	if err := s.CreateAdminKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	got, err := s.AdminKey(ctx, "abcd1234")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != k.ID || got.Name != "ops" || string(got.Hash) != string(k.Hash) {
		t.Errorf("AdminKey = %+v", got)
	}
	_, err = s.AdminKey(ctx, "zzzz")
	wantCode(t, err, rendezvous.ENOTFOUND)
	wantCode(t, s.CreateAdminKey(ctx, &rendezvous.AdminKey{Prefix: "abcd1234", Hash: []byte{9}}), rendezvous.ECONFLICT)
}

func testNames(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	mustProvider(t, s, "Cabinet A")
	mustProvider(t, s, "Cabinet A") // same name twice
	for _, name := range []string{"Dr Tremblay", "Dr Gagnon", "Dr Roy"} {
		m := newProvider(name)
		m.City, m.TimeZone = "Montréal", "America/Toronto"
		if err := s.CreateProvider(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.Names(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := &rendezvous.Names{
		// Montréal has three providers, Lyon two: the bigger city first.
		Cities:    []rendezvous.CityName{{Name: "Montréal", TimeZone: "America/Toronto"}, {Name: "Lyon", TimeZone: "Europe/Paris"}},
		Providers: []string{"Cabinet A", "Dr Gagnon", "Dr Roy", "Dr Tremblay"},
	}
	if diff := cmp.Diff(want, n); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
}

// AlwaysOpen returns weekly hours open round the clock: for tests that
// book at any hour of any day (a job's test, a feed's).
func AlwaysOpen() rendezvous.WeeklyHours {
	var w rendezvous.WeeklyHours
	for d := time.Sunday; d <= time.Saturday; d++ {
		w = append(w, rendezvous.OpeningInterval{Weekday: d, Start: 0, End: 24 * 60})
	}
	return w
}
