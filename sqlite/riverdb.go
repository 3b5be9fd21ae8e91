package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
	"sync/atomic"
)

// The job queue (River) writes to the same file as the store: it fetches,
// completes, retries and cleans its jobs on its own connection. SQLite
// has one writer, and this store queues its writers on writeLock in Go
// rather than letting them spin on SQLITE_BUSY. River's connection takes
// the same lock: for the whole of each of its transactions, and for each
// statement it runs outside one (until its rows are closed, since an
// UPDATE … RETURNING holds the file's write lock while its rows are
// read). Writers of both thus take turns in one queue, and neither can
// wait on the other while holding the lock: the store's transactions
// never touch River's connection (jobs are inserted on the store's own
// transaction), and River's never touch the store's.

// lockedConnector opens connections that hold lock while they write.
type lockedConnector struct {
	dsn  string
	drv  driver.Driver
	lock writeLock
}

func (c *lockedConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &lockedConn{Conn: conn, lock: c.lock}, nil
}

func (c *lockedConnector) Driver() driver.Driver { return c.drv }

// openLocked opens a pool on the file behind write whose connections take
// lock for every write.
func openLocked(write *sql.DB, dsn string, lock writeLock) *sql.DB {
	db := sql.OpenDB(&lockedConnector{dsn: dsn, drv: write.Driver(), lock: lock})
	// River's advice for SQLite: one connection, so that River never
	// competes with itself for the file.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	return db
}

// lockedConn is a connection whose transactions and lone statements hold
// the store's write lock.
type lockedConn struct {
	driver.Conn
	lock writeLock
	inTx atomic.Bool
	// endTx ends the open transaction's hold of the lock; a connection
	// closed in a transaction (a broken one) must not keep the lock.
	mu    sync.Mutex
	endTx func()
}

func (c *lockedConn) Close() error {
	c.mu.Lock()
	end := c.endTx
	c.mu.Unlock()
	if end != nil {
		defer end()
	}
	return c.Conn.Close()
}

var (
	_ driver.ConnBeginTx        = (*lockedConn)(nil)
	_ driver.ExecerContext      = (*lockedConn)(nil)
	_ driver.QueryerContext     = (*lockedConn)(nil)
	_ driver.ConnPrepareContext = (*lockedConn)(nil)
	_ driver.SessionResetter    = (*lockedConn)(nil)
	_ driver.Validator          = (*lockedConn)(nil)
	_ driver.Pinger             = (*lockedConn)(nil)
)

// release returns a func that unlocks once, however often it is called.
func (c *lockedConn) release() func() {
	var once sync.Once
	return func() { once.Do(c.lock.unlock) }
}

func (c *lockedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if err := c.lock.lock(ctx); err != nil {
		return nil, err
	}
	unlock := c.release()
	b, ok := c.Conn.(driver.ConnBeginTx)
	if !ok {
		unlock()
		return nil, errors.New("sqlite: driver cannot begin a transaction with a context")
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		unlock()
		return nil, err
	}
	c.inTx.Store(true)
	done := func() {
		c.mu.Lock()
		c.endTx = nil
		c.mu.Unlock()
		c.inTx.Store(false)
		unlock()
	}
	c.mu.Lock()
	c.endTx = done
	c.mu.Unlock()
	return &lockedTx{Tx: tx, done: done}, nil
}

func (c *lockedConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// hold takes the lock for a lone statement; inside a transaction, which
// holds it already, it does nothing.
func (c *lockedConn) hold(ctx context.Context) (func(), error) {
	if c.inTx.Load() {
		return func() {}, nil
	}
	if err := c.lock.lock(ctx); err != nil {
		return nil, err
	}
	return c.release(), nil
}

func (c *lockedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	unlock, err := c.hold(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return e.ExecContext(ctx, query, args)
}

func (c *lockedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	unlock, err := c.hold(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, query, args)
	if err != nil {
		unlock()
		return nil, err
	}
	return &lockedRows{Rows: rows, done: unlock}, nil
}

func (c *lockedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var st driver.Stmt
	var err error
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		st, err = p.PrepareContext(ctx, query)
	} else {
		st, err = c.Conn.Prepare(query)
	}
	if err != nil {
		return nil, err
	}
	return &lockedStmt{Stmt: st, conn: c}, nil
}

func (c *lockedConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *lockedConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *lockedConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *lockedConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

// lockedTx releases the lock when the transaction ends, either way.
type lockedTx struct {
	driver.Tx
	done func()
}

func (t *lockedTx) Commit() error {
	defer t.done()
	return t.Tx.Commit()
}

func (t *lockedTx) Rollback() error {
	defer t.done()
	return t.Tx.Rollback()
}

// lockedRows releases the lock of a lone query when its rows are closed.
type lockedRows struct {
	driver.Rows
	done func()
}

func (r *lockedRows) Close() error {
	defer r.done()
	return r.Rows.Close()
}

// lockedStmt takes the lock when it runs outside a transaction.
type lockedStmt struct {
	driver.Stmt
	conn *lockedConn
}

func (s *lockedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	unlock, err := s.conn.hold(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	e, ok := s.Stmt.(driver.StmtExecContext)
	if !ok {
		return nil, errNoContext
	}
	return e.ExecContext(ctx, args)
}

func (s *lockedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	unlock, err := s.conn.hold(ctx)
	if err != nil {
		return nil, err
	}
	q, ok := s.Stmt.(driver.StmtQueryContext)
	if !ok {
		unlock()
		return nil, errNoContext
	}
	rows, err := q.QueryContext(ctx, args)
	if err != nil {
		unlock()
		return nil, err
	}
	return &lockedRows{Rows: rows, done: unlock}, nil
}

// errNoContext is the answer of a driver without context-aware
// statements (modernc.org/sqlite has them).
var errNoContext = errors.New("sqlite: the driver's statements take no context")
