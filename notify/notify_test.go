package notify_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/logging"
	"github.com/rendezvous-oss/rendezvous/mailer"
	"github.com/rendezvous-oss/rendezvous/mailer/smtptest"
	"github.com/rendezvous-oss/rendezvous/notify"
	"github.com/rendezvous-oss/rendezvous/postgres"
	"github.com/rendezvous-oss/rendezvous/postgres/pgtest"
	"github.com/rendezvous-oss/rendezvous/queue"
	"github.com/rendezvous-oss/rendezvous/sqlite"
)

// rig is a desk on a SQLite store whose changes enqueue email jobs, a
// runner working them, and an SMTP server in the test receiving them.
type rig struct {
	store    benchStore
	desk     *booking.Desk
	runner   jobs
	smtp     *smtptest.Server
	provider *rendezvous.Provider
	logs     *syncBuffer
	// planner may be tuned between bookings (the reminder's lead).
	planner *notify.Planner
}

// jobs is a queue.Runner of either store.
type jobs interface {
	Run(ctx context.Context, grace time.Duration) error
	List(ctx context.Context, f queue.JobFilter) ([]queue.JobView, string, error)
	Retry(ctx context.Context, id int64) (queue.JobView, error)
}

type rigOptions struct {
	store       string // "SQLite" (default) or "Postgres"
	lead        time.Duration
	maxAttempts int
	smtpTimeout time.Duration
}

func newRig(t *testing.T, o rigOptions) *rig {
	t.Helper()
	ctx := context.Background()
	var st benchStore
	if o.store == "Postgres" {
		s, err := postgres.Open(ctx, pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		st = s
	} else {
		s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "rdv.db"))
		if err != nil {
			t.Fatal(err)
		}
		st = s
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	p := &rendezvous.Provider{
		Name: "Cabinet Dupont", Kind: rendezvous.KindDentist, City: "Lyon", Address: "1 place Bellecour",
		TimeZone: "Europe/Paris", Languages: []string{"fr", "en"},
		Policy:   rendezvous.BookingPolicy{MinNotice: time.Minute, Horizon: 60 * 24 * time.Hour, SlotStep: 30 * time.Minute},
		Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute, PriceCents: 2500}},
	}
	if err := st.CreateProvider(ctx, p); err != nil {
		t.Fatal(err)
	}
	var hours rendezvous.WeeklyHours
	for d := time.Sunday; d <= time.Saturday; d++ {
		hours = append(hours, rendezvous.OpeningInterval{Weekday: d, Start: 0, End: 24 * 60})
	}
	if err := st.SetHours(ctx, p.ID, hours); err != nil {
		t.Fatal(err)
	}
	tokens, err := auth.NewTokens(auth.TokensConfig{Secret: bytes.Repeat([]byte("k"), 32)})
	if err != nil {
		t.Fatal(err)
	}
	planner := &notify.Planner{ReminderLead: o.lead, MaxAttempts: o.maxAttempts}
	desk := booking.NewDesk(st, tokens, booking.Options{Jobs: planner})
	srv := smtptest.Start(t)
	timeout := o.smtpTimeout
	if timeout == 0 {
		timeout = 5 * time.Second
	}
	sender, err := mailer.NewSMTP(mailer.SMTPConfig{URL: srv.URL(), From: "rdv@rendezvous.example", Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	log := logging.New(logs, logging.Options{Format: "json", Level: slog.LevelDebug})
	logs.log = log
	n := &notify.Notifier{Bookings: desk, Sent: st, Sender: sender, Logger: log,
		Renderer: notify.Renderer{From: "rdv@rendezvous.example", PublicURL: "https://rdv.example"}}
	qcfg := queue.Config{PollInterval: 20 * time.Millisecond, RetryBase: 20 * time.Millisecond, JobTimeout: 10 * time.Second, Logger: log}
	var runner jobs
	switch s := st.(type) {
	case *sqlite.Store:
		runner, err = queue.NewRunner(s.JobDriver(), qcfg, n.Handlers())
	case *postgres.Store:
		runner, err = queue.NewRunner(s.JobDriver(), qcfg, n.Handlers())
	}
	if err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- runner.Run(rctx, 5*time.Second) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("runner: %v", err)
		}
	})
	return &rig{store: st, desk: desk, runner: runner, smtp: srv, provider: p, logs: logs, planner: planner}
}

