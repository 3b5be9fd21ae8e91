// Package anthropic adapts Anthropic's Messages API (Claude) to
// llm.Backend, with a small client on net/http that sends and reads only
// the fields it uses (the official SDK was 6 MB of the binary: see
// docs/operations.md, "Binary and image size"): our messages, tools and
// tool results become Messages API content blocks, and the answer — whole,
// or streamed as server-sent events and accumulated — comes back as an
// llm.Response.
//
// The backend never retries (the llm loop does, within its bounds), reads
// nothing from the environment (no ANTHROPIC_* variable: everything comes
// from Config), bounds each call by its context, and reports what the API
// refused, and any answer that is unusable, as *llm.APIError.
package anthropic
