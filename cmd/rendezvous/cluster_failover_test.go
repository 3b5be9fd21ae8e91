//go:build linux

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestCluster runs Rendezvous as operators do past one machine: three
// `rendezvous serve` processes on one PostgreSQL and one Redis (the
// test's own servers, on spare ports), behind HAProxy checking /readyz.
// Through it: a conversation goes on across the three instances; a
// booking load survives an instance killed with SIGKILL and restarted,
// losing no acknowledged booking and overlapping none; a rolling restart
// with SIGTERM, one instance at a time, fails no request; and Redis, then
// PostgreSQL, stopped and started again, give 503s with a stable code and
// recover with no restart. It needs PostgreSQL's programs
// (RENDEZVOUS_TEST_PG_BIN), redis-server and haproxy (Debian packages).
func TestCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program and runs a cluster")
	}
	pgBin := os.Getenv("RENDEZVOUS_TEST_PG_BIN")
	if pgBin == "" {
		t.Skip("RENDEZVOUS_TEST_PG_BIN not set: skipping the cluster test")
	}
	haproxy, err := exec.LookPath("haproxy")
	if err != nil {
		t.Skip("haproxy not installed (Debian package haproxy): skipping the cluster test")
	}
	redisBin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server not installed: skipping the cluster test")
	}
	began := time.Now()
	pg := startOwnPostgres(t, pgBin)
	rd, redisURL := startOwnRedis(t, redisBin)
	dir := t.TempDir()
	bin := buildRendezvous(t, dir)
	env := map[string]string{"RENDEZVOUS_DATABASE_URL": pg.url(), "RENDEZVOUS_REDIS_URL": redisURL, "RENDEZVOUS_SEED_DEMO": "false",
		"RENDEZVOUS_RATE_LIMITS": "off", "RENDEZVOUS_SECRET_KEY": "MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXY=",
		"RENDEZVOUS_MAX_UPCOMING_PER_CUSTOMER": "1000000", "RENDEZVOUS_LOG_LEVEL": "warn", "RENDEZVOUS_MAILBOX_DIR": filepath.Join(dir, "mail"),
		// Readiness fails a second before the listener closes: HAProxy,
		// checking every 100 ms, has taken the instance out by then.
		"RENDEZVOUS_DRAIN_DELAY": "1s", "RENDEZVOUS_SHUTDOWN_GRACE": "10s"}
	if _, err := runCommand(t, env, "seed", "--providers", "300"); err != nil {
		t.Fatal(err)
	}
	addrs := make([]string, 3)
	insts := make([]*daemon, 3)
	for i := range insts {
		addrs[i] = fmt.Sprintf("127.0.0.1:%d", sparePort(t))
		insts[i] = startInstance(t, bin, env, addrs[i])
	}
	lbPort := sparePort(t)
	startHAProxy(t, haproxy, lbPort, addrs)
	lb := fmt.Sprintf("http://127.0.0.1:%d", lbPort)
	c := &cluster{t: t, lb: lb, addrs: addrs, insts: insts, db: pg.url()}
	c.waitInRotation()
	t.Logf("cluster up in %s", time.Since(began).Round(time.Millisecond))

	t.Run("ChatAcrossInstances", c.chatAcrossInstances)
	t.Run("KillNine", c.killNine)
	t.Run("RollingRestart", c.rollingRestart)
	t.Run("RedisOutage", func(t *testing.T) {
		c.outage(t, "redis", "POST", "/v1/chat", `{"message":"hello"}`,
			func() { rd.stop(syscall.SIGTERM) }, rd.start)
	})
	t.Run("PostgresOutage", func(t *testing.T) {
		c.outage(t, "postgres", "GET", "/v1/availability?kind=dentist&city=Lyon&limit=5", "",
			func() { pg.ctl("-m", "fast", "stop") }, pg.start)
	})
	t.Logf("cluster suite: %s wall time", time.Since(began).Round(time.Millisecond))
}

