package sgdeval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The SGD format, reduced to the fields the evaluation reads. Fields that
// only the later revision of the dataset has (USER actions, SYSTEM
// service_call and service_results) are not used.

type schemaService struct {
	Name        string `json:"service_name"`
	Description string `json:"description"`
	Slots       []struct {
		Name           string   `json:"name"`
		PossibleValues []string `json:"possible_values"`
	} `json:"slots"`
}

type dialogue struct {
	ID       string   `json:"dialogue_id"`
	Services []string `json:"services"`
	Turns    []turn   `json:"turns"`
}

type turn struct {
	Speaker   string  `json:"speaker"`
	Utterance string  `json:"utterance"`
	Frames    []frame `json:"frames"`
}

type frame struct {
	Service string   `json:"service"`
	Slots   []span   `json:"slots"`
	Actions []action `json:"actions"`
	State   *state   `json:"state"`
}

type span struct {
	Slot  string `json:"slot"`
	Start int    `json:"start"`
	End   int    `json:"exclusive_end"`
}

type action struct {
	Act             string   `json:"act"`
	Slot            string   `json:"slot"`
	Values          []string `json:"values"`
	CanonicalValues []string `json:"canonical_values"`
}

type state struct {
	ActiveIntent string              `json:"active_intent"`
	SlotValues   map[string][]string `json:"slot_values"`
}

// evaluated reports whether a service is one of the appointment services
// the evaluation scores.
func evaluated(service string) bool { return strings.HasPrefix(service, "Services_") }

// loadSchema reads dir/schema.json.
func loadSchema(dir string) ([]schemaService, error) {
	b, err := os.ReadFile(filepath.Join(dir, "schema.json"))
	if err != nil {
		return nil, fmt.Errorf("read schema: %w", err)
	}
	var s []schemaService
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("parse %s: %w", filepath.Join(dir, "schema.json"), err)
	}
	return s, nil
}

// dialogueFiles lists dir's dialogues_*.json files in order.
func dialogueFiles(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "dialogues_*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no dialogues_*.json in %s", dir)
	}
	sort.Strings(files)
	return files, nil
}

// loadDialogues reads one dialogues file.
func loadDialogues(path string) ([]dialogue, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var ds []dialogue
	if err := json.Unmarshal(b, &ds); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	return ds, nil
}

// providerSlot returns the slot that holds the provider's name in a
// service's schema (stylist_name, dentist_name, doctor_name,
// therapist_name), or "".
func providerSlot(s schemaService) string {
	for _, sl := range s.Slots {
		if strings.HasSuffix(sl.Name, "_name") {
			return sl.Name
		}
	}
	return ""
}
