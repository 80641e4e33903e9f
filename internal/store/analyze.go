package store

import (
	"context"
	"fmt"
)

// Analyze refreshes the statistics the query planner uses. Run it after a
// bulk load: without statistics SQLite plans the correlated subqueries of
// the indicator figures (T1, T2) activity-first and scans every activity
// for each organisation — on the demo, reports compiled 25 times slower.
// PostgreSQL's autovacuum analyses by itself in time; an explicit run (of
// this schema's tables only: a bare ANALYZE would visit every schema of
// the database) makes the figures fast at once.
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
