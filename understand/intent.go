package understand

// Intent is what the customer wants the agent to do with a message.
type Intent string

// The intents. The string values are part of the API.
const (
	IntentFindProvider    Intent = "find_provider"    // "I need a dentist in Lyon", "je cherche un coiffeur"
	IntentAskAvailability Intent = "ask_availability" // "is there anything free tomorrow?", "quelles dispos jeudi ?"
	IntentBook            Intent = "book"             // "book me …", "je voudrais prendre rendez-vous", "réserver"
	IntentCancel          Intent = "cancel"
	IntentReschedule      Intent = "reschedule"  // "move my appointment", "décaler mon rdv"
	IntentMyBookings      Intent = "my_bookings" // "what appointments do I have", "mes rendez-vous"
	IntentInform          Intent = "inform"      // gives information only: "in Lyon", "marie@example.com", "tomorrow at 10"
	IntentAffirm          Intent = "affirm"      // yes, oui, ok, d'accord, that works, parfait, go ahead, confirm
	IntentDeny            Intent = "deny"        // no, non, nope, pas du tout, don't
	IntentChoose          Intent = "choose"      // "the second one", "le premier", "10:30 works", "the one with Dr Martin"
	IntentGreet           Intent = "greet"
	IntentThanks          Intent = "thanks"
	IntentHelp            Intent = "help"         // "what can you do?", "aide"
	IntentOutOfScope      Intent = "out_of_scope" // weather, jokes, recipes, anything not about appointments
)

// Intent values that only drive the classifier.
const (
	cueSearch      = "search"      // find, look for, cherche: a provider search when a kind is named
	cueAppointment = "appointment" // appointment, rendez-vous, rdv: booking when nothing says otherwise
	cueSelect      = "select"      // "the one with", "I'll take": choosing a proposal
	cueAlternative = "alternative" // "anyone else", "d'autres": more search results
	cueProvider    = "provider"    // a provider, of no kind in particular: clinic, practitioner
	cueGoodbye     = "goodbye"
	cueMoveIt      = "move_it"    // "move it to Saturday": a reschedule once a booking is made, a correction before
	cueOtherTime   = "other_time" // "another day", "une autre date": with a cancel cue, a move
	// cueMoveVerb is a verb of moving said of something ("move RDV-… to
	// Thursday", "mettre RDV-… jeudi"): with a booking reference, a move.
	cueMoveVerb = "move_verb"
)

