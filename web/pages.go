package web

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	template "github.com/DataDog/datadog-agent/pkg/template/html"

	"github.com/rendezvous-oss/rendezvous"
)

// pageData is what a page template may use: where the assets are, and the
// provider kinds (the domain's list, so that a new kind reaches the
// booking page's menu without an edit here).
type pageData struct {
	Assets   string
	Kinds    []string
	Greeting map[string]string // by language
	// Nav is the page's entry in the header's navigation, "" for none.
	Nav string
}

// shellFile holds the parts every page shares (the head's start, the
// shared modules, the header), as named templates.
const shellFile = "shell.html"

// renderPage renders page p, with the shell's templates.
func renderPage(fsys fs.FS, p page, data pageData) (*file, error) {
	shell, err := fs.ReadFile(fsys, "static/"+shellFile)
	if err != nil {
		return nil, err
	}
	src, err := fs.ReadFile(fsys, "static/"+p.file)
	if err != nil {
		return nil, err
	}
	tmpl, err := template.New(p.file).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, err
	}
	if _, err := tmpl.New(shellFile).Parse(string(shell)); err != nil {
		return nil, err
	}
	data.Nav = p.nav
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data); err != nil {
		return nil, err
	}
	return newFile(p.file, buf.Bytes()), nil
}

// servePage serves an HTML page with the pages' policy: revalidated on
// every load (it names the current assets), framed by nobody but, for
// the widget's chat, the configured origins.
func (s *Site) servePage(p page) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		f := s.pages[p.path]
		ancestors := "'none'"
		if p.framable {
			ancestors = s.frameAncestors
			// The API's middleware forbids framing for every answer;
			// frame-ancestors says who may, and X-Frame-Options cannot.
			w.Header().Del("X-Frame-Options")
		}
		h := w.Header()
		h.Set("Content-Security-Policy", PageCSP(ancestors))
		h.Set("Cache-Control", "no-cache")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if !p.framable {
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
		}
		f.serve(w, r)
		return nil
	}
}

// PageCSP is the content security policy of the pages: scripts, styles,
// requests and images from this origin only, no inline script or style,
// no plugin, no <base>, forms posted here only, DOM sinks closed to
// strings (Trusted Types: the pages build the DOM node by node), and
// framing by frameAncestors.
func PageCSP(frameAncestors string) string {
	return strings.Join([]string{
		"default-src 'none'",
		"script-src 'self'",
		"style-src 'self'",
		"connect-src 'self'",
		"img-src 'self' data:",
		"font-src 'self'",
		"manifest-src 'self'",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-src 'none'",
		"require-trusted-types-for 'script'",
		"trusted-types 'none'",
		"frame-ancestors " + frameAncestors,
	}, "; ")
}

// frameAncestors turns the configured origins into a frame-ancestors
// source list. Origins are already canonical (httpapi.CanonicalOrigins);
// this refuses anything that could widen the list: a wildcard host, a
// quote, a semicolon or a space would each change the policy's meaning.
func frameAncestors(origins []string) (string, error) {
	if len(origins) == 0 {
		return "'none'", nil
	}
	if len(origins) == 1 && origins[0] == "*" {
		return "*", nil
	}
	for _, o := range origins {
		if !(strings.HasPrefix(o, "http://") || strings.HasPrefix(o, "https://")) ||
			strings.ContainsAny(o, "*'; ,\"\t\r\n") || strings.Count(o, "/") != 2 {
			return "", fmt.Errorf("web: %q is not an origin that may frame the chat", o)
		}
	}
	return strings.Join(origins, " "), nil
}

func notFound() error {
	return rendezvous.Errorf(rendezvous.ENOTFOUND, "%v", errNoSuchFile)
}
