package demo_test

import (
	"context"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

func TestDemoReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallRegistry(t, db)
		if err := demo.Activities(ctx, db); err != nil {
			t.Fatal(err)
		}
		if err := demo.Reports(ctx, db); err != nil {
			t.Fatal(err)
		}
		all, err := db.Reports(ctx, coop.System, store.ReportFilter{PerPage: 1})
		if err != nil {
			t.Fatal(err)
		}

		// The 2025 annual reports: most approved, some late, three missing.
		rates, err := db.ReportingRates(ctx, coop.System, store.RatesFilter{Year: 2025, Kind: coop.ReportAnnual})
		if err != nil {
			t.Fatal(err)
		}
		a := rates.Periods[0].RateCounts
		if a.Expected != 34 || a.Submitted != 31 || a.OnTime != 25 || a.Late != 6 || a.Approved != 31 || a.Missing != 3 {
			t.Errorf("2025 annual: %+v", a)
		}
		phase, err := db.Reports(ctx, coop.System, store.ReportFilter{Kind: coop.ReportPhase})
		if err != nil || phase.ByStatus[coop.ReportApproved] != 12 || phase.ByStatus[coop.ReportSubmitted] == 0 {
			t.Errorf("phase reviews: %v %v", err, phase.ByStatus)
		}

		// The 2026 six-monthly reports in every state.
		six, err := db.Reports(ctx, coop.System, store.ReportFilter{Kind: coop.ReportSixMonthly, Year: 2026, Province: ""})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{coop.ReportApproved: 15, coop.ReportSubmitted: 6, coop.ReportReturned: 5, coop.ReportDraft: 4 + 1}
		for s, n := range want {
			if six.ByStatus[s] != n {
				t.Errorf("2026 six-monthly %s: %d, want %d (%v)", s, six.ByStatus[s], n, six.ByStatus)
			}
		}
		cal, err := db.ReportCalendar(ctx, coop.System, 2026)
		if err != nil {
			t.Fatal(err)
		}
		notStarted := 0
		for _, e := range cal {
			if e.Kind == coop.ReportSixMonthly && e.Status == store.ReportNotStarted {
				notStarted++
			}
		}
		if notStarted != 4 {
			t.Errorf("%d six-monthly reports not started", notStarted)
		}

		// Tuyên Quang's is returned with the comment on its jobs figure.
		tq, err := db.Reports(ctx, coop.Actor{Role: coop.RoleProvincial, Province: "08"}, store.ReportFilter{Kind: coop.ReportSixMonthly, Year: 2026})
		if err != nil || tq.Total != 1 {
			t.Fatalf("Tuyên Quang: %v %+v", err, tq)
		}
		d, err := db.Report(ctx, coop.Actor{Role: coop.RoleProvincialLead, Province: "08"}, tq.Items[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != coop.ReportReturned || len(d.Comments) != 1 || d.Comments[0].AnchorKey != "jobs.htx" || d.Comments[0].Body != demo.Journey5Comment ||
			d.Meta.SignerName != "Hoàng Văn Minh" || d.Narrative[coop.SectionResults] == "" || !d.Editable {
			t.Errorf("Tuyên Quang's report: %s, comments %+v", d.Status, d.Comments)
		}
		if j := figureValue(d.Figures, "jobs.htx"); j < 50 {
			t.Errorf("Tuyên Quang's jobs figure %d: the fair's 25 jobs are counted twice", j)
		}
		if d.OnTime == nil || !*d.OnTime {
			t.Error("Tuyên Quang's report was sent on time")
		}

		// The national reports: 2025 issued, 2026 in draft.
		nat, err := db.Reports(ctx, coop.System, store.ReportFilter{Province: store.ProvinceNational})
		if err != nil || nat.Total != 2 || nat.ByStatus[coop.ReportApproved] != 1 || nat.ByStatus[coop.ReportDraft] != 1 {
			t.Errorf("national reports: %v %+v", err, nat.ByStatus)
		}
		table, err := db.NationalReport(ctx, coop.System, coop.Period{Kind: coop.ReportAnnual, Year: 2025})
		if err != nil || table.Source != "frozen" || table.Consolidation.Approved != 31 {
			t.Errorf("2025 national table: %v %s %d approved", err, table.Source, table.Consolidation.Approved)
		}

		// Idempotent.
		if err := demo.Reports(ctx, db); err != nil {
			t.Fatal(err)
		}
		again, _ := db.Reports(ctx, coop.System, store.ReportFilter{PerPage: 1})
		if again.Total != all.Total {
			t.Errorf("%d reports after a second run, %d before", again.Total, all.Total)
		}
	})
}

func figureValue(figs []coop.Figure, key string) int64 {
	for _, f := range figs {
		if f.Key == key {
			return f.Effective()
		}
	}
	return -1
}
