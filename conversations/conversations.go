package conversations

import (
	"slices"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// Dates relative to the pinned now, Monday 2026-11-23 08:00 in Paris.
const (
	today     = "2026-11-23"
	tomorrow  = "2026-11-24" // Tuesday
	afterTmrw = "2026-11-25" // Wednesday
	thursday  = "2026-11-26"
	friday    = "2026-11-27"
	saturday  = "2026-11-28"
)

const (
	awKind    = dialogue.AwaitKind
	awCity    = dialogue.AwaitCity
	awDate    = dialogue.AwaitDate
	awChoice  = dialogue.AwaitSlotChoice
	awName    = dialogue.AwaitName
	awEmail   = dialogue.AwaitEmail
	awPhone   = dialogue.AwaitPhone
	awConfirm = dialogue.AwaitConfirmation
	awRef     = dialogue.AwaitReference
	awNothing = dialogue.AwaitNothing
)

// step is one message and what the agent must wait for after it ("" for
// anything).
type step struct {
	say      string
	awaiting string
}

// Conversation is a scripted exchange and what it must have done in the
// store when it ends.
type Conversation struct {
	Name  string
	setup func(h *Harness) []step // extra steps that depend on a setup (a booking made beforehand)
	steps []step
	check func(h *Harness)
	// embedded says the conversation needs what only the embedded
	// understanding reads today (see dates.go).
	embedded bool
}

func booked(kind rendezvous.Kind, city, date, clock, email string) func(h *Harness) {
	return func(h *Harness) { h.wantBooked(kind, city, date, clock, email) }
}

// movedNotRebooked checks that the conversation's one booking was moved
// to that date: the customer's "it" was changed, not booked a second time.
func movedNotRebooked(kind rendezvous.Kind, city, date, email string) func(h *Harness) {
	return func(h *Harness) {
		h.wantBooked(kind, city, date, "", email)
		if ids := slices.Compact(slices.Clone(h.made)); len(ids) != 1 {
			h.t.Fatalf("bookings made or changed: %v, want one booking moved\n%s", h.made, h.transcript())
		}
	}
}

// nothingBooked checks that no booking was made and that the last reply
// says so.
func nothingBooked(says string) func(h *Harness) {
	return func(h *Harness) {
		if len(h.made) != 0 || !containsAll(h.last.Text, says) {
			h.t.Fatalf("made %v; last reply %q\n%s", h.made, h.last.Text, h.transcript())
		}
	}
}

// replied checks the reply to message i (from 0) of the conversation.
func replied(i int, parts ...string) func(h *Harness) {
	return func(h *Harness) {
		if reply := h.trans[2*i+1]; !containsAll(reply, parts...) {
			h.t.Fatalf("reply %d: %q, want it to say %q\n%s", i, reply, parts, h.transcript())
		}
	}
}

// bookedProposal checks that the booking is proposal i of the turn before
// the choice was made (n messages before the end).
func bookedChoice(kind rendezvous.Kind, city, email string, choiceTurn, i int) func(h *Harness) {
	return func(h *Harness) {
		b := h.wantBooked(kind, city, "", "", email)
		p := h.seen[choiceTurn-1][i]
		if !b.Start.Equal(p.Start) || b.ProviderID != p.ProviderID {
			h.t.Fatalf("booked %d at %s, but proposal %d was %d at %s\n%s", b.ProviderID, b.Start, i+1, p.ProviderID, p.Start, h.transcript())
		}
	}
}

// All returns the suite.
func All() []Conversation {
	return append([]Conversation{
		// English, one message says everything.
		{Name: "EN/AllInOneMessage", steps: []step{
			{"Book me a dentist in Lyon tomorrow at 10, I'm Marie Curie, marie@example.com, 06 12 34 56 78", awConfirm},
			{"yes", awNothing},
		}, check: booked(rendezvous.KindDentist, "Lyon", tomorrow, "10:00", "marie@example.com")},
		{Name: "EN/StepByStep", steps: []step{
			{"Hi", awKind},
			{"I need a dentist", awCity},
			{"Lyon", awChoice},
			{"the first one", awName},
			{"Marie Curie", awEmail},
			{"marie@example.com", awPhone},
			{"06 12 34 56 78", awConfirm},
			{"yes please", awNothing},
		}, check: bookedChoice(rendezvous.KindDentist, "Lyon", "marie@example.com", 4, 0)},
		{Name: "EN/SecondProposal", steps: []step{
			{"I'd like a haircut in Paris tomorrow afternoon", awChoice},
			{"the second one", awName},
			{"my name is John Smith", awEmail},
			{"john.smith@example.org", awPhone},
			{"+33 6 98 76 54 32", awConfirm},
			{"sure", awNothing},
		}, check: bookedChoice(rendezvous.KindHairdresser, "Paris", "john.smith@example.org", 2, 1)},
		{Name: "EN/ChooseByTime", steps: []step{
			{"is there a physio free in Lyon on Thursday morning?", awChoice},
		}, setup: func(h *Harness) []step { return nil }, check: func(h *Harness) {
			p := h.st.Proposals[1]
			h.say(p.Start.In(paris).Format("15:04")+" works for me", awName)
			if h.st.Chosen == nil || !h.st.Chosen.Start.Equal(p.Start) {
				h.t.Fatalf("choosing by time picked %v, want %s\n%s", h.st.Chosen, p.Start, h.transcript())
			}
			h.say("Grace Hopper", awEmail)
			h.say("grace@example.com", awPhone)
			h.say("06 36 36 36 36", awConfirm)
			h.say("yes", awNothing)
			h.wantBooked(rendezvous.KindPhysiotherapist, "Lyon", thursday, p.Start.In(paris).Format("15:04"), "grace@example.com")
		}},
		{Name: "EN/TypoAndLowercase", steps: []step{
			{"i need a dentsit in lyon tomorow morning", awChoice},
			{"1", awName},
			{"anna karenina", awEmail},
			{"anna@example.com", awPhone},
			{"0698765432", awConfirm},
			{"yes", awNothing},
		}, check: bookedChoice(rendezvous.KindDentist, "Lyon", "anna@example.com", 2, 0)},
		{Name: "EN/ChangeOfMindDay", steps: []step{
			{"Book a GP in Paris tomorrow at 9am", awName},
			{"actually Thursday", awName},
			{"the first", awName},
			{"Ada Lovelace", awEmail},
			{"ada@example.com", awPhone},
			{"06 11 22 33 44", awConfirm},
			{"yes", awNothing},
		}, check: booked(rendezvous.KindGeneralPractitioner, "Paris", thursday, "", "ada@example.com")},
		{Name: "EN/ChangeOfMindCity", steps: []step{
			{"a psychologist in Paris please", awChoice},
			{"no, in Lyon", awChoice},
			{"the first one", awName},
			{"Carl Jung", awEmail},
			{"carl@example.ch", awPhone},
			{"+41 44 668 18 00", awConfirm},
			{"ok", awNothing},
		}, check: bookedChoice(rendezvous.KindPsychologist, "Lyon", "carl@example.ch", 3, 0)},
		{Name: "EN/InvalidEmailThenValid", steps: []step{
			{"dentist in Lille on Friday", awChoice},
			{"first", awName},
			{"Sam Taylor", awEmail},
			{"sam at example", awEmail},
			{"sam@example", awEmail},
			{"sam@example.com", awPhone},
			{"12", awPhone},
			{"06 55 44 33 22", awConfirm},
			{"yes", awNothing},
		}, check: booked(rendezvous.KindDentist, "Lille", friday, "", "sam@example.com")},
		{Name: "EN/DenyThenPickAnother", steps: []step{
			{"Book me a hairdresser in Paris on Saturday, I'm Zoe Adams, zoe@example.com, 0612121212", awChoice},
			{"the first one", awConfirm},
			{"no", awChoice},
			{"the last one", awConfirm},
			{"yes", awNothing},
		}, check: func(h *Harness) {
			b := h.wantBooked(rendezvous.KindHairdresser, "Paris", saturday, "", "zoe@example.com")
			if n := len(h.seen[0]); n == 0 || !b.Start.Equal(h.seen[0][n-1].Start) {
				h.t.Fatalf("booked %s, want the last proposal\n%s", b.Start, h.transcript())
			}
		}},
		{Name: "EN/NeverBooksWithoutYes", steps: []step{
			{"Book me a dentist in Lyon tomorrow at 11, I'm Ben Hur, ben@example.com, 0612345670", awConfirm},
			{"hmm let me think", awConfirm},
			{"what's the weather like?", awConfirm},
		}, check: func(h *Harness) {
			if len(h.made) != 0 {
				h.t.Fatalf("a booking was made without a yes\n%s", h.transcript())
			}
		}},
		{Name: "EN/OutOfScopeThenBook", steps: []step{
			{"tell me a joke", awKind},
			{"ok then, I need a doctor in Bordeaux", awChoice},
			{"first one", awName},
			{"Mary Poppins", awEmail},
			{"mary@example.co.uk", awPhone},
			{"+44 20 7946 0958", awConfirm},
			{"yes", awNothing},
		}, check: booked(rendezvous.KindGeneralPractitioner, "Bordeaux", "", "", "mary@example.co.uk")},
		{Name: "EN/HalfPastTen", steps: []step{
			{"can I see a dentist in Paris tomorrow at half past ten? I'm Tom Hardy, tom@example.com, 06 13 13 13 13", awConfirm},
			{"yes", awNothing},
		}, check: booked(rendezvous.KindDentist, "Paris", tomorrow, "10:30", "tom@example.com")},
		{Name: "EN/NextTuesday", steps: []step{
			{"physiotherapist in Lyon next Tuesday please", awChoice},
			{"the first one", awName},
			{"Lee Chen", awEmail},
			{"lee@example.com", awPhone},
			{"06 20 30 40 50", awConfirm},
			{"go ahead", awNothing},
		}, check: booked(rendezvous.KindPhysiotherapist, "Lyon", tomorrow, "", "lee@example.com")},
		{Name: "EN/EveningMontreal", steps: []step{
			{"I need a psychologist in Montreal in the evening", awChoice},
			{"1", awName},
			{"Jean Tremblay", awEmail},
			{"jean@example.ca", awPhone},
			{"514 555 0199", awConfirm},
			{"yes", awNothing},
		}, check: func(h *Harness) {
			b := h.wantBooked(rendezvous.KindPsychologist, "Montréal", "", "", "jean@example.ca")
			if b.Customer.Phone != "+15145550199" {
				h.t.Fatalf("phone %s: a Montréal number is Canadian", b.Customer.Phone)
			}
		}},

		// French.
		{Name: "FR/ToutEnUnMessage", steps: []step{
			{"Je voudrais un rendez-vous chez le dentiste à Lyon demain à 10h30, je suis Marie Curie, marie.curie@exemple.fr, 06 12 34 56 78", awConfirm},
			{"oui", awNothing},
		}, check: booked(rendezvous.KindDentist, "Lyon", tomorrow, "10:30", "marie.curie@exemple.fr")},
		{Name: "FR/PasAPas", steps: []step{
			{"Bonjour", awKind},
			{"un coiffeur svp", awCity},
			{"à Nantes", awChoice},
			{"le premier", awName},
			{"Jeanne Dupont", awEmail},
			{"jeanne@exemple.fr", awPhone},
			{"06 11 22 33 44", awConfirm},
			{"oui", awNothing},
		}, check: bookedChoice(rendezvous.KindHairdresser, "Nantes", "jeanne@exemple.fr", 4, 0)},
		{Name: "FR/SansAccents", steps: []step{
			{"je cherche un medecin a paris apres-demain", awChoice},
			{"le deuxieme", awName},
			{"Pierre Leroy", awEmail},
			{"pierre@exemple.fr", awPhone},
			{"0699887766", awConfirm},
			{"d'accord", awNothing},
		}, check: bookedChoice(rendezvous.KindGeneralPractitioner, "Paris", "pierre@exemple.fr", 2, 1)},
		{Name: "FR/VersQuinzeHeures", steps: []step{
			{"un coiffeur à Paris demain vers 15h", awChoice},
			{"le premier", awName},
			{"je m'appelle Léa Morel", awEmail},
			{"lea.morel@exemple.fr", awPhone},
			{"07 81 23 45 67", awConfirm},
			{"parfait", awNothing},
		}, check: func(h *Harness) {
			b := h.wantBooked(rendezvous.KindHairdresser, "Paris", tomorrow, "", "lea.morel@exemple.fr")
			local := b.Start.In(paris)
			if local.Hour() < 14 || local.Hour() > 16 {
				h.t.Fatalf("vers 15h booked at %s\n%s", local.Format("15:04"), h.transcript())
			}
		}},
		{Name: "FR/PlutotJeudi", steps: []step{
			{"kiné à Lyon demain", awChoice},
			{"plutôt jeudi", awChoice},
			{"le premier", awName},
			{"Hugo Bernard", awEmail},
			{"hugo@exemple.fr", awPhone},
			{"06 01 02 03 04", awConfirm},
			{"oui", awNothing},
		}, check: booked(rendezvous.KindPhysiotherapist, "Lyon", thursday, "", "hugo@exemple.fr")},
		{Name: "FR/NonALille", steps: []step{
			{"un dentiste à Paris vendredi", awChoice},
			{"non, à Lille", awChoice},
			{"le premier", awName},
			{"Claire Dubois", awEmail},
			{"claire@exemple.fr", awPhone},
			{"06 22 33 44 55", awConfirm},
			{"oui", awNothing},
		}, check: booked(rendezvous.KindDentist, "Lille", friday, "", "claire@exemple.fr")},
		{Name: "FR/Psy", steps: []step{
			{"j'ai besoin d'un psy à Paris jeudi après-midi", awChoice},
			{"le troisième", awName},
			{"Sophie Laurent", awEmail},
			{"sophie@exemple.fr", awPhone},
			{"06 33 44 55 66", awConfirm},
			{"oui", awNothing},
		}, check: bookedChoice(rendezvous.KindPsychologist, "Paris", "sophie@exemple.fr", 2, 2)},
		{Name: "FR/LeTroisDecembre", steps: []step{
			{"Je voudrais voir un généraliste à Lyon le 3 décembre à 9h, Paul Martin, paul@exemple.fr, 06 44 55 66 77", awConfirm},
			{"le premier", awConfirm},
			{"oui", awNothing},
		}, check: booked(rendezvous.KindGeneralPractitioner, "Lyon", "2026-12-03", "", "paul@exemple.fr")},
		{Name: "FR/MinusculesEtFautes", steps: []step{
			{"coifeur a nantes samedi matin", awChoice},
			{"le 1er", awName},
			{"julie petit", awEmail},
			{"julie.petit@exemple.fr", awPhone},
			{"06 87 65 43 21", awConfirm},
			{"oui", awNothing},
		}, check: booked(rendezvous.KindHairdresser, "Nantes", saturday, "", "julie.petit@exemple.fr")},
		{Name: "FR/TelephoneInvalide", steps: []step{
			{"un dentiste à Lyon jeudi", awChoice},
			{"le premier", awName},
			{"Marc Girard", awEmail},
			{"marc@exemple.fr", awPhone},
			{"06 12", awPhone},
			{"06 12 34 56 79", awConfirm},
			{"oui", awNothing},
		}, check: booked(rendezvous.KindDentist, "Lyon", thursday, "", "marc@exemple.fr")},
		{Name: "FR/RefusPuisAccord", steps: []step{
			{"rdv chez le médecin à Paris vendredi à 9h, je suis Louis Roux, louis@exemple.fr, 06 98 98 98 98", awConfirm},
			{"le premier", awConfirm},
			{"non", awChoice},
			{"le deuxième", awConfirm},
			{"oui", awNothing},
		}, check: booked(rendezvous.KindGeneralPractitioner, "Paris", friday, "", "louis@exemple.fr")},

		// Mixed languages.
		{Name: "Mixed/EnglishWithFrenchWords", steps: []step{
			{"I need un dentiste à Lyon demain", awChoice},
			{"the first one", awName},
			{"Nina Simone", awEmail},
			{"nina@example.com", awPhone},
			{"06 10 20 30 40", awConfirm},
			{"yes", awNothing},
		}, check: booked(rendezvous.KindDentist, "Lyon", tomorrow, "", "nina@example.com")},
		{Name: "Mixed/FrenchThenEnglish", steps: []step{
			{"bonjour, un kiné à Paris svp", awChoice},
			{"the second one please", awName},
			{"Oscar Wilde", awEmail},
			{"oscar@example.ie", awPhone},
			{"06 50 50 50 50", awConfirm},
			{"yes", awNothing},
		}, check: bookedChoice(rendezvous.KindPhysiotherapist, "Paris", "oscar@example.ie", 2, 1)},
		{Name: "Mixed/HairdresserSalonParis", steps: []step{
			{"salon de coiffure in Paris tomorrow morning", awChoice},
			{"le premier", awName},
			{"Eva Green", awEmail},
			{"eva@example.com", awPhone},
			{"06 70 80 90 10", awConfirm},
			{"oui", awNothing},
		}, check: booked(rendezvous.KindHairdresser, "Paris", tomorrow, "", "eva@example.com")},

		// Cancellation and rescheduling in the same conversation.
		{Name: "EN/BookThenCancel", steps: []step{
			{"Book me a dentist in Lyon tomorrow at 15h, I'm Kim Park, kim@example.com, 0612345600", awConfirm},
			{"the first one", awConfirm},
			{"yes", awNothing},
			{"actually, please cancel it", awConfirm},
			{"yes", awNothing},
		}, check: func(h *Harness) { h.wantStatus(h.made[len(h.made)-1], rendezvous.StatusCancelled) }},
		{Name: "FR/ReserverPuisDeplacer", steps: []step{
			{"un médecin à Lyon demain, je suis Anne Roy, anne@exemple.fr, 06 01 01 01 01", awChoice},
			{"le premier", awConfirm},
			{"oui", awNothing},
			{"je voudrais décaler mon rendez-vous à jeudi", awChoice},
			{"le premier", awConfirm},
			{"oui", awNothing},
		}, check: func(h *Harness) {
			b := h.wantStatus(h.made[len(h.made)-1], rendezvous.StatusBooked)
			if b.Start.In(paris).Format("2006-01-02") != thursday {
				h.t.Fatalf("moved to %s, want Thursday\n%s", b.Start.In(paris), h.transcript())
			}
		}},
		{Name: "EN/BookThenList", steps: []step{
			{"a hairdresser in Lyon on Saturday, I'm Ivy Lee, ivy@example.com, 0611111112", awChoice},
			{"1", awConfirm},
			{"yes", awNothing},
			{"what appointments do I have?", awNothing},
		}, check: func(h *Harness) {
			h.wantBooked(rendezvous.KindHairdresser, "Lyon", saturday, "", "ivy@example.com")
			if !containsAll(h.last.Text, h.made[0]) {
				h.t.Fatalf("the list does not show the booking\n%s", h.transcript())
			}
		}},
		{Name: "EN/CancelDeclined", steps: []step{
			{"dentist in Lille tomorrow, I'm Max Weber, max@example.com, 0612340000", awChoice},
			{"first one", awConfirm},
			{"yes", awNothing},
			{"cancel my appointment", awConfirm},
			{"no, keep it", awNothing},
		}, check: func(h *Harness) { h.wantStatus(h.made[0], rendezvous.StatusBooked) }},

		// Managing a booking made elsewhere: reference and email.
		{Name: "EN/CancelWithReference", setup: func(h *Harness) []step {
			c := h.BookDirectly(rendezvous.KindDentist, "Paris", "ref.en@example.com", now.AddDate(0, 0, 2))
			h.made = append(h.made, c.Booking.ID)
			return []step{
				{"I want to cancel my appointment", awRef},
				{"it's " + c.Booking.ID, awEmail},
				{"ref.en@example.com", awConfirm},
				{"yes", awNothing},
			}
		}, check: func(h *Harness) { h.wantStatus(h.made[0], rendezvous.StatusCancelled) }},
		{Name: "FR/AnnulerAvecReferenceMinuscule", setup: func(h *Harness) []step {
			c := h.BookDirectly(rendezvous.KindHairdresser, "Lyon", "ref.fr@exemple.fr", now.AddDate(0, 0, 3))
			h.made = append(h.made, c.Booking.ID)
			return []step{
				{"je veux annuler mon rdv", awRef},
				{lower(c.Booking.ID), awEmail},
				{"ref.fr@exemple.fr", awConfirm},
				{"oui", awNothing},
			}
		}, check: func(h *Harness) { h.wantStatus(h.made[0], rendezvous.StatusCancelled) }},
		{Name: "EN/WrongEmailIsRefused", setup: func(h *Harness) []step {
			c := h.BookDirectly(rendezvous.KindGeneralPractitioner, "Lyon", "owner@example.com", now.AddDate(0, 0, 2))
			h.made = append(h.made, c.Booking.ID)
			return []step{
				{"cancel booking " + c.Booking.ID, awEmail},
				{"thief@example.com", awRef},
			}
		}, check: func(h *Harness) { h.wantStatus(h.made[0], rendezvous.StatusBooked) }},
		{Name: "EN/RescheduleWithReference", setup: func(h *Harness) []step {
			c := h.BookDirectly(rendezvous.KindPhysiotherapist, "Paris", "move.en@example.com", now.AddDate(0, 0, 1))
			h.made = append(h.made, c.Booking.ID)
			return []step{
				{"I need to reschedule my appointment " + c.Booking.ID, awEmail},
				{"move.en@example.com", awDate},
				{"Friday afternoon", awChoice},
				{"the first one", awConfirm},
				{"yes", awNothing},
			}
		}, check: func(h *Harness) {
			b := h.wantStatus(h.made[0], rendezvous.StatusBooked)
			local := b.Start.In(paris)
			if local.Format("2006-01-02") != friday || local.Hour() < 12 {
				h.t.Fatalf("moved to %s, want Friday afternoon\n%s", local, h.transcript())
			}
		}},
		// "it" after a booking is that booking: moved, not booked twice.
		{Name: "EN/BookThenMoveIt", steps: []step{
			{"Book me a dentist in Lyon tomorrow at 10, I'm Ann Lee, ann.move@example.com, 06 12 34 56 78", awConfirm},
			{"yes", awNothing},
			{"can you move it to Friday?", awChoice},
			{"the first one", awConfirm},
			{"yes", awNothing},
		}, check: movedNotRebooked(rendezvous.KindDentist, "Lyon", friday, "ann.move@example.com")},
		{Name: "EN/BookThenChangeItTo", steps: []step{
			{"a hairdresser in Nantes tomorrow at 3pm", ""},
			{"the first one", awName},
			{"Tom Hardy, tom.change@example.com, 06 12 34 56 78", awConfirm},
			{"yes", awNothing},
			{"change it to saturday", awChoice},
			{"the second one", awConfirm},
			{"yes", awNothing},
		}, check: movedNotRebooked(rendezvous.KindHairdresser, "Nantes", saturday, "tom.change@example.com")},
		// Leaving in the middle: nothing is booked, and the agent says so
		// instead of asking again which slot.
		{Name: "FR/MerciAuRevoirEnCours", steps: []step{
			{"un coiffeur a nantes demain vers 15h", awChoice},
			{"merci, au revoir", awNothing},
		}, check: nothingBooked("rien n'a été réservé")},
		{Name: "EN/ThanksByeAtTheName", steps: []step{
			{"dentist in Lyon friday morning", awChoice},
			{"the first one", awName},
			{"ok thanks bye", awNothing},
		}, check: nothingBooked("nothing was booked")},
		// A city typo is read; a city the directory does not have is
		// answered with the ones it has.
		{Name: "EN/CityTypo", steps: []step{
			{"hi, do you have a physio in marseile on monday?", awChoice},
			{"the first one", awName},
			{"Ann Lee, ann.typo@example.com, 06 12 34 56 78", awConfirm},
			{"yes", awNothing},
		}, check: booked(rendezvous.KindPhysiotherapist, "Marseille", "2026-11-30", "", "ann.typo@example.com")},
		{Name: "EN/UnknownCity", steps: []step{
			{"I need a physio on Monday", awCity},
			{"Atlantis", awCity},
			{"Lyon then", awChoice},
			{"the first one", awName},
			{"Ann Lee, ann.city@example.com, 06 12 34 56 78", awConfirm},
			{"yes", awNothing},
		}, check: func(h *Harness) {
			booked(rendezvous.KindPhysiotherapist, "Lyon", "2026-11-30", "", "ann.city@example.com")(h)
			replied(1, "don't know that city", "Paris", "Lyon")(h) // the biggest cities are named
		}},
		{Name: "FR/VilleInconnue", steps: []step{
			{"un kiné lundi", awCity},
			{"Gotham", awCity},
			{"a Nantes", awChoice},
		}, check: replied(1, "ne connais pas cette ville", "Paris")},
		{Name: "FR/DeplacerAvecReference", setup: func(h *Harness) []step {
			c := h.BookDirectly(rendezvous.KindDentist, "Lyon", "deplacer@exemple.fr", now.AddDate(0, 0, 1))
			h.made = append(h.made, c.Booking.ID)
			return []step{
				{"bonjour, je dois déplacer mon rendez-vous", awRef},
				{"c'est " + c.Booking.ID, awEmail},
				{"deplacer@exemple.fr", awDate},
				{"jeudi matin", ""},
				{"le premier", awConfirm},
				{"oui", awNothing},
			}
		}, check: func(h *Harness) {
			b := h.wantStatus(h.made[0], rendezvous.StatusBooked)
			if b.Start.In(paris).Format("2006-01-02") != thursday {
				h.t.Fatalf("moved to %s, want Thursday\n%s", b.Start.In(paris), h.transcript())
			}
		}},
		{Name: "FR/MesRendezVous", setup: func(h *Harness) []step {
			c := h.BookDirectly(rendezvous.KindPsychologist, "Paris", "liste@exemple.fr", now.AddDate(0, 0, 1))
			h.made = append(h.made, c.Booking.ID)
			return []step{
				{"quels sont mes rendez-vous ?", awRef},
				{c.Booking.ID, awEmail},
				{"liste@exemple.fr", awNothing},
			}
		}, check: func(h *Harness) {
			if !containsAll(h.last.Text, h.made[0]) {
				h.t.Fatalf("the list does not show the booking\n%s", h.transcript())
			}
		}},

		// More bookings in both languages.
		{Name: "EN/TomorrowAfternoonGP", steps: []step{
			{"need to see a GP in Lyon tomorrow afternoon", awChoice},
			{"option 2", awName},
			{"this is Omar Khayyam", awEmail},
			{"omar@example.com", awPhone},
			{"0612300000", awConfirm},
			{"confirm", awNothing},
		}, check: booked(rendezvous.KindGeneralPractitioner, "Lyon", tomorrow, "", "omar@example.com")},
		{Name: "EN/QuarterToFour", steps: []step{
			{"book a psychologist in Paris on Friday at quarter to four, Ruth Bader, ruth@example.com, 06 45 45 45 45", awChoice},
			{"the first one", awConfirm},
			{"yes", awNothing},
		}, check: booked(rendezvous.KindPsychologist, "Paris", friday, "", "ruth@example.com")},
		{Name: "EN/BarberInParis", steps: []step{
			{"barber in paris tomorrow", awChoice},
			{"the third one", awName},
			{"Tony Stark", awEmail},
			{"tony@example.com", awPhone},
			{"06 66 66 66 66", awConfirm},
			{"yes", awNothing},
		}, check: bookedChoice(rendezvous.KindHairdresser, "Paris", "tony@example.com", 2, 2)},
		{Name: "FR/ChirurgienDentisteApresDemain", steps: []step{
			{"il me faut un dentiste à Paris après-demain dans la matinée", awChoice},
			{"le premier", awName},
			{"Émile Zola", awEmail},
			{"emile@exemple.fr", awPhone},
			{"06 77 88 99 00", awConfirm},
			{"oui, c'est bon", awNothing},
		}, check: booked(rendezvous.KindDentist, "Paris", afterTmrw, "", "emile@exemple.fr")},
		{Name: "FR/KinesitherapeuteMardiProchain", steps: []step{
			{"un kinésithérapeute à Paris mardi prochain", awChoice},
			{"le premier", awName},
			{"Rose Blanc", awEmail},
			{"rose@exemple.fr", awPhone},
			{"06 12 12 12 34", awConfirm},
			{"oui", awNothing},
		}, check: booked(rendezvous.KindPhysiotherapist, "Paris", tomorrow, "", "rose@exemple.fr")}, // "mardi prochain" is the first Tuesday to come
		{Name: "FR/AideEtHorsSujet", steps: []step{
			{"aide", awKind},
			{"quelle est la capitale de l'Australie ?", awKind},
			{"un psychologue à Lyon vendredi", awChoice},
			{"le premier", awName},
			{"Jules Verne", awEmail},
			{"jules@exemple.fr", awPhone},
			{"06 23 45 67 89", awConfirm},
			{"oui", awNothing},
		}, check: booked(rendezvous.KindPsychologist, "Lyon", friday, "", "jules@exemple.fr")},
		{Name: "EN/MissingCityAsked", steps: []step{
			{"I'd like to book a dentist for tomorrow at 11", awCity},
			{"Paris", awName},
			{"the first one", awName},
			{"Alan Turing, alan@example.com, 06 54 32 10 98", awConfirm},
			{"yes", awNothing},
		}, check: booked(rendezvous.KindDentist, "Paris", tomorrow, "", "alan@example.com")},
		{Name: "EN/CorrectEmailAtConfirmation", steps: []step{
			{"Book me a dentist in Lyon on Friday at 10, I'm Rita Levi, rita@exemple.com, 0612345611", awConfirm},
			{"1", awConfirm},
			{"oops, my email is rita@example.com", awConfirm},
			{"yes", awNothing},
		}, check: booked(rendezvous.KindDentist, "Lyon", friday, "", "rita@example.com")},
		// Customers who share a provider's name ("Dr Nicolas Robert" is a
		// dentist in Lyon) are giving their name when asked for it.
		{Name: "EN/NamedLikeAProvider", steps: []step{
			{"I need a dentist in Lyon on Friday", awChoice},
			{"the first one", awName},
			{"Nicolas Robert", awEmail},
			{"nicolas@example.com", awPhone},
			{"06 11 22 33 44", awConfirm},
			{"yes", awNothing},
		}, check: func(h *Harness) {
			b := h.wantBooked(rendezvous.KindDentist, "Lyon", friday, "", "nicolas@example.com")
			if b.Customer.Name != "Nicolas Robert" {
				h.t.Fatalf("booked for %q\n%s", b.Customer.Name, h.transcript())
			}
		}},
		{Name: "FR/HomonymeDUnPraticien", steps: []step{
			{"un médecin à Lyon jeudi matin", awChoice},
			{"le deuxième", awName},
			{"je m'appelle Romain Lefebvre", awEmail},
			{"romain@exemple.fr", awPhone},
			{"06 22 33 44 55", awConfirm},
			{"oui", awNothing},
		}, check: booked(rendezvous.KindGeneralPractitioner, "Lyon", thursday, "", "romain@exemple.fr")},
	}, append(dateConversations(), nameConversations()...)...)
}
