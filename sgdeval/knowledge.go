package sgdeval

import (
	"context"
	"strings"
	"unicode"
)

// knowledge is what the evaluation learns from the data before reading a
// dialogue: the candidate cities and provider names (the gazetteer given
// to the understanding), and, for scoring only, the canonical value the
// annotators gave each surface form of a date or time.
type knowledge struct {
	cities    names
	providers names
	// canonical maps a slot and a lower-cased surface value ("the 7th",
	// "evening 4") to the annotators' canonical value ("2019-03-07",
	// "16:00"). It only serves to read the gold state.
	canonical map[string]map[string]string
}

func newKnowledge() *knowledge {
	return &knowledge{canonical: map[string]map[string]string{}}
}

// names is a deduplicated list of spellings: one spelling per normalised
// form, preferring a capitalised one.
type names struct {
	index map[string]int
	list  []string
}

func (n *names) add(v string) {
	v = strings.TrimSpace(v)
	key := normalize(v)
	if key == "" {
		return
	}
	if n.index == nil {
		n.index = map[string]int{}
	}
	if i, ok := n.index[key]; ok {
		if !hasUpper(n.list[i]) && hasUpper(v) {
			n.list[i] = v
		}
		return
	}
	n.index[key] = len(n.list)
	n.list = append(n.list, v)
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// learn reads the dialogues of dir. From every folder it takes the values
// the system itself offered or confirmed (the agent's own directory of
// cities and providers, as a deployed agent knows it). From a training
// folder (userSpans) it also takes the values users wrote, from the
// annotated spans. Every folder's annotations give canonical dates and
// times for scoring.
func (k *knowledge) learn(ctx context.Context, dir string, userSpans bool) error {
	files, err := dialogueFiles(dir)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		ds, err := loadDialogues(f)
		if err != nil {
			return err
		}
		for _, d := range ds {
			for _, t := range d.Turns {
				for _, fr := range t.Frames {
					k.learnFrame(t, fr, userSpans)
				}
			}
		}
	}
	return nil
}

func (k *knowledge) learnFrame(t turn, fr frame, userSpans bool) {
	for _, a := range fr.Actions {
		if len(a.CanonicalValues) == len(a.Values) && (a.Slot == "appointment_date" || a.Slot == "appointment_time") {
			m := k.canonical[a.Slot]
			if m == nil {
				m = map[string]string{}
				k.canonical[a.Slot] = m
			}
			for i, v := range a.Values {
				m[strings.ToLower(strings.TrimSpace(v))] = a.CanonicalValues[i]
			}
		}
		if t.Speaker != "SYSTEM" {
			continue
		}
		switch {
		case a.Slot == "city":
			for _, v := range a.Values {
				k.cities.add(v)
			}
		case evaluated(fr.Service) && strings.HasSuffix(a.Slot, "_name"):
			for _, v := range a.Values {
				k.providers.add(v)
			}
		}
	}
	if !userSpans || t.Speaker != "USER" {
		return
	}
	for _, s := range fr.Slots {
		if s.Start < 0 || s.End > len(t.Utterance) || s.Start >= s.End {
			continue
		}
		v := t.Utterance[s.Start:s.End]
		switch {
		case s.Slot == "city":
			k.cities.add(v)
		case evaluated(fr.Service) && strings.HasSuffix(s.Slot, "_name"):
			k.providers.add(v)
		}
	}
}

// normalize folds a name for comparison: lower case, letters and digits
// only, single spaces, "st" read as "saint".
func normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	words := strings.Fields(b.String())
	for i, w := range words {
		if w == "st" {
			words[i] = "saint"
		}
	}
	return strings.Join(words, " ")
}
