package demo

import (
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// city is a city of the demo directory with its share of providers.
type city struct {
	name     string
	timeZone string
	postcode func(n int) string
	weight   int
	english  bool // a bilingual city: many providers also speak English
}

func cities() []city {
	fr := func(prefix string, districts int) func(int) string {
		return func(n int) string {
			// A French postcode has five digits: the city's three,
			// then its district ("75011") or "00" ("33000").
			if districts <= 1 {
				return prefix + "00"
			}
			return prefix + pad2(1+n%districts)
		}
	}
	return []city{
		{"Paris", "Europe/Paris", fr("750", 20), 14, false},
		{"Lyon", "Europe/Paris", fr("690", 9), 6, false},
		{"Marseille", "Europe/Paris", fr("130", 16), 6, false},
		{"Toulouse", "Europe/Paris", fr("310", 1), 5, false},
		{"Nice", "Europe/Paris", fr("060", 1), 4, false},
		{"Nantes", "Europe/Paris", fr("440", 1), 4, false},
		{"Montpellier", "Europe/Paris", fr("340", 1), 4, false},
		{"Strasbourg", "Europe/Paris", fr("670", 1), 4, false},
		{"Bordeaux", "Europe/Paris", fr("330", 1), 4, false},
		{"Lille", "Europe/Paris", fr("590", 1), 4, false},
		{"Rennes", "Europe/Paris", fr("350", 1), 3, false},
		{"Reims", "Europe/Paris", fr("511", 1), 2, false},
		{"Saint-Étienne", "Europe/Paris", fr("420", 1), 2, false},
		{"Toulon", "Europe/Paris", fr("830", 1), 2, false},
		{"Le Havre", "Europe/Paris", fr("766", 1), 2, false},
		{"Grenoble", "Europe/Paris", fr("380", 1), 2, false},
		{"Dijon", "Europe/Paris", fr("210", 1), 2, false},
		{"Angers", "Europe/Paris", fr("490", 1), 2, false},
		{"Clermont-Ferrand", "Europe/Paris", fr("630", 1), 2, false},
		{"Montréal", "America/Toronto", func(n int) string { return []string{"H2X 1Y4", "H2T 1S6", "H3A 0G4", "H2J 2L1", "H4A 3J2"}[n%5] }, 6, true},
	}
}

func pad2(n int) string {
	if n < 10 {
		return "0" + string(rune('0'+n))
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}

type serviceTemplate struct {
	name     string
	minutes  int
	priceEUR int
}

// kindProfile describes what providers of one kind look like.
type kindProfile struct {
	kind     rendezvous.Kind
	weight   int
	services []serviceTemplate
	// hours returns a weekly pattern drawn with r.
	hours func(r *rng) rendezvous.WeeklyHours
	steps []time.Duration
	name  func(r *rng, c city) string
}

func kindProfiles() []kindProfile {
	return []kindProfile{
		{
			kind: rendezvous.KindHairdresser, weight: 30,
			services: []serviceTemplate{{"Coupe femme", 45, 45}, {"Coupe homme", 30, 25}, {"Brushing", 30, 30}, {"Couleur", 90, 70}, {"Taille de barbe", 20, 15}},
			hours:    salonHours, steps: []time.Duration{15 * time.Minute},
			name: func(r *rng, c city) string {
				switch r.IntN(6) {
				case 0:
					return "Salon " + r.pick(firstNames)
				case 1:
					return r.pick(lastNames) + " Coiffure"
				case 2:
					return "L'Atelier de " + r.pick(firstNames)
				case 3:
					return "Coiffure " + r.pick(salonWords)
				case 4:
					return "Barbier " + r.pick(lastNames)
				default:
					return r.pick(salonWords) + " Coiffure " + c.name
				}
			},
		},
		{
			kind: rendezvous.KindDentist, weight: 20,
			services: []serviceTemplate{{"Consultation", 30, 30}, {"Détartrage", 30, 45}, {"Soin de carie", 45, 60}, {"Urgence dentaire", 30, 50}},
			hours:    clinicHours(9*60, 19*60, true), steps: []time.Duration{15 * time.Minute, 30 * time.Minute},
			name: func(r *rng, c city) string {
				if r.IntN(3) == 0 {
					return "Cabinet dentaire " + r.pick(streetNames)
				}
				return "Dr " + r.pick(firstNames) + " " + r.pick(lastNames)
			},
		},
		{
			kind: rendezvous.KindGeneralPractitioner, weight: 25,
			services: []serviceTemplate{{"Consultation", 20, 30}, {"Consultation longue", 40, 60}, {"Certificat médical", 15, 30}},
			hours:    clinicHours(8*60+30, 18*60+30, true), steps: []time.Duration{10 * time.Minute, 20 * time.Minute},
			name: func(r *rng, c city) string {
				if r.IntN(4) == 0 {
					return "Cabinet médical " + r.pick(streetNames)
				}
				return "Dr " + r.pick(firstNames) + " " + r.pick(lastNames)
			},
		},
		{
			kind: rendezvous.KindPhysiotherapist, weight: 15,
			services: []serviceTemplate{{"Séance de kinésithérapie", 30, 35}, {"Bilan", 45, 50}, {"Rééducation sportive", 45, 45}},
			hours:    clinicHours(8*60, 19*60+30, false), steps: []time.Duration{15 * time.Minute, 30 * time.Minute},
			name: func(r *rng, c city) string {
				if r.IntN(3) == 0 {
					return "Cabinet de kinésithérapie " + r.pick(streetNames)
				}
				return r.pick(firstNames) + " " + r.pick(lastNames) + ", kinésithérapeute"
			},
		},
		{
			kind: rendezvous.KindPsychologist, weight: 10,
			services: []serviceTemplate{{"Séance", 50, 60}, {"Première consultation", 60, 70}},
			hours:    clinicHours(10*60, 20*60, false), steps: []time.Duration{30 * time.Minute, 60 * time.Minute},
			name: func(r *rng, c city) string {
				return r.pick(firstNames) + " " + r.pick(lastNames) + ", psychologue"
			},
		},
	}
}

// salonHours: Tuesday to Saturday, often without a lunch break.
func salonHours(r *rng) rendezvous.WeeklyHours {
	open := rendezvous.ClockTime(9*60 + 30*r.IntN(2))
	closeAt := rendezvous.ClockTime(18*60 + 30*r.IntN(3))
	lunch := r.IntN(3) == 0
	var w rendezvous.WeeklyHours
	for d := time.Tuesday; d <= time.Saturday; d++ {
		if lunch {
			w = append(w, rendezvous.OpeningInterval{Weekday: d, Start: open, End: 12*60 + 30},
				rendezvous.OpeningInterval{Weekday: d, Start: 14 * 60, End: closeAt})
		} else {
			w = append(w, rendezvous.OpeningInterval{Weekday: d, Start: open, End: closeAt})
		}
	}
	if r.IntN(4) == 0 { // some salons open Monday afternoon
		w = append(w, rendezvous.OpeningInterval{Weekday: time.Monday, Start: 14 * 60, End: closeAt})
	}
	return w
}

// clinicHours: weekdays with a lunch break, sometimes a free Wednesday
// afternoon and a Saturday morning.
func clinicHours(open, closeAt int, saturdays bool) func(r *rng) rendezvous.WeeklyHours {
	return func(r *rng) rendezvous.WeeklyHours {
		o := rendezvous.ClockTime(open + 30*(r.IntN(3)-1))
		c := rendezvous.ClockTime(closeAt + 30*(r.IntN(3)-1))
		lunchStart := rendezvous.ClockTime(12*60 + 30*r.IntN(2))
		lunchEnd := lunchStart + rendezvous.ClockTime(60+30*r.IntN(2))
		wednesdayOff := r.IntN(4) == 0
		var w rendezvous.WeeklyHours
		for d := time.Monday; d <= time.Friday; d++ {
			w = append(w, rendezvous.OpeningInterval{Weekday: d, Start: o, End: lunchStart})
			if d == time.Wednesday && wednesdayOff {
				continue
			}
			w = append(w, rendezvous.OpeningInterval{Weekday: d, Start: lunchEnd, End: c})
		}
		if saturdays && r.IntN(3) == 0 {
			w = append(w, rendezvous.OpeningInterval{Weekday: time.Saturday, Start: 9 * 60, End: 12 * 60})
		}
		return w
	}
}

var firstNames = []string{"Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Julie", "Emma", "Louise", "Jade",
	"Lucas", "Hugo", "Thomas", "Nicolas", "Antoine", "Julien", "Maxime", "Romain", "Mathieu", "Karim",
	"Sophie", "Claire", "Nathalie", "Isabelle", "Aurélie", "Élodie", "Céline", "Amélie", "Yasmine", "Fatou",
	"Pierre", "Jean", "François", "Olivier", "Laurent", "Stéphane", "Mehdi", "Alexandre", "Benoît", "Gaël"}

var lastNames = []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
	"Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
	"Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
	"Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
	"Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné"}

var salonWords = []string{"Élégance", "Belle Époque", "Ciseaux d'Or", "Style & Co", "Mèches Folles", "L'Instant", "Boucles", "Harmonie", "Éclat", "Nuances"}

var streetNames = []string{"de la République", "Victor Hugo", "Jean Jaurès", "de la Gare", "Pasteur", "du Marché", "des Lilas",
	"Gambetta", "de la Liberté", "Voltaire", "du Parc", "des Écoles", "Saint-Michel", "de Verdun", "Carnot", "Foch"}

var streetTypes = []string{"rue", "avenue", "boulevard", "place", "allée"}

var montrealStreets = []string{"rue Saint-Denis", "boulevard Saint-Laurent", "avenue du Mont-Royal", "rue Sherbrooke Ouest", "rue Ontario Est", "avenue Laurier"}
