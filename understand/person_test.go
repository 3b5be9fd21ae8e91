package understand_test

import (
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous/understand"
)

// TestPersonNames: a name is taken only when it looks like a person's
// name; every other message keeps what it says (a date, a question).
func TestPersonNames(t *testing.T) {
	u := newUnderstander()
	tests := []struct {
		name     string
		awaiting string
		msg      string
		want     string
	}{
		// Introduced names.
		{"IntroKnownGivenName", "", "I'm Marie Curie", "Marie Curie"},
		{"IntroLowerCase", "", "im marie curie", "marie curie"},
		{"IntroHyphenated", "", "my name is Jean-Pierre Dupont.", "Jean-Pierre Dupont"},
		{"IntroApostrophe", "", "I'm Siobhan O'Neill", "Siobhan O'Neill"},
		{"IntroElidedParticle", "", "je m'appelle Charles d'Artagnan", "Charles d'Artagnan"},
		{"IntroParticles", "", "je suis Jean de La Fontaine", "Jean de La Fontaine"},
		{"IntroParticlesLowerCase", "", "je m'appelle jean de la fontaine", "jean de la fontaine"},
		{"IntroVan", "", "my name is Ludwig van Beethoven", "Ludwig van Beethoven"},
		{"IntroBen", "", "je suis Ali ben Salah", "Ali ben Salah"},
		{"IntroInitial", "", "this is John F. Kennedy", "John F. Kennedy"},
		{"IntroCEstPour", "", "c'est pour Zoé Lambert", "Zoé Lambert"},
		{"IntroNoAccents", "", "je mappelle chloe dupont", "chloe dupont"},
		{"IntroNameThatIsAWord", "", "I'm Rose", "Rose"},
		{"IntroPierre", "", "je suis pierre", "pierre"},
		{"IntroSurnameThatIsAWordCapitalised", "", "I'm Baker", "Baker"},
		{"IntroClearSurnameThatIsAWord", "", "my name is baker", "baker"},
		{"IntroCyrillic", "", "my name is Иван Петров", "Иван Петров"},
		{"IntroRareName", "", "I'm Xochitl Zuniga", "Xochitl Zuniga"},
		{"IntroSurnameInCapitals", "", "je suis DUPONT Marie", "DUPONT Marie"},
		{"IntroStopsAtAWord", "", "I'm Marie and I need a dentist", "Marie"},
		{"IntroStopsBeforeOrdinaryLowerWord", "", "je suis marie enceinte de 3 mois", "marie"},
		{"IntroAuNomDe", "", "non, c'est au nom de Jeanne Dupont", "Jeanne Dupont"},
		{"ClearIntroOverAProvidersName", "", "my name is Sophie Martin", "Sophie Martin"},
		// Introduced words that are no names.
		{"NotVisiting", "", "I'm visiting Lyon and need a dentist", ""},
		{"NotVisitingLater", "", "i'm visiting next week", ""},
		{"NotAdjective", "", "I'm exhausted, any physio tomorrow?", ""},
		{"NotFrenchAdjective", "", "je suis fatiguée", ""},
		{"NotFrenchParticiple", "", "je suis enceinte", ""},
		{"NotCEst", "", "c'est urgent", ""},
		{"NotCEstNote", "", "c'est noté", ""},
		{"NotThisIs", "", "this is ridiculous", ""},
		{"NotLeDocteur", "", "c'est pour le docteur", ""},
		// Bare answers at the name prompt.
		{"BareFullName", "name", "Marie Curie", "Marie Curie"},
		{"BareLowerCase", "name", "  marie curie ", "marie curie"},
		{"BareGivenNameThatIsAWord", "name", "Grant", "Grant"},
		{"BareMartin", "name", "martin", "martin"},
		{"BareSurname", "name", "Dupont", "Dupont"},
		{"BareNguyen", "name", "Nguyen Van Anh", "Nguyen Van Anh"},
		{"BareMisterSurname", "name", "Jeanne Fontaine", "Jeanne Fontaine"},
		{"BareArabic", "name", "محمد علي", "محمد علي"},
		{"BarePolite", "name", "Marie Curie please", "Marie Curie"},
		{"BarePoliteFrench", "name", "oui marie curie merci", "marie curie"},
		{"BareThatsMyName", "name", "Marie Curie is my name", "Marie Curie"},
		{"BareTitle", "name", "Mme Dupont", "Mme Dupont"},
		{"BareTitleWithPeriod", "name", "Dr. Marie Curie", "Dr. Marie Curie"},
		{"BareMonsieur", "name", "monsieur jean martin", "monsieur jean martin"},
		{"BareInitialAndSurname", "name", "M. Dupont", "M. Dupont"},
		{"BareAllCaps", "name", "MARIE CURIE", "MARIE CURIE"},
		{"BareTitleAlone", "name", "Madame", ""},
		{"BareBen", "name", "Ben Smith", "Ben Smith"},
		{"BareBenAlone", "name", "Ben", "Ben"},
		{"BareWait", "name", "wait", ""},
		{"BareWaitCapitalised", "name", "Wait", ""},
		{"BareAttendez", "name", "attendez", ""},
		{"BareAttendezCapitalised", "name", "Attendez", ""},
		{"BareHesitation", "name", "euh", ""},
		{"BareHmm", "name", "hmm", ""},
		{"BareTexting", "name", "jsp", ""},
		{"BareQuestion", "name", "why?", ""},
		{"BareQuestionFrench", "name", "pourquoi", ""},
		{"BareQuestionWithName", "name", "Marie?", ""},
		{"BareTwoWords", "name", "hang on", ""},
		{"BareFrenchWords", "name", "bonne question", ""},
		{"BareOneSec", "name", "un instant", ""},
		{"BareWaitRather", "name", "wait, rather Thursday same time", ""},
		{"BareAttendezPlutot", "name", "attendez, plutôt jeudi même heure", ""},
		{"BareActually", "name", "actually make it Thursday", ""},
		{"BareDigits", "name", "R2D2", ""},
		{"BareURL", "name", "http://evil.example", ""},
		{"BareNoThanks", "name", "non merci", ""},
		{"BareSurnameThatIsAWordAlone", "name", "Fontaine", ""},
		// Listed among details.
		{"ListedWithEmail", "", "Marie Curie, marie@example.com", "Marie Curie"},
		{"ListedLowerCaseAtThePrompt", "name", "jean dupont, jean@example.com", "jean dupont"},
		{"ListedNotAName", "", "Tomorrow Morning, marie@example.com", ""},
		// A known surname that is also a word, first, written with a
		// capital before a given name also capitalised: a name.
		{"BareWeakBeforeGiven", "name", "Val Ford", "Val Ford"},
		{"BareWeakBeforeGivenOther", "name", "Gay Talese", "Gay Talese"},
		{"BareWordsCapitalisedAreNoName", "name", "Good Morning", ""},
		{"BareNotSureCapitalised", "name", "Not Sure", ""},
		{"BareWeakBeforeGivenInLowerCase", "name", "val ford", ""},
		// Booking for someone else: their name follows.
		{"ForMyWife", "confirmation", "oh the appointment is for my wife, Greta Arendt", "Greta Arendt"},
		{"ForMySon", "", "it's for my son Leo Martin", "Leo Martin"},
		{"PourMaFille", "confirmation", "c'est pour ma fille, Chloé Martin", "Chloé Martin"},
		{"PourMonMari", "", "c'est pour mon mari qui s'appelle Paul Durand", "Paul Durand"},
		{"ForMySonNoName", "", "I need a dentist for my son tomorrow", ""},
		{"ForAName", "", "Book a dentist in Lyon on Thursday at 9am for Nora Blake, nora@example.com", "Nora Blake"},
		{"PourUnNom", "", "un dentiste pour Marie Curie demain à Lyon", "Marie Curie"},
		{"ForADayIsNoName", "", "a dentist for Friday", ""},
		{"ForOneWordIsNoName", "", "a haircut for Leo please", ""},
		{"ForADoctorIsNoName", "", "a GP for Dr Martin Leroy", ""},
		{"ForLowerCaseIsNoName", "", "a dentist for nora blake", ""},
		// A name corrected as it is given: the later one.
		{"NameSorryName", "name", "my name's Ben... sorry, Benjamin Clark", "Benjamin Clark"},
		{"NameIMeanName", "", "I'm Ann, I mean Anne Lee", "Anne Lee"},
		{"NomPardonNom", "", "je suis Jean, pardon, Jeanne Martin", "Jeanne Martin"},
		{"NameThenSorryNoName", "", "I'm Ann Lee, sorry for the delay", "Ann Lee"},
		// Given names the rules also use (months, "will", "hope").
		{"BareJan", "name", "Jan Ford", "Jan Ford"},
		{"BareJune", "name", "June Carter", "June Carter"},
		{"BareWill", "name", "Will Smith", "Will Smith"},
		{"IntroJan", "", "I am Jan Ford", "Jan Ford"},
		{"BareMayIAskIsNoName", "name", "May I ask why", ""},
		{"BareJune3rdIsNoName", "name", "June 3rd", ""},
		// Surname first, a comma, the given name.
		{"InvertedWithComma", "name", "Meyer, Tom", "Tom Meyer"},
		{"InvertedHyphenatedGiven", "name", "Dupont, Marie-Claire", "Marie-Claire Dupont"},
		{"InvertedTwoGivenNamesKept", "name", "Marie, Claire", "Marie"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := u.Understand(understand.Context{Now: friday, Awaiting: tt.awaiting}, tt.msg)
			if r.Name != tt.want || (r.Name != "" && r.ProviderName != "") {
				t.Fatalf("Understand(%q).Name = %q, want %q", tt.msg, r.Name, tt.want)
			}
		})
	}
}

