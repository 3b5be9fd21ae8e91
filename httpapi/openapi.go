package httpapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/rendezvous-oss/rendezvous/schema"
)

// buildOpenAPI generates the OpenAPI 3.0 document from the route table and
// the Go types of bodies, by reflection: the document describes exactly
// what is served, and a test validates real responses against it.
func buildOpenAPI(endpoints []Endpoint, version string) ([]byte, error) {
	g := schema.New()
	paths := map[string]map[string]any{}
	for _, e := range endpoints {
		if e.Page {
			continue
		}
		op := map[string]any{
			"operationId": e.OperationID,
			"summary":     e.Summary,
			"tags":        []string{e.Tag},
		}
		if e.Description != "" {
			op["description"] = e.Description
		}
		if e.Auth != AuthNone {
			op["security"] = []map[string][]string{{string(e.Auth): {}}}
		}
		var params []any
		for _, p := range e.Params {
			schema := map[string]any{"type": p.Type}
			if p.Format != "" {
				schema["format"] = p.Format
			}
			if len(p.Enum) > 0 {
				schema["enum"] = p.Enum
			}
			param := map[string]any{"name": p.Name, "in": p.In, "required": p.Required || p.In == "path", "schema": schema}
			if p.Description != "" {
				param["description"] = p.Description
			}
			params = append(params, param)
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if e.Body != nil {
			op["requestBody"] = map[string]any{
				"required": true,
				"content":  map[string]any{"application/json": map[string]any{"schema": g.Of(reflect.TypeOf(e.Body))}},
			}
		}
		responses := map[string]any{}
		for _, r := range e.Responses {
			resp := map[string]any{"description": r.Description}
			if r.Body != nil {
				ct := r.ContentType
				if ct == "" {
					ct = "application/json"
				}
				resp["content"] = map[string]any{ct: map[string]any{"schema": g.Of(reflect.TypeOf(r.Body))}}
			}
			responses[strconv.Itoa(r.Status)] = resp
		}
		// Every endpoint is rate limited (New refuses one without a class).
		problem := map[string]any{"application/problem+json": map[string]any{"schema": g.Of(reflect.TypeOf(Problem{}))}}
		if _, ok := responses["429"]; !ok {
			responses["429"] = map[string]any{"description": "Too many requests: wait Retry-After seconds (RateLimit-* headers tell the budget)", "content": problem}
		}
		if e.Path != "/healthz" && e.Path != "/openapi.json" {
			// Every other endpoint can meet an unexpected error or a
			// dependency that is down.
			responses["500"] = map[string]any{"description": "Internal error (the body gives only a request id)", "content": problem}
			if _, ok := responses["401"]; !ok && e.Auth != AuthNone {
				responses["401"] = map[string]any{"description": "Missing or invalid credentials", "content": problem}
			}
			if _, ok := responses["503"]; !ok {
				responses["503"] = map[string]any{"description": "A dependency is down or too slow (code unavailable or timeout)", "content": problem}
			}
		}
		op["responses"] = responses
		if paths[e.Path] == nil {
			paths[e.Path] = map[string]any{}
		}
		paths[e.Path][strings.ToLower(e.Method)] = op
	}
	bearer := func(desc string) map[string]any {
		return map[string]any{"type": "http", "scheme": "bearer", "description": desc}
	}
	doc := map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":       "Rendezvous API",
			"version":     version,
			"description": "Conversational appointment booking. Errors are RFC 9457 application/problem+json with a stable `code`.",
			"license":     map[string]any{"name": "Apache-2.0"},
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": g.Components,
			"securitySchemes": map[string]any{
				string(AuthBooking): bearer("The manage_token returned when the booking was made or rescheduled."),
				string(AuthAdmin):   bearer("An admin API key made by `rendezvous admin-key create`."),
				string(AuthSession): bearer("The session_token returned when the chat session was opened."),
				string(AuthEmail):   bearer("The email_token returned by POST /v1/email-verifications/{id}/confirm (30 minutes)."),
			},
		},
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return out, nil
}
