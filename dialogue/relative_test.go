package dialogue_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestRelativeDaysAreSearched: on Monday 23 November 2026, the days said
// relative to the week are the ones searched.
func TestRelativeDaysAreSearched(t *testing.T) {
	m := brains(t)["Embedded"]
	tests := []struct {
		name, msg string
		from, to  string // the days the proposals must fall in
	}{
		{"NextWeek", "a dentist in Lyon next week", "2026-11-30", "2026-12-06"},
		{"LaSemaineProchaine", "un dentiste à Lyon la semaine prochaine", "2026-11-30", "2026-12-06"},
		{"SemProTexted", "dentiste lyon sem pro", "2026-11-30", "2026-12-06"},
		{"ThisWeekend", "a hairdresser in Paris this weekend", "2026-11-28", "2026-11-29"},
		{"CeWeekEnd", "un coiffeur à Paris ce week-end", "2026-11-28", "2026-11-29"},
		{"AWeekOnFriday", "a dentist in Lyon a week on Friday", "2026-12-04", "2026-12-04"},
		{"VendrediEnHuit", "un dentiste à Lyon vendredi en huit", "2026-12-04", "2026-12-04"},
		{"InTwoWeeks", "a dentist in Lyon in two weeks", "2026-12-07", "2026-12-07"},
		{"DansQuinzeJours", "un dentiste à Lyon dans quinze jours", "2026-12-07", "2026-12-07"},
		{"Ds15jTexted", "dentiste a lyon ds 15j", "2026-12-07", "2026-12-07"},
		{"Dans2Semaines", "un dentiste à Lyon dans 2 semaines", "2026-12-07", "2026-12-07"},
		{"ThursdayThe10th", "a dentist in Lyon on Thursday the 10th", "2026-12-10", "2026-12-10"},
		{"Jeudi10", "un dentiste à Lyon jeudi 10", "2026-12-10", "2026-12-10"},
		{"Dem1", "dentiste lyon dem1 aprem", "2026-11-24", "2026-11-24"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, reply := say(t, m, tt.msg)
			if len(st.Proposals) == 0 {
				t.Fatalf("nothing proposed: %q", reply.Text)
			}
			for _, p := range st.Proposals {
				if d := localDate(p); d < tt.from || d > tt.to {
					t.Errorf("proposal on %s, want %s to %s: %q", d, tt.from, tt.to, reply.Text)
				}
			}
		})
	}
}

// TestWeekdayAndDayThatDisagreeAreAsked: "jeudi 11 décembre" when the
// 11th is a Friday is asked about, and the answer is taken.
func TestWeekdayAndDayThatDisagreeAreAsked(t *testing.T) {
	m := brains(t)["Embedded"]
	tests := []struct {
		name, msg, says, answer, want string
	}{
		{"French", "un dentiste à Lyon jeudi 11 décembre", "Le 11 décembre est un vendredi, pas un jeudi", "vendredi 11 décembre", "2026-12-11"},
		{"English", "a dentist in Lyon on Thursday 11 December", "The 11th of December is a Friday, not a Thursday", "Thursday 10 December", "2026-12-10"},
		{"AnsweredWithTheDay", "a GP in Paris, Friday 10 December", "The 10th of December is a Thursday, not a Friday", "the 10th", "2026-12-10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, reply := say(t, m, tt.msg)
			if st.Awaiting != dialogue.AwaitDate || !strings.Contains(reply.Text, tt.says) || len(st.Proposals) > 0 {
				t.Fatalf("awaiting %q: %q", st.Awaiting, reply.Text)
			}
			reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: tt.answer})
			if err != nil {
				t.Fatal(err)
			}
			if st.Date != tt.want || len(st.Proposals) == 0 {
				t.Errorf("after %q: date %q: %q", tt.answer, st.Date, reply.Text)
			}
		})
	}
}

