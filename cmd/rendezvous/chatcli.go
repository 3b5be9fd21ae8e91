package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous/auth"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/chat"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/inmem"
)

// turnView is what the terminal shows of one answer.
type turnView struct {
	Reply     string
	Language  string
	Proposals []proposalView
	Booking   *bookingView
}

type proposalView struct {
	Provider   string
	Start, End time.Time
}

type bookingView struct {
	ID, Status, Token string
}

// conversation is a chat, over HTTP or in process.
type conversation interface {
	send(ctx context.Context, message string) (*turnView, error)
}

// chatCommand runs `rendezvous chat`: a conversation in the terminal,
// with a running server (--url) or in process on the configured database.
func (a *app) chatCommand(ctx context.Context, args []string) error {
	fs := a.newFlags("chat")
	url := fs.String("url", "", "a running server, e.g. http://127.0.0.1:8080 (default: in process, on RENDEZVOUS_DATABASE_URL)")
	locale := fs.String("locale", "", "en or fr, for the greeting")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var conv conversation
	if *url != "" {
		conv = &httpConversation{base: strings.TrimRight(*url, "/"), locale: *locale, client: &http.Client{Timeout: 30 * time.Second}}
	} else {
		cfg, err := a.config()
		if err != nil {
			return err
		}
		st, err := openMigrated(ctx, cfg)
		if err != nil {
			return err
		}
		defer st.Close()
		if n, err := st.CountProviders(ctx); err != nil || n == 0 {
			return errors.New("the directory is empty: run `rendezvous seed` first, or chat with a server with --url")
		}
		// An ephemeral key: the tokens printed here manage bookings only
		// through this process.
		secret := make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return err
		}
		tokens, err := auth.NewTokens(auth.TokensConfig{Secret: secret})
		if err != nil {
			return err
		}
		desk := booking.NewDesk(st, tokens, booking.Options{MaxUpcomingPerCustomer: cfg.MaxUpcomingPerCustomer})
		lookups := dialogue.LookupLimits{Limiter: inmem.NewRateLimiter(1000, nil), PerClient: httpapi.DefaultRates()[httpapi.RateBooking]}
		svc, _, err := newChat(desk, inmem.NewSessions(cfg.Sessions, nil), tokens, lookups, cfg,
			brainDeps{log: slog.New(slog.DiscardHandler), daily: inmem.NewDailyCounter(nil)})
		if err != nil {
			return err
		}
		conv = &localConversation{svc: svc, locale: *locale}
	}
	greet := dialogue.Greeting("en")
	if strings.HasPrefix(*locale, "fr") {
		greet = dialogue.Greeting("fr")
	}
	fmt.Fprintf(a.stdout, "agent> %s\n", greet)
	in := bufio.NewScanner(a.stdin)
	in.Buffer(make([]byte, 64<<10), 64<<10)
	for {
		fmt.Fprint(a.stdout, "you> ")
		if !in.Scan() {
			fmt.Fprintln(a.stdout)
			return in.Err()
		}
		line := strings.TrimSpace(in.Text())
		if line == "" {
			continue
		}
		if line == "/quit" || line == "/exit" {
			return nil
		}
		v, err := conv.send(ctx, line)
		if err != nil {
			fmt.Fprintf(a.stdout, "  (error: %v)\n", err)
			continue
		}
		printTurn(a.stdout, v)
	}
}

func printTurn(w io.Writer, v *turnView) {
	fmt.Fprintf(w, "agent> %s\n", v.Reply)
	for i, p := range v.Proposals {
		fmt.Fprintf(w, "   %d) %s %s–%s  %s\n", i+1, dialogue.ShortDay(p.Start, v.Language), dialogue.Clock(p.Start, v.Language),
			dialogue.Clock(p.End, v.Language), p.Provider)
	}
	if b := v.Booking; b != nil {
		fmt.Fprintf(w, "   [booking %s: %s; manage token %s]\n", b.ID, b.Status, b.Token)
	}
}

// localConversation talks to the chat service in this process.
type localConversation struct {
	svc       *chat.Service
	locale    string
	id, token string
}

func (c *localConversation) send(ctx context.Context, message string) (*turnView, error) {
	var (
		out *chat.Outcome
		err error
	)
	if c.id == "" {
		out, err = c.svc.Start(ctx, "terminal", message, c.locale)
		if err == nil {
			c.id, c.token = out.SessionID, out.Token
		}
	} else {
		out, err = c.svc.Send(ctx, c.id, c.token, message, c.locale)
	}
	if err != nil {
		return nil, err
	}
	v := &turnView{Reply: out.Reply.Text, Language: out.State.Language}
	if out.State.Awaiting == dialogue.AwaitSlotChoice {
		for _, p := range out.State.Proposals {
			v.Proposals = append(v.Proposals, proposalView{Provider: p.ProviderName, Start: p.Start, End: p.End})
		}
	}
	if b := out.Reply.Booking; b != nil {
		v.Booking = &bookingView{ID: b.ID, Status: b.Status, Token: out.Reply.Token}
	}
	return v, nil
}

// httpConversation talks to a server's /v1/chat.
type httpConversation struct {
	base, locale string
	client       *http.Client
	id, token    string
}

func (c *httpConversation) send(ctx context.Context, message string) (*turnView, error) {
	body, _ := json.Marshal(map[string]string{"session_id": c.id, "message": message, "locale": c.locale})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/v1/chat", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		var p struct {
			Detail string `json:"detail"`
		}
		_ = json.Unmarshal(raw, &p)
		return nil, fmt.Errorf("%s: %s", resp.Status, p.Detail)
	}
	var out struct {
		SessionID    string `json:"session_id"`
		SessionToken string `json:"session_token"`
		Reply        string `json:"reply"`
		Language     string `json:"language"`
		State        struct {
			Awaiting  string `json:"awaiting"`
			Proposals []struct {
				ProviderName string    `json:"provider_name"`
				Start        time.Time `json:"start"`
				End          time.Time `json:"end"`
			} `json:"proposals"`
		} `json:"state"`
		Booking *struct {
			ID          string `json:"id"`
			Status      string `json:"status"`
			ManageToken string `json:"manage_token"`
		} `json:"booking"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("decode answer: %w", err)
	}
	if c.id == "" {
		c.id, c.token = out.SessionID, out.SessionToken
	}
	v := &turnView{Reply: out.Reply, Language: out.Language}
	if out.State.Awaiting == dialogue.AwaitSlotChoice {
		for _, p := range out.State.Proposals {
			v.Proposals = append(v.Proposals, proposalView{Provider: p.ProviderName, Start: p.Start, End: p.End})
		}
	}
	if b := out.Booking; b != nil {
		v.Booking = &bookingView{ID: b.ID, Status: b.Status, Token: b.ManageToken}
	}
	return v, nil
}
