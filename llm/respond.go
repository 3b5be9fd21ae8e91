package llm

import (
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/schema"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// respondTool is the tool with which the model answers.
const respondTool = "respond"

// RespondArgs is the model's interpretation of a message. Its JSON Schema
// is the respond tool's input.
type RespondArgs struct {
	Intent           string              `json:"intent" enum:"find_provider,ask_availability,book,cancel,reschedule,my_bookings,inform,affirm,deny,choose,greet,thanks,help,out_of_scope"`
	Language         string              `json:"language,omitempty" enum:"en,fr"`
	Kind             rendezvous.Kind     `json:"kind,omitempty"`
	Unoffered        understand.Trade    `json:"unoffered,omitempty" doc:"a trade asked for that is none of the kinds (an osteopath, a vet, a plumber); never with kind"`
	Question         understand.Question `json:"question,omitempty" doc:"what the message asks about the appointment discussed: its price, its length or its address"`
	City             string              `json:"city,omitempty"`
	ProviderName     string              `json:"provider_name,omitempty"`
	Date             string              `json:"date,omitempty" doc:"YYYY-MM-DD"`
	Time             string              `json:"time,omitempty" doc:"HH:MM, 24-hour"`
	TimeApprox       bool                `json:"time_approx,omitempty"`
	PartOfDay        string              `json:"part_of_day,omitempty" enum:"morning,afternoon,evening"`
	Choice           int                 `json:"choice,omitempty" doc:"1-based number of the proposal picked; -1 for the last"`
	Name             string              `json:"name,omitempty" doc:"the customer's own name, exactly as written in the message"`
	Email            string              `json:"email,omitempty" doc:"exactly as written in the message"`
	Phone            string              `json:"phone,omitempty" doc:"exactly as written in the message"`
	BookingReference string              `json:"booking_reference,omitempty" doc:"like RDV-7K3M9QXW2A"`
	Correction       bool                `json:"correction,omitempty"`
	// What the embedded understanding reads beyond one day and time: a
	// span of days, a window of the day, a day ruled out, a follow-up on
	// the slots proposed.
	DateEnd  string `json:"date_end,omitempty" doc:"YYYY-MM-DD: the last day of a span of days the message names (next week, ce week-end), date being its first"`
	TimeFrom string `json:"time_from,omitempty" doc:"HH:MM: the start of the stretch of the day the appointment should start in (after 5, entre 14h et 16h, lunchtime)"`
	TimeTo   string `json:"time_to,omitempty" doc:"HH:MM: the end of that stretch, excluded"`
	NotDate  string `json:"not_date,omitempty" doc:"YYYY-MM-DD: a day the customer rules out (not Monday, pas lundi)"`
	Refine   string `json:"refine,omitempty" enum:"later,earlier,other_days" doc:"a follow-up on the slots proposed: anything later? plus tôt ? other days?"`
}

var (
	refRe = regexp.MustCompile(`^RDV-[0-9A-HJKMNP-TV-Z]{10}$`)
)

func knownIntent(s string) (understand.Intent, bool) {
	switch i := understand.Intent(s); i {
	case understand.IntentFindProvider, understand.IntentAskAvailability, understand.IntentBook, understand.IntentCancel,
		understand.IntentReschedule, understand.IntentMyBookings, understand.IntentInform, understand.IntentAffirm,
		understand.IntentDeny, understand.IntentChoose, understand.IntentGreet, understand.IntentThanks,
		understand.IntentHelp, understand.IntentOutOfScope:
		return i, true
	}
	return "", false
}

// interpretation turns the model's answer into a Result, keeping only
// what the message supports: a model may misread, and text it was shown
// may try to steer it, so customer details that do not appear in the
// message itself are dropped (nothing is ever made up), and every value is
// checked for form and bounds.
func interpretation(raw json.RawMessage, message string) (understand.Result, error) {
	var a RespondArgs
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		// The decoder's error may quote the model (an unknown field's name).
		return understand.Result{}, &respondError{what: "malformed arguments", size: len(raw)}
	}
	intent, ok := knownIntent(a.Intent)
	if !ok {
		return understand.Result{}, &respondError{what: "unknown intent", size: len(raw)}
	}
	r := understand.Result{Intent: intent, TimeApprox: a.TimeApprox, Correction: a.Correction}
	switch a.Language {
	case "en":
		r.Language = understand.English
	case "fr":
		r.Language = understand.French
	}
	if k := a.Kind; k.Valid() {
		r.Kind = k
	} else if slices.Contains(understand.Trades(), a.Unoffered) {
		r.Unoffered = a.Unoffered
	}
	if slices.Contains(understand.Question("").JSONSchemaEnum(), string(a.Question)) {
		r.Question = a.Question
	}
	r.City = bounded(a.City, rendezvous.MaxCityName)
	r.ProviderName = bounded(a.ProviderName, rendezvous.MaxProviderName)
	if d, err := time.Parse("2006-01-02", a.Date); err == nil {
		r.Date = &understand.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()}
	}
	if c, err := rendezvous.ParseClockTime(a.Time); err == nil && c < 24*60 {
		r.Time = &c
	} else {
		r.TimeApprox = false
	}
	switch a.PartOfDay {
	case "morning", "afternoon", "evening":
		r.PartOfDay = understand.PartOfDay(a.PartOfDay)
	}
	if r.Date != nil {
		if d, err := time.Parse("2006-01-02", a.DateEnd); err == nil {
			end := understand.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()}
			// A span is at most a few weeks, and never ends before it starts.
			if !end.Before(*r.Date) && d.Sub(time.Date(r.Date.Year, r.Date.Month, r.Date.Day, 0, 0, 0, 0, time.UTC)) <= 31*24*time.Hour {
				r.DateEnd = &end
			}
		}
	}
	from, errFrom := rendezvous.ParseClockTime(a.TimeFrom)
	to, errTo := rendezvous.ParseClockTime(a.TimeTo)
	switch {
	case errFrom == nil && errTo == nil && from < to && to <= 24*60:
		r.Window = &understand.ClockRange{From: from, To: to}
	case errFrom == nil && a.TimeTo == "" && from < 24*60:
		r.Window = &understand.ClockRange{From: from, To: 24 * 60}
	case errTo == nil && a.TimeFrom == "" && to > 0 && to <= 24*60:
		r.Window = &understand.ClockRange{From: 0, To: to}
	}
	if d, err := time.Parse("2006-01-02", a.NotDate); err == nil {
		r.NotDate = &understand.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()}
	}
	switch understand.Refinement(a.Refine) {
	case understand.RefineLater, understand.RefineEarlier, understand.RefineOtherDays:
		r.Refine = understand.Refinement(a.Refine)
	}
	if a.Choice == -1 || (a.Choice >= 1 && a.Choice <= 20) {
		r.Choice = a.Choice
	}
	if ref := strings.ToUpper(strings.TrimSpace(a.BookingReference)); refRe.MatchString(ref) && strings.Contains(strings.ToUpper(compact(message)), strings.ReplaceAll(ref, "-", "")) {
		r.BookingRef = ref
	}
	folded := strings.ToLower(message)
	if n := strings.TrimSpace(a.Name); n != "" && len(n) <= rendezvous.MaxNameLength && wordsIn(n, folded) {
		r.Name = n
	}
	if e := strings.TrimSpace(a.Email); e != "" && strings.Contains(folded, strings.ToLower(e)) {
		r.Email = e
	}
	if p := strings.TrimSpace(a.Phone); p != "" && digits(p) != "" && strings.Contains(digits(message), digits(p)) {
		r.Phone = p
	}
	return r, nil
}

func bounded(s string, n int) string {
	s = strings.TrimSpace(s)
	if len([]rune(s)) > n {
		return ""
	}
	return s
}

// wordsIn reports whether every word of name appears in the message.
func wordsIn(name, folded string) bool {
	for _, w := range strings.Fields(strings.ToLower(name)) {
		if !strings.Contains(folded, w) {
			return false
		}
	}
	return true
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// compact drops spaces and dashes ("rdv 7k3m…" → "RDV7K3M…").
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s)
}

// respondSchema is the JSON Schema of the respond tool's input.
func respondSchema() map[string]any {
	return schema.NewInline().Of(reflect.TypeOf(RespondArgs{}))
}
