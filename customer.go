package rendezvous

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// Bounds on customer fields. They keep storage, logs and replies small and
// are part of the documented API.
const (
	MaxNameLength  = 100
	MaxEmailLength = 254 // RFC 5321 path limit
	MaxPhoneLength = 32
)

// Customer is the person an appointment is for. Rendezvous never makes
// customer data up: every field comes from the customer.
type Customer struct {
	Name  string
	Email string // normalised: trimmed, lower case
	Phone string // normalised: E.164, e.g. +33612345678
}

// NormalizeCustomer validates c and returns it normalised. Phone numbers
// written without a country code are read as numbers of defaultRegion (an
// ISO 3166 code such as "FR" or "CA"). It returns an EINVALID error listing
// every bad field.
func NormalizeCustomer(c Customer, defaultRegion string) (Customer, error) {
	var fields []FieldError
	name, err := NormalizeName(c.Name)
	if err != nil {
		fields = append(fields, FieldError{Field: "customer.name", Message: err.Error()})
	}
	email, err := NormalizeEmail(c.Email)
	if err != nil {
		fields = append(fields, FieldError{Field: "customer.email", Message: err.Error()})
	}
	phone, err := NormalizePhone(c.Phone, defaultRegion)
	if err != nil {
		fields = append(fields, FieldError{Field: "customer.phone", Message: err.Error()})
	}
	if err := ValidationError(fields); err != nil {
		return Customer{}, err
	}
	return Customer{Name: name, Email: email, Phone: phone}, nil
}

// fieldError is a plain validation message; NormalizeCustomer attaches the
// field name.
type fieldError string

func (e fieldError) Error() string { return string(e) }

// NormalizeName trims a person's name and checks that it is non-empty,
// bounded, and free of control characters.
func NormalizeName(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fieldError("must be valid UTF-8 text")
	}
	s = strings.Join(strings.Fields(s), " ")
	switch {
	case s == "":
		return "", fieldError("is required")
	case utf8.RuneCountInString(s) > MaxNameLength:
		return "", fieldError("must be at most 100 characters")
	}
	letters := 0
	for _, r := range s {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return "", fieldError("must not contain control characters")
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters == 0 {
		return "", fieldError("must contain letters")
	}
	return s, nil
}

// NormalizeEmail checks the syntax of a bare email address (no display
// name) and returns it trimmed and in lower case, so that a customer finds
// their bookings however they capitalise it.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fieldError("is required")
	}
	if len(s) > MaxEmailLength {
		return "", fieldError("must be at most 254 characters")
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return "", fieldError("must be an email address such as name@example.com")
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if local == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") ||
		strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") || strings.HasPrefix(domain, "[") {
		return "", fieldError("must be an email address such as name@example.com")
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f {
			return "", fieldError("must be an email address such as name@example.com")
		}
	}
	return strings.ToLower(s), nil
}

// NormalizePhone parses a phone number with libphonenumber's rules and
// returns it in E.164. A number without a country code is read as a number
// of defaultRegion ("06 12 34 56 78" in "FR" is +33612345678).
func NormalizePhone(s, defaultRegion string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fieldError("is required")
	}
	if len(s) > MaxPhoneLength {
		return "", fieldError("must be at most 32 characters")
	}
	if defaultRegion == "" {
		defaultRegion = "FR"
	}
	num, err := phonenumbers.Parse(s, strings.ToUpper(defaultRegion))
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", fieldError("must be a valid phone number, such as 06 12 34 56 78 or +33 6 12 34 56 78")
	}
	return phonenumbers.Format(num, phonenumbers.E164), nil
}
