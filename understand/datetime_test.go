package understand_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// friday is the "now" of the tables: Friday 1 March 2019, 10:00 UTC, the
// day the SGD dialogues are set on.
var friday = time.Date(2019, time.March, 1, 10, 0, 0, 0, time.UTC)

func date(y int, m time.Month, d int) *understand.Date {
	return &understand.Date{Year: y, Month: m, Day: d}
}

func clock(h, m int) *rendezvous.ClockTime {
	c := rendezvous.ClockTime(h*60 + m)
	return &c
}

// when is the date-time part of a Result.
type when struct {
	Date      *understand.Date
	Time      *rendezvous.ClockTime
	Approx    bool
	PartOfDay understand.PartOfDay
}

func whenOf(r understand.Result) when {
	return when{Date: r.Date, Time: r.Time, Approx: r.TimeApprox, PartOfDay: r.PartOfDay}
}

func TestDateTimeExpressions(t *testing.T) {
	u := newUnderstander()
	tests := []struct {
		name string
		msg  string
		want when
	}{
		// English dates.
		{"Today", "today", when{Date: date(2019, 3, 1)}},
		{"Tomorrow", "tomorrow", when{Date: date(2019, 3, 2)}},
		{"DayAfterTomorrow", "the day after tomorrow", when{Date: date(2019, 3, 3)}},
		{"TomorrowAfternoon", "tomorrow afternoon", when{Date: date(2019, 3, 2), PartOfDay: understand.Afternoon}},
		// A part of the day ruled out: the other half of the working day.
		{"ExceptTheMorning", "tomorrow, any time except the morning", when{Date: date(2019, 3, 2), PartOfDay: understand.Afternoon}},
		{"NotInTheMorning", "tomorrow but not in the morning", when{Date: date(2019, 3, 2), PartOfDay: understand.Afternoon}},
		{"PasLeMatin", "demain, pas le matin", when{Date: date(2019, 3, 2), PartOfDay: understand.Afternoon}},
		{"SaufLApresMidi", "demain sauf l'après-midi", when{Date: date(2019, 3, 2), PartOfDay: understand.Morning}},
		{"NextTuesday", "next Tuesday", when{Date: date(2019, 3, 5)}},
		{"NextThursdayIsTheFirstThursdayAfterToday", "next Thursday", when{Date: date(2019, 3, 7)}},
		{"ThisFridayIsToday", "this Friday", when{Date: date(2019, 3, 1)}},
		{"ThisSunday", "this Sunday", when{Date: date(2019, 3, 3)}},
		{"BareWeekdayIsTheNextOne", "Monday", when{Date: date(2019, 3, 4)}},
		{"FridayNextWeek", "friday next week", when{Date: date(2019, 3, 8)}},
		{"SundayThisWeek", "sunday this week", when{Date: date(2019, 3, 3)}},
		{"MonthDay", "March 3rd", when{Date: date(2019, 3, 3)}},
		{"DayOfMonth", "14th of March", when{Date: date(2019, 3, 14)}},
		{"OrdinalAlone", "the 3rd", when{Date: date(2019, 3, 3)}},
		{"OnTheOrdinal", "on the 14th", when{Date: date(2019, 3, 14)}},
		{"OrdinalOfThisMonth", "9th of this month", when{Date: date(2019, 3, 9)}},
		{"WordOrdinalWithOn", "on the first", when{Date: date(2019, 3, 1)}},
		{"SlashIsMonthDayInEnglish", "3/4", when{Date: date(2019, 3, 4)}},
		{"SlashDayFirstWhenOnlyThatFits", "14/3", when{Date: date(2019, 3, 14)}},
		{"InTwoDays", "in two days", when{Date: date(2019, 3, 3)}},
		{"LaterToday", "later today", when{Date: date(2019, 3, 1)}},
		{"ISODate", "2019-03-12", when{Date: date(2019, 3, 12)}},
		// English times.
		{"HalfPastTen", "half past ten", when{Time: clock(10, 30)}},
		{"HalfTenBritish", "at half ten", when{Time: clock(10, 30)}},
		{"HalfTenDigits", "tomorrow at half 10", when{Date: date(2019, 3, 2), Time: clock(10, 30)}},
		{"HalfThreeIsAfternoon", "half 3 works", when{Time: clock(15, 30)}},
		{"HalfAnHourIsNoTime", "in half an hour", when{}},
		{"QuarterTenIsNothing", "quarter 10", when{}},
		{"DayThenTime", "Dec 24 10:30", when{Date: date(2019, 12, 24), Time: clock(10, 30)}},
		{"MonthDayThenAm", "December 3 10am", when{Date: date(2019, 12, 3), Time: clock(10, 0)}},
		{"AbbreviatedMonthThenAm", "dentist jan 5 9am", when{Date: date(2020, 1, 5), Time: clock(9, 0)}},
		{"QuarterToFiveIsAfternoon", "quarter to five", when{Time: clock(16, 45)}},
		{"QuarterTo13", "quarter to 13 in the afternoon", when{Time: clock(12, 45), PartOfDay: understand.Afternoon}},
		{"PM", "4:30 pm", when{Time: clock(16, 30)}},
		{"FourInTheAfternoon", "4 in the afternoon", when{Time: clock(16, 0), PartOfDay: understand.Afternoon}},
		{"FourInTheEveningWords", "four in the evening", when{Time: clock(16, 0), PartOfDay: understand.Evening}},
		{"PartOfDayFirst", "evening 4:30", when{Time: clock(16, 30), PartOfDay: understand.Evening}},
		{"TwelveInTheAfternoon", "twelve in the afternoon", when{Time: clock(12, 0), PartOfDay: understand.Afternoon}},
		{"QuarterTo12InTheMorning", "quarter to 12 in the morning", when{Time: clock(11, 45), PartOfDay: understand.Morning}},
		{"OClock", `3 o"clock in the afternoon`, when{Time: clock(15, 0), PartOfDay: understand.Afternoon}},
		{"Noon", "noon", when{Time: clock(12, 0)}},
		{"MidnightIsKept", "midnight", when{Time: clock(0, 0)}},
		{"TimeThatWorks", "10:30 works", when{Time: clock(10, 30)}},
		{"AtTen", "at 10", when{Time: clock(10, 0)}},
		{"AtFourIsAfternoon", "at 4", when{Time: clock(16, 0)}},
		{"TwentyFourHour", "16:30", when{Time: clock(16, 30)}},
		{"ElevenAM", "11 am", when{Time: clock(11, 0)}},
		{"Around3", "around 3", when{Time: clock(15, 0), Approx: true}},
		{"ThreeIsh", "3ish", when{Time: clock(15, 0), Approx: true}},
		{"InTheEvening", "in the evening", when{PartOfDay: understand.Evening}},
		{"TomorrowAt4PM", "tomorrow at 4 pm", when{Date: date(2019, 3, 2), Time: clock(16, 0)}},
		{"DateAndTime", "Can you book it for the 7th at 4 pm please?", when{Date: date(2019, 3, 7), Time: clock(16, 0)}},
		{"TonightIsTodayEvening", "tonight", when{Date: date(2019, 3, 1), PartOfDay: understand.Evening}},
		// French dates.
		{"Aujourdhui", "aujourd'hui", when{Date: date(2019, 3, 1)}},
		{"Demain", "demain", when{Date: date(2019, 3, 2)}},
		{"ApresDemain", "après-demain", when{Date: date(2019, 3, 3)}},
		{"LundiProchain", "lundi prochain", when{Date: date(2019, 3, 4)}},
		{"Jeudi", "jeudi", when{Date: date(2019, 3, 7)}},
		{"PlutotJeudi", "plutôt jeudi", when{Date: date(2019, 3, 7)}},
		{"CeVendrediIsToday", "ce vendredi", when{Date: date(2019, 3, 1)}},
		{"JeudiDeLaSemaineProchaine", "jeudi de la semaine prochaine", when{Date: date(2019, 3, 7)}},
		{"DayMonthAndTime", "le 3 mars à 10h30", when{Date: date(2019, 3, 3), Time: clock(10, 30)}},
		{"PremierAvril", "le 1er avril", when{Date: date(2019, 4, 1)}},
		{"Le14", "le 14", when{Date: date(2019, 3, 14)}},
		{"DansTroisJours", "dans 3 jours", when{Date: date(2019, 3, 4)}},
		{"SlashIsDayMonthInFrench", "le 3/4", when{Date: date(2019, 4, 3)}},
		// French times.
		{"SeizeH", "16h", when{Time: clock(16, 0)}},
		{"SeizeH30", "16h30", when{Time: clock(16, 30)}},
		{"QuinzeEspaceH", "15 h", when{Time: clock(15, 0)}},
		{"VersQuinzeH", "vers 15h", when{Time: clock(15, 0), Approx: true}},
		{"AMidi", "à midi", when{Time: clock(12, 0)}},
		{"MidiEtDemi", "midi et demi", when{Time: clock(12, 30)}},
		{"DixHeuresEtDemie", "dix heures et demie", when{Time: clock(10, 30)}},
		{"TroisHeuresMoinsLeQuart", "trois heures moins le quart", when{Time: clock(14, 45)}},
		{"NeufHDuMatin", "9h du matin", when{Time: clock(9, 0), PartOfDay: understand.Morning}},
		{"TroisHeuresDeLApresMidi", "3 heures de l'après-midi", when{Time: clock(15, 0), PartOfDay: understand.Afternoon}},
		{"ABareHour", "demain à 10", when{Date: date(2019, 3, 2), Time: clock(10, 0)}},
		{"DemainA15hIsATimeNotADuration", "demain à 15h", when{Date: date(2019, 3, 2), Time: clock(15, 0)}},
		{"FinDeMatinee", "en fin de matinée", when{PartOfDay: understand.Morning}},
		{"LeMatin", "le matin", when{PartOfDay: understand.Morning}},
		{"LApresMidi", "l'après-midi", when{PartOfDay: understand.Afternoon}},
		{"CeSoir", "ce soir", when{Date: date(2019, 3, 1), PartOfDay: understand.Evening}},
		{"EnSoiree", "jeudi en soirée", when{Date: date(2019, 3, 7), PartOfDay: understand.Evening}},
		{"DansDeuxHeuresIsNoTime", "dans deux heures", when{}},
		// Corrections within a message: the last value wins, negated ones lose.
		{"NotMondayButTuesday", "not Monday, Tuesday", when{Date: date(2019, 3, 5)}},
		{"InsteadOfNegates", "Thursday instead of Monday", when{Date: date(2019, 3, 7)}},
		{"LastMentionWins", "I have a meeting on the 4th, can you do tomorrow?", when{Date: date(2019, 3, 2)}},
		// Things that are not dates or times.
		{"GoodMorningIsAGreeting", "good morning", when{}},
		{"BonneSoireeIsAGoodbye", "merci, bonne soirée", when{}},
		{"NumberOfPeople", "a table for 2 people", when{}},
		{"StreetNumber", "it's on 5th street", when{}},
		{"ThatsAllForToday", "that's all for today, thanks", when{}},
		{"PhoneIsNotATime", "06 12 34 56 78", when{}},
		{"EmailIsNotADate", "marie.3.4@example.com", when{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := whenOf(u.Understand(understand.Context{Now: friday}, tt.msg))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Understand(%q) mismatch (-want +got):\n%s", tt.msg, diff)
			}
		})
	}
}

