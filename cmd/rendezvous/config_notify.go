package main

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/notify"
)

// notifySettings say whether and how customers are emailed, and how the
// job queue that sends the emails runs (docs/notifications.md).
type notifySettings struct {
	// Off sends nothing and enqueues nothing (RENDEZVOUS_NOTIFICATIONS=off).
	Off bool
	// SMTPURL is the relay; without it, development files messages in
	// Mailbox and production refuses to start.
	SMTPURL     string
	SMTPTimeout time.Duration
	From        string
	// PublicURL is the base of links in messages.
	PublicURL    string
	Mailbox      string
	ReminderLead time.Duration

	// The queue: how many jobs this instance works at once (0: none, the
	// workers run elsewhere, `rendezvous worker`), tries, backoff, and how
	// long a job may run before another instance takes it over.
	Workers      int
	MaxAttempts  int
	RetryBase    time.Duration
	JobTimeout   time.Duration
	RescueAfter  time.Duration
	PollInterval time.Duration

	// WaitlistPerAddress bounds the waitlist entries one address may have
	// waiting (RENDEZVOUS_WAITLIST_PER_ADDRESS).
	WaitlistPerAddress int
}

func (c *config) loadNotifySettings(getenv func(string) string, errs *[]error) {
	n := &c.Notify
	*n = notifySettings{
		SMTPTimeout: 10 * time.Second, Mailbox: "rendezvous-mail", ReminderLead: notify.DefaultReminderLead,
		Workers: 10, MaxAttempts: notify.DefaultMaxAttempts, RetryBase: 30 * time.Second,
		JobTimeout: time.Minute, RescueAfter: 5 * time.Minute, PollInterval: time.Second,
		WaitlistPerAddress: rendezvous.DefaultMaxWaitlistPerAddress,
	}
	bad := func(name, v, want string) {
		*errs = append(*errs, &settingError{name, fmt.Sprintf("%q: want %s", v, want)})
	}
	switch v := strings.TrimSpace(getenv("RENDEZVOUS_NOTIFICATIONS")); v {
	case "", "on":
	case "off":
		n.Off = true
	default:
		bad("RENDEZVOUS_NOTIFICATIONS", v, "on or off")
	}
	n.SMTPURL = strings.TrimSpace(getenv("RENDEZVOUS_SMTP_URL"))
	if v := strings.TrimSpace(getenv("RENDEZVOUS_MAIL_FROM")); v != "" {
		n.From = v
	}
	if v := strings.TrimSpace(getenv("RENDEZVOUS_PUBLIC_URL")); v != "" {
		n.PublicURL = strings.TrimRight(v, "/")
	}
	if v := strings.TrimSpace(getenv("RENDEZVOUS_MAILBOX_DIR")); v != "" {
		n.Mailbox = v
	} else if path, ok := sqlitePath(c.DatabaseURL); ok {
		// Beside the database: a developer's data stays in one place.
		n.Mailbox = filepath.Join(filepath.Dir(path), "rendezvous-mail")
	}
	for _, d := range []struct {
		name   string
		dst    *time.Duration
		lo, hi time.Duration
	}{
		{"RENDEZVOUS_REMINDER_LEAD", &n.ReminderLead, time.Minute, 30 * oneDay},
		{"RENDEZVOUS_SMTP_TIMEOUT", &n.SMTPTimeout, 100 * time.Millisecond, 5 * time.Minute},
		{"RENDEZVOUS_JOB_RETRY_BASE", &n.RetryBase, 10 * time.Millisecond, time.Hour},
		{"RENDEZVOUS_JOB_TIMEOUT", &n.JobTimeout, time.Second, time.Hour},
		{"RENDEZVOUS_JOB_RESCUE_AFTER", &n.RescueAfter, 2 * time.Second, oneDay},
		{"RENDEZVOUS_JOB_POLL_INTERVAL", &n.PollInterval, 10 * time.Millisecond, time.Minute},
	} {
		if v := strings.TrimSpace(getenv(d.name)); v != "" {
			x, err := time.ParseDuration(v)
			if err != nil || x < d.lo || x > d.hi {
				bad(d.name, v, fmt.Sprintf("a duration from %s to %s", d.lo, d.hi))
				continue
			}
			*d.dst = x
		}
	}
	for _, i := range []struct {
		name   string
		dst    *int
		lo, hi int
	}{
		{"RENDEZVOUS_JOB_WORKERS", &n.Workers, 0, 1000},
		{"RENDEZVOUS_JOB_MAX_ATTEMPTS", &n.MaxAttempts, 1, 100},
		{"RENDEZVOUS_WAITLIST_PER_ADDRESS", &n.WaitlistPerAddress, 1, 100},
	} {
		if v := strings.TrimSpace(getenv(i.name)); v != "" {
			x, err := strconv.Atoi(v)
			if err != nil || x < i.lo || x > i.hi {
				bad(i.name, v, fmt.Sprintf("an integer from %d to %d", i.lo, i.hi))
				continue
			}
			*i.dst = x
		}
	}
	if n.RescueAfter <= n.JobTimeout {
		*errs = append(*errs, &settingError{"RENDEZVOUS_JOB_RESCUE_AFTER", fmt.Sprintf("%s: must be longer than RENDEZVOUS_JOB_TIMEOUT (%s), or live jobs would be taken over", n.RescueAfter, n.JobTimeout)})
	}
	if n.SMTPURL != "" {
		u, err := url.Parse(n.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			*errs = append(*errs, &settingError{c.nameOf("RENDEZVOUS_SMTP_URL"), "want smtp://user:pass@host:port or smtps://user:pass@host:port"})
		}
		if n.From == "" {
			*errs = append(*errs, &settingError{"RENDEZVOUS_MAIL_FROM", "required with RENDEZVOUS_SMTP_URL: the address messages come from"})
		}
	}
	if n.PublicURL != "" {
		if u, err := url.Parse(n.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" {
			*errs = append(*errs, &settingError{"RENDEZVOUS_PUBLIC_URL", fmt.Sprintf("%q: want the site's base URL, https://host[/path]", n.PublicURL)})
		}
	}
	// Production fails closed: messages go through a relay over TLS, with
	// working links, or notifications are turned off on purpose.
	if c.production() && !n.Off {
		if n.SMTPURL == "" {
			*errs = append(*errs, &settingError{c.nameOf("RENDEZVOUS_SMTP_URL"), "required in production (or RENDEZVOUS_NOTIFICATIONS=off): customers are told about their bookings by email"})
		}
		if !strings.HasPrefix(n.PublicURL, "https://") {
			*errs = append(*errs, &settingError{"RENDEZVOUS_PUBLIC_URL", "required in production, https://: the base of the links in emails"})
		}
	}
}

// mailbox tells whether messages go to the development mailbox.
func (n *notifySettings) mailbox() bool { return !n.Off && n.SMTPURL == "" }

// describe sums the settings up for the start-up log, the relay's
// password masked.
func (n *notifySettings) describe() string {
	switch {
	case n.Off:
		return "off"
	case n.mailbox():
		return fmt.Sprintf("development mailbox %s, reminder %s before, %d workers", n.Mailbox, n.ReminderLead, n.Workers)
	}
	return fmt.Sprintf("smtp %s from %s, reminder %s before, %d workers", maskURL(n.SMTPURL), n.From, n.ReminderLead, n.Workers)
}
