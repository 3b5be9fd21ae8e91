package metrics_test

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/metrics"
)

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	b, err := io.ReadAll(w.Result().Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestJobAndWebhookFamilies: the series of jobs and webhooks appear only
// once the subsystem is used, declared ones at zero; attempts count by
// outcome; the scrape-time gauges share one cached read and say -1 when
// it fails.
func TestJobAndWebhookFamilies(t *testing.T) {
	m := metrics.New()
	if out := scrape(t, m); strings.Contains(out, "rendezvous_job_") || strings.Contains(out, "rendezvous_webhook_") {
		t.Fatal("job or webhook series before either is used")
	}
	m.DeclareJobs([]string{"confirmation"})
	m.DeclareWebhooks([]string{"booking.created"})
	m.JobWorked("confirmation", time.Millisecond, nil, false)
	m.JobWorked("confirmation", time.Millisecond, errors.New("x"), true)
	m.JobWorked("confirmation", time.Millisecond, errors.New("x"), false)
	m.WebhookAttempt("booking.created", false)
	m.EmailSent("confirmation", time.Second)
	m.WebhookEndpointDisabled()

	reads := 0
	m.JobQueue(func(context.Context) (map[string]int, error) {
		reads++
		return map[string]int{"available": 3}, nil
	}, []string{"available", "discarded"})
	m.WebhookQueue(func(context.Context) (int, int, error) { return 0, 0, errors.New("down") })

	out := scrape(t, m)
	for _, want := range []string{
		`rendezvous_job_attempts_total{kind="confirmation",outcome="ok"} 1`,
		`rendezvous_job_attempts_total{kind="confirmation",outcome="error"} 2`,
		`rendezvous_jobs_discarded_total{kind="confirmation"} 1`,
		`rendezvous_emails_sent_total{kind="confirmation"} 1`,
		`rendezvous_emails_resent_total{kind="confirmation"} 0`,
		`rendezvous_job_duration_seconds_count{kind="confirmation"} 3`,
		`rendezvous_webhook_attempts_total{event="booking.created",outcome="ok"} 0`,
		`rendezvous_webhook_attempts_total{event="booking.created",outcome="error"} 1`,
		`rendezvous_webhook_deliveries_failed_total{event="booking.created"} 0`,
		`rendezvous_webhook_endpoints_disabled_total 1`,
		`rendezvous_jobs{state="available"} 3`,
		`rendezvous_jobs{state="discarded"} 0`,
		`rendezvous_webhook_deliveries_pending -1`,
		`rendezvous_webhook_endpoints_disabled -1`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("missing %s", want)
		}
	}
	scrape(t, m)
	if reads != 1 {
		t.Errorf("the queue was read %d times in two scrapes within 5 s, want 1 (shared and cached)", reads)
	}
}

// TestScrapedGauges: values read at every scrape, -1 when the read fails.
func TestScrapedGauges(t *testing.T) {
	m := metrics.New()
	sessions, fail := 0, false
	m.Sessions(func(context.Context) (int, error) {
		sessions++
		if fail {
			return 0, errors.New("down")
		}
		return sessions, nil
	})
	m.ModelBudget(func(context.Context) (float64, error) { return 0.25, nil })
	m.Waitlist(func(context.Context) (int, error) { return 0, errors.New("down") })
	out := scrape(t, m)
	for _, want := range []string{"rendezvous_sessions_active 1", "rendezvous_model_daily_budget_used_ratio 0.25", "rendezvous_waitlist_entries -1", `rendezvous_waitlist_events_total{event="joined"} 0`} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("missing %s", want)
		}
	}
	if out := scrape(t, m); !strings.Contains(out, "rendezvous_sessions_active 2\n") {
		t.Error("sessions not read again at the second scrape")
	}
	fail = true
	if out := scrape(t, m); !strings.Contains(out, "rendezvous_sessions_active -1\n") {
		t.Error("a failed read is not -1")
	}
}
