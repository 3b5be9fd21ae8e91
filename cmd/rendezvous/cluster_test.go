//go:build linux

package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The processes of a cluster test: `rendezvous serve` instances on fixed
// ports (a restarted instance comes back where the load balancer expects
// it), a Redis server and HAProxy of the test's own, on spare loopback
// ports. PostgreSQL is startOwnPostgres's (crash_test.go).

// sparePort returns a loopback port free at the time of asking.
func sparePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// daemon is a server process the test starts, stops and starts again.
type daemon struct {
	t     *testing.T
	name  string
	argv  []string
	env   []string
	cmd   *exec.Cmd
	done  chan struct{}
	logs  *syncBuffer
	ready func() bool // answers once the process serves
}

func newDaemon(t *testing.T, name string, env []string, ready func() bool, argv ...string) *daemon {
	d := &daemon{t: t, name: name, argv: argv, env: env, ready: ready, logs: &syncBuffer{}}
	d.start()
	t.Cleanup(func() {
		d.stop(syscall.SIGTERM)
		if t.Failed() {
			t.Logf("%s logs:\n%s", name, lastLines(d.logs.String(), 40))
		}
	})
	return d
}

// start runs the process and waits until it is ready.
func (d *daemon) start() {
	d.t.Helper()
	d.cmd = exec.Command(d.argv[0], d.argv[1:]...)
	d.cmd.Env = append(os.Environ(), d.env...)
	d.cmd.Stdout, d.cmd.Stderr = d.logs, d.logs
	if err := d.cmd.Start(); err != nil {
		d.t.Fatalf("%s: %v", d.name, err)
	}
	done := make(chan struct{})
	d.done = done
	go func() { _ = d.cmd.Wait(); close(done) }()
	deadline := time.Now().Add(90 * time.Second)
	for !d.ready() {
		select {
		case <-done:
			d.t.Fatalf("%s exited at start:\n%s", d.name, lastLines(d.logs.String(), 40))
		default:
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("%s not ready after 90s:\n%s", d.name, lastLines(d.logs.String(), 40))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop sends sig and waits for the process to exit (killing it after
// 30 s); it returns how long the exit took.
func (d *daemon) stop(sig syscall.Signal) time.Duration {
	if d.cmd == nil || d.cmd.Process == nil {
		return 0
	}
	start := time.Now()
	select {
	case <-d.done:
		return 0
	default:
	}
	_ = d.cmd.Process.Signal(sig)
	select {
	case <-d.done:
	case <-time.After(30 * time.Second):
		_ = d.cmd.Process.Kill()
		<-d.done
	}
	return time.Since(start)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// answers tells whether url answers GET with status.
func answers(url string, status int) bool {
	c := &http.Client{Timeout: time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == status
}

// startInstance runs `rendezvous serve` on addr.
func startInstance(t *testing.T, bin string, env map[string]string, addr string) *daemon {
	var kv []string
	for k, v := range env {
		kv = append(kv, k+"="+v)
	}
	return newDaemon(t, "instance "+addr, kv, func() bool { return answers("http://"+addr+"/healthz", 200) }, bin, "serve", "--addr", addr)
}

// startOwnRedis runs a Redis server without persistence on a spare port.
func startOwnRedis(t *testing.T, bin string) (*daemon, string) {
	port := sparePort(t)
	dir := t.TempDir()
	ready := func() bool {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 200*time.Millisecond)
		if err != nil {
			return false
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(time.Second))
		fmt.Fprint(c, "PING\r\n")
		line, _ := bufio.NewReader(c).ReadString('\n')
		return strings.HasPrefix(line, "+PONG")
	}
	d := newDaemon(t, "redis", nil, ready, bin, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", dir, "--protected-mode", "no")
	return d, fmt.Sprintf("redis://127.0.0.1:%d/0", port)
}

// startHAProxy balances port lb over the instances at addrs, checking
// /readyz every 100 ms: one failed check takes an instance out, two good
// ones bring it back. A request whose connection fails is sent to
// another instance.
func startHAProxy(t *testing.T, bin string, lb int, addrs []string) *daemon {
	var servers strings.Builder
	for i, a := range addrs {
		fmt.Fprintf(&servers, "    server rdv%d %s check\n", i, a)
	}
	cfg := fmt.Sprintf(`global
    maxconn 2000
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s
    retries 3
    option redispatch 1
    retry-on conn-failure
frontend web
    bind 127.0.0.1:%d
    default_backend rendezvous
backend rendezvous
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 100ms fastinter 100ms downinter 100ms fall 1 rise 2
%s`, lb, servers.String())
	path := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-c", "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c: %v\n%s", err, out)
	}
	return newDaemon(t, "haproxy", nil, func() bool { return answers(fmt.Sprintf("http://127.0.0.1:%d/healthz", lb), 200) },
		bin, "-db", "-f", path)
}

// waitFor polls ok every 20 ms for at most limit, and returns how long
// it took; false when it never held.
func waitFor(limit time.Duration, ok func() bool) (time.Duration, bool) {
	start := time.Now()
	for time.Since(start) < limit {
		if ok() {
			return time.Since(start), true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(start), false
}

// ctxTimeout is a context for one call of a cluster test.
func ctxTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}
