package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous/booking"
)

// retentionSettings say how long personal data and audit entries are
// kept, and how often the retention job runs (docs/privacy.md).
type retentionSettings struct {
	Policy   booking.RetentionPolicy
	Interval time.Duration
}

const oneDay = 24 * time.Hour

func (c *config) loadRetentionSettings(getenv func(string) string, errs *[]error) {
	r := &c.Retention
	r.Policy = booking.DefaultRetention()
	r.Interval = time.Hour
	for _, s := range []struct {
		name   string
		dst    *time.Duration
		lo, hi time.Duration
	}{
		{"RENDEZVOUS_RETENTION_PAST", &r.Policy.Past, time.Hour, 3650 * oneDay},
		{"RENDEZVOUS_RETENTION_CANCELLED", &r.Policy.Cancelled, time.Hour, 3650 * oneDay},
		{"RENDEZVOUS_RETENTION_AUDIT", &r.Policy.Audit, oneDay, 3650 * oneDay},
		{"RENDEZVOUS_RETENTION_INTERVAL", &r.Interval, time.Second, oneDay},
	} {
		v := strings.TrimSpace(getenv(s.name))
		if v == "" {
			continue
		}
		d, err := parseRetention(v)
		if err != nil || d < s.lo || d > s.hi {
			*errs = append(*errs, &settingError{s.name, fmt.Sprintf("%q: want a duration from %s to %s, in days (365d) or as 8760h, 30m, 10s", v, showDays(s.lo), showDays(s.hi))})
			continue
		}
		*s.dst = d
	}
}

// parseRetention reads a number of days ("365d") or a Go duration
// ("8760h", "90m"): retention periods are thought of in days, Go has no
// unit for them.
func parseRetention(v string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 || days > 100_000 {
			return 0, fmt.Errorf("bad number of days %q", n)
		}
		return time.Duration(days) * oneDay, nil
	}
	return time.ParseDuration(v)
}

// showDays writes a duration as days when it is whole days.
func showDays(d time.Duration) string {
	if d >= oneDay && d%oneDay == 0 {
		return strconv.Itoa(int(d/oneDay)) + "d"
	}
	return d.String()
}
