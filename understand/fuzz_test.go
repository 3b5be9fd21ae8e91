package understand_test

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

var awaitingValues = []string{"", "kind", "city", "date", "time", "slot_choice", "name", "email", "phone",
	"confirmation", "booking_reference", "nothing", "provider_choice"}

// FuzzUnderstand checks that Understand never panics and that every field
// it returns is consistent: a valid date, a clock time within the day, a
// known intent and kind, names from the gazetteer, customer data taken
// from the message itself.
func FuzzUnderstand(f *testing.F) {
	for _, msgs := range benchCorpus {
		for _, m := range msgs {
			f.Add(m, uint8(0), int64(0))
		}
	}
	for _, m := range []string{
		"", " ", "\xff\xfe\xfd", "le 31 février", "the 0th", "99:99", "24:00", "quarter to 0", "half past 12 pm",
		"rdv-ILOU123456", "+33 6 12 34 56 78 0033612345678", "06 12 34 56 78 9", "a@b.c", "marie@@example..com",
		"le 2", "2", "10", "le premier mars", "midnight", "minuit moins 5", "dans 99 jours", "in 99999999999 days",
		"the 2nd one", "I'm", "je suis", "nom :", "du 24 au 31 décembre", "from 31 to 2 February", "du 28 décembre au 3",
		"entre le 99 et le 3 mars", "from the 2nd to the 28th of March 2027", "early february", "fin du mois prochain",
		"the last week of february", "mi-", "any day but", "la premiere semaine de", "🦷🦷🦷", strings.Repeat("9", 5000), strings.Repeat("le 3 ", 1000),
	} {
		for i := range awaitingValues {
			f.Add(m, uint8(i), int64(i)*86400*37)
		}
	}
	u := newUnderstander()
	f.Fuzz(func(t *testing.T, msg string, awaiting uint8, offset int64) {
		now := friday.Add(time.Duration(offset%(400*86400)) * time.Second)
		c := understand.Context{Now: now, Awaiting: awaitingValues[int(awaiting)%len(awaitingValues)]}
		r := u.Understand(c, msg)
		checkResult(t, msg, now, r)
	})
}

// FuzzWhen reads messages about days and times with a day and a time
// under discussion, as the dialogue gives them: it never panics, windows
// are ranges of the day, spans of days end after they start, and every
// date is a real one.
func FuzzWhen(f *testing.F) {
	for _, m := range []string{
		"the day after", "le lendemain", "la veille", "same time", "même heure", "an hour later", "30 minutes plus tôt",
		"the week after", "next week", "ce week-end", "vendredi en huit", "Monday the 31st", "jeudi 10 décembre",
		"after 5", "entre 14h et 16h", "between 11 and 1", "avant minuit", "after midnight", "from 23:59 on", "not before 24",
		"make it 11 instead", "plutôt 0", "anything later?", "d'autres jours ?", "pas lundi", "2-4pm", "23h-1h",
		"half an hour earlier", "999 minutes later", "a week today", "ds 15j", "dem1 aprem", "fin de matinée",
	} {
		f.Add(m, int64(0), uint16(600), int16(5))
	}
	u := newUnderstander()
	f.Fuzz(func(t *testing.T, msg string, offset int64, refMinutes uint16, refDays int16) {
		now := friday.Add(time.Duration(offset%(400*86400)) * time.Second)
		ref := understand.DateOf(now, nil).AddDays(int(refDays) % 400)
		at := rendezvous.ClockTime(int(refMinutes) % (24 * 60))
		r := u.Understand(understand.Context{Now: now, RefDate: &ref, RefTime: &at}, msg)
		checkResult(t, msg, now, r)
	})
}

