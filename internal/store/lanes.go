package store

import (
	"context"
	"database/sql"
	"time"
)

// The shared computations — a dashboard's figures, the national report —
// are computed once and served to every reader waiting for them
// (the web package's render cache). On reporting day two hundred requests
// queue for the connections of the pool; a shared computation queued
// behind them made a hundred readers wait with it. Its reads take their
// own few connections instead: the shared lane, which only the shared
// computations use, so that they wait for one another and never for the
// queue of single requests. Writes and transactions always use the main
// pool.

// sharedLaneConns is how many connections the shared lane has: on
// SQLite, eight (with four, the slowest 1 % of dashboards on reporting day
// waited for one: docs/performance.md); on PostgreSQL four, as measured.
const (
	sharedLaneConns       = 4
	sqliteSharedLaneConns = 8
)

// sqliteMainConns is how many connections SQLite's main pool has: the
// requests' reads and the writer's (which takes turns, DB.writeTurn).
const sqliteMainConns = 6

type sharedLaneKey struct{}

// SharedLane marks ctx as a shared computation's: the store's reads under
// it use the shared lane's connections.
func SharedLane(ctx context.Context) context.Context {
	return context.WithValue(ctx, sharedLaneKey{}, true)
}

// read is the pool a read outside a transaction uses under ctx.
func (db *DB) read(ctx context.Context) *sql.DB {
	if db.shared != nil && ctx.Value(sharedLaneKey{}) != nil {
		return db.shared
	}
	return db.sql
}

// Every request looks up its credential, and a page kept by the render
// cache the generation it is kept at, before anything else: one read of
// an index each. In the pool's queue they waited as long as the heaviest
// request before them, so that a page served from the cache took as long
// as one computed. They take the quick lane instead: a few connections of
// their own, which only these lookups use.

// quickLaneConns is how many connections the quick lane has: on
// PostgreSQL two; on SQLite eight, where a lookup runs on the request's own
// goroutine: when two hundred requests arrive at once, two connections
// held by goroutines waiting among hundreds for a processor made the
// lookups of every request wait (the slowest 1 % of reporting day's
// dashboards, docs/performance.md).
const (
	quickLaneConns       = 2
	sqliteQuickLaneConns = 8
)

// lookup is the pool of a request's lookups outside a transaction under
// ctx: a shared computation's are its lane's, like its other reads.
func (db *DB) lookup(ctx context.Context) *sql.DB {
	if db.quick == nil || ctx.Value(sharedLaneKey{}) != nil {
		return db.read(ctx)
	}
	return db.quick
}

// SQLite has one writer at a time. Its writers used to wait for one another
// inside SQLite (busy_timeout), each holding a connection of the main pool
// while it slept between tries: on reporting day the reads queued behind
// them for a connection, and a writer woke up to a millisecond or more
// after the lock was free. They take turns in the process instead, in the
// order they came, before they take a connection: the writer's turn
// (DB.turn, one place). A writer that waits longer than SQLite would have
// (sqliteBusyWait) goes on without it, as before, and SQLite's own lock
// still decides. PostgreSQL's writers need no turn.
const sqliteBusyWait = 10 * time.Second

// writeTurn waits for the writer's turn and returns the function that
// hands it on; on PostgreSQL it does nothing.
func (db *DB) writeTurn(ctx context.Context) (release func()) {
	if db.turn == nil {
		return func() {}
	}
	t := time.NewTimer(sqliteBusyWait)
	defer t.Stop()
	select {
	case db.turn <- struct{}{}:
		return func() { <-db.turn }
	case <-ctx.Done():
	case <-t.C:
	}
	return func() {}
}

// execWrite runs q, a write outside a transaction, on the main pool in the
// writer's turn: on SQLite a write outside the turn would wait in SQLite's
// busy handler while the writers taking turns pass it one after another.
func (db *DB) execWrite(ctx context.Context, q string, args ...any) (sql.Result, error) {
	defer db.writeTurn(ctx)()
	return db.sql.ExecContext(ctx, db.rebind(q), args...)
}
