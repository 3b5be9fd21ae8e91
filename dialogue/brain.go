package dialogue

import (
	"context"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/rendezvous-oss/rendezvous/understand"
)

// Line is one line of the conversation so far.
type Line struct {
	Role string // "user" or "agent"
	Text string
}

// Message is a customer's message and what surrounds it.
type Message struct {
	Text string
	// Locale is the client's hint ("fr", "en-CA") for the first message.
	Locale string
	// History is the conversation before this message, oldest first,
	// bounded by the caller.
	History []Line
	// Session is the id of the conversation and Client the key of the
	// client address that opened it (an IPv6 address grouped by its
	// prefix): what per-session and per-client limits count on. Never
	// shown to a model or a customer.
	Session, Client string
}

// Input is what a brain is given to interpret a message.
type Input struct {
	Message string
	// History is the conversation before the message (for brains that
	// read context, such as language models).
	History []Line
	// State is the conversation so far (read only).
	State *State
	// Session and Client are the message's (see Message), for the limits
	// a brain keeps per conversation and per client.
	Session, Client string
	// Now and Location resolve relative dates ("tomorrow") in the city's
	// time zone; Zone, when set, gives the zone of a city the message
	// names, whose dates then resolve there.
	Now      time.Time
	Location *time.Location
	Zone     func(city string) *time.Location
}

// Brain tells what a message means. The embedded understanding is the
// default; language-model brains implement the same interface.
type Brain interface {
	Interpret(ctx context.Context, in Input) (understand.Result, error)
}

// Names lists what the understanding must recognise in messages: the
// cities and the providers of the directory.
type Names func(ctx context.Context) (cities, providers []string, err error)

// EmbeddedBrain is the offline, deterministic understanding, rebuilt
// from the directory's names when they are older than its refresh period
// (so that providers added by an administrator become recognisable).
type EmbeddedBrain struct {
	names   Names
	refresh time.Duration

	// cur is the understanding and when it was built, read without a
	// lock: every turn reads it.
	cur atomic.Pointer[loadedUnderstander]
	sf  singleflight.Group
}

// NewEmbeddedBrain returns the embedded brain; refresh ≤ 0 means 5 minutes.
func NewEmbeddedBrain(names Names, refresh time.Duration) *EmbeddedBrain {
	if refresh <= 0 {
		refresh = 5 * time.Minute
	}
	return &EmbeddedBrain{names: names, refresh: refresh}
}

type loadedUnderstander struct {
	u  *understand.Understander
	at time.Time
}

// understander returns the current understanding, building it when there
// is none or it is stale. A failed rebuild keeps the previous one.
func (b *EmbeddedBrain) understander(ctx context.Context) (*understand.Understander, error) {
	var u *understand.Understander
	if cur := b.cur.Load(); cur != nil {
		if u = cur.u; time.Since(cur.at) < b.refresh {
			return u, nil
		}
	}
	v, err, _ := b.sf.Do("build", func() (any, error) {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		cities, providers, err := b.names(lctx)
		if err != nil {
			return nil, err
		}
		nu := understand.New(understand.Gazetteer{Cities: cities, ProviderNames: providers})
		b.cur.Store(&loadedUnderstander{u: nu, at: time.Now()})
		return nu, nil
	})
	if err != nil {
		if u != nil {
			return u, nil // keep understanding with the names we had
		}
		return nil, err
	}
	return v.(*understand.Understander), nil
}

// Interpret reads the message.
func (b *EmbeddedBrain) Interpret(ctx context.Context, in Input) (understand.Result, error) {
	u, err := b.understander(ctx)
	if err != nil {
		return understand.Result{}, err
	}
	loc := in.Location
	if loc == nil {
		loc = time.UTC
	}
	refDate, refTime := Discussed(in.State, loc)
	return u.Understand(understand.Context{
		Now:      in.Now,
		Location: in.Location,
		Awaiting: in.State.Awaiting,
		Language: understand.Language(in.State.Language),
		Task:     string(in.State.Task),
		// A message may give only a part of the name: "my surname is Martin".
		CustomerName: in.State.Customer.Name,
		RefDate:      refDate,
		RefTime:      refTime,
		Zone:         in.Zone,
		Options:      max(len(in.State.Proposals), len(in.State.Options)),
	}, in.Message), nil
}
