package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	"github.com/rendezvous-oss/rendezvous/directory"
)

// ExternalIDStore is a store that keeps the links of a directory import:
// another system's ids to its providers and services.
type ExternalIDStore interface {
	booking.Store
	LinkExternalID(ctx context.Context, kind, externalID string, id int64) error
	ExternalIDs(ctx context.Context, kind string) (map[string]int64, error)
}

// RunExternalIDs runs the contract of LinkExternalID and ExternalIDs, on
// which an import's idempotency rests: an external id names one object of
// its kind and an object has one external id, a later link replacing an
// earlier one of either (an import links anew a provider created again
// after the one its id named was deleted); a link names an object that
// exists; a refused link changes nothing.
func RunExternalIDs(t *testing.T, open func(t *testing.T) ExternalIDStore) {
	ctx := context.Background()
	s := open(t)
	p1, p2 := mustProvider(t, s, "Cabinet A"), mustProvider(t, s, "Cabinet B")
	s1, s2 := p1.Services[0].ID, p1.Services[1].ID
	links := func(kind string) map[string]int64 {
		t.Helper()
		got, err := s.ExternalIDs(ctx, kind)
		if err != nil {
			t.Fatalf("ExternalIDs(%s): %v", kind, err)
		}
		if got == nil {
			t.Fatalf("ExternalIDs(%s) = nil, want an empty map", kind)
		}
		return got
	}
	link := func(kind, ext string, id int64) {
		t.Helper()
		if err := s.LinkExternalID(ctx, kind, ext, id); err != nil {
			t.Fatalf("LinkExternalID(%s, %q, %d): %v", kind, ext, id, err)
		}
	}
	want := func(step string, providers, services map[string]int64) {
		t.Helper()
		if diff := cmp.Diff(providers, links(directory.KindProvider)); diff != "" {
			t.Errorf("%s: provider links (-want +got):\n%s", step, diff)
		}
		if diff := cmp.Diff(services, links(directory.KindService)); diff != "" {
			t.Errorf("%s: service links (-want +got):\n%s", step, diff)
		}
	}
	want("empty", map[string]int64{}, map[string]int64{})

	link(directory.KindProvider, "clinic-42", p1.ID)
	link(directory.KindService, "clinic-42", s1) // kinds are apart: the same text may name a service
	link(directory.KindService, "clinic-42/detartrage", s2)
	want("linked", map[string]int64{"clinic-42": p1.ID}, map[string]int64{"clinic-42": s1, "clinic-42/detartrage": s2})

	link(directory.KindProvider, "clinic-42", p1.ID)
	link(directory.KindProvider, "clinic-42", p1.ID)
	want("linked again (idempotent)", map[string]int64{"clinic-42": p1.ID}, map[string]int64{"clinic-42": s1, "clinic-42/detartrage": s2})

	link(directory.KindProvider, "salon-7", p2.ID)
	link(directory.KindProvider, "clinic-42", p2.ID)
	want("an external id linked to a second provider names it alone, which loses its own",
		map[string]int64{"clinic-42": p2.ID}, map[string]int64{"clinic-42": s1, "clinic-42/detartrage": s2})

	link(directory.KindProvider, "cabinet-a", p1.ID)
	link(directory.KindProvider, "cabinet-a2", p1.ID)
	want("a provider linked under a second external id is named by it alone",
		map[string]int64{"clinic-42": p2.ID, "cabinet-a2": p1.ID}, map[string]int64{"clinic-42": s1, "clinic-42/detartrage": s2})

	before := func() (map[string]int64, map[string]int64) {
		return map[string]int64{"clinic-42": p2.ID, "cabinet-a2": p1.ID}, map[string]int64{"clinic-42": s1, "clinic-42/detartrage": s2}
	}
	refused := []struct {
		name      string
		kind, ext string
		id        int64
		code      rendezvous.ErrorCode
	}{
		{"UnknownProvider", directory.KindProvider, "ghost", 987654, rendezvous.ENOTFOUND},
		{"UnknownProviderTakingALinkedID", directory.KindProvider, "clinic-42", 987654, rendezvous.ENOTFOUND},
		{"UnknownService", directory.KindService, "clinic-42/ghost", 987654, rendezvous.ENOTFOUND},
		{"UnknownKind", "booking", "x", p1.ID, rendezvous.EINVALID},
		{"EmptyExternalID", directory.KindProvider, "", p1.ID, rendezvous.EINVALID},
		{"ExternalIDTooLong", directory.KindProvider, strings.Repeat("x", 301), p1.ID, rendezvous.EINVALID},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, s.LinkExternalID(ctx, tc.kind, tc.ext, tc.id), tc.code)
			providers, services := before()
			want("after a refused link", providers, services)
		})
	}
	if got, err := s.ExternalIDs(ctx, "booking"); err != nil || len(got) != 0 {
		t.Errorf("ExternalIDs of an unknown kind: %v, %v; want none", got, err)
	}
}
