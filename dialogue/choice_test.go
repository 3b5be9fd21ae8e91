package dialogue_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// TestChoiceWithAChange: a slot picked by its number with another time
// asked for in the same breath ("number 2 but in the afternoon") is no
// choice — a "yes, but" — but a search of that provider's slots at that
// time; a plain pick, or one whose words agree with the slot, is a choice.
func TestChoiceWithAChange(t *testing.T) {
	afternoon := func(p dialogue.Proposal) bool { return minutes(p) >= 12*60 }
	friday := func(p dialogue.Proposal) bool { return p.Start.In(now.Location()).Weekday() == time.Friday }
	changes := []struct {
		msg    string
		picked int // 1-based
		ok     func(p dialogue.Proposal) bool
	}{
		{"number 2 but in the afternoon", 2, afternoon},
		{"the second one, in the afternoon though", 2, afternoon},
		{"le deuxième mais l'après-midi", 2, afternoon},
		{"is the 2nd one available on friday instead?", 2, friday},
		{"le deuxième mais vendredi", 2, friday},
		{"the first one, but on Thursday", 1, func(p dialogue.Proposal) bool { return p.Start.In(now.Location()).Weekday() == time.Thursday }},
		{"the first one but later", 1, nil},
		{"le premier mais plus tard", 1, nil},
	}
	for name, m := range brains(t) {
		for _, tt := range changes {
			t.Run(name+"/"+tt.msg, func(t *testing.T) {
				st := &dialogue.State{}
				turn(t, m, st, "a dentist in Lyon tomorrow")
				if len(st.Proposals) < tt.picked {
					t.Fatalf("%d proposals", len(st.Proposals))
				}
				picked := st.Proposals[tt.picked-1]
				reply := turn(t, m, st, tt.msg)
				if st.Chosen != nil || st.Awaiting != dialogue.AwaitSlotChoice || len(st.Proposals) == 0 {
					t.Fatalf("chosen %v, awaiting %q, %d proposals: %q; want new slots offered", st.Chosen, st.Awaiting, len(st.Proposals), reply.Text)
				}
				for _, p := range st.Proposals {
					if p.ProviderID != picked.ProviderID {
						t.Errorf("a slot with %s offered, not with %s (picked): %q", p.ProviderName, picked.ProviderName, reply.Text)
					}
					if tt.ok != nil && !tt.ok(p) || tt.ok == nil && !p.Start.After(picked.Start) {
						t.Errorf("a slot at %s offered: %q", p.Start.In(now.Location()).Format("Mon 15:04"), reply.Text)
					}
				}
			})
		}
		for _, tt := range []struct {
			msg    string
			picked int
		}{{"the second one", 2}, {"le premier", 1}, {"the 2nd one in the morning is fine", 2}, {"number 3, tomorrow", 3}} {
			t.Run(name+"/"+tt.msg, func(t *testing.T) {
				st := &dialogue.State{}
				turn(t, m, st, "a dentist in Lyon tomorrow morning")
				want := st.Proposals[tt.picked-1]
				reply := turn(t, m, st, tt.msg)
				if st.Chosen == nil || st.Chosen.ProviderID != want.ProviderID || !st.Chosen.Start.Equal(want.Start) {
					t.Errorf("chosen %v, want %v: %q", st.Chosen, want, reply.Text)
				}
			})
		}
	}
}

// turn plays one message in st's conversation and returns the reply.
func turn(t *testing.T, m *dialogue.Manager, st *dialogue.State, msg string) *dialogue.Reply {
	t.Helper()
	reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg})
	if err != nil {
		t.Fatal(err)
	}
	return reply
}

// TestChoiceByAWordOfTheName: at the slots offered, a word of one
// provider's name picks its slot ("the one with Karim", "Bouchard
// please"); a word ruled out ("not Bouchard"), asked about ("is Bouchard
// any good?") or said with another time picks nothing.
func TestChoiceByAWordOfTheName(t *testing.T) {
	for name, m := range brains(t) {
		for _, form := range []string{"the one with %s", "%s please", "celui avec %s", "%s"} {
			t.Run(name+"/"+form, func(t *testing.T) {
				st := &dialogue.State{}
				turn(t, m, st, "a dentist in Lyon tomorrow")
				want, word := distinctiveWord(t, st.Proposals)
				reply := turn(t, m, st, fmt.Sprintf(form, word))
				if st.Chosen == nil || st.Chosen.ProviderID != want.ProviderID {
					t.Errorf("%q: chosen %v, want the slot with %s: %q", fmt.Sprintf(form, word), st.Chosen, want.ProviderName, reply.Text)
				}
			})
		}
		for _, form := range []string{"not %s", "is %s any good?", "%s but in the afternoon", "celui de %s mais l'après-midi",
			"%s, plus tard si possible", "what about %s?"} {
			t.Run(name+"/"+form, func(t *testing.T) {
				st := &dialogue.State{}
				turn(t, m, st, "a dentist in Lyon tomorrow")
				_, word := distinctiveWord(t, st.Proposals)
				msg := fmt.Sprintf(form, word)
				reply := turn(t, m, st, msg)
				if st.Chosen != nil {
					t.Errorf("%q chose %v: %q", msg, st.Chosen, reply.Text)
				}
			})
		}
	}
}

// TestQuestionAboutAProviderIsNoChoice: "where is Dr X's office?" at the
// slots offered is answered, and chooses nothing.
func TestQuestionAboutAProviderIsNoChoice(t *testing.T) {
	for name, m := range brains(t) {
		for _, form := range []string{"where is %s's office?", "how much is it with %s?", "c'est où le cabinet de %s ?"} {
			t.Run(name+"/"+form, func(t *testing.T) {
				st := &dialogue.State{}
				turn(t, m, st, "a dentist in Lyon tomorrow")
				p := st.Proposals[1]
				reply := turn(t, m, st, fmt.Sprintf(form, p.ProviderName))
				if st.Chosen != nil || st.Awaiting != dialogue.AwaitSlotChoice {
					t.Errorf("chosen %v, awaiting %q: %q; a question chooses nothing", st.Chosen, st.Awaiting, reply.Text)
				}
			})
		}
	}
}

// distinctiveWord returns a proposal and a word of its provider's name
// that no other proposal's provider has.
func distinctiveWord(t *testing.T, ps []dialogue.Proposal) (dialogue.Proposal, string) {
	t.Helper()
	for _, p := range ps {
	words:
		for _, w := range strings.Fields(p.ProviderName) {
			if len(w) < 4 || w == "Cabinet" || w == "dentaire" {
				continue
			}
			for _, o := range ps {
				if o.ProviderID != p.ProviderID && strings.Contains(o.ProviderName, w) {
					continue words
				}
			}
			return p, w
		}
	}
	t.Fatalf("no provider's name tells it apart: %v", ps)
	return dialogue.Proposal{}, ""
}
