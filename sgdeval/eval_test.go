package sgdeval_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rendezvous-oss/rendezvous/sgdeval"
)

// The mini fixture (testdata/mini, written for these tests) has two
// dialogues: one where every value comes right (an offer accepted by
// "That sounds great", dates and times that only match once resolved, a
// confirmation, a closing "No, thank you"), one in the older format
// without user actions, with a Weather_1 turn that is not scored and a
// provider name the gazetteer does not know.
func TestEvaluateMini(t *testing.T) {
	r, err := sgdeval.Evaluate(context.Background(), filepath.Join("testdata", "mini"), sgdeval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	perfect := sgdeval.SlotScore{Precision: 1, Recall: 1, F1: 1}
	provider := sgdeval.SlotScore{Precision: 5.0 / 6, Recall: 5.0 / 6, F1: 5.0 / 6}
	want := sgdeval.Scores{
		Turns:             8,
		IntentAccuracy:    1,
		JointGoalAccuracy: 7.0 / 8,
		Slots:             map[string]sgdeval.SlotScore{"city": perfect, "date": perfect, "time": perfect, "provider_name": provider},
	}
	approx := cmpopts.EquateApprox(0, 1e-9)
	if diff := cmp.Diff(want, r.Overall, approx); diff != "" {
		t.Errorf("overall mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]sgdeval.Scores{"Services_1": want}, r.Services, approx); diff != "" {
		t.Errorf("services mismatch (-want +got):\n%s", diff)
	}
	var mistakes bytes.Buffer
	if err := r.WriteMistakes(&mistakes, 0); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(mistakes.String(), `provider_name: got "Curl Up and Dye" want "Zoe Quartz"`) {
		t.Errorf("mistakes do not list the wrong provider:\n%s", mistakes.String())
	}
}

func TestWriteJSONShape(t *testing.T) {
	r, err := sgdeval.Evaluate(context.Background(), filepath.Join("testdata", "mini"), sgdeval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, buf.String())
	}
	if got := keys(doc); !cmp.Equal(got, []string{"overall", "services"}) {
		t.Errorf("top-level keys %v", got)
	}
	overall := doc["overall"].(map[string]any)
	if got := keys(overall); !cmp.Equal(got, []string{"intent_accuracy", "joint_goal_accuracy", "slots", "turns"}) {
		t.Errorf("overall keys %v", got)
	}
	slots := overall["slots"].(map[string]any)
	if got := keys(slots); !cmp.Equal(got, []string{"city", "date", "provider_name", "time"}) {
		t.Errorf("slot keys %v", got)
	}
	if got := keys(slots["city"].(map[string]any)); !cmp.Equal(got, []string{"f1", "precision", "recall"}) {
		t.Errorf("score keys %v", got)
	}
	if _, ok := doc["services"].(map[string]any)["Services_1"]; !ok {
		t.Errorf("services lack Services_1: %s", buf.String())
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestWriteTable(t *testing.T) {
	r, err := sgdeval.Evaluate(context.Background(), filepath.Join("testdata", "mini"), sgdeval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want header, Services_1 and overall rows, got:\n%s", buf.String())
	}
	for _, l := range lines[1:] {
		if len(l) != len(lines[0]) {
			t.Errorf("rows are not fixed-width:\n%s", buf.String())
		}
	}
	if !strings.Contains(lines[2], "overall") || !strings.Contains(lines[2], "0.875") {
		t.Errorf("overall row %q", lines[2])
	}
}

func TestEvaluateErrors(t *testing.T) {
	tests := []struct {
		name string
		ctx  func() context.Context
		dir  string
		opts sgdeval.Options
		want error
	}{
		{"MissingDir", context.Background, filepath.Join("testdata", "nope"), sgdeval.Options{}, os.ErrNotExist},
		{"MissingTrainDir", context.Background, filepath.Join("testdata", "mini"), sgdeval.Options{TrainDir: filepath.Join("testdata", "nope")}, nil},
		{"Cancelled", func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}, filepath.Join("testdata", "mini"), sgdeval.Options{}, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sgdeval.Evaluate(tt.ctx(), tt.dir, tt.opts)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
}

// sgdDir finds the SGD data: $RENDEZVOUS_SGD_DIR, or a shared/sgd folder
// in the working directory or one of its parents.
func sgdDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("RENDEZVOUS_SGD_DIR"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if fi, err := os.Stat(filepath.Join(dir, "shared", "sgd", "dev")); err == nil && fi.IsDir() {
			return filepath.Join(dir, "shared", "sgd")
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	t.Skip("SGD data not found: set RENDEZVOUS_SGD_DIR or put it in shared/sgd above the working directory")
	return ""
}

// TestSGDDev runs the evaluation on the SGD dev folder (Services_4,
// therapists) with the training folder as gazetteer, and fails if a figure
// falls below the level reached when this test was written, less a small
// margin. Run it with -v to print the table.
func TestSGDDev(t *testing.T) {
	dir := sgdDir(t)
	r, err := sgdeval.Evaluate(context.Background(), filepath.Join(dir, "dev"), sgdeval.Options{TrainDir: filepath.Join(dir, "train")})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	t.Logf("SGD dev:\n%s", buf.String())
	const margin = 0.01
	floors := map[string]float64{
		"intent accuracy": 0.958, "city F1": 0.999, "date F1": 0.981, "time F1": 0.986, "provider F1": 0.970, "JGA": 0.948,
	}
	got := map[string]float64{
		"intent accuracy": r.Overall.IntentAccuracy,
		"city F1":         r.Overall.Slots["city"].F1,
		"date F1":         r.Overall.Slots["date"].F1,
		"time F1":         r.Overall.Slots["time"].F1,
		"provider F1":     r.Overall.Slots["provider_name"].F1,
		"JGA":             r.Overall.JointGoalAccuracy,
	}
	for name, floor := range floors {
		if g := got[name]; g < floor-margin || math.IsNaN(g) {
			t.Errorf("%s = %.3f, below %.3f (reached) - %.2f", name, g, floor, margin)
		}
	}
	if r.Overall.Turns != 1842 {
		t.Errorf("scored %d turns, want 1842", r.Overall.Turns)
	}
}

// TestSGDTrain prints the figures on the training folder, where the
// gazetteer comes from the system's offers only. It is skipped in -short
// mode.
func TestSGDTrain(t *testing.T) {
	if testing.Short() {
		t.Skip("long: evaluates 15,000 turns")
	}
	dir := sgdDir(t)
	r, err := sgdeval.Evaluate(context.Background(), filepath.Join(dir, "train"), sgdeval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	t.Logf("SGD train:\n%s", buf.String())
	if r.Overall.IntentAccuracy < 0.94 || r.Overall.JointGoalAccuracy < 0.86 {
		t.Errorf("train figures fell: intent %.3f, JGA %.3f", r.Overall.IntentAccuracy, r.Overall.JointGoalAccuracy)
	}
}
