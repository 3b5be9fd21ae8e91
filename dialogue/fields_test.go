package dialogue_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// A field takes only a value of its kind: at the prompt for a detail,
// anything else is read for what it is and never stored as the detail.

// atPrompt brings a new conversation to the prompt for a detail.
func atPrompt(t *testing.T, m *dialogue.Manager, prompt string, first ...string) *dialogue.State {
	t.Helper()
	st := &dialogue.State{}
	for _, msg := range append(first, "the first one") {
		if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg}); err != nil {
			t.Fatal(err)
		}
		if st.Awaiting == prompt {
			return st
		}
	}
	t.Fatalf("not at the %s prompt: awaiting %q", prompt, st.Awaiting)
	return nil
}

// fieldCase is a message at a prompt and what must follow.
type fieldCase struct {
	name, msg string
	check     func(st *dialogue.State) bool // what the customer's details must be
	awaiting  string                        // what the agent asks next
	say       string                        // part of the reply, "" for any
}

func runFieldCases(t *testing.T, prompt string, first []string, cases []fieldCase) {
	m := brains(t)["Embedded"]
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := atPrompt(t, m, prompt, first...)
			reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: c.msg})
			if err != nil {
				t.Fatal(err)
			}
			if !c.check(st) || st.Awaiting != c.awaiting || !strings.Contains(reply.Text, c.say) {
				t.Fatalf("after %q: customer %+v, awaiting %q (want %q): %q", c.msg, st.Customer, st.Awaiting, c.awaiting, reply.Text)
			}
		})
	}
}

func TestNamePromptTakesOnlyAName(t *testing.T) {
	noName := nameIs("")
	runFieldCases(t, dialogue.AwaitName, []string{"Book me a dentist in Lyon on Wednesday around 10"}, []fieldCase{
		{"OKFullName", "Marie Curie", nameIs("Marie Curie"), dialogue.AwaitEmail, ""},
		{"OKLowerCaseIsCapitalised", "jean-pierre dupont", nameIs("Jean-Pierre Dupont"), dialogue.AwaitEmail, ""},
		{"OKGivenNameThatIsAWord", "Rose", nameIs("Rose"), dialogue.AwaitEmail, ""},
		{"OKIntroduced", "c'est pour Zoé Lambert", nameIs("Zoé Lambert"), dialogue.AwaitEmail, ""},
		{"AskedAgainHesitation", "euh", noName, dialogue.AwaitName, "Marie Curie"},
		{"AskedAgainWait", "Wait", noName, dialogue.AwaitName, "Marie Curie"},
		{"AskedAgainAttendez", "attendez", noName, dialogue.AwaitName, "Marie Curie"},
		{"AskedAgainTexting", "jsp", noName, dialogue.AwaitName, "Marie Curie"},
		{"AskedAgainOrdinarySurnameAlone", "Fontaine", noName, dialogue.AwaitName, "Marie Curie"},
		{"AnsweredQuestion", "why do you need my name?", noName, dialogue.AwaitName, "The practice needs a name"},
		{"AnsweredQuestionFrench", "c'est obligatoire ?", noName, dialogue.AwaitName, ""},
		{"AnsweredQuestionWithoutMark", "can I pay by card", noName, dialogue.AwaitName, "Sorry, I can't answer that"},
		{"AnsweredQuestionWithoutMarkFrench", "pourquoi faire", noName, dialogue.AwaitName, "Le cabinet a besoin d'un nom"},
		{"NotVisiting", "I'm visiting Lyon", noName, dialogue.AwaitName, ""},
		// A new day: the slots then are offered, and the name asked after.
		{"DayChange", "plutot jeudi stp", func(st *dialogue.State) bool { return noName(st) && chosenOn(time.Thursday)(st) },
			dialogue.AwaitSlotChoice, ""},
	})
}

