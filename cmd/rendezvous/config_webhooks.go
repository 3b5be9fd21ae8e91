package main

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous/webhook"
)

// webhookSettings say where webhooks may go and how they are sent
// (docs/notifications.md, docs/security.md).
type webhookSettings struct {
	// Allow lets webhooks reach these prefixes even in production, where
	// private, loopback, link-local… ranges are refused
	// (RENDEZVOUS_WEBHOOK_ALLOW).
	Allow []netip.Prefix
	// Timeout bounds one attempt (RENDEZVOUS_WEBHOOK_TIMEOUT, 10 s).
	Timeout time.Duration
	// Workers is how many deliveries an instance makes at once
	// (RENDEZVOUS_WEBHOOK_WORKERS, 10), apart from the emails' workers.
	Workers int
}

func (c *config) loadWebhookSettings(getenv func(string) string, errs *[]error) {
	w := &c.Webhooks
	*w = webhookSettings{Timeout: webhook.DefaultTimeout, Workers: 10}
	for _, p := range splitList(getenv("RENDEZVOUS_WEBHOOK_ALLOW")) {
		prefix, err := parsePrefix(p)
		if err != nil {
			*errs = append(*errs, &settingError{"RENDEZVOUS_WEBHOOK_ALLOW", err.Error()})
			continue
		}
		w.Allow = append(w.Allow, prefix)
	}
	if v := strings.TrimSpace(getenv("RENDEZVOUS_WEBHOOK_TIMEOUT")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 100*time.Millisecond || d > time.Minute {
			*errs = append(*errs, &settingError{"RENDEZVOUS_WEBHOOK_TIMEOUT", fmt.Sprintf("%q: want a duration from 100ms to 1m", v)})
		} else {
			w.Timeout = d
		}
	}
	if v := strings.TrimSpace(getenv("RENDEZVOUS_WEBHOOK_WORKERS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			*errs = append(*errs, &settingError{"RENDEZVOUS_WEBHOOK_WORKERS", fmt.Sprintf("%q: want an integer from 1 to 1000", v)})
		} else {
			w.Workers = n
		}
	}
	if set := strings.TrimSpace(getenv("RENDEZVOUS_WEBHOOK_TIMEOUT")) != ""; !set && w.Timeout >= c.Notify.JobTimeout {
		// The default follows a shorter job timeout rather than refuse it:
		// only a timeout the operator set is held to the rule.
		w.Timeout = c.Notify.JobTimeout * 3 / 4
	}
	if w.Timeout >= c.Notify.JobTimeout {
		*errs = append(*errs, &settingError{"RENDEZVOUS_WEBHOOK_TIMEOUT", fmt.Sprintf("%s: must be shorter than RENDEZVOUS_JOB_TIMEOUT (%s)", w.Timeout, c.Notify.JobTimeout)})
	}
}

// guard is the webhooks' address guard: enforced in production only.
func (c *config) guard() *webhook.Guard {
	return &webhook.Guard{Enforce: c.production(), Allow: c.Webhooks.Allow}
}
