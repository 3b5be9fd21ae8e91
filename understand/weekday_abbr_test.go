package understand_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous/understand"
)

func TestTextedWeekdays(t *testing.T) {
	u := newUnderstander()
	tests := []struct {
		name     string
		awaiting string
		msg      string
		want     *understand.Date
		wantName string
	}{
		{"FriClosing", "", "hey need a dentist lyon fri", date(2019, 3, 8), ""},
		{"FriBeforeABound", "", "physio lyon fri b4 10am", date(2019, 3, 8), ""},
		{"SatMorning", "", "haircut paris sat morning", date(2019, 3, 2), ""},
		{"OnTue", "", "can i come on tue?", date(2019, 3, 5), ""},
		{"ThurAt3", "", "thur at 3", date(2019, 3, 7), ""},
		{"SamClosing", "", "slt jcherche un coiffeur a nantes sam", date(2019, 3, 2), ""},
		{"SamMatin", "", "un coiffeur a lyon sam matin", date(2019, 3, 2), ""},
		{"Mar14h", "", "rdv kine paris mar 14h", date(2019, 3, 5), ""},
		{"JeuProchain", "", "dentiste jeu prochain", date(2019, 3, 7), ""},
		{"CeSam", "", "ce sam ?", date(2019, 3, 2), ""},
		// Words and names that are also short weekdays.
		{"ImSamLee", "name", "im sam lee", nil, "sam lee"},
		{"ImSam", "", "I'm Sam", nil, ""},
		{"MoiCSam", "", "moi c'est Sam", nil, ""},
		{"LaMer", "", "la mer", nil, ""},
		{"UnJeu", "", "un jeu", nil, ""},
		{"MonRdv", "", "mon rdv de mardi", date(2019, 3, 5), ""},
		{"TheSunIsOut", "", "the sun is out", nil, ""},
		{"SamInTheMiddle", "", "sam lee here", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := u.Understand(understand.Context{Now: friday, Awaiting: tt.awaiting}, tt.msg)
			if diff := cmp.Diff(tt.want, r.Date); diff != "" {
				t.Errorf("Understand(%q).Date (-want +got):\n%s", tt.msg, diff)
			}
			if tt.wantName != "" && r.Name != tt.wantName {
				t.Errorf("Understand(%q).Name = %q, want %q", tt.msg, r.Name, tt.wantName)
			}
		})
	}
}
