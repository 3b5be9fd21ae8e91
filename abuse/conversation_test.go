package abuse_test

import (
	"fmt"
	"strings"
	"time"
)

// chatAnswer is the agent's answer to one message.
type chatAnswer struct {
	SessionID    string `json:"session_id"`
	SessionToken string `json:"session_token"`
	Reply        string `json:"reply"`
	State        struct {
		Awaiting string `json:"awaiting"`
	} `json:"state"`
	Actions []string    `json:"actions"`
	Booking *bookingOut `json:"booking"`
}

// bookingOut is a booking as the API shows it.
type bookingOut struct {
	ID          string    `json:"id"`
	Status      string    `json:"status"`
	ProviderID  int64     `json:"provider_id"`
	ServiceID   int64     `json:"service_id"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	ManageToken string    `json:"manage_token"`
	Customer    struct {
		Name  string `json:"name"`
		Email string `json:"email"`
		Phone string `json:"phone"`
	} `json:"customer"`
}

// retryPause is how long a customer waits when the agent asks to try
// again.
const retryPause = 500 * time.Millisecond

// customer is who a conversation books for.
type customer struct{ Name, Email, Phone string }

// conversation holds one booking conversation through /v1/chat, from one
// client address, answering what the agent waits for until it books.
type conversation struct {
	c        *client
	addr     string
	who      customer
	maxTurns int

	session, token string
	Turns          int
	Retries        int         // messages sent again when the agent asked to
	Last           string      // the agent's last reply and what it awaited
	Booking        *bookingOut // the booking the agent acknowledged
}

// run sends opening (which opens a session, unless the conversation has
// one already), then answers the agent until it books or maxTurns
// messages have been sent. Every turn must be answered 200; any other
// answer or a timeout is an error.
func (cv *conversation) run(opening string) error {
	msg := opening
	for cv.Turns < cv.maxTurns {
		a, err := cv.send(msg)
		if err != nil {
			return err
		}
		if a.Booking != nil && contains(a.Actions, "booked") {
			cv.Booking = a.Booking
			return nil
		}
		cv.Last = fmt.Sprintf("%q [%s]", a.Reply, a.State.Awaiting)
		if strings.Contains(a.Reply, "try again") {
			// "The booking system is slow to answer right now. Please try
			// again in a moment": a customer would.
			cv.Retries++
			time.Sleep(retryPause)
			continue
		}
		next, ok := cv.reply(a.State.Awaiting)
		if !ok {
			return nil // the agent waits for nothing we can give: no booking
		}
		msg = next
	}
	return nil
}

// reply is what the customer says when the agent waits for awaiting.
func (cv *conversation) reply(awaiting string) (string, bool) {
	switch awaiting {
	case "slot_choice":
		return "the first one", true
	case "name":
		return cv.who.Name, true
	case "email":
		return cv.who.Email, true
	case "phone":
		return cv.who.Phone, true
	case "confirmation":
		return "yes", true
	case "kind":
		return "a dentist", true
	case "city":
		return "in Lyon", true
	case "date":
		return "next Tuesday", true
	case "time":
		return "at 10:00", true
	}
	return "", false
}

func (cv *conversation) send(msg string) (chatAnswer, error) {
	body := map[string]string{"message": msg}
	headers := from(cv.addr)
	if cv.session != "" {
		body["session_id"] = cv.session
		headers = append(headers, bearer(cv.token)...)
	}
	cv.Turns++
	a, err := cv.c.Post("/v1/chat", body, headers...)
	if err != nil {
		return chatAnswer{}, fmt.Errorf("turn %d %q: %w", cv.Turns, msg, err)
	}
	if a.Status != 200 {
		return chatAnswer{}, fmt.Errorf("turn %d %q: %s", cv.Turns, msg, a)
	}
	var out chatAnswer
	if err := a.Decode(&out); err != nil {
		return chatAnswer{}, err
	}
	if cv.session == "" {
		cv.session, cv.token = out.SessionID, out.SessionToken
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
