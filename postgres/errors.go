package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/booking"
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

	// Classes of SQLSTATE: the connection failed (08…), an operator or
	// a crash ended the session or the statement (57…).
	classConnection = "08"
	classOperator   = "57"
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
		if strings.HasPrefix(pe.Code, classConnection) {
			return rendezvous.Errorf(rendezvous.EUNAVAILABLE, "the database is unavailable, try again")
		}
		return fmt.Errorf("postgres: %w", err)
	}
	// A connection that could not be made, or was lost: every change runs
	// in a transaction (inTx), which a connection lost before its COMMIT
	// rolls back, and inTx tells a lost COMMIT apart (translateCommit).
	if connectionFailed(err) {
		return rendezvous.Errorf(rendezvous.EUNAVAILABLE, "the database is unavailable, try again")
	}
	return fmt.Errorf("postgres: %w", err)
}

// connectionFailed reports whether err says that the server could not be
// reached or stopped answering, rather than that it refused something.
func connectionFailed(err error) bool {
	var (
		ce *pgconn.ConnectError
		ne net.Error
	)
	return errors.As(err, &ce) || pgconn.SafeToRetry(err) || pgconn.Timeout(err) || errors.As(err, &ne) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// translateCommit translates the error of a COMMIT sent on a connection
// that was open. A COMMIT that never left (the context was already done,
// nothing could be written) was not made, and one the server refused (a
// serialization failure, a deferred constraint) was rolled back. Anything
// else — the connection lost or timed out after the COMMIT was sent, the
// context cancelled while it was under way, the server shutting down or
// crashing as it answered — leaves the outcome unknown: the transaction
// may be committed. That is EUNAVAILABLE/outcome_unknown, never a plain
// "try again", which would book twice, nor an internal error.
//
// SafeToRetry alone cannot be trusted here: when the connection breaks
// while pgx waits for the COMMIT's answer, pgx closes it and then reports
// "conn closed" (ErrConnClosed), whose SafeToRetry is true although the
// COMMIT was sent (pgx v5.12). inTx checks beforehand that the connection
// is open, so "conn closed" here means lost after sending.
func translateCommit(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	switch {
	case pgconn.SafeToRetry(err) && !errors.Is(err, pgconn.ErrConnClosed):
		return rendezvous.Errorf(rendezvous.EUNAVAILABLE, "the database is unavailable, try again")
	case errors.Is(err, pgx.ErrTxCommitRollback):
		return translate(err)
	case errors.As(err, &pe) && !strings.HasPrefix(pe.Code, classConnection) && !strings.HasPrefix(pe.Code, classOperator):
		return translate(err)
	}
	return booking.ErrOutcomeUnknown()
}

// notFound turns pgx.ErrNoRows into an ENOTFOUND naming the record.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return rendezvous.Errorf(rendezvous.ENOTFOUND, format+" not found", args...)
	}
	return translate(err)
}