// book books the whole hour in d from now, in lang.
func (r *rig) book(t *testing.T, d time.Duration, lang string) *booking.Confirmation {
	t.Helper()
	start := time.Now().Add(d).Truncate(time.Hour)
	c, err := r.desk.Book(context.Background(), rendezvous.BookingRequest{ProviderID: r.provider.ID, ServiceID: r.provider.Services[0].ID,
		Start: start, Language: lang, Customer: rendezvous.Customer{Name: "Marie Curie", Email: "marie.curie@example.org", Phone: "+33612345678"}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type syncBuffer struct {
	mu  sync.Mutex
	b   bytes.Buffer
	log *slog.Logger // synced before each read: lines are written off the caller's path
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	if s.log != nil {
		logging.Sync(s.log)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// event parses a message's invite with the iCalendar library.
func event(t *testing.T, p *smtptest.Parsed) (*ics.Calendar, *ics.VEvent) {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(p.Calendar))
	if err != nil {
		t.Fatalf("parse invite: %v\n%s", err, p.Calendar)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events in the invite, want 1", len(evs))
	}
	if att := p.Attachments["invite.ics"]; strings.ReplaceAll(string(att), "\r\n", "\n") != strings.ReplaceAll(p.Calendar, "\r\n", "\n") {
		t.Errorf("the invite.ics attachment differs from the text/calendar part:\n%q\n%q", att, p.Calendar)
	}
	return cal, evs[0]
}

func prop(c interface {
	GetProperty(ics.ComponentProperty) *ics.IANAProperty
}, name ics.ComponentProperty) string {
	if p := c.GetProperty(name); p != nil {
		return p.Value
	}
	return ""
}

func calProp(cal *ics.Calendar, name ics.Property) string {
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(name) {
			return p.Value
		}
	}
	return ""
}

func TestConfirmation(t *testing.T) {
	for _, tc := range []struct {
		name, lang, subject, lead string
	}{
		{"French", "fr", "Confirmé : votre rendez-vous avec Cabinet Dupont le ", "Votre rendez-vous avec Cabinet Dupont le "},
		{"English", "en", "Confirmed: your appointment with Cabinet Dupont on ", "Your appointment with Cabinet Dupont on "},
		{"FrenchPostgres", "fr", "Confirmé : votre rendez-vous avec Cabinet Dupont le ", "Votre rendez-vous avec Cabinet Dupont le "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, rigOptions{store: storeOf(tc.name)})
			c := r.book(t, 72*time.Hour, tc.lang)
			msgs := r.smtp.Wait(t, 1, 10*time.Second)
			p, err := msgs[0].Parse()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(p.Subject, tc.subject) {
				t.Errorf("subject %q, want it to start %q", p.Subject, tc.subject)
			}
			if msgs[0].To[0] != "marie.curie@example.org" {
				t.Errorf("sent to %v", msgs[0].To)
			}
			for _, body := range []string{p.Text, p.HTML} {
				if !strings.Contains(body, tc.lead) || !strings.Contains(body, c.Booking.ID) {
					t.Errorf("body lacks the lead or the reference:\n%s", body)
				}
			}
			// The link carries a working token in its fragment.
			link := "https://rdv.example/manage#ref=" + c.Booking.ID + "&token="
			i := strings.Index(p.Text, link)
			if i < 0 {
				t.Fatalf("no manage link in\n%s", p.Text)
			}
			tok, lang, _ := strings.Cut(strings.Fields(p.Text[i+len(link):])[0], "&lang=")
			if lang != tc.lang {
				t.Errorf("the link's language %q, want %q", lang, tc.lang)
			}
			if _, _, err := r.desk.Booking(context.Background(), c.Booking.ID, tok); err != nil {
				t.Errorf("the link's token does not open the booking: %v", err)
			}
			if !strings.Contains(p.HTML, `href="https://rdv.example/manage#ref=`+c.Booking.ID+`&amp;token=`) {
				t.Errorf("the HTML link is missing or not escaped")
			}
			if got := p.Header.Get("Message-Id"); got != "<email.confirmation."+c.Booking.ID+".v1@rendezvous.example>" {
				t.Errorf("Message-ID %q", got)
			}
			cal, ev := event(t, p)
			if strings.Contains(p.Calendar, "token=") {
				t.Errorf("the invite carries the manage token (calendars are shared more widely than mailboxes)")
			}
			if p.CalendarMethod != "REQUEST" || calProp(cal, ics.PropertyMethod) != "REQUEST" {
				t.Errorf("method %q / %q, want REQUEST", p.CalendarMethod, calProp(cal, ics.PropertyMethod))
			}
			if ev.Id() != c.Booking.ID || prop(ev, ics.ComponentPropertySequence) != "1" {
				t.Errorf("UID %q SEQUENCE %q", ev.Id(), prop(ev, ics.ComponentPropertySequence))
			}
			start := ev.GetProperty(ics.ComponentPropertyDtStart)
			if tz := start.ICalParameters["TZID"]; len(tz) != 1 || tz[0] != "Europe/Paris" {
				t.Errorf("DTSTART's TZID %v", start.ICalParameters)
			}
			paris, _ := time.LoadLocation("Europe/Paris")
			if want := c.Booking.Start.In(paris).Format("20060102T150405"); start.Value != want {
				t.Errorf("DTSTART %s, want %s in Paris", start.Value, want)
			}
			if len(cal.Timezones()) != 1 || prop(cal.Timezones()[0], ics.ComponentPropertyTzid) != "Europe/Paris" {
				t.Errorf("no VTIMEZONE for Europe/Paris")
			}
		})
	}
}

func TestChangeAndCancellation(t *testing.T) {
	for _, kind := range stores() {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t, rigOptions{store: kind})
			ctx := context.Background()
			c := r.book(t, 72*time.Hour, "fr")
			r.smtp.Wait(t, 1, 10*time.Second)
			moved, err := r.desk.Reschedule(ctx, c.Booking.ID, c.Token, c.Booking.Start.Add(2*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			r.smtp.Wait(t, 2, 10*time.Second)
			cancelled, err := r.desk.Cancel(ctx, c.Booking.ID, moved.Token)
			if err != nil {
				t.Fatal(err)
			}
			// Cancelling a cancelled booking changes nothing, and says nothing.
			if _, err := r.desk.Cancel(ctx, c.Booking.ID, cancelled.Token); err != nil {
				t.Fatal(err)
			}
			msgs := r.smtp.Wait(t, 3, 10*time.Second)
			for i, want := range []struct{ subject, method, seq string }{
				{"Confirmé", "REQUEST", "1"}, {"Déplacé", "REQUEST", "2"}, {"Annulé", "CANCEL", "3"},
			} {
				p, err := msgs[i].Parse()
				if err != nil {
					t.Fatal(err)
				}
				cal, ev := event(t, p)
				if !strings.HasPrefix(p.Subject, want.subject) || calProp(cal, ics.PropertyMethod) != want.method ||
					prop(ev, ics.ComponentPropertySequence) != want.seq || ev.Id() != c.Booking.ID {
					t.Errorf("message %d: %q %s SEQUENCE %s UID %s, want %s %s %s", i, p.Subject, calProp(cal, ics.PropertyMethod),
						prop(ev, ics.ComponentPropertySequence), ev.Id(), want.subject, want.method, want.seq)
				}
			}
			time.Sleep(300 * time.Millisecond)
			if n := len(r.smtp.Messages()); n != 3 {
				t.Errorf("%d messages, want 3 (a second cancellation sends none)", n)
			}
			// The cancellation has no manage link: nothing is left to manage.
			if p, _ := msgs[2].Parse(); strings.Contains(p.Text, "token=") {
				t.Errorf("the cancellation carries a token")
			}
			// No reminder is left for a cancelled booking.
			if n := pending(t, r, c.Booking.ID); n != 0 {
				t.Errorf("%d pending jobs after the cancellation", n)
			}
		})
	}
}

