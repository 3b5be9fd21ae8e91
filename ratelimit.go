package rendezvous

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Rate is a rate limit: Count requests per Period on average, with bursts
// of up to Burst requests (GCRA, the generic cell rate algorithm: a token
// bucket of Burst tokens refilled at Count per Period).
type Rate struct {
	Count  int
	Period time.Duration
	Burst  int
}

// Interval is the time one request "costs".
func (r Rate) Interval() time.Duration {
	if r.Count <= 0 {
		return 0
	}
	return r.Period / time.Duration(r.Count)
}

// String formats the rate as "10/min burst 5".
func (r Rate) String() string {
	unit := map[time.Duration]string{time.Second: "s", time.Minute: "min", time.Hour: "h"}[r.Period]
	if unit == "" {
		unit = r.Period.String()
	}
	return fmt.Sprintf("%d/%s burst %d", r.Count, unit, r.Burst)
}

// ParseRate reads "10/min", "100/s", "1000/h" (also "10/minute", "5/second",
// "20/hour", "30/1m"). The burst is set separately.
func ParseRate(s string) (Rate, error) {
	n, unit, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Rate{}, fmt.Errorf("rate %q: want N/s, N/min or N/h", s)
	}
	count, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || count <= 0 || count > 1_000_000 {
		return Rate{}, fmt.Errorf("rate %q: the count must be a positive integer", s)
	}
	var period time.Duration
	switch strings.ToLower(strings.TrimSpace(unit)) {
	case "s", "sec", "second":
		period = time.Second
	case "m", "min", "minute":
		period = time.Minute
	case "h", "hour":
		period = time.Hour
	default:
		d, err := time.ParseDuration(unit)
		if err != nil || d < time.Second || d > 24*time.Hour {
			return Rate{}, fmt.Errorf("rate %q: want N/s, N/min or N/h", s)
		}
		period = d
	}
	return Rate{Count: count, Period: period, Burst: 1}, nil
}

// RateDecision is a rate limiter's answer for one request.
type RateDecision struct {
	Allowed bool
	// Limit is the burst size (the most requests allowed at once).
	Limit int
	// Remaining is how many more requests would be allowed right now.
	Remaining int
	// RetryAfter is how long to wait before a refused request would pass.
	RetryAfter time.Duration
	// ResetAfter is how long until the limiter is back to a full burst.
	ResetAfter time.Duration
}
