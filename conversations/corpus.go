package conversations

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// The corpus: scripted conversations kept as data, one JSON file per
// category under testdata/corpus, played over HTTP on a fresh site each
// (see corpus_play.go) and checked through the API. The format is
// documented in testdata/corpus/README.md.

// Corpus outcomes (Expect.Outcome).
const (
	OutcomeBooked    = "booked"    // one booking made, as expected
	OutcomeCancelled = "cancelled" // the booking concerned cancelled
	OutcomeMoved     = "moved"     // the booking concerned moved, not rebooked
	OutcomeNothing   = "nothing"   // nothing booked, cancelled or moved
)

// CorpusConversation is one conversation of the corpus.
type CorpusConversation struct {
	// Name is Language/Topic/Case: EN, FR or Mixed first.
	Name string `json:"name"`
	// Category is the file it comes from (safety, windows…).
	Category string `json:"-"`
	// Now, when set, pins the site's clock elsewhere than the World's
	// Monday 2026-11-23 08:00 in Paris (RFC 3339).
	Now string `json:"now,omitempty"`
	// Setup is a booking made through the API before the conversation:
	// the customer's booking "made on another day".
	Setup *CorpusSetup `json:"setup,omitempty"`
	// Messages are what the customer says, in order.
	Messages []CorpusStep `json:"messages"`
	Expect   CorpusExpect `json:"expect"`
	// KnownFailure marks a conversation the agent does not handle yet.
	KnownFailure *KnownFailure `json:"known_failure,omitempty"`
}

// Language is the conversation's language, read from the first part of
// its name: en, fr or mixed ("" for none of them).
func (c CorpusConversation) Language() string {
	switch first, _, _ := strings.Cut(c.Name, "/"); first {
	case "EN":
		return "en"
	case "FR":
		return "fr"
	case "Mixed":
		return "mixed"
	}
	return ""
}

