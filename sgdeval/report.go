package sgdeval

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// SlotScore is the precision, recall and F1 of one slot over the scored
// turns. A turn whose tracked value is set and right is a true positive; a
// set value that is wrong counts as a false positive, and a gold value
// that was missed or wrong as a false negative.
type SlotScore struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// Scores are the figures of a set of user turns.
type Scores struct {
	Turns             int                  `json:"turns"`
	IntentAccuracy    float64              `json:"intent_accuracy"`
	JointGoalAccuracy float64              `json:"joint_goal_accuracy"`
	Slots             map[string]SlotScore `json:"slots"`
}

// Mistake is a scored turn that was not entirely right, for error
// analysis.
type Mistake struct {
	Dialogue  string
	Service   string
	Utterance string
	Errors    []string
}

// Report holds the figures of an evaluation, overall and per service.
type Report struct {
	Overall  Scores            `json:"overall"`
	Services map[string]Scores `json:"services"`

	counts   map[string]*counts // by service; "" is overall
	mistakes []Mistake
}

type counts struct {
	turns, intentOK, jointOK int
	tp, fp, fn               map[string]int
}

func newCounts() *counts {
	return &counts{tp: map[string]int{}, fp: map[string]int{}, fn: map[string]int{}}
}

func newReport() *Report {
	return &Report{Services: map[string]Scores{}, counts: map[string]*counts{"": newCounts()}}
}

func (r *Report) of(service string) []*counts {
	c := r.counts[service]
	if c == nil {
		c = newCounts()
		r.counts[service] = c
	}
	return []*counts{r.counts[""], c}
}

func (r *Report) count(service, slot string, predicted, gold, match bool) {
	for _, c := range r.of(service) {
		switch {
		case match && predicted:
			c.tp[slot]++
		case !match:
			if predicted {
				c.fp[slot]++
			}
			if gold {
				c.fn[slot]++
			}
		}
	}
}

func (r *Report) turn(service string, intentOK, jointOK bool) {
	for _, c := range r.of(service) {
		c.turns++
		if intentOK {
			c.intentOK++
		}
		if jointOK {
			c.jointOK++
		}
	}
}

func (r *Report) mistake(m Mistake) { r.mistakes = append(r.mistakes, m) }

// finish computes the figures from the counts.
func (r *Report) finish() {
	for service, c := range r.counts {
		s := Scores{Turns: c.turns, Slots: map[string]SlotScore{}}
		if c.turns > 0 {
			s.IntentAccuracy = float64(c.intentOK) / float64(c.turns)
			s.JointGoalAccuracy = float64(c.jointOK) / float64(c.turns)
		}
		for _, slot := range slotNames() {
			s.Slots[slot] = slotScore(c.tp[slot], c.fp[slot], c.fn[slot])
		}
		if service == "" {
			r.Overall = s
		} else {
			r.Services[service] = s
		}
	}
}

func slotScore(tp, fp, fn int) SlotScore {
	var s SlotScore
	if tp+fp > 0 {
		s.Precision = float64(tp) / float64(tp+fp)
	} else {
		s.Precision = 1
	}
	if tp+fn > 0 {
		s.Recall = float64(tp) / float64(tp+fn)
	} else {
		s.Recall = 1
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

// WriteJSON writes the report as JSON:
// {"overall":{"turns","intent_accuracy","joint_goal_accuracy","slots":{"city":{"precision","recall","f1"},…}},"services":{…}}.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable writes the report as a fixed-width table, one row per service
// and one for all of them.
func (r *Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "service\tturns\tintent acc\tcity P/R/F1\tdate P/R/F1\ttime P/R/F1\tprovider P/R/F1\tJGA\t")
	row := func(name string, s Scores) {
		cells := []string{name, fmt.Sprint(s.Turns), fmt.Sprintf("%.3f", s.IntentAccuracy)}
		for _, slot := range slotNames() {
			sc := s.Slots[slot]
			cells = append(cells, fmt.Sprintf("%.3f/%.3f/%.3f", sc.Precision, sc.Recall, sc.F1))
		}
		cells = append(cells, fmt.Sprintf("%.3f", s.JointGoalAccuracy))
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	names := make([]string, 0, len(r.Services))
	for n := range r.Services {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		row(n, r.Services[n])
	}
	row("overall", r.Overall)
	return tw.Flush()
}

// WriteMistakes writes up to limit turns that were not entirely right (all
// of them when limit ≤ 0), for error analysis.
func (r *Report) WriteMistakes(w io.Writer, limit int) error {
	for i, m := range r.mistakes {
		if limit > 0 && i >= limit {
			break
		}
		if _, err := fmt.Fprintf(w, "%s %s %q\n    %s\n", m.Dialogue, m.Service, m.Utterance,
			strings.Join(m.Errors, "\n    ")); err != nil {
			return err
		}
	}
	return nil
}
