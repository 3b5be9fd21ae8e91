package anthropic

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
	DefaultBaseURL   = "https://api.anthropic.com"
	DefaultMaxTokens = 1024
	DefaultTimeout   = 30 * time.Second
)

// apiVersion is the Messages API version this backend speaks (the
// anthropic-version header).
const apiVersion = "2023-06-01"

// maxAnswerBytes bounds what is read of an answer (a whole message, or one
// event of a stream): far above any message of DefaultMaxTokens, far below
// what would hurt the process.
const maxAnswerBytes = 8 << 20

// Config configures the backend.
type Config struct {
	// APIKey is sent as x-api-key. Required.
	APIKey string
	// BaseURL is the API's root (DefaultBaseURL when empty).
	BaseURL string
	// Model is used when a request names none. Required.
	Model string
	// MaxTokens is used when a request sets none (DefaultMaxTokens when
	// zero).
	MaxTokens int
	// Temperature, from 0 to 1, is used when a request's is zero. It is
	// always sent: zero means as deterministic as the model can be.
	Temperature float64
	// Timeout bounds each call whose context ends later, or never
	// (DefaultTimeout when zero).
	Timeout time.Duration
	// HTTPClient sends the requests (a client of its own, with a clone of
	// http.DefaultTransport, when nil).
	HTTPClient *http.Client
}

// Backend calls Claude. It is safe for concurrent use.
type Backend struct {
	cfg      Config
	key      llm.Secret // kept out of every error text
	endpoint string     // {BaseURL}/v1/messages
}

var _ llm.Backend = (*Backend)(nil)

// New checks cfg, fills in its defaults and returns a backend. It makes no
// call to the API.
func New(cfg Config) (*Backend, error) {
	switch {
	case cfg.APIKey == "":
		return nil, errors.New("anthropic: an API key is required")
	case cfg.Model == "":
		return nil, errors.New("anthropic: a model is required")
	case cfg.MaxTokens < 0:
		return nil, errors.New("anthropic: max tokens must not be negative")
	case cfg.Temperature < 0 || cfg.Temperature > 1:
		return nil, errors.New("anthropic: temperature must be between 0 and 1")
	case cfg.Timeout < 0:
		return nil, errors.New("anthropic: timeout must not be negative")
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("anthropic: the base URL must be an http or https URL")
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
	return &Backend{cfg: cfg, key: llm.Secret(cfg.APIKey), endpoint: strings.TrimRight(cfg.BaseURL, "/") + "/v1/messages"}, nil
}

// Name implements llm.Backend.
func (b *Backend) Name() string { return "anthropic" }

// Complete implements llm.Backend. It streams when req.OnEvent is set,
// emitting each text delta as it arrives and each tool call once its input
// is complete; the Response is the same either way.
//
// Errors: *llm.APIError for an HTTP error status (with the API's error
// type and the wait asked by retry-after-ms or retry-after), and, with
// Status 0, for an answer that is malformed or cut short, an error event
// inside a stream, or a connection that failed; the context's error
// (wrapped) when ctx, or the backend's Timeout, ends first; a plain error
// for a request that cannot be expressed in the Messages API (a bad role,
// a tool input that is not JSON).
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
	body.Stream = stream
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("anthropic: %w", err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, b.endpoint, bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("anthropic: %w", err)
	}
	h := hreq.Header
	h.Set("Content-Type", "application/json")
	h.Set("Anthropic-Version", apiVersion)
	h.Set("X-Api-Key", b.cfg.APIKey)
	if stream {
		h.Set("Accept", "text/event-stream")
	} else {
		h.Set("Accept", "application/json")
	}
	res, err := b.cfg.HTTPClient.Do(hreq)
	if err != nil {
		return nil, b.fail(ctx, err)
	}
	defer res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode >= 300 {
		return nil, b.statusError(res)
	}
	if stream {
		return b.stream(ctx, res.Body, req.OnEvent)
	}
	return b.whole(ctx, res.Body)
}
