package understand_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestHolidays: named holidays are days, in English and French and
// several phrasings each, the next one from today; a holiday's name that
// is also a first name stays a name.
func TestHolidays(t *testing.T) {
	u := newUnderstander()
	christmasDay := time.Date(2026, time.December, 25, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		now  time.Time
		msg  string
		want *understand.Date
	}{
		{sunday, "I need a dentist in Lyon on Christmas Eve", date(2026, 12, 24)},
		{sunday, "christmas eve morning please", date(2026, 12, 24)},
		{sunday, "xmas eve?", date(2026, 12, 24)},
		{sunday, "un coiffeur la veille de Noël", date(2026, 12, 24)},
		{sunday, "pour le réveillon de Noël", date(2026, 12, 24)},
		{sunday, "anything on Christmas Day?", date(2026, 12, 25)},
		{sunday, "a GP at Christmas", date(2026, 12, 25)},
		{sunday, "un généraliste à Noël", date(2026, 12, 25)},
		{sunday, "le jour de Noël", date(2026, 12, 25)},
		{sunday, "boxing day afternoon", date(2026, 12, 26)},
		{sunday, "New Year's Eve", date(2026, 12, 31)},
		{sunday, "new years eve at 10", date(2026, 12, 31)},
		{sunday, "pour la Saint-Sylvestre", date(2026, 12, 31)},
		{sunday, "la saint sylvestre vers 10h", date(2026, 12, 31)},
		{sunday, "le réveillon du nouvel an", date(2026, 12, 31)},
		{sunday, "on New Year's Day", date(2027, 1, 1)},
		{sunday, "le jour de l'an", date(2027, 1, 1)},
		{sunday, "pour le nouvel an", date(2027, 1, 1)},
		{sunday, "on valentine's day", date(2027, 2, 14)},
		{sunday, "pour la Saint-Valentin", date(2027, 2, 14)},
		{sunday, "halloween", date(2027, 10, 31)},
		{sunday, "à la Toussaint", date(2027, 11, 1)},
		{sunday, "Easter Monday", date(2027, 3, 29)},
		{sunday, "le lundi de Pâques", date(2027, 3, 29)},
		{sunday, "on Easter Sunday", date(2027, 3, 28)},
		{sunday, "pour Pâques", date(2027, 3, 28)},
		{sunday, "Good Friday", date(2027, 3, 26)},
		{sunday, "le vendredi saint", date(2027, 3, 26)},
		{sunday, "Ascension day", date(2027, 5, 6)},
		{sunday, "le lundi de Pentecôte", date(2027, 5, 17)},
		// The next one: today counts, a day past is next year's.
		{christmasDay, "on Christmas Day", date(2026, 12, 25)},
		{christmasDay, "Christmas Eve", date(2027, 12, 24)},
		// A bound: "before" is no one day, "after" the day after.
		{sunday, "any day before christmas", nil},
		{sunday, "un créneau avant Noël ?", nil},
		{sunday, "jusqu'à Noël", nil},
		{sunday, "until Christmas Eve", nil},
		{sunday, "after christmas", date(2026, 12, 26)},
		{sunday, "après Noël", date(2026, 12, 26)},
		{sunday, "after boxing day", date(2026, 12, 27)},
		{sunday, "après Pâques", date(2027, 3, 29)},
		// A day counted from a holiday.
		{sunday, "the day after christmas", date(2026, 12, 26)},
		{sunday, "the day before Christmas", date(2026, 12, 24)},
		{sunday, "le lendemain de Noël", date(2026, 12, 26)},
		{sunday, "la veille du jour de l'an", date(2026, 12, 31)},
		{sunday, "the day before new year's day", date(2026, 12, 31)},
		{sunday, "le lendemain du jour de l'an", date(2027, 1, 2)},
		{sunday, "the day after easter", date(2027, 3, 29)},
		{christmasDay, "the day before christmas", date(2027, 12, 24)},
		// First names and vague times are no days.
		{sunday, "je m'appelle Noël Martin", nil},
		{sunday, "My name is Valentin Dupont", nil},
		{sunday, "Sylvestre Leroy", nil},
		{sunday, "Toussaint Louverture", nil},
		{sunday, "sometime in the new year", nil},
		{sunday, "le réveillon", nil},
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) {
			got := u.Understand(understand.Context{Now: tt.now}, tt.msg).Date
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Understand(%q) on %s: date (-want +got):\n%s", tt.msg, tt.now.Format("2006-01-02"), diff)
			}
		})
	}
}

// TestHolidayWeeks: the week after a holiday, or of it, is the calendar
// week (Monday to Sunday), from today on.
func TestHolidayWeeks(t *testing.T) {
	u := newUnderstander()
	wednesday := time.Date(2026, time.December, 23, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		now        time.Time
		msg        string
		start, end *understand.Date
	}{
		{sunday, "the week after christmas", date(2026, 12, 28), date(2027, 1, 3)},
		{sunday, "a dentist in Lyon the week after Christmas", date(2026, 12, 28), date(2027, 1, 3)},
		{sunday, "la semaine après Noël", date(2026, 12, 28), date(2027, 1, 3)},
		{sunday, "la semaine d'après Noël", date(2026, 12, 28), date(2027, 1, 3)},
		{sunday, "the week of christmas", date(2026, 12, 21), date(2026, 12, 27)},
		{sunday, "la semaine de Noël", date(2026, 12, 21), date(2026, 12, 27)},
		{wednesday, "the week of christmas", date(2026, 12, 23), date(2026, 12, 27)},
		{sunday, "la semaine du jour de l'an", date(2026, 12, 28), date(2027, 1, 3)},
	} {
		t.Run(tt.msg, func(t *testing.T) { wantDays(t, u, tt.now, tt.msg, tt.start, tt.end) })
	}
}
