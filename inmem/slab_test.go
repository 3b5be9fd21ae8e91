package inmem

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/rendezvous-oss/rendezvous"
)

// TestClientKeyInterned: the sessions of one client share one key string,
// whichever string each was created with, and it lives while any does.
func TestClientKeyInterned(t *testing.T) {
	l := rendezvous.DefaultSessionLimits()
	l.PerClient = 10
	st := NewSessions(l, nil)
	ctx := context.Background()
	var keys []string
	for i := range 3 {
		client := strings.Clone("203.0.113.7") // a new string each time, as each request's
		s := &rendezvous.Session{ID: fmt.Sprint("ses_", i), Client: client, Data: []byte("{}")}
		if err := st.Create(ctx, s); err != nil {
			t.Fatal(err)
		}
		got, err := st.Get(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, got.Client)
	}
	for _, k := range keys[1:] {
		if unsafe.StringData(k) != unsafe.StringData(keys[0]) {
			t.Fatalf("two sessions of one client hold two key strings")
		}
	}
	if err := st.Delete(ctx, "ses_0"); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Get(ctx, "ses_2"); err != nil || got.Client != "203.0.113.7" {
		t.Fatalf("after the first session went: %+v, %v", got, err)
	}
	if c := st.clientShard("203.0.113.7").n["203.0.113.7"]; c.n != 2 || c.key != "203.0.113.7" {
		t.Errorf("client count %+v, want 2", c)
	}
}

// TestLongIDs: ids longer than a key holds are stored, found, saved and
// removed like the others, beside short ones that share their beginning.
func TestLongIDs(t *testing.T) {
	st := NewSessions(rendezvous.DefaultSessionLimits(), nil)
	ctx := context.Background()
	long := strings.Repeat("x", idKeyLen) + "-long"
	for _, id := range []string{long, long[:idKeyLen], long + "er"} {
		if err := st.Create(ctx, &rendezvous.Session{ID: id, Client: "c", Data: []byte(id)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{long, long[:idKeyLen], long + "er"} {
		got, err := st.Get(ctx, id)
		if err != nil || string(got.Data) != id || got.ID != id {
			t.Fatalf("Get(%q) = %+v, %v", id, got, err)
		}
		got.Data = []byte("saved " + id)
		if err := st.Save(ctx, got); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Delete(ctx, long); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Get(ctx, long); rendezvous.ErrorCodeOf(err) != rendezvous.ENOTFOUND {
		t.Fatalf("deleted long id: %v", err)
	}
	if got, err := st.Get(ctx, long+"er"); err != nil || string(got.Data) != "saved "+long+"er" {
		t.Fatalf("the other long id: %+v, %v", got, err)
	}
	if n, _ := st.Count(ctx); n != 2 {
		t.Errorf("Count = %d, want 2", n)
	}
}

// TestTimesKeptAsGiven: the store gives back the times its clock gave,
// zone and all, however far (an idle expiry measured on the monotonic
// clock needs the readings kept, not wall-clock nanoseconds).
func TestTimesKeptAsGiven(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(2026, 12, 6, 9, 30, 0, 1, time.FixedZone("", 5*3600+1800)),
		time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), // past what Unix nanoseconds hold
	} {
		clock := func() time.Time { return at }
		st := NewSessions(rendezvous.DefaultSessionLimits(), clock)
		ctx := context.Background()
		if err := st.Create(ctx, &rendezvous.Session{ID: "ses_t", Client: "c", Data: []byte("{}")}); err != nil {
			t.Fatal(err)
		}
		got, err := st.Get(ctx, "ses_t")
		if err != nil || got.CreatedAt != at || got.LastSeen != at {
			t.Fatalf("clock at %v: %+v, %v", at, got, err)
		}
		if err := st.Save(ctx, got); err != nil || got.CreatedAt != at || got.LastSeen != at {
			t.Fatalf("clock at %v, after Save: %+v, %v", at, got, err)
		}
	}
}
