package dialogue_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// say plays messages in a fresh conversation and returns the state and
// the last reply.
func say(t *testing.T, m *dialogue.Manager, msgs ...string) (*dialogue.State, *dialogue.Reply) {
	t.Helper()
	st := &dialogue.State{}
	var reply *dialogue.Reply
	for _, msg := range msgs {
		var err error
		if reply, err = m.Turn(context.Background(), st, dialogue.Message{Text: msg}); err != nil {
			t.Fatal(err)
		}
	}
	return st, reply
}

// minutes returns a proposal's local start as minutes of the day.
func minutes(p dialogue.Proposal) int {
	l := p.Start.In(now.Location())
	return l.Hour()*60 + l.Minute()
}

func localDate(p dialogue.Proposal) string { return p.Start.In(now.Location()).Format("2006-01-02") }

// cannotHelp tells the out-of-scope answer, which a question about
// dates and times never deserves.
func cannotHelp(text string) bool {
	return strings.Contains(text, "can't help") || strings.Contains(text, "pas vous aider") ||
		strings.Contains(text, "only handle") || strings.Contains(text, "ne gère que")
}

// TestWindowsConstrainProposals: every slot proposed for a window starts
// in it; when none does, the reply says so and offers the nearest — never
// as fitting.
func TestWindowsConstrainProposals(t *testing.T) {
	m := brains(t)["Embedded"]
	tests := []struct {
		name     string
		msg      string
		from, to int // minutes of the day, [from, to)
		thursday bool
	}{
		{"After5", "a dentist in Lyon on Thursday after 5", 17 * 60, 24 * 60, true},
		{"Apres17h", "un dentiste à Lyon jeudi après 17h", 17 * 60, 24 * 60, true},
		{"Apres17hNoAccent", "dentiste a lyon jeudi apres 17h", 17 * 60, 24 * 60, true},
		{"Before10", "a physio in Paris on Thursday before 10", 0, 10 * 60, true},
		{"Avant10h", "un kiné à Paris jeudi avant 10h", 0, 10 * 60, true},
		{"Between2And4", "a GP in Lyon on Thursday between 2 and 4", 14 * 60, 16 * 60, true},
		{"Entre14hEt16h", "un médecin à Lyon jeudi entre 14h et 16h", 14 * 60, 16 * 60, true},
		{"NotBefore9", "a hairdresser in Paris on Thursday, not before 9:30", 9*60 + 30, 24 * 60, true},
		{"PasAvant9h", "un coiffeur à Paris jeudi, pas avant 9h30", 9*60 + 30, 24 * 60, true},
		{"From3On", "a dentist in Paris on Thursday from 3 on", 15 * 60, 24 * 60, true},
		{"APartirDe15h", "un dentiste à Paris jeudi à partir de 15h", 15 * 60, 24 * 60, true},
		{"Lunchtime", "a hairdresser in Lyon on Thursday at lunchtime", 12 * 60, 14 * 60, true},
		{"EntreMidiEtDeux", "un coiffeur à Lyon jeudi entre midi et deux", 12 * 60, 14 * 60, true},
		{"EndOfMorning", "a GP in Paris on Thursday, end of the morning", 10*60 + 30, 12 * 60, true},
		{"FinDeMatinee", "un médecin à Paris jeudi en fin de matinée", 10*60 + 30, 12 * 60, true},
		{"LateAfternoon", "a psychologist in Lyon on Thursday late afternoon", 16 * 60, 19 * 60, true},
		{"FinDApresMidi", "un psy à Lyon jeudi en fin d'après-midi", 16 * 60, 19 * 60, true},
		{"FirstThing", "a dentist in Lyon on Thursday, first thing", 6 * 60, 10 * 60, true},
		{"ALaPremiereHeure", "un dentiste à Lyon jeudi à la première heure", 6 * 60, 10 * 60, true},
		{"Evening", "a psychologist in Paris on Thursday in the evening", 17 * 60, 22 * 60, true},
		{"EnSoiree", "un psy à Paris jeudi en soirée", 17 * 60, 22 * 60, true},
		{"AfterFiveNoDate", "a dentist in Lyon after 5", 17 * 60, 24 * 60, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, reply := say(t, m, tt.msg)
			if len(st.Proposals) == 0 && st.Chosen == nil {
				t.Fatalf("nothing proposed: %q", reply.Text)
			}
			nearest := strings.Contains(reply.Text, "nearest") || strings.Contains(reply.Text, "plus proche")
			for _, p := range st.Proposals {
				if tt.thursday && localDate(p) != "2026-11-26" {
					t.Errorf("%s is not on Thursday: %q", p.Start, reply.Text)
				}
				if fits := tt.from <= minutes(p) && minutes(p) < tt.to; !fits && !nearest {
					t.Errorf("%s is outside the window and presented as fitting: %q", p.Start.In(now.Location()), reply.Text)
				}
			}
		})
	}
}

