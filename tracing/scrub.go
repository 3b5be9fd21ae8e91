package tracing

import (
	"context"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/rendezvous-oss/rendezvous/logging"
)

// droppedKeys are attributes that instrumentation libraries record and
// that name a person or may carry what they typed: the client's address
// and user agent (otelhttp), raw URLs with their ids and query strings,
// and statements with their values (kept off in every instrumentation
// configured here, dropped again should a library change its mind).
var droppedKeys = map[attribute.Key]bool{
	"client.address": true, "client.port": true, "network.peer.address": true, "network.peer.port": true,
	"user_agent.original": true, "http.client_ip": true, "http.user_agent": true,
	"url.full": true, "url.path": true, "url.query": true, "http.url": true, "http.target": true,
	"db.query.parameter": true, "db.statement.parameters": true, "db.redis.args": true,
}

// droppedPrefixes drop whole families: request and response headers
// (cookies, tokens) and query parameters.
var droppedPrefixes = []string{"http.request.header.", "http.response.header.", "db.query.parameter.", "gen_ai.prompt", "gen_ai.completion"}

func dropped(k attribute.Key) bool {
	if droppedKeys[k] {
		return true
	}
	for _, p := range droppedPrefixes {
		if strings.HasPrefix(string(k), p) {
			return true
		}
	}
	return false
}

// plainKeys are attributes whose values come from the program itself —
// route patterns, methods, addresses of its own servers, SQL written with
// placeholders, names of tools and states — and need no search for
// personal data: the regular expressions of the redaction are most of
// the cost of a span's export.
var plainKeys = map[attribute.Key]bool{
	"http.route": true, "http.request.method": true, "url.scheme": true, "server.address": true,
	"network.protocol.name": true, "network.protocol.version": true, "network.transport": true,
	"db.system": true, "db.system.name": true, "db.operation.name": true, "db.operation": true, "db.query.text": true,
	"db.statement": true, "db.namespace": true, "db.name": true, "db.user": true, "messaging.system": true,
	"gen_ai.system": true, "gen_ai.request.model": true,
}

// scrub returns the attributes that may leave the process, strings
// redacted like log lines unless the program wrote them. It returns in
// itself, not a copy, when nothing is to be dropped or redacted (the
// common case: the spans drawn here carry plain attributes only).
func scrub(in []attribute.KeyValue) []attribute.KeyValue {
	var out []attribute.KeyValue // nil until an attribute differs
	for i, kv := range in {
		keep, changed := !dropped(kv.Key), false
		if keep && kv.Value.Type() == attribute.STRING && !plainKeys[kv.Key] && !strings.HasPrefix(string(kv.Key), "rendezvous.") {
			if v := logging.RedactString(kv.Value.AsString()); v != kv.Value.AsString() {
				kv, changed = kv.Key.String(v), true
			}
		}
		if out == nil && (!keep || changed) {
			out = make([]attribute.KeyValue, i, len(in))
			copy(out, in[:i])
		}
		if out != nil && keep {
			out = append(out, kv)
		}
	}
	if out == nil {
		return in
	}
	return out
}

// scrubber is an exporter that scrubs every span before the next one
// sees it.
type scrubber struct{ next sdktrace.SpanExporter }

func (s scrubber) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	out := make([]sdktrace.ReadOnlySpan, len(spans))
	for i, sp := range spans {
		out[i] = scrubbedSpan{sp}
	}
	return s.next.ExportSpans(ctx, out)
}

func (s scrubber) Shutdown(ctx context.Context) error { return s.next.Shutdown(ctx) }

// scrubbedSpan is a span whose attributes, events and status are seen
// scrubbed.
type scrubbedSpan struct{ sdktrace.ReadOnlySpan }

func (s scrubbedSpan) Attributes() []attribute.KeyValue { return scrub(s.ReadOnlySpan.Attributes()) }

func (s scrubbedSpan) Events() []sdktrace.Event {
	in := s.ReadOnlySpan.Events()
	if len(in) == 0 {
		return in
	}
	out := make([]sdktrace.Event, len(in))
	for i, e := range in {
		e.Attributes = scrub(e.Attributes)
		out[i] = e
	}
	return out
}

func (s scrubbedSpan) Status() sdktrace.Status {
	st := s.ReadOnlySpan.Status()
	st.Description = logging.RedactString(st.Description)
	return st
}
