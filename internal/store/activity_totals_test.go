package store_test

import (
	"context"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
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
		// A search: a first page that is not full is the whole answer
		// (its sums from its rows), a full one is counted.
		{coop.System, store.ActivityFilter{Q: "Hoạt động"}, "search_key LIKE '%hoat%' AND search_key LIKE '%dong%'", nil},
		{coop.System, store.ActivityFilter{Q: "động 7"}, "search_key LIKE '%dong%' AND search_key LIKE '%7%'", nil},
		{officer, store.ActivityFilter{Q: "hoat 1"}, "province IN ('08', '') AND search_key LIKE '%hoat%' AND search_key LIKE '%1%'", nil},
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

// An activity search counts its matches up to store.SearchCountCap and says
// so past it (with no sums); below it the total and the sums are exact.
func TestActivitySearchTotalCapped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Generate(ctx, db, 300, 5, nil); err != nil {
			t.Fatal(err)
		}
		if err := demo.GenerateActivities(ctx, db, store.SearchCountCap+200, 2000, 5, nil); err != nil {
			t.Fatal(err)
		}
		count := func(where string) int {
			var n int
			if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM activities WHERE archived = 0 AND `+where).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		word := "a" // in every generated title ("tập huấn", "hội nghị"…)
		if n := count(`search_key LIKE '%a%'`); n <= store.SearchCountCap {
			t.Fatalf("%d generated activities with %q: too few to pass the cap", n, word)
		}
		for _, page := range []int{1, 3} {
			got, err := db.Activities(ctx, coop.System, store.ActivityFilter{Q: word, Page: page})
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != store.SearchCountCap || !got.TotalCapped || got.Page != page || len(got.Items) != got.PerPage || got.ParticipantsTotal != 0 {
				t.Errorf("common word, page %d: total %d capped %v, page %d of %d items, %d participants; want %d capped, a full page, no sums",
					page, got.Total, got.TotalCapped, got.Page, len(got.Items), got.ParticipantsTotal, store.SearchCountCap)
			}
		}
		officer := coop.Actor{Name: "Cán bộ", Role: coop.RoleProvincial, Province: "01"}
		got, err := db.Activities(ctx, officer, store.ActivityFilter{Q: word, Province: "01"})
		if err != nil {
			t.Fatal(err)
		}
		if want := count(`province = '01' AND search_key LIKE '%a%'`); got.Total != want || got.TotalCapped || want == 0 {
			t.Errorf("one province: total %d capped %v, want %d exactly", got.Total, got.TotalCapped, want)
		}
	})
}
