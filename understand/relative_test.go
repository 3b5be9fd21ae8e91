package understand_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// days is the date part of a Result: a day or a span of days, or a
// weekday and a day of the month that do not agree.
type days struct {
	Date, DateEnd, NotDate *understand.Date
	Mismatch               *understand.DateMismatch
}

func daysOf(r understand.Result) days {
	return days{Date: r.Date, DateEnd: r.DateEnd, NotDate: r.NotDate, Mismatch: r.DateMismatch}
}

// TestRelativeDates: on Friday 1 March 2019 (weeks start on Monday).
func TestRelativeDates(t *testing.T) {
	u := newUnderstander()
	nextWeek := days{Date: date(2019, 3, 4), DateEnd: date(2019, 3, 10)}
	weekend := days{Date: date(2019, 3, 2), DateEnd: date(2019, 3, 3)}
	fridayAfterNext := days{Date: date(2019, 3, 15)}
	// "In two weeks" is the week from that day on: the day itself may be
	// one the practices close.
	twoWeeks := days{Date: date(2019, 3, 15), DateEnd: date(2019, 3, 21)}
	tests := []struct {
		name string
		msg  string
		want days
	}{
		// Next week: the next calendar week, Monday to Sunday.
		{"NextWeek", "next week", nextWeek},
		{"NextWeekTexted", "nxt wk", nextWeek},
		{"LaSemaineProchaine", "la semaine prochaine", nextWeek},
		{"SemaineProchaineNoArticle", "semaine prochaine svp", nextWeek},
		{"SemPro", "sem pro", nextWeek},
		{"SemaineTypo", "la semainne prochaine", nextWeek},
		{"EarlyNextWeek", "early next week", days{Date: date(2019, 3, 4), DateEnd: date(2019, 3, 6)}},
		{"DebutDeSemaineProchaine", "en début de semaine prochaine", days{Date: date(2019, 3, 4), DateEnd: date(2019, 3, 6)}},
		{"EndOfNextWeek", "end of next week", days{Date: date(2019, 3, 7), DateEnd: date(2019, 3, 10)}},
		{"WeekdayOfNextWeek", "next week on Thursday", days{Date: date(2019, 3, 7)}},
		{"NextWeekIdeallyThursday", "sometime next week, ideally Thursday", days{Date: date(2019, 3, 7)}},
		{"NextWeekPreferablyThursday", "next week, preferably thursday", days{Date: date(2019, 3, 7)}},
		{"SemaineProchaineDePreferenceJeudi", "la semaine prochaine, de préférence jeudi", days{Date: date(2019, 3, 7)}},
		{"ThisWeekFromToday", "this week", days{Date: date(2019, 3, 1), DateEnd: date(2019, 3, 3)}},
		{"CetteSemaine", "cette semaine", days{Date: date(2019, 3, 1), DateEnd: date(2019, 3, 3)}},
		{"WeekAfterNext", "the week after next", days{Date: date(2019, 3, 11), DateEnd: date(2019, 3, 17)}},
		// This weekend, next weekend.
		{"ThisWeekend", "this weekend", weekend},
		{"OnTheWeekend", "on the weekend", weekend},
		{"CeWeekEnd", "ce week-end", weekend},
		{"CeWeekendNoHyphen", "ce weekend", weekend},
		{"CeWeTexted", "ce we", weekend},
		{"NextWeekend", "next weekend", days{Date: date(2019, 3, 9), DateEnd: date(2019, 3, 10)}},
		{"LeWeekEndProchain", "le week-end prochain", days{Date: date(2019, 3, 9), DateEnd: date(2019, 3, 10)}},
		// A week on Friday.
		{"AWeekOnFriday", "a week on Friday", fridayAfterNext},
		{"AWeekFromFriday", "a week from friday", fridayAfterNext},
		{"FridayWeek", "Friday week", fridayAfterNext},
		{"TheFridayAfterNext", "the Friday after next", fridayAfterNext},
		{"VendrediEnHuit", "vendredi en huit", fridayAfterNext},
		{"VendrediEnQuinze", "vendredi en quinze", days{Date: date(2019, 3, 22)}},
		{"LundiEn8Texted", "lundi en 8", days{Date: date(2019, 3, 11)}},
		{"MidNextWeek", "mid next week", days{Date: date(2019, 3, 5), DateEnd: date(2019, 3, 7)}},
		{"MilieuDeSemaineProchaine", "en milieu de semaine prochaine", days{Date: date(2019, 3, 5), DateEnd: date(2019, 3, 7)}},
		{"ByTheEndOfTheWeek", "by the end of the week", days{Date: date(2019, 3, 1), DateEnd: date(2019, 3, 3)}},
		{"AWeekToday", "a week today", days{Date: date(2019, 3, 8)}},
		// In two weeks.
		{"InTwoWeeks", "in two weeks", twoWeeks},
		{"In2Weeks", "in 2 weeks", twoWeeks},
		{"InAFortnight", "in a fortnight", twoWeeks},
		{"DansQuinzeJours", "dans quinze jours", twoWeeks},
		{"Dans15Jours", "dans 15 jours", twoWeeks},
		{"Ds15jTexted", "ds 15j", twoWeeks},
		{"Dans2Semaines", "dans 2 semaines", twoWeeks},
		{"DansHuitJoursIsAWeek", "dans huit jours", days{Date: date(2019, 3, 8), DateEnd: date(2019, 3, 14)}},
		{"InThreeWeeks", "in three weeks", days{Date: date(2019, 3, 22), DateEnd: date(2019, 3, 28)}},
		{"DansTroisSemaines", "dans trois semaines", days{Date: date(2019, 3, 22), DateEnd: date(2019, 3, 28)}},
		{"InAWeek", "in a week", days{Date: date(2019, 3, 8), DateEnd: date(2019, 3, 14)}},
		{"InThreeDaysIsThatDay", "in 3 days", days{Date: date(2019, 3, 4)}},
		// A weekday with a month or a span of days: the first of them.
		{"ATuesdayNextMonth", "a Tuesday next month", days{Date: date(2019, 4, 2)}},
		{"NextMonthOnATuesday", "next month on a Tuesday", days{Date: date(2019, 4, 2)}},
		{"AnyTuesdayInApril", "any Tuesday in April", days{Date: date(2019, 4, 2)}},
		{"UnMardiEnAvril", "un mardi en avril", days{Date: date(2019, 4, 2)}},
		{"UnMardiLeMoisProchain", "un mardi le mois prochain", days{Date: date(2019, 4, 2)}},
		{"UnJeudiDebutAvril", "un jeudi début avril", days{Date: date(2019, 4, 4)}},
		{"TuesdayInTwoWeeks", "on Tuesday in two weeks", days{Date: date(2019, 3, 19)}},
		{"AFridayInMarchIsToday", "a Friday in March", days{Date: date(2019, 3, 1)}},
		{"AMondayInFebruaryIsNextYears", "a Monday in February", days{Date: date(2020, 2, 3)}},
		{"EnAvrilAloneIsNoDay", "en avril", days{}},
		{"UnMardiEnAvril2019", "un mardi en avril 2019", days{Date: date(2019, 4, 2)}},
		{"UnMardiAuMoisDAvril", "un mardi au mois d'avril", days{Date: date(2019, 4, 2)}},
		{"UnMardiCourantAvril", "un mardi courant avril", days{Date: date(2019, 4, 2)}},
		{"MardiDansQuinzeJours", "mardi dans quinze jours", days{Date: date(2019, 3, 19)}},
		{"WithinAWeekEndsThen", "within a week", days{Date: date(2019, 3, 1), DateEnd: date(2019, 3, 8)}},
		{"WithinTwoWeeks", "within 2 weeks", days{Date: date(2019, 3, 1), DateEnd: date(2019, 3, 15)}},
		{"NotThe14thOnATuesday", "not the 14th, on a Tuesday", days{Date: date(2019, 3, 5), NotDate: date(2019, 3, 14)}},
		{"NotMondayInTheWeekAfterNext", "not Monday, in the week after next", days{Date: date(2019, 3, 11), DateEnd: date(2019, 3, 17), NotDate: date(2019, 3, 11)}},
		{"InTwoWeeksButNotMonday", "in two weeks but not Monday", days{Date: date(2019, 3, 15), DateEnd: date(2019, 3, 21), NotDate: date(2019, 3, 18)}},
		{"DansQuinzeJoursMaisPasLeLundi", "dans quinze jours mais pas le lundi", days{Date: date(2019, 3, 15), DateEnd: date(2019, 3, 21), NotDate: date(2019, 3, 18)}},
		{"LeTroisEnAvril", "le 3 en avril", days{Date: date(2019, 4, 3)}},
		// A weekday with a day of the month: the next date where both agree.
		{"ThursdayThe7thAgrees", "Thursday the 7th", days{Date: date(2019, 3, 7)}},
		{"ThursdayThe10thIsInOctober", "Thursday the 10th", days{Date: date(2019, 10, 10)}},
		{"Jeudi10", "jeudi 10", days{Date: date(2019, 10, 10)}},
		{"LeJeudi10", "le jeudi 10", days{Date: date(2019, 10, 10)}},
		{"Jeudi10hIsATime", "jeudi 10h", days{Date: date(2019, 3, 7)}},
		{"WeekdayAndMonthDisagree", "jeudi 10 décembre", days{Mismatch: &understand.DateMismatch{Weekday: time.Thursday, Date: *date(2019, 12, 10)}}},
		{"WeekdayAndMonthAgree", "mardi 10 décembre", days{Date: date(2019, 12, 10)}},
		{"WeekdayAndDayNeverAgreeWithinAYear", "Monday the 31st", days{Mismatch: &understand.DateMismatch{Weekday: time.Monday, Date: *date(2019, 3, 31)}}},
		// Days ruled out.
		{"NotMonday", "not Monday", days{NotDate: date(2019, 3, 4)}},
		{"PasLundi", "pas lundi", days{NotDate: date(2019, 3, 4)}},
		{"InsteadOf", "Thursday instead of Monday", days{Date: date(2019, 3, 7), NotDate: date(2019, 3, 4)}},
		{"NotMondayButTuesday", "not Monday, Tuesday", days{Date: date(2019, 3, 5), NotDate: date(2019, 3, 4)}},
		// Texted.
		{"Dem1", "dem1 a 15h", days{Date: date(2019, 3, 2)}},
		{"TwoMoro", "2moro pls", days{Date: date(2019, 3, 2)}},
		{"JeudiPro", "jeudi pro", days{Date: date(2019, 3, 7)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := daysOf(u.Understand(understand.Context{Now: friday}, tt.msg))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Understand(%q) mismatch (-want +got):\n%s", tt.msg, diff)
			}
		})
	}
}