// TestRelativeToTheSlotDiscussed: at the summary of a Wednesday booking,
// "same time", "an hour later" and "the day after" count from the slot
// chosen.
func TestRelativeToTheSlotDiscussed(t *testing.T) {
	m := brains(t)["Embedded"]
	// A kind and a city the other tests leave free.
	base, reply := say(t, m, "Book me a physio in Nantes on Wednesday around 10, I'm Marie Curie, marie@example.com, 06 12 34 56 78")
	if base.Awaiting == dialogue.AwaitSlotChoice {
		if reply, _ = m.Turn(context.Background(), base, dialogue.Message{Text: "the first one"}); reply == nil {
			t.Fatal("no reply")
		}
	}
	if base.Awaiting != dialogue.AwaitConfirmation || base.Chosen == nil {
		t.Fatalf("not at the summary: awaiting %q: %q", base.Awaiting, reply.Text)
	}
	chosen := base.Chosen.Start.In(now.Location())
	tests := []struct {
		msg        string
		date, time string
	}{
		{"no, Thursday same time", "2026-11-26", chosen.Format("15:04")},
		{"plutôt jeudi, même heure", "2026-11-26", chosen.Format("15:04")},
		{"jeudi meme heure", "2026-11-26", chosen.Format("15:04")},
		{"an hour later", chosen.Format("2006-01-02"), chosen.Add(time.Hour).Format("15:04")},
		{"une heure plus tard", chosen.Format("2006-01-02"), chosen.Add(time.Hour).Format("15:04")},
		{"30 minutes earlier", chosen.Format("2006-01-02"), chosen.Add(-30 * time.Minute).Format("15:04")},
		{"the day after, same time", "2026-11-26", chosen.Format("15:04")},
		{"le lendemain à la même heure", "2026-11-26", chosen.Format("15:04")},
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) {
			st := cloneState(t, base)
			reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: tt.msg})
			if err != nil {
				t.Fatal(err)
			}
			if acted(reply.Actions) {
				t.Fatalf("acted: %q", reply.Text)
			}
			if st.Date != tt.date || st.Time != tt.time {
				t.Errorf("date %q time %q, want %s %s: %q", st.Date, st.Time, tt.date, tt.time, reply.Text)
			}
		})
	}
}

// TestTheDayAfterTheBookingBeingMoved: "the day after" while moving a
// booking is the day after that booking.
func TestTheDayAfterTheBookingBeingMoved(t *testing.T) {
	w := getWorld(t)
	m := brains(t)["Embedded"]
	ctx := context.Background()
	slots, err := w.Desk.Earliest(ctx, booking.SearchQuery{Kind: rendezvous.KindDentist, City: "Lyon",
		After: time.Date(2026, 11, 25, 8, 0, 0, 0, now.Location()), Limit: 1})
	if err != nil || len(slots) == 0 {
		t.Fatalf("no slot from Wednesday on: %v", err)
	}
	dayAfter := slots[0].Start.In(now.Location()).AddDate(0, 0, 1).Format("2006-01-02")
	for _, msg := range []string{"the day after", "le lendemain", "the next day please"} {
		t.Run(msg, func(t *testing.T) {
			c, err := w.Desk.Book(ctx, rendezvous.BookingRequest{ProviderID: slots[0].ProviderID, ServiceID: slots[0].ServiceID,
				Start: slots[0].Start, Customer: rendezvous.Customer{Name: "Marie Curie", Email: "marie@example.com", Phone: "06 12 34 56 78"}})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Desk.Cancel(ctx, c.Booking.ID, c.Token)
			st := &dialogue.State{Granted: []dialogue.Grant{{BookingID: c.Booking.ID, Version: c.Booking.TokenVersion, Proof: dialogue.ProofMade}}}
			for _, text := range []string{"move my appointment", msg} {
				if _, err := m.Turn(ctx, st, dialogue.Message{Text: text}); err != nil {
					t.Fatal(err)
				}
			}
			if st.Date != dayAfter {
				t.Errorf("date %q, want the day after the booking, %s", st.Date, dayAfter)
			}
		})
	}
}

// TestTheDayAfterTheBookingJustMade: "move it to the day after" right
// after booking is the day after that booking, and "same time" while
// moving it is its time.
func TestTheDayAfterTheBookingJustMade(t *testing.T) {
	m := brains(t)["Embedded"]
	for _, tt := range []struct{ book, move, sameTime string }{
		{"Book me a hairdresser in Nantes on Wednesday at 10, I'm Ann Lee, ann.after@example.com, 06 12 34 56 78", "move it to the day after", "same time?"},
		{"Je voudrais un coiffeur à Nantes mercredi à 10h, Anne Lee, anne.apres@exemple.fr, 06 12 34 56 78", "on peut le décaler au lendemain ?", "à la même heure ?"},
	} {
		t.Run(tt.move, func(t *testing.T) {
			st, reply := say(t, m, tt.book)
			if st.Awaiting == dialogue.AwaitSlotChoice {
				reply, _ = m.Turn(context.Background(), st, dialogue.Message{Text: "1"})
			}
			if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: "yes"}); err != nil || st.Booked.IsZero() {
				t.Fatalf("not booked: %v: %q", err, reply.Text)
			}
			booked := st.Booked.In(now.Location())
			for _, msg := range []string{tt.move, tt.sameTime} {
				if reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg}); err != nil || cannotHelp(reply.Text) {
					t.Fatalf("%q: %v %q", msg, err, reply.Text)
				}
			}
			if want := booked.AddDate(0, 0, 1).Format("2006-01-02"); st.Date != want || st.Time != booked.Format("15:04") || st.Task != dialogue.TaskReschedule {
				t.Errorf("task %q, date %q time %q, want %s at %s", st.Task, st.Date, st.Time, want, booked.Format("15:04"))
			}
		})
	}
}
