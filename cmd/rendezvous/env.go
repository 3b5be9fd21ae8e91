package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// secretVariables are the settings that may be read from a file: NAME_FILE
// names a file whose content is NAME's value (a Kubernetes or Docker secret
// mounted as a file), so that secrets stay out of the process's
// environment, of `docker inspect` and of crash dumps.
func secretVariables() []string {
	return []string{
		"RENDEZVOUS_SECRET_KEY", "RENDEZVOUS_SECRET_KEY_PREVIOUS", "RENDEZVOUS_ADMIN_KEY_PEPPER",
		"RENDEZVOUS_DATABASE_URL", "RENDEZVOUS_REDIS_URL", "RENDEZVOUS_SMTP_URL",
		"RENDEZVOUS_ANTHROPIC_API_KEY", "RENDEZVOUS_OPENAI_API_KEY",
	}
}

// otherToolsVariables are RENDEZVOUS_* variables that other tools of the
// repository read (the load generator, the tests and benchmarks): an
// operator's shell may hold them, and they are not mistakes.
func otherToolsVariables() []string {
	return []string{"RENDEZVOUS_ADMIN_KEY", "RENDEZVOUS_BIN", "RENDEZVOUS_SGD_DIR"}
}

// maxSecretFile bounds what a *_FILE variable reads: a secret is a line.
const maxSecretFile = 64 << 10

// environment is what loadConfig reads the variables through. It resolves
// the *_FILE form of secrets, remembers which variable each value came
// from (errors then name the one the operator set), and every name it was
// asked: a RENDEZVOUS_* variable that is set and never asked is a mistake.
type environment struct {
	getenv func(string) string
	asked  map[string]bool
	// from maps a setting to the variable its value came from, when
	// that is not its own name (RENDEZVOUS_SECRET_KEY_FILE).
	from map[string]string
	errs []error
}

func newEnvironment(getenv func(string) string) *environment {
	return &environment{getenv: getenv, asked: map[string]bool{}, from: map[string]string{}}
}

// get returns the value of the variable name, read from the file that
// name_FILE names for a secret.
func (e *environment) get(name string) string {
	e.asked[name] = true
	v := e.getenv(name)
	if !slices.Contains(secretVariables(), name) {
		return v
	}
	fileVar := name + "_FILE"
	e.asked[fileVar] = true
	path := strings.TrimSpace(e.getenv(fileVar))
	if path == "" {
		return v
	}
	e.from[name] = fileVar
	if v != "" {
		e.errs = append(e.errs, &settingError{fileVar, "is set, and so is " + name + ": set one of them"})
		return ""
	}
	f, err := os.Open(path)
	if err != nil {
		e.errs = append(e.errs, &settingError{fileVar, fmt.Sprintf("cannot read the secret: %v", err)})
		return ""
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	switch {
	case err != nil:
		e.errs = append(e.errs, &settingError{fileVar, fmt.Sprintf("cannot read the secret: %v", err)})
		return ""
	case len(b) > maxSecretFile:
		e.errs = append(e.errs, &settingError{fileVar, fmt.Sprintf("%s is larger than %d KiB: not a secret", path, maxSecretFile>>10)})
		return ""
	}
	// Files usually end with a newline that is no part of the secret.
	v = strings.TrimRight(string(b), "\r\n")
	if v == "" {
		e.errs = append(e.errs, &settingError{fileVar, path + " is empty"})
	}
	return v
}

// unknown returns a warning for each RENDEZVOUS_* variable of environ
// that no setting reads, with the nearest known name.
func (e *environment) unknown(environ []string) []string {
	var known []string
	for name := range e.asked {
		known = append(known, name)
	}
	known = append(known, otherToolsVariables()...)
	slices.Sort(known)
	var out []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "RENDEZVOUS_") || slices.Contains(known, name) ||
			strings.HasPrefix(name, "RENDEZVOUS_TEST_") || strings.HasPrefix(name, "RENDEZVOUS_BENCH_") {
			continue
		}
		out = append(out, fmt.Sprintf("%s is not a Rendezvous setting (did you mean %s?)", name, nearest(name, known)))
	}
	slices.Sort(out)
	return out
}

// nearest returns the candidate closest to name in edit distance.
func nearest(name string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		if d := editDistance(name, c); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes
// (variable names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
