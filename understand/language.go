package understand

// englishWords are folded words that mark a message as English: frequent
// words that French does not use (after folding; "a", "on", "me" or "ok"
// are missing on purpose: French has them too).
func englishWords() []string {
	return []string{
		"i", "im", "id", "ill", "ive", "you", "your", "the", "to", "for", "with", "is", "are", "am",
		"my", "can", "could", "would", "will", "like", "need", "want", "book", "appointment",
		"appointments", "please", "yes", "yeah", "yep", "thanks", "thank", "hello", "hi", "hey",
		"tomorrow", "today", "at", "in", "of", "and", "or", "what", "when", "where", "which",
		"there", "any", "anything", "free", "available", "next", "this", "that", "it", "be", "do",
		"does", "have", "has", "morning", "afternoon", "evening", "monday", "tuesday", "wednesday",
		"thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
		"june", "july", "august", "september", "october", "november", "december", "find",
		"looking", "get", "an", "some", "time", "day", "week", "clock", "pm", "works", "sure",
		"okay", "nope", "cancel", "move", "reschedule", "how", "about", "around", "half",
		"past", "quarter", "noon", "midnight", "after", "before", "someone", "from",
		"we", "our", "not", "don", "dont", "cant", "should", "help", "name", "email",
		"phone", "number", "tonight", "instead", "actually", "rather", "one", "two", "three",
		"four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "first",
		"second", "third", "last", "great", "perfect", "good", "fine", "want", "wanna",
		"booking", "nothing", "else", "other", "another", "no", "bye", "goodbye", "thx", "why", "because",
		"also", "again", "but", "just", "really", "pls", "plz", "tmrw", "tmr", "days", "weeks", "later", "earlier",
		"sooner", "slots", "times",
	}
}

// The words of the kinds (KindWords) mark their language too: those of
// one word and one language only ("dentiste", "haircut").

// frenchWords are folded words that mark a message as French.
func frenchWords() []string {
	return []string{
		"je", "j", "tu", "vous", "nous", "il", "elle", "le", "la", "les", "un", "une", "des", "du",
		"au", "aux", "de", "d", "et", "ou", "avec", "chez", "sur", "dans", "pas", "ne", "qui",
		"que", "qu", "quoi", "quel", "quelle", "quels", "quelles", "c", "est", "bonjour",
		"bonsoir", "salut", "merci", "oui", "ouais", "non", "svp", "stp", "rdv", "demain",
		"aujourd", "hui", "apres", "midi", "soir", "soiree", "matin", "matinee", "semaine",
		"prochain", "prochaine", "voudrais", "veux", "voulais", "besoin", "cherche", "heure",
		"heures", "dispo", "dispos", "disponible", "disponibles", "rendez", "faire", "prendre",
		"annuler", "mon", "ma", "mes", "votre", "vos", "cette", "ce", "cet", "ca", "peux",
		"pouvez", "puis", "suis", "ai", "avez", "avoir", "etre", "lundi", "mardi", "mercredi",
		"jeudi", "vendredi", "samedi", "dimanche", "janvier", "fevrier", "mars", "avril", "mai",
		"juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre", "plutot", "finalement",
		"vers", "pour", "moi", "appelle", "nom", "accord", "parfait", "aimerais", "souhaite",
		"souhaiterais", "reserver", "decaler", "deplacer", "reporter", "quand", "combien",
		"libre", "creneau", "creneaux", "premier", "premiere", "deuxieme", "dernier", "derniere",
		"aide", "bien", "tres", "plait", "trouver", "cabinet", "demi", "quart", "moins", "minuit", "fin", "debut",
		"journee", "mon", "lieu", "plus", "rien", "autre", "toute", "tout", "si", "pourquoi", "parce", "mais",
		"donc", "aussi", "encore", "alors", "voila", "deja", "tard", "jours", "autres",
		// Spoken and texted French, for messages that hold nothing else
		// ("hein ?", "blablabla truc machin", "jsp").
		"hein", "truc", "machin", "bidule", "euh", "bof", "comment", "jsp", "chais", "sais", "comprends", "compris",
		"zut", "mdr", "coucou", "slt", "bjr", "jcherche", "jveux", "jvoudrais", "voulez", "faut", "temps", "blague",
		"raconte", "fait", "bah", "ouf",
	}
}

