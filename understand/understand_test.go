package understand_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

func newUnderstander() *understand.Understander {
	return understand.New(newGazetteer())
}

func TestIntents(t *testing.T) {
	u := newUnderstander()
	tests := []struct {
		name     string
		awaiting string
		msg      string
		want     understand.Intent
	}{
		// English.
		{"FindProvider", "", "I need a dentist in Lyon", understand.IntentFindProvider},
		{"FindProviderQuestion", "", "Are there any hairdressers in Paris?", understand.IntentFindProvider},
		{"FindOtherProviders", "", "Can you see if there are any other therapists?", understand.IntentFindProvider},
		{"AnybodyElseIsASearch", "slot_choice", "Anybody else you can recommend?", understand.IntentFindProvider},
		{"NoAnyoneElseIsASearch", "slot_choice", "No, is there anyone else?", understand.IntentFindProvider},
		{"QuelquUnDAutreIsASearch", "slot_choice", "quelqu'un d'autre ?", understand.IntentFindProvider},
		{"AskAvailability", "", "is there anything free tomorrow?", understand.IntentAskAvailability},
		{"AskAvailabilityTimes", "", "what times are available on Thursday?", understand.IntentAskAvailability},
		{"Book", "", "book me a haircut tomorrow at 3", understand.IntentBook},
		{"BookAppointment", "", "I'd like to make an appointment", understand.IntentBook},
		{"Cancel", "", "please cancel my appointment", understand.IntentCancel},
		{"CancelScrap", "", "please scrap my booking", understand.IntentCancel},
		{"CancelDrop", "", "drop the appointment please", understand.IntentCancel},
		{"CancelNoLongerNeed", "", "I no longer need my appointment", understand.IntentCancel},
		{"CancelPlusBesoin", "", "je n'ai plus besoin de mon rdv", understand.IntentCancel},
		{"CancelDesister", "", "je dois me désister", understand.IntentCancel},
		{"CancelLaisserTomber", "", "vous pouvez laisser tomber mon rendez-vous", understand.IntentCancel},
		{"Reschedule", "", "can I move my appointment to Friday?", understand.IntentReschedule},
		{"CancelAndTakeThursdayInsteadIsAMove", "", "can I cancel RDV-7K3M9QXW2A and take Thursday instead?", understand.IntentReschedule},
		{"CancelRatherAt5IsAMove", "", "cancel my appointment, rather at 5pm", understand.IntentReschedule},
		{"ActuallyCancelIsACancel", "nothing", "actually, please cancel it", understand.IntentCancel},
		{"MyBookings", "", "what appointments do I have?", understand.IntentMyBookings},
		{"InformCity", "city", "in Lyon", understand.IntentInform},
		{"InformEmail", "email", "marie@example.com", understand.IntentInform},
		{"InformDateTime", "date", "tomorrow at 10", understand.IntentInform},
		{"Affirm", "confirmation", "yes", understand.IntentAffirm},
		{"AffirmThatWorks", "", "that works", understand.IntentAffirm},
		{"AffirmGoAhead", "confirmation", "go ahead", understand.IntentAffirm},
		{"AffirmThenBookWhenConfirming", "confirmation", "yes please book it", understand.IntentAffirm},
		{"Deny", "confirmation", "no", understand.IntentDeny},
		{"DenyNope", "", "nope", understand.IntentDeny},
		{"DenyDont", "", "don't", understand.IntentDeny},
		{"ChooseOrdinal", "slot_choice", "the second one", understand.IntentChoose},
		{"WhatTimeIsMyAppointment", "", "what time is my appointment?", understand.IntentMyBookings},
		{"WhichDayIsMyBooking", "", "which day is my booking again?", understand.IntentMyBookings},
		{"IsMyAppointmentConfirmed", "", "is my appointment confirmed?", understand.IntentMyBookings},
		{"AQuelleHeureMonRdv", "", "c'est à quelle heure mon rdv ?", understand.IntentMyBookings},
		{"MonRendezVousEstQuand", "", "mon rendez-vous est quand déjà ?", understand.IntentMyBookings},
		{"QuelJourEstMonRdv", "", "quel jour est mon rdv", understand.IntentMyBookings},
		{"MonRdvEstIlConfirme", "", "mon rdv est-il bien confirmé ?", understand.IntentMyBookings},
		{"IsMyAppointmentConfirmedAtTheSummary", "confirmation", "is my appointment confirmed?", understand.IntentInform},
		{"AQuelleHeureMonRdvAtTheSummary", "confirmation", "c'est à quelle heure mon rdv ?", understand.IntentInform},
		{"ChooseTime", "slot_choice", "10:30 works", understand.IntentChoose},
		{"ChooseProvider", "", "the one with Dr Martin", understand.IntentChoose},
		{"ChooseOption", "", "option 3", understand.IntentChoose},
		{"Greet", "", "hello", understand.IntentGreet},
		{"Thanks", "", "thanks a lot", understand.IntentThanks},
		{"Help", "", "what can you do?", understand.IntentHelp},
		{"OutOfScopeWeather", "", "what's the weather like tomorrow?", understand.IntentOutOfScope},
		{"OutOfScopeJoke", "", "tell me a joke", understand.IntentOutOfScope},
		{"OutOfScopeGibberish", "", "blorp", understand.IntentOutOfScope},
		{"OutOfScopeQuelTempsAvecVilleEtJour", "", "quel temps fait-il à Lyon demain ?", understand.IntentOutOfScope},
		{"OutOfScopeVaTIlPleuvoir", "", "il va pleuvoir à Paris jeudi ?", understand.IntentOutOfScope},
		{"OutOfScopeWillItRain", "", "will it rain in Lyon tomorrow?", understand.IntentOutOfScope},
		{"OutOfScopeEmpty", "", "", understand.IntentOutOfScope},
		// French.
		{"ChercheCoiffeur", "", "je cherche un coiffeur", understand.IntentFindProvider},
		{"BesoinDentiste", "", "j'ai besoin d'un dentiste à Lyon", understand.IntentFindProvider},
		{"QuellesDispos", "", "quelles dispos jeudi ?", understand.IntentAskAvailability},
		{"PrendreRendezVous", "", "je voudrais prendre rendez-vous", understand.IntentBook},
		{"Reserver", "", "réserver", understand.IntentBook},
		{"Annuler", "", "je veux annuler mon rdv", understand.IntentCancel},
		{"AnnulerEtPlutotJeudiEstUnDeplacement", "", "annulez mon rdv et mettez-moi plutôt jeudi", understand.IntentReschedule},
		{"Decaler", "", "décaler mon rdv", understand.IntentReschedule},
		{"MoveItOnceBooked", "nothing", "can you move it to Saturday?", understand.IntentReschedule},
		{"PushItBackIdle", "", "could you push it back to 5pm", understand.IntentReschedule},
		{"ChangeItToOnceBooked", "nothing", "change it to saturday", understand.IntentReschedule},
		{"MoveItWhileConfirmingCorrects", "confirmation", "move it to Saturday", understand.IntentInform},
		{"MoveItWhileChoosingCorrects", "slot_choice", "move it to Saturday", understand.IntentInform},
		{"MesRendezVous", "", "mes rendez-vous", understand.IntentMyBookings},
		{"Oui", "confirmation", "oui", understand.IntentAffirm},
		{"DAccord", "", "d'accord", understand.IntentAffirm},
		{"Parfait", "", "parfait", understand.IntentAffirm},
		{"Non", "confirmation", "non", understand.IntentDeny},
		{"PasDuTout", "", "pas du tout", understand.IntentDeny},
		{"LePremier", "slot_choice", "le premier", understand.IntentChoose},
		{"LaDerniere", "", "la dernière", understand.IntentChoose},
		{"Bonjour", "", "bonjour", understand.IntentGreet},
		{"Merci", "", "merci beaucoup", understand.IntentThanks},
		{"Aide", "", "aide", understand.IntentHelp},
		{"Meteo", "", "quelle météo demain ?", understand.IntentOutOfScope},
		{"Blague", "", "raconte-moi une blague", understand.IntentOutOfScope},
		{"NonALilleIsACorrection", "", "non, à Lille", understand.IntentInform},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := u.Understand(understand.Context{Now: friday, Awaiting: tt.awaiting}, tt.msg).Intent
			if got != tt.want {
				t.Errorf("Understand(%q) intent = %s, want %s", tt.msg, got, tt.want)
			}
		})
	}
}

