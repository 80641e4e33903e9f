package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// TestCheckRollups: on data that went through the write paths the check
// finds nothing and changes nothing; a rollup corrupted by hand is found,
// named, left as it was without repair, and mended with it.
func TestCheckRollups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Generate(ctx, db, 400, 7, nil); err != nil {
			t.Fatal(err)
		}
		if err := demo.GenerateActivities(ctx, db, 30, 300, 7, nil); err != nil {
			t.Fatal(err)
		}
		// A few writes through the store, so that the rollups were moved by
		// deltas and not only rebuilt.
		g := demo.NewGenerator(99, demo.Options{})
		for i := 0; i < 20; i++ {
			o := g.Next()
			if err := db.CreateOrganisation(ctx, coop.System, &o); err != nil {
				t.Fatal(err)
			}
		}
		diffs, err := db.CheckRollups(ctx, coop.System, false)
		if err != nil || len(diffs) != 0 {
			t.Fatalf("clean data: %v %+v", err, diffs)
		}

		sqlDB := db.SQL()
		exec := func(q string) {
			t.Helper()
			if _, err := sqlDB.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		exec(`UPDATE org_rollup SET orgs = orgs + 3 WHERE province = (SELECT MIN(province) FROM org_rollup)`)
		exec(`UPDATE activity_year_rollup SET jobs_women_htx = jobs_women_htx + 11`)
		exec(`DELETE FROM org_support WHERE organisation_id = (SELECT MIN(organisation_id) FROM org_support)`)
		before := snapshot(t, db)

		diffs, err = db.CheckRollups(ctx, coop.System, false)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, d := range diffs {
			got[d.Table] = true
			if !strings.Contains(d.String(), d.Label) || len(d.Samples) == 0 {
				t.Errorf("%s: description %q, samples %v", d.Table, d.String(), d.Samples)
			}
		}
		for _, want := range []string{"org_rollup", "activity_year_rollup", "org_support"} {
			if !got[want] {
				t.Errorf("corrupted %s not found; found %v", want, diffs)
			}
		}
		if len(got) != 3 {
			t.Errorf("found %d tables, want 3: %+v", len(got), diffs)
		}
		if after := snapshot(t, db); after != before {
			t.Fatal("a check without repair changed the rollups")
		}

		if _, err := db.CheckRollups(ctx, coop.Actor{UserID: 5, Role: coop.RoleCentral, Name: "TW"}, true); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Fatalf("repair by a central officer: %v, want EFORBIDDEN", err)
		}
		diffs, err = db.CheckRollups(ctx, coop.System, true)
		if err != nil || len(diffs) != 3 {
			t.Fatalf("repair: %v, %d tables", err, len(diffs))
		}
		diffs, err = db.CheckRollups(ctx, coop.System, false)
		if err != nil || len(diffs) != 0 {
			t.Fatalf("after repair: %v %+v", err, diffs)
		}
		var audited int
		sqlDB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE action = 'repair' AND entity = 'rollups'`).Scan(&audited)
		if audited != 1 {
			t.Errorf("%d audit rows for the repair, want 1", audited)
		}
		if problems, err := db.IntegrityCheck(ctx); err != nil || len(problems) != 0 {
			t.Errorf("integrity: %v %v", err, problems)
		}
	})
}

func snapshot(t *testing.T, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT province, kind, sector, status, orgs FROM org_rollup ORDER BY 1, 2, 3, 4`,
		`SELECT province, type, year, jobs_women_htx FROM activity_year_rollup ORDER BY 1, 2, 3`,
		`SELECT organisation_id, supports FROM org_support ORDER BY 1`,
	} {
		fmt.Fprint(&b, queryStrings(t, db.SQL(), q))
	}
	return b.String()
}

// TestMigrateConcurrently starts migrations of one empty PostgreSQL schema
// from several processes' worth of connections at once: each must succeed
// (without the advisory lock, one failed with a duplicate pg_type key).
func TestMigrateConcurrently(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	ctx := context.Background()
	const n = 4
	var wg sync.WaitGroup
	errs := make([]error, n)
	versions := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := store.Open(ctx, dsn)
			if err != nil {
				errs[i] = err
				return
			}
			defer db.Close()
			versions[i], errs[i] = db.Migrate(ctx)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("instance %d: %v", i, err)
		}
		if versions[i] != versions[0] || versions[i] == 0 {
			t.Errorf("instance %d at schema %d, instance 0 at %d", i, versions[i], versions[0])
		}
	}
}

// TestRuleOfTheWrongFamily: every figure set refuses a women-in-management
// rule given as the high-female-labour rule (and the reverse), instead of
// reading the other family's column.
func TestRuleOfTheWrongFamily(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, f := range []store.CountsFilter{
			{WIMRule: coop.RuleHFLTiers},
			{HFLRule: coop.RuleWIMDefault},
			{WIMRule: "no-such-rule"},
		} {
			if _, err := db.Counts(ctx, coop.System, f); coop.ErrorCode(err) != coop.EINVALID {
				t.Errorf("counts %+v: %v, want EINVALID", f, err)
			}
			if _, err := db.Organisations(ctx, coop.System, store.OrgFilter{WIMRule: f.WIMRule, HFLRule: f.HFLRule}); coop.ErrorCode(err) != coop.EINVALID {
				t.Errorf("list %+v: %v, want EINVALID", f, err)
			}
		}
	})
}
