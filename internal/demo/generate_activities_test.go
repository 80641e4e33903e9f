package demo_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// The activity generator reaches about the links asked, spreads activities
// over the provinces and the centre under plan tasks, and leaves every
// rollup equal to the figures recomputed from the rows.
func TestGenerateActivities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Generate(ctx, db, 3000, 1, nil); err != nil {
			t.Fatal(err)
		}
		const n, links = 600, 15000
		if err := demo.GenerateActivities(ctx, db, n, links, 1, nil); err != nil {
			t.Fatal(err)
		}
		var acts, got, withTask, central, provinces int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*), COUNT(task_id), SUM(CASE WHEN province = '' THEN 1 ELSE 0 END),
			COUNT(DISTINCT province) FROM activities`).Scan(&acts, &withTask, &central, &provinces); err != nil {
			t.Fatal(err)
		}
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM activity_beneficiaries`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d activities (%d central, %d with a task, %d provinces and the centre), %d links", acts, central, withTask, provinces-1, got)
		if acts != n || got < links*95/100 || got > links*105/100 || central == 0 || withTask < n*9/10 || provinces < 30 {
			t.Fatalf("%d activities, %d links, %d central, %d with a task, %d provinces", acts, got, central, withTask, provinces)
		}
		// Every activity of a province reaches organisations of it.
		var strays int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM activity_beneficiaries b JOIN activities a ON a.id = b.activity_id
			JOIN organisations o ON o.id = b.organisation_id WHERE a.province <> '' AND o.province <> a.province`).Scan(&strays); err != nil || strays != 0 {
			t.Fatalf("%d beneficiaries outside their activity's province (%v)", strays, err)
		}
		if diffs, err := db.CheckRollups(ctx, coop.System, false); err != nil || len(diffs) != 0 {
			t.Fatalf("rollups differ from their recomputation: %v %+v", err, diffs)
		}
		fig, err := db.IndicatorsAsOf(ctx, coop.System, "", db.Today())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []string{"T1", "T2", "T3", "T4"} {
			if v := fig.Figures[c].Value; v == nil || *v == 0 {
				x, _ := json.Marshal(fig)
				t.Errorf("%s is zero: %s", c, x)
			}
		}
		for _, f := range []store.ReachFilter{{}, {Province: "08"}, {From: "2025-01", To: "2025-12"}, {Province: "central", Type: "conference"}} {
			a, err := db.ReachSummary(ctx, coop.System, f)
			if err != nil {
				t.Fatal(err)
			}
			b, err := db.RecomputeReachSummary(ctx, coop.System, f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("reach %+v:\n rollup     %+v\n recomputed %+v", f, a.Total, b.Total)
			}
		}
	})
}