// CorpusSetup is a booking made before the conversation, on the first
// free slot of a kind in a city from a day on (midnight in the city).
// Its reference and email are written {ref} (or {ref_lower}) and
// {email} in the messages.
type CorpusSetup struct {
	Kind  string `json:"kind"`
	City  string `json:"city"`
	After string `json:"after"` // YYYY-MM-DD
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// CorpusStep is a message. In the file it is a string, or an object
// whose message is sent only when the agent waits for If ("slot_choice",
// "name"…: the customer answers what is asked), and whose reply must
// mention each of Reply (alternatives separated by |) and be in
// Language.
type CorpusStep struct {
	Say      string   `json:"say"`
	If       string   `json:"if,omitempty"`
	Reply    []string `json:"reply,omitempty"`
	Language string   `json:"language,omitempty"`
}

// UnmarshalJSON reads a step from a string or an object.
func (s *CorpusStep) UnmarshalJSON(raw []byte) error {
	if bytes.HasPrefix(bytes.TrimSpace(raw), []byte(`"`)) {
		*s = CorpusStep{}
		return json.Unmarshal(raw, &s.Say)
	}
	type plain CorpusStep
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode((*plain)(s))
}

// CorpusExpect is what the conversation must leave behind, checked
// through the API. Empty fields are not checked.
type CorpusExpect struct {
	Outcome string `json:"outcome"`
	Kind    string `json:"kind,omitempty"`
	City    string `json:"city,omitempty"`
	// The day: Date, one of Dates, or from DateFrom to DateTo; never one
	// of NotDates.
	Date     string   `json:"date,omitempty"`
	Dates    []string `json:"dates,omitempty"`
	DateFrom string   `json:"date_from,omitempty"`
	DateTo   string   `json:"date_to,omitempty"`
	NotDates []string `json:"not_dates,omitempty"`
	// The start, in the provider's time zone: Time exactly, or From ≤
	// start < To (HH:MM; 24:00 ends the day).
	Time string `json:"time,omitempty"`
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Relative to what was proposed in reply to message n (from 1): a
	// start later (or earlier) than every slot proposed, a day none of
	// them was on, a provider none of them was with.
	LaterThan         int `json:"later_than,omitempty"`
	EarlierThan       int `json:"earlier_than,omitempty"`
	OtherDayThan      int `json:"other_day_than,omitempty"`
	OtherProviderThan int `json:"other_provider_than,omitempty"`
	// Proposal i (from 1) of those proposed in reply to message
	// ProposalOf (from 1).
	ProposalOf int `json:"proposal_of,omitempty"`
	Proposal   int `json:"proposal,omitempty"`
	// The provider: this one, or one of these.
	Provider  string   `json:"provider,omitempty"`
	Providers []string `json:"providers,omitempty"`
	// The customer, as the booking holds it (normalised).
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	// The last reply mentions each of Reply (alternatives separated by
	// |), and is in Language.
	Reply    []string `json:"reply,omitempty"`
	Language string   `json:"language,omitempty"`
}

// KnownFailure says why the agent does not handle a conversation yet:
// Cause groups the failures (the to-do list of the agent), Why is one
// line. A known failure that passes fails the test, so that the list
// stays honest.
type KnownFailure struct {
	Cause string `json:"cause"`
	Why   string `json:"why"`
}

// CorpusCategories returns the corpus' categories, one file each, in the
// order of the report.
func CorpusCategories() []string {
	return []string{
		"safety", "fields", "corrections", "windows", "relative", "followups", "providers", "phones", "citytime",
		"language", "kinds", "misunderstood", "manage", "texting", "journeys",
	}
}

// LoadCorpus reads every testdata/corpus/*.json of fsys (the package's
// folder: os.DirFS(".") in its tests) and checks it:
// known fields only, unique names, known categories, outcomes and
// awaited values, well-formed dates and times, and no known failure
// among the safety conversations.
func LoadCorpus(fsys fs.FS) ([]CorpusConversation, error) {
	names, err := fs.Glob(fsys, "testdata/corpus/*.json")
	if err != nil {
		return nil, err
	}
	var all []CorpusConversation
	seen := map[string]bool{}
	var errs []error
	for _, name := range names {
		category := strings.TrimSuffix(path.Base(name), ".json")
		if !slices.Contains(CorpusCategories(), category) {
			errs = append(errs, fmt.Errorf("%s: unknown category %q", name, category))
			continue
		}
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var file struct {
			Conversations []CorpusConversation `json:"conversations"`
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&file); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		for _, c := range file.Conversations {
			c.Category = category
			if seen[c.Name] {
				errs = append(errs, fmt.Errorf("%s: %q twice", name, c.Name))
			}
			seen[c.Name] = true
			if err := c.validate(); err != nil {
				errs = append(errs, fmt.Errorf("%s: %q: %w", name, c.Name, err))
			}
			all = append(all, c)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, errors.New("corpus: no conversation")
	}
	return all, nil
}

// validDate reports whether s is a YYYY-MM-DD date.
func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// validClock reports whether s is an HH:MM time of the day, or 24:00.
func validClock(s string) bool {
	_, err := time.Parse("15:04", s)
	return s == "24:00" || err == nil && len(s) == 5
}

// awaited reports whether s is a value of the chat API's state.awaiting.
func awaited(s string) bool {
	return slices.Contains(dialogue.AwaitValues(), s)
}

func (c CorpusConversation) validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Language() == "" {
		bad("the name must start with EN/, FR/ or Mixed/")
	}
	if c.Now != "" {
		if _, err := time.Parse(time.RFC3339, c.Now); err != nil {
			bad("now: %v", err)
		}
	}
	if len(c.Messages) == 0 {
		bad("no message")
	}
	for i, s := range c.Messages {
		if strings.TrimSpace(s.Say) == "" {
			bad("message %d is empty", i+1)
		}
		if s.If != "" && !awaited(s.If) {
			bad("message %d: unknown awaited value %q", i+1, s.If)
		}
		if s.Language != "" && s.Language != "en" && s.Language != "fr" {
			bad("message %d: language %q", i+1, s.Language)
		}
	}
	if st := c.Setup; st != nil {
		if !rendezvous.Kind(st.Kind).Valid() || st.City == "" || st.Email == "" || st.Name == "" || st.Phone == "" {
			bad("setup needs a kind, a city, a name, an email and a phone")
		}
		if !validDate(st.After) {
			bad("setup after %q: want YYYY-MM-DD", st.After)
		}
	}
	e := c.Expect
	if !slices.Contains([]string{OutcomeBooked, OutcomeCancelled, OutcomeMoved, OutcomeNothing}, e.Outcome) {
		bad("outcome %q: want booked, cancelled, moved or nothing", e.Outcome)
	}
	if e.Kind != "" && !rendezvous.Kind(e.Kind).Valid() {
		bad("kind %q", e.Kind)
	}
	for _, d := range append(append([]string{e.Date, e.DateFrom, e.DateTo}, e.Dates...), e.NotDates...) {
		if d != "" && !validDate(d) {
			bad("date %q: want YYYY-MM-DD", d)
		}
	}
	if (e.DateFrom == "") != (e.DateTo == "") {
		bad("date_from and date_to go together")
	}
	for _, t := range []string{e.Time, e.From, e.To} {
		if t != "" && !validClock(t) {
			bad("time %q: want HH:MM", t)
		}
	}
	if (e.From == "") != (e.To == "") || e.From != "" && e.From >= e.To {
		bad("from %q and to %q: a range of the day", e.From, e.To)
	}
	if (e.ProposalOf == 0) != (e.Proposal == 0) || e.Proposal < 0 {
		bad("proposal_of and proposal go together")
	}
	for _, n := range []int{e.LaterThan, e.EarlierThan, e.OtherDayThan, e.OtherProviderThan, e.ProposalOf} {
		if n < 0 || n > len(c.Messages) {
			bad("proposals of message %d: there are %d messages", n, len(c.Messages))
		}
	}
	if e.Language != "" && e.Language != "en" && e.Language != "fr" {
		bad("language %q", e.Language)
	}
	if c.KnownFailure != nil {
		if c.Category == "safety" {
			bad("a safety conversation is never a known failure")
		}
		if c.KnownFailure.Cause == "" || c.KnownFailure.Why == "" {
			bad("a known failure needs a cause and a reason")
		}
	}
	return errors.Join(errs...)
}
