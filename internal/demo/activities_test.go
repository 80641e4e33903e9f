package demo_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

func TestDemoActivities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		orgProvince := map[int64]string{}
		for i, p := range []string{"08", "08", "08", "08", "01", "01", "79"} {
			o := &coop.Organisation{Kind: coop.KindHTX, Name: "Hợp tác xã Mẫu " + string(rune('A'+i)), Sector: "agriculture",
				Governance: coop.GovernanceFull, Province: p, Status: coop.StatusActive}
			if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatal(err)
			}
			orgProvince[o.ID] = p
		}
		if err := demo.Plans(ctx, db); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if err := demo.Activities(ctx, db); err != nil {
			t.Fatal(err)
		}
		t.Logf("demo activities loaded in %s", time.Since(start))
		all, err := db.Activities(ctx, coop.System, store.ActivityFilter{PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		provinces := map[string]int{}
		loans, linked := 0, 0
		for page := 1; ; page++ {
			p, err := db.Activities(ctx, coop.System, store.ActivityFilter{PerPage: 200, Page: page})
			if err != nil {
				t.Fatal(err)
			}
			for _, item := range p.Items {
				a, err := db.Activity(ctx, coop.System, item.ID)
				if err != nil {
					t.Fatal(err)
				}
				provinces[a.Province]++
				if a.TaskID != 0 {
					linked++
				}
				if a.StartsOn < "2023-01-01" || a.StartsOn > "2026-12-31" {
					t.Errorf("%q starts %s", a.Title, a.StartsOn)
				}
				for _, id := range a.Beneficiaries {
					if a.Province != "" && orgProvince[id] != a.Province {
						t.Errorf("%q of %s reaches an organisation of %s", a.Title, a.Province, orgProvince[id])
					}
				}
				if a.Type == coop.ActivityCapital {
					loans++
					if a.LoanAmount < 100_000_000 || a.LoanAmount > 800_000_000 || (a.LoanFund != "central" && a.LoanFund != "provincial") {
						t.Errorf("loan %q: %d đồng from %q", a.Title, a.LoanAmount, a.LoanFund)
					}
				}
			}
			if page >= p.Pages() {
				break
			}
		}
		if len(provinces) != 35 {
			t.Errorf("activities in %d provinces and the centre, want 35", len(provinces))
		}
		if loans < 34 || linked < all.Total*9/10 {
			t.Errorf("%d of %d activities linked to plan tasks, %d loans", linked, all.Total, loans)
		}
		got, _ := db.ReachSummary(ctx, coop.System, store.ReachFilter{})
		want, _ := db.RecomputeReachSummary(ctx, coop.System, store.ReachFilter{})
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Errorf("reach after the demo:\n rollup     %s\n recomputed %s", g, w)
		}
		if got.Total.Organisations != 7 || got.Total.ManagersTrainedFemale == 0 {
			t.Errorf("reach total %+v", got.Total)
		}
		// Idempotent.
		if err := demo.Activities(ctx, db); err != nil {
			t.Fatal(err)
		}
		again, _ := db.Activities(ctx, coop.System, store.ActivityFilter{PerPage: 1})
		if again.Total != all.Total {
			t.Errorf("second run: %d activities, was %d", again.Total, all.Total)
		}
	})
}
