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
//   - after a bulk load (gen), AfterBulkLoad analyses at once, on both
//     databases (on PostgreSQL it also vacuums, which sets the visibility
//     map that index-only scans need); after an import's commit or undo of
//     many records, afterImport analyses the tables its kind writes, just
//     after the transaction (decision 0028);
//   - PostgreSQL's autovacuum analyses by itself as tables change; where an
//     operator switched it off, Optimize (on open and hourly) vacuums and
//     analyses the tables that changed past autovacuum's default thresholds.
//
// The hot read paths are also written so that they do not depend on the
// statistics (see docs/performance.md).

// analysisLimit bounds the rows SQLite's ANALYZE reads per index: enough
// for the planner's estimates, and a few milliseconds at any scale.
const analysisLimit = 1000

// Optimize refreshes the planner's statistics where they are missing or
// stale. On SQLite: PRAGMA optimize over every table, bounded by
// analysis_limit, cheap when nothing changed. On PostgreSQL autovacuum does
// this; where it is switched off, Optimize vacuums and analyses the tables
// that changed as much as autovacuum's default thresholds would act on.
func (db *DB) Optimize(ctx context.Context) error {
	if db.dialect == Postgres {
		return db.pgMaintainStale(ctx)
	}
	// 0x10000: look at every table, not only those this connection used;
	// 0x02: analyse those that need it.
	return db.analyse(ctx, "optimize", `PRAGMA optimize = 0x10002`)
}

// analyse runs stmt on one SQLite connection whose analysis_limit is set
// (what names it in errors).
func (db *DB) analyse(ctx context.Context, what, stmt string) error {
	defer db.writeTurn(ctx)() // it writes the statistics
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
	return db.pgVacuumAll(ctx)
}

// afterImportRows is how many records an import must write (or its undo
// put back) for afterImport to gather statistics at once.
const afterImportRows = 1000

// importTables are the tables an import of each kind writes many rows of
// (the rollups it moves by a few rows are left to autovacuum).
var importTables = map[string][]string{
	ImportOrganisations: {"organisations", "positions", "workforce_snapshots", "ocop_products", "org_trigrams", "manager_spans", "audit_events", "import_records"},
	ImportActivities:    {"activities", "activity_beneficiaries", "activity_costs", "audit_events", "import_records"},
	ImportAttendance:    {"activity_attendance", "audit_events", "import_records"},
}

// afterImport gathers, after an import's commit or undo that wrote at
// least afterImportRows records, fresh statistics for the tables it
// wrote. The next preview reads the organisations a file names by lists
// of ids; on PostgreSQL, with the statistics of before the import, the
// planner scanned whole tables for each list (7.8 s of a 12 s preview of
// 100,000 changes). Autovacuum would analyse them within a minute or so,
// and a person may upload her next file sooner. On SQLite PRAGMA optimize
// does it, bounded by analysis_limit; on PostgreSQL the kind's tables are
// analysed (named, not found from pg_stat_user_tables, whose counts of
// the import's rows may not be published yet).
func (db *DB) afterImport(ctx context.Context, kind string, written int) error {
	if written < afterImportRows {
		return nil
	}
	if db.dialect != Postgres {
		return db.Optimize(ctx)
	}
	for _, t := range importTables[kind] {
		if _, err := db.sql.ExecContext(ctx, `ANALYZE `+t); err != nil {
			return fmt.Errorf("store: analyze %s: %w", t, err)
		}
	}
	return nil
}

// Analyze refreshes the statistics the query planner uses, reading every
// row on SQLite. PostgreSQL's autovacuum analyses by itself in time; an
// explicit run (of this schema's tables only: a bare ANALYZE would visit
// every schema of the database) makes the figures fast at once.
func (db *DB) Analyze(ctx context.Context) error {
	if db.dialect != Postgres {
		if _, err := db.execWrite(ctx, `ANALYZE`); err != nil {
			return fmt.Errorf("store: analyze: %w", err)
		}
		return nil
	}
	return db.pgMaintain(ctx, "ANALYZE", pgSchemaTables)
}

// pgSchemaTables names the tables of the schema in use.
const pgSchemaTables = `SELECT quote_ident(table_name) FROM information_schema.tables
	WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`

// pgVacuumAll vacuums and analyses every table of the schema: after a bulk
// load the statistics are fresh and the visibility map is set, so that
// index-only scans read no rows, whether or not autovacuum runs.
func (db *DB) pgVacuumAll(ctx context.Context) error {
	return db.pgMaintain(ctx, "VACUUM (ANALYZE)", pgSchemaTables)
}

// pgMaintainStale vacuums and analyses, when autovacuum is switched off,
// the tables of the schema that autovacuum would have: never analysed, or
// changed by more than autovacuum's default thresholds since.
func (db *DB) pgMaintainStale(ctx context.Context) error {
	var on string
	if err := db.read(ctx).QueryRowContext(ctx, `SHOW autovacuum`).Scan(&on); err != nil {
		return fmt.Errorf("store: maintain: %w", err)
	}
	if on == "on" {
		return nil
	}
	return db.pgMaintain(ctx, "VACUUM (ANALYZE)", `SELECT quote_ident(relname) FROM pg_stat_user_tables
		WHERE schemaname = current_schema() AND (last_analyze IS NULL AND last_autoanalyze IS NULL AND n_live_tup > 0
			OR n_mod_since_analyze > 50 + 0.1 * n_live_tup OR n_ins_since_vacuum > 1000 + 0.2 * n_live_tup)`)
}

// pgMaintain runs op (ANALYZE, or VACUUM, which no transaction may hold) on
// each table the query names.
func (db *DB) pgMaintain(ctx context.Context, op, tablesQuery string) error {
	tables, err := queryAll(ctx, db, "maintain", tablesQuery, nil, func(s scanner) (string, error) {
		var t string
		return t, s.Scan(&t)
	})
	if err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := db.sql.ExecContext(ctx, op+` `+t); err != nil {
			return fmt.Errorf("store: %s %s: %w", op, t, err)
		}
	}
	return nil
}
