package dialogue

import (
	"testing"
	"time"
)

func TestFrenchElision(t *testing.T) {
	for _, tt := range []struct{ lang, in, want string }{
		{"fr", "Inès Dupont", "d'Inès Dupont"},
		{"fr", "Émile Zola", "d'Émile Zola"},
		{"fr", "aujourd'hui à 9h", "d'aujourd'hui à 9h"},
		{"fr", "Marie Curie", "de Marie Curie"},
		{"fr", "Hugo Martin", "de Hugo Martin"},
		{"fr", "mardi 24 novembre à 9h", "de mardi 24 novembre à 9h"},
		{"en", "Inès Dupont", "Inès Dupont"},
	} {
		if got := de(tt.lang, tt.in); got != tt.want {
			t.Errorf("de(%s, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}

func TestShortDayInTheCustomersLanguage(t *testing.T) {
	d := time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC)
	if got := ShortDay(d, "fr"); got != "jeu. 3 déc." {
		t.Errorf("French: %q", got)
	}
	if got := ShortDay(d, "en"); got != "Thu 3 Dec" {
		t.Errorf("English: %q", got)
	}
}

// TestDayWithItsPreposition: "on Monday 7 December", "le lundi 7
// décembre", but "today" and "demain" as they are ("on today" was said).
func TestDayWithItsPreposition(t *testing.T) {
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		d      time.Time
		en, fr string
	}{
		{now, "today", "aujourd'hui"},
		{now.AddDate(0, 0, 1), "tomorrow", "demain"},
		{now.AddDate(0, 0, 2), "on Tuesday 8 December", "le mardi 8 décembre"},
	} {
		if got := dayPhrase(tt.d, now, "en"); got != tt.en {
			t.Errorf("dayPhrase(%s, en) = %q, want %q", tt.d.Format("2006-01-02"), got, tt.en)
		}
		if got := dayPhrase(tt.d, now, "fr"); got != tt.fr {
			t.Errorf("dayPhrase(%s, fr) = %q, want %q", tt.d.Format("2006-01-02"), got, tt.fr)
		}
	}
}
