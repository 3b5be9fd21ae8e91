package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/rendezvous-oss/rendezvous/chat"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// StreamEventJSON documents the events of /v1/chat/stream: `step` while
// the agent works ({"step":"tool:get_availability"} or {"step":"model"}),
// `reply` with pieces of the answer ({"delta":"…"}), then `done` with the
// whole ChatResponseJSON, or `error` with a Problem.
type StreamEventJSON struct {
	Step  string `json:"step,omitempty"`
	Delta string `json:"delta,omitempty"`
}

// postChatStream answers like postChat, as server-sent events. Everything
// that can be refused (body, session, token) is checked before the stream
// starts, so that those refusals are ordinary problem+json answers.
func (s *Server) postChatStream(w http.ResponseWriter, r *http.Request) error {
	var req ChatRequestJSON
	if err := decodeJSON(w, r, chatBodyLimit, &req); err != nil {
		return err
	}
	if err := s.limitChat(w, r, req.SessionID); err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // proxies must not hold the stream back
	w.WriteHeader(http.StatusOK)
	send := func(event string, v any) {
		data, err := json.Marshal(v)
		if err != nil {
			return
		}
		w.Write([]byte("event: " + event + "\ndata: " + string(data) + "\n\n"))
		rc.Flush()
	}
	send("step", StreamEventJSON{Step: "received"})
	ctx := dialogue.WithProgress(r.Context(), func(step string) { send("step", StreamEventJSON{Step: step}) })
	var (
		out *chat.Outcome
		err error
	)
	if req.SessionID == "" {
		out, err = s.chat.Start(ctx, s.clientKey(r), req.Message, req.Locale)
	} else {
		out, err = s.chat.Send(ctx, req.SessionID, bearer(r), req.Message, req.Locale)
	}
	if err != nil {
		p := problemOf(err)
		p.Type, p.Title, p.Instance, p.RequestID = "urn:rendezvous:problem:"+p.Code, titleOf(p.Code), r.URL.Path, requestIDFrom(r.Context())
		send("error", p)
		return nil
	}
	for _, piece := range pieces(out.Reply.Text) {
		send("reply", StreamEventJSON{Delta: piece})
	}
	send("done", chatResponseJSON(out))
	return nil
}

// pieces cuts a reply into a few chunks at spaces, for clients that
// render it as it comes.
func pieces(text string) []string {
	words := strings.SplitAfter(text, " ")
	var out []string
	for i := 0; i < len(words); i += 6 {
		out = append(out, strings.Join(words[i:min(i+6, len(words))], ""))
	}
	return out
}
