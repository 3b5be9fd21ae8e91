package conversations

import (
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/dialogue"
)

// Conversations about who and what: providers named as people name them
// (the world has three Dr … Leroy, two Dr … Morel, Salon Léa in Bordeaux),
// trades not booked, questions about the appointment, messages not
// understood.

const awProvider = dialogue.AwaitProvider

// bookedWith checks the booking, and that it is with the provider named.
func bookedWith(kind rendezvous.Kind, city, date, email, provider string) func(h *Harness) {
	return func(h *Harness) {
		h.wantBooked(kind, city, date, "", email)
		if _, p := h.booking(); p.Name != provider {
			h.t.Fatalf("booked with %s, want %s\n%s", p.Name, provider, h.transcript())
		}
	}
}

func nameConversations() []Conversation {
	return []Conversation{
		{Name: "EN/ProviderNamedSeveral", steps: []step{
			{"hi, I'd like to see Dr Leroy tomorrow", awProvider},
			{"the one in Paris", awChoice},
			{"the first one", awName},
			{"Ann Leroy-Smith, ann.ls@example.com, 06 12 34 56 78", awConfirm},
			{"how much is it?", awConfirm},
			{"yes", awNothing},
		}, check: bookedWith(rendezvous.KindGeneralPractitioner, "Paris", tomorrow, "ann.ls@example.com", "Dr Camille Leroy")},
		{Name: "FR/PraticienParSonNom", steps: []step{
			{"bonjour, un rdv avec le dr morel svp", awProvider},
			{"le dentiste", awChoice},
			{"le deuxième", awName},
			{"Paul Durand", awEmail},
			{"paul.durand@exemple.fr", awPhone},
			{"06 98 76 54 32", awConfirm},
			{"c'est où ?", awConfirm},
			{"oui", awNothing},
		}, check: bookedWith(rendezvous.KindDentist, "Bordeaux", "", "paul.durand@exemple.fr", "Dr Maxime Morel")},
		{Name: "FR/SalonSansAccents", steps: []step{
			{"salon lea samedi stp", awChoice},
			{"le premier", awName},
			{"Lea Martin, lea.m@exemple.fr, 06 55 44 33 22", awConfirm},
			{"oui", awNothing},
		}, check: bookedWith(rendezvous.KindHairdresser, "Bordeaux", saturday, "lea.m@exemple.fr", "Salon Léa")},
		{Name: "EN/OsteopathThenPhysio", steps: []step{
			{"I need an osteopath in Lyon on Friday", awKind},
			{"yes, a physio is fine", awChoice},
			{"the first one", awName},
			{"Ole Berg, ole@example.com, 06 12 12 12 13", awConfirm},
			{"yes", awNothing},
		}, check: func(h *Harness) {
			replied(0, "don't book osteopaths", "Would a physiotherapist do?")(h)
			booked(rendezvous.KindPhysiotherapist, "Lyon", friday, "", "ole@example.com")(h)
		}},
		{Name: "FR/VeterinaireRienDeReserve", steps: []step{
			{"je cherche un veto a paris", awKind},
			{"non merci", ""},
		}, check: func(h *Harness) {
			replied(0, "vétérinaires")(h)
			nothingBooked("")(h)
		}},
		{Name: "EN/NotUnderstoodThenBooked", steps: []step{
			{"hello", awKind},
			{"blorp", awKind},
			{"qwzx", awKind},
			{"a dentist in Lyon on Friday", awChoice},
			{"the first one", awName},
			{"Kit Moss, kit@example.com, 06 12 12 12 14", awConfirm},
			{"yes", awNothing},
		}, check: func(h *Harness) {
			booked(rendezvous.KindDentist, "Lyon", friday, "", "kit@example.com")(h)
			if h.trans[3] == h.trans[5] {
				h.t.Fatalf("the same reply twice\n%s", h.transcript())
			}
		}},
	}
}
