package store_test

import (
	"context"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// benchDB returns the database to benchmark: the one named by
// HTXNU_BENCH_DB (made beforehand with `htxnu gen`, see docs/performance.md)
// or else a fresh SQLite database with a small generated dataset (20,000
// organisations, 2,000 activities, 100,000 beneficiary links).
func benchDB(b *testing.B) *store.DB {
	b.Helper()
	ctx := context.Background()
	if dsn := os.Getenv("HTXNU_BENCH_DB"); dsn != "" {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		return db
	}
	db := storetest.SQLite(b)
	if err := demo.Generate(ctx, db, 20000, 1, nil); err != nil {
		b.Fatal(err)
	}
	if err := demo.GenerateActivities(ctx, db, 2000, 100000, 1, nil); err != nil {
		b.Fatal(err)
	}
	return db
}

// p95 runs op b.N times and reports the 95th percentile latency.
func p95(b *testing.B, op func(i int) error) {
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
	sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
	b.ReportMetric(float64(durs[len(durs)*95/100].Microseconds())/1000, "p95-ms")
}

var benchQueries = []string{"hop tac xa det", "nong nghiep", "dong tam", "rau an toan", "tho cam", "dich vu", "van tai", "tan phu"}

// BenchmarkListProvinceSearch is the registry list's first page with a
// province filter and an accent-insensitive search, as an officer uses it.
func BenchmarkListProvinceSearch(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	provinces := coop.Provinces()
	p95(b, func(i int) error {
		_, err := db.Organisations(ctx, coop.System, store.OrgFilter{
			Province: provinces[i%len(provinces)].Code, Q: benchQueries[i%len(benchQueries)], PerPage: 25})
		return err
	})
}

// BenchmarkListProvince is the first page of a province's registry.
func BenchmarkListProvince(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	provinces := coop.Provinces()
	p95(b, func(i int) error {
		_, err := db.Organisations(ctx, coop.System, store.OrgFilter{Province: provinces[i%len(provinces)].Code, PerPage: 25})
		return err
	})
}

// BenchmarkCountsRollup reads counts per province from the rollups.
func BenchmarkCountsRollup(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	p95(b, func(int) error {
		_, err := db.Counts(ctx, coop.System, store.CountsFilter{GroupBy: "province"})
		return err
	})
}

// BenchmarkCountsRecompute is the baseline: the same figures aggregated from
// the organisation rows.
func BenchmarkCountsRecompute(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	p95(b, func(int) error {
		_, err := db.RecomputeCounts(ctx, coop.System, store.CountsFilter{GroupBy: "province"})
		return err
	})
}

// benchModels makes sure the database has models on the public showcase:
// when it has no profile at all, it publishes the first 15 active
// organisations with women in management of every province (510 models),
// as the provinces would. It writes to the database named by
// HTXNU_BENCH_DB.
func benchModels(b *testing.B, db *store.DB) {
	b.Helper()
	ctx := context.Background()
	have, err := db.ShowcaseProfiles(ctx, coop.System, store.ShowcaseFilter{PerPage: 1})
	if err != nil {
		b.Fatal(err)
	}
	if have.Total > 0 {
		return
	}
	yes := true
	for _, p := range coop.Provinces() {
		page, err := db.Organisations(ctx, coop.System, store.OrgFilter{Province: p.Code, Status: coop.StatusActive, WomenManaged: &yes, PerPage: 15})
		if err != nil {
			b.Fatal(err)
		}
		for _, o := range page.Items {
			s := &coop.Showcase{OrganisationID: o.ID, ContactPhone: "0207 3822 123",
				Story: o.Name + " do chị em phụ nữ quản lý, tổ chức sản xuất và tiêu thụ chung cho các thành viên, tạo việc làm ổn định cho lao động nữ trong xã."}
			if err := db.SaveShowcase(ctx, coop.System, s); err != nil {
				b.Fatal(err)
			}
			if _, err := db.PublishShowcase(ctx, coop.System, o.ID, s.Version); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkPublicModelsSearch is the public showcase's first page with an
// accent-insensitive search and, every other time, a province filter.
func BenchmarkPublicModelsSearch(b *testing.B) {
	db := benchDB(b)
	benchModels(b, db)
	ctx := context.Background()
	provinces := coop.Provinces()
	p95(b, func(i int) error {
		f := store.PublicFilter{Q: benchQueries[i%len(benchQueries)]}
		if i%2 == 1 {
			f.Province = provinces[i%len(provinces)].Code
		}
		_, err := db.PublicModels(ctx, f)
		return err
	})
}

// BenchmarkPublicModel is one model's public page.
func BenchmarkPublicModel(b *testing.B) {
	db := benchDB(b)
	benchModels(b, db)
	ctx := context.Background()
	page, err := db.PublicModels(ctx, store.PublicFilter{PerPage: 48})
	if err != nil || len(page.Items) == 0 {
		b.Fatalf("no models: %v", err)
	}
	p95(b, func(i int) error {
		_, err := db.PublicModel(ctx, page.Items[i%len(page.Items)].ID)
		return err
	})
}

// BenchmarkPublicHeadlines is the figures of the public home page, from
// the rollups.
func BenchmarkPublicHeadlines(b *testing.B) {
	db := benchDB(b)
	benchModels(b, db)
	ctx := context.Background()
	p95(b, func(int) error {
		_, err := db.PublicHeadlines(ctx)
		return err
	})
}

// The dashboards' figure sets, read live from the rollups, against the same
// figures recomputed from the rows in the same run. Each benchmark reports
// the rollups' p95 and mean (p95-ms, mean-ms), the recomputation's p95
// (recompute-p95-ms, over HTXNU_BENCH_RECOMPUTE runs, default 3) and the
// ratio of the two p95s (speedup).

// dashboardSet returns the figures a dashboard reads for the province ("" for
// the national one), as the actor of that dashboard, from the rollups or
// recomputed from the rows.
func dashboardSet(db *store.DB, province string, recompute bool) func(ctx context.Context) error {
	actor := coop.System
	if province != "" {
		actor = coop.Actor{UserID: 2, Name: "Lãnh đạo tỉnh", Role: coop.RoleProvincialLead, Province: province}
	}
	day := coop.Today()
	year := day[:4] + "-01"
	reach := []store.ReachFilter{{Province: province}, {Province: province, From: year}}
	return func(ctx context.Context) error {
		var err error
		if recompute {
			_, err = db.RecomputeCounts(ctx, actor, store.CountsFilter{Province: province, GroupBy: "province"})
			for _, f := range reach {
				if err == nil {
					_, err = db.RecomputeReachSummary(ctx, actor, f)
				}
			}
		} else {
			_, err = db.Counts(ctx, actor, store.CountsFilter{Province: province, GroupBy: "province"})
			for _, f := range reach {
				if err == nil {
					_, err = db.ReachSummary(ctx, actor, f)
				}
			}
			if err == nil {
				_, err = db.RegistrySeries(ctx, actor, store.SeriesFilter{Province: province})
			}
		}
		// The indicators (as of today, as the report computes them), founding
		// and obstacle counts read their own tables either way.
		if err == nil {
			_, err = db.IndicatorsAsOf(ctx, actor, province, day)
		}
		if err == nil {
			_, err = db.IndicatorsAsOfByProvince(ctx, actor, day)
		}
		if err == nil {
			_, err = db.FoundingCounts(ctx, actor, province)
		}
		if err == nil {
			_, _, _, _, err = db.ObstacleCounts(ctx, actor, province, "", "")
		}
		return err
	}
}

// recomputed keeps the recomputation's figures of each benchmark across the
// runs the testing package makes of it.
var recomputed = map[string][2]time.Duration{}

func benchDashboard(b *testing.B, provincial bool) {
	db := benchDB(b)
	ctx := context.Background()
	provinces := coop.Provinces()
	province := func(i int) string {
		if !provincial {
			return ""
		}
		return provinces[i%len(provinces)].Code
	}
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := dashboardSet(db, province(i), false)(ctx); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(start))
	}
	b.StopTimer()
	p95, mean := quantiles(durs)
	raw, ok := recomputed[b.Name()]
	if !ok {
		n := 3
		if s := os.Getenv("HTXNU_BENCH_RECOMPUTE"); s != "" {
			n, _ = strconv.Atoi(s)
		}
		var rd []time.Duration
		for i := range max(1, n) {
			start := time.Now()
			if err := dashboardSet(db, province(i*7), true)(ctx); err != nil {
				b.Fatal(err)
			}
			rd = append(rd, time.Since(start))
		}
		raw[0], raw[1] = quantiles(rd)
		recomputed[b.Name()] = raw
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(p95), "p95-ms")
	b.ReportMetric(ms(mean), "mean-ms")
	b.ReportMetric(ms(raw[0]), "recompute-p95-ms")
	b.ReportMetric(float64(raw[0])/float64(max(p95, time.Microsecond)), "speedup")
}

// quantiles returns the 95th percentile and the mean of durs.
func quantiles(durs []time.Duration) (p95, mean time.Duration) {
	sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
	var sum time.Duration
	for _, d := range durs {
		sum += d
	}
	return durs[min(len(durs)-1, len(durs)*95/100)], sum / time.Duration(len(durs))
}

// BenchmarkDashboardNational is the national dashboard's figure set: T1–T8
// nationally and by province, counts by province, organisations reached
// (all time and this year, by type and province), founding and obstacle
// counts and the registry series.
func BenchmarkDashboardNational(b *testing.B) { benchDashboard(b, false) }

// BenchmarkDashboardProvince is a provincial dashboard's set, as that
// province's lead sees it, rotating over the 34 provinces.
func BenchmarkDashboardProvince(b *testing.B) { benchDashboard(b, true) }