// TestRelativeToWhatIsDiscussed: "the day after", "same time" and the like
// resolve against the day and time the conversation is about —
// Wednesday 6 March 2019 at 10:00 here — and the day after with nothing
// discussed is tomorrow.
func TestRelativeToWhatIsDiscussed(t *testing.T) {
	u := newUnderstander()
	wednesday, ten := date(2019, 3, 6), clock(10, 0)
	type moment struct {
		Date, DateEnd *understand.Date
		Time          *rendezvous.ClockTime
	}
	tests := []struct {
		name      string
		discussed bool
		msg       string
		want      moment
	}{
		{"TheDayAfter", true, "the day after?", moment{Date: date(2019, 3, 7)}},
		{"TheNextDay", true, "what about the next day", moment{Date: date(2019, 3, 7)}},
		{"LeLendemain", true, "le lendemain ?", moment{Date: date(2019, 3, 7)}},
		{"LeJourDApres", true, "le jour d'après", moment{Date: date(2019, 3, 7)}},
		{"LeSurlendemain", true, "le surlendemain", moment{Date: date(2019, 3, 8)}},
		{"TwoDaysLater", true, "two days later?", moment{Date: date(2019, 3, 8)}},
		{"SameTimeNextWeek", true, "same time next week", moment{Date: date(2019, 3, 13), Time: clock(10, 0)}},
		{"MemeHeureLaSemaineProchaine", true, "même heure la semaine prochaine", moment{Date: date(2019, 3, 13), Time: clock(10, 0)}},
		{"LeMemeJourLaSemaineProchaine", true, "le même jour la semaine prochaine", moment{Date: date(2019, 3, 13)}},
		{"DeuxJoursPlusTard", true, "deux jours plus tard", moment{Date: date(2019, 3, 8)}},
		{"AWeekLater", true, "a week later", moment{Date: date(2019, 3, 13)}},
		{"UneSemainePlusTard", true, "une semaine plus tard", moment{Date: date(2019, 3, 13)}},
		{"PushItBackAWeek", true, "push it back a week", moment{Date: date(2019, 3, 13)}},
		{"PostponeByTwoDays", true, "postpone by two days", moment{Date: date(2019, 3, 8)}},
		{"BringItForwardADay", true, "bring it forward a day", moment{Date: date(2019, 3, 5)}},
		{"RepousserDUneSemaine", true, "on peut le repousser d'une semaine ?", moment{Date: date(2019, 3, 13)}},
		{"DecalerDeDeuxJours", true, "décalez-le de deux jours", moment{Date: date(2019, 3, 8)}},
		{"AvancerDUnJour", true, "vous pouvez l'avancer d'un jour ?", moment{Date: date(2019, 3, 5)}},
		{"TheDayBefore", true, "the day before", moment{Date: date(2019, 3, 5)}},
		{"LaVeille", true, "la veille", moment{Date: date(2019, 3, 5)}},
		{"ThatDay", true, "later that day", moment{Date: date(2019, 3, 6)}},
		{"LeMemeJour", true, "le même jour à 15h", moment{Date: date(2019, 3, 6), Time: clock(15, 0)}},
		{"TheWeekAfter", true, "the week after?", moment{Date: date(2019, 3, 11), DateEnd: date(2019, 3, 17)}},
		{"LaSemaineDApres", true, "la semaine d'après", moment{Date: date(2019, 3, 11), DateEnd: date(2019, 3, 17)}},
		{"SameTime", true, "Thursday same time", moment{Date: date(2019, 3, 7), Time: clock(10, 0)}},
		{"MemeHeure", true, "plutôt jeudi même heure", moment{Date: date(2019, 3, 7), Time: clock(10, 0)}},
		{"MemeHeureNoAccent", true, "jeudi meme heure", moment{Date: date(2019, 3, 7), Time: clock(10, 0)}},
		{"AnHourLater", true, "an hour later", moment{Time: clock(11, 0)}},
		{"UneHeurePlusTard", true, "une heure plus tard", moment{Time: clock(11, 0)}},
		{"ThirtyMinutesEarlier", true, "30 minutes earlier", moment{Time: clock(9, 30)}},
		{"HalfAnHourLater", true, "half an hour later", moment{Time: clock(10, 30)}},
		{"UneDemiHeurePlusTot", true, "une demi-heure plus tôt", moment{Time: clock(9, 30)}},
		{"OneHourLaterTexted", true, "1h plus tard", moment{Time: clock(11, 0)}},
		// With nothing discussed.
		{"TheDayAfterIsTomorrow", false, "the day after", moment{Date: date(2019, 3, 2)}},
		{"LeLendemainIsTomorrow", false, "le lendemain", moment{Date: date(2019, 3, 2)}},
		{"AWeekFromTomorrow", false, "a week from tomorrow", moment{Date: date(2019, 3, 9)}},
		{"AWeekFromTomorrowWhateverIsDiscussed", true, "a week from tomorrow", moment{Date: date(2019, 3, 9)}},
		{"TwoWeeksFromToday", false, "two weeks from today", moment{Date: date(2019, 3, 15)}},
		{"TenDaysFromNow", true, "10 days from now", moment{Date: date(2019, 3, 11)}},
		{"ThatDayIsNothing", false, "that day", moment{}},
		{"SameTimeIsNothing", false, "same time", moment{}},
		{"AnHourLaterIsNothing", false, "an hour later", moment{}},
		{"TheDayAfterTomorrowIsNotRelative", true, "the day after tomorrow", moment{Date: date(2019, 3, 3)}},
		// That day ruled out, another said after a comma: the other.
		{"NotThatDayFridayInstead", true, "not that day, Friday instead", moment{Date: date(2019, 3, 8)}},
		{"PasCeJourLaPlutotVendredi", true, "pas ce jour-là, plutôt vendredi", moment{Date: date(2019, 3, 8)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := understand.Context{Now: friday}
			if tt.discussed {
				c.RefDate, c.RefTime = wednesday, ten
			}
			r := u.Understand(c, tt.msg)
			got := moment{Date: r.Date, DateEnd: r.DateEnd, Time: r.Time}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Understand(%q) mismatch (-want +got):\n%s", tt.msg, diff)
			}
		})
	}
}

