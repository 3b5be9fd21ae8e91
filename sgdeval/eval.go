// Package sgdeval evaluates Rendezvous's understanding of messages, and a
// dialogue state tracker built on it, against the appointment dialogues of
// the Schema-Guided Dialogue dataset (SGD, Rastogi et al., AAAI 2020): the
// Services_1 (salon), Services_2 (dentist), Services_3 (doctor) and
// Services_4 (therapist) services.
//
// For each user turn of an appointment service it compares the tracked
// state with the annotated one: the active intent (FindProvider,
// BookAppointment or NONE), and the city, appointment date, appointment
// time and provider name, by meaning rather than by string. See
// docs/evaluation.md for the method and the figures.
package sgdeval

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// Options tune an evaluation.
type Options struct {
	TrainDir  string    // folder whose dialogues build the gazetteer (cities, provider names); "" = only DIR itself + system offers
	Reference time.Time // "today"; zero means 2019-03-01 UTC
}

// The scored slots, as named in the report.
const (
	slotCity     = "city"
	slotDate     = "date"
	slotTime     = "time"
	slotProvider = "provider_name"
)

func slotNames() []string { return []string{slotCity, slotDate, slotTime, slotProvider} }

// Evaluate runs the understanding and the tracker over every dialogue of
// dir (an SGD folder with schema.json and dialogues_*.json) and scores each
// user turn of a Services_* service. It returns an error if a folder
// cannot be read or parsed, or ctx's error if ctx ends first.
func Evaluate(ctx context.Context, dir string, opts Options) (*Report, error) {
	ref := opts.Reference
	if ref.IsZero() {
		ref = time.Date(2019, time.March, 1, 0, 0, 0, 0, time.UTC)
	}
	schema, err := loadSchema(dir)
	if err != nil {
		return nil, err
	}
	know := newKnowledge()
	if opts.TrainDir != "" && filepath.Clean(opts.TrainDir) != filepath.Clean(dir) {
		if err := know.learn(ctx, opts.TrainDir, true); err != nil {
			return nil, fmt.Errorf("learn from %s: %w", opts.TrainDir, err)
		}
	}
	if err := know.learn(ctx, dir, false); err != nil {
		return nil, fmt.Errorf("learn from %s: %w", dir, err)
	}
	u := understand.New(understand.Gazetteer{Cities: know.cities.list, ProviderNames: know.providers.list})

	provSlots := map[string]string{}
	for _, s := range schema {
		provSlots[s.Name] = providerSlot(s)
	}
	if opts.TrainDir != "" {
		if ts, err := loadSchema(opts.TrainDir); err == nil {
			for _, s := range ts {
				if _, ok := provSlots[s.Name]; !ok {
					provSlots[s.Name] = providerSlot(s)
				}
			}
		}
	}

	e := &evaluation{u: u, know: know, now: ref, report: newReport(), provSlots: provSlots,
		kindService: map[rendezvous.Kind]string{}}
	for _, s := range schema {
		if k := u.Understand(understand.Context{Now: ref}, s.Description).Kind; k != "" && evaluated(s.Name) {
			e.kindService[k] = s.Name
		}
	}
	files, err := dialogueFiles(dir)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ds, err := loadDialogues(f)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			e.dialogue(d)
		}
	}
	e.report.finish()
	return e.report, nil
}

type evaluation struct {
	u         *understand.Understander
	know      *knowledge
	now       time.Time
	report    *Report
	provSlots map[string]string
	// kindService maps a kind of provider to the service that offers it,
	// read from the services' descriptions by the understanding itself.
	kindService map[rendezvous.Kind]string
}

