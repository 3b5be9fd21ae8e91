package anthropic

import (
	"context"
	"errors"
	"net/http"
	"time"

	sdk "github.com/anthropics/anthropic-sdk-go"
	"github.com/anthropics/anthropic-sdk-go/option"

	"github.com/rendezvous-oss/rendezvous/llm"
)

// Defaults of Config.
const (
	DefaultBaseURL   = "https://api.anthropic.com"
	DefaultMaxTokens = 1024
	DefaultTimeout   = 30 * time.Second
)

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
	cfg    Config
	key    llm.Secret // kept out of every error text
	client sdk.Client
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
		option.WithoutEnvironmentDefaults(),
		option.WithBaseURL(cfg.BaseURL),
		option.WithAPIKey(cfg.APIKey),
		option.WithHTTPClient(cfg.HTTPClient),
		option.WithMaxRetries(0),
	)
	return &Backend{cfg: cfg, key: llm.Secret(cfg.APIKey), client: client}, nil
}

// Name implements llm.Backend.
func (b *Backend) Name() string { return "anthropic" }

// Complete implements llm.Backend. It streams when req.OnEvent is set,
// emitting each text delta as it arrives and each tool call once its input
// is complete; the Response is the same either way.
//
// Errors: *llm.APIError for an HTTP error status (with the API's error
// type and the wait asked by retry-after-ms or retry-after), and, with
// Status 0, for an answer that is malformed or cut short or a connection
// that failed; the context's error (wrapped) when ctx, or the backend's
// Timeout, ends first; a plain error for a request that cannot be
// expressed in the Messages API (a bad role, a tool input that is not
// JSON).
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
		// The SDK's own timeout (minutes for long answers) gives way to ours.
		option.WithRequestTimeout(max(time.Until(deadline), time.Millisecond)),
		option.WithResponseInto(&res),
	}
	if req.OnEvent != nil {
		return b.stream(ctx, params, req.OnEvent, opts, &res)
	}
	msg, err := b.client.Messages.New(ctx, params, opts...)
	if err != nil {
		return nil, b.fail(ctx, err, res)
	}
	out, err := response(msg)
	if err != nil {
		return nil, b.malformed(err)
	}
	return out, nil
}
