package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/web"
)

// serve mounts a site's routes as the API's route table does (GET only),
// writing a 404 for a handler's not-found error.
func serve(t *testing.T, opts web.Options) (*web.Site, http.Handler) {
	t.Helper()
	site, err := web.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	for _, r := range site.Routes() {
		handle := r.Handle
		mux.HandleFunc("GET "+r.Path, func(w http.ResponseWriter, req *http.Request) {
			if err := handle(w, req); err != nil {
				if rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
					t.Errorf("%s: %v", req.URL.Path, err)
				}
				w.WriteHeader(http.StatusNotFound)
			}
		})
	}
	return site, mux
}

func get(h http.Handler, path string, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	// The API's edge forbids framing on every answer; pages that may be
	// framed must take it back.
	w.Header().Set("X-Frame-Options", "DENY")
	h.ServeHTTP(w, req)
	return w
}

func TestPagesCarryTheirPolicy(t *testing.T) {
	_, h := serve(t, web.Options{FrameOrigins: []string{"https://clinic.example", "http://localhost:8081"}})
	for _, tc := range []struct {
		path      string
		ancestors string
	}{
		{"/", "'none'"},
		{"/book", "'none'"},
		{"/manage", "'none'"},
		{"/embed", "https://clinic.example http://localhost:8081"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			w := get(h, tc.path)
			if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
				t.Fatalf("%d %q", w.Code, w.Header().Get("Content-Type"))
			}
			csp := w.Header().Get("Content-Security-Policy")
			if csp != web.PageCSP(tc.ancestors) {
				t.Errorf("CSP %q, want frame-ancestors %s", csp, tc.ancestors)
			}
			for _, want := range []string{"script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self' data:", "base-uri 'none'", "form-action 'self'", "default-src 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP lacks %s", want)
				}
			}
			framable := tc.path == "/embed"
			if xfo := w.Header().Get("X-Frame-Options"); framable != (xfo == "") {
				t.Errorf("X-Frame-Options %q", xfo)
			}
			if w.Header().Get("Cache-Control") != "no-cache" || w.Header().Get("ETag") == "" {
				t.Errorf("caching: %q %q", w.Header().Get("Cache-Control"), w.Header().Get("ETag"))
			}
		})
	}
}

func TestFrameAncestors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		origins []string
		want    string
	}{
		{"None", nil, "frame-ancestors 'none'"},
		{"Any", []string{"*"}, "frame-ancestors *"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, h := serve(t, web.Options{FrameOrigins: tc.origins})
			if csp := get(h, "/embed").Header().Get("Content-Security-Policy"); !strings.HasSuffix(csp, tc.want) {
				t.Errorf("%q", csp)
			}
		})
	}
	// What would widen the list or break the policy is refused.
	for _, bad := range []string{"https://*.example", "https://a.example 'unsafe-inline'", "https://a.example;script-src *", "https://a.example/path", "data:", "'self'"} {
		if _, err := web.New(web.Options{FrameOrigins: []string{bad}}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

var assetRef = regexp.MustCompile(`(?:href|src)="(/assets/[^"]+)"`)

func TestAssetsAreVersioned(t *testing.T) {
	site, h := serve(t, web.Options{})
	page := get(h, "/").Body.String()
	refs := assetRef.FindAllStringSubmatch(page, -1)
	if len(refs) < 3 {
		t.Fatalf("page names %d assets", len(refs))
	}
	for _, m := range refs {
		if !strings.HasPrefix(m[1], "/assets/"+site.Version()+"/") {
			t.Errorf("%s is not under the current version %s", m[1], site.Version())
		}
		w := get(h, m[1])
		if w.Code != 200 || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("%s: %d %q", m[1], w.Code, w.Header().Get("Cache-Control"))
		}
	}
	t.Run("OtherVersionRevalidated", func(t *testing.T) {
		w := get(h, "/assets/0123456789ab/app.css")
		if w.Code != 200 || w.Header().Get("Cache-Control") != "no-cache" {
			t.Errorf("%d %q", w.Code, w.Header().Get("Cache-Control"))
		}
	})
	t.Run("NotModified", func(t *testing.T) {
		w := get(h, "/assets/"+site.Version()+"/chat.js")
		again := get(h, "/assets/"+site.Version()+"/chat.js", "If-None-Match", w.Header().Get("ETag"))
		if again.Code != http.StatusNotModified {
			t.Errorf("%d", again.Code)
		}
	})
	t.Run("Gzip", func(t *testing.T) {
		plain := get(h, "/assets/"+site.Version()+"/chat.js")
		w := get(h, "/assets/"+site.Version()+"/chat.js", "Accept-Encoding", "br, gzip")
		if w.Header().Get("Content-Encoding") != "gzip" || w.Header().Get("ETag") == plain.Header().Get("ETag") {
			t.Fatalf("%q %q", w.Header().Get("Content-Encoding"), w.Header().Get("ETag"))
		}
		zr, err := gzip.NewReader(w.Body)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(zr)
		if !bytes.Equal(body, plain.Body.Bytes()) {
			t.Error("the gzip copy differs")
		}
		if get(h, "/assets/"+site.Version()+"/chat.js", "Accept-Encoding", "gzip;q=0").Header().Get("Content-Encoding") != "" {
			t.Error("gzip sent to a client that refuses it")
		}
	})
	t.Run("Unknown", func(t *testing.T) {
		for _, p := range []string{"/assets/" + site.Version() + "/nope.js", "/assets/" + site.Version() + "/widget.js", "/assets/" + site.Version() + "/../web.go"} {
			if w := get(h, p); w.Code == 200 {
				t.Errorf("%s: served", p)
			}
		}
	})
}

func TestWidget(t *testing.T) {
	_, h := serve(t, web.Options{})
	w := get(h, "/widget.js", "Accept-Encoding", "gzip")
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/javascript") {
		t.Fatalf("%d %q", w.Code, w.Header().Get("Content-Type"))
	}
	if w.Header().Get("Cross-Origin-Resource-Policy") != "cross-origin" || w.Header().Get("Cache-Control") != "public, max-age=300" {
		t.Errorf("%q %q", w.Header().Get("Cross-Origin-Resource-Policy"), w.Header().Get("Cache-Control"))
	}
	// The budget: 30 KB gzipped.
	if n := w.Body.Len(); n > 30_000 {
		t.Errorf("widget.js is %d bytes gzipped, over 30 KB", n)
	}
	t.Logf("widget.js: %d bytes gzipped", w.Body.Len())
}

