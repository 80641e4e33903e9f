package store_test

import (
	"context"
	"testing"
	"time"

	"htxnu/internal/store/storetest"
)

// TestPostgresMaintenance checks that a bulk load leaves every table of the
// schema vacuumed and analysed (fresh statistics and a visibility map for
// index-only scans), and that where autovacuum is switched off, Optimize
// vacuums a table that grew past autovacuum's thresholds.
func TestPostgresMaintenance(t *testing.T) {
	db := storetest.Postgres(t)
	ctx := context.Background()
	sqldb := db.SQL()
	if err := db.AfterBulkLoad(ctx); err != nil {
		t.Fatal(err)
	}
	var unvacuumed int
	if err := sqldb.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_user_tables
		WHERE schemaname = current_schema() AND (last_vacuum IS NULL OR last_analyze IS NULL)`).Scan(&unvacuumed); err != nil {
		t.Fatal(err)
	}
	if unvacuumed != 0 {
		t.Fatalf("%d tables not vacuumed and analysed after a bulk load", unvacuumed)
	}

	var autovacuum string
	if err := sqldb.QueryRowContext(ctx, `SHOW autovacuum`).Scan(&autovacuum); err != nil {
		t.Fatal(err)
	}
	if autovacuum == "on" {
		t.Log("autovacuum is on: the server keeps the statistics; Optimize leaves them to it")
		return
	}
	if _, err := sqldb.ExecContext(ctx, `CREATE TABLE maintenance_probe (n integer)`); err != nil {
		t.Fatal(err)
	}
	if _, err := sqldb.ExecContext(ctx, `INSERT INTO maintenance_probe SELECT generate_series(1, 5000)`); err != nil {
		t.Fatal(err)
	}
	// The inserting backend reports its counts to the statistics within
	// about a second; Optimize acts once they show the table as stale.
	deadline := time.Now().Add(15 * time.Second)
	for {
		if err := db.Optimize(ctx); err != nil {
			t.Fatal(err)
		}
		var vacuumed bool
		if err := sqldb.QueryRowContext(ctx, `SELECT last_vacuum IS NOT NULL AND last_analyze IS NOT NULL FROM pg_stat_user_tables
			WHERE schemaname = current_schema() AND relname = 'maintenance_probe'`).Scan(&vacuumed); err != nil {
			t.Fatal(err)
		}
		if vacuumed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Optimize did not vacuum a table of 5,000 new rows with autovacuum off")
		}
		time.Sleep(300 * time.Millisecond)
	}
	// A table that did not change since is left alone.
	var before time.Time
	if err := sqldb.QueryRowContext(ctx, `SELECT last_vacuum FROM pg_stat_user_tables
		WHERE schemaname = current_schema() AND relname = 'maintenance_probe'`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	var after time.Time
	if err := sqldb.QueryRowContext(ctx, `SELECT last_vacuum FROM pg_stat_user_tables
		WHERE schemaname = current_schema() AND relname = 'maintenance_probe'`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if !after.Equal(before) {
		t.Fatalf("Optimize vacuumed an unchanged table again (%v, then %v)", before, after)
	}
}