type cluster struct {
	t     *testing.T
	lb    string
	addrs []string
	insts []*daemon
	db    string
}

// waitInRotation waits until every instance is ready and HAProxy has had
// the two good checks that bring it into rotation.
func (c *cluster) waitInRotation() {
	for _, a := range c.addrs {
		if _, ok := waitFor(time.Minute, func() bool { return answers("http://"+a+"/readyz", 200) }); !ok {
			c.t.Fatalf("instance %s not ready", a)
		}
	}
	time.Sleep(400 * time.Millisecond)
}

// chatAcrossInstances holds one conversation whose messages go to the
// three instances in turn, and ends in a booking.
func (c *cluster) chatAcrossInstances(t *testing.T) {
	on := func(i int) *server {
		return &server{url: "http://" + c.addrs[i], client: &http.Client{Timeout: 30 * time.Second}}
	}
	var first chatOut
	msg := `{"message":"Book me a dentist in Lyon on ` + workday().en + ` at 10, I'm Marie Curie, marie@example.com, 06 12 34 56 78"}`
	if st := on(0).call(t, "POST", "/v1/chat", msg, &first); st != 200 {
		t.Fatalf("first message on instance 0: %d", st)
	}
	auth := []string{"Authorization", "Bearer " + first.SessionToken}
	say := func(i int, text string) chatOut {
		var out chatOut
		body := fmt.Sprintf(`{"session_id":%q,"message":%q}`, first.SessionID, text)
		if st := on(i).call(t, "POST", "/v1/chat", body, &out, auth...); st != 200 {
			t.Fatalf("%q on instance %d: %d", text, i, st)
		}
		return out
	}
	next := 1
	if first.State.Awaiting == "slot_choice" {
		say(next, "the first one")
		next++
	}
	done := say(next, "yes")
	if done.Booking == nil || !contains(done.Actions, "booked") {
		t.Fatalf("yes on instance %d did not book: %+v", next, done)
	}
	if next == 1 {
		say(2, "thank you") // the third instance answers a message too
	}
	var hist struct {
		Messages []json.RawMessage `json:"messages"`
	}
	if st := on(2).call(t, "GET", "/v1/sessions/"+first.SessionID, "", &hist, auth...); st != 200 || len(hist.Messages) < 4 {
		t.Fatalf("history on instance 2: %d, %d messages", st, len(hist.Messages))
	}
	t.Logf("one conversation over instances 0, 1 and 2: %d messages, booked %s", len(hist.Messages), done.Booking.ID)
}

// loadResult counts what a load's clients saw.
type loadResult struct {
	mu      sync.Mutex
	booked  map[string]bool // acknowledged bookings (201)
	answers map[string]int  // "GET 200", "POST 409 slot_taken", "POST transport error"…
	done    chan struct{}   // closed when the clients have finished
}

func (r *loadResult) add(answer, booked string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.answers[answer]++
	if booked != "" {
		r.booked[booked] = true
	}
}

// runLoad runs clients booking through the load balancer until stop is
// closed. With retry, a booking whose answer was lost (a transport
// error, a 5xx) is sent again with its Idempotency-Key until it is
// settled; without, every answer counts once.
func (c *cluster) runLoad(name string, clients int, retry bool, stop <-chan struct{}) *loadResult {
	res := &loadResult{booked: map[string]bool{}, answers: map[string]int{}, done: make(chan struct{})}
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	var seq atomic.Int64
	for k := range clients {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(k), uint64(time.Now().UnixNano())))
			for {
				select {
				case <-stop:
					return
				default:
				}
				c.bookOne(client, rng, fmt.Sprintf("%s-c%d-%d", name, k, seq.Add(1)), retry, res)
			}
		})
	}
	go func() { wg.Wait(); close(res.done) }()
	return res
}

// wait waits for the load's clients to finish.
func (r *loadResult) wait() { <-r.done }

