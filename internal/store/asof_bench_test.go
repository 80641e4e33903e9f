package store_test

import (
	"context"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// asofDays are the days the as-of benchmarks ask about: the ends of the
// report windows and of the calendar halves since the Scheme began, and a
// few days inside months.
var asofDays = []string{"2023-06-14", "2023-12-14", "2024-06-30", "2024-12-14", "2025-03-17", "2025-06-14", "2025-12-31",
	"2026-02-28", "2026-06-14", "2026-09-09", "2026-11-30"}

// BenchmarkCountsAsOf reads the registry on a day, active organisations by
// province (the dashboard's national table), from registry_asof.
func BenchmarkCountsAsOf(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	p95(b, func(i int) error {
		_, err := db.CountsAsOf(ctx, coop.System, store.AsOfFilter{Day: asofDays[i%len(asofDays)], Status: coop.StatusActive, GroupBy: "province"})
		return err
	})
}

// BenchmarkCountsAsOfProvince is one province's registry on a day by
// sector, every status (a province's dashboard).
func BenchmarkCountsAsOfProvince(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	provinces := coop.Provinces()
	p95(b, func(i int) error {
		_, err := db.CountsAsOf(ctx, coop.System, store.AsOfFilter{Day: asofDays[i%len(asofDays)], Province: provinces[i%len(provinces)].Code, GroupBy: "sector"})
		return err
	})
}

// BenchmarkCountsAsOfRecompute is the baseline: the same national figures
// recomputed from every organisation's positions, snapshots and status
// changes.
func BenchmarkCountsAsOfRecompute(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	p95(b, func(i int) error {
		_, err := db.RecomputeCountsAsOf(ctx, coop.System, store.AsOfFilter{Day: asofDays[i%len(asofDays)], Status: coop.StatusActive, GroupBy: "province"})
		return err
	})
}