// slots is the part of a Result that entity tests compare.
type slots struct {
	Language     understand.Language
	Kind         rendezvous.Kind
	City         string
	ProviderName string
	Choice       int
	Name         string
	Email        string
	Phone        string
	BookingRef   string
	Correction   bool
}

func slotsOf(r understand.Result) slots {
	return slots{Language: r.Language, Kind: r.Kind, City: r.City, ProviderName: r.ProviderName, Choice: r.Choice,
		Name: r.Name, Email: r.Email, Phone: r.Phone, BookingRef: r.BookingRef, Correction: r.Correction}
}

func TestEntities(t *testing.T) {
	u := newUnderstander()
	en, fr := understand.English, understand.French
	tests := []struct {
		name     string
		awaiting string
		msg      string
		want     slots
	}{
		{"KindAndCity", "", "I need a dentist in Lyon", slots{Language: en, Kind: rendezvous.KindDentist, City: "Lyon"}},
		{"CityTypoMissingLetter", "", "do you have a physio in marseile on monday?", slots{Language: en, Kind: rendezvous.KindPhysiotherapist, City: "Marseille"}},
		{"CityTypoFrench", "", "un dentiste a bordeau", slots{Language: fr, Kind: rendezvous.KindDentist, City: "Bordeaux"}},
		{"CityTypoAnswer", "city", "saint etiene", slots{Language: en, City: "Saint-Étienne"}},
		{"ShortCityLetterTwice", "", "un dantiste a lyonn jeudi", slots{Language: fr, Kind: rendezvous.KindDentist, City: "Lyon"}},
		{"ShortCityLetterTwiceEnglish", "", "a gp in pariss", slots{Language: en, Kind: rendezvous.KindGeneralPractitioner, City: "Paris"}},
		{"NameLikeAShortCityTwice", "name", "Lyonne Martin", slots{Language: en, Name: "Lyonne Martin"}},
		{"NameLikeACityTypo", "name", "Lillie Marseile", slots{Language: en, Name: "Lillie Marseile"}},
		{"KindPlural", "", "any hairdressers in Paris?", slots{Language: en, Kind: rendezvous.KindHairdresser, City: "Paris"}},
		{"KindFrench", "", "un médecin généraliste à Saint-Étienne", slots{Language: fr, Kind: rendezvous.KindGeneralPractitioner, City: "Saint-Étienne"}},
		{"KindPhysicalTherapist", "", "a physical therapist", slots{Language: en, Kind: rendezvous.KindPhysiotherapist}},
		{"PsychiatristIsPsychologist", "", "I want to see a psychiatrist", slots{Language: en, Kind: rendezvous.KindPsychologist}},
		{"KindBarbier", "", "un barbier svp", slots{Language: fr, Kind: rendezvous.KindHairdresser}},
		{"CityAbbreviated", "", "un psy à st etienne", slots{Language: fr, Kind: rendezvous.KindPsychologist, City: "Saint-Étienne"}},
		{"CityWithoutAccent", "", "je suis a montreal", slots{Language: fr, City: "Montréal"}},
		{"CityLowerCase", "", "in mountain view", slots{Language: en, City: "Mountain View"}},
		{"CityWithPeriod", "", "a therapist in st. helena", slots{Language: en, Kind: rendezvous.KindPsychologist, City: "St. Helena"}},
		{"CommonWordCityNeedsCapital", "", "nice to meet you", slots{Language: en}},
		{"CommonWordCityCapitalised", "", "je vais à Nice", slots{Language: fr, City: "Nice"}},
		{"CommonWordCityWhenAsked", "city", "nice", slots{Language: en, City: "Nice"}},
		{"CommonWordCityTextedAfterPreposition", "", "dentist in nice thurs", slots{Language: en, Kind: rendezvous.KindDentist, City: "Nice"}},
		{"CommonWordCityTextedFrench", "", "un kine à nice", slots{Language: fr, Kind: rendezvous.KindPhysiotherapist, City: "Nice"}},
		{"CommonWordCityTextedAdjective", "", "need a nice dentist", slots{Language: en, Kind: rendezvous.KindDentist}},
		{"CommonWordCityTextedAfterKind", "", "jvx 1 rdv dentist nice vendredi", slots{Language: fr, Kind: rendezvous.KindDentist, City: "Nice"}},
		{"CommonWordCityTextedAfterKindAndA", "", "slt jcherche un psy a nice", slots{Language: fr, Kind: rendezvous.KindPsychologist, City: "Nice"}},
		{"CommonWordCityCapitalisedByChoice", "slot_choice", "hmm actually Nice would be easier", slots{Language: en, City: "Nice", Correction: true}},
		{"CommonWordCityAfterSoIsAWord", "", "That is so Nice", slots{Language: en}},
		{"NegatedCity", "", "not in Lyon, in Lille", slots{Language: en, City: "Lille"}},
		{"ProviderFullName", "", "with Christopher J. Celio please", slots{Language: en, ProviderName: "Christopher J. Celio"}},
		{"ProviderTitleAndSurname", "", "the one with Dr Martin", slots{Language: en, ProviderName: "Dr Sophie Martin"}},
		{"ProviderDocteur", "", "chez le docteur Martin", slots{Language: fr, ProviderName: "Dr Sophie Martin"}},
		{"ProviderPractice", "", "au cabinet dentaire du parc", slots{Language: fr, ProviderName: "Cabinet Dentaire du Parc"}},
		{"Email", "", "my email is Marie.Curie@Example.com", slots{Language: en, Email: "Marie.Curie@Example.com"}},
		{"EmailSpeltOut", "email", "john dot keats at example dot com", slots{Language: en, Email: "john.keats@example.com"}},
		{"EmailSpeltOutFrench", "email", "mon mail : jean point dupuis arobase exemple point fr", slots{Language: fr, Email: "jean.dupuis@exemple.fr"}},
		{"EmailSpeltOutSaid", "", "my email is sam.lee at gmail dot com", slots{Language: en, Email: "sam.lee@gmail.com"}},
		{"EmailSpeltOutNeedsTheDomain", "email", "marie at example", slots{Language: en}},
		{"EmailSpeltOutNotSaid", "", "I'll be at home point final", slots{Language: en}},
		{"PhoneFrenchSpaces", "", "06 12 34 56 78", slots{Language: en, Phone: "06 12 34 56 78"}},
		{"PhoneFrenchDots", "", "mon numéro : 06.12.34.56.78", slots{Language: fr, Phone: "06.12.34.56.78"}},
		{"PhoneFrenchInternational", "", "+33 6 12 34 56 78", slots{Language: en, Phone: "+33 6 12 34 56 78"}},
		{"PhoneFrench0033", "", "0033612345678", slots{Language: en, Phone: "0033612345678"}},
		{"PhoneNorthAmericanParens", "", "call me at (514) 555-0123", slots{Language: en, Phone: "(514) 555-0123"}},
		{"PhoneNorthAmericanDashes", "", "514-555-0123", slots{Language: en, Phone: "514-555-0123"}},
		{"PhoneNorthAmericanInternational", "", "+1 514 555 0123", slots{Language: en, Phone: "+1 514 555 0123"}},
		{"BookingRef", "", "cancel RDV-7K3M9QXW2A", slots{Language: en, BookingRef: "RDV-7K3M9QXW2A"}},
		{"BookingRefLowerWithSpace", "", "annuler rdv 7k3m9qxw2a", slots{Language: fr, BookingRef: "RDV-7K3M9QXW2A"}},
		{"BookingRefNoDash", "", "rdv7k3m9qxw2a", slots{Language: en, BookingRef: "RDV-7K3M9QXW2A"}},
		{"BookingRefBareWhenAsked", "booking_reference", "7k3m9qxw2a", slots{Language: en, BookingRef: "RDV-7K3M9QXW2A"}},
		{"BookingRefRejectsI", "", "RDV-7K3M9QXW2I", slots{Language: fr}},
		{"NameIAm", "", "I'm Marie Curie", slots{Language: en, Name: "Marie Curie"}},
		{"NameMyNameIs", "", "my name is Jean-Pierre Dupont.", slots{Language: en, Name: "Jean-Pierre Dupont"}},
		{"NameThisIs", "", "this is Marie", slots{Language: en, Name: "Marie"}},
		{"NameJeMAppelle", "", "je m'appelle marie curie", slots{Language: fr, Name: "marie curie"}},
		{"NameJeSuis", "", "je suis Marie Curie", slots{Language: fr, Name: "Marie Curie"}},
		{"NameCEstPour", "", "c'est pour Marie Curie", slots{Language: fr, Name: "Marie Curie"}},
		{"NameNom", "", "nom : Dupont", slots{Language: fr, Name: "Dupont"}},
		{"NameBareWhenAsked", "name", "  marie curie ", slots{Language: en, Name: "marie curie"}},
		{"NotANameDisponible", "", "je suis disponible", slots{Language: fr}},
		{"NotANameInteresse", "", "je suis intéressé", slots{Language: fr}},
		{"NotANameLooking", "", "I'm looking for a dentist", slots{Language: en, Kind: rendezvous.KindDentist}},
		{"NotANameWhenNotAsked", "", "marie curie", slots{Language: en}},
		{"NameAndEmail", "", "I'm Marie Curie, marie@example.com", slots{Language: en, Name: "Marie Curie", Email: "marie@example.com"}},
		{"ChoiceSecond", "", "the second one", slots{Language: en, Choice: 2}},
		{"ChoiceLast", "", "the last one", slots{Language: en, Choice: -1}},
		{"ChoiceOption", "", "option 3", slots{Language: en, Choice: 3}},
		{"ChoiceBareNumberWhenAsked", "slot_choice", "2", slots{Language: en, Choice: 2}},
		{"ChoiceBareNumberNotAsked", "", "2", slots{Language: en}},
		{"ChoiceLePremier", "", "le premier", slots{Language: fr, Choice: 1}},
		{"ChoiceLeDeuxWhenAsked", "slot_choice", "le 2", slots{Language: fr, Choice: 2}},
		{"ChoiceLeDeuxThenName", "slot_choice", "le 2, au nom de Paul Durand", slots{Language: fr, Choice: 2, Name: "Paul Durand"}},
		{"ChoiceLeadingNumberThenWords", "slot_choice", "3, for my wife Ann Lee", slots{Language: en, Choice: 3, Name: "Ann Lee"}},
		{"ChoiceLeDeuxDecembreIsADate", "slot_choice", "le 2, décembre", slots{Language: fr}},
		// "mais" (but) is no "mai" (May): the choice stands.
		{"ChoiceLeDeuxiemeMais", "slot_choice", "le deuxième mais l'après-midi", slots{Language: fr, Choice: 2}},
		{"ChoiceLePremierMaisVendredi", "slot_choice", "le premier mais vendredi", slots{Language: fr, Choice: 1}},
		{"ChoiceLePremierMai", "slot_choice", "le premier mai", slots{Language: fr}},
		// A number picked "but" with a change: the pick stands (the dialogue
		// searches that slot's provider or time with the change).
		{"ChoiceLeTroisMaisApresMidi", "slot_choice", "le 3 mais plutôt l'après-midi", slots{Language: fr, Choice: 3, Correction: true}},
		{"ChoiceLeDeuxMaisVendredi", "slot_choice", "le 2 mais vendredi", slots{Language: fr, Choice: 2}},
		{"ChoiceNumberTwoButLater", "slot_choice", "number 2 but later", slots{Language: en, Choice: 2}},
		{"ChoiceTheTwoButFriday", "slot_choice", "the 2 but on Friday", slots{Language: en, Choice: 2}},
		{"ChoiceTwoButNotInTheMorning", "slot_choice", "2 but not in the morning", slots{Language: en, Choice: 2}},
		// A number past the slots shown, with more said, is a day; a pick
		// "but" unsure is none.
		{"LeDouzeMaisLeMatinIsADay", "slot_choice", "le 12 mais le matin", slots{Language: fr}},
		{"TheTenthButInTheAfternoonIsADay", "slot_choice", "the 10th but in the afternoon", slots{Language: en}},
		{"LeDouzeVirguleLeMatinIsADay", "slot_choice", "le 12, le matin", slots{Language: fr}},
		{"LeDeuxMaisPasSur", "slot_choice", "le 2 mais je ne suis pas sûr", slots{Language: fr}},
		{"LeDeuxMaisNon", "slot_choice", "le 2 mais non en fait", slots{Language: fr}},
		{"OneButINeedToCheck", "slot_choice", "1 but I need to check with my wife", slots{Language: en}},
		{"NumberOneButLetMeThink", "slot_choice", "number 1 but let me think", slots{Language: en}},
		{"TheThirdButNotSure", "slot_choice", "the 3rd but I'm not sure", slots{Language: en}},
		{"LeDeuxMaisJHesite", "slot_choice", "le 2 mais j'hésite", slots{Language: fr}},
		{"LeUnMaisPasSure", "slot_choice", "le 1 mais je ne suis pas sûre", slots{Language: fr}},
		{"LeQuatreMaisApresMidiIsADay", "slot_choice", "le 4 mais l'après-midi", slots{Language: fr}},
		{"LeUnAvecPlaisir", "slot_choice", "le 1 avec plaisir", slots{Language: fr, Choice: 1}},
		// A slot ruled out is no choice of it; "no, the second one" is.
		{"NotTheSecondOne", "slot_choice", "not the second one", slots{Language: en}},
		{"AnythingButTheSecondOne", "slot_choice", "anything but the second one", slots{Language: en}},
		{"PasLePremier", "slot_choice", "pas le premier", slots{Language: fr}},
		{"NoTheSecondOne", "slot_choice", "no, the second one", slots{Language: en, Choice: 2}},
		{"ChoiceAndNameUnderHusband", "slot_choice", "the second one, under my husband's name, Paul Arendt", slots{Language: en, Choice: 2, Name: "Paul Arendt"}},
		{"PremierMarsIsADate", "", "le premier mars", slots{Language: fr}},
		{"CorrectionActually", "", "actually Thursday", slots{Language: en, Correction: true}},
		{"CorrectionNonA", "", "non, à Lille", slots{Language: fr, City: "Lille", Correction: true}},
		{"CorrectionPlutot", "", "plutôt jeudi", slots{Language: fr, Correction: true}},
		{"CorrectionInstead", "", "tomorrow instead", slots{Language: en, Correction: true}},
		{"CorrectionFinalement", "", "finalement à Paris", slots{Language: fr, City: "Paris", Correction: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slotsOf(u.Understand(understand.Context{Now: friday, Awaiting: tt.awaiting}, tt.msg))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Understand(%q) mismatch (-want +got):\n%s", tt.msg, diff)
			}
		})
	}
}

