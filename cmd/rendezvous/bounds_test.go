package main

import (
	"strings"
	"testing"
)

// TestSessionBudgetSetting: the in-memory store's byte budget is read in
// bytes or binary units, and a bad value stops the start naming it.
func TestSessionBudgetSetting(t *testing.T) {
	for v, want := range map[string]int64{"": 256 << 20, "64MiB": 64 << 20, "2GiB": 2 << 30, "1048576": 1 << 20} {
		cfg, err := loadConfig(envOf(map[string]string{"RENDEZVOUS_SESSIONS_MAX_BYTES": v}))
		if err != nil {
			t.Errorf("RENDEZVOUS_SESSIONS_MAX_BYTES=%q: %v", v, err)
		} else if cfg.Sessions.MaxBytes != want {
			t.Errorf("RENDEZVOUS_SESSIONS_MAX_BYTES=%q: %d, want %d", v, cfg.Sessions.MaxBytes, want)
		}
	}
	for _, v := range []string{"lots", "-1", "1KiB", "2TiB", "9223372036854775807GiB"} {
		_, err := loadConfig(envOf(map[string]string{"RENDEZVOUS_SESSIONS_MAX_BYTES": v}))
		if err == nil || !strings.Contains(err.Error(), "RENDEZVOUS_SESSIONS_MAX_BYTES") {
			t.Errorf("RENDEZVOUS_SESSIONS_MAX_BYTES=%q: %v", v, err)
		}
	}
}
