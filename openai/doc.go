// Package openai adapts the Chat Completions API to llm.Backend — for
// OpenAI itself and for the servers that speak its dialect (Ollama, vLLM,
// llama.cpp) at a configurable base URL. It is a small client on net/http
// that sends and reads only the fields it uses (the official SDK, with its
// thousands of generated types, was 21 MB of a 64 MB binary: see
// docs/operations.md, "Binary and image size"). Our messages become system,
// user, assistant (with tool_calls) and tool messages, our tools function
// tools; the answer — whole, or streamed as server-sent events and
// accumulated — comes back as an llm.Response.
//
// The backend never retries (the llm loop does, within its bounds), takes
// its base URL and key from Config only (never from OPENAI_* variables),
// bounds each call by its context, and reports what the server refused,
// and any answer that is unusable, as *llm.APIError.
//
// Differences between servers it smooths over: the token limit is sent as
// max_completion_tokens to api.openai.com (its newer models refuse
// max_tokens) and as max_tokens elsewhere (the field the compatible
// servers read); a tool call without an id gets one ("call_<index>"); an
// answer with tool calls whose finish_reason is "stop" (as some local
// servers send) stops for tool use; an error body in any of the formats
// the compatible servers use. Tool results have no error flag in this API:
// Block.IsError is not sent, so the result's text must say so.
package openai
