package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strings"
	"time"
)

// file is one thing served, ready: its bytes, a gzip copy when that is
// smaller, and their entity tags.
type file struct {
	name        string
	contentType string
	body, gz    []byte
	etag, gzTag string
}

func newFile(name string, body []byte) *file {
	sum := sha256.Sum256(body)
	f := &file{name: name, body: body, etag: `"` + hex.EncodeToString(sum[:10]) + `"`}
	f.contentType = mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) { // not left to the system's MIME table
	case ".js":
		f.contentType = "text/javascript; charset=utf-8"
	case ".css":
		f.contentType = "text/css; charset=utf-8"
	case ".html":
		f.contentType = "text/html; charset=utf-8"
	case ".svg":
		f.contentType = "image/svg+xml"
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	if buf.Len() < len(body) {
		f.gz = buf.Bytes()
		f.gzTag = `"` + hex.EncodeToString(sum[:10]) + `-gz"`
	}
	return f
}

// serve answers with the file, compressed when the client accepts it;
// http.ServeContent answers If-None-Match with 304.
func (f *file) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Add("Vary", "Accept-Encoding")
	body, tag := f.body, f.etag
	if f.gz != nil && acceptsGzip(r) {
		body, tag = f.gz, f.gzTag
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", tag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") && !strings.Contains(strings.ReplaceAll(q, " ", ""), "q=0") {
			return true
		}
	}
	return false
}

// assets are the files under static/assets, served under
// /assets/<version>/ where the version is a digest of them all: a page
// names the version it was rendered with, so its scripts and styles can
// be cached for good, and modules import each other by relative URL
// within one version.
type assets struct {
	version string
	files   map[string]*file
}

func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{files: map[string]*file{}}
	var names []string
	err := fs.WalkDir(fsys, "static/assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: assets: %w", err)
	}
	sort.Strings(names)
	sum := sha256.New()
	for _, p := range names {
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("web: assets: %w", err)
		}
		name := strings.TrimPrefix(p, "static/assets/")
		fmt.Fprintf(sum, "%s\x00%d\x00", name, len(body))
		sum.Write(body)
		a.files[name] = newFile(name, body)
	}
	a.version = hex.EncodeToString(sum.Sum(nil))[:12]
	return a, nil
}

func (a *assets) prefix() string { return "/assets/" + a.version }

// serveAsset serves /assets/{version}/{name...}. The current version is
// cached for a year; another version (a page rendered by an older or
// newer instance during a rolling deploy) still gets the file, but only
// revalidated, so that no cache keeps a file under a name it does not
// match.
func (s *Site) serveAsset(w http.ResponseWriter, r *http.Request) error {
	f, ok := s.assets.files[r.PathValue("name")]
	if !ok || f.name == "widget.js" {
		return notFound()
	}
	if r.PathValue("version") == s.assets.version {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	// Scripts and styles run in our pages only; an image or a style may
	// be read by the widget's host page, which never needs them.
	w.Header().Set("Cross-Origin-Resource-Policy", "same-origin")
	f.serve(w, r)
	return nil
}

// serveWidget serves the widget's script at a stable address that
// clinics write into their pages: it is revalidated every few minutes
// rather than versioned, and readable from any origin.
func (s *Site) serveWidget(w http.ResponseWriter, r *http.Request) error {
	f, ok := s.assets.files["widget.js"]
	if !ok {
		return notFound()
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
	f.serve(w, r)
	return nil
}
