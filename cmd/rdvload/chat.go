package main

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
)

// chatScript is one conversation: a search, a choice, the customer's
// details, and a no at the end (so that repeated runs do not fill the
// directory) unless --book.
var chatScript = []string{
	"I need a dentist in Lyon tomorrow afternoon",
	"the first one",
	"Marie Curie",
	"marie@example.com",
	"06 12 34 56 78",
}

type chatAnswer struct {
	SessionID    string `json:"session_id"`
	SessionToken string `json:"session_token"`
	State        struct {
		Awaiting string `json:"awaiting"`
	} `json:"state"`
}

// chat runs whole conversations through /v1/chat, each client one after
// another, and reports per-turn latency.
func chat(ctx context.Context, o options, out io.Writer) error {
	n := o.count
	if n == 0 {
		n = 200
	}
	c := newClient(o)
	var broken atomic.Int64
	c.start()
	parallel(ctx, o.clients, n, func(ctx context.Context, _, i int) {
		var first chatAnswer
		st, err := c.do(ctx, "POST", "/v1/chat", map[string]string{"message": chatScript[0]}, &first, true)
		if err != nil || st != 200 {
			broken.Add(1)
			return
		}
		auth := []string{"Authorization", "Bearer " + first.SessionToken}
		script := append(chatScript[1:], map[bool]string{true: "yes", false: "no"}[o.bookChat])
		for _, msg := range script {
			var a chatAnswer
			st, err := c.do(ctx, "POST", "/v1/chat", map[string]string{"session_id": first.SessionID, "message": msg}, &a, true, auth...)
			if err != nil || st != 200 {
				broken.Add(1)
				return
			}
		}
		_, _ = c.do(ctx, "DELETE", "/v1/sessions/"+first.SessionID, nil, nil, false, auth...)
	})
	c.report(out, fmt.Sprintf("chat turns, %d conversations of %d turns, %d clients", n, len(chatScript)+1, o.clients))
	if b := broken.Load(); b > 0 {
		return fmt.Errorf("%d conversations broke off", b)
	}
	return ctx.Err()
}
