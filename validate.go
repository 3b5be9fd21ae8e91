package rendezvous

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Bounds of the directory, enforced here and by the databases' own
// constraints. A booking blocks at most MaxServiceDuration+MaxBuffer, which
// lets every overlap search look back a bounded time.
const (
	MaxServiceDuration = 12 * time.Hour
	MaxBuffer          = 12 * time.Hour
	MaxBlockedSpan     = MaxServiceDuration + MaxBuffer
	MaxHorizon         = 2 * 365 * 24 * time.Hour
	MaxProviderName    = 200
	MaxCityName        = 100
	MaxAddress         = 300
	MaxServiceName     = 200
	MaxLanguages       = 10
)

// ValidateProvider checks a provider's fields (not its services) and
// returns an EINVALID error listing every bad one.
func ValidateProvider(p *Provider) error {
	var fields []FieldError
	bad := func(field, msg string) { fields = append(fields, FieldError{Field: field, Message: msg}) }
	checkText(bad, "name", p.Name, MaxProviderName, true)
	checkText(bad, "city", p.City, MaxCityName, true)
	checkText(bad, "address", p.Address, MaxAddress, false)
	if !p.Kind.Valid() {
		bad("kind", fmt.Sprintf("must be one of %s", kindList()))
	}
	if _, err := LoadLocation(p.TimeZone); err != nil {
		bad("timezone", "must be an IANA time zone such as Europe/Paris")
	}
	if len(p.Languages) > MaxLanguages {
		bad("languages", "too many languages")
	}
	for i, l := range p.Languages {
		if len(l) != 2 || strings.ToLower(l) != l || strings.Trim(l, "abcdefghijklmnopqrstuvwxyz") != "" {
			bad(fmt.Sprintf("languages[%d]", i), "must be a two-letter ISO 639-1 code such as fr")
		}
	}
	pol := p.Policy
	if pol.Buffer < 0 || pol.Buffer > MaxBuffer || pol.Buffer%time.Minute != 0 {
		bad("policy.buffer_minutes", "must be whole minutes between 0 and 720")
	}
	if pol.MinNotice < 0 || pol.MinNotice > MaxHorizon || pol.MinNotice%time.Minute != 0 {
		bad("policy.min_notice_minutes", "must be whole minutes, not negative")
	}
	if pol.Horizon <= 0 || pol.Horizon > MaxHorizon || pol.Horizon%time.Minute != 0 {
		bad("policy.horizon_days", "must be between 1 and 730 days")
	}
	if pol.SlotStep < 5*time.Minute || pol.SlotStep > 4*time.Hour || pol.SlotStep%time.Minute != 0 {
		bad("policy.slot_step_minutes", "must be whole minutes between 5 and 240")
	}
	return ValidationError(fields)
}

// ValidateService checks a service's fields.
func ValidateService(s *Service) error {
	var fields []FieldError
	bad := func(field, msg string) { fields = append(fields, FieldError{Field: field, Message: msg}) }
	checkText(bad, "name", s.Name, MaxServiceName, true)
	if s.Duration <= 0 || s.Duration > MaxServiceDuration || s.Duration%time.Minute != 0 {
		bad("duration_minutes", "must be whole minutes between 1 and 720")
	}
	if s.PriceCents < 0 || s.PriceCents > 100_000_000 {
		bad("price_cents", "must be between 0 and 100000000")
	}
	return ValidationError(fields)
}

// ValidateTimeOff checks an absence.
func ValidateTimeOff(off *TimeOff) error {
	var fields []FieldError
	if off.Start.IsZero() || off.End.IsZero() || !off.End.After(off.Start) {
		fields = append(fields, FieldError{Field: "end", Message: "must be after start"})
	}
	if off.End.Sub(off.Start) > MaxHorizon {
		fields = append(fields, FieldError{Field: "end", Message: "time off longer than two years"})
	}
	if utf8.RuneCountInString(off.Reason) > 200 || !utf8.ValidString(off.Reason) {
		fields = append(fields, FieldError{Field: "reason", Message: "must be valid text of at most 200 characters"})
	} else if strings.ContainsFunc(off.Reason, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		// Like every other text of the directory (checkText); PostgreSQL
		// cannot even store a NUL, which made this a 500 there.
		fields = append(fields, FieldError{Field: "reason", Message: "must not contain control characters"})
	}
	return ValidationError(fields)
}

func checkText(bad func(field, msg string), field, v string, max int, required bool) {
	switch {
	case !utf8.ValidString(v):
		bad(field, "must be valid UTF-8 text")
	case required && strings.TrimSpace(v) == "":
		bad(field, "is required")
	case utf8.RuneCountInString(v) > max:
		bad(field, fmt.Sprintf("must be at most %d characters", max))
	case strings.ContainsFunc(v, func(r rune) bool { return r < ' ' || r == 0x7f }):
		bad(field, "must not contain control characters")
	}
}

func kindList() string {
	names := make([]string, 0, len(Kinds()))
	for _, k := range Kinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

// ValidateNewProvider checks a provider and each of its services, as
// stores do before creating them.
func ValidateNewProvider(p *Provider) error {
	if err := ValidateProvider(p); err != nil {
		return err
	}
	for i := range p.Services {
		if err := ValidateService(&p.Services[i]); err != nil {
			return err
		}
	}
	return nil
}

// CheckText checks a free text as the directory's texts are checked:
// valid UTF-8, at most max characters, no control characters, and not
// blank when required. It returns the field's errors, none when it
// passes.
func CheckText(field, v string, max int, required bool) []FieldError {
	var out []FieldError
	checkText(func(f, msg string) { out = append(out, FieldError{Field: f, Message: msg}) }, field, v, max, required)
	return out
}
