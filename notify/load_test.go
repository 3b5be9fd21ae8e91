package notify_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

// TestSQLiteUnderLoad books from many goroutines while the workers fetch,
// send and complete: the store's batched writer and River's connection
// share one write lock, and neither may starve or deadlock the other —
// every booking commits and every confirmation goes, once.
func TestSQLiteUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load")
	}
	r := newRig(t, rigOptions{lead: time.Minute})
	const n, clients = 200, 16
	base := time.Now().Add(3 * time.Hour).Truncate(time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; i < n; i += clients {
				_, err := r.desk.Book(ctx, rendezvous.BookingRequest{ProviderID: r.provider.ID, ServiceID: r.provider.Services[0].ID,
					Start: base.Add(time.Duration(i) * 30 * time.Minute), Language: "fr",
					Customer: rendezvous.Customer{Name: "Client Numéro", Email: fmt.Sprintf("c%d@example.org", i), Phone: fmt.Sprintf("+336123456%02d", i%100)}})
				if err != nil {
					errs <- fmt.Errorf("booking %d: %w", i, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	msgs := r.smtp.Wait(t, n, 60*time.Second)
	seen := map[string]bool{}
	for _, m := range msgs {
		p, err := m.Parse()
		if err != nil {
			t.Fatal(err)
		}
		id := p.Header.Get("Message-Id")
		if seen[id] {
			t.Errorf("sent twice: %s", id)
		}
		seen[id] = true
	}
}
