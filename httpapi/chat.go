package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/chat"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// Chat runs conversations.
type Chat interface {
	Open(ctx context.Context, client, locale string) (*chat.Outcome, error)
	Start(ctx context.Context, client, message, locale string) (*chat.Outcome, error)
	Send(ctx context.Context, id, token, message, locale string) (*chat.Outcome, error)
	History(ctx context.Context, id, token string) (*chat.Transcript, error)
	Close(ctx context.Context, id, token string) error
	// Authorize checks a session token without doing anything.
	Authorize(id, token string) error
}

// ChatRequestJSON is one message to the agent.
type ChatRequestJSON struct {
	SessionID string `json:"session_id,omitempty" doc:"omit to open a new session; then send Authorization: Bearer <session_token> with every later message"`
	Message   string `json:"message" doc:"what the customer says, at most 1,000 characters"`
	Locale    string `json:"locale,omitempty" doc:"a hint such as fr or en-CA; the agent answers in the language of each message"`
}

// SessionRequestJSON opens a session.
type SessionRequestJSON struct {
	Locale string `json:"locale,omitempty"`
}

// ChatResponseJSON is the agent's answer.
type ChatResponseJSON struct {
	SessionID    string        `json:"session_id"`
	SessionToken string        `json:"session_token,omitempty" doc:"only when this request opened the session; keep it secret"`
	Reply        string        `json:"reply"`
	Language     string        `json:"language" enum:"en,fr"`
	State        ChatStateJSON `json:"state"`
	Actions      []string      `json:"actions" doc:"what the agent did this turn: searched_providers, checked_availability, booked, cancelled, rescheduled, listed_bookings"`
	Booking      *BookingJSON  `json:"booking,omitempty" doc:"the booking made, moved or cancelled this turn, with its manage token"`
}

// ChatStateJSON is what the agent knows and waits for.
type ChatStateJSON struct {
	Intent    string            `json:"intent"`
	Awaiting  dialogue.Awaited  `json:"awaiting"`
	Slots     map[string]string `json:"slots" doc:"what the conversation has established: kind, city, date, time, part_of_day, provider, name, email, phone, reference"`
	Proposals []SlotJSON        `json:"proposals"`
}

// SessionJSON is a session's history.
type SessionJSON struct {
	SessionID string        `json:"session_id"`
	CreatedAt time.Time     `json:"created_at"`
	ExpiresAt time.Time     `json:"expires_at"`
	Messages  []MessageJSON `json:"messages"`
	State     ChatStateJSON `json:"state"`
}

// MessageJSON is one line of a conversation.
type MessageJSON struct {
	Role string    `json:"role" enum:"user,agent"`
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}

func chatStateJSON(st *dialogue.State) ChatStateJSON {
	out := ChatStateJSON{Intent: st.Intent, Awaiting: dialogue.Awaited(st.Awaiting), Slots: map[string]string{}, Proposals: make([]SlotJSON, 0, len(st.Proposals))}
	if out.Awaiting == "" {
		out.Awaiting = dialogue.AwaitNothing
	}
	for _, kv := range [...]struct{ k, v string }{
		{"kind", st.Kind}, {"city", st.City}, {"date", st.Date}, {"time", st.Time}, {"part_of_day", st.PartOfDay},
		{"provider", st.ProviderName}, {"name", st.Customer.Name}, {"email", st.Customer.Email}, {"phone", st.Customer.Phone},
		{"reference", st.Reference},
	} {
		if kv.v != "" {
			out.Slots[kv.k] = kv.v
		}
	}
	if st.Chosen != nil {
		out.Slots["chosen_start"] = st.Chosen.Start.Format(time.RFC3339)
		out.Slots["chosen_provider"] = st.Chosen.ProviderName
	}
	for _, p := range st.Proposals {
		out.Proposals = append(out.Proposals, SlotJSON{ProviderID: p.ProviderID, ProviderName: p.ProviderName, ServiceID: p.ServiceID, Start: p.Start, End: p.End})
	}
	return out
}

func chatResponseJSON(o *chat.Outcome) ChatResponseJSON {
	st := o.State
	if st == nil {
		st = &dialogue.State{}
	}
	out := ChatResponseJSON{SessionID: o.SessionID, SessionToken: o.Token, Reply: o.Reply.Text, Language: st.Language,
		State: chatStateJSON(st), Actions: o.Reply.Actions}
	if out.Actions == nil {
		out.Actions = []string{}
	}
	if out.Language == "" {
		out.Language = "en"
	}
	if b := o.Reply.Booking; b != nil {
		out.Booking = &BookingJSON{ID: b.ID, Status: b.Status, ProviderID: b.ProviderID, ProviderName: b.ProviderName,
			ServiceID: b.ServiceID, ServiceName: b.ServiceName, Start: b.Start, End: b.End,
			Customer: CustomerJSON{Name: b.Customer.Name, Email: b.Customer.Email, Phone: b.Customer.Phone}, ManageToken: o.Reply.Token}
	}
	return out
}

// chatBodyLimit bounds chat request bodies.
const chatBodyLimit = 16 << 10

