package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/logging"
)

// config is every setting of the program, filled from defaults, then
// RENDEZVOUS_* environment variables, then command-line flags. Each one is
// documented in docs/configuration.md.
type config struct {
	Env            string // development or production
	Addr           string
	DatabaseURL    string
	SecretKey      string
	SecretPrevious string
	PreviousUntil  time.Time
	AdminPepper    string
	LogFormat      string
	LogLevel       slog.Level
	SeedDemo       bool
	ShutdownGrace  time.Duration
	// DrainDelay is how long a stopping server keeps serving with /readyz
	// at 503 before it stops accepting connections.
	DrainDelay time.Duration

	// Conversations.
	Sessions        rendezvous.SessionLimits
	SweepInterval   time.Duration
	MaxMessageRunes int
	MaxMessages     int
	DefaultZone     *time.Location

	// The HTTP edge: see config_http.go.
	HTTP httpSettings
	// RedisURL, when set, keeps sessions and rate limits in Redis, shared
	// by every instance.
	RedisURL string
	// RedisPrefix namespaces Rendezvous's keys in a shared Redis.
	RedisPrefix string
	// LLM chooses and bounds the brain: see config_llm.go.
	LLM llmSettings

	// DatabaseAllowPlaintext lets production reach a remote PostgreSQL
	// without TLS: see config_prod.go.
	DatabaseAllowPlaintext bool
	// LogRepeatWindow aggregates identical warnings and errors
	// (negative: off).
	LogRepeatWindow time.Duration

	// Retention of personal data and audit entries: see config_privacy.go.
	Retention retentionSettings
	// AvailabilityIndex keeps every provider's bookings in memory for the
	// search (booking.Index), in step through the database's change feed;
	// off reads them from the database on every search.
	AvailabilityIndex bool
	// AvailabilityIndexSet says the operator set it. Unset, the index is
	// on for PostgreSQL only: SQLite has no change feed, and other
	// processes write the same file (the chat command, import, privacy
	// erase), whose bookings an index would not see until its hourly
	// rebuild — stale proposals the customer would meet as "just taken".
	AvailabilityIndexSet bool
	// MaxUpcomingPerCustomer caps the upcoming bookings of an email
	// address and of a phone number: see config_booking.go.
	MaxUpcomingPerCustomer int
	// Notify says whether and how customers are emailed: see
	// config_notify.go.
	Notify notifySettings
	// Webhooks say where webhooks may go: see config_webhooks.go.
	Webhooks webhookSettings

	// from maps a setting to the variable its value was read from when
	// that is not its own name (RENDEZVOUS_SECRET_KEY_FILE): errors name
	// the variable the operator actually set.
	from map[string]string
}

// nameOf returns the variable a setting was read from.
func (c *config) nameOf(name string) string {
	if f, ok := c.from[name]; ok {
		return f
	}
	return name
}

func (c *config) production() bool { return c.Env == "production" }

// settingError names the setting at fault, so that a bad configuration
// fails at start with a message that says what to fix.
type settingError struct {
	name string
	msg  string
}

func (e *settingError) Error() string { return e.name + ": " + e.msg }

// loadConfig reads the environment. Flags are applied by each command.
func loadConfig(getenv func(string) string) (*config, error) {
	c, _, err := readConfig(getenv)
	return c, err
}

// config reads the configuration of a command and reports the
// RENDEZVOUS_* variables that no setting reads, with the nearest known
// name: a warning in development, an error in production (a misspelt
// setting silently left at its default is what production must not run
// with).
func (a *app) config() (*config, error) {
	c, env, err := readConfig(a.getenv)
	if a.environ == nil {
		return c, err
	}
	unknown := env.unknown(a.environ())
	if c.production() {
		for _, u := range unknown {
			err = errors.Join(err, errors.New(u))
		}
		return c, err
	}
	for _, u := range unknown {
		fmt.Fprintln(a.stderr, "rendezvous: warning:", u)
	}
	return c, err
}

