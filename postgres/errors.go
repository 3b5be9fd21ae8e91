package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/rendezvous-oss/rendezvous"
)

// SQLSTATE codes this package gives a meaning to.
const (
	codeExclusionViolation  = "23P01"
	codeUniqueViolation     = "23505"
	codeForeignKeyViolation = "23503"
	codeCheckViolation      = "23514"
	codeNotNullViolation    = "23502"
	codeSerialization       = "40001"
	codeDeadlock            = "40P01"
	codeLockNotAvailable    = "55P03"
	codeTooManyConnections  = "53300"
	codeAdminShutdown       = "57P01"
	codeCrashShutdown       = "57P02"
	codeCannotConnectNow    = "57P03"
)

// translate turns driver errors into domain errors where they have a
// meaning for the caller; others are returned wrapped, as internal errors.
// Domain errors pass through unchanged.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var de *rendezvous.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, "not found")
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("postgres: %w", err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case codeExclusionViolation:
			return rendezvous.ReasonErrorf(rendezvous.ECONFLICT, rendezvous.ReasonSlotTaken, "that slot has just been taken")
		case codeUniqueViolation:
			return rendezvous.Errorf(rendezvous.ECONFLICT, "already exists")
		case codeForeignKeyViolation:
			return rendezvous.Errorf(rendezvous.ENOTFOUND, "a referenced record does not exist")
		case codeCheckViolation, codeNotNullViolation:
			return rendezvous.Errorf(rendezvous.EINVALID, "a value is out of range")
		case codeSerialization, codeDeadlock, codeLockNotAvailable,
			codeTooManyConnections, codeAdminShutdown, codeCrashShutdown, codeCannotConnectNow:
			// The transaction was rolled back (or never began): trying
			// again is safe.
			return rendezvous.Errorf(rendezvous.EUNAVAILABLE, "the database is busy, try again")
		}
		return fmt.Errorf("postgres: %w", err)
	}
	// A connection that could not be made, or a failure before anything
	// reached the server, left nothing half done. A connection lost later
	// may have committed, so that stays an internal error.
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || pgconn.SafeToRetry(err) {
		return rendezvous.Errorf(rendezvous.EUNAVAILABLE, "the database is unavailable, try again")
	}
	return fmt.Errorf("postgres: %w", err)
}

// notFound turns pgx.ErrNoRows into an ENOTFOUND naming the record.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, format+" not found", args...)
	}
	return translate(err)
}