func TestRobustness(t *testing.T) {
	u := newUnderstander()
	type summary struct {
		Intent understand.Intent
		Kind   rendezvous.Kind
		City   string
		When   when
	}
	tests := []struct {
		name string
		msg  string
		want summary
	}{
		{"NoAccents", "demain a 15h", summary{Intent: understand.IntentInform, When: when{Date: date(2019, 3, 2), Time: clock(15, 0)}}},
		{"KineNoAccent", "un kine apres-midi", summary{Intent: understand.IntentFindProvider, Kind: rendezvous.KindPhysiotherapist, When: when{PartOfDay: understand.Afternoon}}},
		{"MedecinNoAccent", "medecin a lyon", summary{Intent: understand.IntentFindProvider, Kind: rendezvous.KindGeneralPractitioner, City: "Lyon"}},
		{"UpperCase", "I NEED A DENTIST IN LYON TOMORROW", summary{Intent: understand.IntentFindProvider, Kind: rendezvous.KindDentist, City: "Lyon", When: when{Date: date(2019, 3, 2)}}},
		{"TypoTransposition", "i need a dentsit", summary{Intent: understand.IntentFindProvider, Kind: rendezvous.KindDentist}},
		{"TypoDeletion", "je cherche un coifeur", summary{Intent: understand.IntentFindProvider, Kind: rendezvous.KindHairdresser}},
		{"TypoAccent", "un kinésitherapeute", summary{Intent: understand.IntentFindProvider, Kind: rendezvous.KindPhysiotherapist}},
		{"TypoTomorrow", "tomorow at 10", summary{Intent: understand.IntentInform, When: when{Date: date(2019, 3, 2), Time: clock(10, 0)}}},
		{"TypoWeekday", "thursdya please", summary{Intent: understand.IntentInform, When: when{Date: date(2019, 3, 7)}}},
		{"MixedLanguages", "I need un dentiste à Lyon demain", summary{Intent: understand.IntentFindProvider, Kind: rendezvous.KindDentist, City: "Lyon", When: when{Date: date(2019, 3, 2)}}},
		{"MixedLanguagesTime", "book a dentist tomorrow à 15h", summary{Intent: understand.IntentBook, Kind: rendezvous.KindDentist, When: when{Date: date(2019, 3, 2), Time: clock(15, 0)}}},
		{"Emoji", "🦷 dentist tomorrow 🙏🙏", summary{Intent: understand.IntentFindProvider, Kind: rendezvous.KindDentist, When: when{Date: date(2019, 3, 2)}}},
		{"Punctuation", "!!!dentist???...in...Lyon!!!", summary{Intent: understand.IntentFindProvider, Kind: rendezvous.KindDentist, City: "Lyon"}},
		{"InvalidUTF8", "dentist \xff\xfe in Lyon", summary{Intent: understand.IntentFindProvider, Kind: rendezvous.KindDentist, City: "Lyon"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := u.Understand(understand.Context{Now: friday}, tt.msg)
			got := summary{Intent: r.Intent, Kind: r.Kind, City: r.City, When: whenOf(r)}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Understand(%q) mismatch (-want +got):\n%s", tt.msg, diff)
			}
		})
	}
}