// TestNameParts: a message that gives only the given name or the surname
// replaces that part of the name known.
func TestNameParts(t *testing.T) {
	u := newUnderstander()
	tests := []struct {
		name  string
		known string
		msg   string
		want  string
		part  understand.NamePart
	}{
		{"Surname", "Marie Curie", "the surname is Martin", "Marie Martin", understand.Surname},
		{"SurnameNotTheOld", "Marie Curie", "sorry, my surname is Martin, not Curie", "Marie Martin", understand.Surname},
		{"LastName", "Marie Curie", "my last name is martin", "Marie martin", understand.Surname},
		{"LastNameTypo", "Marie Curie", "my lastname's Martin", "Marie Martin", understand.Surname},
		{"FamilyName", "Marie Curie", "family name: Martin", "Marie Martin", understand.Surname},
		{"NomDeFamille", "Marie Curie", "le nom de famille c'est Martin", "Marie Martin", understand.Surname},
		{"NomDeFamilleNoAccents", "Marie Curie", "mon nom de famille cest Martin", "Marie Martin", understand.Surname},
		{"FrenchNomAloneIsTheSurname", "Marie Curie", "mon nom c'est Dupont", "Marie Dupont", understand.Surname},
		{"FrenchNomWithTwoWords", "Marie Curie", "mon nom c'est Jeanne Dupont", "Jeanne Dupont", understand.WholeName},
		{"FirstName", "Marie Curie", "my first name is Jeanne", "Jeanne Curie", understand.GivenName},
		{"Prenom", "Marie Curie", "mon prénom c'est Jeanne", "Jeanne Curie", understand.GivenName},
		{"PrenomNoAccents", "Marie Curie", "prenom : jeanne", "jeanne Curie", understand.GivenName},
		{"CompoundGivenName", "Jean Pierre Dupont", "my surname is Durand", "Jean Pierre Durand", understand.Surname},
		{"SurnameWithParticle", "Jean de La Fontaine", "my first name is Marie", "Marie de La Fontaine", understand.GivenName},
		{"SurnameWhenOnlyGivenKnown", "Marie", "my surname is Curie", "Marie Curie", understand.Surname},
		{"GivenWhenOnlySurnameKnown", "Dupont", "my first name is Jeanne", "Jeanne Dupont", understand.GivenName},
		{"SurnameWhenNothingKnown", "", "the surname is Martin", "Martin", understand.Surname},
		{"WholeNameActually", "Marie Curie", "my name is Jeanne Dupont actually", "Jeanne Dupont", understand.WholeName},
		{"InsteadOfTheSurname", "Marie Curie", "it's Martin, not Curie", "Marie Martin", understand.WholeName},
		{"InsteadOfTheGivenName", "Marie Curie", "c'est Jeanne et pas Marie", "Jeanne Curie", understand.WholeName},
		{"InsteadOfNoAccents", "Hélène Curie", "c est Helena pas Helene", "Helena Curie", understand.WholeName},
		{"InsteadOfAnUnknownWord", "Marie Curie", "it's Martin, not Dupont", "Martin", understand.WholeName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := u.Understand(understand.Context{Now: friday, Awaiting: "confirmation", CustomerName: tt.known}, tt.msg)
			if r.Name != tt.want || r.NamePart != tt.part {
				t.Fatalf("Understand(%q) = %q (%q), want %q (%q)", tt.msg, r.Name, r.NamePart, tt.want, tt.part)
			}
		})
	}
}