func TestEmailPromptTakesOnlyAnEmail(t *testing.T) {
	noEmail := emailIs("")
	runFieldCases(t, dialogue.AwaitEmail, []string{"Book me a dentist in Lyon on Wednesday around 10, I'm Marie Curie"}, []fieldCase{
		{"OK", "marie@example.com", emailIs("marie@example.com"), dialogue.AwaitPhone, ""},
		{"OKInASentence", "sure, it's marie.curie@example.fr thanks", emailIs("marie.curie@example.fr"), dialogue.AwaitPhone, ""},
		{"OKSpelledOut", "marie dot curie at example dot com", emailIs("marie.curie@example.com"), dialogue.AwaitPhone, ""},
		{"OKSpelledOutFrench", "marie point curie arobase exemple point fr", emailIs("marie.curie@exemple.fr"), dialogue.AwaitPhone, ""},
		{"AskedAgainSpelledWithoutDomain", "marie at example", noEmail, dialogue.AwaitEmail, "name@example.com"},
		{"AskedAgainBroken", "marie@example", noEmail, dialogue.AwaitEmail, "name@example.com"},
		{"AnsweredQuestion", "why do you need my email?", noEmail, dialogue.AwaitEmail, ""},
		{"DayChange", "actually make it Thursday", func(st *dialogue.State) bool { return noEmail(st) && chosenOn(time.Thursday)(st) },
			dialogue.AwaitSlotChoice, ""},
	})
}

func TestPhonePromptTakesOnlyAPhone(t *testing.T) {
	noPhone := phoneIs("")
	runFieldCases(t, dialogue.AwaitPhone, []string{"Book me a dentist in Lyon on Wednesday around 10, I'm Marie Curie, marie@example.com"}, []fieldCase{
		{"OKFrench", "06 12 34 56 78", phoneIs("+33612345678"), dialogue.AwaitConfirmation, ""},
		{"OKDoubleZero", "0041 79 123 45 67", phoneIs("+41791234567"), dialogue.AwaitConfirmation, ""},
		{"OKTrunkPrefix", "+44 (0)20 7946 0958", phoneIs("+442079460958"), dialogue.AwaitConfirmation, ""},
		{"AskedAgainTooShort", "06 12 34 56", noPhone, dialogue.AwaitPhone, "06 12 34 56 78"},
		{"AskedAgainWords", "my phone", noPhone, dialogue.AwaitPhone, "06 12 34 56 78"},
		{"AnsweredQuestion", "why do you need my number?", noPhone, dialogue.AwaitPhone, ""},
		// A day and a time that has a slot: it is chosen, and the
		// number asked again.
		{"DayAndTimeNotAPhone", "plutôt jeudi à 10h30", func(st *dialogue.State) bool { return noPhone(st) && chosenAt(10, 30)(st) },
			dialogue.AwaitPhone, "téléphone"},
	})
}

// A customer may give a number of their own country for a provider
// elsewhere: a French mobile for a booking in Montréal, in French.
func TestPhoneOfTheCustomersCountry(t *testing.T) {
	first := []string{"Je voudrais un dentiste à Montréal mercredi vers 10h, je suis Marie Curie, marie@example.com", "le premier"}
	runFieldCases(t, dialogue.AwaitPhone, first, []fieldCase{
		{"OKFrenchMobile", "06 12 34 56 78", phoneIs("+33612345678"), dialogue.AwaitConfirmation, ""},
		{"OKLocal", "514 555 0123", phoneIs("+15145550123"), dialogue.AwaitConfirmation, ""},
		{"AskedAgainWithALocalExample", "06 12 34", phoneIs(""), dialogue.AwaitPhone, "(506) 234-5678"},
	})
}

// liar reads messages with the embedded brain, then puts a value of the
// wrong kind in every field, as a model brain might.
type liar struct{ embedded dialogue.Brain }

func (l liar) Interpret(ctx context.Context, in dialogue.Input) (understand.Result, error) {
	r, err := l.embedded.Interpret(ctx, in)
	if in.Message == "lie" {
		r.Intent = understand.IntentInform
		r.Name, r.Email, r.Phone = "visiting", "tomorrow at ten", "next Thursday"
		r.Kind, r.City = rendezvous.Kind("plumber"), "Atlantis"
	}
	return r, err
}

