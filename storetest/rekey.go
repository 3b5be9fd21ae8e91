package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
)

// Migrator is a store that can be migrated again, as at every start.
type Migrator interface {
	booking.Store
	Migrate(ctx context.Context) error
}

// RunRekey checks that migrating keys again the providers whose names or
// cities hold letters an older version folded otherwise ("œ" kept as is):
// after staleKeys writes such old keys behind the store's back, Migrate
// makes them findable as the current fold writes them.
func RunRekey(t *testing.T, s Migrator, staleKeys func(t *testing.T, id int64, nameKey, cityKey string)) {
	ctx := context.Background()
	p := &rendezvous.Provider{Name: "Cabinet du Cœur", Kind: rendezvous.KindDentist, City: "Lætiville", TimeZone: "Europe/Paris",
		Languages: []string{"fr"}, Policy: rendezvous.DefaultPolicy(),
		Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute}}}
	if err := s.CreateProvider(ctx, p); err != nil {
		t.Fatal(err)
	}
	find := func() []*rendezvous.Provider {
		t.Helper()
		ps, err := s.Providers(ctx, rendezvous.ProviderFilter{City: "laetiville", Query: "coeur"})
		if err != nil {
			t.Fatal(err)
		}
		return ps
	}
	if len(find()) != 1 {
		t.Fatal("a new provider is not found by its folded name and city")
	}
	staleKeys(t, p.ID, "cabinet du cœur", "lætiville")
	if len(find()) != 0 {
		t.Fatal("the stale keys were not written")
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if len(find()) != 1 {
		t.Fatal("after Migrate the provider is still not found: its keys were not recomputed")
	}
	// A letter whose decomposition is a spelled letter ("Ǣ" is "Æ" with a
	// macron), which folded to "æ" before it folded to "ae".
	q := &rendezvous.Provider{Name: "Cabinet Ǿrsted", Kind: rendezvous.KindDentist, City: "Ǣthelby", TimeZone: "Europe/Paris",
		Languages: []string{"fr"}, Policy: rendezvous.DefaultPolicy(),
		Services: []rendezvous.Service{{Name: "Consultation", Duration: 30 * time.Minute}}}
	if err := s.CreateProvider(ctx, q); err != nil {
		t.Fatal(err)
	}
	staleKeys(t, q.ID, "cabinet ørsted", "æthelby")
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ps, err := s.Providers(ctx, rendezvous.ProviderFilter{City: "aethelby", Query: "orsted"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 {
		t.Fatalf("after Migrate, %d providers found by the current fold of Ǿrsted in Ǣthelby, want 1", len(ps))
	}
}
