package main

import (
	"github.com/rendezvous-oss/rendezvous/dialogue"
	"github.com/rendezvous-oss/rendezvous/httpapi"
	"github.com/rendezvous-oss/rendezvous/web"
)

// webPages are the web front door's routes for the API's route table
// (RENDEZVOUS_WEB, on by default): each page and asset under the web
// rate class, left out of the OpenAPI document. The chat may be framed by
// the CORS origins only: a clinic whose site may call the API may also
// show the widget.
func webPages(cfg *config) ([]httpapi.Endpoint, error) {
	if !cfg.HTTP.Web {
		return nil, nil
	}
	site, err := web.New(web.Options{FrameOrigins: cfg.HTTP.CORSOrigins, Greeting: dialogue.Greeting})
	if err != nil {
		return nil, err
	}
	var out []httpapi.Endpoint
	for _, r := range site.Routes() {
		out = append(out, httpapi.Endpoint{Method: "GET", Path: r.Path, OperationID: "web", Summary: r.Summary, Tag: "web",
			RateClass: httpapi.RateWeb, Page: true, Handle: r.Handle})
	}
	return out, nil
}
