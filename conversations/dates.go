package conversations

import (
	"slices"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// Conversations about days and times: windows of the day, relative days,
// corrections of the time by a bare number, follow-ups on the proposals.
// Those marked embedded need what only the embedded understanding reads
// today (windows, follow-ups, the day and time under discussion): the
// model brain's respond tool does not carry them yet.

// bookedBetween checks a booking on that date starting in [from, to)
// (HH:MM).
func bookedBetween(kind rendezvous.Kind, city, date, from, to, email string) func(h *Harness) {
	return func(h *Harness) {
		b := h.wantBooked(kind, city, date, "", email)
		if at := b.Start.In(paris).Format("15:04"); at < from || at >= to {
			h.t.Fatalf("booked at %s, want from %s to %s\n%s", at, from, to, h.transcript())
		}
	}
}

// bookedLaterThanProposals checks that the booking starts after every
// slot proposed after message i (from 0).
func bookedLaterThanProposals(kind rendezvous.Kind, city, email string, i int) func(h *Harness) {
	return func(h *Harness) {
		b := h.wantBooked(kind, city, "", "", email)
		for _, p := range h.seen[i] {
			if !b.Start.After(p.Start) {
				h.t.Fatalf("booked %s, not after the slot %s first proposed\n%s", b.Start, p.Start, h.transcript())
			}
		}
	}
}

// bookedOtherDay checks that the booking is on none of the days of the
// slots proposed after message i.
func bookedOtherDay(kind rendezvous.Kind, city, email string, i int) func(h *Harness) {
	return func(h *Harness) {
		b := h.wantBooked(kind, city, "", "", email)
		day := b.Start.In(paris).Format("2006-01-02")
		if slices.ContainsFunc(h.seen[i], func(p dialogue.Proposal) bool { return p.Start.In(paris).Format("2006-01-02") == day }) {
			h.t.Fatalf("booked on %s, a day already proposed\n%s", day, h.transcript())
		}
	}
}

// dateConversations returns the suite's conversations about days and
// times.
func dateConversations() []Conversation {
	return []Conversation{
		{Name: "EN/AfterFive", steps: []step{
			{"Book me a dentist in Lyon on Friday after 5, I'm Rosa Luxemburg, rosa@example.com, 06 12 34 56 01", awChoice},
			{"the first one", awConfirm},
			{"yes", awNothing},
		}, check: bookedBetween(rendezvous.KindDentist, "Lyon", friday, "17:00", "24:00", "rosa@example.com")},
		{Name: "FR/Entre14hEt16h", steps: []step{
			{"un médecin à Paris jeudi entre 14h et 16h", awChoice},
			{"le premier", awName},
			{"Lucie Aubrac, lucie@exemple.fr, 06 12 34 56 02", awConfirm},
			{"oui", awNothing},
		}, check: bookedBetween(rendezvous.KindGeneralPractitioner, "Paris", thursday, "14:00", "16:00", "lucie@exemple.fr")},
		{Name: "FR/FinDeMatineeSansAccents", steps: []step{
			{"un kine a lyon vendredi en fin de matinee", awChoice},
			{"le premier", awName},
			{"Marc Bloch, marc.bloch@exemple.fr, 06 12 34 56 03", awConfirm},
			{"oui", awNothing},
		}, check: bookedBetween(rendezvous.KindPhysiotherapist, "Lyon", friday, "10:30", "12:00", "marc.bloch@exemple.fr")},
		{Name: "EN/LunchtimeTexted", steps: []step{
			{"hairdresser paris thurs lunchtime", awChoice},
			{"1", awName},
			{"Ada Byron, ada.byron@example.com, 06 12 34 56 04", awConfirm},
			{"yes", awNothing},
		}, check: bookedBetween(rendezvous.KindHairdresser, "Paris", thursday, "12:00", "14:00", "ada.byron@example.com")},
		{Name: "FR/Dem1Apres17h", steps: []step{
			{"dentiste lyon dem1 apres 17h", awChoice},
			{"le 1er", awName},
			{"Simone Weil, simone@exemple.fr, 06 12 34 56 05", awConfirm},
			{"oui", awNothing},
		}, check: bookedBetween(rendezvous.KindDentist, "Lyon", tomorrow, "17:00", "24:00", "simone@exemple.fr")},
		{Name: "EN/AnythingLater", steps: []step{
			{"a hairdresser in Nantes on Saturday", awChoice},
			{"anything later?", awChoice},
			{"the first one", awName},
			{"Alan Kay, alan.kay@example.com, 06 12 34 56 06", awConfirm},
			{"yes", awNothing},
		}, check: bookedLaterThanProposals(rendezvous.KindHairdresser, "Nantes", "alan.kay@example.com", 0)},
		{Name: "FR/DAutresJours", steps: []step{
			{"un kiné à Lyon jeudi", awChoice},
			{"d'autres jours ?", awChoice},
			{"le premier", awName},
			{"Paul Éluard, paul.eluard@exemple.fr, 06 12 34 56 07", awConfirm},
			{"oui", awNothing},
		}, check: bookedOtherDay(rendezvous.KindPhysiotherapist, "Lyon", "paul.eluard@exemple.fr", 0)},
		{Name: "EN/TheNextDay", steps: []step{
			{"a psychologist in Lyon on Thursday", awChoice},
			{"the next day?", awChoice},
			{"the first one", awName},
			{"Carl Rogers, carl.rogers@example.com, 06 12 34 56 08", awConfirm},
			{"yes", awNothing},
		}, check: booked(rendezvous.KindPsychologist, "Lyon", friday, "", "carl.rogers@example.com")},
		{Name: "FR/PlutotJeudiMemeHeure", steps: []step{
			{"Je voudrais un dentiste à Paris mercredi à 11h, Émilie Châtelet, emilie@exemple.fr, 06 12 34 56 09", ""},
			{"le premier", awConfirm},
			{"plutôt jeudi, même heure", ""},
		}, check: func(h *Harness) {
			if h.st.Awaiting == awChoice {
				h.say("le premier", awConfirm)
			}
			h.say("oui", awNothing)
			h.wantBooked(rendezvous.KindDentist, "Paris", thursday, "11:00", "emilie@exemple.fr")
		}},
		// These read through every brain: a bare hour, relative days.
		{Name: "EN/MakeIt11Instead", steps: []step{
			{"Book me a GP in Lyon on Friday at 10, I'm Grace Kelly, grace.kelly@example.com, 06 12 34 56 10", ""},
			{"make it 11 instead", ""},
		}, check: func(h *Harness) {
			for range 2 {
				if h.st.Awaiting == awChoice {
					h.say("the first one", awConfirm)
				}
			}
			h.say("yes", awNothing)
			h.wantBooked(rendezvous.KindGeneralPractitioner, "Lyon", friday, "11:00", "grace.kelly@example.com")
		}},
		{Name: "FR/PlutotA11", steps: []step{
			{"un médecin à Paris vendredi à 10h, Jean Moulin, jean.moulin@exemple.fr, 06 12 34 56 11", ""},
			{"plutôt à 11", ""},
		}, check: func(h *Harness) {
			for range 2 {
				if h.st.Awaiting == awChoice {
					h.say("le premier", awConfirm)
				}
			}
			h.say("oui", awNothing)
			h.wantBooked(rendezvous.KindGeneralPractitioner, "Paris", friday, "11:00", "jean.moulin@exemple.fr")
		}},
		{Name: "FR/VendrediEnHuit", steps: []step{
			{"un coiffeur à Lyon vendredi en huit", awChoice},
			{"le premier", awName},
			{"Olympe Gouges, olympe@exemple.fr, 06 12 34 56 12", awConfirm},
			{"oui", awNothing},
		}, check: booked(rendezvous.KindHairdresser, "Lyon", "2026-12-04", "", "olympe@exemple.fr")},
		{Name: "EN/ThursdayThe10th", steps: []step{
			{"a dentist in Paris on Thursday the 10th", awChoice},
			{"the first one", awName},
			{"Mae Jemison, mae@example.com, 06 12 34 56 13", awConfirm},
			{"yes", awNothing},
		}, check: booked(rendezvous.KindDentist, "Paris", "2026-12-10", "", "mae@example.com")},
		{Name: "FR/DansQuinzeJours", steps: []step{
			{"un psy a paris dans quinze jours", awChoice},
			{"le premier", awName},
			{"Germaine Tillion, germaine@exemple.fr, 06 12 34 56 14", awConfirm},
			{"oui", awNothing},
		}, check: booked(rendezvous.KindPsychologist, "Paris", "2026-12-07", "", "germaine@exemple.fr")},
	}
}
