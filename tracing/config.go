package tracing

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// settings are what the OTEL_* variables ask for.
type settings struct {
	enabled     bool
	endpoint    string // the full URL spans are posted to
	sampler     sdktrace.Sampler
	serviceName string
	batchDelay  time.Duration // 0: the SDK's default (or OTEL_BSP_SCHEDULE_DELAY read by it)
}

// defaultEndpoint is the OTLP/HTTP collector's address when
// OTEL_TRACES_EXPORTER=otlp names none.
const defaultEndpoint = "http://localhost:4318"

// readSettings interprets the standard variables. Tracing is on when an
// OTLP endpoint is given (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or
// OTEL_EXPORTER_OTLP_ENDPOINT) or OTEL_TRACES_EXPORTER=otlp, and off when
// OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none. A value this
// program cannot honour (another exporter, the gRPC protocol, an unknown
// sampler) is an error rather than silently ignored.
func readSettings(getenv func(string) string) (settings, error) {
	var s settings
	disabled := strings.TrimSpace(getenv("OTEL_SDK_DISABLED"))
	if strings.EqualFold(disabled, "true") {
		return s, nil
	}
	exporter := strings.ToLower(strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER")))
	switch exporter {
	case "none":
		return s, nil
	case "", "otlp":
	default:
		return s, fmt.Errorf("OTEL_TRACES_EXPORTER=%q: want otlp or none", exporter)
	}
	tracesURL := strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
	baseURL := strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_ENDPOINT"))
	switch {
	case tracesURL != "":
		s.endpoint = tracesURL // used as is, per the specification
	case baseURL != "":
		s.endpoint = strings.TrimSuffix(baseURL, "/") + "/v1/traces"
	case exporter == "otlp":
		s.endpoint = defaultEndpoint + "/v1/traces"
	default:
		return s, nil // no endpoint: off
	}
	u, err := url.Parse(s.endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return s, fmt.Errorf("OTLP endpoint %q: want an http:// or https:// URL", s.endpoint)
	}
	protocol := strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"))
	if protocol == "" {
		protocol = strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_PROTOCOL"))
	}
	if protocol != "" && protocol != "http/protobuf" {
		// The gRPC exporter would add gRPC's transport to the binary for
		// a protocol that every collector also offers over HTTP.
		return s, fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL=%q: only http/protobuf is built in", protocol)
	}
	if s.sampler, err = readSampler(getenv("OTEL_TRACES_SAMPLER"), getenv("OTEL_TRACES_SAMPLER_ARG")); err != nil {
		return s, err
	}
	s.serviceName = strings.TrimSpace(getenv("OTEL_SERVICE_NAME"))
	if s.serviceName == "" {
		s.serviceName = "rendezvous"
	}
	if v := strings.TrimSpace(getenv("OTEL_BSP_SCHEDULE_DELAY")); v != "" {
		ms, err := strconv.Atoi(v)
		if err != nil || ms <= 0 {
			return s, fmt.Errorf("OTEL_BSP_SCHEDULE_DELAY=%q: want a positive number of milliseconds", v)
		}
		s.batchDelay = time.Duration(ms) * time.Millisecond
	}
	s.enabled = true
	return s, nil
}

// readSampler interprets OTEL_TRACES_SAMPLER and its argument; the
// default is parentbased_always_on.
func readSampler(name, arg string) (sdktrace.Sampler, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	ratio := func() (float64, error) {
		if strings.TrimSpace(arg) == "" {
			return 1, nil
		}
		r, err := strconv.ParseFloat(strings.TrimSpace(arg), 64)
		if err != nil || r < 0 || r > 1 {
			return 0, fmt.Errorf("OTEL_TRACES_SAMPLER_ARG=%q: want a ratio between 0 and 1", arg)
		}
		return r, nil
	}
	switch name {
	case "", "parentbased_always_on":
		return sdktrace.ParentBased(sdktrace.AlwaysSample()), nil
	case "always_on":
		return sdktrace.AlwaysSample(), nil
	case "always_off":
		return sdktrace.NeverSample(), nil
	case "parentbased_always_off":
		return sdktrace.ParentBased(sdktrace.NeverSample()), nil
	case "traceidratio", "parentbased_traceidratio":
		r, err := ratio()
		if err != nil {
			return nil, err
		}
		if name == "traceidratio" {
			return sdktrace.TraceIDRatioBased(r), nil
		}
		return sdktrace.ParentBased(sdktrace.TraceIDRatioBased(r)), nil
	}
	return nil, fmt.Errorf("OTEL_TRACES_SAMPLER=%q: want always_on, always_off, traceidratio or their parentbased_ forms", name)
}