// pending counts a booking's jobs still to run.
func pending(t *testing.T, r *rig, id string) int {
	t.Helper()
	n := 0
	for _, st := range queue.PendingStates() {
		jobs, _, err := r.runner.List(context.Background(), queue.JobFilter{State: st, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range jobs {
			if j.BookingID == id {
				n++
			}
		}
	}
	return n
}

func TestReminder(t *testing.T) {
	for _, kind := range stores() {
		t.Run(kind, func(t *testing.T) {
			// The appointment is 2 h 30 min away at most and the lead is 2 h 30
			// min less a second or so: the reminder is due at once, nearly.
			r := newRig(t, rigOptions{store: kind})
			start := time.Now().Add(3 * time.Hour).Truncate(time.Hour)
			r.planner.ReminderLead = time.Until(start) - 2*time.Second
			c, err := r.desk.Book(context.Background(), rendezvous.BookingRequest{ProviderID: r.provider.ID, ServiceID: r.provider.Services[0].ID,
				Start: start, Language: "en", Customer: rendezvous.Customer{Name: "Ada Lovelace", Email: "ada@example.org", Phone: "+33611223344"}})
			if err != nil {
				t.Fatal(err)
			}
			msgs := r.smtp.Wait(t, 2, 15*time.Second)
			p, err := msgs[1].Parse()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(p.Subject, "Reminder: your appointment with Cabinet Dupont") {
				t.Errorf("second message %q, want the reminder", p.Subject)
			}
			if got := p.Header.Get("Message-Id"); got != "<email.reminder."+c.Booking.ID+".v1@rendezvous.example>" {
				t.Errorf("Message-ID %q", got)
			}
		})
	}
}

func TestRescheduleMovesTheReminder(t *testing.T) {
	for _, kind := range stores() {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t, rigOptions{store: kind, lead: 24 * time.Hour})
			ctx := context.Background()
			c := r.book(t, 72*time.Hour, "en")
			r.smtp.Wait(t, 1, 10*time.Second)
			if _, err := r.desk.Reschedule(ctx, c.Booking.ID, c.Token, c.Booking.Start.Add(24*time.Hour)); err != nil {
				t.Fatal(err)
			}
			r.smtp.Wait(t, 2, 10*time.Second)
			jobs, _, err := r.runner.List(ctx, queue.JobFilter{State: "scheduled", Kind: notify.KindReminder, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(jobs) != 1 || jobs[0].Version != 2 || !jobs[0].ScheduledAt.Equal(c.Booking.Start) {
				t.Errorf("reminders %+v, want one of version 2 at %v (the new start less a day)", jobs, c.Booking.Start)
			}
		})
	}
}

func TestErasureDropsPendingJobs(t *testing.T) {
	for _, kind := range stores() {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t, rigOptions{store: kind, lead: 24 * time.Hour})
			ctx := context.Background()
			c := r.book(t, 72*time.Hour, "en")
			r.smtp.Wait(t, 1, 10*time.Second)
			if n := pending(t, r, c.Booking.ID); n != 1 {
				t.Fatalf("%d pending jobs before the erasure, want the reminder", n)
			}
			if _, err := r.desk.EraseBooking(ctx, c.Booking.ID, c.Token); err != nil {
				t.Fatal(err)
			}
			if n := pending(t, r, c.Booking.ID); n != 0 {
				t.Errorf("%d pending jobs after the erasure", n)
			}
			time.Sleep(200 * time.Millisecond)
			if n := len(r.smtp.Messages()); n != 1 {
				t.Errorf("%d messages after the erasure, want only the confirmation", n)
			}
		})
	}
}

