package conversations_test

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rendezvous-oss/rendezvous/conversations"
)

var transcripts = flag.Bool("corpus.transcripts", false, "log the transcript of every conversation of the corpus")

// TestCorpus plays every conversation of the corpus over HTTP, each on a
// fresh copy of the world, and checks its outcome through the API. A
// conversation must reach its outcome, unless it is a known failure; a
// known failure that passes fails the test (remove its known_failure);
// an unsafe change fails the test whatever the conversation. With -v it
// prints the pass rate by category and language, and the known failures
// by cause: docs/evaluation.md shows that report.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus takes a minute; -short skips it")
	}
	corpus, err := conversations.LoadCorpus(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := conversations.NewTemplate(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tmpl.Close() })
	var (
		mu      sync.Mutex
		results []conversations.CorpusResult
	)
	t.Run("play", func(t *testing.T) {
		for _, c := range corpus {
			t.Run(c.Category+"/"+c.Name, func(t *testing.T) {
				t.Parallel()
				r := conversations.PlayCorpus(t.Context(), tmpl, c)
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
				if *transcripts {
					t.Log("\n" + strings.Join(r.Transcript, "\n"))
				}
				judge(t, r)
			})
		}
	})
	if len(results) == len(corpus) && testing.Verbose() {
		fmt.Print(conversations.CorpusReport(results))
	}
}

// judge fails the test for an unsafe change, a failure that is not
// known, or a known failure that passes.
func judge(t *testing.T, r conversations.CorpusResult) {
	t.Helper()
	var errs []string
	errs = append(errs, r.Unsafe...)
	kf := r.Conversation.KnownFailure
	switch {
	case r.Passed() && kf != nil:
		errs = append(errs, fmt.Sprintf("known failure (%s) passes now: remove its known_failure", kf.Cause))
	case !r.Passed() && kf == nil:
		errs = append(errs, r.Problems...)
	case !r.Passed():
		t.Logf("known failure (%s: %s): %s", kf.Cause, kf.Why, r.Summary())
	}
	if len(errs) > 0 {
		t.Errorf("%s\n%s", strings.Join(errs, "\n"), strings.Join(r.Transcript, "\n"))
	}
}

// TestCorpusFiles checks the corpus' files: it loads (known fields,
// valid values, no known failure among the safety conversations) and
// is as large and varied as the issue asks.
func TestCorpusFiles(t *testing.T) {
	corpus, err := conversations.LoadCorpus(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	if len(corpus) < 200 {
		t.Errorf("%d conversations, want at least 200", len(corpus))
	}
	byCategory, byLanguage := map[string]int{}, map[string]int{}
	for _, c := range corpus {
		byCategory[c.Category]++
		byLanguage[c.Language()]++
	}
	for _, cat := range conversations.CorpusCategories() {
		if byCategory[cat] < 5 {
			t.Errorf("category %s: %d conversations, want several phrasings", cat, byCategory[cat])
		}
	}
	for _, lang := range []string{"en", "fr", "mixed"} {
		if byLanguage[lang] < 10 {
			t.Errorf("language %s: %d conversations", lang, byLanguage[lang])
		}
	}
}

// TestLoadCorpusRefuses checks that mistakes in a corpus file are caught
// when it is read, not when a conversation goes wrong.
func TestLoadCorpusRefuses(t *testing.T) {
	ok := `{"name": "EN/X", "messages": ["hi"], "expect": {"outcome": "nothing"}}`
	tests := []struct {
		name, file, body, want string
	}{
		{"OK", "safety", ok, ""},
		{"ErrUnknownField", "safety", `{"name": "EN/X", "messages": ["hi"], "expect": {"outcome": "nothing", "colour": "red"}}`, "unknown field"},
		{"ErrUnknownStepField", "safety", `{"name": "EN/X", "messages": [{"say": "hi", "when": "name"}], "expect": {"outcome": "nothing"}}`, "unknown field"},
		{"ErrCategory", "weather", ok, "unknown category"},
		{"ErrLanguage", "safety", `{"name": "DE/X", "messages": ["hi"], "expect": {"outcome": "nothing"}}`, "EN/, FR/ or Mixed/"},
		{"ErrOutcome", "safety", `{"name": "EN/X", "messages": ["hi"], "expect": {"outcome": "done"}}`, "outcome"},
		{"ErrAwaited", "safety", `{"name": "EN/X", "messages": [{"say": "hi", "if": "colour"}], "expect": {"outcome": "nothing"}}`, "awaited"},
		{"ErrDate", "safety", `{"name": "EN/X", "messages": ["hi"], "expect": {"outcome": "booked", "date": "24/11/2026"}}`, "YYYY-MM-DD"},
		{"ErrWindow", "safety", `{"name": "EN/X", "messages": ["hi"], "expect": {"outcome": "booked", "from": "17:00", "to": "09:00"}}`, "range of the day"},
		{"ErrProposalsOf", "safety", `{"name": "EN/X", "messages": ["hi"], "expect": {"outcome": "booked", "later_than": 3}}`, "proposals of message 3"},
		{"ErrKnownSafety", "safety", `{"name": "EN/X", "messages": ["hi"], "expect": {"outcome": "nothing"}, "known_failure": {"cause": "c", "why": "w"}}`, "never a known failure"},
		{"ErrKnownWithoutReason", "windows", `{"name": "EN/X", "messages": ["hi"], "expect": {"outcome": "nothing"}, "known_failure": {"cause": "c"}}`, "cause and a reason"},
		{"ErrTwice", "safety", ok + "," + ok, "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(dir+"/testdata/corpus", 0o755); err != nil {
				t.Fatal(err)
			}
			body := `{"conversations": [` + tt.body + `]}`
			if err := os.WriteFile(dir+"/testdata/corpus/"+tt.file+".json", []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := conversations.LoadCorpus(os.DirFS(dir))
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("LoadCorpus: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("LoadCorpus: %v, want an error saying %q", err, tt.want)
			}
		})
	}
}

// TestCorpusReport checks the report's table on made-up results.
func TestCorpusReport(t *testing.T) {
	res := func(name, cat string, passed bool, kf *conversations.KnownFailure) conversations.CorpusResult {
		r := conversations.CorpusResult{Conversation: conversations.CorpusConversation{Name: name, Category: cat, KnownFailure: kf}}
		if !passed {
			r.Problems = []string{"booked a dentist, want a hairdresser"}
		}
		return r
	}
	kf := &conversations.KnownFailure{Cause: "kinds", Why: "osteopath is read as physio"}
	got := conversations.CorpusReport([]conversations.CorpusResult{
		res("EN/A", "safety", true, nil), res("FR/B", "safety", true, nil),
		res("EN/C", "kinds", false, kf), res("Mixed/D", "kinds", true, nil),
	})
	for _, want := range []string{
		"| safety | 2 | 2 | 100.0 |", "| kinds | 2 | 1 | 50.0 |", "| **all** | **4** | **3** | **75.0** |",
		"| en | 2 | 1 | 50.0 |", "| mixed | 1 | 1 | 100.0 |",
		"kinds (1)", "EN/C: osteopath is read as physio — booked a dentist, want a hairdresser",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	if slices.Contains(strings.Split(got, "\n"), "| windows | 0 | 0 | 0.0 |") {
		t.Errorf("empty categories are listed:\n%s", got)
	}
}