// TestReminderDaysAreNoAppointmentDays: the day after "remind me", "call
// me", "rappelez-moi" is when to be told, not a day for the appointment.
func TestReminderDaysAreNoAppointmentDays(t *testing.T) {
	u := newUnderstander()
	tests := []struct {
		name string
		msg  string
		want *understand.Date
	}{
		{"RemindMeTheDayBefore", "can you send me a reminder the day before?", nil},
		{"RappelezMoiLaVeille", "oui mais vous pouvez me rappeler la veille ?", nil},
		{"CallMeTomorrow", "call me tomorrow to confirm", nil},
		{"SmsLaVeille", "un sms la veille svp", nil},
		{"AppointmentDayStays", "a dentist tomorrow, and text me the day before", date(2019, 3, 2)},
		{"VaccineBoosterIsADay", "un rappel de vaccin demain", date(2019, 3, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := u.Understand(understand.Context{Now: friday}, tt.msg)
			if diff := cmp.Diff(tt.want, r.Date); diff != "" {
				t.Errorf("Understand(%q).Date (-want +got):\n%s", tt.msg, diff)
			}
		})
	}
}

// TestBareHoursAsChanges: a bare hour given as a change is a time, read
// in opening hours (1 to 7 are afternoon hours).
func TestBareHoursAsChanges(t *testing.T) {
	u := newUnderstander()
	tests := []struct {
		name string
		msg  string
		want *rendezvous.ClockTime
	}{
		{"MakeIt", "make it 11 instead", clock(11, 0)},
		{"CanWeDo", "can we do 11 instead", clock(11, 0)},
		{"Rather", "11 rather", clock(11, 0)},
		{"HowAbout", "how about 3?", clock(15, 0)},
		{"WhatAbout", "what about 2:30", clock(14, 30)},
		{"ChangeItTo", "change it to 1", clock(13, 0)},
		{"WouldBeBetter", "4 would be better", clock(16, 0)},
		{"TwentyFourHour", "make it 14 instead", clock(14, 0)},
		{"PlutotH", "plutôt 11h", clock(11, 0)},
		{"PlutotA", "plutôt à 11", clock(11, 0)},
		{"PlutotBare", "plutôt 11", clock(11, 0)},
		{"PlutotNoAccent", "plutot 11 en fait", clock(11, 0)},
		{"EtA", "et à 11 ?", clock(11, 0)},
		{"Disons", "disons 15", clock(15, 0)},
		{"MeridiemWins", "make it 7 am instead", clock(7, 0)},
		{"PeopleAreNoTime", "can we do 2 people", nil},
		{"DayOfMonthIsNoTime", "make it the 11th instead", nil},
		{"MonthIsNoTime", "et 3 décembre", nil},
		{"HowAboutTheThirdIsADate", "how about the 3rd?", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := u.Understand(understand.Context{Now: friday}, tt.msg)
			if diff := cmp.Diff(tt.want, r.Time); diff != "" {
				t.Errorf("Understand(%q) time mismatch (-want +got):\n%s", tt.msg, diff)
			}
			if r.TimeApprox {
				t.Errorf("Understand(%q): a change of time is not approximate", tt.msg)
			}
		})
	}
}

