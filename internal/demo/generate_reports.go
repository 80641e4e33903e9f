package demo

import (
	"context"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// GenerateReports opens the provinces' reports over generated data, the way
// Reports does for the demonstration, so the national report of a
// generated dataset has provinces in every state: the 2025 annual reports
// (most approved, some late, one corrected, a few never sent) and the 2026
// six-monthly reports approved, approved late, submitted, returned, in
// draft, never opened, and returned, corrected and approved. Each step goes
// through the store (compilation, submission, review), so the figures
// frozen in approved versions are those of the data. It does nothing once
// any report exists.
func GenerateReports(ctx context.Context, db *store.DB) error {
	if done, err := anyReport(ctx, db); done || err != nil {
		return err
	}
	// The data were just loaded in bulk: statistics before compiling.
	if err := db.AfterBulkLoad(ctx); err != nil {
		return err
	}
	annual := coop.Period{Kind: coop.ReportAnnual, Year: 2025}
	six := coop.Period{Kind: coop.ReportSixMonthly, Year: 2026}
	for i, p := range coop.Provinces() {
		if err := demoReport(ctx, db, i, p, annual, annualPlan(i)); err != nil {
			return err
		}
		if err := demoReport(ctx, db, i, p, six, sixMonthlyPlan(i)); err != nil {
			return err
		}
	}
	return nil
}
