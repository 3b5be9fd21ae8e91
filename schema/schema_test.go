package schema_test

import (
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/schema"
)

// colour lists its values, as rendezvous.Kind does.
type colour string

func (colour) JSONSchemaEnum() []string { return []string{"red", "green"} }

type palette struct {
	Main     colour            `json:"main"`
	Accent   *colour           `json:"accent,omitempty"`
	Others   []colour          `json:"others,omitempty"`
	Tagged   string            `json:"tagged,omitempty" enum:"a,b"`
	Plain    string            `json:"plain,omitempty"`
	Kind     rendezvous.Kind   `json:"kind"`
	ByColour map[string]colour `json:"by_colour,omitempty"`
}

// TestEnumFromType: a type that lists its values gets them as its enum
// wherever it is used (field, pointer, slice, map), with no tag.
func TestEnumFromType(t *testing.T) {
	s := schema.NewInline().Of(reflect.TypeOf(palette{}))
	props := s["properties"].(map[string]any)
	colours := map[string]any{"type": "string", "enum": []string{"red", "green"}}
	cases := []struct {
		name string
		prop string
		want any
	}{
		{"Field", "main", colours},
		{"Pointer", "accent", colours},
		{"SliceItems", "others", map[string]any{"type": "array", "items": colours}},
		{"MapValues", "by_colour", map[string]any{"type": "object", "additionalProperties": colours}},
		{"Tag", "tagged", map[string]any{"type": "string", "enum": []string{"a", "b"}}},
		{"NoEnum", "plain", map[string]any{"type": "string"}},
		{"DomainKind", "kind", map[string]any{"type": "string", "enum": rendezvous.Kind("").JSONSchemaEnum()}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, props[c.prop]); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.prop, diff)
			}
		})
	}
}

// TestKindEnumIsKinds: the kinds' enum is the domain's list, in its order.
func TestKindEnumIsKinds(t *testing.T) {
	var want []string
	for _, k := range rendezvous.Kinds() {
		want = append(want, string(k))
	}
	if diff := cmp.Diff(want, rendezvous.Kind("").JSONSchemaEnum()); diff != "" {
		t.Errorf("(-Kinds +enum):\n%s", diff)
	}
}