func TestDatesRollForward(t *testing.T) {
	u := newUnderstander()
	march20 := time.Date(2019, time.March, 20, 9, 0, 0, 0, time.UTC) // a Wednesday
	tests := []struct {
		name string
		now  time.Time
		msg  string
		want *understand.Date
	}{
		{"DayOfMonthPassedIsNextMonth", march20, "the 3rd", date(2019, 4, 3)},
		{"LeJourPasseEstLeMoisProchain", march20, "le 3", date(2019, 4, 3)},
		{"MonthDayPassedIsNextYear", march20, "March 3rd", date(2020, 3, 3)},
		{"MissingDayIsNextMonthThatHasIt", time.Date(2019, time.April, 2, 9, 0, 0, 0, time.UTC), "the 31st", date(2019, 5, 31)},
		{"ThisMondayPassedIsNextWeek", march20, "this Monday", date(2019, 3, 25)},
		{"SameWeekdayIsNextWeek", march20, "Wednesday", date(2019, 3, 27)},
		{"ExplicitYearIsKept", march20, "3/3/2019", date(2019, 3, 3)},
		{"YearEnd", time.Date(2019, time.December, 30, 9, 0, 0, 0, time.UTC), "in two days", date(2020, 1, 1)},
		{"LeapDay", time.Date(2020, time.February, 27, 9, 0, 0, 0, time.UTC), "the 29th", date(2020, 2, 29)},
		{"NoLeapDay", time.Date(2019, time.February, 27, 9, 0, 0, 0, time.UTC), "the 29th", date(2019, 3, 29)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := u.Understand(understand.Context{Now: tt.now}, tt.msg).Date
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Understand(%q) date mismatch (-want +got):\n%s", tt.msg, diff)
			}
		})
	}
}