// readConfig reads every setting through an environment that resolves
// the *_FILE form of secrets and records the names it reads.
func readConfig(rawGetenv func(string) string) (*config, *environment, error) {
	env := newEnvironment(rawGetenv)
	getenv := env.get
	c := &config{
		Env:           "development",
		Addr:          "127.0.0.1:8080",
		DatabaseURL:   "rendezvous.db",
		LogFormat:     "text",
		LogLevel:      slog.LevelInfo,
		ShutdownGrace: 15 * time.Second,

		Sessions:        rendezvous.DefaultSessionLimits(),
		SweepInterval:   time.Minute,
		MaxMessageRunes: 1000,
		MaxMessages:     200,
	}
	c.from = env.from // filled as secrets are read
	var errs []error
	str := func(name string, dst *string) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			*dst = v
		}
	}
	str("RENDEZVOUS_ENV", &c.Env)
	str("RENDEZVOUS_ADDR", &c.Addr)
	str("RENDEZVOUS_DATABASE_URL", &c.DatabaseURL)
	c.SecretKey = getenv("RENDEZVOUS_SECRET_KEY")
	c.SecretPrevious = getenv("RENDEZVOUS_SECRET_KEY_PREVIOUS")
	c.AdminPepper = getenv("RENDEZVOUS_ADMIN_KEY_PEPPER")
	str("RENDEZVOUS_LOG_FORMAT", &c.LogFormat)

	switch c.Env {
	case "development", "production":
	default:
		errs = append(errs, &settingError{"RENDEZVOUS_ENV", fmt.Sprintf("%q: want development or production", c.Env)})
	}
	if c.production() && getenv("RENDEZVOUS_LOG_FORMAT") == "" {
		c.LogFormat = "json"
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		errs = append(errs, &settingError{"RENDEZVOUS_LOG_FORMAT", fmt.Sprintf("%q: want json or text", c.LogFormat)})
	}
	if v := getenv("RENDEZVOUS_LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, &settingError{"RENDEZVOUS_LOG_LEVEL", fmt.Sprintf("%q: want debug, info, warn or error", v)})
		}
	}
	c.LogRepeatWindow = logging.DefaultRepeatWindow
	switch v := strings.TrimSpace(getenv("RENDEZVOUS_LOG_REPEAT_WINDOW")); v {
	case "":
	case "off", "0":
		c.LogRepeatWindow = -1
	default:
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second || d > 10*time.Minute {
			errs = append(errs, &settingError{"RENDEZVOUS_LOG_REPEAT_WINDOW", fmt.Sprintf("%q: want a duration from 1s to 10m, or off", v)})
		}
		c.LogRepeatWindow = d
	}
	// The demo directory is fictitious: seeded by default in development
	// only, never silently in production.
	c.SeedDemo = !c.production()
	if v := getenv("RENDEZVOUS_SEED_DEMO"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, &settingError{"RENDEZVOUS_SEED_DEMO", fmt.Sprintf("%q: want true or false", v)})
		}
		c.SeedDemo = b
	}
	if v := getenv("RENDEZVOUS_SHUTDOWN_GRACE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > 10*time.Minute {
			errs = append(errs, &settingError{"RENDEZVOUS_SHUTDOWN_GRACE", fmt.Sprintf("%q: want a duration such as 15s, at most 10m", v)})
		}
		c.ShutdownGrace = d
	}
	if v := getenv("RENDEZVOUS_DRAIN_DELAY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > time.Minute {
			errs = append(errs, &settingError{"RENDEZVOUS_DRAIN_DELAY", fmt.Sprintf("%q: want a duration such as 5s, at most 1m", v)})
		}
		c.DrainDelay = d
	}
	c.loadSessionSettings(getenv, &errs)
	c.loadHTTPSettings(getenv, &errs)
	c.loadProductionSettings(getenv, &errs)
	c.loadLLMSettings(getenv, &errs)
	c.loadRetentionSettings(getenv, &errs)
	c.loadBookingSettings(getenv, &errs)
	c.loadNotifySettings(getenv, &errs)
	c.loadWebhookSettings(getenv, &errs)
	str("RENDEZVOUS_REDIS_URL", &c.RedisURL)
	c.RedisPrefix = "rendezvous:"
	str("RENDEZVOUS_REDIS_PREFIX", &c.RedisPrefix)
	if c.RedisURL != "" && !strings.HasPrefix(c.RedisURL, "redis://") && !strings.HasPrefix(c.RedisURL, "rediss://") {
		errs = append(errs, &settingError{c.nameOf("RENDEZVOUS_REDIS_URL"), "want a redis:// or rediss:// URL"})
	}
	zone := "Europe/Paris"
	str("RENDEZVOUS_DEFAULT_TIMEZONE", &zone)
	if loc, err := rendezvous.LoadLocation(zone); err != nil {
		errs = append(errs, &settingError{"RENDEZVOUS_DEFAULT_TIMEZONE", fmt.Sprintf("%q: want an IANA time zone such as Europe/Paris", zone)})
	} else {
		c.DefaultZone = loc
	}
	if v := getenv("RENDEZVOUS_SECRET_KEY_PREVIOUS_UNTIL"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			errs = append(errs, &settingError{"RENDEZVOUS_SECRET_KEY_PREVIOUS_UNTIL", fmt.Sprintf("%q: want an RFC 3339 time", v)})
		}
		c.PreviousUntil = t
	}
	c.checkAddresses(&errs)
	if err := checkDatabaseURL(c.DatabaseURL); err != nil {
		errs = append(errs, &settingError{c.nameOf("RENDEZVOUS_DATABASE_URL"), err.Error()})
	}
	return c, env, errors.Join(append(errs, env.errs...)...)
}

