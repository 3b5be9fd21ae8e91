// Command vulndb builds the offline snapshot of the Go vulnerability
// database that CI uses when vuln.go.dev cannot be reached (the CI
// machine has no network beyond the module proxy).
//
// It reads the OSV entries of a golang/vulndb checkout (data/osv/*.json),
// keeps those that affect the standard library, the toolchain or a module
// of this module's build list, and writes them in the layout govulncheck
// reads with -db file://DIR (index/db.json, index/modules.json, ID/*.json),
// as a gzipped tar:
//
//	git clone https://go.googlesource.com/vulndb /tmp/vulndb   # or any mirror
//	go run ./scripts/vulndb -osv /tmp/vulndb/data/osv -date 2026-08-21 -out .ci/vulndb.tar.gz
//
// Refresh it when dependencies change and at least monthly; the snapshot's
// date is printed by .ci/run.
package main

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

type entry struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Aliases  []string  `json:"aliases"`
	Affected []struct {
		Package struct {
			Name string `json:"name"`
		} `json:"package"`
		Ranges []struct {
			Type   string `json:"type"`
			Events []struct {
				Fixed string `json:"fixed"`
			} `json:"events"`
		} `json:"ranges"`
	} `json:"affected"`
}

type moduleVuln struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Fixed    string    `json:"fixed,omitempty"`
}

type moduleMeta struct {
	Path  string       `json:"path"`
	Vulns []moduleVuln `json:"vulns"`
}

func main() {
	osvDir := flag.String("osv", "", "the data/osv folder of a golang/vulndb checkout")
	date := flag.String("date", "", "the checkout's date (YYYY-MM-DD), for entries without a modification time")
	out := flag.String("out", ".ci/vulndb.tar.gz", "the snapshot to write")
	flag.Parse()
	if err := run(*osvDir, *date, *out); err != nil {
		fmt.Fprintln(os.Stderr, "vulndb:", err)
		os.Exit(1)
	}
}

func run(osvDir, date, out string) error {
	if osvDir == "" || date == "" {
		return errors.New("need -osv and -date")
	}
	snapshot, err := time.Parse("2006-01-02", date)
	if err != nil {
		return fmt.Errorf("-date: %w", err)
	}
	modules, err := buildList()
	if err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(osvDir, "*.json"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no OSV entries in %s", osvDir)
	}
	index := map[string]*moduleMeta{}
	kept := map[string][]byte{}
	var latest time.Time
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var e entry
		if err := json.Unmarshal(raw, &e); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if e.Modified.IsZero() || e.Modified.Year() < 2000 {
			e.Modified = snapshot
			var m map[string]any
			if err := json.Unmarshal(raw, &m); err != nil {
				return err
			}
			m["modified"] = snapshot.Format(time.RFC3339)
			if raw, err = json.Marshal(m); err != nil {
				return err
			}
		}
		for _, a := range e.Affected {
			name := a.Package.Name
			if !modules[name] {
				continue
			}
			kept[e.ID] = raw
			meta := index[name]
			if meta == nil {
				meta = &moduleMeta{Path: name}
				index[name] = meta
			}
			v := moduleVuln{ID: e.ID, Modified: e.Modified}
			for _, r := range a.Ranges {
				for _, ev := range r.Events {
					if ev.Fixed != "" {
						v.Fixed = ev.Fixed
					}
				}
			}
			meta.Vulns = append(meta.Vulns, v)
			if e.Modified.After(latest) {
				latest = e.Modified
			}
		}
	}
	metas := make([]*moduleMeta, 0, len(index))
	for _, m := range index {
		metas = append(metas, m)
	}
	sort.Slice(metas, func(i, j int) bool { return metas[i].Path < metas[j].Path })
	return writeTar(out, latest, metas, kept)
}

// buildList returns the module paths of this module's build list, with
// the standard library and the toolchain.
func buildList() (map[string]bool, error) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Path}}", "all")
	cmd.Stderr = os.Stderr
	outb, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -m all: %w", err)
	}
	mods := map[string]bool{"stdlib": true, "toolchain": true}
	for _, p := range strings.Fields(string(outb)) {
		mods[p] = true
	}
	return mods, nil
}

func writeTar(out string, modified time.Time, metas []*moduleMeta, entries map[string][]byte) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	add := func(name string, data []byte) error {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), ModTime: modified, Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		_, err := tw.Write(data)
		return err
	}
	db, _ := json.Marshal(map[string]time.Time{"modified": modified})
	mods, err := json.Marshal(metas)
	if err != nil {
		return err
	}
	if err := add("index/db.json", db); err != nil {
		return err
	}
	if err := add("index/modules.json", mods); err != nil {
		return err
	}
	ids := make([]string, 0, len(entries))
	for id := range entries {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := add("ID/"+id+".json", entries[id]); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	fmt.Printf("wrote %s: %d entries for %d modules, modified %s\n", out, len(entries), len(metas), modified.Format("2006-01-02"))
	return nil
}
