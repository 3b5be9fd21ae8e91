package rendezvous_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		regions []string
		want    string // "" when refused
	}{
		{"OKFrench", "06 12 34 56 78", []string{"FR"}, "+33612345678"},
		{"OKFrenchDots", "06.12.34.56.78", []string{"FR"}, "+33612345678"},
		{"OKFrenchDashes", "06-12-34-56-78", []string{"FR"}, "+33612345678"},
		{"OKNoRegionIsFrance", "06 12 34 56 78", nil, "+33612345678"},
		{"OKDoubleZeroSwiss", "0041 79 123 45 67", []string{"FR"}, "+41791234567"},
		{"OKDoubleZeroFromCanada", "0041 79 123 45 67", []string{"CA"}, "+41791234567"},
		{"OKDoubleZeroBritish", "0044 20 7946 0958", []string{"CA", "FR"}, "+442079460958"},
		{"OKTrunkPrefix", "+41 (0)79 123 45 67", []string{"CA"}, "+41791234567"},
		{"OKTrunkPrefixSpaced", "+44 (0) 20 7946 0958", []string{"FR"}, "+442079460958"},
		{"OKPlusDashes", "+41-79-123-45-67", []string{"FR"}, "+41791234567"},
		{"OKFrenchMobileForMontreal", "06 12 34 56 78", []string{"CA", "FR"}, "+33612345678"},
		{"OKMontrealFirst", "514 555 0123", []string{"CA", "FR"}, "+15145550123"},
		{"OKBritishForParisInEnglish", "07400 123456", rendezvous.PhoneRegions("Europe/Paris", "en"), "+447400123456"},
		{"OKFromNorthAmerica", "011 33 6 12 34 56 78", []string{"CA"}, "+33612345678"},
		{"ErrFrenchMobileForMontrealAlone", "06 12 34 56 78", []string{"CA"}, ""},
		{"ErrTooShort", "06 12 34 56 7", rendezvous.PhoneRegions("Europe/Paris", "fr"), ""},
		{"ErrTooShortNotBelgian", "06 12 34 56 7", rendezvous.PhoneRegions("America/Toronto", "fr"), ""},
		{"ErrLetters", "call me maybe", []string{"FR"}, ""},
		{"ErrEmpty", " ", []string{"FR"}, ""},
		{"ErrDoubleZeroAlone", "00", []string{"FR"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rendezvous.NormalizePhone(tt.in, tt.regions...)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("NormalizePhone(%q, %v) = %q, want refused", tt.in, tt.regions, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizePhone(%q, %v) = %q, %v; want %q", tt.in, tt.regions, got, err, tt.want)
			}
		})
	}
}

func TestPhoneRegions(t *testing.T) {
	tests := []struct {
		name, zone, lang string
		want             []string
	}{
		{"ParisFrench", "Europe/Paris", "fr", []string{"FR"}},
		{"ParisEnglish", "Europe/Paris", "en", []string{"FR", "GB", "US"}},
		{"MontrealFrench", "America/Toronto", "fr", []string{"CA", "FR"}},
		{"MontrealEnglish", "America/Toronto", "en", []string{"CA", "GB"}},
		{"LondonEnglish", "Europe/London", "en", []string{"GB", "US"}},
		{"BrusselsUnknownLanguage", "Europe/Brussels", "", []string{"BE"}},
		{"NewYork", "America/New_York", "en", []string{"US", "GB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, rendezvous.PhoneRegions(tt.zone, tt.lang)); diff != "" {
				t.Fatalf("PhoneRegions(%q, %q) (-want +got):\n%s", tt.zone, tt.lang, diff)
			}
		})
	}
}

func TestPhoneExample(t *testing.T) {
	for region, want := range map[string]string{"FR": "06 12 34 56 78", "CH": "078 123 45 67", "XX": "+33 6 12 34 56 78"} {
		if got := rendezvous.PhoneExample(region); got != want {
			t.Errorf("PhoneExample(%q) = %q, want %q", region, got, want)
		}
	}
}
