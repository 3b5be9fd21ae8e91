package dialogue

import "context"

// Progress is told what the agent is doing while a turn runs (a tool
// call, a model call), for clients that stream the answer.
type Progress func(step string)

type progressKey struct{}

// WithProgress returns a context whose turn reports its steps to p.
func WithProgress(ctx context.Context, p Progress) context.Context {
	return context.WithValue(ctx, progressKey{}, p)
}

// Report tells the turn's Progress, if any, about a step.
func Report(ctx context.Context, step string) { reportJoined(ctx, step, "") }

// reportJoined reports prefix+name, joined only when someone listens (most
// turns have no listener, and a tool call is reported on each).
func reportJoined(ctx context.Context, prefix, name string) {
	if p, ok := ctx.Value(progressKey{}).(Progress); ok && p != nil {
		p(prefix + name)
	}
}
