package main

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set by the release build (see the Makefile):
//
//	-ldflags "-X main.buildVersion=v1.2.3 -X main.buildCommit=… -X main.buildDate=…"
//
// A plain `go build` or `go run` leaves them empty, and the version is
// read from what the Go toolchain stamps into every binary built from a
// Git checkout (vcs.revision, vcs.time, vcs.modified).
var (
	buildVersion string
	buildCommit  string
	buildDate    string
)

// buildInfo says what a binary is: the release, the commit it was built
// from and when, and the Go toolchain.
type buildInfo struct {
	Version string `json:"version"`
	Commit  string `json:"commit,omitempty"`
	Date    string `json:"date,omitempty"`
	Dirty   bool   `json:"dirty,omitempty"`
	Go      string `json:"go"`
}

// readBuildInfo prefers the release build's stamps and fills what they
// leave out from the toolchain's.
func readBuildInfo() buildInfo {
	b := buildInfo{Version: buildVersion, Commit: buildCommit, Date: buildDate, Go: runtime.Version()}
	if info, ok := debug.ReadBuildInfo(); ok {
		if b.Version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version // go install …@v1.2.3
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" {
					b.Commit = s.Value
				}
			case "vcs.time":
				if b.Date == "" {
					b.Date = s.Value
				}
			case "vcs.modified":
				b.Dirty = b.Dirty || (s.Value == "true" && buildCommit == "")
			}
		}
	}
	if b.Version == "" {
		b.Version = "devel"
	}
	return b
}

// String is the one-line form: "v1.2.3 (0123456789ab, 2026-12-05T10:00:00Z)".
func (b buildInfo) String() string {
	s := b.Version
	commit := b.Commit
	if len(commit) > 12 {
		commit = commit[:12]
	}
	if b.Dirty {
		commit += "+dirty"
	}
	switch {
	case commit != "" && b.Date != "":
		s += " (" + commit + ", " + b.Date + ")"
	case commit != "":
		s += " (" + commit + ")"
	}
	return s
}

// version is what the server reports in its logs, /healthz and the
// OpenAPI document.
func version() string { return readBuildInfo().String() }

// versionCommand runs `rendezvous version [--json]`.
func (a *app) versionCommand(args []string) error {
	fs := a.newFlags("version")
	asJSON := fs.Bool("json", false, "print the version, commit, date and Go version as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	b := readBuildInfo()
	if *asJSON {
		return json.NewEncoder(a.stdout).Encode(b)
	}
	_, err := fmt.Fprintf(a.stdout, "rendezvous %s %s\n", b, b.Go)
	return err
}
