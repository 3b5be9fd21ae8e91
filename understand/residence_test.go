package understand_test

import (
	"testing"

	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestWhereTheCustomerLivesIsNoSearchCity: a city said as where the
// customer lives or comes from is not the city to book in.
func TestWhereTheCustomerLivesIsNoSearchCity(t *testing.T) {
	u := newUnderstander()
	tests := []struct{ name, awaiting, msg, want string }{
		{"ImFrom", "name", "I'm from Montreal", ""},
		{"ILiveIn", "name", "i live in Lyon", ""},
		{"JHabiteA", "name", "j'habite à Lyon", ""},
		{"JeViensDe", "", "un dentiste à Lyon, je viens de Paris", "Lyon"},
		{"LiveThereBookHere", "", "I live in Lyon, need a dentist in Paris", "Paris"},
		{"FromIsStillTheCity", "", "a dentist from Lyon", "Lyon"},
		{"VisitingIsTheCity", "", "I'm visiting Lyon and need a dentist", "Lyon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := u.Understand(understand.Context{Now: friday, Awaiting: tt.awaiting}, tt.msg).City; got != tt.want {
				t.Errorf("Understand(%q).City = %q, want %q", tt.msg, got, tt.want)
			}
		})
	}
}