// strongMarkers are marker words that tell the language on their own:
// days, months and relative days ("tomorrow", "demain"). With the kinds'
// words and French hours ("15h"), they weigh two: a customer who writes
// "coiffeur" or "tomorrow" writes in that language, one who writes "ok",
// "yes" or "merci" may not.
func strongMarkers() []string {
	return []string{
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
		"march", "april", "june", "july", "august", "september", "october", "november", "december", "tomorrow",
		"today", "tonight", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier",
		"fevrier", "avril", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre", "demain",
	}
}

// languageScorer weighs the English and French marker words of a message.
type languageScorer struct {
	words map[string]int8 // > 0 English, < 0 French, by weight
}

func newLanguageScorer() *languageScorer {
	en, fr := englishWords(), frenchWords()
	strong := map[string]bool{}
	for _, w := range strongMarkers() {
		strong[w] = true
	}
	for _, kw := range Kinds() {
		en, fr = append(en, kw.English...), append(fr, kw.French...)
		for _, w := range append(kw.English, kw.French...) {
			strong[w] = true
		}
	}
	weight := func(w string) int8 {
		if strong[w] {
			return 2
		}
		return 1
	}
	s := &languageScorer{words: map[string]int8{}}
	for _, w := range en {
		s.words[w] = weight(w)
	}
	for _, w := range fr {
		if v, seen := s.words[w]; seen && v >= 0 {
			s.words[w] = 0 // in both languages: says nothing
			continue
		}
		s.words[w] = -weight(w)
	}
	return s
}

// score returns the English and French evidence of a message. French
// accented letters count for French ("à 15h" is French even though "a" and
// "15h" say nothing), and so does an hour written "15h". Names say nothing
// of the language the customer writes in ("I'd like to see Dr Lefèvre in
// Besançon" is English): the tokens skip says are names are left out, and
// so are the accents of a capitalised word inside the message. skip may be
// nil.
func (s *languageScorer) score(t *text, toks []token, skip func(i int) bool) (en, fr int) {
	accents := 0
	for i, tk := range toks {
		if skip != nil && skip(i) {
			continue
		}
		if tk.s == "d" && i > 0 && englishSubject(toks[i-1].s) {
			continue // "I'd", "you'd": English, and "i" already says so
		}
		switch v := s.words[tk.s]; {
		case v > 0:
			en += int(v)
		case v < 0:
			fr -= int(v)
		}
		if isFrenchHourToken(tk.s) {
			fr += 2
		}
		orig := t.orig[t.off[tk.start]:t.off[tk.end]]
		if i > 0 && capitalised(t, tk) {
			continue // "Besançon", "Lefèvre": a name
		}
		for _, r := range orig {
			switch r {
			case 'é', 'è', 'ê', 'à', 'ç', 'ù', 'â', 'î', 'ô', 'û', 'ë', 'ï', 'œ', 'É', 'È', 'À', 'Ç':
				accents++
			}
		}
	}
	return en, fr + min(accents, 2)
}

// englishSubject reports whether w is a pronoun that "'d" follows in
// English ("I'd", "we'd").
func englishSubject(w string) bool {
	switch w {
	case "i", "you", "we", "they", "he", "she", "who", "it", "that":
		return true
	}
	return false
}

// isFrenchHourToken reports whether a token is an hour in the French style: "15h",
// "9h30".
func isFrenchHourToken(s string) bool {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 2 || i >= len(s) || s[i] != 'h' {
		return false
	}
	rest := s[i+1:]
	return rest == "" || (len(rest) == 2 && '0' <= rest[0] && rest[0] <= '5' && '0' <= rest[1] && rest[1] <= '9')
}

// clearMargin is how much more evidence the other language needs for a
// message to switch the conversation to it: a French conversation goes on
// in French after "ok", "yes" or "Lyon", and turns English on "tomorrow at
// 10" or "the first one, please".
const clearMargin = 2

// DetectLanguage returns the language of a message: the one with more
// marker words, or fallback — the conversation's — when the message says
// too little ("ok", "Lyon" hardly tell), is evenly mixed, or leans to the
// other language by less than clearMargin. An empty fallback means English.
// It is the language Understand reads, names of the Gazetteer left out.
func (u *Understander) DetectLanguage(message string, fallback Language) Language {
	return u.Understand(Context{Language: fallback}, message).Language
}

