package redis_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous/redis"
)

// quiet is the logger of go-redis during the tests: the tests that take
// the server away would make it log every failed dial.
var quiet = slog.New(slog.DiscardHandler)

func TestMain(m *testing.M) {
	if os.Getenv("REDIS_LOG_CHILD") == "" { // TestOpenLogsNothing's child keeps the default
		redis.SetLogger(quiet)
	}
	os.Exit(m.Run())
}

func TestSetLogger(t *testing.T) {
	var buf bytes.Buffer
	redis.SetLogger(slog.New(slog.NewTextHandler(&buf, nil)))
	defer redis.SetLogger(quiet)
	if _, err := redis.Open(context.Background(), "redis://"+closedPort(t)+"/0"); err == nil {
		t.Fatal("Open of a closed port succeeded")
	}
	if out := buf.String(); !strings.Contains(out, "level=WARN") || !strings.Contains(out, "component=go-redis") || !strings.Contains(out, "connection refused") {
		t.Errorf("go-redis logged %q", out)
	}
}
