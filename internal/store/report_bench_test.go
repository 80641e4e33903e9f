package store_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// reportBenchDB returns the database to benchmark reports on: the one named
// by HTXNU_BENCH_DB, or a fresh SQLite database holding the whole
// demonstration (3,000 organisations, plans, activities, founding cases,
// obstacles and reports), as `htxnu serve --demo` loads it.
func reportBenchDB(b *testing.B) *store.DB {
	b.Helper()
	if os.Getenv("HTXNU_BENCH_DB") != "" {
		return benchDB(b)
	}
	ctx := context.Background()
	db := storetest.SQLite(b)
	if _, err := demo.Demo(ctx, db); err != nil {
		b.Fatal(err)
	}
	for _, load := range []func(context.Context, *store.DB) error{demo.Plans, demo.Activities, demo.Founding, demo.Obstacles, demo.Reports} {
		if err := load(ctx, db); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// BenchmarkCompileProvince compiles one province's six-monthly figures, as
// every read of an editable report does.
func BenchmarkCompileProvince(b *testing.B) {
	db := reportBenchDB(b)
	ctx := context.Background()
	provinces := coop.Provinces()
	p95(b, func(i int) error {
		db.ForgetCompilations()
		_, err := db.CompileReport(ctx, coop.System, provinces[i%len(provinces)].Code, "2025-12-15", "2026-06-14")
		return err
	})
}

// BenchmarkCompileNational compiles the 2026 six-monthly figures of every
// province and the centre from the data, as the national table's first
// request after a write does (the consolidation is cached per generation
// of the data; this is its cold cost).
func BenchmarkCompileNational(b *testing.B) {
	db := reportBenchDB(b)
	ctx := context.Background()
	p95(b, func(int) error {
		db.ForgetCompilations()
		_, err := db.CompileReport(ctx, coop.System, "", "2025-12-15", "2026-06-14")
		return err
	})
}

// BenchmarkNationalTable consolidates the 2026 six-monthly figures of the 34
// provinces: approved versions where there are, live figures elsewhere.
func BenchmarkNationalTable(b *testing.B) {
	db := reportBenchDB(b)
	ctx := context.Background()
	p95(b, func(int) error {
		_, err := db.NationalReport(ctx, coop.System, coop.Period{Kind: coop.ReportSixMonthly, Year: 2026})
		return err
	})
}

// BenchmarkReportingRates computes a year's rates over the 34 provinces.
func BenchmarkReportingRates(b *testing.B) {
	db := reportBenchDB(b)
	ctx := context.Background()
	p95(b, func(int) error {
		_, err := db.ReportingRates(ctx, coop.System, store.RatesFilter{Year: 2026})
		return err
	})
}

// BenchmarkSubmitReport resubmits a returned provincial report, as its
// leader does: the province's figures are compiled as of the window's end
// and frozen inside the transaction. Only the submission is timed; the
// centre returns it again between two. On the demonstration dataset, or
// on a database given by HTXNU_BENCH_DB that holds a returned report
// (`htxnu gen --reports`).
func BenchmarkSubmitReport(b *testing.B) {
	db := reportBenchDB(b)
	ctx := context.Background()
	page, err := db.Reports(ctx, coop.System, store.ReportFilter{Province: "provinces", Status: coop.ReportReturned, PerPage: 1})
	if err != nil {
		b.Fatal(err)
	}
	if len(page.Items) == 0 {
		b.Skip("no returned report to submit")
	}
	it := page.Items[0]
	lead := coop.Actor{UserID: 1, Name: "Lãnh đạo tỉnh", Role: coop.RoleProvincialLead, Province: it.Province}
	centre := coop.Actor{UserID: 2, Name: "Cán bộ Trung ương", Role: coop.RoleCentral}
	row := it.RowVersion
	var timed []time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		r, err := db.ResubmitReport(ctx, lead, it.ID, row)
		if err != nil {
			b.Fatal(err)
		}
		timed = append(timed, time.Since(start))
		b.StopTimer()
		if r, err = db.ReturnReport(ctx, centre, it.ID, r.RowVersion, "Đề nghị bổ sung số liệu."); err != nil {
			b.Fatal(err)
		}
		row = r.RowVersion
		b.StartTimer()
	}
	b.StopTimer()
	slices.Sort(timed)
	b.ReportMetric(float64(timed[len(timed)*95/100].Microseconds())/1000, "p95-ms")
}