func decideLanguage(en, fr int, fallback Language) Language {
	switch {
	case fallback == French && en-fr < clearMargin, fallback == English && fr-en < clearMargin:
		return fallback
	case fr > en:
		return French
	case en > fr:
		return English
	}
	return English
}

// extraCommonWords are ordinary words that the language lists leave out
// but that must never be read as a name ("I'm available", "je suis
// intéressé").
func extraCommonWords() []string {
	return []string{
		"a", "on", "me", "so", "just", "also", "still", "really", "very", "not", "here", "there", "back",
		"available", "busy", "interested", "sorry", "new", "calling", "trying", "going", "looking", "hoping",
		"wondering", "writing", "ready", "sure", "glad", "happy", "afraid", "free", "late", "early", "sick",
		"ill", "fine", "well", "good", "great", "okay", "done", "all", "both", "out", "away", "off", "up",
		"over", "into", "as", "if", "but", "by", "an", "his", "her", "their", "them", "they", "he", "she",
		"him", "who", "whom", "why", "how", "much", "many", "more", "less", "too", "again", "now", "then",
		"than", "because", "please", "thanks", "yes", "no", "ok", "hello", "hi", "hey", "bye", "right",
		"wrong", "correct", "perfect", "possible", "after", "before", "between", "within", "without", "per",
		"latter", "former", "letter", "dated", "dating", "bunch", "punch", "hunch", "launch", "laser", "petite", "hates",
		"rates", "gates", "mates", "entry", "enter", "yearly", "nearly", "clearly", "dearly", "precious", "starving", "timed",
		"pause", "partie", "parti", "compte", "passer", "passee", "jusque", "vieille", "layer", "lager", "bitter", "butter",
		"afterward",
		"disponible", "libre", "interesse", "interessee", "desole", "desolee", "nouveau", "nouvelle", "client",
		"cliente", "patient", "patiente", "malade", "ici", "la", "en", "pas", "bien", "tres", "content",
		"contente", "pret", "prete", "occupe", "occupee", "absent", "absente", "en retard", "toujours",
		"encore", "aussi", "deja", "juste", "vraiment", "alors", "donc", "mais", "car", "lui", "leur", "eux",
		"son", "sa", "ses", "notre", "nos", "mon", "ton", "ta", "tes", "y", "en", "ce", "ceci", "cela",
		"celui", "celle", "oui", "non", "merci", "bonjour", "salut", "avant", "apres", "entre", "sans",
		"pour", "par", "sans", "sous", "vers", "chez", "possible", "dispo", "presente", "present", "the",
		"one", "someone", "somebody", "anyone", "anybody", "nobody", "something", "anything", "nothing",
		"everything", "that", "this", "these", "those", "what", "which", "it", "its", "is", "was", "be",
		"been", "being", "will", "would", "shall", "should", "may", "might", "must", "can", "could", "have",
		"had", "having", "do", "did", "doing", "get", "got", "go", "gone", "make", "made", "take", "taken",
		"book", "booking", "find", "need", "want", "like", "love", "think", "wanted", "needed", "asking",
		"available", "unavailable", "fully", "totally", "definitely", "absolutely", "certainly",
		"mostly", "only", "even", "ever", "never", "always", "sometimes", "usually", "about", "around",
		"with", "from", "your", "you", "i", "we", "us", "our", "my", "mine", "yours", "ours", "a", "an",
		"some", "any", "every", "each", "other", "another", "same", "different", "home", "work", "office",
		"town", "city", "area", "near", "close", "far", "downtown", "center", "centre", "ville", "quartier",
		"pres", "loin", "centre", "travail", "maison", "bureau", "en", "au", "aux", "du", "des", "de",
		"le", "les", "un", "une", "et", "ou", "est", "sont", "suis", "es", "sommes", "etes", "ai", "as",
		"avons", "avez", "ont", "fait", "faire", "veux", "voudrais", "peux", "dois", "cherche", "appelle",
		"nom", "name", "called", "mister", "missus", "sir", "madam", "monsieur", "madame", "what's", "whats",
		// Places that are also ordinary words.
		"nice", "tours", "orange", "sens", "bar", "reading", "bath", "mobile", "concord", "hope", "paradise",
		"option", "options", "number", "choice", "slot", "numero", "choix", "proposition",
	}
}
