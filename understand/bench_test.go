package understand_test

import (
	"sort"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous/understand"
)

// benchCorpus is a mix of English and French booking messages of the
// lengths customers type.
var benchCorpus = map[understand.Language][]string{
	understand.English: {
		"I need a dentist in Lyon tomorrow afternoon",
		"Can you book me a haircut next Tuesday at half past ten?",
		"is there anything free tomorrow?",
		"yes",
		"the second one",
		"My name is Marie Curie, marie@example.com, +1 514 555 0123",
		"Actually, can you make it Thursday at 4 pm instead?",
		"I'd like to see a psychologist in Mountain View on the 7th at 4:30 pm",
		"What appointments do I have?",
		"Please cancel my booking RDV-7K3M9QXW2A",
		"thanks, that's all for today",
		"What's the weather like in Paris?",
	},
	understand.French: {
		"je cherche un coiffeur à Lyon demain après-midi",
		"je voudrais prendre rendez-vous chez le dentiste lundi prochain vers 15h",
		"quelles dispos jeudi ?",
		"oui",
		"le premier",
		"je m'appelle Marie Curie, mon numéro est le 06 12 34 56 78",
		"non, plutôt vendredi à 10h30",
		"un kiné à Saint-Étienne le 3 mars à 16h",
		"mes rendez-vous",
		"annuler mon rdv 7k3m9qxw2a",
		"merci, bonne journée",
		"raconte-moi une blague",
	},
}

func benchUnderstander() *understand.Understander {
	return understand.New(understand.Gazetteer{
		Cities:        []string{"Paris", "Lyon", "Lille", "Saint-Étienne", "Montréal", "Mountain View"},
		ProviderNames: []string{"Cabinet Dentaire du Parc", "Dr Sophie Martin", "Christopher J. Celio"},
	})
}

func benchmarkCorpus(b *testing.B, msgs []string) {
	u := benchUnderstander()
	c := understand.Context{Now: time.Date(2019, 3, 1, 10, 0, 0, 0, time.UTC)}
	durations := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := msgs[i%len(msgs)]
		start := time.Now()
		u.Understand(c, m)
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	if len(durations) > 0 {
		b.ReportMetric(float64(durations[len(durations)/2].Nanoseconds()), "median-ns/msg")
		b.ReportMetric(float64(durations[len(durations)*99/100].Nanoseconds()), "p99-ns/msg")
	}
}

// BenchmarkUnderstand runs the mixed English and French corpus.
func BenchmarkUnderstand(b *testing.B) {
	var all []string
	for i := range benchCorpus[understand.English] {
		all = append(all, benchCorpus[understand.English][i], benchCorpus[understand.French][i])
	}
	benchmarkCorpus(b, all)
}

// BenchmarkUnderstandEnglish runs the English messages only.
func BenchmarkUnderstandEnglish(b *testing.B) { benchmarkCorpus(b, benchCorpus[understand.English]) }

// BenchmarkUnderstandFrench runs the French messages only.
func BenchmarkUnderstandFrench(b *testing.B) { benchmarkCorpus(b, benchCorpus[understand.French]) }

// BenchmarkUnderstandLong runs a message at the input limit.
func BenchmarkUnderstandLong(b *testing.B) {
	long := ""
	for len(long) < understand.MaxInputBytes*2 {
		long += "je voudrais un rendez-vous demain à 15h avec le dentiste, "
	}
	benchmarkCorpus(b, []string{long})
}

// BenchmarkNew measures building the indexes.
func BenchmarkNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		benchUnderstander()
	}
}

// BenchmarkUnderstandFirstTurn runs first messages of the kind the load
// script sends ("I need a dentist in Lyon tomorrow morning"): a kind, a
// city and a day with a part of it, no clock time — the words that enable
// the clock-time rules without a number for them to read.
func BenchmarkUnderstandFirstTurn(b *testing.B) {
	benchmarkCorpus(b, []string{
		"I need a dentist in Lyon tomorrow morning",
		"a haircut in Paris tomorrow afternoon please",
		"je cherche un dentiste à Lyon demain matin",
		"un coiffeur à Lille ce soir",
	})
}
