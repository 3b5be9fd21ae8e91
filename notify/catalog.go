package notify

import (
	"fmt"
	"time"
)

// The words of the messages, one catalog per language: a third language
// is one more catalog. Subjects and lines are fmt formats whose
// arguments are named in each comment; templates.go lays them out.

// catalog is one language's words.
type catalog struct {
	// Subjects by kind; %[1]s is the provider, %[2]s the date and time.
	subjects map[string]string
	// Leads by kind: the message's first sentence, same arguments.
	leads    map[string]string
	greeting string // %s: the customer's name
	// Labels of the details.
	when, where, service, reference string
	colon                           string // between a label and its value
	manage                          string // the link's text
	manageHint                      string // before the link in text
	cancelledHint                   string // instead of the link when cancelled
	invite                          string // about the attached invite
	footer                          string
	// The one-time code's message: %s is the code; codeLead has the
	// minutes it is valid.
	codeSubject, codeLead, codeIgnore string
	weekdays                          [7]string
	months                            [13]string
	dateTime                          func(c *catalog, t time.Time) string
}

// english is the English catalog.
func english() *catalog {
	return &catalog{
		subjects: map[string]string{
			KindConfirmation: "Confirmed: your appointment with %[1]s on %[2]s",
			KindChange:       "Moved: your appointment with %[1]s is now on %[2]s",
			KindCancellation: "Cancelled: your appointment with %[1]s on %[2]s",
			KindReminder:     "Reminder: your appointment with %[1]s on %[2]s",
		},
		leads: map[string]string{
			KindConfirmation: "Your appointment with %[1]s on %[2]s is confirmed.",
			KindChange:       "Your appointment with %[1]s has moved to %[2]s.",
			KindCancellation: "Your appointment with %[1]s on %[2]s is cancelled.",
			KindReminder:     "This is a reminder of your appointment with %[1]s on %[2]s.",
		},
		greeting:      "Hello %s,",
		colon:         ":",
		when:          "When",
		where:         "Where",
		service:       "Service",
		reference:     "Reference",
		manage:        "View, move or cancel your booking",
		manageHint:    "To view, move or cancel your booking, open this link:",
		cancelledHint: "Nothing more is needed on your side.",
		invite:        "The attached invitation adds it to your calendar.",
		footer:        "This message was sent by Rendezvous because a booking was made with this address.",
		codeSubject:   "Your Rendezvous code: %s",
		codeLead:      "Here is your code to see and manage your bookings. It is valid for %d minutes:",
		codeIgnore:    "If you did not ask for it, ignore this message: nobody can use your address without this code.",
		weekdays:      [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		months:        [13]string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		dateTime: func(c *catalog, t time.Time) string {
			return fmt.Sprintf("%s %d %s %d at %d:%02d", c.weekdays[t.Weekday()], t.Day(), c.months[t.Month()], t.Year(), t.Hour(), t.Minute())
		},
	}
}

// french is the French catalog.
func french() *catalog {
	return &catalog{
		subjects: map[string]string{
			KindConfirmation: "Confirmé : votre rendez-vous avec %[1]s le %[2]s",
			KindChange:       "Déplacé : votre rendez-vous avec %[1]s est maintenant le %[2]s",
			KindCancellation: "Annulé : votre rendez-vous avec %[1]s le %[2]s",
			KindReminder:     "Rappel : votre rendez-vous avec %[1]s le %[2]s",
		},
		leads: map[string]string{
			KindConfirmation: "Votre rendez-vous avec %[1]s le %[2]s est confirmé.",
			KindChange:       "Votre rendez-vous avec %[1]s est déplacé au %[2]s.",
			KindCancellation: "Votre rendez-vous avec %[1]s le %[2]s est annulé.",
			KindReminder:     "Nous vous rappelons votre rendez-vous avec %[1]s le %[2]s.",
		},
		greeting:      "Bonjour %s,",
		colon:         " :",
		when:          "Quand",
		where:         "Où",
		service:       "Prestation",
		reference:     "Référence",
		manage:        "Voir, déplacer ou annuler votre rendez-vous",
		manageHint:    "Pour voir, déplacer ou annuler votre rendez-vous, ouvrez ce lien :",
		cancelledHint: "Vous n'avez rien d'autre à faire.",
		invite:        "L'invitation jointe l'ajoute à votre agenda.",
		footer:        "Ce message vous est envoyé par Rendezvous car un rendez-vous a été pris avec cette adresse.",
		codeSubject:   "Votre code Rendezvous : %s",
		codeLead:      "Voici votre code pour voir et gérer vos rendez-vous. Il est valable %d minutes :",
		codeIgnore:    "Si vous ne l'avez pas demandé, ignorez ce message : personne ne peut utiliser votre adresse sans ce code.",
		weekdays:      [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
		months:        [13]string{"", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		dateTime: func(c *catalog, t time.Time) string {
			return fmt.Sprintf("%s %d %s %d à %dh%02d", c.weekdays[t.Weekday()], t.Day(), c.months[t.Month()], t.Year(), t.Hour(), t.Minute())
		},
	}
}

// catalogOf returns the catalog of lang, English when there is none.
func catalogOf(lang string) *catalog {
	if lang == "fr" {
		return french()
	}
	return english()
}