// The policy refuses inline scripts and styles, HTML strings and eval:
// this finds them before a browser does.
func TestNoInlineCodeNorHTMLStrings(t *testing.T) {
	inlineScript := regexp.MustCompile(`<script(?:\s[^>]*)?>`)
	forbidden := map[string]*regexp.Regexp{
		".html": regexp.MustCompile(`<style|\sstyle=|\son[a-z]+=|javascript:`),
		".js":   regexp.MustCompile(`\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\('on|setAttribute\('style`),
	}
	err := filepath.WalkDir("static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if re := forbidden[filepath.Ext(p)]; re != nil && re.Match(body) {
			t.Errorf("%s: %q", p, re.Find(body))
		}
		for _, tag := range inlineScript.FindAll(body, -1) {
			if !bytes.Contains(tag, []byte(" src=")) {
				t.Errorf("%s: inline script %s", p, tag)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Each kind of the domain has words in both languages, and the two
// catalogs have the same keys.
func TestCatalogs(t *testing.T) {
	src, err := os.ReadFile("static/assets/i18n.js")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	en, fr, ok := strings.Cut(s[strings.Index(s, "  en: {"):], "\n  fr: {")
	if !ok {
		t.Fatal("catalogs not found")
	}
	fr, _, _ = strings.Cut(fr, "\n  },\n};")
	key := regexp.MustCompile(`(?m)^    '([^']+)':`)
	keys := func(block string) map[string]bool {
		out := map[string]bool{}
		for _, m := range key.FindAllStringSubmatch(block, -1) {
			out[m[1]] = true
		}
		return out
	}
	enKeys, frKeys := keys(en), keys(fr)
	for k := range enKeys {
		if !frKeys[k] {
			t.Errorf("%q has no French", k)
		}
	}
	for k := range frKeys {
		if !enKeys[k] {
			t.Errorf("%q has no English", k)
		}
	}
	for _, k := range rendezvous.Kinds() {
		if !enKeys["kind."+string(k)] {
			t.Errorf("kind %s has no words", k)
		}
	}
	if len(enKeys) < 50 {
		t.Errorf("only %d keys read", len(enKeys))
	}
}

func TestPagesListEveryKindAndGreet(t *testing.T) {
	_, h := serve(t, web.Options{Greeting: func(lang string) string { return "hello<" + lang + ">" }})
	book := get(h, "/book").Body.String()
	for _, k := range rendezvous.Kinds() {
		if !strings.Contains(book, `<option value="`+string(k)+`"`) {
			t.Errorf("the booking page lacks %s", k)
		}
	}
	chat := get(h, "/").Body.String()
	if !strings.Contains(chat, `data-greeting-fr="hello&lt;fr&gt;"`) {
		t.Errorf("greeting not escaped into the page")
	}
}

// The booking page shows the API's field messages, in French from a
// table: every message a customer's details can get has its French, and
// the table holds no message the API no longer sends.
func TestFieldMessagesHaveTheirFrench(t *testing.T) {
	src, err := os.ReadFile("static/assets/i18n.js")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(src), "export const fieldMessagesFr = {")
	if !ok {
		t.Fatal("fieldMessagesFr not found")
	}
	table, _, _ = strings.Cut(table, "\n};")
	french := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^  '([^']+)':`).FindAllStringSubmatch(table, -1) {
		french[m[1]] = true
	}
	long := strings.Repeat("a", 120)
	sent := map[string]bool{}
	for _, c := range []rendezvous.Customer{
		{},
		{Name: long, Email: long + "@" + strings.Repeat("b", 250) + ".fr", Phone: strings.Repeat("1", 40)},
		{Name: "\xff", Email: "not an email", Phone: "12"},
		{Name: "Ann\u0007e", Email: "ｍarie@example.com", Phone: "06 12 34 56 78"},
		{Name: "An\u200bne", Email: "marié@example.com", Phone: "06 12 34 56 78"},
		{Name: "\u0301Anne", Email: "marie@example.com", Phone: "06 12 34 56 78"},
		{Name: "Ane\u0301\u0301\u0301\u0301\u0301", Email: "marie@example.com", Phone: "06 12 34 56 78"},
		{Name: "1234", Email: "marie@example.com", Phone: "06 12 34 56 78"},
	} {
		for _, f := range rendezvous.ErrorFieldsOf(func() error { _, err := rendezvous.NormalizeCustomer(c, "FR"); return err }()) {
			sent[f.Message] = true
			if !french[f.Message] {
				t.Errorf("%s: %q has no French", f.Field, f.Message)
			}
		}
	}
	if len(sent) < 8 {
		t.Errorf("only %d distinct messages provoked: %v", len(sent), sent)
	}
	// Each French entry translates a message the domain still writes.
	var domain strings.Builder
	for _, name := range []string{"customer.go", "phone.go", "unicode.go"} {
		b, err := os.ReadFile(filepath.Join("..", name))
		if err != nil {
			t.Fatal(err)
		}
		domain.Write(b)
	}
	for m := range french {
		if !strings.Contains(domain.String(), `"`+m+`"`) {
			t.Errorf("the French table translates %q, which the domain no longer writes", m)
		}
	}
}