// intentPhrases returns, for each intent (or cue), the folded phrases that
// signal it. Patterns use expand's "(a|b|)" alternatives. Apostrophes and
// hyphens are word breaks: "don't" is "don t", "rendez-vous" "rendez vous".
func intentPhrases() map[string][]string {
	appt := "(appointment|appointments|appt|booking|bookings|reservation|reservations|visit|session|slot|rendez vous|rdv|rendezvous|reservation)"
	myAppt := "(my|the|our|this|that|mon|le|la|ma|ce|cette) " + appt
	// The same, shorter, for verbs whose every form is listed: the phrases
	// multiply.
	myApptShort := "(my|the|this|that|mon|ma|le|la) (appointment|appt|booking|reservation|rdv|rendez vous|visit)"
	return map[string][]string{
		string(IntentCancel): {
			"cancel", "cancelled", "canceled", "cancelling", "canceling", "cancellation", "call off",
			"annuler", "annule", "annulez", "annulation", "delete " + myAppt, "remove " + myAppt,
			"supprimer " + myAppt, "supprimez " + myAppt, "(can t|cannot|won t|can not|couldn t) make it", "(je ne|j) (pourrai|peux) pas venir",
			"(won t|will not|wont|not) be able to (make it|come|attend|go)", "(can t|cannot|can not|couldn t|won t) (come|attend)",
			"something came up", "(j ai|jai) (un|eu un) empechement", "(je|je ne) (pourrai|peux|vais|serai) pas (venir|etre la|y aller|disponible)",
			"(je ne|j) (pourrai|peux|serai) plus (venir|etre la)",
			"(scrap|drop|ditch|scratch|get rid of|forget about) " + myApptShort, "unbook", "un book",
			"(no longer|don t|dont) need " + myApptShort,
			"(plus besoin|n ai plus besoin|nai plus besoin|j ai plus besoin|jai plus besoin) (de|du|d) (mon|ma|ce|cette|la|le|) (rdv|rendez vous|reservation)",
			"(me|se|nous) (desister|desiste|desistons)", "desistement", "(laisser|laissez|laisse) tomber " + myApptShort,
		},
		string(IntentReschedule): {
			"reschedule", "rescheduling", "re schedule", "move " + myAppt, "change " + myAppt, "postpone",
			"push back " + myAppt, "push " + myAppt, "bring forward", "modify " + myAppt, "shift " + myAppt,
			"decaler", "decale", "decalez", "deplacer", "deplace", "deplacez", "reporter", "reporte", "reportez",
			"changer " + myAppt, "changer (de|l heure de|la date de|le jour de) " + myAppt, "modifier " + myAppt,
			"avancer " + myAppt, "another (day|time) for " + myAppt, "autre (jour|heure|date) pour " + myAppt,
		},
		cueMoveIt: {
			"move (it|that|this|them)", "push (it|that) (back|forward|to)", "shift (it|that)", "bring (it|that) forward",
			"change (it|that) to", "switch (it|that) to", "change (it|that)", "(le|la) (changer|deplacer|decaler|reporter|avancer)",
			"(on|je|vous) (peut|peux|pouvez|pourrait|pourrais|pourriez) (le|la|) (changer|deplacer|decaler|reporter)",
		},
		cueMoveVerb: {
			"move", "push", "shift", "bring", "put", "switch", "change", "swap", "reschedule",
			"mettre", "mettez", "mets", "passer", "passez", "bouger", "bougez", "changer", "changez", "avancer", "avancez",
			"repousser", "repoussez",
		},
		cueOtherTime: {
			"(another|a different|some other|other|a later|an earlier) (day|time|date|slot|week)",
			"(un|une) (autre|nouvelle) (jour|date|heure|creneau|moment|semaine)", "(un|une) autre fois",
			"(change|changer) (the|la|le|de) (date|day|time|jour|heure|creneau)",
			"come (another|a different|some other) (day|time)", "venir (un autre jour|une autre fois|plus tard)",
		},
		string(IntentMyBookings): {
			"my (appointments|bookings|reservations)", "(what|which|any) (appointments|bookings) do i have",
			"do i have (an|any) (appointment|appointments|booking|bookings)", "when is my (appointment|booking)",
			"mes (rendez vous|rdv|reservations)", "(ai je|j ai|est ce que j ai) (un|des|quels|quel) (rdv|rendez vous)",
			"quand est mon (rdv|rendez vous)", "c est quand mon (rdv|rendez vous)", "upcoming (appointments|bookings)",
			"(show|list|see|check) my (appointment|appointments|booking|bookings)", "quels sont mes", "mon prochain (rdv|rendez vous)",
			"my next (appointment|booking)",
			// Asked about a booking made: "what time is my appointment?".
			"(what|which) (time|day|date) is my (appointment|booking)", "(where|what time|when) is my (next|) (appointment|booking)",
			"is my (appointment|booking) (confirmed|still on|booked)", "(details|detail) of my (appointment|booking)",
			"(a quelle heure|quel jour|quand) (est|) mon (rdv|rendez vous)", "c est (a quelle heure|quel jour) mon (rdv|rendez vous)",
			"mon (rdv|rendez vous) (est|c est) (a quelle heure|quel jour|quand)", "mon (rdv|rendez vous) est (il|) (bien|) (confirme|maintenu)",
		},
		string(IntentBook): {
			"book", "booked", "booking an", "reserve", "make (an|a|the|my|one) (appointment|booking|reservation)",
			"schedule (an|a|the|my|one) (appointment|visit|session)", "set up (an|a|the) (appointment|visit)",
			"get (an|a) (appointment|visit)", "fix (an|a|the) appointment", "(an|a) appointment (with|for|at|on)",
			"(want|need|like|d like|would like|wanna) (an|a|to make an) appointment", "reserver", "reservez", "reserve moi",
			"prendre (un|) (rendez vous|rdv)", "(un|le) (rendez vous|rdv) (avec|chez|pour|le|a|demain|aujourd)",
			"(voudrais|veux|souhaite|souhaiterais|aimerais|besoin d) (un|) (rdv|rendez vous)", "fixer (un|) (rdv|rendez vous)",
			"caler (un|) (rdv|rendez vous)", "booker", "bouquer", "inscrire", "inscris moi", "make it official",
			"go ahead and book", "sign me up", "prenez moi", "prends moi",
			"visit (this|that|the|him|her|them|this one|that one)", "see (him|her|them|this doctor|that doctor)",
		},
		cueAppointment: {"appointment", "rendez vous", "rdv", "rendezvous", "appt"},
		cueSearch: {
			"find", "finding", "search", "searching", "look for", "looking for", "locate", "recommend",
			"suggest", "need", "want", "looking", "search for", "any", "is there", "are there", "know (a|any|of)",
			"cherche", "cherchons", "chercher", "trouver", "trouve", "recherche", "besoin", "il me faut",
			"connaissez vous", "connais tu", "y a t il", "y a t il", "conseiller", "conseillez", "voir",
			"see", "visit", "consult", "consulter",
		},
		cueProvider: {
			"dentistry", "clinic", "clinique", "practitioner", "praticien", "stylists", "hair place",
			"place to get my hair",
		},
		cueAlternative: {
			"anyone else", "someone else", "any other", "other options", "another one", "other ones", "others",
			"something else", "d autres", "un autre", "une autre", "autre chose", "quelqu un d autre",
		},
		string(IntentAskAvailability): {
			"available", "availability", "availabilities", "free", "openings", "opening", "open slot",
			"open slots", "slots", "what times", "what time", "which times", "when (is|are|can|could) (he|she|they|it|you|i)",
			"anything (on|for|free|available|open)", "any (time|times|slot|slots)", "earliest", "next available",
			"dispo", "dispos", "disponible", "disponibles", "disponibilite", "disponibilites", "libre", "libres",
			"creneau", "creneaux", "quand", "a quelle heure", "quelles heures", "quelle heure", "horaires",
			"de la place", "le plus tot",
		},
		cueSelect: {
			"the one with", "the one at", "the one on", "celui avec", "celle avec", "celui de", "celle de",
			"i ll take", "ill take", "i will take", "i ll go with", "go with", "je prends", "je prendrai",
			"je choisis", "je veux celui", "je veux celle", "that one", "this one", "celui la", "celle la",
			"works", "work for me", "works for me", "is fine", "is good", "is perfect", "me va", "ca me va",
			"me convient", "ca marche", "c est parfait",
		},
		string(IntentHelp): {
			"help", "aide", "aidez moi", "aide moi", "what can you do", "what do you do", "how does (this|it) work",
			"que (peux|pouvez) (tu|vous) faire", "comment ca marche", "comment (ca|cela) fonctionne", "menu",
			"what are my options", "instructions",
		},
		string(IntentGreet): {
			"hello", "hi", "hey", "hiya", "howdy", "greetings", "good morning", "good afternoon", "good evening",
			"bonjour", "salut", "bonsoir", "coucou", "allo", "hola", "yo",
		},
		string(IntentThanks): {
			"thanks", "thank you", "thank", "thx", "ty", "cheers", "merci", "much appreciated", "appreciate it",
			"je vous remercie", "remercie",
		},
		cueGoodbye: {
			"bye", "goodbye", "good bye", "see you", "au revoir", "a bientot", "bonne journee", "bonne soiree",
			"that s all", "that is all", "that will be all", "that s it", "c est tout", "rien d autre", "nothing else",
			"all for today", "it for today", "everything for today", "done for today", "all i need", "all i needed",
			"that ll be all", "that ll be it", "that will be it", "that was all", "that was it", "that s everything",
			"i m done", "i am done", "i m finished", "i am finished", "c est tout pour aujourd hui", "ce sera tout",
		},
		string(IntentAffirm): {
			"yes", "yeah", "yep", "yup", "ya", "yea", "sure", "ok", "okay", "oki", "okey", "k", "oui", "ouais",
			"ouai", "d accord", "dac", "daccord", "parfait", "perfect", "great", "go ahead", "confirm", "confirmed",
			"confirme", "confirmer", "je confirme", "that works", "works for me", "sounds good", "sounds great", "correct",
			"that s right", "that is right", "right", "exactly", "absolutely", "of course", "bien sur", "c est bon",
			"ca marche", "ca me va", "tres bien", "volontiers", "allez y", "vas y", "c est parfait", "c est ca",
			"exactement", "entendu", "why not", "please do", "alright", "all right", "good", "fine", "super",
			"excellent", "awesome", "cool", "nickel", "impeccable", "top", "certainly", "definitely", "affirmative",
			"that would be great", "that would work", "sounds perfect", "let s do it", "do it", "agreed",
			"that s fine", "c est d accord", "ca roule", "avec plaisir",
		},
		string(IntentDeny): {
			"no", "nope", "nah", "non", "pas du tout", "don t", "do not", "not really", "no thanks", "no thank you",
			"non merci", "never mind", "nevermind", "laisse tomber", "ne me va pas", "me va pas", "doesn t work",
			"won t work", "does not work", "that s wrong", "incorrect", "negative", "pas vraiment", "surtout pas",
			"certainly not", "not at all", "pas possible", "impossible", "ca ne marche pas", "pas bon", "not now",
			"not right now", "pas maintenant", "i can t", "je ne peux pas", "not that", "pas ca", "nothing", "nothing more",
			"not yet", "not at this time", "not just now", "not today", "not at the moment", "none", "i cannot",
			"i don t (want|need)", "i do not (want|need)", "no need", "not necessary", "not needed", "pas la peine",
			"pas besoin", "rien", "maybe later", "some other time",
		},
		string(IntentOutOfScope): {
			"weather", "meteo", "temperature", "rain", "pluie", "joke", "jokes", "blague", "blagues", "recipe",
			"recipes", "recette", "recettes", "cook", "cooking", "cuisine", "news", "actualites", "football",
			"soccer", "movie", "movies", "film", "films", "cinema", "music", "song", "songs", "chanson", "restaurant",
			"restaurants", "taxi", "uber", "ride", "cab", "flight", "flights", "hotel", "hotels", "bank",
			"banque", "stock", "bitcoin", "poem", "poeme", "president", "capital of", "meaning of life",
			"table for", "concert", "train", "bus", "quel temps", "(il|va t il|va til) (fait|faire|pleut|pleuvoir|neige|neiger)",
			"fait (il|til) (beau|chaud|froid)", "pleuvoir", "pleut", "neiger", "(is it|will it) (rain|raining|snow|snowing|be sunny|be cold|be hot)",
		},
	}
}

// correctionPhrases are the words by which people change what they said.
func correctionPhrases() []string {
	return []string{
		"actually", "instead", "rather", "i meant", "i mean", "sorry i meant", "change (it|that|the time|the date|the day|the city|the location) to",
		"make it", "change to", "no wait", "wait", "correction", "on second thought", "i changed my mind",
		"i ve changed my mind", "changed my mind", "switch to", "prefer", "would prefer", "plutot", "finalement", "en fait",
		"au lieu de", "je voulais dire", "pardon", "changer pour", "change pour", "je prefere", "je prefererais",
		"non plutot", "en fin de compte", "j ai change d avis", "change d avis", "modifier (l heure|la date|le jour)",
		"changer (l heure|la date|le jour|la ville)", "change (the time|the date|the day)",
	}
}
