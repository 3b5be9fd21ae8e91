package dialogue_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestPlaceByKind: a hairdresser's is a salon, a health provider's a
// practice ("le cabinet"), in the words that name the place.
func TestPlaceByKind(t *testing.T) {
	cases := []struct {
		name  string
		steps []string
		want  string
	}{
		{"CoiffeurSalon", []string{"un coiffeur à Lyon demain", "le premier", "Marie Curie", "marie@exemple.fr"}, "le salon peut vous joindre"},
		{"DentisteCabinet", []string{"un dentiste à Lyon demain", "le premier", "Marie Curie", "marie@exemple.fr"}, "le cabinet peut vous joindre"},
		{"HairdresserSalon", []string{"a hairdresser in Lyon tomorrow", "the first one", "Marie Curie", "marie@example.com"}, "the salon can reach you"},
		{"PhysioPractice", []string{"a physio in Lyon tomorrow", "the first one", "Marie Curie", "marie@example.com"}, "the practice can reach you"},
	}
	m := brains(t)["Embedded"]
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := &dialogue.State{}
			var last string
			for _, msg := range c.steps {
				r, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg})
				if err != nil {
					t.Fatal(err)
				}
				last = r.Text
			}
			if !strings.Contains(last, c.want) {
				t.Errorf("last reply %q does not say %q", last, c.want)
			}
		})
	}
}