func TestErasedBeforeSendingSendsNothing(t *testing.T) {
	for _, kind := range stores() {
		t.Run(kind, func(t *testing.T) {
			// The job exists (the confirmation) but the booking is erased before
			// a worker takes it: the worker reads the booking when it runs.
			r := newRig(t, rigOptions{store: kind})
			r.smtp.SetMode(smtptest.Refuse) // hold the first attempt back
			c := r.book(t, 72*time.Hour, "en")
			r.smtp.WaitAttempts(t, 1, 10*time.Second)
			if _, err := r.desk.EraseBooking(context.Background(), c.Booking.ID, c.Token); err != nil {
				t.Fatal(err)
			}
			r.smtp.SetMode(smtptest.Accept)
			time.Sleep(500 * time.Millisecond)
			if n := len(r.smtp.Messages()); n != 0 {
				t.Errorf("%d messages about an erased booking", n)
			}
		})
	}
}

func TestRolledBackBookingEnqueuesNothing(t *testing.T) {
	for _, kind := range stores() {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t, rigOptions{store: kind})
			c := r.book(t, 72*time.Hour, "en")
			r.smtp.Wait(t, 1, 10*time.Second)
			// The same slot again: refused (slot_taken), its jobs with it.
			_, err := r.desk.Book(context.Background(), rendezvous.BookingRequest{ProviderID: r.provider.ID, ServiceID: r.provider.Services[0].ID,
				Start: c.Booking.Start, Customer: rendezvous.Customer{Name: "Other Person", Email: "other@example.org", Phone: "+33698765432"}})
			if rendezvous.ErrorCodeOf(err) != rendezvous.ECONFLICT {
				t.Fatalf("second booking of the slot: %v, want a conflict", err)
			}
			all, _, err := r.runner.List(context.Background(), queue.JobFilter{Kind: notify.KindConfirmation, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != 1 {
				t.Errorf("%d confirmation jobs, want the first booking's only", len(all))
			}
		})
	}
}

