// Package web is Rendezvous's front door for people: a chat page, a
// booking page for those who would rather click, a page to manage a
// booking from the link they were given, and a widget that opens the chat
// on a clinic's own site. The pages are plain HTML, CSS and JavaScript
// modules embedded in the binary and served as they are: nothing is built
// to run them, and they talk to the same JSON API as any other client.
package web

import (
	"embed"
	"errors"
	"fmt"
	"net/http"

	"github.com/rendezvous-oss/rendezvous"
)

// static holds the pages and their assets. An embedded file system is
// read-only: it is no mutable state.
//
//go:embed static
var static embed.FS

// Options configure the site.
type Options struct {
	// FrameOrigins are the origins whose pages may frame the chat, for the
	// widget: the web origins of RENDEZVOUS_CORS_ORIGINS, canonical. "*"
	// alone (development only) lets any page frame it. Every other page
	// may be framed by none.
	FrameOrigins []string
	// Greeting is the agent's first words in a language ("en", "fr"),
	// shown before the first message opens a session: opening one only
	// to greet would cost a session per page view.
	Greeting func(lang string) string
}

// Route is one page or asset: where it is served and how.
type Route struct {
	Path    string // a net/http pattern without the method; always GET
	Summary string
	Handle  func(w http.ResponseWriter, r *http.Request) error
}

// Site serves the front door.
type Site struct {
	assets         *assets
	pages          map[string]*file // by route path
	frameAncestors string
}

// New reads the embedded files, names the assets' version after their
// content and renders the pages.
func New(opts Options) (*Site, error) {
	fa, err := frameAncestors(opts.FrameOrigins)
	if err != nil {
		return nil, err
	}
	as, err := loadAssets(static)
	if err != nil {
		return nil, err
	}
	s := &Site{assets: as, pages: map[string]*file{}, frameAncestors: fa}
	for _, p := range pageList() {
		f, err := renderPage(static, p, s.data(opts))
		if err != nil {
			return nil, fmt.Errorf("web: page %s: %w", p.file, err)
		}
		s.pages[p.path] = f
	}
	return s, nil
}

func (s *Site) data(opts Options) pageData {
	d := pageData{Assets: s.assets.prefix(), Greeting: map[string]string{}}
	for _, k := range rendezvous.Kinds() {
		d.Kinds = append(d.Kinds, string(k))
	}
	for _, lang := range []string{"en", "fr"} {
		d.Greeting[lang] = ""
		if opts.Greeting != nil {
			d.Greeting[lang] = opts.Greeting(lang)
		}
	}
	return d
}

// page is one HTML page of the site.
type page struct {
	path, file, summary string
	// nav is its entry in the header's navigation ("chat", "book"), "" for none.
	nav string
	// framable pages may be framed by FrameOrigins (the widget's chat).
	framable bool
}

func pageList() []page {
	return []page{
		{path: "/{$}", file: "index.html", summary: "The chat page", nav: "chat"},
		{path: "/book", file: "book.html", summary: "The booking page", nav: "book"},
		{path: "/manage", file: "manage.html", summary: "Manage a booking (its reference and token in the URL fragment)"},
		{path: "/waitlist", file: "waitlist.html", summary: "Book a slot a waitlist offer's email names (its token in the URL fragment)"},
		{path: "/embed", file: "embed.html", summary: "The chat in the widget's frame", framable: true},
	}
}

// Routes returns every page and asset route, for the server's route
// table.
func (s *Site) Routes() []Route {
	var out []Route
	for _, p := range pageList() {
		out = append(out, Route{Path: p.path, Summary: p.summary, Handle: s.servePage(p)})
	}
	return append(out,
		Route{Path: "/widget.js", Summary: "The widget a clinic's site embeds", Handle: s.serveWidget},
		Route{Path: "/assets/{version}/{name...}", Summary: "Scripts, styles and images of the pages", Handle: s.serveAsset},
	)
}

// Version names the assets' current content (part of their URLs).
func (s *Site) Version() string { return s.assets.version }

var errNoSuchFile = errors.New("no such file")
