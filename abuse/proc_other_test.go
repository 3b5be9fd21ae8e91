//go:build !linux

package abuse_test

import (
	"errors"
	"os/exec"
)

// dieWithTest does nothing here: only Linux has a parent-death signal.
func dieWithTest(*exec.Cmd) {}

// readMemory needs Linux's /proc: elsewhere the memory assertions fail
// with this error rather than pass unmeasured.
func readMemory(pid int) (rss, peak int64, err error) {
	return 0, 0, errors.New("resident memory is read from /proc: Linux only")
}