// secret returns the server secret: the configured one, or in development
// an ephemeral one (tokens then die with the process), with a warning.
func (c *config) secret(log *slog.Logger) ([]byte, error) {
	if c.SecretKey == "" {
		if c.production() {
			return nil, &settingError{c.nameOf("RENDEZVOUS_SECRET_KEY"), "is required in production (make one with `rendezvous keygen`)"}
		}
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("generate ephemeral secret: %w", err)
		}
		log.Warn("RENDEZVOUS_SECRET_KEY is not set: using an ephemeral key; booking and session tokens will not survive a restart")
		return key, nil
	}
	return decodeSecret(c.nameOf("RENDEZVOUS_SECRET_KEY"), c.SecretKey)
}

// placeholders are secrets people copy from examples; they are refused
// whatever their length.
var placeholders = []string{
	"changeme", "change-me", "change_me", "secret", "your-secret-key", "your-secret-key-change-in-production",
	"supersecret", "password", "default", "example", "insecure", "development", "test", "xxxxxxxx", "replace-me",
}

// decodeSecret accepts a base64 (standard or URL) or hex secret, or else
// the raw string, and refuses secrets shorter than 32 bytes, known
// placeholders, and repetitive strings (a long key of few distinct
// characters carries little entropy).
func decodeSecret(name, v string) ([]byte, error) {
	folded := strings.ToLower(strings.TrimSpace(v))
	for _, p := range placeholders {
		// Exact, or a long placeholder with something appended
		// ("changeme123…"); a random key starts so by chance with odds of
		// one in 2^40 at worst.
		if folded == p || (len(p) >= 8 && strings.HasPrefix(folded, p)) {
			return nil, &settingError{name, "is a known placeholder: make a real one with `rendezvous keygen`"}
		}
	}
	raw := []byte(v)
	if b, err := hex.DecodeString(v); err == nil && len(b) >= 32 {
		raw = b
	} else {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(v); err == nil && len(b) >= 32 {
				raw = b
				break
			}
		}
	}
	if len(raw) < 32 {
		return nil, &settingError{name, "is too short: want at least 32 bytes (make one with `rendezvous keygen`)"}
	}
	distinct := map[byte]bool{}
	for _, b := range raw {
		distinct[b] = true
	}
	// 32 random bytes have about 30 distinct values; a human-typed
	// repetition ("aaaa…", "abcabc…") has a handful.
	if len(distinct) < 16 {
		return nil, &settingError{name, "is too repetitive to be a secret: make one with `rendezvous keygen`"}
	}
	return raw, nil
}

// logValue describes the configuration for the start-up log line, with
// secrets masked.
func (c *config) logAttrs() []slog.Attr {
	mask := func(s string) string {
		if s == "" {
			return "(unset)"
		}
		return "(set)"
	}
	return []slog.Attr{
		slog.String("env", c.Env),
		slog.String("addr", c.Addr),
		slog.String("database", maskURL(c.DatabaseURL)),
		slog.String("secret_key", mask(c.SecretKey)),
		slog.String("secret_key_previous", mask(c.SecretPrevious)),
		slog.Bool("seed_demo", c.SeedDemo),
		slog.Int("max_upcoming_per_customer", c.MaxUpcomingPerCustomer),
		slog.Bool("availability_index", c.AvailabilityIndex),
		slog.String("log_format", c.LogFormat),
		slog.String("redis", maskURL(c.RedisURL)),
		slog.Bool("tls", c.HTTP.TLSCert != ""),
		slog.String("metrics_addr", c.HTTP.MetricsAddr),
		slog.Bool("pprof", c.HTTP.Pprof),
		slog.Bool("rate_limits", c.HTTP.RateLimits),
		slog.Any("cors_origins", c.HTTP.CORSOrigins),
		slog.Bool("web", c.HTTP.Web),
		slog.Any("trusted_proxies", c.HTTP.TrustedProxies),
		slog.Int("ipv6_prefix", c.HTTP.IPv6Prefix),
		slog.String("brain", c.LLM.Brain),
		slog.String("llm_model", c.LLM.Model),
		slog.String("notifications", c.Notify.describe()),
		slog.Any("webhook_allow", c.Webhooks.Allow),
		slog.String("retention", fmt.Sprintf("past %s, cancelled %s, audit %s, every %s",
			showDays(c.Retention.Policy.Past), showDays(c.Retention.Policy.Cancelled), showDays(c.Retention.Policy.Audit), c.Retention.Interval)),
	}
}

