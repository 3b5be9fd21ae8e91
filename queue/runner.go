package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"
	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous/booking"
)

// Job is a job as its handler sees it.
type Job struct {
	ID        int64
	Kind      string
	BookingID string
	Version   int
	// Ref is what the job works on besides the booking (booking.Job.Ref).
	Ref string
	// Attempt counts from 1; the job is discarded after MaxAttempts
	// failed attempts.
	Attempt, MaxAttempts int
	// ScheduledAt is when the job was due.
	ScheduledAt time.Time
	// Rescued tells that an earlier attempt was cut short (its instance
	// died while working it): whatever it did may have been done.
	Rescued bool
	// ProviderID, From and To: the span of a provider's time a change
	// freed (booking.Job), for jobs of no booking.
	ProviderID int64
	From, To   time.Time
	// Data is a job's own data (booking.Job.Data).
	Data []byte
}

// Handler works one job. An error makes the job retried later, with
// backoff, and discarded after its last attempt.
type Handler func(ctx context.Context, j Job) error

// Observer receives what workers do. Nil-safe.
type Observer interface {
	// JobWorked reports a job's attempt: its kind, how long it took, its
	// error (nil when it succeeded) and whether that error discarded it.
	JobWorked(kind string, took time.Duration, err error, discarded bool)
}

// Config tunes a Runner. Zero values mean the defaults.
type Config struct {
	// Workers is how many jobs an instance works at once (10).
	Workers int
	// JobTimeout bounds one attempt (1 min).
	JobTimeout time.Duration
	// RescueAfter is how long a job may stay running before it is deemed
	// abandoned by a dead instance and tried again (JobTimeout + 1 min).
	RescueAfter time.Duration
	// RetryBase is the first retry's delay; each next one doubles, up to
	// an hour, with ±10% jitter (30 s).
	RetryBase time.Duration
	// PollInterval is how often idle workers look for due jobs (1 s): the
	// most a scheduled job (a reminder) waits past its time.
	PollInterval time.Duration
	// CompletedRetention and DiscardedRetention are how long finished
	// jobs are kept (24 h and 7 days).
	CompletedRetention, DiscardedRetention time.Duration
	Logger                                 *slog.Logger
	Observer                               Observer
	// Queues are the queues besides DefaultQueue and how many jobs of
	// each an instance works at once: a queue of its own keeps slow work
	// (webhooks to a hanging endpoint) from holding up the emails.
	Queues map[string]int
	// Backoffs replace, for the kinds they name, the doubling retry delay
	// with a schedule of their own.
	Backoffs map[string]Backoff
	// Tracer makes every attempt a span; nil draws none.
	Tracer trace.TracerProvider
}

// Backoff returns how long to wait after a job's n-th failed attempt
// (n from 1) before the next.
type Backoff func(n int) time.Duration

// Runner works the jobs of a database with the handlers of their kinds.
type Runner[TTx any] struct {
	client *river.Client[TTx]
	log    *slog.Logger
}

