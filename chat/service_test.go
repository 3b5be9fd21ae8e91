package chat_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/chat"
	"github.com/rendezvous-oss/rendezvous/fake"
	"github.com/rendezvous-oss/rendezvous/inmem"
)

func newService(t *testing.T, limits chat.Limits) (*chat.Service, *fake.Turner, *auth.Tokens) {
	t.Helper()
	tokens, err := auth.NewTokens(auth.TokensConfig{Secret: bytes.Repeat([]byte("c"), 32)})
	if err != nil {
		t.Fatal(err)
	}
	if limits.Sessions == (rendezvous.SessionLimits{}) {
		limits.Sessions = rendezvous.DefaultSessionLimits()
	}
	turner := &fake.Turner{}
	return chat.NewService(inmem.NewSessions(limits.Sessions, nil), turner, tokens, limits, nil), turner, tokens
}

func TestSessionTokenGuardsTheSession(t *testing.T) {
	ctx := context.Background()
	svc, _, tokens := newService(t, chat.Limits{})
	first, err := svc.Start(ctx, "10.0.0.1", "hello", "")
	if err != nil {
		t.Fatal(err)
	}
	if first.Token == "" || !strings.HasPrefix(first.SessionID, "ses_") || first.Reply.Text != "echo: hello" {
		t.Fatalf("Start = %+v", first)
	}
	other, err := svc.Start(ctx, "10.0.0.2", "hi", "")
	if err != nil {
		t.Fatal(err)
	}
	bookingToken, _ := tokens.IssueBookingToken(first.SessionID, 1)
	for name, tok := range map[string]string{
		"NoToken":          "",
		"Garbage":          "abc",
		"AnotherSession":   other.Token,
		"SameIDOtherScope": bookingToken,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := svc.Send(ctx, first.SessionID, tok, "x", ""); rendezvous.ErrorCodeOf(err) != rendezvous.EUNAUTHORIZED {
				t.Errorf("Send with %s: %v", name, err)
			}
			if _, err := svc.History(ctx, first.SessionID, tok); rendezvous.ErrorCodeOf(err) != rendezvous.EUNAUTHORIZED {
				t.Errorf("History with %s: %v", name, err)
			}
			if err := svc.Close(ctx, first.SessionID, tok); rendezvous.ErrorCodeOf(err) != rendezvous.EUNAUTHORIZED {
				t.Errorf("Close with %s: %v", name, err)
			}
		})
	}
	if _, err := svc.Send(ctx, first.SessionID, first.Token, "again", ""); err != nil {
		t.Fatalf("Send with the right token: %v", err)
	}
	tr, err := svc.History(ctx, first.SessionID, first.Token)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, m := range tr.Messages {
		lines = append(lines, m.Role+": "+m.Text)
	}
	want := "user: hello|agent: echo: hello|user: again|agent: echo: again"
	if got := strings.Join(lines[1:], "|"); got != want { // lines[0] is the greeting
		t.Errorf("history = %q, want %q", got, want)
	}
	if err := svc.Close(ctx, first.SessionID, first.Token); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Send(ctx, first.SessionID, first.Token, "after close", ""); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
		t.Errorf("Send after Close: %v", err)
	}
}

