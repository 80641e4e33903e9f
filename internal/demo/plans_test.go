package demo_test

import (
	"context"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

func TestDemoPlans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// A registry weighted towards Tuyên Quang.
		for i, p := range []string{"08", "08", "08", "01"} {
			o := &coop.Organisation{Kind: coop.KindHTX, Name: "Hợp tác xã Mẫu " + string(rune('A'+i)), Sector: "agriculture",
				Governance: coop.GovernanceFull, Province: p, Status: coop.StatusActive}
			if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatal(err)
			}
		}
		start := time.Now()
		if err := demo.Plans(ctx, db); err != nil {
			t.Fatal(err)
		}
		t.Logf("demo plans loaded in %s", time.Since(start))
		plans, total, err := db.Plans(ctx, coop.System, store.PlanFilter{PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		if total != 70 {
			t.Fatalf("plans = %d, want 70 (VCA and 34 provinces × 2 phases)", total)
		}
		for _, p := range plans {
			if p.Tasks < 6 || p.Tasks > 12 || p.Budget <= 0 {
				t.Errorf("plan %q: %d tasks, budget %d", p.Title, p.Tasks, p.Budget)
			}
			tasks, _, err := db.PlanTasks(ctx, coop.System, store.TaskFilter{PlanID: p.ID, PerPage: 50})
			if err != nil {
				t.Fatal(err)
			}
			groups := map[string]bool{}
			for _, tk := range tasks {
				groups[tk.Group] = true
				if err := tk.Validate(); err != nil {
					t.Errorf("task %q: %v", tk.Title, err)
				}
			}
			if len(groups) != 3 {
				t.Errorf("plan %q covers %d task groups", p.Title, len(groups))
			}
		}
		for code, want := range map[string]int64{"T1": 1500, "T2": 10000, "T3": 30000, "T4": 100000, "T6": 750} {
			s, err := db.AllocationSummary(ctx, coop.System, code, 2030)
			if err != nil {
				t.Fatal(err)
			}
			if s.Sum != want || s.Provinces != 34 || !s.Matches() {
				t.Errorf("%s 2030 allocations = %+v, want a sum of %d over 34 provinces", code, s, want)
			}
		}
		all, _ := db.Allocations(ctx, coop.System, "T1", 2030)
		byProv := map[string]int64{}
		for _, a := range all {
			byProv[a.Province] = *a.Value
		}
		if byProv["08"] != 1125 || byProv["01"] != 375 || byProv["79"] != 0 {
			t.Errorf("T1 shares: 08 %d, 01 %d, 79 %d (want 3/4 and 1/4 of 1.500)", byProv["08"], byProv["01"], byProv["79"])
		}
		// Idempotent: a second run adds nothing.
		before, _, _ := db.AuditEvents(ctx, coop.System, store.AuditFilter{PerPage: 1})
		if err := demo.Plans(ctx, db); err != nil {
			t.Fatal(err)
		}
		after, _, _ := db.AuditEvents(ctx, coop.System, store.AuditFilter{PerPage: 1})
		if before[0].ID != after[0].ID {
			t.Errorf("a second run wrote again (audit %d → %d)", before[0].ID, after[0].ID)
		}
	})
}