// dialogue tracks one dialogue and scores its user turns. Each
// appointment service of the dialogue has its own tracker, as a booking
// agent keeps one state per booking: a message naming the kind of another
// service of the dialogue ("Can you find me a dentist too?") moves to it.
func (e *evaluation) dialogue(d dialogue) {
	trackers := map[string]*tracker{}
	active := ""
	for _, s := range d.Services {
		if evaluated(s) {
			active = s
			break
		}
	}
	get := func(service string) *tracker {
		tr := trackers[service]
		if tr == nil {
			tr = newTracker(e.u, e.now)
			trackers[service] = tr
		}
		return tr
	}
	for _, t := range d.Turns {
		if t.Speaker == "SYSTEM" {
			for _, fr := range t.Frames {
				if evaluated(fr.Service) {
					active = fr.Service
					get(fr.Service).system(fr, e.provSlots[fr.Service])
				}
			}
			continue
		}
		tr := get(active)
		res := e.u.Understand(understand.Context{Now: e.now, Awaiting: tr.awaiting, Language: understand.English}, t.Utterance)
		if s, ok := e.kindService[res.Kind]; ok && s != active && contains(d.Services, s) {
			active = s
			tr = get(active)
		}
		tr.user(t.Utterance, res)
		for _, fr := range t.Frames {
			if !evaluated(fr.Service) || fr.State == nil {
				continue
			}
			e.score(d.ID, t.Utterance, fr, get(fr.Service))
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// score compares the tracker's state with a frame's annotated state.
func (e *evaluation) score(id, utterance string, fr frame, tr *tracker) {
	gold := fr.State.SlotValues
	ps := e.provSlots[fr.Service]
	pred := map[string]string{
		slotCity:     tr.state.city,
		slotProvider: tr.state.provider,
		slotDate:     "",
		slotTime:     "",
	}
	if tr.state.date != nil {
		pred[slotDate] = tr.state.date.String()
	}
	if tr.state.time != nil {
		pred[slotTime] = tr.state.time.String()
	}
	goldKeys := map[string][]string{
		slotCity:     gold["city"],
		slotDate:     gold["appointment_date"],
		slotTime:     gold["appointment_time"],
		slotProvider: gold[ps],
	}
	joint := true
	var wrong []string
	for _, slot := range slotNames() {
		g := goldKeys[slot]
		p := pred[slot]
		match := false
		if len(g) == 0 {
			match = p == ""
		} else if p != "" {
			for _, v := range g {
				if e.same(slot, p, v) {
					match = true
					break
				}
			}
		}
		e.report.count(fr.Service, slot, p != "", len(g) > 0, match)
		if !match {
			joint = false
			wrong = append(wrong, fmt.Sprintf("%s: got %q want %q", slot, p, strings.Join(g, " | ")))
		}
	}
	intentOK := tr.intent == fr.State.ActiveIntent
	if !intentOK {
		wrong = append(wrong, fmt.Sprintf("intent: got %s want %s", tr.intent, fr.State.ActiveIntent))
	}
	e.report.turn(fr.Service, intentOK, joint)
	if len(wrong) > 0 {
		e.report.mistake(Mistake{Dialogue: id, Service: fr.Service, Utterance: utterance, Errors: wrong})
	}
}

// same reports whether a predicted value means the gold one: dates and
// times are compared once resolved, names once normalised.
func (e *evaluation) same(slot, pred, gold string) bool {
	switch slot {
	case slotDate:
		d, ok := e.goldDate(gold)
		return ok && d.String() == pred
	case slotTime:
		t, ok := e.goldTime(gold)
		return ok && t.String() == pred
	}
	return normalize(pred) == normalize(gold)
}

// goldDate resolves an annotated date: by the annotators' canonical value
// when the data gives one for that wording, otherwise with our parser.
func (e *evaluation) goldDate(v string) (understand.Date, bool) {
	if c, ok := e.know.canonical["appointment_date"][strings.ToLower(strings.TrimSpace(v))]; ok {
		if t, err := time.Parse("2006-01-02", c); err == nil {
			return understand.DateOf(t, time.UTC), true
		}
	}
	return e.u.ParseDate(understand.Context{Now: e.now, Language: understand.English}, v)
}

// goldTime resolves an annotated time the same way.
func (e *evaluation) goldTime(v string) (rendezvous.ClockTime, bool) {
	if c, ok := e.know.canonical["appointment_time"][strings.ToLower(strings.TrimSpace(v))]; ok {
		if ct, err := rendezvous.ParseClockTime(c); err == nil {
			return ct, true
		}
	}
	return e.u.ParseTime(understand.Context{Now: e.now, Language: understand.English}, v)
}
