package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// An activity search finds exactly the activities whose folded title or
// organiser holds every word, whether the trigram index narrows it or not
// — after titles change too — in the list's order, and the index equals
// its recomputation.
func TestActivitySearchByTrigrams(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org := actOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08")
		var ids []int64
		for i, title := range []string{"Tập huấn kỹ năng quản trị HTX", "Lớp bồi dưỡng kiến thức tài chính", "Hội chợ sản phẩm OCOP Đồng Tháp",
			"Tuyên truyền kinh tế tập thể", "Tập huấn chuyển đổi số cho HTX nữ", "Cho vay vốn Quỹ hỗ trợ phát triển HTX"} {
			a := actTraining([]string{"08", ""}[i%2], org)
			a.Title, a.StartsOn, a.EndsOn = title, fmt.Sprintf("2025-03-%02d", 10+i), fmt.Sprintf("2025-03-%02d", 10+i)
			if err := db.CreateActivity(ctx, coop.System, a); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, a.ID)
		}
		// A retitled activity is found by its new title only.
		a, err := db.Activity(ctx, coop.System, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		a.Title = "Hội thảo liên kết chuỗi giá trị"
		if err := db.UpdateActivity(ctx, coop.System, &a.Activity); err != nil {
			t.Fatal(err)
		}
		officer := coop.Actor{Name: "Cán bộ", Role: coop.RoleProvincial, Province: "08"}
		for _, q := range []string{"tap huan", "tập huấn", "huan", "TAP THE", "đồng tháp", "chuoi gia tri", "ky nang", "a", "htx", "quy ho tro",
			"tai chinh", "khong co hoat dong nay", "p hua", "ap hu"} {
			for _, actor := range []coop.Actor{coop.System, officer} {
				page, err := db.Activities(ctx, actor, store.ActivityFilter{Q: q, PerPage: 200})
				if err != nil {
					t.Fatal(err)
				}
				got := []int64{}
				for _, a := range page.Items {
					got = append(got, a.ID)
				}
				scope := "archived = 0"
				if !actor.National() {
					scope += " AND province IN ('08', '')"
				}
				want := searchOracle(t, db, "activities", scope, q, "starts_on DESC, id DESC")
				if !slices.Equal(got, want) || page.Total != len(want) {
					t.Errorf("%q as %s: %v (total %d), want %v", q, actor.Role, got, page.Total, want)
				}
			}
		}
		if diffs, err := db.CheckRollups(ctx, coop.System, false); err != nil || len(diffs) != 0 {
			t.Fatalf("check: %v %v", diffs, err)
		}
		// The index is checked: a lost trigram is found.
		if _, err := db.SQL().ExecContext(ctx, `DELETE FROM activity_trigrams WHERE trigram = 'hua'`); err != nil {
			t.Fatal(err)
		}
		if diffs, err := db.CheckRollups(ctx, coop.System, false); err != nil || len(diffs) != 1 || diffs[0].Table != "activity_trigrams" {
			t.Fatalf("check after losing a trigram: %v %v", diffs, err)
		}
	})
}

// searchOracle returns the ids of the table's rows of the condition whose
// search_key holds every word of q, in the order given: what a search
// must find, by testing every row.
func searchOracle(t *testing.T, db *store.DB, table, cond, q, order string) []int64 {
	t.Helper()
	where, args := []string{cond}, []any{}
	for _, w := range coop.SearchWords(q) {
		where, args = append(where, fmt.Sprintf("search_key LIKE $%d", len(args)+1)), append(args, "%"+w+"%")
	}
	rows, err := db.SQL().QueryContext(context.Background(), `SELECT id FROM `+table+` WHERE `+strings.Join(where, " AND ")+` ORDER BY `+order, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}
