package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// ackedBooking is a booking the API acknowledged (201): when it was
// asked for, and when the answer came.
type ackedBooking struct {
	id, token string
	sent, at  time.Time
}

// TestBackupUnderLoadAndRestore backs up a serving SQLite database while
// bookings are being made, then restores it with the server stopped:
// every booking acknowledged before the backup began is in the restored
// database, none asked for after it ended is. A restore is refused
// while the server has the database open.
func TestBackupUnderLoadAndRestore(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{
		"RENDEZVOUS_DATABASE_URL":              filepath.Join(dir, "rendezvous.db"),
		"RENDEZVOUS_SEED_DEMO":                 "false",
		"RENDEZVOUS_RATE_LIMITS":               "off",
		"RENDEZVOUS_MAX_UPCOMING_PER_CUSTOMER": "1000000",
		"RENDEZVOUS_NOTIFICATIONS":             "off",
		// Tokens must outlive the restart.
		"RENDEZVOUS_SECRET_KEY": "MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXY=",
	}
	if out, err := runCommand(t, env, "seed", "--providers", "200", "--bookings", "0"); err != nil {
		t.Fatalf("seed: %v %s", err, out)
	}
	backup := filepath.Join(dir, "backup.db")
	var acked []ackedBooking
	var backupStart, backupEnd time.Time
	t.Run("Serve", func(t *testing.T) {
		s := startServer(t, env)
		stop := make(chan struct{})
		var mu sync.Mutex
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					b, err := bookOne(s, w, i)
					if err != nil {
						errs <- err
						return
					}
					if b != nil {
						mu.Lock()
						acked = append(acked, *b)
						mu.Unlock()
					}
				}
			}()
		}
		time.Sleep(1500 * time.Millisecond)
		backupStart = time.Now()
		out, err := runCommand(t, env, "backup", backup)
		backupEnd = time.Now()
		if err != nil || !strings.Contains(out, "integrity ok") {
			t.Errorf("backup: %v %s", err, out)
		}
		time.Sleep(1500 * time.Millisecond)
		// The server holds the database: it cannot be replaced under it.
		if out, err := runCommand(t, env, "restore", backup); err == nil || !strings.Contains(err.Error(), "open in another process") {
			t.Errorf("restore while serving: %v %s", err, out)
		}
		close(stop)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
	if t.Failed() {
		return
	}
	var before, after int
	for _, b := range acked {
		switch {
		case b.at.Before(backupStart):
			before++
		case b.sent.After(backupEnd):
			after++
		}
	}
	t.Logf("%d bookings acknowledged: %d before the backup, %d after it (backup took %s)", len(acked), before, after, backupEnd.Sub(backupStart).Round(time.Millisecond))
	if before < 10 || after < 10 {
		t.Fatalf("too few bookings around the backup to tell: %d before, %d after", before, after)
	}
	out, err := runCommand(t, env, "restore", backup)
	if err != nil || !strings.Contains(out, "kept as") {
		t.Fatalf("restore: %v %s", err, out)
	}
	s := startServer(t, env)
	for _, b := range acked {
		var got bookingOut
		st, code := s.callCode(t, "GET", "/v1/bookings/"+b.id, "", &got, "Authorization", "Bearer "+b.token)
		switch {
		case b.at.Before(backupStart) && (st != 200 || got.ID != b.id || got.Status != "booked"):
			t.Errorf("%s, acknowledged before the backup: %d %s %+v", b.id, st, code, got)
		case b.sent.After(backupEnd) && st != 404:
			t.Errorf("%s, acknowledged after the backup, is in the restored database: %d %s", b.id, st, code)
		}
	}
}

// bookOne books one of the earliest free slots of a day and city spread
// by worker and iteration: nil when there is none, or another worker took
// it first.
func bookOne(s *server, worker, i int) (*ackedBooking, error) {
	day := time.Now().AddDate(0, 0, 1+(worker*17+i)%60).Format("2006-01-02")
	city := []string{"Paris", "Lyon", "Marseille"}[i%3]
	resp, err := s.client.Get(s.url + "/v1/availability?kind=hairdresser&city=" + city + "&limit=30&after=" + day)
	if err != nil {
		return nil, err
	}
	var slots slotList
	err = json.NewDecoder(resp.Body).Decode(&slots)
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("availability %s %s: %v", city, day, err)
	}
	if len(slots.Slots) == 0 {
		return nil, nil
	}
	sl := slots.Slots[rand.IntN(len(slots.Slots))]
	body := fmt.Sprintf(`{"provider_id":%d,"service_id":%d,"start":%q,"customer":{"name":"Client %d %d","email":"c%d.%d@example.com","phone":"06 12 34 %02d %02d"}}`,
		sl.ProviderID, sl.ServiceID, sl.Start, worker, i, worker, i, worker, i%100)
	sent := time.Now()
	resp, err = s.client.Post(s.url+"/v1/bookings", "application/json", bytes.NewReader([]byte(body)))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	switch resp.StatusCode {
	case http.StatusCreated:
		var b bookingOut
		if err := json.Unmarshal(raw, &b); err != nil {
			return nil, err
		}
		return &ackedBooking{id: b.ID, token: b.ManageToken, sent: sent, at: time.Now()}, nil
	case http.StatusConflict:
		return nil, nil
	}
	return nil, fmt.Errorf("book: %d %s", resp.StatusCode, raw)
}