func TestFailingServerDiscards(t *testing.T) {
	for _, tc := range []struct {
		name string
		mode smtptest.Mode
	}{
		{"Refuses", smtptest.Refuse},
		{"Hangs", smtptest.Hang},
		{"RefusesPostgres", smtptest.Refuse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, rigOptions{store: storeOf(tc.name), maxAttempts: 3, smtpTimeout: 300 * time.Millisecond})
			r.smtp.SetMode(tc.mode)
			c := r.book(t, 72*time.Hour, "en")
			ctx := context.Background()
			var jobs []queue.JobView
			deadline := time.Now().Add(20 * time.Second)
			for len(jobs) == 0 && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
				var err error
				if jobs, _, err = r.runner.List(ctx, queue.JobFilter{State: "discarded", Limit: 10}); err != nil {
					t.Fatal(err)
				}
			}
			if len(jobs) != 1 || jobs[0].BookingID != c.Booking.ID || jobs[0].Attempt != 3 || len(jobs[0].Errors) != 3 {
				t.Fatalf("discarded %+v, want the confirmation after 3 attempts", jobs)
			}
			if got := r.smtp.Attempts(); got != 3 {
				t.Errorf("%d attempts reached the server, want 3", got)
			}
			for _, e := range jobs[0].Errors {
				if strings.Contains(e.Error, "@") || strings.Contains(e.Error, "Marie") {
					t.Errorf("a job's error quotes personal data: %q", e.Error)
				}
			}
			// Retried by an operator once the server is back: sent.
			r.smtp.SetMode(smtptest.Accept)
			if _, err := r.runner.Retry(ctx, jobs[0].ID); err != nil {
				t.Fatal(err)
			}
			r.smtp.Wait(t, 1, 10*time.Second)
			logs := r.logs.String()
			for _, pii := range []string{"marie.curie@example.org", "Marie Curie", "+33612345678"} {
				if strings.Contains(logs, pii) {
					t.Errorf("the logs hold %q", pii)
				}
			}
			if strings.Contains(logs, "Cabinet Dupont le") || strings.Contains(logs, "manage#") {
				t.Errorf("the logs hold a message's body")
			}
		})
	}
}

func TestSentJobRunAgainSendsNothing(t *testing.T) {
	for _, kind := range stores() {
		t.Run(kind, func(t *testing.T) {
			// At-least-once: a job that runs again after its message went (its
			// instance died before it was marked done) finds the sent record.
			r := newRig(t, rigOptions{store: kind})
			c := r.book(t, 72*time.Hour, "en")
			r.smtp.Wait(t, 1, 10*time.Second)
			jobs, _, err := r.runner.List(context.Background(), queue.JobFilter{Kind: notify.KindConfirmation, Limit: 10})
			if err != nil || len(jobs) != 1 {
				t.Fatalf("jobs %+v, %v", jobs, err)
			}
			deadline := time.Now().Add(5 * time.Second)
			for jobs[0].State != "completed" && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
				jobs, _, _ = r.runner.List(context.Background(), queue.JobFilter{Kind: notify.KindConfirmation, Limit: 10})
			}
			if _, err := r.runner.Retry(context.Background(), jobs[0].ID); err != nil {
				t.Fatal(err)
			}
			time.Sleep(500 * time.Millisecond)
			if n := len(r.smtp.Messages()); n != 1 {
				t.Errorf("%d messages for booking %s, want 1", n, c.Booking.ID)
			}
		})
	}
}

// stores lists the stores every test runs on: PostgreSQL when its test
// URL is set (pgtest skips otherwise).
func stores() []string { return []string{"SQLite", "Postgres"} }

// storeOf picks the store a table case names.
func storeOf(name string) string {
	if strings.HasSuffix(name, "Postgres") {
		return "Postgres"
	}
	return "SQLite"
}
