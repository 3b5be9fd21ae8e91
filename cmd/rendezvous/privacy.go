package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/httpapi"
)

// retentionMetrics counts what the retention job removes.
type retentionMetrics interface {
	BookingsAnonymised(reason string, n int)
}

// retentionRunTimeout bounds one run of the retention job; its batches
// are small, so a run normally takes milliseconds.
const retentionRunTimeout = 5 * time.Minute

// retain applies the retention policy when the server starts — so that a
// server restarted more often than the interval still applies it — and
// then every interval until ctx ends: a job of the server's lifecycle. It
// logs counts only.
func retain(ctx context.Context, desk *booking.Desk, s retentionSettings, log *slog.Logger, m retentionMetrics) {
	run := func() {
		rctx, cancel := context.WithTimeout(ctx, retentionRunTimeout)
		defer cancel()
		rep, err := desk.ApplyRetention(rctx, s.Policy)
		if m != nil {
			m.BookingsAnonymised("past", rep.Past)
			m.BookingsAnonymised("cancelled", rep.Cancelled)
		}
		if rep != (booking.RetentionReport{}) {
			log.Info("retention applied", slog.Int("past_bookings_anonymised", rep.Past),
				slog.Int("cancelled_bookings_anonymised", rep.Cancelled), slog.Int("audit_entries_deleted", rep.AuditEntries))
		}
		if err != nil && ctx.Err() == nil {
			log.Warn("retention failed; it runs again at the next interval", slog.String("error", err.Error()))
		}
	}
	run()
	t := time.NewTicker(s.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			run()
		}
	}
}

const privacyUsage = "usage: rendezvous privacy export --email ADDRESS | rendezvous privacy erase --email ADDRESS [--dry-run]"

// privacy runs `rendezvous privacy export|erase`: an operator's answer to
// a customer's request to access or erase their data, for every booking of
// an address. The operator must have checked that the requester controls
// the address. Every run is recorded in the audit log (actor "cli"), with
// a digest of the address, never the address.
func (a *app) privacy(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "export" && args[0] != "erase") {
		return &usageError{privacyUsage}
	}
	cmd := args[0]
	fs := a.newFlags("privacy " + cmd)
	email := fs.String("email", "", "the customer's email address")
	var dryRun *bool
	if cmd == "erase" {
		dryRun = fs.Bool("dry-run", false, "list what would be erased and change nothing")
	}
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	addr, err := rendezvous.NormalizeEmail(*email)
	if err != nil {
		return &usageError{"--email: " + err.Error() + "\n" + privacyUsage}
	}
	cfg, err := a.config()
	if err != nil {
		return err
	}
	st, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	// Exports and erasures by address use no token: the desk needs none.
	// An erasure's cancellations tell the providers' systems and free
	// their time for the waitlist, as the server's do: the jobs wait in
	// the queue for a server's workers.
	opts := booking.Options{Waitlist: st}
	withJobPlanners(&opts, cfg.Notify)
	desk := booking.NewDesk(st, nil, opts)
	entry := &rendezvous.AuditEntry{Actor: rendezvous.AuditActorCLI, Target: rendezvous.AuditEmail(addr)}
	switch {
	case cmd == "export":
		entry.Action = "privacyExport"
		exp, err := desk.ExportByEmail(ctx, addr)
		if err := a.audit(ctx, st, entry, lenOf(exp), err); err != nil {
			return err // no personal data leaves unrecorded
		}
		out, err := json.MarshalIndent(httpapi.NewExportJSON(exp), "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, string(out))
		fmt.Fprintf(a.stderr, "exported %d bookings\n", len(exp.Bookings))
		return nil
	case *dryRun:
		entry.Action = "privacyEraseDryRun"
		exp, err := desk.ExportByEmail(ctx, addr)
		if err := a.audit(ctx, st, entry, lenOf(exp), err); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "dry run: would erase the customer's details from %d bookings (nothing changed)\n", len(exp.Bookings))
		now := desk.Now()
		for _, eb := range exp.Bookings {
			b, what := eb.Booking, string(eb.Booking.Status)
			if b.Active() && now.Before(b.Start) {
				what = "booked, would be cancelled (the appointment is ahead)"
			}
			fmt.Fprintf(a.stdout, "  %s  %s  %s\n", b.ID, b.Start.UTC().Format(time.RFC3339), what)
		}
		return nil
	default:
		entry.Action = "privacyErase"
		er, err := desk.EraseByEmail(ctx, addr)
		n := 0
		if er != nil {
			n = len(er.Bookings)
		}
		aerr := a.audit(ctx, st, entry, n, err)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "erased the customer's details from %d bookings\n", n)
		if er != nil && er.WaitlistEntries > 0 {
			fmt.Fprintf(a.stdout, "deleted %d waitlist entries\n", er.WaitlistEntries)
		}
		for _, e := range er.Bookings {
			what := string(e.Booking.Status)
			if e.Cancelled {
				what = "cancelled (the appointment was ahead; its slot is free again)"
			}
			fmt.Fprintf(a.stdout, "  %s  %s  %s\n", e.Booking.ID, e.Booking.Start.UTC().Format(time.RFC3339), what)
		}
		return aerr // the erasure happened; a missing record still fails the command
	}
}

func lenOf(exp *booking.Export) int {
	if exp == nil {
		return 0
	}
	return len(exp.Bookings)
}

// audit records a command's entry: its count of bookings and whether it
// succeeded (200) or failed (500). It returns the command's error, or the
// error of recording it.
func (a *app) audit(ctx context.Context, st store, e *rendezvous.AuditEntry, bookings int, cmdErr error) error {
	e.At, e.Status = time.Now(), 200
	e.Target += " bookings=" + strconv.Itoa(bookings)
	if cmdErr != nil {
		e.Status = 500
	}
	if err := st.AddAuditEntry(context.WithoutCancel(ctx), e); err != nil {
		return errors.Join(cmdErr, fmt.Errorf("audit log: %w", err))
	}
	return cmdErr
}
