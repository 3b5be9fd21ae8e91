package dialogue

import "testing"

func TestPhoneCountry(t *testing.T) {
	for msg, want := range map[string]string{
		"my French mobile, 06 12 34 56 83":   "FR",
		"mon portable belge : 0470 12 34 56": "BE",
		"un numéro suisse 079 123 45 67":     "CH",
		"it's a UK number: 07911 123456":     "GB",
		"06 12 34 56 78":                     "",
		"I live in Lyon":                     "",
	} {
		if got := phoneCountry(msg); got != want {
			t.Errorf("phoneCountry(%q) = %q, want %q", msg, got, want)
		}
	}
}
