package store_test

import (
	"context"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// TestActivityWriteStatementsDoNotGrowWithBeneficiaries: saving an activity
// runs as many statements for 60 beneficiaries as for 5 (give or take the
// few that only run when something is to be deleted or inserted), where
// each beneficiary used to cost a dozen statements of its own; with more
// beneficiaries than one statement binds (over 500) the rows are written
// in chunks. The kept tables stay as `htxnu check` recomputes them.
func TestActivityWriteStatementsDoNotGrowWithBeneficiaries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Generate(ctx, db, 700, 11, nil); err != nil {
			t.Fatal(err)
		}
		if err := demo.GenerateActivities(ctx, db, 40, 600, 11, nil); err != nil {
			t.Fatal(err)
		}
		rows, err := db.SQL().QueryContext(ctx, `SELECT id FROM organisations WHERE archived = 0 ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		var orgs []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			orgs = append(orgs, id)
		}
		rows.Close()
		if len(orgs) < 520 {
			t.Fatalf("%d current organisations: too few", len(orgs))
		}
		// A central training (any province's organisations), on a day
		// after the generated ones and on one before most of them, so that
		// the indicator rows move too.
		for _, day := range []string{"2026-02-10", "2023-02-01"} {
			few, many := actTraining("", orgs[:5]...), actTraining("", orgs[5:65]...)
			few.StartsOn, few.EndsOn, many.StartsOn, many.EndsOn = day, "", day, ""
			n5, err := db.CreateActivityCounted(ctx, coop.System, few)
			if err != nil {
				t.Fatal(err)
			}
			n60, err := db.CreateActivityCounted(ctx, coop.System, many)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: create with 5 beneficiaries %d statements, with 60 %d", day, n5, n60)
			if n60 > n5+4 {
				t.Errorf("%s: creating with 60 beneficiaries ran %d statements, with 5 %d: the cost grows with the beneficiaries", day, n60, n5)
			}
			// Replace the beneficiaries: half kept, half new.
			few.Beneficiaries = append(append([]int64{}, orgs[2:5]...), orgs[100:102]...)
			many.Beneficiaries = append(append([]int64{}, orgs[35:65]...), orgs[200:230]...)
			u5, err := db.UpdateActivityCounted(ctx, coop.System, few)
			if err != nil {
				t.Fatal(err)
			}
			u60, err := db.UpdateActivityCounted(ctx, coop.System, many)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: update of 5 beneficiaries %d statements, of 60 %d", day, u5, u60)
			if u60 > u5+4 {
				t.Errorf("%s: updating 60 beneficiaries ran %d statements, 5 %d: the cost grows with the beneficiaries", day, u60, u5)
			}
			if _, err := db.ArchiveActivity(ctx, coop.System, few.ID, few.Version); err != nil {
				t.Fatal(err)
			}
		}
		// More beneficiaries than one statement binds.
		all := actTraining("", orgs...)
		all.StartsOn, all.EndsOn = "2025-12-20", ""
		if err := db.CreateActivity(ctx, coop.System, all); err != nil {
			t.Fatal(err)
		}
		got, err := db.Activity(ctx, coop.System, all.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.BeneficiaryCount != len(orgs) {
			t.Errorf("%d beneficiaries saved, want %d", got.BeneficiaryCount, len(orgs))
		}
		all.Beneficiaries = orgs[len(orgs)-510:]
		if err := db.UpdateActivity(ctx, coop.System, all); err != nil {
			t.Fatal(err)
		}
		diffs, err := db.CheckRollups(ctx, coop.System, false)
		if err != nil || len(diffs) != 0 {
			t.Fatalf("kept tables differ from their recomputation: %v %+v", err, diffs)
		}
	})
}
