package openai

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// Defaults of Config.
const (
	DefaultBaseURL   = "https://api.openai.com/v1"
	DefaultMaxTokens = 1024
	DefaultTimeout   = 30 * time.Second
)

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
	cfg    Config
	key    llm.Secret // kept out of every error text
	client sdk.Client
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
	client := sdk.NewClient(
		option.WithBaseURL(cfg.BaseURL),
		// Set even when empty: the SDK would otherwise send OPENAI_API_KEY
		// from the environment, to whatever server BaseURL names.
		option.WithAPIKey(cfg.APIKey),
		option.WithHeaderDel("OpenAI-Organization"),
		option.WithHeaderDel("OpenAI-Project"),
		option.WithHTTPClient(cfg.HTTPClient),
		option.WithMaxRetries(0),
	)
	return &Backend{cfg: cfg, key: llm.Secret(cfg.APIKey), client: client, official: u.Hostname() == "api.openai.com"}, nil
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
	params, err := b.params(req)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, b.cfg.Timeout)
	defer cancel()
	deadline, _ := ctx.Deadline()
	if ctx.Err() != nil {
		return nil, b.fail(ctx, ctx.Err(), nil)
	}
	var res *http.Response
	opts := []option.RequestOption{
		option.WithRequestTimeout(max(time.Until(deadline), time.Millisecond)),
		option.WithResponseInto(&res),
	}
	if req.OnEvent != nil {
		return b.stream(ctx, params, req.OnEvent, opts, &res)
	}
	cc, err := b.client.Chat.Completions.New(ctx, params, opts...)
	if err != nil {
		return nil, b.fail(ctx, err, res)
	}
	out, err := response(cc)
	if err != nil {
		return nil, b.malformed(err)
	}
	return out, nil
}