func TestDatesResolveInLocation(t *testing.T) {
	u := newUnderstander()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	// 23:30 UTC on 1 March is already 2 March in Paris.
	now := time.Date(2019, time.March, 1, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		name string
		loc  *time.Location
		want *understand.Date
	}{
		{"UTC", nil, date(2019, 3, 2)},
		{"Paris", paris, date(2019, 3, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := u.Understand(understand.Context{Now: now, Location: tt.loc}, "demain").Date
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("tomorrow mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDateHelpers(t *testing.T) {
	d := understand.Date{Year: 2019, Month: time.March, Day: 31}
	if got := d.String(); got != "2019-03-31" {
		t.Errorf("String() = %q", got)
	}
	if got := d.AddDays(1); got != (understand.Date{Year: 2019, Month: time.April, Day: 1}) {
		t.Errorf("AddDays(1) = %v", got)
	}
	if !d.Valid() || (understand.Date{Year: 2019, Month: time.February, Day: 29}).Valid() {
		t.Error("Valid() is wrong")
	}
	if got := d.Time(rendezvous.ClockTime(10*60+30), nil); !got.Equal(time.Date(2019, 3, 31, 10, 30, 0, 0, time.UTC)) {
		t.Errorf("Time() = %v", got)
	}
	if d.Weekday() != time.Sunday {
		t.Errorf("Weekday() = %v", d.Weekday())
	}
}
