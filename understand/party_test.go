package understand_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous/understand"
)

func TestParty(t *testing.T) {
	tests := []struct {
		msg  string
		want int
	}{
		{"a dentist in Lyon tomorrow for 2 people", 2},
		{"for two people please", 2},
		{"For 3 persons", 3},
		{"the three of us", 3},
		{"a haircut for both of us", 2},
		{"I need two appointments", 2},
		{"I need 4 separate appointments", 4},
		{"for me and my wife", 2},
		{"for myself and my son", 2},
		{"My husband and I would like a physio", 2},
		{"for me and my kids", -1},
		{"for my 3 kids", 3},
		{"the whole family", -1},
		{"a group booking", -1},
		{"un coiffeur pour 2 personnes", 2},
		{"pour trois personnes", 3},
		{"pour nous deux", 2},
		{"je voudrais deux rendez-vous chez le dentiste", 2},
		{"j'ai besoin de 2 rdv", 2},
		{"pour moi et ma fille", 2},
		{"mon mari et moi voudrions un rdv", 2},
		{"pour moi et mes enfants", -1},
		{"pour mes deux enfants", 2},
		{"pour toute la famille", -1},
		{"Pour Moi Et Ma Sœur", 2},
		{"me and my wife need a dentist", 2},
		{"both of us need a haircut", 2},
		{"moi et ma fille on cherche un coiffeur", 2},
		// One person, or no party at all: other uses of "us", "nous", a
		// number of appointments had, a couple as a subject of something else.
		{"can you show us two other slots", 0},
		{"could you give us two more options", 0},
		{"remind us two days before", 0},
		{"My wife and I just moved to Lyon, I need a dentist tomorrow", 0},
		{"Ma femme et moi venons d'emménager à Lyon, je cherche un dentiste", 0},
		{"I already have 2 appointments with Dr Lambert, I need a third one", 0},
		{"I have 2 appointments next week, something later?", 0},
		{"entre nous deux, le premier est mieux", 0},
		{"chez nous 2 rue de la Paix", 0},
		{"je dois décaler mes 2 rdv", 0},
		{"me and my wife", 0},
		{"my daughter and I both like Dr Lambert but it's just for her", 0},
		{"My wife and I are new in Lyon, I need a dentist tomorrow", 0},
		{"je cherche un kiné pour mes petits problèmes de dos", 0},
		{"I'm looking for my parents' dentist in Lyon", 0},
		{"for 1 person", 0},
		{"for one person", 0},
		{"for my son", 0},
		{"my wife's appointment", 0},
		{"a dentist tomorrow at 2", 0},
		{"for 2 pm", 0},
		{"the 2nd one", 0},
		{"in 2 days", 0},
		{"pour 2 heures", 0},
		{"le 2 décembre à 14h", 0},
		{"number 2 please", 0},
		{"", 0},
	}
	for _, tc := range tests {
		if got := understand.Party(tc.msg); got != tc.want {
			t.Errorf("Party(%q) = %d, want %d", tc.msg, got, tc.want)
		}
	}
}

func FuzzParty(f *testing.F) {
	for _, s := range []string{"for 2 people", "pour nous deux", "me and my wife", "for 99 people", "pour 0 personnes", "\xff for 2 people"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n := understand.Party(s); n < -1 || n == 1 || n > 20 {
			t.Fatalf("Party(%q) = %d", s, n)
		}
	})
}