// bookOne searches a free slot and books it through the load balancer.
func (c *cluster) bookOne(client *http.Client, rng *rand.Rand, tag string, retry bool, res *loadResult) {
	kinds := []string{"dentist", "hairdresser", "general_practitioner", "physiotherapist"}
	cities := []string{"Lyon", "Paris", "Marseille", "Toulouse", "Bordeaux", "Lille", "Nantes"}
	q := fmt.Sprintf("/v1/availability?kind=%s&city=%s&limit=50&after=%s", kinds[rng.IntN(len(kinds))], cities[rng.IntN(len(cities))],
		time.Now().Add(time.Duration(24+rng.IntN(24*60))*time.Hour).UTC().Format(time.RFC3339))
	var slots slotList
	st, code, err := do(client, "GET", c.lb+q, "", "", &slots)
	if err != nil || st != 200 {
		res.add(answerOf("GET", st, code, err), "")
		time.Sleep(20 * time.Millisecond)
		return
	}
	res.add("GET 200", "")
	if len(slots.Slots) == 0 {
		return
	}
	sl := slots.Slots[rng.IntN(len(slots.Slots))]
	body := fmt.Sprintf(`{"provider_id":%d,"service_id":%d,"start":%q,"customer":{"name":"Client Test","email":"%s@example.org","phone":"06 12 34 56 78"}}`,
		sl.ProviderID, sl.ServiceID, sl.Start, tag)
	for range 100 {
		var b struct {
			ID string `json:"id"`
		}
		st, code, err := do(client, "POST", c.lb+"/v1/bookings", body, "cluster-"+tag, &b)
		if st == 201 {
			res.add("POST 201", b.ID)
			return
		}
		res.add(answerOf("POST", st, code, err), "")
		if !retry || (err == nil && st < 500 && code != "idempotency_key_in_flight") {
			return // settled: the slot went to someone else
		}
		time.Sleep(50 * time.Millisecond) // lost or unknown: the same key again
	}
	res.add("POST never settled", "")
}

func answerOf(method string, st int, code string, err error) string {
	if err != nil {
		return method + " transport error"
	}
	return strings.TrimSpace(fmt.Sprintf("%s %d %s", method, st, code))
}

// do sends a request and decodes a 2xx answer into out; it returns the
// status and a problem's code.
func do(client *http.Client, method, url, body, key string, out any) (int, string, error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", err
	}
	if resp.StatusCode >= 300 {
		var p struct {
			Code string `json:"code"`
		}
		_ = json.Unmarshal(raw, &p)
		return resp.StatusCode, p.Code, nil
	}
	if out != nil {
		_ = json.Unmarshal(raw, out)
	}
	return resp.StatusCode, "", nil
}

// killNine books through the load balancer from 8 clients, kills one
// instance with SIGKILL under load, restarts it, and checks that every
// acknowledged booking is in the database and that no two overlap.
func (c *cluster) killNine(t *testing.T) {
	stop := make(chan struct{})
	res := c.runLoad("kill", 8, true, stop)
	time.Sleep(2 * time.Second)
	victim := c.insts[1]
	victim.stop(syscall.SIGKILL)
	killedAt := time.Now()
	time.Sleep(2 * time.Second)
	victim.start()
	t.Logf("instance 1 killed (SIGKILL) and back after %s", time.Since(killedAt).Round(time.Millisecond))
	c.waitInRotation()
	time.Sleep(2 * time.Second)
	close(stop)
	res.wait()

	ids := make([]string, 0, len(res.booked))
	for id := range res.booked {
		ids = append(ids, id)
	}
	if len(ids) < 20 {
		t.Fatalf("only %d bookings acknowledged: the load did not run (%v)", len(ids), res.answers)
	}
	ctx, cancel := ctxTimeout(30 * time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var stored, overlaps int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM bookings WHERE id = ANY($1) AND status = 'booked'`, ids).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM bookings a JOIN bookings b ON a.provider_id = b.provider_id AND a.id < b.id
		WHERE a.status = 'booked' AND b.status = 'booked'
		AND tstzrange(a.start_at, a.blocked_until, '[)') && tstzrange(b.start_at, b.blocked_until, '[)')`).Scan(&overlaps); err != nil {
		t.Fatal(err)
	}
	t.Logf("kill -9 under load: %d bookings acknowledged, %d stored, %d lost, %d overlapping pairs; answers %v",
		len(ids), stored, len(ids)-stored, overlaps, res.answers)
	if stored != len(ids) {
		t.Errorf("%d acknowledged bookings lost", len(ids)-stored)
	}
	if overlaps != 0 {
		t.Errorf("%d pairs of bookings overlap", overlaps)
	}
	if res.answers["POST never settled"] > 0 {
		t.Errorf("%d bookings never settled", res.answers["POST never settled"])
	}
}

