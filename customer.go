package rendezvous

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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
	Name  string // normalised: single spaces, NFC, nothing invisible
	Email string // normalised: ASCII, lower case, the domain as an IDNA A-label
	Phone string // normalised: E.164, e.g. +33612345678
}

// NormalizeCustomer validates c and returns it normalised. Phone numbers
// written without a country code are read as numbers of the first of
// regions (ISO 3166 codes such as "FR" or "CA") in which they are valid
// (see NormalizePhone). It returns an EINVALID error listing every bad
// field.
func NormalizeCustomer(c Customer, regions ...string) (Customer, error) {
	var fields []FieldError
	name, err := NormalizeName(c.Name)
	if err != nil {
		fields = append(fields, FieldError{Field: "customer.name", Message: err.Error()})
	}
	email, err := NormalizeEmail(c.Email)
	if err != nil {
		fields = append(fields, FieldError{Field: "customer.email", Message: err.Error()})
	}
	phone, err := NormalizePhone(c.Phone, regions...)
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

// NormalizeName returns a person's name with runs of white space made
// single spaces and in Unicode NFC (so that a name typed with combining
// accents is stored as the same characters as one typed precomposed),
// and checks that it is non-empty, at most MaxNameLength characters, has
// letters, and is free of control characters, of invisible characters
// (zero-width spaces, the byte-order mark, fillers, variation selectors,
// private-use and unassigned code points) and of bidirectional controls,
// which would make it display otherwise than it is stored. The zero-width
// non-joiner and joiner are kept only between two letters of a script
// that spells with them (a Persian name's ZWNJ). A word may not begin
// with a combining mark, nor a letter carry more than four.
//
// It is deliberately permissive about what a name is: people's names are
// too diverse for rules (digits, single letters, words of any language),
// and the API gets a field that its client says is a name. The chat reads
// free text, where "I'm visiting Lyon" holds no name: there the
// understanding decides first whether words look like a person's name
// (understand.LooksLikeName and the rule in understand/person.go), then
// this function normalises what it kept.
func NormalizeName(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fieldError("must be valid UTF-8 text")
	}
	s = norm.NFC.String(strings.Join(strings.Fields(s), " "))
	switch {
	case s == "":
		return "", fieldError("is required")
	case utf8.RuneCountInString(s) > MaxNameLength:
		return "", fieldError("must be at most 100 characters")
	}
	if msg := checkNameRunes(s); msg != "" {
		return "", fieldError(msg)
	}
	return s, nil
}

// NormalizeEmail checks a bare email address (no display name) and
// returns it as the key under which a customer finds their bookings:
// trimmed, the part before the @ in lower case, the domain as a lower-case
// IDNA A-label ("Marie@Müller.de" → "marie@xn--mller-kva.de").
//
// Distinct addresses must never fold onto one, so it refuses rather than
// maps anything that could: an address that Unicode compatibility
// normalisation (NFKC) changes, or that holds a character canonical
// normalisation replaces (the Kelvin sign "K", full-width letters,
// ligatures), invisible characters and bidirectional controls, a domain
// letter whose lower case is ASCII (the Turkish İ), and a domain that IDNA
// would have to map. The part before the @ must be ASCII, as in HTML's
// email input: internationalised mailboxes (SMTPUTF8) are rare, many mail
// relays refuse them, and their case folding depends on the language.
func NormalizeEmail(s string) (string, error) {
	bad := fieldError("must be an email address such as name@example.com")
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fieldError("is required")
	}
	if len(s) > MaxEmailLength {
		return "", fieldError("must be at most 254 characters")
	}
	if !utf8.ValidString(s) {
		return "", bad
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || hidden(r) {
			return "", bad
		}
		// NFC itself replaces a few characters by others (the Kelvin sign
		// by K, the ångström sign by Å): those are look-alikes too.
		if one := string(r); norm.NFC.String(one) != one {
			return "", fieldError("must be written with ordinary letters, not full-width or look-alike ones")
		}
	}
	s = norm.NFC.String(s) // only composes: "u" and a combining diaeresis are "ü"
	if norm.NFKC.String(s) != s {
		return "", fieldError("must be written with ordinary letters, not full-width or look-alike ones")
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return "", bad
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if !isASCII(local) {
		return "", fieldError("must use only ASCII letters, digits and punctuation before the @")
	}
	domain, ok := asciiDomain(domain)
	if local == "" || !ok || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") ||
		strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return "", bad
	}
	out := strings.ToLower(local) + "@" + domain
	if len(out) > MaxEmailLength {
		return "", fieldError("must be at most 254 characters")
	}
	return out, nil
}
