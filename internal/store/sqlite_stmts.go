package store

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"
)

// SQLite's driver prepares every query it is given afresh and finalizes
// it after: parsing and planning the same few hundred statements again on
// every request was a seventh of the server's CPU on reporting day. Each
// connection here keeps its most recent statements prepared (SQLite
// re-prepares one by itself when the schema or the statistics change) and
// runs a query it has seen through the kept statement, reset after use.
//
// A kept statement serves one query at a time: while its rows are open (a
// query nested inside the loop over another's rows, with the same text),
// the connection prepares the query afresh, as before. Long texts (lists
// of ids written into the statement) are never kept: they rarely repeat.

// stmtCacheSize is how many statements a connection keeps.
const stmtCacheSize = 256

// stmtCacheMaxText is the longest statement text kept.
const stmtCacheMaxText = 4096

// stmtConnector opens the driver's connections and wraps each in a
// stmtConn.
type stmtConnector struct {
	drv driver.Driver
	dsn string
}

func (c *stmtConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return newStmtConn(conn)
}

func (c *stmtConnector) Driver() driver.Driver { return c.drv }

// sqliteConn is what the driver's connections offer database/sql.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// stmtConn is a connection with its kept statements. database/sql uses a
// connection from one goroutine at a time, so it needs no lock.
type stmtConn struct {
	sqliteConn
	kept  map[string]*list.Element // of *keptStmt
	order *list.List               // most recently used first
}

type keptStmt struct {
	query string
	stmt  driver.Stmt
	busy  bool // its rows are open
}

// stmtQuerier is a prepared statement of the driver.
type stmtQuerier interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

func newStmtConn(conn driver.Conn) (driver.Conn, error) {
	c, ok := conn.(sqliteConn)
	if !ok {
		conn.Close()
		return nil, errors.New("store: the sqlite driver's connection lacks an interface")
	}
	return &stmtConn{sqliteConn: c, kept: map[string]*list.Element{}, order: list.New()}, nil
}

// statement returns the kept statement of query, preparing and keeping it
// when it is not kept yet; nil when the query is not to be kept or its
// statement is in use.
func (c *stmtConn) statement(ctx context.Context, query string) (*keptStmt, error) {
	if len(query) > stmtCacheMaxText {
		return nil, nil
	}
	if e, ok := c.kept[query]; ok {
		k := e.Value.(*keptStmt)
		if k.busy {
			return nil, nil
		}
		c.order.MoveToFront(e)
		return k, nil
	}
	s, err := c.sqliteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if _, ok := s.(stmtQuerier); !ok {
		s.Close()
		return nil, nil
	}
	k := &keptStmt{query: query, stmt: s}
	c.kept[query] = c.order.PushFront(k)
	for c.order.Len() > stmtCacheSize {
		c.drop(c.order.Back())
	}
	return k, nil
}

// drop finalizes a kept statement, unless its rows are still open: then
// their Close finalizes it.
func (c *stmtConn) drop(e *list.Element) {
	k := e.Value.(*keptStmt)
	c.order.Remove(e)
	delete(c.kept, k.query)
	if !k.busy {
		k.stmt.Close()
	}
}

func (c *stmtConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	k, err := c.statement(ctx, query)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return c.sqliteConn.QueryContext(ctx, query, args)
	}
	rows, err := k.stmt.(stmtQuerier).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	k.busy = true
	return &keptRows{Rows: rows, conn: c, k: k}, nil
}

func (c *stmtConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	k, err := c.statement(ctx, query)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return c.sqliteConn.ExecContext(ctx, query, args)
	}
	return k.stmt.(stmtQuerier).ExecContext(ctx, args)
}

// Close finalizes the kept statements, then closes the connection.
func (c *stmtConn) Close() error {
	for c.order.Len() > 0 {
		c.drop(c.order.Front())
	}
	return c.sqliteConn.Close()
}

// keptRows are the rows of a kept statement: closing them resets the
// statement for the next query (the driver does that) and frees it.
type keptRows struct {
	driver.Rows
	conn *stmtConn
	k    *keptStmt
}

func (r *keptRows) Close() error {
	err := r.Rows.Close()
	r.k.busy = false
	if e, ok := r.conn.kept[r.k.query]; !ok || e.Value.(*keptStmt) != r.k {
		// Dropped while the rows were open.
		r.k.stmt.Close()
	}
	return err
}