// Whatever a brain reads into a field, a value of another kind is not
// stored: a name must look like one, a city be the directory's, a kind a
// kind, an email and a phone valid.
func TestFieldsFromABrainAreChecked(t *testing.T) {
	w := getWorld(t)
	m := dialogue.NewManager(dialogue.ManagerConfig{Brain: liar{dialogue.NewEmbeddedBrain(w.Desk.Names, 0)}, Tools: w.Tools,
		Zones: w.Desk.CityZone, Cities: w.Desk.Cities, DefaultZone: now.Location(), Now: func() time.Time { return now }})
	for _, prompt := range []string{dialogue.AwaitName, dialogue.AwaitEmail, dialogue.AwaitPhone} {
		t.Run(prompt, func(t *testing.T) {
			st := atPrompt(t, m, prompt, "Book me a dentist in Lyon on Wednesday around 10", "the first one", "Marie Curie", "marie@example.com")
			before := *st
			if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: "lie"}); err != nil {
				t.Fatal(err)
			}
			// The agent asks again for one of the details.
			asks := st.Awaiting == dialogue.AwaitName || st.Awaiting == dialogue.AwaitEmail || st.Awaiting == dialogue.AwaitPhone
			if st.Customer != before.Customer || st.Kind != before.Kind || st.City != before.City || !asks {
				t.Fatalf("a value of the wrong kind was taken: %+v → %+v, kind %q, city %q, awaiting %q",
					before.Customer, st.Customer, st.Kind, st.City, st.Awaiting)
			}
		})
	}
}

// Corrections of a part of the name, in more phrasings than the spec's:
// the part is replaced and the summary shown again.
func TestNamePartsAtTheSummary(t *testing.T) {
	m := brains(t)["Embedded"]
	base := summaryFor(t, m)
	for _, c := range []correction{
		{"it's Martin, not Curie", nameIs("Marie Martin")},
		{"c'est Jeanne, pas Marie", nameIs("Jeanne Curie")},
		{"my last name is Martin", nameIs("Marie Martin")},
		{"family name: Martin", nameIs("Marie Martin")},
		{"nom de famille : Martin", nameIs("Marie Martin")},
		{"mon nom c'est Martin", nameIs("Marie Martin")},
		{"my first name is Jeanne", nameIs("Jeanne Curie")},
		{"mon prenom cest jeanne", nameIs("jeanne Curie")},
		{"no, the name is Jeanne Dupont", nameIs("Jeanne Dupont")},
	} {
		t.Run(c.msg, func(t *testing.T) {
			st := cloneState(t, base)
			reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: c.msg})
			if err != nil {
				t.Fatal(err)
			}
			if acted(reply.Actions) || !c.check(st) || st.Awaiting != dialogue.AwaitConfirmation || st.Pending == nil ||
				!strings.Contains(reply.Text, st.Customer.Name) {
				t.Fatalf("after %q: customer %+v, awaiting %q: %q", c.msg, st.Customer, st.Awaiting, reply.Text)
			}
		})
	}
}

// TestWhyADetailAnsweredEachTime: "why do you need it?", "do I have to?"
// at a detail's prompt are answered each time they come, never with the
// same words twice in a row, and the detail is asked again.
func TestWhyADetailAnsweredEachTime(t *testing.T) {
	m := brains(t)["Embedded"]
	for _, tt := range []struct {
		first []string
		asks  []string
		says  string
	}{
		{[]string{"Book me a dentist in Lyon on Wednesday around 10, I'm Marie Curie, marie@example.com", "the first one"},
			[]string{"why do you need my phone number?", "do I have to give it?", "I'd rather not", "is it mandatory", "can I skip it?"},
			"needs a name, an email address and a phone number"},
		{[]string{"Un dentiste à Lyon mercredi vers 10h, je suis Marie Curie, marie@example.com", "le premier"},
			[]string{"pourquoi ?", "c'est obligatoire ?", "je suis obligé ?", "je préfère ne pas le donner", "faut-il vraiment ?"},
			"besoin d'un nom, d'une adresse e-mail et d'un numéro de téléphone"},
	} {
		t.Run(tt.first[0], func(t *testing.T) {
			st := &dialogue.State{}
			for _, msg := range tt.first {
				if _, err := m.Turn(context.Background(), st, dialogue.Message{Text: msg}); err != nil {
					t.Fatal(err)
				}
			}
			if st.Awaiting != dialogue.AwaitPhone {
				t.Fatalf("not at the phone prompt: %q", st.Awaiting)
			}
			last := ""
			for _, ask := range tt.asks {
				reply, err := m.Turn(context.Background(), st, dialogue.Message{Text: ask})
				if err != nil {
					t.Fatal(err)
				}
				if st.Awaiting != dialogue.AwaitPhone || st.Customer.Phone != "" || !strings.Contains(reply.Text, tt.says) {
					t.Errorf("after %q: awaiting %q, phone %q: %q", ask, st.Awaiting, st.Customer.Phone, reply.Text)
				}
				if reply.Text == last {
					t.Errorf("after %q: the same words again: %q", ask, reply.Text)
				}
				last = reply.Text
			}
		})
	}
}