func TestMessageLimits(t *testing.T) {
	ctx := context.Background()
	svc, turner, _ := newService(t, chat.Limits{MaxMessageRunes: 10, MaxMessages: 3})
	tests := []struct {
		name, msg string
		code      rendezvous.ErrorCode
	}{
		{"Empty", "   ", rendezvous.EINVALID},
		{"TooLong", "abcdefghijk", rendezvous.EINVALID},
		{"InvalidUTF8", "ab\xffcd", rendezvous.EINVALID},
		{"TenRunesOK", "éééééééééé", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := turner.Calls
			_, err := svc.Start(ctx, "c", tt.msg, "")
			if rendezvous.ErrorCodeOf(err) != tt.code {
				t.Fatalf("Start(%q) = %v, want %q", tt.msg, err, tt.code)
			}
			if err != nil && turner.Calls != calls {
				t.Errorf("a refused message reached the agent")
			}
		})
	}
	o, err := svc.Start(ctx, "d", "one", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"two", "three"} {
		if _, err := svc.Send(ctx, o.SessionID, o.Token, m, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Send(ctx, o.SessionID, o.Token, "four", ""); rendezvous.ErrorCodeOf(err) != rendezvous.ERATELIMITED {
		t.Fatalf("fourth message of a 3-message session: %v", err)
	}
}

func TestAgentFailureChangesNothing(t *testing.T) {
	ctx := context.Background()
	svc, _, _ := newService(t, chat.Limits{})
	o, err := svc.Start(ctx, "c", "hello", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Send(ctx, o.SessionID, o.Token, "please fail", ""); rendezvous.ErrorCodeOf(err) != rendezvous.EUNAVAILABLE {
		t.Fatalf("failed turn: %v", err)
	}
	tr, _ := svc.History(ctx, o.SessionID, o.Token)
	if len(tr.Messages) != 3 {
		t.Errorf("a failed turn was recorded: %d messages", len(tr.Messages))
	}
}

// TestConcurrentTurnsAreSerialised sends many messages to one session at
// once: every one is answered and recorded, none lost to a race.
func TestConcurrentTurnsAreSerialised(t *testing.T) {
	ctx := context.Background()
	svc, _, _ := newService(t, chat.Limits{MaxHistory: 100})
	o, err := svc.Start(ctx, "c", "hello", "")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := svc.Send(ctx, o.SessionID, o.Token, "m"+string(rune('a'+i)), ""); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	tr, _ := svc.History(ctx, o.SessionID, o.Token)
	if len(tr.Messages) != 1+2+40 {
		t.Errorf("%d messages recorded, want 43", len(tr.Messages))
	}
}

func TestSessionLimitsReachTheCaller(t *testing.T) {
	ctx := context.Background()
	limits := rendezvous.DefaultSessionLimits()
	limits.PerClient = 2
	svc, _, _ := newService(t, chat.Limits{Sessions: limits})
	for range 2 {
		if _, err := svc.Start(ctx, "10.9.9.9", "hi", ""); err != nil {
			t.Fatal(err)
		}
	}
	_, err := svc.Start(ctx, "10.9.9.9", "hi", "")
	if rendezvous.ErrorReasonOf(err) != rendezvous.ReasonTooManySessions {
		t.Fatalf("third session of a client: %v", err)
	}
	if _, err := svc.Open(ctx, "10.9.9.10", "fr"); err != nil {
		t.Fatalf("another client: %v", err)
	}
}

func TestOpenGreetsInTheLocale(t *testing.T) {
	svc, _, _ := newService(t, chat.Limits{})
	o, err := svc.Open(context.Background(), "c", "fr-CA")
	if err != nil {
		t.Fatal(err)
	}
	if o.State.Language != "fr" || !strings.HasPrefix(o.Reply.Text, "Bonjour") {
		t.Errorf("Open(fr-CA) = %q in %s", o.Reply.Text, o.State.Language)
	}
}

// TestLongMessagesKeepTheConversation: a conversation of messages as long
// as allowed, and as costly as JSON makes them ("<" is six bytes), stays
// within the store's bound on a session's size by forgetting its oldest
// lines, and goes on; its latest exchange is kept.
func TestLongMessagesKeepTheConversation(t *testing.T) {
	ctx := context.Background()
	limits := rendezvous.DefaultSessionLimits()
	store := inmem.NewSessions(limits, nil)
	tokens, _ := auth.NewTokens(auth.TokensConfig{Secret: bytes.Repeat([]byte("c"), 32)})
	svc := chat.NewService(store, &fake.Turner{}, tokens, chat.Limits{Sessions: limits}, nil)
	o, err := svc.Open(ctx, "c", "en")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		msg := fmt.Sprintf("%02d%s", i, strings.Repeat("<", 998))
		if _, err := svc.Send(ctx, o.SessionID, o.Token, msg, ""); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
	sess, err := store.Get(ctx, o.SessionID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sess.Data) > limits.MaxDataBytes {
		t.Errorf("session of %d bytes, over %d", len(sess.Data), limits.MaxDataBytes)
	}
	tr, err := svc.History(ctx, o.SessionID, o.Token)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(tr.Messages); n < 2 || !strings.HasPrefix(tr.Messages[n-2].Text, "59<") || !strings.HasPrefix(tr.Messages[n-1].Text, "echo: 59<") {
		t.Fatalf("the latest exchange was not kept: %d lines", n)
	}
}
