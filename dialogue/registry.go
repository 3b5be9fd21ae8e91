package dialogue

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/schema"
)

// Tool is one action the agent can take. Run receives the decoded
// arguments and the turn (whose state carries the session's rights).
type Tool struct {
	Name        string
	Description string
	// Args is a value of the arguments' type: its JSON Schema is what a
	// language model is shown, and JSON arguments are decoded into it.
	Args any
	Run  func(ctx context.Context, t *Turn, args any) (any, error)
}

// Spec is a tool as a language model sees it.
type Spec struct {
	Name        string
	Description string
	Parameters  map[string]any // JSON Schema of the arguments
}

// Limits bound the work of one turn.
type Limits struct {
	// CallTimeout bounds each tool call (3 s).
	CallTimeout time.Duration
	// MaxCalls bounds the tool calls of one turn (8).
	MaxCalls int
	// MaxRepeats bounds identical calls (same tool, same arguments) in one
	// turn (2): an agent that repeats itself is stopped, not obeyed.
	MaxRepeats int
	// Lookups bound the proving of bookings by reference and email, across
	// turns and conversations.
	Lookups LookupLimits
	// Bookings bound the bookings made per client address.
	Bookings BookingLimits
}

func (l Limits) withDefaults() Limits {
	if l.CallTimeout <= 0 {
		l.CallTimeout = 3 * time.Second
	}
	if l.MaxCalls <= 0 {
		l.MaxCalls = 8
	}
	if l.MaxRepeats <= 0 {
		l.MaxRepeats = 2
	}
	return l
}

// Metrics observes tool calls. Nil-safe.
type Metrics interface {
	ToolCall(name string, d time.Duration, err error)
}

// Registry holds the tools. It is immutable after NewRegistry and safe
// for concurrent use.
type Registry struct {
	tools   map[string]*Tool
	order   []string
	limits  Limits
	metrics Metrics
	tracer  trace.Tracer // nil when tracing is off: no span, no allocation
}

// newRegistry builds a registry of tools.
func newRegistry(limits Limits, metrics Metrics, tools ...*Tool) *Registry {
	r := &Registry{tools: map[string]*Tool{}, limits: limits.withDefaults(), metrics: metrics}
	for _, t := range tools {
		r.tools[t.Name] = t
		r.order = append(r.order, t.Name)
	}
	return r
}

// WithTracer returns the registry with each tool call a span of tp's
// traces: its name and outcome, never its arguments or results.
func (r *Registry) WithTracer(tp trace.TracerProvider) *Registry {
	c := *r
	if tp != nil {
		c.tracer = tp.Tracer("github.com/rendezvous-oss/rendezvous/dialogue")
	}
	return &c
}

// Specs describes every tool, in a stable order.
func (r *Registry) Specs() []Spec {
	out := make([]Spec, 0, len(r.order))
	for _, name := range r.order {
		t := r.tools[name]
		out = append(out, Spec{Name: t.Name, Description: t.Description, Parameters: schema.NewInline().Of(reflect.TypeOf(t.Args))})
	}
	return out
}

// Turn is one message's worth of work: the conversation's state and the
// budget of tool calls.
type Turn struct {
	State *State
	Now   time.Time
	// Session and Client say whose turn it is, for the limits tools keep
	// per conversation and per client address ("" in tests and tools).
	Session, Client string

	calls   int
	repeats map[string]int
	actions []string
}

// NewTurn starts a turn on st.
func NewTurn(st *State, now time.Time) *Turn {
	return &Turn{State: st, Now: now, repeats: map[string]int{}}
}

// Actions lists what the turn did (searched_providers, booked, …).
func (t *Turn) Actions() []string { return t.actions }

func (t *Turn) did(action string) {
	for _, a := range t.actions {
		if a == action {
			return
		}
	}
	t.actions = append(t.actions, action)
}

// Errors of the registry itself.
var (
	ErrTooManyCalls   = errors.New("too many tool calls in one turn")
	ErrRepeatedCall   = errors.New("the same tool call was repeated")
	ErrUnknownTool    = errors.New("unknown tool")
	ErrBadToolPayload = errors.New("tool arguments do not match the tool's parameters")
)

// CallJSON runs a tool with JSON arguments (from a language model): they
// are decoded strictly into the tool's argument type.
func (r *Registry) CallJSON(ctx context.Context, t *Turn, name string, raw json.RawMessage) (any, error) {
	tool, ok := r.tools[name]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownTool, name)
	}
	args := reflect.New(reflect.TypeOf(tool.Args))
	if len(raw) == 0 {
		raw = json.RawMessage("{}")
	}
	if err := decodeStrict(raw, args.Interface()); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadToolPayload, err)
	}
	return r.call(ctx, t, tool, args.Elem().Interface(), raw)
}

// Call runs a tool with typed arguments (from the manager).
func (r *Registry) Call(ctx context.Context, t *Turn, name string, args any) (any, error) {
	tool, ok := r.tools[name]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownTool, name)
	}
	if reflect.TypeOf(args) != reflect.TypeOf(tool.Args) {
		return nil, fmt.Errorf("%w: %s takes %T", ErrBadToolPayload, name, tool.Args)
	}
	raw, err := json.Marshal(args)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadToolPayload, err)
	}
	return r.call(ctx, t, tool, args, raw)
}

func (r *Registry) call(ctx context.Context, t *Turn, tool *Tool, args any, raw []byte) (any, error) {
	if t.calls >= r.limits.MaxCalls {
		return nil, ErrTooManyCalls
	}
	key := tool.Name + string(raw)
	if t.repeats[key] >= r.limits.MaxRepeats {
		return nil, ErrRepeatedCall
	}
	t.calls++
	t.repeats[key]++
	reportJoined(ctx, "tool:", tool.Name)
	ctx, cancel := context.WithTimeout(ctx, r.limits.CallTimeout)
	defer cancel()
	var span trace.Span
	if r.tracer != nil && trace.SpanFromContext(ctx).IsRecording() {
		ctx, span = r.tracer.Start(ctx, "tool "+tool.Name, trace.WithAttributes(attribute.String("rendezvous.tool", tool.Name)))
		defer span.End()
	}
	start := time.Now()
	out, err := tool.Run(ctx, t, args)
	if r.metrics != nil {
		r.metrics.ToolCall(tool.Name, time.Since(start), err)
	}
	if err != nil && span != nil {
		span.SetStatus(codes.Error, string(rendezvous.ErrorCodeOf(err)))
	}
	if err != nil && ctx.Err() != nil && rendezvous.ErrorCodeOf(err) == rendezvous.EINTERNAL {
		return nil, rendezvous.Errorf(rendezvous.EUNAVAILABLE, "%s took too long", tool.Name)
	}
	return out, err
}

func decodeStrict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data")
	}
	return nil
}