func TestAwaitingBareAnswers(t *testing.T) {
	u := newUnderstander()
	type answer struct {
		Intent understand.Intent
		Choice int
		City   string
		When   when
	}
	tests := []struct {
		name     string
		awaiting string
		msg      string
		want     answer
	}{
		{"NumberIsChoice", "slot_choice", "2", answer{Intent: understand.IntentChoose, Choice: 2}},
		{"NumberIsTime", "time", "10", answer{Intent: understand.IntentInform, When: when{Time: clock(10, 0)}}},
		{"SmallNumberIsAfternoonTime", "time", "3", answer{Intent: understand.IntentInform, When: when{Time: clock(15, 0)}}},
		{"NumberIsDayOfMonth", "date", "14", answer{Intent: understand.IntentInform, When: when{Date: date(2019, 3, 14)}}},
		{"YesIsAffirm", "confirmation", "yes", answer{Intent: understand.IntentAffirm}},
		{"OuiIsAffirm", "confirmation", "oui", answer{Intent: understand.IntentAffirm}},
		{"BareCityIsInform", "city", "Lyon", answer{Intent: understand.IntentInform, City: "Lyon"}},
		{"BareCityUnasked", "", "Lyon", answer{Intent: understand.IntentInform, City: "Lyon"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := u.Understand(understand.Context{Now: friday, Awaiting: tt.awaiting}, tt.msg)
			got := answer{Intent: r.Intent, Choice: r.Choice, City: r.City, When: whenOf(r)}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Understand(%q) mismatch (-want +got):\n%s", tt.msg, diff)
			}
		})
	}
}

