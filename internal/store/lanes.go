package store

import (
	"context"
	"database/sql"
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

// quickLaneConns is how many connections the quick lane has.
const quickLaneConns = 2

// lookup is the pool of a request's lookups outside a transaction under
// ctx: a shared computation's are its lane's, like its other reads.
func (db *DB) lookup(ctx context.Context) *sql.DB {
	if db.quick == nil || ctx.Value(sharedLaneKey{}) != nil {
		return db.read(ctx)
	}
	return db.quick
}
