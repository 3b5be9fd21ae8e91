package understand_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous/understand"
)

func window(fromH, fromM, toH, toM int) *understand.ClockRange {
	return &understand.ClockRange{From: *clock(fromH, fromM), To: *clock(toH, toM)}
}

// span is the window-related part of a Result.
type span struct {
	Window    *understand.ClockRange
	Time      *string
	PartOfDay understand.PartOfDay
}

func spanOf(r understand.Result) span {
	s := span{Window: r.Window, PartOfDay: r.PartOfDay}
	if r.Time != nil {
		t := r.Time.String()
		s.Time = &t
	}
	return s
}

func at(s string) *string { return &s }

// TestWindows: windows of the day and bounds, by class, in English and
// French, with and without accents, with typos and as texted.
func TestWindows(t *testing.T) {
	u := newUnderstander()
	lunch := window(12, 0, 14, 0)
	tests := []struct {
		name string
		msg  string
		want span
	}{
		// Lunchtime.
		{"Lunchtime", "lunchtime", span{Window: lunch}},
		{"AtLunch", "can I come at lunch?", span{Window: lunch}},
		{"LunchBreak", "during my lunch break tomorrow", span{Window: lunch}},
		{"Noonish", "saturday, noonish", span{Window: lunch}},
		{"MiddayIsh", "midday-ish if you can", span{Window: lunch, Time: at("12:00")}},
		{"EntreMidiEtDeux", "entre midi et deux", span{Window: lunch}},
		{"AMidiIsNoonAndLunch", "à midi", span{Window: lunch, Time: at("12:00")}},
		{"AMidiNoAccent", "demain a midi", span{Window: lunch, Time: at("12:00")}},
		{"PauseDej", "pendant la pause dej", span{Window: lunch}},
		{"TempsDeMidi", "sur le temps de midi", span{Window: lunch}},
		{"HeureDuDejeuner", "à l'heure du déjeuner", span{Window: lunch}},
		{"MidiEtDemiIsATime", "à midi et demi", span{Time: at("12:30")}},
		// End of the morning.
		{"LateMorning", "late morning please", span{Window: window(10, 30, 12, 0), PartOfDay: understand.Morning}},
		{"EndOfTheMorning", "end of the morning", span{Window: window(10, 30, 12, 0), PartOfDay: understand.Morning}},
		{"FinDeMatinee", "en fin de matinée", span{Window: window(10, 30, 12, 0), PartOfDay: understand.Morning}},
		{"FinDeMatineeNoAccent", "fin de matinee", span{Window: window(10, 30, 12, 0), PartOfDay: understand.Morning}},
		// Late afternoon.
		{"LateAfternoon", "late afternoon", span{Window: window(16, 0, 19, 0), PartOfDay: understand.Afternoon}},
		{"FinDApresMidi", "en fin d'après-midi", span{Window: window(16, 0, 19, 0), PartOfDay: understand.Afternoon}},
		{"FinDApremTexted", "fin d'aprem", span{Window: window(16, 0, 19, 0), PartOfDay: understand.Afternoon}},
		{"EarlyAfternoon", "early afternoon", span{Window: window(13, 0, 15, 0), PartOfDay: understand.Afternoon}},
		// Early.
		{"FirstThing", "first thing in the morning", span{Window: window(6, 0, 10, 0), PartOfDay: understand.Morning}},
		{"Early", "something early tomorrow", span{Window: window(6, 0, 10, 0), PartOfDay: understand.Morning}},
		{"Tot", "demain tôt", span{Window: window(6, 0, 10, 0), PartOfDay: understand.Morning}},
		{"TotNoAccent", "tot le matin", span{Window: window(6, 0, 10, 0), PartOfDay: understand.Morning}},
		{"PremiereHeure", "à la première heure", span{Window: window(6, 0, 10, 0), PartOfDay: understand.Morning}},
		{"PremiereHeureNoAccentIsNoChoice", "a la premiere heure demain", span{Window: window(6, 0, 10, 0), PartOfDay: understand.Morning}},
		{"AsEarlyAsPossibleIsNoWindow", "as early as possible", span{}},
		{"LePlusTotPossibleIsNoWindow", "le plus tôt possible", span{}},
		{"EarlyNextWeekIsNoWindow", "early next week", span{}},
		// Evening: the part of the day says it.
		{"Evening", "in the evening", span{PartOfDay: understand.Evening}},
		{"EnSoiree", "en soirée", span{PartOfDay: understand.Evening}},
		{"AfterWork", "after work", span{Window: window(17, 0, 22, 0), PartOfDay: understand.Evening}},
		// After.
		{"After5", "after 5", span{Window: window(17, 0, 24, 0)}},
		{"After5PM", "anytime after 5pm", span{Window: window(17, 0, 24, 0)}},
		{"Apres17h", "après 17h", span{Window: window(17, 0, 24, 0)}},
		{"Apres17hNoAccent", "apres 17h", span{Window: window(17, 0, 24, 0)}},
		{"Apres17h30", "après 17h30 svp", span{Window: window(17, 30, 24, 0)}},
		{"AfterFiveWords", "after five", span{Window: window(17, 0, 24, 0)}},
		{"BeforeTypo", "befor 10", span{Window: window(0, 0, 10, 0)}},
		{"UntilTypo", "untill 6", span{Window: window(0, 0, 18, 0)}},
		{"OrLater", "5 or later", span{Window: window(17, 0, 24, 0)}},
		{"OuPlusTard", "17h ou plus tard", span{Window: window(17, 0, 24, 0)}},
		// Before.
		{"Before10", "before 10", span{Window: window(0, 0, 10, 0)}},
		{"Avant10h", "avant 10h", span{Window: window(0, 0, 10, 0)}},
		{"NoLaterThan4", "no later than 4", span{Window: window(0, 0, 16, 0)}},
		{"AuPlusTard", "au plus tard à 16h", span{Window: window(0, 0, 16, 0)}},
		{"AuPlusTardAfter", "16h au plus tard", span{Window: window(0, 0, 16, 0)}},
		{"JusquA", "jusqu'à 18h", span{Window: window(0, 0, 18, 0)}},
		{"Until", "until 6", span{Window: window(0, 0, 18, 0)}},
		// Between.
		{"Between2And4", "between 2 and 4", span{Window: window(14, 0, 16, 0)}},
		{"Entre14hEt16h", "entre 14h et 16h", span{Window: window(14, 0, 16, 0)}},
		{"Entre14Et16h", "entre 14 et 16h", span{Window: window(14, 0, 16, 0)}},
		{"De14hA16h", "de 14h à 16h", span{Window: window(14, 0, 16, 0)}},
		{"Dash", "2-4pm", span{Window: window(14, 0, 16, 0)}},
		{"DashFrench", "14h-16h", span{Window: window(14, 0, 16, 0)}},
		{"DashFrenchMidi", "midi-14h", span{Window: window(12, 0, 14, 0)}},
		{"DashFrenchOneH", "9-11h", span{Window: window(9, 0, 11, 0)}},
		{"TextedB4", "tmrw b4 10", span{Window: window(0, 0, 10, 0)}},
		{"TextedApr", "apr 17h", span{Window: window(17, 0, 24, 0)}},
		{"TextedAvt", "avt 10h", span{Window: window(0, 0, 10, 0)}},
		{"FromTo", "from 9 to 11 am", span{Window: window(9, 0, 11, 0)}},
		{"PMOnTheUpperBound", "between 8 and 10 pm", span{Window: window(20, 0, 22, 0)}},
		{"SecondHourAfterTheFirst", "between 6 and 8", span{Window: window(18, 0, 20, 0)}},
		{"AcrossNoon", "between 10 and 2", span{Window: window(10, 0, 14, 0)}},
		// Not before.
		{"NotBefore9", "not before 9", span{Window: window(9, 0, 24, 0)}},
		{"PasAvant9h", "pas avant 9h", span{Window: window(9, 0, 24, 0)}},
		{"NoEarlierThan", "no earlier than 9:30", span{Window: window(9, 30, 24, 0)}},
		// From.
		{"From3On", "from 3 on", span{Window: window(15, 0, 24, 0)}},
		{"APartirDe15h", "à partir de 15h", span{Window: window(15, 0, 24, 0)}},
		{"APartirDeNoAccent", "a partir de 15h", span{Window: window(15, 0, 24, 0)}},
		{"Des8h", "dès 8h", span{Window: window(8, 0, 24, 0)}},
		// With a part of the day, and with a time.
		{"AfternoonAfter3", "tomorrow afternoon after 3", span{Window: window(15, 0, 24, 0), PartOfDay: understand.Afternoon}},
		{"MorningBefore11", "le matin avant 11h", span{Window: window(0, 0, 11, 0), PartOfDay: understand.Morning}},
		{"AfterAndBefore", "after 2 but before 4", span{Window: window(14, 0, 16, 0)}},
		{"PMTimeInsideTheBoundIsTheBound", "after 5 pm", span{Window: window(17, 0, 24, 0)}},
		{"BoundBeforeAChangeWord", "sorry, after 5 instead", span{Window: window(17, 0, 24, 0)}},
		{"BoundBeforeAChangeWordFrench", "plutôt après 17h", span{Window: window(17, 0, 24, 0)}},
		// Not windows.
		{"QuarterAfter5IsATime", "quarter after 5", span{Time: at("17:15")}},
		{"After5DaysIsNoWindow", "after 5 days", span{}},
		{"DesIsAnArticle", "des 3 dentistes", span{}},
		{"ApresMidiIsTheAfternoon", "apres midi", span{PartOfDay: understand.Afternoon}},
		{"DeTwoToFourPeopleIsNoWindow", "de 2 à 4 personnes", span{}},
		{"NegatedWindow", "not between 12 and 2", span{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := spanOf(u.Understand(understand.Context{Now: friday}, tt.msg))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Understand(%q) mismatch (-want +got):\n%s", tt.msg, diff)
			}
		})
	}
}

