package main

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/mailer"
	"github.com/rendezvous-oss/rendezvous/notify"
	"github.com/rendezvous-oss/rendezvous/postgres"
	"github.com/rendezvous-oss/rendezvous/queue"
	"github.com/rendezvous-oss/rendezvous/sqlite"
	"github.com/rendezvous-oss/rendezvous/verify"
	"github.com/rendezvous-oss/rendezvous/waitlist"
	"github.com/rendezvous-oss/rendezvous/webhook"
)

// jobRunner is a queue.Runner whatever the store's transaction type.
type jobRunner interface {
	Run(ctx context.Context, grace time.Duration) error
	List(ctx context.Context, f queue.JobFilter) ([]queue.JobView, string, error)
	Retry(ctx context.Context, id int64) (queue.JobView, error)
	Counts(ctx context.Context) (map[string]int, error)
}

// sentRecordsKept is how long the record of a sent message is kept: long
// past any retry of its job.
const sentRecordsKept = 30 * oneDay

// webhookDeliveriesKept is how long the log of a delivery that is over
// is kept (its payload names the customer).
const webhookDeliveriesKept = 30 * oneDay

// waitlistKept is how long a waitlist entry is kept once it expired or
// booked: its customer can still see it (GET /v1/me/waitlist) for a
// week; then it goes, with the customer's details and its offers.
const waitlistKept = 7 * oneDay

// notifications is what sends customers their emails.
type notifications struct {
	sender  notify.Sender
	smtp    *mailer.SMTP    // nil without a relay
	mailbox *mailer.Mailbox // the development mailbox, or nil
	runner  jobRunner       // nil when off or without workers here
	render  notify.Renderer
}

// changePlanner plans the jobs of each booking change: its emails and its
// webhooks' fan-out (whom a webhook goes to is decided when the fan-out
// runs).
func changePlanner(n notifySettings) booking.Planner {
	return booking.Planners{notify.Planner{ReminderLead: n.ReminderLead, MaxAttempts: n.MaxAttempts}, webhook.Planner{}}
}

// withJobPlanners sets, unless notifications are off, what every change
// enqueues: its emails and webhooks, the waitlist's matcher of the time it
// frees, and the events of the waitlist entries an erasure deletes.
func withJobPlanners(opts *booking.Options, n notifySettings) {
	if n.Off {
		return
	}
	opts.Jobs = changePlanner(n)
	opts.Freed = waitlist.Planner{MaxAttempts: n.MaxAttempts}
	opts.WaitlistEvents = webhook.WaitlistPlanner{}
}

// newSender returns where messages go: the relay, or in development
// without one the mailbox.
func newSender(n notifySettings, production bool) (*notifications, error) {
	out := &notifications{render: notify.Renderer{From: n.From, PublicURL: n.PublicURL}}
	if n.Off {
		return out, nil
	}
	if n.mailbox() {
		if out.render.From == "" {
			out.render.From = "rendezvous@localhost"
		}
		mb, err := mailer.NewMailbox(n.Mailbox, out.render.From)
		if err != nil {
			return nil, &settingError{"RENDEZVOUS_MAILBOX_DIR", err.Error()}
		}
		out.mailbox, out.sender = mb, mb
		return out, nil
	}
	s, err := mailer.NewSMTP(mailer.SMTPConfig{URL: n.SMTPURL, From: n.From, RequireTLS: production, Timeout: n.SMTPTimeout})
	if err != nil {
		return nil, &settingError{"RENDEZVOUS_SMTP_URL", err.Error()}
	}
	out.smtp, out.sender = s, s
	return out, nil
}

// newJobRunner returns the workers of st's jobs with handlers, by kind.
func newJobRunner(st store, cfg queue.Config, handlers map[string]queue.Handler) (jobRunner, error) {
	switch s := st.(type) {
	case *sqlite.Store:
		return queue.NewRunner(s.JobDriver(), cfg, handlers)
	case *postgres.Store:
		return queue.NewRunner(s.JobDriver(), cfg, handlers)
	}
	return nil, fmt.Errorf("jobs: no queue for a %T store", st)
}