// NewRunner returns a runner of handlers (by kind) on driver; Run starts it.
func NewRunner[TTx any](driver riverdriver.Driver[TTx], cfg Config, handlers map[string]Handler) (*Runner[TTx], error) {
	if cfg.Workers <= 0 {
		cfg.Workers = 10
	}
	if cfg.JobTimeout <= 0 {
		cfg.JobTimeout = time.Minute
	}
	if cfg.RescueAfter <= cfg.JobTimeout {
		cfg.RescueAfter = cfg.JobTimeout + time.Minute
	}
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = 30 * time.Second
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = time.Second
	}
	if cfg.CompletedRetention <= 0 {
		cfg.CompletedRetention = 24 * time.Hour
	}
	if cfg.DiscardedRetention <= 0 {
		cfg.DiscardedRetention = 7 * 24 * time.Hour
	}
	if cfg.Logger == nil {
		cfg.Logger = quiet()
	}
	var tracer trace.Tracer
	if cfg.Tracer != nil {
		tracer = cfg.Tracer.Tracer("github.com/rendezvous-oss/rendezvous/queue")
	}
	workers := river.NewWorkers()
	for kind, h := range handlers {
		// One River worker per kind, each decoding the same payload.
		river.AddWorkerArgs(workers, booking.JobArgs{JobKind: kind}, &worker{kind: kind, handle: h, observer: cfg.Observer, backoff: cfg.Backoffs[kind], tracer: tracer})
	}
	queues := map[string]river.QueueConfig{DefaultQueue: {MaxWorkers: cfg.Workers}}
	for q, n := range cfg.Queues {
		if n > 0 {
			queues[q] = river.QueueConfig{MaxWorkers: n}
		}
	}
	client, err := river.NewClient(driver, &river.Config{
		Queues:                      queues,
		Workers:                     workers,
		JobTimeout:                  cfg.JobTimeout,
		RescueStuckJobsAfter:        cfg.RescueAfter,
		RetryPolicy:                 backoff{base: cfg.RetryBase},
		FetchPollInterval:           cfg.PollInterval,
		FetchCooldown:               min(cfg.PollInterval, river.FetchCooldownDefault),
		CompletedJobRetentionPeriod: cfg.CompletedRetention,
		CancelledJobRetentionPeriod: cfg.CompletedRetention,
		DiscardedJobRetentionPeriod: cfg.DiscardedRetention,
		Logger:                      cfg.Logger,
	})
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	return &Runner[TTx]{client: client, log: cfg.Logger}, nil
}

// Run works jobs until ctx ends, then stops taking new ones and lets
// those under way finish within grace before cancelling them (a
// cancelled job is tried again later, by this or another instance).
func (r *Runner[TTx]) Run(ctx context.Context, grace time.Duration) error {
	if err := r.client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("queue: start: %w", err)
	}
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := r.client.Stop(sctx); err != nil {
		r.log.Warn("queue: jobs still running at the end of the grace period: cancelling them", slog.Any("error", err))
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := r.client.StopAndCancel(cctx); err != nil {
			return fmt.Errorf("queue: stop: %w", err)
		}
	}
	return nil
}

// worker adapts a Handler to River.
type worker struct {
	river.WorkerDefaults[booking.JobArgs]
	kind     string
	handle   Handler
	observer Observer
	backoff  Backoff
	tracer   trace.Tracer // nil when tracing is off
}

// NextRetry implements river.Worker: the kind's own schedule, or (zero
// time) the client's doubling.
func (w *worker) NextRetry(rj *river.Job[booking.JobArgs]) time.Time {
	if w.backoff == nil {
		return time.Time{}
	}
	return time.Now().Add(w.backoff(rj.Attempt))
}

func (w *worker) Work(ctx context.Context, rj *river.Job[booking.JobArgs]) (err error) {
	if w.tracer != nil {
		var span trace.Span
		ctx, span = startJobSpan(ctx, w.tracer, w.kind, rj.ID, rj.Attempt, rj.Metadata)
		defer func() { endJobSpan(span, err) }()
	}
	j := Job{ID: rj.ID, Kind: w.kind, BookingID: rj.Args.BookingID, Version: rj.Args.Version, Ref: rj.Args.Ref,
		Attempt: rj.Attempt, MaxAttempts: rj.MaxAttempts, ScheduledAt: rj.ScheduledAt, Rescued: rescued(rj.JobRow),
		ProviderID: rj.Args.ProviderID, From: rj.Args.From, To: rj.Args.To, Data: rj.Args.Data}
	start := time.Now()
	err = w.handle(ctx, j)
	if w.observer != nil {
		w.observer.JobWorked(w.kind, time.Since(start), err, err != nil && rj.Attempt >= rj.MaxAttempts)
	}
	return err
}

// rescued tells whether the job's last attempt was cut short rather than
// failed: River's rescuer records that as the attempt's error.
func rescued(j *rivertype.JobRow) bool {
	if len(j.Errors) == 0 {
		return false
	}
	return strings.Contains(j.Errors[len(j.Errors)-1].Error, "rescued")
}

// backoff retries after base, 2·base, 4·base… up to an hour, ±10%.
type backoff struct{ base time.Duration }

func (b backoff) NextRetry(j *rivertype.JobRow) time.Time {
	n := max(len(j.Errors), 1) - 1
	d := time.Hour
	if n < 20 {
		d = min(time.Hour, b.base<<n)
	}
	jitter := time.Duration((rand.Float64()*0.2 - 0.1) * float64(d))
	return time.Now().Add(d + jitter)
}

