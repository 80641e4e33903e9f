package store_test

import (
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// A report's activities and spending — whole months from activity_rollup
// and activity_cost_rollup, the other days from the rows — equal the sums
// over the window's current activities and their costs, for one province
// and the country, over windows of days, of whole months and across years,
// after activities are moved, change province and costs, and are archived;
// activity_cost_rollup equals its rebuild, and a lost row is found.
func TestCompiledActivitiesAndSpendingFromMonths(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRuleWorld(t, db)
		var acts []*coop.Activity
		for i, c := range []struct{ typ, province, on string }{
			{coop.ActivityTraining, "08", "2025-12-14"}, {coop.ActivityTraining, "08", "2025-12-15"}, {"conference", "08", "2026-01-31"},
			{coop.ActivityCapital, "08", "2026-03-01"}, {coop.ActivityTraining, "01", "2026-05-31"}, {"conference", "", "2026-06-14"},
			{coop.ActivityTraining, "08", "2026-06-15"}, {"conference", "01", "2026-12-01"},
		} {
			a := reportActivity(t, db, c.typ, c.province, c.on, int64(10+i), int64(5+i))
			acts = append(acts, a)
		}
		windows := [][2]string{{"2025-12-15", "2026-06-14"}, {"2025-12-15", "2026-12-14"}, {"2026-01-01", "2026-05-31"},
			{"2026-03-01", "2026-03-01"}, {"2025-12-14", "2026-01-31"}, {"2026-02-02", "2026-06-15"}}
		same := func(step string) {
			t.Helper()
			for _, win := range windows {
				for _, p := range []string{"08", ""} {
					db.ForgetCompilations()
					c, err := db.CompileReport(w.ctx, coop.System, p, win[0], win[1])
					if err != nil {
						t.Fatal(err)
					}
					want := activitySums(t, db, p, win[0], win[1])
					for _, f := range c.Figures {
						if v, ok := want[f.Key]; ok && f.Value != v {
							t.Errorf("%s: %q %s–%s: %s = %d, want %d", step, p, win[0], win[1], f.Key, f.Value, v)
						}
					}
				}
			}
			if diffs, err := db.CheckRollups(w.ctx, coop.System, false); err != nil || len(diffs) != 0 {
				t.Errorf("%s: check: %v %+v", step, err, diffs)
			}
		}
		same("created")
		changeActivity(t, w, acts[2].ID, func(a *coop.Activity) {
			a.StartsOn, a.Costs = "2026-06-01", []coop.Cost{{Source: "central_budget", Amount: 7_000_000}, {Source: "local_budget", Amount: 3_000_000}}
		})
		same("moved to the window's last days, other costs")
		changeActivity(t, w, acts[4].ID, func(a *coop.Activity) { a.Province, a.StartsOn = "08", "2026-04-10" })
		same("another province")
		archiveActivity(t, w, acts[1].ID)
		same("archived")
		if _, err := db.SQL().ExecContext(w.ctx, `DELETE FROM activity_cost_rollup WHERE period = '2026-04'`); err != nil {
			t.Fatal(err)
		}
		if diffs, err := db.CheckRollups(w.ctx, coop.System, false); err != nil || len(diffs) != 1 || diffs[0].Table != "activity_cost_rollup" {
			t.Fatalf("check after losing a row: %v %+v", err, diffs)
		}
	})
}

// activitySums computes a report's activity and spending figures over the
// window from the current activities and their costs, for the province
// ("" for the country).
func activitySums(t *testing.T, db *store.DB, province, from, to string) map[string]int64 {
	t.Helper()
	cond, args := "a.archived = 0 AND a.starts_on >= $1 AND a.starts_on <= $2", []any{from, to}
	if province != "" {
		cond, args = cond+" AND a.province = $3", append(args, province)
	}
	granted := "a.type = 'capital' AND a.loan_status IN ('approved', 'disbursed', 'repaid')"
	out := map[string]int64{}
	var n [9]int64
	err := db.SQL().QueryRowContext(t.Context(), `SELECT COUNT(*), COALESCE(SUM(a.participants_total), 0), COALESCE(SUM(a.participants_female), 0),
		COALESCE(SUM(CASE WHEN a.type = 'training' THEN 1 ELSE 0 END), 0), COALESCE(SUM(a.managers_trained_female), 0),
		COALESCE(SUM(a.jobs_women_htx), 0), COALESCE(SUM(a.jobs_women_tht), 0),
		COALESCE(SUM(CASE WHEN `+granted+` THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN `+granted+` THEN a.loan_amount ELSE 0 END), 0)
		FROM activities a WHERE `+cond, args...).Scan(&n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6], &n[7], &n[8])
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range []string{"activities.total.count", "activities.total.participants_total", "activities.total.participants_female",
		"training.courses", "training.managers_trained_female", "jobs.htx", "jobs.tht", "loans.count", "loans.amount"} {
		out[k] = n[i]
	}
	for _, s := range coop.FundingSources {
		out["spending."+s.Code] = 0
	}
	rows, err := db.SQL().QueryContext(t.Context(), `SELECT c.source, c.amount FROM activities a JOIN activity_costs c ON c.activity_id = a.id WHERE `+cond, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var src string
		var amount int64
		if err := rows.Scan(&src, &amount); err != nil {
			t.Fatal(err)
		}
		out["spending."+src] += amount
		out["spending.total"] += amount
	}
	return out
}