// assembleJobs builds the workers of this instance, when it has any —
// emails and webhooks — and exports the queue's depth.
func (a *app) assembleJobs(sys *system, cfg *config, log *slog.Logger) error {
	n := sys.notes
	if cfg.Notify.Off {
		return nil
	}
	handlers := (&notify.Notifier{Bookings: sys.desk, Sent: sys.store, Sender: n.sender, Renderer: n.render,
		Metrics: sys.metrics, Logger: log}).Handlers()
	hooks := &webhook.Worker{Store: sys.store, Bookings: sys.desk, Client: webhook.NewClient(cfg.guard(), cfg.Webhooks.Timeout, 0),
		Metrics: sys.metrics, Logger: log}
	maps.Copy(handlers, hooks.Handlers())
	sys.webhooks = &webhook.Service{Store: sys.store, Guard: cfg.guard(), Worker: hooks, Providers: sys.desk}
	kinds := slices.Concat(notify.Kinds(), webhook.Kinds())
	if sys.waitlist != nil {
		for k, h := range sys.waitlist.Handlers() {
			handlers[k] = h
			kinds = append(kinds, k)
		}
	}
	qc := queue.Config{Workers: cfg.Notify.Workers, JobTimeout: cfg.Notify.JobTimeout, RescueAfter: cfg.Notify.RescueAfter,
		RetryBase: cfg.Notify.RetryBase, PollInterval: cfg.Notify.PollInterval, Logger: log, Observer: sys.metrics,
		Queues: map[string]int{webhook.Queue: cfg.Webhooks.Workers}, Backoffs: hooks.Backoffs(), Tracer: sys.tracer()}
	r, err := newJobRunner(sys.store, qc, handlers)
	if err != nil {
		return err
	}
	sys.metrics.DeclareJobs(kinds)
	sys.metrics.JobQueue(r.Counts, queue.States())
	events := make([]string, 0, len(webhook.EventTypes()))
	for _, e := range webhook.EventTypes() {
		events = append(events, string(e))
	}
	sys.metrics.DeclareWebhooks(events)
	sys.metrics.WebhookQueue(func(ctx context.Context) (int, int, error) {
		st, err := sys.store.WebhookStats(ctx)
		return st.Pending, st.Disabled, err
	})
	if cfg.Notify.Workers > 0 {
		n.runner = r
	}
	sys.jobs = r
	return nil
}

// runJobs works jobs and sweeps the sent records until ctx ends.
func runJobs(ctx context.Context, sys *system, grace time.Duration, log *slog.Logger) error {
	if sys.notes == nil || sys.notes.runner == nil {
		return nil
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		sweep(ctx, "sent email records", time.Hour, func(ctx context.Context) (int, error) {
			return sys.store.SweepMessagesSent(ctx, time.Now().Add(-sentRecordsKept))
		}, log)
	})
	wg.Go(func() {
		sweep(ctx, "webhook deliveries", time.Hour, func(ctx context.Context) (int, error) {
			return sys.store.SweepWebhookDeliveries(ctx, time.Now().Add(-webhookDeliveriesKept))
		}, log)
	})
	wg.Go(func() {
		sweep(ctx, "waitlist entries", time.Hour, func(ctx context.Context) (int, error) {
			return sys.store.SweepWaitlist(ctx, time.Now().Add(-waitlistKept))
		}, log)
	})
	defer wg.Wait()
	if err := sys.notes.runner.Run(ctx, grace); err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	return nil
}

// devMailbox serves the development mailbox to the HTTP API.
type devMailbox struct{ mb *mailer.Mailbox }

func (d devMailbox) ListMail(limit int) ([]httpapi.DevMailJSON, error) {
	ms, err := d.mb.List(limit)
	if err != nil {
		return nil, err
	}
	out := make([]httpapi.DevMailJSON, len(ms))
	for i, m := range ms {
		out[i] = httpapi.DevMailJSON{ID: m.ID, At: m.At.UTC(), To: m.To, Subject: m.Subject}
	}
	return out, nil
}

func (d devMailbox) Raw(id string) ([]byte, error) { return d.mb.Raw(id) }

// apiJobs returns what the HTTP API serves of the queue and the mailbox:
// nil interfaces for what this configuration lacks.
func (sys *system) apiJobs(production bool) (httpapi.JobAdmin, httpapi.DevMailbox) {
	var jobs httpapi.JobAdmin
	var mail httpapi.DevMailbox
	if sys.jobs != nil {
		jobs = sys.jobs
	}
	if sys.notes != nil && sys.notes.mailbox != nil && !production {
		mail = devMailbox{sys.notes.mailbox}
	}
	return jobs, mail
}

// newVerifier returns the proof of email addresses, which sends its codes
// the way notifications go: none when they are off.
func (sys *system) newVerifier(tokens *auth.Tokens, limiter verify.Limiter, cfg *config) httpapi.EmailVerifier {
	if sys.notes == nil || sys.notes.sender == nil {
		return nil
	}
	rate := httpapi.DefaultRates()[httpapi.RateVerification]
	if r, ok := cfg.HTTP.Rates[httpapi.RateVerification]; ok {
		rate = r
	}
	render := sys.notes.render
	sys.verify = verify.New(verify.Config{Store: sys.store, Tokens: tokens, Sender: sys.notes.sender, Limiter: limiter, PerClient: rate,
		Render: func(lang, to, code string) *notify.Message {
			return render.Code(lang, to, code, int(verify.CodeLifetime/time.Minute))
		}})
	return sys.verify
}

// chatProver lets the chat prove an address: verify's codes, the desk's
// bookings by address.
type chatProver struct {
	verify *verify.Service
	desk   *booking.Desk
}

func (p chatProver) SendCode(ctx context.Context, email, lang, client string) (string, error) {
	st, err := p.verify.Start(ctx, email, lang, client)
	if err != nil {
		return "", err
	}
	return st.ID, nil
}

func (p chatProver) CheckCode(ctx context.Context, id, code string) (string, error) {
	_, email, err := p.verify.Confirm(ctx, id, code)
	return email, err
}

func (p chatProver) ExportByEmail(ctx context.Context, email string) (*booking.Export, error) {
	return p.desk.ExportByEmail(ctx, email)
}
