package understand

import "github.com/rendezvous-oss/rendezvous"

// Trade is a kind of provider that customers ask for and Rendezvous does
// not book: an osteopath, a vet, a plumber. Reading it lets the agent say
// so, rather than not understand or, worse, search another kind unasked.
type Trade string

// trade is a Trade with its words and the kind that may do instead.
type trade struct {
	trade           Trade
	near            rendezvous.Kind // "" when no kind may do instead
	english, french []string        // folded, as KindWords
}

// tradeTable lists the trades. A trade whose words hold a kind's ("kiné
// ostéo", "nail salon") wins over that kind; a kind's phrase that holds a
// trade's word ("masseur kinésithérapeute") is the kind.
func tradeTable() []trade {
	const (
		physio = rendezvous.KindPhysiotherapist
		gp     = rendezvous.KindGeneralPractitioner
	)
	return []trade{
		{"osteopath", physio, []string{"osteopath", "osteopathy", "osteo", "osteopathic"},
			[]string{"osteopathe", "osteopathie", "osteo", "kine osteo", "kine osteopathe"}},
		{"chiropractor", physio, []string{"chiropractor", "chiro", "chiropractic"}, []string{"chiropracteur", "chiropraticien", "chiropraxie"}},
		{"massage", physio, []string{"masseur", "masseuse", "massage", "massage therapist", "massotherapist"},
			[]string{"masseur", "masseuse", "massage", "massotherapeute"}},
		{"podiatrist", "", []string{"podiatrist", "chiropodist", "foot doctor"}, []string{"podologue", "pedicure podologue"}},
		{"speech_therapist", "", []string{"speech therapist", "speech therapy", "speech pathologist"}, []string{"orthophoniste", "orthophonie"}},
		{"dietitian", "", []string{"dietitian", "dietician", "nutritionist"}, []string{"dieteticien", "dieteticienne", "nutritionniste"}},
		{"dermatologist", gp, []string{"dermatologist", "skin doctor", "skin specialist"}, []string{"dermatologue", "dermato"}},
		{"ophthalmologist", gp, []string{"ophthalmologist", "ophtalmologist", "eye doctor", "eye specialist"}, []string{"ophtalmologue", "ophtalmo", "ophthalmo"}},
		{"gynaecologist", gp, []string{"gynecologist", "gynaecologist", "gyno", "obgyn", "ob gyn"}, []string{"gynecologue", "gyneco", "gyneco obstetricien"}},
		{"paediatrician", gp, []string{"pediatrician", "paediatrician", "pediatrist"}, []string{"pediatre"}},
		{"cardiologist", gp, []string{"cardiologist", "heart specialist"}, []string{"cardiologue", "cardio"}},
		{"ent", gp, []string{"ent specialist", "ent doctor", "ear nose and throat"}, []string{"orl", "oto rhino", "oto rhino laryngologiste"}},
		{"specialist", gp, []string{"specialist", "medical specialist"}, []string{"specialiste", "medecin specialiste"}},
		{"midwife", "", []string{"midwife", "midwives"}, []string{"sage femme", "sages femmes"}},
		{"nurse", "", []string{"nurse"}, []string{"infirmier", "infirmiere"}},
		{"optician", "", []string{"optician", "optometrist", "eye test", "glasses"}, []string{"opticien", "opticienne", "optometriste", "lunettes"}},
		{"vet", "", []string{"vet", "veterinarian", "veterinary", "animal doctor", "vet clinic"}, []string{"veterinaire", "veto", "clinique veterinaire"}},
		{"beautician", "", []string{"nail salon", "nails", "nail bar", "manicure", "pedicure", "beautician", "beauty salon", "esthetician", "waxing"},
			[]string{"onglerie", "manucure", "pedicure", "estheticienne", "institut de beaute", "salon de beaute", "epilation", "ongles"}},
		{"tattoo", "", []string{"tattoo", "tattoo artist", "piercing"}, []string{"tatoueur", "tatouage", "salon de tatouage", "piercing"}},
		{"plumber", "", []string{"plumber"}, []string{"plombier"}},
		{"electrician", "", []string{"electrician"}, []string{"electricien"}},
		{"mechanic", "", []string{"mechanic", "car mechanic"}, []string{"garagiste", "mecanicien"}},
		{"lawyer", "", []string{"lawyer", "attorney", "solicitor", "legal advice"}, []string{"avocat", "avocate", "juriste"}},
		{"notary", "", []string{"notary"}, []string{"notaire"}},
		{"accountant", "", []string{"accountant", "tax advisor"}, []string{"comptable", "expert comptable"}},
	}
}

// Trades returns every trade the understanding recognises.
func Trades() []Trade {
	table := tradeTable()
	out := make([]Trade, len(table))
	for i, t := range table {
		out[i] = t.trade
	}
	return out
}

// Near returns the kind that may do instead of the trade (a
// physiotherapist for an osteopath, a general practitioner for a
// dermatologist), or "" when none may. The agent only ever offers it as a
// question.
func (t Trade) Near() rendezvous.Kind {
	for _, x := range tradeTable() {
		if x.trade == t {
			return x.near
		}
	}
	return ""
}

// JSONSchemaEnum lists the trades, for the schema of a model's answer.
func (Trade) JSONSchemaEnum() []string {
	var out []string
	for _, t := range Trades() {
		out = append(out, string(t))
	}
	return out
}

// TradeWords returns the words of a trade in English and in French, folded.
func TradeWords(t Trade) (english, french []string) {
	for _, x := range tradeTable() {
		if x.trade == t {
			return x.english, x.french
		}
	}
	return nil, nil
}