func checkResult(t *testing.T, msg string, now time.Time, r understand.Result) {
	t.Helper()
	if r.Language != understand.English && r.Language != understand.French {
		t.Errorf("language %q", r.Language)
	}
	switch r.Intent {
	case understand.IntentFindProvider, understand.IntentAskAvailability, understand.IntentBook,
		understand.IntentCancel, understand.IntentReschedule, understand.IntentMyBookings, understand.IntentInform,
		understand.IntentAffirm, understand.IntentDeny, understand.IntentChoose, understand.IntentGreet,
		understand.IntentThanks, understand.IntentHelp, understand.IntentOutOfScope:
	default:
		t.Errorf("unknown intent %q", r.Intent)
	}
	if r.Kind != "" && !r.Kind.Valid() {
		t.Errorf("unknown kind %q", r.Kind)
	}
	if r.Date != nil {
		if !r.Date.Valid() {
			t.Errorf("invalid date %+v", *r.Date)
		}
		today := understand.DateOf(now, nil)
		if r.Date.Before(today) && !strings.ContainsAny(msg, "0123456789") {
			t.Errorf("date %v before today %v without an explicit year", *r.Date, today)
		}
	}
	if r.DateEnd != nil && (r.Date == nil || !r.DateEnd.Valid() || r.DateEnd.Before(*r.Date) || r.Date.AddDays(31).Before(*r.DateEnd)) {
		t.Errorf("span of days %v to %v", r.Date, *r.DateEnd)
	}
	if r.NotDate != nil && !r.NotDate.Valid() {
		t.Errorf("invalid day ruled out %+v", *r.NotDate)
	}
	if m := r.DateMismatch; m != nil && (r.Date != nil || !m.Date.Valid() || m.Weekday < time.Sunday || m.Weekday > time.Saturday) {
		t.Errorf("mismatch %+v with date %v", *m, r.Date)
	}
	if r.Window != nil && !r.Window.Valid() {
		t.Errorf("window %v is not a range of the day", *r.Window)
	}
	switch r.Refine {
	case understand.NoRefinement, understand.RefineLater, understand.RefineEarlier, understand.RefineOtherDays:
	default:
		t.Errorf("refinement %q", r.Refine)
	}
	if r.Time != nil && (*r.Time < 0 || *r.Time >= 24*60) {
		t.Errorf("time out of the day: %d", *r.Time)
	}
	if r.TimeApprox && r.Time == nil {
		t.Error("approximate time without a time")
	}
	switch r.PartOfDay {
	case understand.NoPartOfDay, understand.Morning, understand.Afternoon, understand.Evening:
	default:
		t.Errorf("part of day %q", r.PartOfDay)
	}
	if r.Choice < -1 || r.Choice > 20 {
		t.Errorf("choice %d", r.Choice)
	}
	if r.City != "" && !contains(newGazetteer().Cities, r.City) {
		t.Errorf("city %q not in the gazetteer", r.City)
	}
	if r.ProviderName != "" && !contains(newGazetteer().ProviderNames, r.ProviderName) && !shortForm(newGazetteer().ProviderNames, r.ProviderName) {
		t.Errorf("provider %q not in the gazetteer", r.ProviderName)
	}
	if r.UnknownProvider && r.ProviderName != "" {
		t.Errorf("unknown provider named %q", r.ProviderName)
	}
	if r.Question != "" && !slices.Contains(r.Question.JSONSchemaEnum(), string(r.Question)) {
		t.Errorf("question %q", r.Question)
	}
	if r.Unoffered != "" && (r.Kind != "" || !slices.Contains(understand.Trades(), r.Unoffered)) {
		t.Errorf("trade %q with kind %q", r.Unoffered, r.Kind)
	}
	text := strings.ToValidUTF8(msg, " ")
	for field, v := range map[string]string{"name": r.Name, "email": r.Email, "phone": r.Phone} {
		if v == "" {
			continue
		}
		if v != strings.TrimSpace(v) || !utf8.ValidString(v) {
			t.Errorf("%s %q not trimmed valid text", field, v)
		}
		if !strings.Contains(text, v) {
			t.Errorf("%s %q is not in the message", field, v)
		}
	}
	if r.Email != "" && !strings.Contains(r.Email, "@") {
		t.Errorf("email %q", r.Email)
	}
	if r.BookingRef != "" {
		ref := r.BookingRef
		if len(ref) != 14 || !strings.HasPrefix(ref, "RDV-") || strings.ContainsAny(ref[4:], "ILOU") || strings.ToUpper(ref) != ref {
			t.Errorf("booking reference %q", ref)
		}
	}
}

func newGazetteer() understand.Gazetteer {
	return understand.Gazetteer{
		Cities: []string{"Paris", "Lyon", "Lille", "Saint-Étienne", "Montréal", "Mountain View", "Nice",
			"San Jose", "St. Helena", "Marseille", "Bordeaux"},
		ProviderNames: []string{"Cabinet Dentaire du Parc", "Dr Sophie Martin", "Christopher J. Celio"},
	}
}

// shortForm reports whether name is a reference to several providers: a
// title and words, each a word of a name of the list as it is spelt there.
func shortForm(names []string, name string) bool {
	words := strings.Fields(name)
	switch words[0] {
	case "Dr", "Mr", "Mrs", "Ms", "Miss", "Mme", "Mlle", "M.":
		words = words[1:]
	}
	for _, w := range words {
		found := false
		for _, n := range names {
			found = found || slices.Contains(strings.FieldsFunc(n, func(r rune) bool { return r == ' ' || r == ',' || r == '\'' }), w)
		}
		if !found {
			return false
		}
	}
	return len(words) > 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
