package store_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// After a large import the planner knows how big the registry has become:
// just after the commit, the statistics of the tables it wrote are
// gathered, so that the next file's preview, which reads organisations by
// lists of ids, is not planned for the registry as it was before.
func TestImportGathersStatistics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const n = 1200
		if got := organisationRowsKnown(t, db); got >= n {
			t.Fatalf("before the import the planner counts %d organisations", got)
		}
		admin := coop.Actor{UserID: 1, Name: "Quản trị", Role: coop.RoleAdmin}
		imp, err := db.NewImportWith(ctx, admin, store.ImportOrganisations, "lon.xlsx", importBenchFile(t, n), store.ImportOptions{Wait: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CommitImportWith(ctx, admin, imp.ID, false, store.ImportOptions{Wait: true}); err != nil {
			t.Fatal(err)
		}
		// They are gathered just after the commit, on a goroutine of their own.
		got := organisationRowsKnown(t, db)
		for deadline := time.Now().Add(15 * time.Second); got < n && time.Now().Before(deadline); got = organisationRowsKnown(t, db) {
			time.Sleep(50 * time.Millisecond)
		}
		if got < n {
			t.Errorf("15 s after importing %d organisations the planner counts %d", n, got)
		}
	})
}

// organisationRowsKnown is the number of organisations the planner's
// statistics give (0 when there are none).
func organisationRowsKnown(t *testing.T, db *store.DB) int {
	t.Helper()
	if db.Dialect() == store.Postgres {
		var n float64
		if err := db.SQL().QueryRow(`SELECT reltuples FROM pg_class WHERE oid = 'organisations'::regclass`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	// Each index's row of sqlite_stat1 begins with the table's row count.
	var n sql.NullInt64
	if err := db.SQL().QueryRow(`SELECT MAX(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = 'organisations'`).Scan(&n); err != nil {
		return 0 // no sqlite_stat1 yet: no statistics
	}
	return int(n.Int64)
}