func TestClockRange(t *testing.T) {
	r := *window(14, 0, 16, 0)
	if !r.Valid() || !r.Contains(*clock(14, 0)) || r.Contains(*clock(16, 0)) || r.Contains(*clock(13, 59)) {
		t.Errorf("%v: Valid or Contains wrong", r)
	}
	if both, ok := r.Intersect(*window(15, 0, 24, 0)); !ok || both != *window(15, 0, 16, 0) {
		t.Errorf("Intersect = %v, %v", both, ok)
	}
	if _, ok := r.Intersect(*window(16, 0, 18, 0)); ok {
		t.Error("ranges that only touch intersect")
	}
	for _, p := range []understand.PartOfDay{understand.Morning, understand.Afternoon, understand.Evening} {
		if pr, ok := p.Range(); !ok || !pr.Valid() {
			t.Errorf("%s.Range() = %v, %v", p, pr, ok)
		}
	}
	if _, ok := understand.NoPartOfDay.Range(); ok {
		t.Error("no part of the day has a range")
	}
}

// TestWindowIsNoChoice: "à la première heure" names a window, not the
// first proposal, even while the agent waits for a choice.
func TestWindowIsNoChoice(t *testing.T) {
	u := newUnderstander()
	for _, msg := range []string{"à la première heure demain", "a la premiere heure"} {
		r := u.Understand(understand.Context{Now: friday, Awaiting: "slot_choice"}, msg)
		if r.Choice != 0 || r.Window == nil {
			t.Errorf("Understand(%q): choice %d, window %v", msg, r.Choice, r.Window)
		}
	}
	if r := u.Understand(understand.Context{Now: friday, Awaiting: "slot_choice"}, "la première"); r.Choice != 1 {
		t.Errorf("la première: choice %d", r.Choice)
	}
}
