package fake

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// RespondTool is the name of the tool through which the Understanding
// script answers.
const RespondTool = "respond"

// Respond is the input of the respond tool call of the Understanding
// script: what the last user message means. Empty fields are omitted; Date
// is YYYY-MM-DD, Time HH:MM; Choice is 1-based, -1 for "the last one".
type Respond struct {
	Intent           string `json:"intent,omitempty"`
	Kind             string `json:"kind,omitempty"`
	Unoffered        string `json:"unoffered,omitempty"`
	Question         string `json:"question,omitempty"`
	City             string `json:"city,omitempty"`
	ProviderName     string `json:"provider_name,omitempty"`
	Date             string `json:"date,omitempty"`
	Time             string `json:"time,omitempty"`
	TimeApprox       bool   `json:"time_approx,omitempty"`
	PartOfDay        string `json:"part_of_day,omitempty"`
	Choice           int    `json:"choice,omitempty"`
	Name             string `json:"name,omitempty"`
	Email            string `json:"email,omitempty"`
	Phone            string `json:"phone,omitempty"`
	BookingReference string `json:"booking_reference,omitempty"`
	Correction       bool   `json:"correction,omitempty"`
	Language         string `json:"language,omitempty"`
	DateEnd          string `json:"date_end,omitempty"`
	TimeFrom         string `json:"time_from,omitempty"`
	TimeTo           string `json:"time_to,omitempty"`
	NotDate          string `json:"not_date,omitempty"`
	Refine           string `json:"refine,omitempty"`
}

// RespondOf turns what the understanding read into the respond tool's
// input.
func RespondOf(r understand.Result) Respond {
	out := Respond{
		Intent:           string(r.Intent),
		Kind:             string(r.Kind),
		Unoffered:        string(r.Unoffered),
		Question:         string(r.Question),
		City:             r.City,
		ProviderName:     r.ProviderName,
		TimeApprox:       r.TimeApprox,
		PartOfDay:        string(r.PartOfDay),
		Choice:           r.Choice,
		Name:             r.Name,
		Email:            r.Email,
		Phone:            r.Phone,
		BookingReference: r.BookingRef,
		Correction:       r.Correction,
		Language:         string(r.Language),
	}
	if r.Date != nil {
		out.Date = r.Date.String()
	}
	if r.Time != nil {
		out.Time = r.Time.String()
	}
	if r.DateEnd != nil {
		out.DateEnd = r.DateEnd.String()
	}
	if r.Window != nil {
		out.TimeFrom = r.Window.From.String()
		if r.Window.To < 24*60 {
			out.TimeTo = r.Window.To.String()
		}
	}
	if r.NotDate != nil {
		out.NotDate = r.NotDate.String()
	}
	out.Refine = string(r.Refine)
	return out
}

// Understanding plays a model that reads the last user message with the
// embedded understanding u and answers with one call of the respond tool
// (see Respond). The request must offer the respond tool, and every field
// sent must be one of the tool schema's properties when it lists them.
//
// The understanding's Context comes from the line of the system prompt of
// the form
//
//	Awaiting: <value>; Language: <lang>; Now: <RFC3339>; TimeZone: <IANA>
//
// (any part may be left out; Language is en, fr, or unknown for none; with
// no such line, the context is empty and Now is the current time). When the last user message holds only tool
// results, the model has nothing left to read: it answers with the text
// "Done." and ends its turn.
func Understanding(u *understand.Understander) Script {
	return func(req Request) (Reply, error) {
		tool, ok := req.Tool(RespondTool)
		if !ok {
			return Reply{}, errors.New("fake: Understanding needs a respond tool, and the request offers none")
		}
		last := req.Last()
		if last.Role != "user" {
			return Reply{}, fmt.Errorf("fake: Understanding needs a user message last, got %q", last.Role)
		}
		text := last.Text()
		if text == "" {
			return Text("Done."), nil
		}
		c, err := ContextFromSystem(req.System)
		if err != nil {
			return Reply{}, err
		}
		input := RespondOf(u.Understand(c, text))
		if err := fitsSchema(input, tool.Parameters); err != nil {
			return Reply{}, err
		}
		return Call(RespondTool, input), nil
	}
}

// ContextFromSystem reads the understanding's Context from the line
// "Awaiting: <value>; Language: <lang>; Now: <RFC3339>; TimeZone: <IANA>[; Discussed: <YYYY-MM-DD> [HH:MM]]"
// of a system prompt (Language "unknown" is none). It returns an empty Context when there is no such
// line, and an error when a part of it cannot be read.
func ContextFromSystem(system string) (understand.Context, error) {
	var c understand.Context
	for _, line := range strings.Split(system, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "Awaiting:") {
			continue
		}
		for _, part := range strings.Split(line, ";") {
			key, value, ok := strings.Cut(part, ":")
			if !ok {
				return c, fmt.Errorf("fake: context line %q: part %q has no colon", line, part)
			}
			value = strings.TrimSpace(value)
			switch strings.TrimSpace(key) {
			case "Awaiting":
				c.Awaiting = value
			case "Language":
				switch lang := understand.Language(value); lang {
				case understand.English, understand.French:
					c.Language = lang
				case "", "unknown":
				default:
					return c, fmt.Errorf("fake: context line: Language: %q is not en, fr or unknown", value)
				}
			case "Now":
				if value == "" {
					continue
				}
				now, err := time.Parse(time.RFC3339, value)
				if err != nil {
					return c, fmt.Errorf("fake: context line: Now: %w", err)
				}
				c.Now = now
			case "TimeZone":
				if value == "" {
					continue
				}
				loc, err := time.LoadLocation(value)
				if err != nil {
					return c, fmt.Errorf("fake: context line: TimeZone: %w", err)
				}
				c.Location = loc
			case "Discussed":
				day, at, _ := strings.Cut(value, " ")
				d, err := time.Parse("2006-01-02", day)
				if err != nil {
					return c, fmt.Errorf("fake: context line: Discussed: %w", err)
				}
				c.RefDate = &understand.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()}
				if at != "" {
					t, err := rendezvous.ParseClockTime(at)
					if err != nil {
						return c, fmt.Errorf("fake: context line: Discussed: %w", err)
					}
					c.RefTime = &t
				}
			default:
				return c, fmt.Errorf("fake: context line %q: unknown part %q", line, key)
			}
		}
		return c, nil
	}
	return c, nil
}

// fitsSchema checks that every field of input is a property of the schema,
// when the schema lists its properties.
func fitsSchema(input Respond, schema map[string]any) error {
	props, ok := schema["properties"].(map[string]any)
	if !ok {
		return nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(mustJSON(input), &fields); err != nil {
		return fmt.Errorf("fake: %w", err)
	}
	for name := range fields {
		if _, ok := props[name]; !ok {
			return fmt.Errorf("fake: the respond tool's schema has no property %q", name)
		}
	}
	return nil
}
