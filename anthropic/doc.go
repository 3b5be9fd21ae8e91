// Package anthropic adapts Anthropic's Messages API (Claude), through the
// official Go SDK, to llm.Backend: our messages, tools and tool results
// become Messages API content blocks, and the answer — whole, or streamed
// as server-sent events and accumulated — comes back as an llm.Response.
//
// The backend never retries (the llm loop does, within its bounds), reads
// nothing from the environment (the SDK's own ANTHROPIC_* autoload is
// turned off: everything comes from Config), bounds each call by its
// context, and reports what the API refused, and any answer that is
// unusable, as *llm.APIError.
package anthropic
