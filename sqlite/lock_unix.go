//go:build unix

package sqlite

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// fileLock is an flock(2) on the database's lock file. Every Store holds a
// shared one while it is open (a server, a worker, a command); a restore
// takes an exclusive one, which it gets only when nothing has the
// database open. SQLite's own locks cannot say so: they are taken per
// transaction, and idle connections hold none.
type fileLock struct{ f *os.File }

func lockFile(dbPath string, exclusive bool) (*fileLock, error) {
	f, err := os.OpenFile(dbPath+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dbPath, err)
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrInUse
		}
		return nil, fmt.Errorf("lock %s: %w", dbPath, err)
	}
	return &fileLock{f: f}, nil
}

func (l *fileLock) unlock() error {
	if l == nil {
		return nil
	}
	return l.f.Close() // closing the file releases its lock
}
