package deploy_test

import (
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestPostgresPITRDrill runs scripts/pg-pitr-drill, the point-in-time
// recovery drill of docs/operations.md, on PostgreSQL servers of its own
// (RENDEZVOUS_TEST_PG_BIN's binaries, spare ports): base backup, WAL
// archive, a deletion, recovery to the restore point before it.
func TestPostgresPITRDrill(t *testing.T) {
	pgBin := os.Getenv("RENDEZVOUS_TEST_PG_BIN")
	if pgBin == "" {
		t.Skip("RENDEZVOUS_TEST_PG_BIN is not set: the PostgreSQL recovery drill is skipped")
	}
	bin, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("../scripts/pg-pitr-drill", bin)
	cmd.Env = append(os.Environ(), "PG_BIN="+pgBin, "PORT="+strconv.Itoa(freePortPair(t)))
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil || !strings.Contains(string(out), "pg-pitr-drill: OK") {
		t.Fatalf("drill: %v", err)
	}
}

// freePortPair finds a port p such that p and p+1 are free now.
func freePortPair(t *testing.T) int {
	t.Helper()
	for range 50 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		p := l.Addr().(*net.TCPAddr).Port
		l2, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p+1))
		l.Close()
		if err == nil {
			l2.Close()
			return p
		}
	}
	t.Fatal("no two free ports in a row")
	return 0
}