// JobView is a job as the admin API shows it.
type JobView struct {
	ID          int64
	Kind        string
	State       string
	Queue       string
	BookingID   string
	Version     int
	Attempt     int
	MaxAttempts int
	CreatedAt   time.Time
	ScheduledAt time.Time
	FinalizedAt *time.Time
	// Errors are the attempts' errors, oldest first.
	Errors []JobError
}

// JobError is one failed attempt.
type JobError struct {
	At      time.Time
	Attempt int
	Error   string
}

// JobFilter selects jobs to list.
type JobFilter struct {
	State string // one of States; "" for every state
	Kind  string
	Limit int
	// After is the cursor a previous page returned.
	After string
}

// States are the states a job can be in, as River names them.
func States() []string {
	return []string{"available", "cancelled", "completed", "discarded", "pending", "retryable", "running", "scheduled"}
}

// ErrNotFound is List's and Retry's error for an unknown job.
var errNotFound = errors.New("queue: job not found")

// IsNotFound tells whether err says the job does not exist.
func IsNotFound(err error) bool {
	return errors.Is(err, errNotFound) || errors.Is(err, river.ErrNotFound)
}

// List returns jobs matching f, oldest first, and the cursor of the next
// page ("" when this is the last).
func (r *Runner[TTx]) List(ctx context.Context, f JobFilter) ([]JobView, string, error) {
	p := river.NewJobListParams().First(f.Limit)
	if f.State != "" {
		p = p.States(rivertype.JobState(f.State))
	}
	if f.Kind != "" {
		p = p.Kinds(f.Kind)
	}
	if f.After != "" {
		var c river.JobListCursor
		if err := c.UnmarshalText([]byte(f.After)); err != nil {
			return nil, "", fmt.Errorf("queue: cursor: %w", err)
		}
		p = p.After(&c)
	}
	res, err := r.client.JobList(ctx, p)
	if err != nil {
		return nil, "", fmt.Errorf("queue: list jobs: %w", err)
	}
	out := make([]JobView, 0, len(res.Jobs))
	for _, j := range res.Jobs {
		out = append(out, view(j))
	}
	next := ""
	if len(res.Jobs) == f.Limit && res.LastCursor != nil {
		b, err := res.LastCursor.MarshalText()
		if err != nil {
			return nil, "", fmt.Errorf("queue: cursor: %w", err)
		}
		next = string(b)
	}
	return out, next, nil
}

// Retry makes a job available to work again now, attempts reset as River
// does it (a discarded job gets one more attempt).
func (r *Runner[TTx]) Retry(ctx context.Context, id int64) (JobView, error) {
	j, err := r.client.JobRetry(ctx, id)
	if err != nil {
		return JobView{}, fmt.Errorf("queue: retry job %d: %w", id, err)
	}
	return view(j), nil
}

// Counts returns how many jobs are in each state.
func (r *Runner[TTx]) Counts(ctx context.Context) (map[string]int, error) {
	counts, err := r.client.Driver().GetExecutor().JobCountByAllStates(ctx, &riverdriver.JobCountByAllStatesParams{})
	if err != nil {
		return nil, fmt.Errorf("queue: count jobs: %w", err)
	}
	out := make(map[string]int, len(counts))
	for st, n := range counts {
		out[string(st)] = n
	}
	return out, nil
}

func view(j *rivertype.JobRow) JobView {
	var args booking.JobArgs
	_ = json.Unmarshal(j.EncodedArgs, &args) // a foreign job shows without them
	v := JobView{ID: j.ID, Kind: j.Kind, State: string(j.State), Queue: j.Queue, BookingID: args.BookingID, Version: args.Version,
		Attempt: j.Attempt, MaxAttempts: j.MaxAttempts, CreatedAt: j.CreatedAt.UTC(), ScheduledAt: j.ScheduledAt.UTC(), FinalizedAt: j.FinalizedAt}
	for _, e := range j.Errors {
		v.Errors = append(v.Errors, JobError{At: e.At.UTC(), Attempt: e.Attempt, Error: e.Error})
	}
	return v
}