// rollingRestart stops each instance in turn with SIGTERM under load and
// starts it again, waiting for it to be back in rotation before the
// next: no request fails.
func (c *cluster) rollingRestart(t *testing.T) {
	stop := make(chan struct{})
	res := c.runLoad("rolling", 8, false, stop)
	time.Sleep(time.Second)
	for i, inst := range c.insts {
		took := inst.stop(syscall.SIGTERM)
		t.Logf("instance %d stopped by SIGTERM in %s", i, took.Round(time.Millisecond))
		inst.start()
		c.waitInRotation()
	}
	time.Sleep(time.Second)
	close(stop)
	res.wait()
	failed, total := 0, 0
	for a, n := range res.answers {
		total += n
		if a != "GET 200" && a != "POST 201" && a != "POST 409 slot_taken" {
			failed += n
		}
	}
	t.Logf("rolling restart: %d requests, %d failed, %d bookings; answers %v", total, failed, len(res.booked), res.answers)
	if total < 100 {
		t.Errorf("only %d requests: the load did not run", total)
	}
	if failed > 0 {
		t.Errorf("%d requests failed during the rolling restart", failed)
	}
}

// outage stops a dependency: the instance answers 503 with a stable code
// while it is down, and answers again once it is back, with no restart.
func (c *cluster) outage(t *testing.T, what, method, path, body string, stopDep, startDep func()) {
	url := "http://" + c.addrs[0]
	client := &http.Client{Timeout: 10 * time.Second}
	pids := make([]int, len(c.insts))
	for i, inst := range c.insts {
		pids[i] = inst.cmd.Process.Pid
	}
	stopDep()
	codes := map[string]int{}
	for range 5 {
		st, code, err := do(client, method, url+path, body, "", nil)
		codes[answerOf(method, st, code, err)]++
	}
	// /readyz reuses a check's result for a second (ReadyCacheTTL): the
	// five answers above can all come within the second of a check made
	// before the dependency went down, so the instance has two seconds to
	// say it is not ready.
	ready := 0
	waitFor(2*time.Second, func() bool {
		ready, _, _ = do(client, "GET", url+"/readyz", "", "", nil)
		return ready == 503
	})
	t.Logf("%s down: answers %v, /readyz %d", what, codes, ready)
	if len(codes) != 1 || codes[method+" 503 unavailable"] != 5 {
		t.Errorf("%s down: answers %v, want 503 unavailable every time", what, codes)
	}
	if ready != 503 {
		t.Errorf("%s down: /readyz %d, want 503", what, ready)
	}
	startDep()
	took, ok := waitFor(30*time.Second, func() bool {
		st, _, err := do(client, method, url+path, body, "", nil)
		return err == nil && st == 200
	})
	if !ok {
		t.Fatalf("%s back: the instance did not recover within %s", what, took)
	}
	t.Logf("%s back: the instance answers again %s after the server was up", what, took.Round(time.Millisecond))
	for i, inst := range c.insts {
		if inst.cmd.Process.Pid != pids[i] {
			t.Errorf("instance %d was restarted", i)
		}
		select {
		case <-inst.done:
			t.Errorf("instance %d exited", i)
		default:
		}
	}
}
