package dialogue

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/rendezvous-oss/rendezvous"
)

// The agent's words are in catalogs, one file per language under
// messages/ ("en.json", "fr.json"): a key and its text, a fmt format whose
// verbs the code fills. The code says which message, the catalog how it
// reads; a language is a file (TestCatalogs checks that every language
// has every key the code uses, with the same verbs).

//go:embed messages/*.json
var messageFiles embed.FS

// catalog is the text of each message key, by language.
type catalog map[string]map[string]string

// catalogs reads the embedded catalogs once, on first use; they are never
// written afterwards. A catalog that does not parse is a programming
// error, caught by any test.
var catalogs = sync.OnceValue(func() catalog {
	c, err := loadCatalogs(messageFiles)
	if err != nil {
		panic(err)
	}
	return c
})

func loadCatalogs(fsys fs.FS) (catalog, error) {
	names, err := fs.Glob(fsys, "messages/*.json")
	if err != nil {
		return nil, err
	}
	c := catalog{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("catalog %s: %w", name, err)
		}
		c[strings.TrimSuffix(path.Base(name), ".json")] = m
	}
	return c, nil
}

// text returns the message key in lang: in English when lang has no
// catalog (the conversation's language is always one the agent speaks),
// and the key itself when no catalog has it (TestCatalogs rules it out).
func text(lang, key string) string {
	c := catalogs()
	if s, ok := c[lang][key]; ok {
		return s
	}
	if s, ok := c["en"][key]; ok {
		return s
	}
	return key
}

// format says the message key in lang, its verbs filled with args.
func format(lang, key string, args ...any) string {
	return fmt.Sprintf(text(lang, key), args...)
}

// placed replaces "{place}" and "{Place}" in s by the words for the
// place of a provider of kind: "the salon", "le salon" for a hairdresser,
// "the practice", "le cabinet" for the others and when the kind is not
// known (the catalogs' "place_<kind>" and "place").
func placed(s, lang, kind string) string {
	if !strings.Contains(s, "lace}") {
		return s
	}
	key := "place"
	if rendezvous.Kind(kind).Valid() {
		key = "place_" + kind
	}
	p := text(lang, key)
	return strings.NewReplacer("{place}", p, "{Place}", capitalize(p)).Replace(s)
}
