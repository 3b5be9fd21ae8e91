package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// Defaults of Config.
const (
	DefaultBaseURL   = "https://api.openai.com/v1"
	DefaultMaxTokens = 1024
	DefaultTimeout   = 30 * time.Second
)

// maxAnswerBytes bounds what is read of an answer (a whole completion, or
// one event of a stream): far above any completion of DefaultMaxTokens, far
// below what would hurt the process.
const maxAnswerBytes = 8 << 20

// Config configures the backend.
type Config struct {
	// APIKey is sent as a bearer token; empty sends none (local servers
	// such as Ollama need none).
	APIKey string
	// BaseURL is the API's root, with its /v1 (DefaultBaseURL when empty;
	// e.g. http://127.0.0.1:11434/v1 for Ollama).
	BaseURL string
	// Model is used when a request names none. Required.
	Model string
	// MaxTokens is used when a request sets none (DefaultMaxTokens when
	// zero).
	MaxTokens int
	// Temperature, from 0 to 2, is used when a request's is zero. It is
	// always sent: zero means as deterministic as the model can be.
	Temperature float64
	// Timeout bounds each call whose context ends later, or never
	// (DefaultTimeout when zero).
	Timeout time.Duration
	// HTTPClient sends the requests (a client of its own, with a clone of
	// http.DefaultTransport, when nil).
	HTTPClient *http.Client
}

// Backend calls a Chat Completions server. It is safe for concurrent use.
type Backend struct {
	cfg      Config
	key      llm.Secret // kept out of every error text
	endpoint string     // {BaseURL}/chat/completions
	// official is set for api.openai.com, which wants
	// max_completion_tokens.
	official bool
}

var _ llm.Backend = (*Backend)(nil)

// New checks cfg, fills in its defaults and returns a backend. It makes no
// call to the server.
func New(cfg Config) (*Backend, error) {
	switch {
	case cfg.Model == "":
		return nil, errors.New("openai: a model is required")
	case cfg.MaxTokens < 0:
		return nil, errors.New("openai: max tokens must not be negative")
	case cfg.Temperature < 0 || cfg.Temperature > 2:
		return nil, errors.New("openai: temperature must be between 0 and 2")
	case cfg.Timeout < 0:
		return nil, errors.New("openai: timeout must not be negative")
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("openai: the base URL must be an http or https URL")
	}
	if cfg.MaxTokens == 0 {
		cfg.MaxTokens = DefaultMaxTokens
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	return &Backend{
		cfg:      cfg,
		key:      llm.Secret(cfg.APIKey),
		endpoint: strings.TrimRight(cfg.BaseURL, "/") + "/chat/completions",
		official: u.Hostname() == "api.openai.com",
	}, nil
}

// Name implements llm.Backend.
func (b *Backend) Name() string { return "openai" }

// Complete implements llm.Backend. It streams when req.OnEvent is set,
// emitting each text delta as it arrives and the tool calls once the
// answer's finish_reason says they are complete; the Response is the same
// either way.
//
// Errors: *llm.APIError for an HTTP error status (with the error's code,
// else its type, and the wait asked by retry-after-ms or retry-after), and,
// with Status 0, for an answer that is malformed or cut short, an error
// reported inside a stream, or a connection that failed; the context's
// error (wrapped) when ctx, or the backend's Timeout, ends first; a plain
// error for a request that cannot be expressed in the API (a bad role).
func (b *Backend) Complete(ctx context.Context, req llm.Request) (*llm.Response, error) {
	body, err := b.body(req)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, b.cfg.Timeout)
	defer cancel()
	if ctx.Err() != nil {
		return nil, b.fail(ctx, ctx.Err())
	}
	stream := req.OnEvent != nil
	if stream {
		body.Stream = true
		body.StreamOptions = &streamOptions{IncludeUsage: true}
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("openai: %w", err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, b.endpoint, bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("openai: %w", err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	if stream {
		hreq.Header.Set("Accept", "text/event-stream")
	} else {
		hreq.Header.Set("Accept", "application/json")
	}
	if b.cfg.APIKey != "" {
		hreq.Header.Set("Authorization", "Bearer "+b.cfg.APIKey)
	}
	res, err := b.cfg.HTTPClient.Do(hreq)
	if err != nil {
		return nil, b.fail(ctx, err)
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		return nil, b.statusError(res)
	}
	if stream {
		return b.stream(ctx, res.Body, req.OnEvent)
	}
	return b.whole(ctx, res.Body)
}
