package dialogue_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestFollowUpsRefineTheSearch: follow-ups on the proposals give other
// proposals from the same search — later, earlier, on other days, the next
// day, the week after, in the afternoon — and never the out-of-scope
// answer.
func TestFollowUpsRefineTheSearch(t *testing.T) {
	m := brains(t)["Embedded"]
	first := func(ps []dialogue.Proposal) time.Time {
		return slices.MinFunc(ps, func(a, b dialogue.Proposal) int { return a.Start.Compare(b.Start) }).Start
	}
	last := func(ps []dialogue.Proposal) time.Time {
		return slices.MaxFunc(ps, func(a, b dialogue.Proposal) int { return a.Start.Compare(b.Start) }).Start
	}
	after := func(before, got []dialogue.Proposal) bool {
		for _, p := range got {
			if !p.Start.After(last(before)) {
				return false
			}
		}
		return true
	}
	earlierSameDay := func(before, got []dialogue.Proposal) bool {
		for _, p := range got {
			if !p.Start.Before(first(before)) || localDate(p) != localDate(before[0]) {
				return false
			}
		}
		return true
	}
	otherDays := func(before, got []dialogue.Proposal) bool {
		for _, p := range got {
			for _, q := range before {
				if localDate(p) == localDate(q) {
					return false
				}
			}
		}
		return true
	}
	on := func(day string) func(before, got []dialogue.Proposal) bool {
		return func(_, got []dialogue.Proposal) bool {
			for _, p := range got {
				if localDate(p) != day {
					return false
				}
			}
			return true
		}
	}
	notOn := func(day string) func(before, got []dialogue.Proposal) bool {
		return func(_, got []dialogue.Proposal) bool {
			for _, p := range got {
				if localDate(p) == day {
					return false
				}
			}
			return true
		}
	}
	weekAfter := func(_, got []dialogue.Proposal) bool {
		for _, p := range got {
			if d := localDate(p); d < "2026-11-30" || d > "2026-12-06" {
				return false
			}
		}
		return true
	}
	afternoon := func(_, got []dialogue.Proposal) bool {
		for _, p := range got {
			if minutes(p) < 13*60 || localDate(p) != "2026-11-26" {
				return false
			}
		}
		return true
	}
	tests := []struct {
		name, first, followUp string
		want                  func(before, got []dialogue.Proposal) bool
	}{
		{"AnythingLater", "a dentist in Lyon on Thursday", "anything later?", after},
		{"LaterTypo", "a dentist in Lyon on Thursday", "anythign later??", after},
		{"PlusTard", "un dentiste à Lyon jeudi", "plus tard ?", after},
		{"UnPeuPlusTard", "un dentiste à Lyon jeudi", "un peu plus tard svp", after},
		{"OtherTimes", "a dentist in Lyon on Thursday", "any other times?", after},
		{"AutresCreneaux", "un dentiste a lyon jeudi", "vous avez d'autres créneaux ?", after},
		{"LaterThatDay", "a dentist in Lyon on Thursday", "later that day?", after},
		{"EarlierInTheDay", "a dentist in Lyon on Thursday afternoon", "something earlier in the day?", earlierSameDay},
		{"PlusTot", "un dentiste à Lyon jeudi après-midi", "plus tôt ?", earlierSameDay},
		{"PlusTotNoAccent", "un dentiste a lyon jeudi apres midi", "plus tot ?", earlierSameDay},
		{"OtherDays", "a dentist in Lyon on Thursday", "other days?", otherDays},
		{"DAutresJours", "un dentiste à Lyon jeudi", "d'autres jours ?", otherDays},
		{"UnAutreJour", "un dentiste à Lyon jeudi", "un autre jour ?", otherDays},
		{"NotThursday", "a dentist in Lyon on Thursday", "not Thursday", notOn("2026-11-26")},
		{"PasJeudi", "un dentiste à Lyon jeudi", "pas jeudi", notOn("2026-11-26")},
		{"TheNextDay", "a dentist in Lyon on Thursday", "the next day?", on("2026-11-27")},
		{"LeLendemain", "un dentiste à Lyon jeudi", "le lendemain ?", on("2026-11-27")},
		{"TheWeekAfter", "a dentist in Lyon on Thursday", "the week after?", weekAfter},
		{"LaSemaineDApres", "un dentiste à Lyon jeudi", "et la semaine d'après ?", weekAfter},
		{"AnyInTheAfternoon", "a dentist in Lyon on Thursday", "any in the afternoon?", afternoon},
		{"LApresMidi", "un dentiste à Lyon jeudi", "et l'après-midi ?", afternoon},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, _ := say(t, m, tt.first)
			before := slices.Clone(st.Proposals)
			if len(before) == 0 {
				t.Fatal("no proposals to follow up on")
			}
			reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: tt.followUp})
			if err != nil {
				t.Fatal(err)
			}
			if cannotHelp(reply.Text) {
				t.Fatalf("%q: %q", tt.followUp, reply.Text)
			}
			if len(st.Proposals) == 0 || st.Awaiting != dialogue.AwaitSlotChoice {
				t.Fatalf("%q: no proposals, awaiting %q: %q", tt.followUp, st.Awaiting, reply.Text)
			}
			if !tt.want(before, st.Proposals) {
				t.Errorf("%q: %v after %v: %q", tt.followUp, starts(st.Proposals), starts(before), reply.Text)
			}
		})
	}
}

func starts(ps []dialogue.Proposal) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Start.In(now.Location()).Format("Mon 02 15:04"))
	}
	return out
}

// TestRefinementThatFindsNothingKeepsTheProposals: nothing earlier than
// the first slot of the day is said plainly, and the proposals stay.
func TestRefinementThatFindsNothingKeepsTheProposals(t *testing.T) {
	m := brains(t)["Embedded"]
	for _, tt := range []struct{ first, followUp, says string }{
		{"a dentist in Lyon on Thursday", "anything earlier?", "Nothing earlier that day."},
		{"un dentiste à Lyon jeudi", "plus tôt ?", "Rien de plus tôt ce jour-là."},
	} {
		t.Run(tt.followUp, func(t *testing.T) {
			st, _ := say(t, m, tt.first)
			before := slices.Clone(st.Proposals)
			reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: tt.followUp})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(reply.Text, tt.says) || !slices.EqualFunc(before, st.Proposals, func(a, b dialogue.Proposal) bool {
				return a.Start.Equal(b.Start) && a.ProviderID == b.ProviderID
			}) || st.Awaiting != dialogue.AwaitSlotChoice {
				t.Fatalf("%v after %v, awaiting %q: %q", starts(st.Proposals), starts(before), st.Awaiting, reply.Text)
			}
		})
	}
}