// TestPagesShareTheShell: every page starts alike, from the shell's
// templates — the shared modules, and but for the framed chat the header
// — whose navigation marks the page it is on, and only that one.
func TestPagesShareTheShell(t *testing.T) {
	site, h := serve(t, web.Options{})
	assets := "/assets/" + site.Version()
	shared := []string{`<!doctype html>`, `<meta name="viewport" content="width=device-width, initial-scale=1">`,
		`<link rel="stylesheet" href="` + assets + `/app.css">`, `<link rel="modulepreload" href="` + assets + `/i18n.js">`,
		`<link rel="modulepreload" href="` + assets + `/format.js">`}
	for _, tc := range []struct {
		path, current string // current: the link marked, "" for none
		header        bool
	}{
		{"/", "/", true},
		{"/book", "/book", true},
		{"/manage", "", true},
		{"/waitlist", "", true},
		{"/embed", "", false},
	} {
		t.Run(tc.path, func(t *testing.T) {
			page := get(h, tc.path).Body.String()
			for _, s := range shared {
				if !strings.Contains(page, s) {
					t.Errorf("lacks %s", s)
				}
			}
			if strings.Contains(page, "{{") {
				t.Errorf("a template left unrendered")
			}
			if got := strings.Contains(page, `<header class="top">`); got != tc.header {
				t.Errorf("header: %v, want %v", got, tc.header)
			}
			marked := regexp.MustCompile(`<a href="([^"]*)" aria-current="page"`).FindAllStringSubmatch(page, -1)
			switch {
			case tc.current == "" && len(marked) != 0:
				t.Errorf("marks %v as the current page", marked)
			case tc.current != "" && (len(marked) != 1 || marked[0][1] != tc.current):
				t.Errorf("marks %v, want %s only", marked, tc.current)
			}
		})
	}
}
