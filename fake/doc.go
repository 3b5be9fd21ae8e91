// Package fake holds the hand-written test doubles of the few seams that
// need one: a turner that answers chat messages by script (for tests of
// the session layer), and fake language-model servers.
//
// NewAnthropic and NewOpenAI start httptest servers that speak the real
// wire formats — Anthropic's Messages API and OpenAI's Chat Completions,
// as JSON or as server-sent events — so that the anthropic and openai
// backends, and anything built on them, are tested through their real HTTP
// clients with no network. Each parses what it receives into a Request shared
// by both vendors, fails the test on a request the real API would refuse,
// and answers what a Script decides: text, tool calls, or a failure (429
// with retry-after, overload, 500, a malformed body, a stream cut in the
// middle, a server that hangs). Sequence, Always and Understanding are
// ready-made scripts; Understanding plays a model that reads messages with
// the embedded understanding and answers through a "respond" tool.
package fake