func TestLooksLikeName(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Marie Curie", true}, {"Jean-Pierre Dupont", true}, {"O'Neill", true}, {"Rose", true}, {"Nguyen", true},
		{"Baker", true}, {"李小龙", true}, {"Curie", true}, {"marie curie", true},
		{"visiting", false}, {"attendez", false}, {"curie", false}, {"R2D2", false}, {"marie@example.com", false},
		{"http://x.y", false}, {"", false}, {"Marie Curie?", false}, {"a b c d e f g h", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := understand.LooksLikeName(tt.in); got != tt.want {
				t.Fatalf("LooksLikeName(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzPersonName: whatever the message, a name read from it is text of
// the message, shaped like a name (LooksLikeName agrees), without digits
// or @; a part of a name makes a name with the one known.
func FuzzPersonName(f *testing.F) {
	for _, m := range []string{"I'm Marie Curie", "je m'appelle jean de la fontaine", "the surname is Martin", "wait", "J. Smith",
		"mon prénom c'est Jeanne", "c'est pour d'Artagnan", "Иван Петров", "Marie Lyon Curie", "O'Neill-Smith, a@b.co", "nom : ",
		"my name is --", "I'm 'o'", "de la", "Ben", "je suis DUPONT Marie", "prenom: ", "my first name is my first name is x"} {
		f.Add(m, "Marie Curie", true)
		f.Add(m, "", false)
	}
	u := newUnderstander()
	f.Fuzz(func(t *testing.T, msg, known string, atPrompt bool) {
		c := understand.Context{Now: friday, CustomerName: known}
		if atPrompt {
			c.Awaiting = "name"
		}
		r := u.Understand(c, msg)
		understand.LooksLikeName(msg) // never panics
		if r.Name == "" {
			return
		}
		if strings.ContainsAny(r.Name, "0123456789@") && !strings.ContainsAny(known, "0123456789@") {
			t.Fatalf("Understand(%q).Name = %q", msg, r.Name)
		}
		if r.NamePart == understand.WholeName {
			if !strings.Contains(strings.ToValidUTF8(msg, " "), r.Name) || !understand.LooksLikeName(r.Name) {
				t.Fatalf("Understand(%q).Name = %q: not from the message, or not a name", msg, r.Name)
			}
		}
	})
}