// parseBytes reads a size in bytes, or in KiB, MiB, GiB or TiB ("256MiB").
func parseBytes(s string) (int64, error) {
	num, mult := s, int64(1)
	for i, unit := range []string{"KiB", "MiB", "GiB", "TiB"} {
		if n, ok := strings.CutSuffix(s, unit); ok {
			num, mult = strings.TrimSpace(n), int64(1)<<(10*(i+1))
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("invalid size %q", s)
	}
	return n * mult, nil
}

// maskURL hides a password in a database URL.
func maskURL(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	rest, query, hasQuery := strings.Cut(rest, "?")
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		if user, _, hasPassword := strings.Cut(rest[:at], ":"); hasPassword {
			rest = user + ":***@" + rest[at+1:]
		}
	}
	if hasQuery {
		// PostgreSQL URLs take secrets as parameters too: password, and
		// sslpassword for the client key.
		params := strings.Split(query, "&")
		for i, p := range params {
			name, _, _ := strings.Cut(p, "=")
			switch strings.ToLower(name) {
			case "password", "sslpassword", "pass", "passwd":
				params[i] = name + "=***"
			}
		}
		rest += "?" + strings.Join(params, "&")
	}
	return scheme + "://" + rest
}

// loadSessionSettings reads the bounds of conversations.
func (c *config) loadSessionSettings(getenv func(string) string, errs *[]error) {
	intVar := func(name string, dst *int, lo, hi int) {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			*errs = append(*errs, &settingError{name, fmt.Sprintf("%q: want an integer from %d to %d", v, lo, hi)})
			return
		}
		*dst = n
	}
	durVar := func(name string, dst *time.Duration, lo, hi time.Duration) {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return
		}
		d, err := time.ParseDuration(v)
		if err != nil || d < lo || d > hi {
			*errs = append(*errs, &settingError{name, fmt.Sprintf("%q: want a duration from %s to %s", v, lo, hi)})
			return
		}
		*dst = d
	}
	intVar("RENDEZVOUS_SESSIONS_MAX", &c.Sessions.Max, 1, 100_000_000)
	if v := strings.TrimSpace(getenv("RENDEZVOUS_SESSIONS_MAX_BYTES")); v != "" {
		n, err := parseBytes(v)
		if err != nil || n < 1<<20 || n > 1<<40 {
			*errs = append(*errs, &settingError{"RENDEZVOUS_SESSIONS_MAX_BYTES", fmt.Sprintf("%q: want a size from 1MiB to 1TiB, such as 256MiB", v)})
		} else {
			c.Sessions.MaxBytes = n
		}
	}
	intVar("RENDEZVOUS_SESSIONS_PER_IP", &c.Sessions.PerClient, 1, 100_000_000)
	durVar("RENDEZVOUS_SESSION_IDLE_TTL", &c.Sessions.IdleTTL, time.Minute, 7*24*time.Hour)
	durVar("RENDEZVOUS_SESSION_TTL", &c.Sessions.AbsoluteTTL, time.Minute, 30*24*time.Hour)
	intVar("RENDEZVOUS_SESSION_MAX_MESSAGES", &c.MaxMessages, 1, 10_000)
	intVar("RENDEZVOUS_MESSAGE_MAX_CHARS", &c.MaxMessageRunes, 1, 10_000)
	durVar("RENDEZVOUS_SESSION_SWEEP_INTERVAL", &c.SweepInterval, time.Second, time.Hour)
	if c.Sessions.AbsoluteTTL < c.Sessions.IdleTTL {
		*errs = append(*errs, &settingError{"RENDEZVOUS_SESSION_TTL", "must not be shorter than RENDEZVOUS_SESSION_IDLE_TTL"})
	}
}
