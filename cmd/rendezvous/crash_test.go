//go:build linux

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// ownPostgres is a PostgreSQL server of the test's own, on a spare port,
// that the test may crash and restart.
type ownPostgres struct {
	t    *testing.T
	bin  string
	dir  string
	port int
	cred *syscall.Credential // the server's user when the test runs as root
}

// startOwnPostgres initialises and starts a PostgreSQL server with the
// programs of bin (initdb, pg_ctl). PostgreSQL refuses to run as root: as
// root, the server runs as the user "postgres".
func startOwnPostgres(t *testing.T, bin string) *ownPostgres {
	t.Helper()
	dir, err := os.MkdirTemp("", "rdv-crash-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	pg := &ownPostgres{t: t, bin: bin, dir: dir}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skipf("running as root without a postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		pg.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pg.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	pg.run("initdb", "-D", pg.data(), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8")
	pg.start()
	t.Cleanup(func() { pg.ctl("-m", "immediate", "stop") })
	return pg
}

func (pg *ownPostgres) data() string { return filepath.Join(pg.dir, "data") }

func (pg *ownPostgres) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", pg.port)
}

func (pg *ownPostgres) run(prog string, args ...string) {
	pg.t.Helper()
	cmd := exec.Command(filepath.Join(pg.bin, prog), args...)
	cmd.Dir = pg.dir
	if pg.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: pg.cred}
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		pg.t.Fatalf("%s %s: %v\n%s", prog, strings.Join(args, " "), err, out)
	}
}

func (pg *ownPostgres) ctl(args ...string) {
	pg.t.Helper()
	pg.run("pg_ctl", append([]string{"-D", pg.data(), "-s"}, args...)...)
}

func (pg *ownPostgres) start() {
	pg.t.Helper()
	pg.ctl("-w", "-l", filepath.Join(pg.dir, "log"), "-o",
		fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", pg.port, pg.dir), "start")
}

// TestDatabaseCrashOverHTTP is the incident: PostgreSQL crashes (an
// immediate shutdown: every backend killed, recovery at restart) while 24
// clients book. Every answer is 201, or 503 — outcome_unknown when the
// commit was under way, unavailable otherwise, timeout at worst — never a
// 500; each client retries with its Idempotency-Key until it has its
// booking, and in the end each has exactly one: never two bookings, never
// a 409 on its own slot. It needs PostgreSQL's programs:
// RENDEZVOUS_TEST_PG_BIN=/usr/lib/postgresql/15/bin.
func TestDatabaseCrashOverHTTP(t *testing.T) {
	bin := os.Getenv("RENDEZVOUS_TEST_PG_BIN")
	if bin == "" {
		t.Skip("RENDEZVOUS_TEST_PG_BIN not set: skipping the database crash test")
	}
	pg := startOwnPostgres(t, bin)
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": pg.url(), "RENDEZVOUS_SEED_DEMO": "false", "RENDEZVOUS_RATE_LIMITS": "off",
		"RENDEZVOUS_MAX_UPCOMING_PER_CUSTOMER": "1000"}
	key, err := runCommand(t, env, "admin-key", "create")
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, env)
	adm := []string{"Authorization", "Bearer " + strings.TrimSpace(key)}
	var p struct {
		ID       int64 `json:"id"`
		Services []struct {
			ID int64 `json:"id"`
		} `json:"services"`
	}
	body := `{"name":"Cabinet Panne","kind":"dentist","city":"Lyon","timezone":"Europe/Paris",
		"booking_policy":{"slot_step_minutes":30,"buffer_minutes":0,"min_notice_minutes":0,"horizon_days":90},
		"services":[{"name":"Consultation","duration_minutes":30,"price_cents":3000}],
		"hours":[` + allWeekHours() + `]}`
	if st := s.call(t, "POST", "/v1/admin/providers", body, &p, adm...); st != 201 {
		t.Fatalf("create provider: %d", st)
	}
	const clients, each = 24, 4
	var slots slotList
	if st := s.call(t, "GET", fmt.Sprintf("/v1/providers/%d/availability?from=%s&to=%s", p.ID,
		time.Now().AddDate(0, 0, 1).Format("2006-01-02"), time.Now().AddDate(0, 0, 14).Format("2006-01-02")), "", &slots); st != 200 || len(slots.Slots) < clients*each {
		t.Fatalf("slots: %d, %d", st, len(slots.Slots))
	}

	plain := &http.Client{Timeout: 30 * time.Second}
	book := func(i int) (int, string, string) {
		req, _ := http.NewRequest("POST", s.url+"/v1/bookings", strings.NewReader(fmt.Sprintf(
			`{"provider_id":%d,"service_id":%d,"start":%q,"customer":{"name":"Client %d","email":"c%d@example.com","phone":"06 12 34 56 78"}}`,
			p.ID, p.Services[0].ID, slots.Slots[i].Start, i, i)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", fmt.Sprintf("crash-%d", i))
		resp, err := plain.Do(req)
		if err != nil {
			return 0, err.Error(), ""
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var out struct{ ID, Code string }
		_ = json.Unmarshal(raw, &out)
		return resp.StatusCode, out.Code, out.ID
	}
	var (
		mu      sync.Mutex
		answers = map[string]int{}
		ids     = map[string]int{} // booking id → slots it was given for
		wg      sync.WaitGroup
		booked  = make(chan struct{}, clients*each)
	)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range each {
				i := c*each + k
				for ctx.Err() == nil {
					st, code, id := book(i)
					mu.Lock()
					answers[fmt.Sprintf("%d %s", st, code)]++
					mu.Unlock()
					if st == 201 {
						mu.Lock()
						ids[id]++
						mu.Unlock()
						booked <- struct{}{}
						break
					}
					if st == 503 || (st == 409 && code == "idempotency_key_in_flight") {
						time.Sleep(100 * time.Millisecond)
						continue
					}
					t.Errorf("slot %d: %d %s", i, st, code)
					return
				}
			}
		}()
	}
	// Crash the database once a quarter of the bookings are made, keep it
	// down a moment, and start it again (crash recovery).
	for range clients * each / 4 {
		<-booked
	}
	pg.ctl("-m", "immediate", "stop")
	time.Sleep(500 * time.Millisecond)
	pg.start()
	wg.Wait()

	t.Logf("answers: %v", answers)
	if len(ids) != clients*each {
		t.Errorf("%d distinct bookings acknowledged, want %d", len(ids), clients*each)
	}
	for k := range answers {
		if strings.HasPrefix(k, "500") || strings.HasPrefix(k, "0 ") {
			t.Errorf("%d answers %q", answers[k], k)
		}
	}
	var list struct {
		Bookings []struct {
			ID string `json:"id"`
		} `json:"bookings"`
	}
	if st := s.call(t, "GET", fmt.Sprintf("/v1/admin/providers/%d/bookings?from=%s&to=%s", p.ID, time.Now().Format("2006-01-02"),
		time.Now().AddDate(0, 0, 15).Format("2006-01-02")), "", &list, adm...); st != 200 {
		t.Fatalf("list: %d", st)
	}
	if len(list.Bookings) != clients*each {
		t.Errorf("%d bookings stored, want %d (one per client and slot)", len(list.Bookings), clients*each)
	}
}
