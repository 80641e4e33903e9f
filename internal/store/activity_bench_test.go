package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"htxnu/internal/coop"
)

// BenchmarkCreateActivity50 is the save of a support activity with 50
// beneficiaries already reached by their province's activities (the
// write that moves the most reach rollup rows): a central one, which moves
// the union of each beneficiary's province and the centre, and a
// provincial one. It reports the p50 and p95 of the saves. With HTXNU_BENCH_DB it
// writes into that database: use a copy.
func BenchmarkCreateActivity50(b *testing.B) {
	for _, c := range []struct{ name, province string }{{"central", ""}, {"provincial", "01"}} {
		b.Run(c.name, func(b *testing.B) {
			db := benchDB(b)
			ctx := context.Background()
			q := `SELECT DISTINCT r.organisation_id FROM org_reach r JOIN organisations o ON o.id = r.organisation_id
				WHERE r.province <> '' AND o.archived = 0`
			args := []any{}
			if c.province != "" {
				q, args = q+` AND o.province = $1`, append(args, c.province)
			}
			rows, err := db.SQL().QueryContext(ctx, q+` ORDER BY r.organisation_id LIMIT 5000`, args...)
			if err != nil {
				b.Fatal(err)
			}
			var orgs []int64
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					b.Fatal(err)
				}
				orgs = append(orgs, id)
			}
			rows.Close()
			if len(orgs) < 50 {
				b.Skipf("%d organisations reached: too few", len(orgs))
			}
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

// latencies runs op b.N times and reports the median and the 95th
// percentile latency.
func latencies(b *testing.B, op func(i int) error) {
	b.Helper()
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
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
