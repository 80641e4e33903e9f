package store_test

import (
	"context"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// actAssertTotals checks the activity list's count and sums, which come
// from the rollups for whole months and from the rows otherwise, against
// the activity rows.
func actAssertTotals(t *testing.T, db *store.DB, at string) {
	t.Helper()
	ctx := context.Background()
	officer := coop.Actor{Role: coop.RoleProvincial, Province: "08"}
	for _, c := range []struct {
		actor coop.Actor
		f     store.ActivityFilter
		where string
		args  []any
	}{
		{coop.System, store.ActivityFilter{}, "1 = 1", nil},
		{coop.System, store.ActivityFilter{Province: "08"}, "province = ?", []any{"08"}},
		{coop.System, store.ActivityFilter{Province: "central"}, "province = ''", nil},
		{coop.System, store.ActivityFilter{Type: coop.ActivityCapital}, "type = ?", []any{coop.ActivityCapital}},
		// Whole months (from the rollups), and days (from the rows).
		{coop.System, store.ActivityFilter{From: "2024-12-01", To: "2025-01-31"}, "starts_on BETWEEN '2024-12-01' AND '2025-01-31'", nil},
		{coop.System, store.ActivityFilter{From: "2025-01-01", To: "2025-12-31"}, "starts_on BETWEEN '2025-01-01' AND '2025-12-31'", nil},
		{coop.System, store.ActivityFilter{From: "2024-12-10"}, "starts_on >= '2024-12-10'", nil},
		{coop.System, store.ActivityFilter{To: "2024-12-30"}, "starts_on <= '2024-12-30'", nil},
		{officer, store.ActivityFilter{}, "province IN ('08', '')", nil},
		{officer, store.ActivityFilter{Province: "08", To: "2024-11-30"}, "province = '08' AND starts_on <= '2024-11-30'", nil},
		{officer, store.ActivityFilter{Province: "01"}, "1 = 0", nil},
	} {
		got, err := db.Activities(ctx, c.actor, c.f)
		if err != nil {
			t.Fatal(err)
		}
		var want store.ActivityPage
		q := `SELECT COUNT(*), COALESCE(SUM(participants_total), 0), COALESCE(SUM(participants_female), 0),
			COALESCE(SUM(jobs_women_htx), 0), COALESCE(SUM(jobs_women_tht), 0),
			COALESCE(SUM(CASE WHEN type = 'capital' AND loan_status IN ('approved', 'disbursed', 'repaid') THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN type = 'capital' AND loan_status IN ('approved', 'disbursed', 'repaid') THEN loan_amount ELSE 0 END), 0)
			FROM activities WHERE archived = 0 AND ` + c.where
		if db.Dialect() == store.Postgres {
			q = rebindTest(q)
		}
		if err := db.SQL().QueryRowContext(ctx, q, c.args...).Scan(&want.Total, &want.ParticipantsTotal, &want.ParticipantsFemale,
			&want.JobsWomenHTX, &want.JobsWomenTHT, &want.Loans, &want.LoanAmount); err != nil {
			t.Fatal(err)
		}
		if got.Total != want.Total || got.ParticipantsTotal != want.ParticipantsTotal || got.ParticipantsFemale != want.ParticipantsFemale ||
			got.JobsWomenHTX != want.JobsWomenHTX || got.JobsWomenTHT != want.JobsWomenTHT || got.Loans != want.Loans || got.LoanAmount != want.LoanAmount {
			t.Fatalf("after %s, activities %+v as %s: totals %d %d/%d jobs %d/%d loans %d %d, rows give %d %d/%d jobs %d/%d loans %d %d", at, c.f, c.actor.Role,
				got.Total, got.ParticipantsTotal, got.ParticipantsFemale, got.JobsWomenHTX, got.JobsWomenTHT, got.Loans, got.LoanAmount,
				want.Total, want.ParticipantsTotal, want.ParticipantsFemale, want.JobsWomenHTX, want.JobsWomenTHT, want.Loans, want.LoanAmount)
		}
		if len(got.Items) != min(want.Total, got.PerPage) {
			t.Fatalf("after %s, activities %+v: %d items on the first page of %d", at, c.f, len(got.Items), want.Total)
		}
	}
}
