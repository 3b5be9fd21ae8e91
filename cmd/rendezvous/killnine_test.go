//go:build linux

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rendezvous-oss/rendezvous/mailer/smtptest"
	"github.com/rendezvous-oss/rendezvous/postgres/pgtest"
)

// TestKillNineLosesNoEmail runs three `rendezvous serve` processes on one
// PostgreSQL schema, books through them from several clients, kills one
// with SIGKILL in the middle, and counts the confirmations at an SMTP
// server in the test: every booking that was made gets its email (none
// lost: the job committed with the booking, and the dead instance's
// running jobs are rescued by the others), and no message is delivered
// twice unless its Message-ID says it is the same one (River delivers at
// least once; the sent record closes the window down to the instant
// between the relay's 250 and that record's commit — see
// docs/notifications.md).
func TestKillNineLosesNoEmail(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program and runs three servers")
	}
	url := pgtest.URL(t)
	srv := smtptest.Start(t)
	dir := t.TempDir()
	bin := buildRendezvous(t, dir)
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": url, "RENDEZVOUS_SEED_DEMO": "false", "RENDEZVOUS_RATE_LIMITS": "off",
		"RENDEZVOUS_SECRET_KEY": "MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXY=",
		"RENDEZVOUS_SMTP_URL":   srv.URL(), "RENDEZVOUS_MAIL_FROM": "rdv@rendezvous.example", "RENDEZVOUS_PUBLIC_URL": "https://rdv.example",
		"RENDEZVOUS_JOB_POLL_INTERVAL": "100ms", "RENDEZVOUS_JOB_TIMEOUT": "3s", "RENDEZVOUS_JOB_RESCUE_AFTER": "5s",
		"RENDEZVOUS_JOB_RETRY_BASE": "200ms", "RENDEZVOUS_MAX_UPCOMING_PER_CUSTOMER": "1000000", "RENDEZVOUS_LOG_LEVEL": "warn",
		"RENDEZVOUS_MAILBOX_DIR": filepath.Join(dir, "mail")}
	if _, err := runCommand(t, env, "seed", "--providers", "300"); err != nil {
		t.Fatal(err)
	}
	procs := make([]*process, 3)
	for i := range procs {
		procs[i] = startProcess(t, bin, env)
	}

	// Load: clients book through the instances in turn; a request that
	// fails for want of an answer is repeated, with its Idempotency-Key,
	// on the next live instance.
	var (
		mu     sync.Mutex
		booked = map[string]bool{}
		killed atomic.Int32
		stop   atomic.Bool
		wg     sync.WaitGroup
	)
	killed.Store(-1)
	client := &http.Client{Timeout: 10 * time.Second}
	for c := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 7))
			for n := 0; !stop.Load(); n++ {
				id, ok := bookOnce(t, client, procs, &killed, rng, fmt.Sprintf("c%d-%d", c, n))
				if ok {
					mu.Lock()
					booked[id] = true
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(3 * time.Second)
	victim := 1
	killed.Store(int32(victim))
	if err := procs[victim].cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	t.Logf("killed instance %d (SIGKILL) with %d bookings made", victim, len(snapshot(&mu, booked)))
	time.Sleep(3 * time.Second)
	stop.Store(true)
	wg.Wait()
	made := snapshot(&mu, booked)
	if len(made) < 50 {
		t.Fatalf("only %d bookings made: the load did not run", len(made))
	}

	// Every booking's confirmation, within the rescue delay and a margin.
	deadline := time.Now().Add(60 * time.Second)
	for {
		if byID, _ := confirmations(t, srv, made); len(byID) >= len(made) || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(2 * time.Second) // late duplicates, if any
	byID, unknown := confirmations(t, srv, made)
	lost, dups := 0, 0
	for id := range made {
		switch n := byID[id]; {
		case n == 0:
			lost++
		case n > 1:
			dups += n - 1
		}
	}
	t.Logf("%d bookings, %d confirmations received (%d distinct Message-IDs), %d lost, %d delivered twice with the same Message-ID; %d jobs of the dead instance rescued",
		len(made), len(srv.Messages()), len(byID), lost, dups, rescuedJobs(t, url))
	if lost > 0 {
		t.Errorf("%d bookings got no confirmation", lost)
	}
	if len(unknown) > 0 {
		t.Errorf("confirmations of bookings never made: %v", unknown)
	}
	// A duplicate needs the kill to land between a relay's 250 and the
	// sent record's commit, for a job of the dead instance: possible, and
	// then the copy has the same Message-ID. More than the dead
	// instance's workers would mean the sent record does not work.
	if dups > 10 {
		t.Errorf("%d duplicates: more than the dead instance's 10 workers could have had under way", dups)
	}
}

// confirmations counts, per booking, the confirmations the server
// received, by their Message-ID; and lists those of unknown bookings.
func confirmations(t *testing.T, srv *smtptest.Server, made map[string]bool) (map[string]int, []string) {
	t.Helper()
	byID := map[string]int{}
	var unknown []string
	re := regexp.MustCompile(`^<email\.confirmation\.(RDV-[0-9A-Z]+)\.v1@`)
	for _, m := range srv.Messages() {
		p, err := m.Parse()
		if err != nil {
			t.Fatal(err)
		}
		mm := re.FindStringSubmatch(p.Header.Get("Message-Id"))
		if mm == nil {
			continue // a reminder: not counted
		}
		if !made[mm[1]] {
			unknown = append(unknown, mm[1])
		}
		byID[mm[1]]++
	}
	return byID, unknown
}

func snapshot(mu *sync.Mutex, m map[string]bool) map[string]bool {
	mu.Lock()
	defer mu.Unlock()
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// bookOnce books a free slot through the live instances; the id and true
// when it did.
func bookOnce(t *testing.T, client *http.Client, procs []*process, killed *atomic.Int32, rng *rand.Rand, tag string) (string, bool) {
	live := func(i int) bool { return int32(i) != killed.Load() }
	pickLive := func() *process {
		for {
			if i := rng.IntN(len(procs)); live(i) {
				return procs[i]
			}
		}
	}
	kinds := []string{"dentist", "hairdresser", "general_practitioner", "physiotherapist"}
	cities := []string{"Lyon", "Paris", "Marseille", "Toulouse", "Bordeaux", "Lille", "Nantes"}
	var slots slotList
	q := fmt.Sprintf("/v1/availability?kind=%s&city=%s&limit=50&after=%s", kinds[rng.IntN(len(kinds))], cities[rng.IntN(len(cities))],
		time.Now().Add(time.Duration(24+rng.IntN(24*30))*time.Hour).UTC().Format(time.RFC3339))
	resp, err := client.Get(pickLive().url + q)
	if err != nil {
		return "", false
	}
	_ = json.NewDecoder(resp.Body).Decode(&slots)
	resp.Body.Close()
	if len(slots.Slots) == 0 {
		return "", false
	}
	sl := slots.Slots[rng.IntN(len(slots.Slots))]
	body := fmt.Sprintf(`{"provider_id":%d,"service_id":%d,"start":%q,"customer":{"name":"Client Test","email":"%s@example.org","phone":"06 12 34 56 78"}}`,
		sl.ProviderID, sl.ServiceID, sl.Start, tag)
	key := "kill-" + tag
	for attempt := 0; attempt < 20; attempt++ {
		req, _ := http.NewRequest("POST", pickLive().url+"/v1/bookings", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", key)
		resp, err := client.Do(req)
		if err != nil {
			continue // the instance died: the same key on another
		}
		var b struct {
			ID   string `json:"id"`
			Code string `json:"code"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&b)
		resp.Body.Close()
		switch {
		case resp.StatusCode == 201:
			return b.ID, true
		case resp.StatusCode == 503, b.Code == "idempotency_key_in_flight":
			time.Sleep(50 * time.Millisecond)
			continue // outcome unknown, or still under way: the same key again
		default:
			return "", false // the slot went to someone else, or is no longer free
		}
	}
	t.Errorf("booking %s: no answer after 20 attempts", tag)
	return "", false
}

// buildRendezvous builds the program into dir.
func buildRendezvous(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "rendezvous")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// process is a `rendezvous serve` in its own process.
type process struct {
	cmd *exec.Cmd
	url string
}

var listening = regexp.MustCompile(`listening on (http://[0-9.:]+)`)

func startProcess(t *testing.T, bin string, env map[string]string) *process {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("instance %s logs:\n%s", p.url, logs.String())
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	select {
	case p.url = <-found:
	case <-ctx.Done():
		t.Fatalf("the server did not start:\n%s", logs.String())
	}
	return p
}

// rescuedJobs counts the jobs River's rescuer took back from a dead
// instance.
func rescuedJobs(t *testing.T, url string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE array_to_string(errors, ' ') LIKE '%rescued%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
