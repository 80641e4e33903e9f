package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// A registry search finds exactly the organisations whose folded name or
// registration number holds every word, whether the trigram index narrows
// it or not — after names change too — and the index equals its
// recomputation.
func TestSearchByTrigrams(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var ids []int64
		for i, name := range []string{"Hợp tác xã Dệt may Tân Phú", "Hợp tác xã Mây tre đan Đồng Tâm", "Tổ hợp tác dệt thổ cẩm Bản Lác",
			"Hợp tác xã Chiết xuất tinh dầu", "Hợp tác xã Dịch vụ nông nghiệp Tân Phú", "Liên hiệp HTX Đồng Tháp Mười"} {
			o := &coop.Organisation{Kind: coop.KindHTX, Name: name, Sector: "agriculture", Governance: coop.GovernanceFull,
				Province: []string{"01", "08"}[i%2], Status: coop.StatusActive, RegistrationNo: fmt.Sprintf("01012345%02d", i)}
			if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, o.ID)
		}
		// A renamed organisation is found by its new name only.
		o, err := db.Organisation(ctx, coop.System, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		o.Name = "Hợp tác xã Nông sản sạch Tân Phú"
		if err := db.UpdateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatal(err)
		}
		officer := coop.Actor{Name: "Cán bộ", Role: coop.RoleProvincial, Province: "08"}
		for _, q := range []string{"det may", "dệt", "may", "MÂY TRE", "đồng", "dong tam", "xa det", "a", "tan phu", "et ma", "0101234502",
			"345", "nong san", "chiet xuat dau", "khong co ten nay", "p muoi", "ap m"} {
			checkSearch(t, db, q, officer)
		}
		if diffs, err := db.CheckRollups(ctx, coop.System, false); err != nil || len(diffs) != 0 {
			t.Fatalf("check: %v %v", diffs, err)
		}
		// The index is checked: a lost trigram is found.
		if _, err := db.SQL().ExecContext(ctx, `DELETE FROM org_trigrams WHERE trigram = 'tam'`); err != nil {
			t.Fatal(err)
		}
		if diffs, err := db.CheckRollups(ctx, coop.System, false); err != nil || len(diffs) != 1 || diffs[0].Table != "org_trigrams" {
			t.Fatalf("check after losing a trigram: %v %v", diffs, err)
		}
	})
}

// A search whose words' trigrams are all common finds the names holding
// its two rarest trigrams together from their intersection, when few names
// do — and its rows are still exactly the names holding every word. Each
// way is taken here with small bounds.
func TestSearchByTrigramIntersection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		names := []string{"Hợp tác xã Dệt thổ cẩm Bản Lác", "Hợp tác xã Dệt lụa Vạn Phúc", "Tổ hợp tác dệt chiếu",
			"Hợp tác xã Mây tre đan Phú Vinh", "Hợp tác xã May mặc Hòa Bình", "Tổ hợp tác máy nông nghiệp",
			"Hợp tác xã Dệt may Tân Phú", "Hợp tác xã Chiết xuất tinh dầu"}
		for i, name := range names {
			o := &coop.Organisation{Kind: coop.KindHTX, Name: name, Sector: "agriculture", Governance: coop.GovernanceFull,
				Province: []string{"01", "08"}[i%2], Status: coop.StatusActive, RegistrationNo: fmt.Sprintf("02012345%02d", i)}
			if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatal(err)
			}
		}
		// "det" and "may" are each in 4 names, "hop" and "tac" in all 8:
		// more than 2 is common; two common trigrams are intersected when
		// each is in at most 6 names.
		db.SetTrigramBounds(2, 6)
		officer := coop.Actor{Name: "Cán bộ", Role: coop.RoleProvincial, Province: "08"}
		for _, c := range []struct{ q, way string }{
			{"det may", "intersection"}, {"may det", "intersection"}, {"dệt lụa", "rare"}, {"det tho", "rare"},
			{"hop tac", "names"}, {"dệt", "names"}, {"may chieu", "rare"}, {"det phu", "intersection"}, {"det xyz", "rare"},
		} {
			way, err := db.OrgSearchWay(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if way != c.way {
				t.Errorf("%q is searched by %s, want %s", c.q, way, c.way)
			}
			checkSearch(t, db, c.q, officer)
		}
	})
}

// checkSearch checks that a registry search, nationally and as the
// officer of province 08, lists exactly the organisations holding every
// word, in the list's order, and counts them.
func checkSearch(t *testing.T, db *store.DB, q string, officer coop.Actor) {
	t.Helper()
	for _, actor := range []coop.Actor{coop.System, officer} {
		page, err := db.Organisations(context.Background(), actor, store.OrgFilter{Q: q, PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		got := []int64{}
		for _, o := range page.Items {
			got = append(got, o.ID)
		}
		scope := "archived = 0"
		if !actor.National() {
			scope += " AND province = '08'"
		}
		want := searchOracle(t, db, "organisations", scope, q, "sort_key, id")
		if !slices.Equal(got, want) || page.Total != len(want) {
			t.Errorf("%q as %s: %v (total %d), want %v", q, actor.Role, got, page.Total, want)
		}
	}
}
