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
	have, err := db.Reports(ctx, coop.System, store.ReportFilter{PerPage: 1})
	if err != nil {
		return err
	}
	if have.Total > 0 {
		return nil
	}
	// The data were just loaded in bulk: statistics before compiling.
	if err := db.AfterBulkLoad(ctx); err != nil {
		return err
	}
	annual := coop.Period{Kind: coop.ReportAnnual, Year: 2025}
	six := coop.Period{Kind: coop.ReportSixMonthly, Year: 2026}
	for i, p := range coop.Provinces() {
		plan := reportPlan{sent: -(i % 3), approve: true}
		switch i % 10 {
		case 6, 7:
			plan.sent = 3 + i%9
		case 8:
			plan = reportPlan{sent: 0, returned: true, resubmit: true, approve: true, comment: demoComments[3]}
		case 9:
			plan = reportPlan{sent: 999}
		}
		if err := demoReport(ctx, db, i, p, annual, plan); err != nil {
			return err
		}
		plan = []reportPlan{
			{sent: -1, approve: true},
			{sent: 4 + i%5, approve: true},
			{sent: 0},
			{sent: -2, approve: true},
			{sent: 0, returned: true, comment: demoComments[i%3]},
			{sent: 999, draftOnly: true},
			{sent: 999},
			{sent: 1, returned: true, resubmit: true, approve: true, comment: demoComments[(i+1)%3]},
			{sent: 120 + i},
		}[i%9]
		if err := demoReport(ctx, db, i, p, six, plan); err != nil {
			return err
		}
	}
	return nil
}
