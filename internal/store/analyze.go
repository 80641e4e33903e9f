package store

import (
	"context"
	"fmt"
)

// Planner statistics are the application's own business: an operator
// should not have to remember to gather them. Without them SQLite plans the
// correlated subqueries of the indicator figures activity-first and scans
// every activity for each organisation (reports compiled 25 times slower on
// the demo; the national report did not answer in minutes at 100,000
// organisations). So:
//
//   - on SQLite, every Open runs PRAGMA optimize over all tables with a
//     bounded analysis (analysis_limit), which gathers statistics for tables
//     that have none or have grown a lot, and Optimize runs it again
//     periodically (serve calls it with its hourly sweep);
//   - after a bulk load (gen, imports), AfterBulkLoad analyses at once, on
//     both databases;
//   - PostgreSQL's autovacuum analyses by itself as tables change.
//
// The hot read paths are also written so that they do not depend on the
// statistics (see docs/performance.md).

// analysisLimit bounds the rows SQLite's ANALYZE reads per index: enough
// for the planner's estimates, and a few milliseconds at any scale.
const analysisLimit = 1000

// Optimize refreshes SQLite's statistics where they are missing or stale
// (PRAGMA optimize over every table, bounded by analysis_limit). It is
// cheap when nothing changed. On PostgreSQL autovacuum does this; Optimize
// does nothing.
func (db *DB) Optimize(ctx context.Context) error {
	if db.dialect == Postgres {
		return nil
	}
	// 0x10000: look at every table, not only those this connection used;
	// 0x02: analyse those that need it.
	return db.analyse(ctx, "optimize", `PRAGMA optimize = 0x10002`)
}

// analyse runs stmt on one SQLite connection whose analysis_limit is set
// (what names it in errors).
func (db *DB) analyse(ctx context.Context, what, stmt string) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	defer conn.Close()
	for _, q := range []string{fmt.Sprintf(`PRAGMA analysis_limit = %d`, analysisLimit), stmt} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: %s: %w", what, err)
		}
	}
	return nil
}

// AfterBulkLoad gathers fresh statistics after many rows were written
// outside the usual one-record writes: the generator, an import. Every
// bulk loader calls it when it is done.
func (db *DB) AfterBulkLoad(ctx context.Context) error {
	if db.dialect != Postgres {
		return db.analyse(ctx, "analyze", `ANALYZE`)
	}
	return db.Analyze(ctx)
}

// Analyze refreshes the statistics the query planner uses, reading every
// row on SQLite. PostgreSQL's autovacuum analyses by itself in time; an
// explicit run (of this schema's tables only: a bare ANALYZE would visit
// every schema of the database) makes the figures fast at once.
func (db *DB) Analyze(ctx context.Context) error {
	if db.dialect != Postgres {
		if _, err := db.sql.ExecContext(ctx, `ANALYZE`); err != nil {
			return fmt.Errorf("store: analyze: %w", err)
		}
		return nil
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT quote_ident(table_name) FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
	if err != nil {
		return fmt.Errorf("store: analyze: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := db.sql.ExecContext(ctx, `ANALYZE `+t); err != nil {
			return fmt.Errorf("store: analyze %s: %w", t, err)
		}
	}
	return nil
}