func (s *Server) postChat(w http.ResponseWriter, r *http.Request) error {
	var req ChatRequestJSON
	if err := decodeJSON(w, r, chatBodyLimit, &req); err != nil {
		return err
	}
	var (
		out *chat.Outcome
		err error
	)
	if err := s.limitChat(w, r, req.SessionID); err != nil {
		return err
	}
	if req.SessionID == "" {
		out, err = s.chat.Start(r.Context(), s.clientKey(r), req.Message, req.Locale)
	} else {
		out, err = s.chat.Send(r.Context(), req.SessionID, bearer(r), req.Message, req.Locale)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.writeAppended(w, http.StatusOK, chatResponseJSON(out))
	return nil
}

func (s *Server) postSession(w http.ResponseWriter, r *http.Request) error {
	var req SessionRequestJSON
	if err := decodeOptionalJSON(w, r, chatBodyLimit, &req); err != nil {
		return err
	}
	out, err := s.chat.Open(r.Context(), s.clientKey(r), req.Locale)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Location", "/v1/sessions/"+out.SessionID)
	s.writeAppended(w, http.StatusCreated, chatResponseJSON(out))
	return nil
}

// limitChat counts a chat request that the address ceiling (RateChat,
// counted before anything else) let through: a message without a session
// opens one, and counts against the sessions opened by the address; a
// request of a session counts against that session's budget once its
// token is verified, so that a forged or unknown session id reaches no
// budget but the address's.
func (s *Server) limitChat(w http.ResponseWriter, r *http.Request, sessionID string) error {
	if sessionID == "" {
		if bearer(r) != "" {
			return rendezvous.ValidationError([]rendezvous.FieldError{{Field: "session_id", Message: "is required with a session token"}})
		}
		return s.limitClient(w, r, RateSession)
	}
	if err := s.chat.Authorize(sessionID, bearer(r)); err != nil {
		return err
	}
	return s.rateLimit(w, r, RateChatSession, sessionID, 1)
}

func sessionIDParam(r *http.Request) (string, error) {
	id := r.PathValue("id")
	if !strings.HasPrefix(id, "ses_") || len(id) > 64 {
		return "", badParam("id", "is not a session id")
	}
	return id, nil
}

func (s *Server) getSession(w http.ResponseWriter, r *http.Request) error {
	id, err := sessionIDParam(r)
	if err != nil {
		return err
	}
	if err := s.limitChat(w, r, id); err != nil {
		return err
	}
	tr, err := s.chat.History(r.Context(), id, bearer(r))
	if err != nil {
		return err
	}
	out := SessionJSON{SessionID: tr.SessionID, CreatedAt: tr.CreatedAt.UTC(), ExpiresAt: tr.ExpiresAt.UTC(), State: chatStateJSON(&tr.State), Messages: []MessageJSON{}}
	for _, m := range tr.Messages {
		out.Messages = append(out.Messages, MessageJSON{Role: m.Role, Text: m.Text, At: m.At.UTC()})
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) deleteSession(w http.ResponseWriter, r *http.Request) error {
	id, err := sessionIDParam(r)
	if err != nil {
		return err
	}
	if err := s.limitChat(w, r, id); err != nil {
		return err
	}
	if err := s.chat.Close(r.Context(), id, bearer(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// chatRoutes are the conversation endpoints (only with a chat service).
func (s *Server) chatRoutes() []Endpoint {
	if s.chat == nil {
		return nil
	}
	sessionID := Param{Name: "id", In: "path", Type: "string", Required: true, Description: "session id"}
	return []Endpoint{
		{Method: "POST", Path: "/v1/chat", OperationID: "chat", RateClass: RateChat, Tag: "chat", Summary: "Send a message to the booking agent",
			Description: "Without session_id, opens a session and returns its session_token; later messages must send it as `Authorization: Bearer`. Rate limits: every request counts against its client address (class `chat`); a message without session_id also counts as a session opened (`session`), one with a session against that session (`chat_session`).",
			Body:        ChatRequestJSON{},
			Responses:   append([]Response{ok(200, "The agent's answer", ChatResponseJSON{})}, problems(400, 401, 404, 409, 413, 415, 422, 429)...), Handle: s.postChat},
		{Method: "POST", Path: "/v1/chat/stream", OperationID: "chatStream", RateClass: RateChat, Tag: "chat",
			Summary:     "Send a message; the answer comes as server-sent events",
			Description: "Events: `step` ({\"step\":\"tool:get_availability\"}, {\"step\":\"model\"}) while the agent works, `reply` ({\"delta\":\"…\"}) pieces of the answer, then `done` with the same JSON as /v1/chat, or `error` with a problem. Refusals before the stream starts (bad body, bad token, limits) are ordinary problem+json answers.",
			Body:        ChatRequestJSON{},
			Responses: append([]Response{{Status: 200, Description: "A text/event-stream of StreamEventJSON and ChatResponseJSON events", ContentType: "text/event-stream", Body: ""}},
				problems(400, 401, 404, 413, 415, 422, 429)...), Handle: s.postChatStream},
		{Method: "POST", Path: "/v1/sessions", OperationID: "openSession", RateClass: RateSession, Tag: "chat", Summary: "Open a chat session",
			Body:      SessionRequestJSON{},
			Responses: append([]Response{ok(201, "The session, its token and the agent's greeting", ChatResponseJSON{})}, problems(400, 413, 415, 429)...), Handle: s.postSession},
		{Method: "GET", Path: "/v1/sessions/{id}", OperationID: "getSession", RateClass: RateChat, Tag: "chat", Summary: "A session's messages", Auth: AuthSession,
			Params: []Param{sessionID}, Responses: append([]Response{ok(200, "The history", SessionJSON{})}, problems(400, 401, 404)...), Handle: s.getSession},
		{Method: "DELETE", Path: "/v1/sessions/{id}", OperationID: "deleteSession", RateClass: RateChat, Tag: "chat", Summary: "End a session and delete its messages", Auth: AuthSession,
			Params: []Param{sessionID}, Responses: append([]Response{{Status: 204, Description: "Deleted"}}, problems(400, 401)...), Handle: s.deleteSession},
	}
}
