package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// BenchmarkCreateActivity50 is the save of a support activity with 50
// beneficiaries already reached by their province's activities (the
// write that moves the most reach rollup rows): a central one, which moves
// the union of each beneficiary's province and the centre, and a
// provincial one. It reports the p50 and p95 of the saves. With
// HTXNU_BENCH_DB it writes into that database: use a copy.
func BenchmarkCreateActivity50(b *testing.B) {
	for _, c := range []struct{ name, province string }{{"central", ""}, {"provincial", "01"}} {
		b.Run(c.name, func(b *testing.B) {
			db := benchDB(b)
			ctx := context.Background()
			orgs := reachedOrgs(b, db, c.province)
			latencies(b, func(i int) error {
				a := actTraining(c.province)
				a.StartsOn, a.EndsOn = "2026-02-10", ""
				for j := 0; j < 50; j++ {
					a.Beneficiaries = append(a.Beneficiaries, orgs[(i*50+j*7)%len(orgs)])
				}
				return db.CreateActivity(ctx, coop.System, a)
			})
		})
	}
}

// BenchmarkUpdateActivity50 is the save of a support activity whose 50
// beneficiaries (reached already, as in BenchmarkCreateActivity50) are
// half replaced by others: the activity is created before each timed
// update. With HTXNU_BENCH_DB it writes into that database: use a copy.
func BenchmarkUpdateActivity50(b *testing.B) {
	for _, c := range []struct{ name, province string }{{"central", ""}, {"provincial", "01"}} {
		b.Run(c.name, func(b *testing.B) {
			db := benchDB(b)
			ctx := context.Background()
			orgs := reachedOrgs(b, db, c.province)
			var a *coop.Activity
			latenciesOf(b, func(i int) error {
				a = actTraining(c.province)
				a.StartsOn, a.EndsOn = "2026-02-10", ""
				for j := 0; j < 50; j++ {
					a.Beneficiaries = append(a.Beneficiaries, orgs[(i*50+j*7)%len(orgs)])
				}
				return db.CreateActivity(ctx, coop.System, a)
			}, func(i int) error {
				for j := 0; j < 25; j++ {
					a.Beneficiaries[j] = orgs[(i*50+j*7+3)%len(orgs)]
				}
				return db.UpdateActivity(ctx, coop.System, a)
			})
		})
	}
}

// reachedOrgs returns up to 5,000 current organisations of the province
// (every province: "") already reached by a provincial activity.
func reachedOrgs(b *testing.B, db *store.DB, province string) []int64 {
	b.Helper()
	q := `SELECT DISTINCT r.organisation_id FROM org_reach r JOIN organisations o ON o.id = r.organisation_id
		WHERE r.province <> '' AND o.archived = 0`
	args := []any{}
	if province != "" {
		q, args = q+` AND o.province = $1`, append(args, province)
	}
	rows, err := db.SQL().QueryContext(context.Background(), q+` ORDER BY r.organisation_id LIMIT 5000`, args...)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var orgs []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		orgs = append(orgs, id)
	}
	if len(orgs) < 100 {
		b.Skipf("%d organisations reached: too few", len(orgs))
	}
	return orgs
}

// latencies runs op b.N times and reports the median and the 95th
// percentile latency.
func latencies(b *testing.B, op func(i int) error) {
	b.Helper()
	latenciesOf(b, nil, op)
}

// latenciesOf runs setup (untimed, when not nil) then op b.N times and
// reports the median and the 95th percentile latency of op.
func latenciesOf(b *testing.B, setup, op func(i int) error) {
	b.Helper()
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if setup != nil {
			b.StopTimer()
			if err := setup(i); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		start := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(durs)
	for _, p := range []struct {
		q    int
		unit string
	}{{50, "p50-ms"}, {95, "p95-ms"}} {
		b.ReportMetric(float64(durs[len(durs)*p.q/100].Microseconds())/1000, p.unit)
	}
}