func TestLanguageDetection(t *testing.T) {
	u := newUnderstander()
	tests := []struct {
		name     string
		fallback understand.Language
		msg      string
		want     understand.Language
	}{
		{"English", "", "I need a dentist", understand.English},
		{"French", "", "je cherche un dentiste", understand.French},
		{"FrenchAccentsOnly", "", "à 15h", understand.French},
		{"FrenchRdv", "", "rdv svp", understand.French},
		{"ShortUsesFallbackFrench", understand.French, "ok", understand.French},
		{"ShortUsesFallbackEnglish", understand.English, "Lyon", understand.English},
		{"ShortWithoutFallbackIsEnglish", "", "10", understand.English},
		{"FrenchHourFallback", understand.English, "10h", understand.French},
		// A conversation keeps its language unless a message clearly is
		// in the other one.
		{"FrenchKeptOnYes", understand.French, "yes", understand.French},
		{"FrenchKeptOnThanks", understand.French, "thanks!", understand.French},
		{"FrenchKeptOnCity", understand.French, "Montréal", understand.French},
		{"FrenchLeftOnClearEnglish", understand.French, "tomorrow at 10 please", understand.English},
		{"FrenchLeftOnTheFirstOne", understand.French, "the first one", understand.English},
		{"FrenchLeftOnOtherDays", understand.French, "other days?", understand.English},
		{"EnglishLeftOnPlusTard", understand.English, "plus tard ?", understand.French},
		{"EnglishKeptOnMerci", understand.English, "merci", understand.English},
		{"EnglishKeptOnOui", understand.English, "oui", understand.English},
		{"EnglishLeftOnKindWord", understand.English, "coiffeur", understand.French},
		{"EnglishLeftOnDemain", understand.English, "demain matin", understand.French},
		{"EnglishLeftOnPourquoi", understand.English, "pourquoi faire", understand.French},
		// A French name in an English sentence is no French.
		{"FrenchNamesInEnglish", "", "I'd like to see Dr Lefèvre in Besançon", understand.English},
		{"FrenchAccentsOfANameInEnglish", understand.French, "I want Dr Sophie Martin in Saint-Étienne", understand.English},
		{"FrenchNamesInEnglishAfterFrench", understand.French, "I'd like to see Dr Lefèvre in Besançon", understand.English},
		{"FrenchNameTexting", understand.French, "can i see dr lefèvre tmrw?", understand.English},
		{"FrenchSalonInEnglish", understand.French, "is Salon Léa open on Saturday?", understand.English},
		{"EnglishCityInFrench", understand.English, "je voudrais un rdv à Mountain View", understand.French},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := u.DetectLanguage(tt.msg, tt.fallback); got != tt.want {
				t.Errorf("DetectLanguage(%q) = %s, want %s", tt.msg, got, tt.want)
			}
			if got := u.Understand(understand.Context{Now: friday, Language: tt.fallback}, tt.msg).Language; got != tt.want {
				t.Errorf("Understand(%q).Language = %s, want %s", tt.msg, got, tt.want)
			}
		})
	}
}

