package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
	sqlite3 "modernc.org/sqlite/lib"

	"modernc.org/sqlite"
)

// translate turns driver errors into domain errors where they have a
// meaning for the caller; others are returned wrapped, as internal errors.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var de *rendezvous.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "not found")
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("sqlite: %w", err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch {
		case strings.Contains(se.Error(), "rendezvous: slot_taken"):
			return rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonSlotTaken, "that slot has just been taken")
		case se.Code() == sqlite3.SQLITE_CONSTRAINT_CHECK, se.Code() == sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return rendezvous.Errorf(rendezvous.EINVALID, "a value is out of range")
		case se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "a referenced record does not exist")
		case se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE:
			return rendezvous.Errorf(rendezvous.ECONFLICT, "already exists")
		case se.Code()&0xff == sqlite3.SQLITE_BUSY:
			return rendezvous.Errorf(rendezvous.EUNAVAILABLE, "the database is busy, try again")
		}
	}
	return fmt.Errorf("sqlite: %w", err)
}

// translateCommit translates the error of a COMMIT. A disk that fails
// while the commit is written (SQLITE_IOERR) leaves it unknown whether the
// transaction is in the database: it may be found there after recovery.
// That is not a failure the caller may retry blindly, nor a success:
// EUNAVAILABLE/outcome_unknown, which a retry with the same idempotency
// key settles. Any other failure of a commit leaves nothing written.
func translateCommit(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_IOERR {
		return booking.ErrOutcomeUnknown()
	}
	return translate(err)
}
