// Package tracing adapts OpenTelemetry: it builds the program's tracer
// provider from the standard OTEL_* environment variables and hands it to
// the adapters that draw spans (the HTTP API, the chat, the tools, the
// stores, Redis, the language models, the job queue). Tracing is off
// unless an OTLP endpoint is named: then the provider is OpenTelemetry's
// no-op one, no exporter exists and the instrumented adapters skip their
// wrappers. Nothing here sets OpenTelemetry's global provider.
//
// What leaves the process is scrubbed at export: attributes that name a
// client (its address, its user agent) or carry a raw URL are dropped,
// and every string left goes through the logger's redaction of email
// addresses and phone numbers — defence in depth behind instrumentations
// configured to record no values (no SQL parameters, no Redis arguments,
// no message or model content).
package tracing