func TestLongInputIsTruncated(t *testing.T) {
	u := newUnderstander()
	msg := strings.Repeat("é", understand.MaxInputBytes) + " dentist in Lyon"
	r := u.Understand(understand.Context{Now: friday}, msg)
	if r.Kind != "" || r.City != "" {
		t.Errorf("words after the limit were read: %+v", r)
	}
	r = u.Understand(understand.Context{Now: friday}, "dentist in Lyon "+strings.Repeat("x", 3*understand.MaxInputBytes))
	if r.Kind != rendezvous.KindDentist || r.City != "Lyon" {
		t.Errorf("words before the limit were lost: %+v", r)
	}
}

func TestParseHelpers(t *testing.T) {
	u := newUnderstander()
	c := understand.Context{Now: friday}
	if d, ok := u.ParseDate(c, "next Thursday"); !ok || d != *date(2019, 3, 7) {
		t.Errorf("ParseDate(next Thursday) = %v, %v", d, ok)
	}
	if _, ok := u.ParseDate(c, "blue"); ok {
		t.Error("ParseDate(blue) found a date")
	}
	if ct, ok := u.ParseTime(c, "half past 3 in the afternoon"); !ok || ct != *clock(15, 30) {
		t.Errorf("ParseTime = %v, %v", ct, ok)
	}
	if ct, ok := u.ParseTime(c, "4:30 pm"); !ok || ct != *clock(16, 30) {
		t.Errorf("ParseTime(4:30 pm) = %v, %v", ct, ok)
	}
}

func TestConcurrentUse(t *testing.T) {
	u := newUnderstander()
	msgs := []string{"I need a dentist in Lyon tomorrow at 4", "je voudrais un rdv jeudi à 10h", "the second one", "oui"}
	want := make([]understand.Result, len(msgs))
	for i, m := range msgs {
		want[i] = u.Understand(understand.Context{Now: friday}, m)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				k := (g + i) % len(msgs)
				if diff := cmp.Diff(want[k], u.Understand(understand.Context{Now: friday}, msgs[k])); diff != "" {
					t.Errorf("concurrent Understand(%q) differs:\n%s", msgs[k], diff)
					return
				}
			}
		}()
	}
	wg.Wait()
}
