package store_test

import (
	"maps"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// T3 and T4 under the activities rule, read from report_jobs, equal their
// computation from the activities and their links, and report_jobs its
// rebuild, after activities with jobs are created with and without
// beneficiaries, marked additional, given another first beneficiary,
// moved, emptied of jobs, archived.
func TestReportJobsEqualsRecomputation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRuleWorld(t, db)
		orgs := reachOrgs(t, w, "Tổ hợp tác việc làm ", "08", "08", "08", "01")
		jobs := func(province, on string, htx, tht int64, additional bool, reached ...int64) *coop.Activity {
			t.Helper()
			a := &coop.Activity{Type: "market_linkage", Title: "Kết nối việc làm " + on, Province: province, StartsOn: on,
				Beneficiaries: reached, JobsWomenHTX: htx, JobsWomenTHT: tht, JobsAdditional: additional}
			if err := db.CreateActivity(w.ctx, coop.System, a); err != nil {
				t.Fatalf("activity %s: %v", on, err)
			}
			return a
		}
		same := func(step string) {
			t.Helper()
			for _, only := range []string{"", "08", "01"} {
				for _, day := range []string{"2023-06-30", "2025-06-14", "2026-03-01", "2026-06-20"} {
					kept, recomputed, err := db.JobsBoth(w.ctx, only, day)
					if err != nil {
						t.Fatal(err)
					}
					if !maps.Equal(kept, recomputed) {
						t.Errorf("%s: T3, T4 of %q on %s: read %v, computed %v", step, only, day, kept, recomputed)
					}
				}
			}
			diffs, err := db.CheckRollups(w.ctx, coop.System, false)
			if err != nil || len(diffs) != 0 {
				t.Errorf("%s: check: %v %+v", step, err, diffs)
			}
		}
		a := jobs("08", "2025-03-01", 5, 2, false, orgs[1], orgs[0])
		jobs("08", "2025-04-01", 3, 4, false, orgs[0]) // the same organisation and half: the largest counts
		b := jobs("08", "2025-05-01", 7, 0, false)     // without beneficiaries
		jobs("08", "2025-05-02", 2, 1, true, orgs[0])  // additional
		c := jobs("01", "2026-02-01", 4, 4, false, orgs[3])
		jobs("", "2026-01-10", 6, 0, false, orgs[2]) // the centre's
		same("created")
		kept, _, err := db.JobsBoth(w.ctx, "08", "2025-06-14")
		if err != nil {
			t.Fatal(err)
		}
		if got := kept["08"]; got != [2]int64{5 + 7 + 2, 4 + 1} {
			t.Errorf("T3, T4 of 08 = %v, want [14 5]", got)
		}
		change := func(x *coop.Activity, f func(*coop.Activity)) { t.Helper(); changeActivity(t, w, x.ID, f) }
		change(a, func(x *coop.Activity) { x.Beneficiaries = []int64{orgs[1], orgs[2]} })
		same("another first beneficiary")
		change(b, func(x *coop.Activity) { x.StartsOn, x.Beneficiaries = "2025-09-01", []int64{orgs[0]} })
		same("moved, given a beneficiary")
		change(c, func(x *coop.Activity) { x.JobsWomenHTX, x.JobsWomenTHT = 0, 0 })
		same("emptied of jobs")
		archiveActivity(t, w, a.ID)
		same("archived")
	})
}