// TestDatesResolveInTheCityOfTheMessage: the city named in the message
// sets the zone of its relative dates — 03:00 UTC is 22:00 the day before
// in Montréal.
func TestDatesResolveInTheCityOfTheMessage(t *testing.T) {
	u := newUnderstander()
	paris, err1 := time.LoadLocation("Europe/Paris")
	montreal, err2 := time.LoadLocation("America/Toronto")
	if err1 != nil || err2 != nil {
		t.Skip("no time zone database")
	}
	now := time.Date(2019, time.March, 2, 3, 0, 0, 0, time.UTC) // 04:00 Saturday in Paris, 22:00 Friday in Montréal
	zone := func(city string) *time.Location {
		if city == "Montréal" {
			return montreal
		}
		return paris
	}
	tests := []struct {
		name string
		msg  string
		zone func(string) *time.Location
		want *understand.Date
	}{
		{"MontrealTomorrowIsSaturday", "a dentist in Montréal tomorrow", zone, date(2019, 3, 2)},
		{"MontrealDemainNoAccent", "un dentiste a montreal demain", zone, date(2019, 3, 2)},
		{"ParisTomorrowIsSunday", "a dentist in Paris tomorrow", zone, date(2019, 3, 3)},
		{"NoCityKeepsLocation", "tomorrow", zone, date(2019, 3, 3)},
		{"NoZonesKeepsLocation", "a dentist in Montréal tomorrow", nil, date(2019, 3, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := u.Understand(understand.Context{Now: now, Location: paris, Zone: tt.zone}, tt.msg).Date
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Understand(%q) date mismatch (-want +got):\n%s", tt.msg, diff)
			}
		})
	}
}

