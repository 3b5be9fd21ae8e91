// Package llm is the language-model brain of Rendezvous, independent of
// any vendor: a Backend (anthropic, openai) answers one request; this
// package runs the bounded loop around it — tools from the same registry
// as the embedded brain, caps on round trips, tool calls and tokens,
// retries with backoff for what is worth retrying, a circuit breaker, and
// the fall back to the embedded brain whenever a bound is hit or the
// backend fails.
//
// The model reads messages; it never decides alone. It interprets the
// customer's message (calling read-only tools to ground what it reads) and
// answers with a structured interpretation; the dialogue manager keeps the
// state, writes confirmations, and performs bookings only after the
// customer's explicit yes, which it records itself. The tools refuse any
// change that was not confirmed, whoever asks.
package llm
