//go:build !unix

package sqlite

import "errors"

// fileLock is not implemented off Unix: restore refuses to run there
// rather than replace a database a server may hold.
type fileLock struct{}

func lockFile(dbPath string, exclusive bool) (*fileLock, error) {
	if exclusive {
		return nil, errors.New("restore needs flock(2): it runs on Unix only")
	}
	return nil, nil
}

func (l *fileLock) unlock() error { return nil }
