package deploy_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDockerfile reads the Dockerfile as docker would not without a
// daemon, for what the image promises: built by the Makefile (the same
// static, stamped binary), a distroless static base as non-root, the
// binary's own healthcheck, the SQLite file on a volume (the root file
// system can be read-only), and the Go version of go.mod.
func TestDockerfile(t *testing.T) {
	raw, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(raw)
	var froms []string
	for _, m := range regexp.MustCompile(`(?m)^FROM (\S+)`).FindAllStringSubmatch(df, -1) {
		froms = append(froms, m[1])
	}
	if len(froms) < 2 {
		t.Fatalf("want a multi-stage build, FROM %v", froms)
	}
	final := df[strings.LastIndex(df, "\nFROM "):]
	for _, want := range []string{
		"FROM gcr.io/distroless/static-debian12:nonroot",
		"USER 65532:65532",
		`HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD ["/rendezvous", "healthcheck"]`,
		`ENTRYPOINT ["/rendezvous"]`,
		"RENDEZVOUS_DATABASE_URL=/data/rendezvous.db",
		`VOLUME ["/data"]`,
		"--chown=65532:65532",
	} {
		if !strings.Contains(final, want) {
			t.Errorf("the final stage lacks %q", want)
		}
	}
	if !strings.Contains(df, "make build BIN=/out/rendezvous") {
		t.Error("the image's binary is not built by make build")
	}
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(gomod)
	if goVersion == nil || !strings.Contains(df, "ARG GO_VERSION="+string(goVersion[1])+"\n") {
		t.Errorf("GO_VERSION does not match go.mod's go %s", goVersion[1])
	}
	ignore, err := os.ReadFile("../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".git", "deploy/compose/secrets", "*.db"} {
		if !strings.Contains(string(ignore), want+"\n") {
			t.Errorf(".dockerignore does not keep %s out of the build context", want)
		}
	}
}