// TestWeekdayOfAMonthWithNoneLeft: on Wednesday 30 December 2026, no
// Tuesday of December is left: "a Tuesday in December" is next year's.
func TestWeekdayOfAMonthWithNoneLeft(t *testing.T) {
	u := newUnderstander()
	now := time.Date(2026, 12, 30, 10, 0, 0, 0, time.UTC)
	for msg, want := range map[string]*understand.Date{
		"a Tuesday in December": date(2027, 12, 7), "un mardi en décembre": date(2027, 12, 7),
		"a Thursday in December": date(2026, 12, 31),
	} {
		r := u.Understand(understand.Context{Now: now}, msg)
		if r.Date == nil || *r.Date != *want {
			t.Errorf("Understand(%q).Date = %v, want %v", msg, r.Date, want)
		}
	}
}

// TestWeekdayInAWeekOfAMonthIsNoSlot: at the slots, "a Tuesday in the
// first week of January" is a day, not the first slot (nor "the last
// week" the last one).
func TestWeekdayInAWeekOfAMonthIsNoSlot(t *testing.T) {
	u := newUnderstander()
	now := time.Date(2019, 3, 1, 10, 0, 0, 0, time.UTC)
	for msg, want := range map[string]*understand.Date{
		"actually a Tuesday in the first week of April": date(2019, 4, 2),
		"a Monday in the last week of March":            date(2019, 3, 25),
		"un mardi la première semaine d'avril":          date(2019, 4, 2),
	} {
		r := u.Understand(understand.Context{Now: now, Awaiting: "slot_choice"}, msg)
		if r.Choice != 0 || r.Date == nil || *r.Date != *want {
			t.Errorf("Understand(%q): choice %d, date %v; want no choice, %v", msg, r.Choice, r.Date, want)
		}
	}
}

// TestHesitantPickIsNoDay: at the slots, a number picked "but" unsure is
// neither a pick nor a day of the month; a number past the slots shown,
// with more said, is a day.
func TestHesitantPickIsNoDay(t *testing.T) {
	u := newUnderstander()
	now := time.Date(2019, 3, 1, 10, 0, 0, 0, time.UTC)
	for msg, want := range map[string]*understand.Date{
		"le 2 mais je ne suis pas sûr": nil, "le 2 mais faut que je vérifie": nil, "2 but I'm not sure": nil,
		"le 4 mais l'après-midi": date(2019, 3, 4), "le 12 mais le matin": date(2019, 3, 12),
		"a Tuesday in the second week of April": date(2019, 4, 9), "un mardi la troisième semaine d'avril": date(2019, 4, 16),
	} {
		r := u.Understand(understand.Context{Now: now, Awaiting: "slot_choice", Options: 3}, msg)
		if r.Choice != 0 || (r.Date == nil) != (want == nil) || want != nil && *r.Date != *want {
			t.Errorf("Understand(%q): choice %d, date %v; want no choice, %v", msg, r.Choice, r.Date, want)
		}
	}
}
