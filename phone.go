package rendezvous

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Phone numbers are read with libphonenumber's rules. A number written
// with its country code ("+41 79 123 45 67", "0041 79 123 45 67",
// "+41 (0)79 123 45 67") is read as such wherever the provider is. One
// written without it is tried in the regions given, in order, and the
// first in which it is a valid number wins; the callers pass the
// provider's region first (PhoneRegion), then the customer's, when they
// know it (PhoneRegions), so that a French mobile is taken for a booking
// in Montréal.

// PhoneRegion returns the region (ISO 3166-1) of the providers of a time
// zone, in which their customers' numbers are read first: CA for Montréal
// and Canada's other zones, US for the rest of America/, BE, CH, LU and GB
// for Brussels, Zurich, Luxembourg and London, FR otherwise.
func PhoneRegion(timeZone string) string {
	switch {
	case strings.HasPrefix(timeZone, "America/"):
		switch timeZone {
		case "America/Toronto", "America/Montreal", "America/Vancouver", "America/Edmonton", "America/Winnipeg",
			"America/Halifax", "America/St_Johns", "America/Regina":
			return "CA"
		}
		return "US"
	case timeZone == "Europe/Brussels":
		return "BE"
	case timeZone == "Europe/Zurich":
		return "CH"
	case timeZone == "Europe/Luxembourg":
		return "LU"
	case timeZone == "Europe/London":
		return "GB"
	}
	return "FR"
}

// PhoneRegions returns the regions in which to read a customer's number
// written without its country code: the provider's (PhoneRegion of its
// time zone), then the region of the customer's language ("fr" or "en",
// "" if unknown). French speakers' numbers are read as French; English
// speakers' as British, then North American. Fewer fallbacks are safer: a
// mistyped French number ("06 12 34 56 7") must not become a valid
// Belgian one.
func PhoneRegions(timeZone, language string) []string {
	regions := []string{PhoneRegion(timeZone)}
	var more []string
	switch strings.ToLower(language) {
	case "fr":
		more = []string{"FR"}
	case "en":
		more = []string{"GB", "US"}
	}
	for _, r := range more {
		if !contains(regions, r) && !(r == "US" && contains(regions, "CA")) {
			regions = append(regions, r)
		}
	}
	return regions
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// PhoneExample returns an example number of region as its people write it
// ("06 12 34 56 78" for FR), for messages that ask for a number again.
func PhoneExample(region string) string {
	n := phonenumbers.GetExampleNumberForType(strings.ToUpper(region), phonenumbers.MOBILE)
	if n == nil {
		return "+33 6 12 34 56 78"
	}
	return phonenumbers.Format(n, phonenumbers.NATIONAL)
}

// NormalizePhone parses a phone number with libphonenumber's rules and
// returns it in E.164. A number without a country code is read as a number
// of the first of regions in which it is valid ("06 12 34 56 78" is
// +33612345678 in "FR", and in "CA", "FR" too); no region means "FR". The
// international prefix 00 is read as "+" whatever the region (Canada's is
// 011, but no North American number starts with 00), and the trunk prefix
// written in brackets after a country code, "+41 (0)79…", is dropped.
// It returns an error saying what is expected when no region reads it.
func NormalizePhone(s string, regions ...string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fieldError("is required")
	}
	if len(s) > MaxPhoneLength {
		return "", fieldError("must be at most 32 characters")
	}
	if rest, ok := strings.CutPrefix(s, "00"); ok && rest != "" && rest[0] >= '1' && rest[0] <= '9' {
		s = "+" + rest
	}
	if len(regions) == 0 {
		regions = []string{"FR"}
	}
	for _, region := range regions {
		num, err := phonenumbers.Parse(s, strings.ToUpper(region))
		if err == nil && phonenumbers.IsValidNumber(num) {
			return phonenumbers.Format(num, phonenumbers.E164), nil
		}
		if strings.HasPrefix(s, "+") {
			break // the country code is given: other regions read it alike
		}
	}
	return "", fieldError("must be a valid phone number, such as 06 12 34 56 78 or +33 6 12 34 56 78")
}