// TestNoSlotInTheWindowSaysSoAndOffersTheNearest: a window no provider is
// open in gets an honest answer and the nearest slots that day.
func TestNoSlotInTheWindowSaysSoAndOffersTheNearest(t *testing.T) {
	m := brains(t)["Embedded"]
	tests := []struct {
		name, msg string
		says      []string
	}{
		{"English", "a dentist in Lyon on Thursday after 9pm", []string{"Nothing after 21:00 on Thursday 26 November", "nearest"}},
		{"French", "un dentiste à Lyon jeudi après 21h", []string{"Rien après 21h le jeudi 26 novembre", "plus proches"}},
		{"FrenchNoAccent", "un dentiste a lyon jeudi apres 21h", []string{"Rien après 21h", "plus proches"}},
		{"EnglishBefore", "a dentist in Lyon on Thursday before 7 am", []string{"Nothing before 7:00", "nearest"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, reply := say(t, m, tt.msg)
			for _, s := range tt.says {
				if !strings.Contains(reply.Text, s) {
					t.Errorf("reply %q does not say %q", reply.Text, s)
				}
			}
			if len(st.Proposals) == 0 || st.Awaiting != dialogue.AwaitSlotChoice {
				t.Fatalf("no nearest slots offered: awaiting %q: %q", st.Awaiting, reply.Text)
			}
			for _, p := range st.Proposals {
				if localDate(p) != "2026-11-26" {
					t.Errorf("nearest %s is not on the day asked", p.Start)
				}
			}
		})
	}
}

// TestTimeThenWindow: a window replaces a time asked before, and a time a
// window.
func TestTimeThenWindow(t *testing.T) {
	m := brains(t)["Embedded"]
	st, _ := say(t, m, "a dentist in Lyon on Thursday at 10", "actually after 5")
	if st.Time != "" || st.TimeFrom != "17:00" || st.TimeTo != "24:00" {
		t.Errorf("time %q, window %q-%q", st.Time, st.TimeFrom, st.TimeTo)
	}
	st, _ = say(t, m, "a dentist in Lyon on Thursday after 5", "make it 11 instead")
	if st.Time != "11:00" || st.TimeFrom != "" || st.TimeTo != "" {
		t.Errorf("time %q, window %q-%q", st.Time, st.TimeFrom, st.TimeTo)
	}
}

// TestTomorrowInTheCityOfTheMessage: "tomorrow" said at 22:00 in Montréal
// (03:00 UTC, already the next day in Paris, the default zone) is
// Montréal's tomorrow when the city comes in the same message.
func TestTomorrowInTheCityOfTheMessage(t *testing.T) {
	w := getWorld(t)
	at := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC) // Monday 22:00 in Montréal, Tuesday 04:00 in Paris
	m := dialogue.NewManager(dialogue.ManagerConfig{Brain: dialogue.NewEmbeddedBrain(w.Desk.Names, 0), Tools: w.Tools,
		Zones: w.Desk.CityZone, DefaultZone: now.Location(), Now: func() time.Time { return at }})
	for _, msg := range []string{"I need a psychologist in Montréal tomorrow", "un psy à montreal demain", "tomorrow in Montreal, a psychologist"} {
		t.Run(msg, func(t *testing.T) {
			st, reply := say(t, m, msg)
			if st.Date != "2026-11-24" {
				t.Errorf("date %q, want Montréal's tomorrow 2026-11-24: %q", st.Date, reply.Text)
			}
		})
	}
	// The city known before keeps its zone.
	st, _ := say(t, m, "a psychologist in Montréal", "tomorrow")
	if st.Date != "2026-11-24" {
		t.Errorf("date %q after the city, want 2026-11-24", st.Date)
	}
	// Paris's tomorrow is Wednesday.
	st, _ = say(t, m, "a psychologist in Paris tomorrow")
	if st.Date != "2026-11-25" {
		t.Errorf("date %q in Paris, want 2026-11-25", st.Date)
	}
}

// TestWindowAsACorrectionAtAPrompt: a window given as a change at a
// prompt for a detail is a new search, and the prompt goes on.
func TestWindowAsACorrectionAtAPrompt(t *testing.T) {
	m := brains(t)["Embedded"]
	for _, msg := range []string{"sorry, after 5 instead", "plutôt après 17h", "actually late afternoon", "wait, not before 11"} {
		t.Run(msg, func(t *testing.T) {
			st, _ := say(t, m, "a dentist in Lyon on Thursday", "the first one")
			if st.Awaiting != dialogue.AwaitName {
				t.Fatalf("not at the name prompt: %q", st.Awaiting)
			}
			for _, text := range []string{msg, "the first one"} {
				if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: text}); err != nil {
					t.Fatal(err)
				}
				if st.Awaiting == dialogue.AwaitName {
					break
				}
			}
			if st.Awaiting != dialogue.AwaitName || st.Chosen == nil || st.Customer.Name != "" {
				t.Fatalf("awaiting %q, chosen %v, customer %+v", st.Awaiting, st.Chosen, st.Customer)
			}
			at := st.Chosen.Start.In(now.Location()).Format("15:04")
			if st.TimeFrom == "" || at < st.TimeFrom || at >= st.TimeTo {
				t.Errorf("chosen %s, window %q-%q", at, st.TimeFrom, st.TimeTo)
			}
		})
	}
}
