// Package schema derives JSON Schemas from Go types by reflection, so that
// what is documented is what is decoded: /openapi.json for the HTTP API,
// and the parameters of the tools offered to language models.
//
// Struct fields follow encoding/json: the json tag names a property,
// omitempty makes it optional. Tags add the rest: `doc` (description),
// `enum` (comma-separated values), `format`. A type that lists its own
// values (an Enum, such as rendezvous.Kind) gets them as its enum wherever
// it is used, with no tag to keep in step.
package schema

import (
	"reflect"
	"sort"
	"strings"
	"time"
)

// Generator builds schemas. Named structs become components referenced by
// $ref, unless Inline is set (tool parameters must be self-contained).
type Generator struct {
	// Components collects the schemas of named structs (not with Inline).
	Components map[string]any
	// Inline expands every struct in place instead of referencing it.
	Inline bool
}

// New returns a generator that collects components.
func New() *Generator { return &Generator{Components: map[string]any{}} }

// NewInline returns a generator that inlines every struct.
func NewInline() *Generator { return &Generator{Inline: true} }

var timeType = reflect.TypeOf(time.Time{})

// Enum is implemented by types whose values form a closed list. The
// method must work on the zero value: it is called on one.
type Enum interface {
	JSONSchemaEnum() []string
}

var enumType = reflect.TypeOf((*Enum)(nil)).Elem()

// enumOf returns the values t lists of itself, or nil.
func enumOf(t reflect.Type) []string {
	if !t.Implements(enumType) {
		return nil
	}
	return reflect.Zero(t).Interface().(Enum).JSONSchemaEnum()
}

// Of returns the schema of t.
func (g *Generator) Of(t reflect.Type) map[string]any {
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.Of(t.Elem())
	case reflect.String:
		if enum := enumOf(t); enum != nil {
			return map[string]any{"type": "string", "enum": enum}
		}
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return map[string]any{"type": "integer"}
	case reflect.Int64, reflect.Uint64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.Of(t.Elem())}
	case reflect.Map:
		if t.Elem().Kind() == reflect.Interface {
			return map[string]any{"type": "object", "additionalProperties": true}
		}
		return map[string]any{"type": "object", "additionalProperties": g.Of(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		if g.Inline || t.Name() == "" {
			return g.structSchema(t)
		}
		name := t.Name()
		if _, ok := g.Components[name]; !ok {
			g.Components[name] = map[string]any{} // placeholder against recursion
			g.Components[name] = g.structSchema(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

func (g *Generator) structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		s := g.Of(f.Type)
		if _, isRef := s["$ref"]; isRef {
			// Siblings of $ref are ignored in OpenAPI 3.0: wrap it.
			s = map[string]any{"allOf": []any{s}}
		}
		if doc := f.Tag.Get("doc"); doc != "" {
			s["description"] = doc
		}
		if enum := f.Tag.Get("enum"); enum != "" {
			s["enum"] = strings.Split(enum, ",")
		}
		if format := f.Tag.Get("format"); format != "" {
			s["format"] = format
		}
		omitempty := strings.Contains(opts, "omitempty")
		if f.Type.Kind() == reflect.Pointer && !omitempty {
			s["nullable"] = true
		}
		if !omitempty {
			required = append(required, name)
		}
		props[name] = s
	}
	out := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		sort.Strings(required)
		out["required"] = required
	}
	return out
}
