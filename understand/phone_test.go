package understand_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestPhoneNumbers: numbers are found as written, with their country code
// in any form (+, 00, 011, a "(0)" trunk prefix) or in national forms, and
// dates and times are not numbers.
func TestPhoneNumbers(t *testing.T) {
	u := newUnderstander()
	tests := []struct {
		name, msg, want string
	}{
		{"French", "06 12 34 56 78", "06 12 34 56 78"},
		{"FrenchDots", "06.12.34.56.78", "06.12.34.56.78"},
		{"FrenchDashes", "06-12-34-56-78", "06-12-34-56-78"},
		{"FrenchPacked", "0612345678", "0612345678"},
		{"FrenchInSentence", "mon num c'est le 06 12 34 56 78 merci", "06 12 34 56 78"},
		{"Plus", "+33612345678", "+33612345678"},
		{"PlusTrunkPrefix", "+33 (0)6 12 34 56 78", "+33 (0)6 12 34 56 78"},
		{"SwissDoubleZero", "0041 79 123 45 67", "0041 79 123 45 67"},
		{"BritishDoubleZero", "my number is 0044 20 7946 0958", "0044 20 7946 0958"},
		{"SwissTrunkPrefix", "+41 (0)79 123 45 67", "+41 (0)79 123 45 67"},
		{"BritishTrunkPrefixSpaced", "+44 (0) 20 7946 0958", "+44 (0) 20 7946 0958"},
		{"SwissNational", "079 123 45 67", "079 123 45 67"},
		{"BritishNational", "020 7946 0958", "020 7946 0958"},
		{"BritishMobile", "07400 123456", "07400 123456"},
		{"BelgianDoubleZero", "0032 470 12 34 56", "0032 470 12 34 56"},
		{"Luxembourg", "+352 628 123 456", "+352 628 123 456"},
		{"DashesWithCode", "tel: +41-79-123-45-67", "+41-79-123-45-67"},
		{"NorthAmerican", "(514) 555-0123", "(514) 555-0123"},
		{"NorthAmericanDots", "514.555.0123", "514.555.0123"},
		{"NorthAmericanCode", "+1 514 555 0123", "+1 514 555 0123"},
		{"FromNorthAmerica", "011 33 6 12 34 56 78", "011 33 6 12 34 56 78"},
		{"NotADateFrench", "le 14 à 10h30", ""},
		{"NotADateEnglish", "rather on the 14th at 10:30", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := u.Understand(understand.Context{Now: friday, Awaiting: "phone"}, tt.msg).Phone; got != tt.want {
				t.Fatalf("Understand(%q).Phone = %q, want %q", tt.msg, got, tt.want)
			}
		})
	}
}
