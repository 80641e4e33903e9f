package store_test

import (
	"context"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

func TestPlanScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		national := &coop.Plan{Phase: "2026-2030"}
		if err := db.CreatePlan(ctx, tgCentral, national); err != nil {
			t.Fatal(err)
		}
		if national.Title != "Kế hoạch thực hiện Đề án 01 giai đoạn 2026–2030 của Liên minh HTX Việt Nam" {
			t.Errorf("default title = %q", national.Title)
		}
		tq := &coop.Plan{Province: "08", Phase: "2026-2030"}
		if err := db.CreatePlan(ctx, tgOfficer08, tq); err != nil {
			t.Fatal(err)
		}
		hn := &coop.Plan{Province: "01", Phase: "2026-2030", Title: "Kế hoạch của Hà Nội"}
		if err := db.CreatePlan(ctx, tgOfficer01, hn); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			actor coop.Actor
			plan  coop.Plan
			code  string
		}{
			{"second plan for a phase", tgOfficer08, coop.Plan{Province: "08", Phase: "2026-2030"}, coop.ECONFLICT},
			{"another province", tgOfficer08, coop.Plan{Province: "01", Phase: "2023-2025"}, coop.EFORBIDDEN},
			{"the national plan by a province", tgOfficer08, coop.Plan{Phase: "2023-2025"}, coop.EFORBIDDEN},
			{"a provincial plan by the centre", tgCentral, coop.Plan{Province: "08", Phase: "2023-2025"}, coop.EFORBIDDEN},
			{"a bad phase", tgAdmin, coop.Plan{Province: "08", Phase: "2031-2035"}, coop.EINVALID},
			{"a viewer", tgViewer, coop.Plan{Phase: "2023-2025"}, coop.EFORBIDDEN},
		} {
			p := c.plan
			if err := db.CreatePlan(ctx, c.actor, &p); coop.ErrorCode(err) != c.code {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
		}

		task := func(planID int64) *coop.Task {
			return &coop.Task{PlanID: planID, Group: "consolidation", Title: "Đào tạo, bồi dưỡng nữ cán bộ quản lý HTX",
				ResponsibleUnit: "Ban Tổ chức", StartsOn: "2026-03-01", EndsOn: "2026-11-30", Indicators: []string{"t5", "T1", "T5"},
				Budget: map[string]int64{"local_budget": 150_000_000, "support_fund": 50_000_000}}
		}
		// Who may add a task to which plan.
		for _, c := range []struct {
			name  string
			actor coop.Actor
			plan  int64
			code  string
		}{
			{"province on its plan", tgOfficer08, tq.ID, ""},
			{"province on another province's plan", tgOfficer08, hn.ID, coop.ENOTFOUND},
			{"province on the national plan", tgOfficer08, national.ID, coop.EFORBIDDEN},
			{"centre on the national plan", tgCentral, national.ID, ""},
			{"centre on a provincial plan", tgCentral, tq.ID, coop.EFORBIDDEN},
			{"admin anywhere", tgAdmin, hn.ID, ""},
			{"viewer", tgViewer, national.ID, coop.EFORBIDDEN},
		} {
			if err := db.CreateTask(ctx, c.actor, task(c.plan)); coop.ErrorCode(err) != c.code {
				t.Errorf("%s: %v, want %q", c.name, err, c.code)
			}
		}

		// Validation, field by field.
		bad := &coop.Task{PlanID: tq.ID, Group: "x", Title: "ab", StartsOn: "2026-05-01", EndsOn: "2026-04-01", Status: "late",
			Indicators: []string{"T9"}, Budget: map[string]int64{"local_budget": -1, "lottery": 5}}
		err := db.CreateTask(ctx, tgOfficer08, bad)
		f := coop.ErrorFields(err)
		for _, k := range []string{"task_group", "title", "ends_on", "status", "indicators", "budget.local_budget", "budget.lottery"} {
			if f[k] == "" {
				t.Errorf("no message for %s: %v", k, err)
			}
		}

		// Reads: a province sees its plan and the national one, not another's.
		if _, err := db.Plan(ctx, tgOfficer08, hn.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("08 read 01's plan: %v", err)
		}
		if _, err := db.Plan(ctx, tgOfficer08, national.ID); err != nil {
			t.Errorf("08 cannot read the national plan: %v", err)
		}
		plans, total, err := db.Plans(ctx, tgOfficer08, store.PlanFilter{})
		if err != nil || total != 2 || len(plans) != 2 {
			t.Errorf("08's plans: %d %v", total, err)
		}
		if plans, total, _ := db.Plans(ctx, tgCentral, store.PlanFilter{Province: store.ProvinceCentral}); total != 1 || plans[0].Tasks != 1 || plans[0].Budget != 200_000_000 {
			t.Errorf("central filter: %+v", plans)
		}
		tasks, total, err := db.PlanTasks(ctx, tgOfficer08, store.TaskFilter{Q: "dao tao nu can bo"})
		if err != nil || total != 2 {
			t.Fatalf("08's tasks by accentless search: %d %v", total, err)
		}
		for _, tk := range tasks {
			if tk.Province == "01" {
				t.Errorf("08 sees 01's task %d", tk.ID)
			}
		}
		if _, total, _ := db.PlanTasks(ctx, tgOfficer08, store.TaskFilter{Province: "08", Phase: "2026-2030"}); total != 1 {
			t.Errorf("08's own tasks = %d", total)
		}
		if _, total, _ := db.PlanTasks(ctx, tgCentral, store.TaskFilter{Q: "khong co"}); total != 0 {
			t.Errorf("search for nothing found %d", total)
		}

		// Update: version checked, scope enforced, budget replaced.
		mine := tasks[0]
		if mine.Province != "08" {
			mine = tasks[1]
		}
		if len(mine.Indicators) != 2 || mine.Indicators[0] != "T5" || mine.Budget["local_budget"] != 150_000_000 {
			t.Errorf("stored task = %+v", mine)
		}
		upd := mine
		upd.Status, upd.Budget = "in_progress", map[string]int64{"central_budget": 10}
		if err := db.UpdateTask(ctx, tgOfficer08, &upd); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Task(ctx, tgOfficer08, mine.ID)
		if got.Version != 2 || got.Status != "in_progress" || len(got.Budget) != 1 || got.Budget["central_budget"] != 10 {
			t.Errorf("after update = %+v", got)
		}
		stale := mine
		if err := db.UpdateTask(ctx, tgOfficer08, &stale); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		if _, err := db.Task(ctx, tgOfficer01, mine.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("01 read 08's task: %v", err)
		}
		cur := *got
		if err := db.UpdateTask(ctx, tgOfficer01, &cur); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("01 updated 08's task: %v", err)
		}
		if err := db.UpdateTask(ctx, tgCentral, &cur); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("centre updated 08's task: %v", err)
		}

		// Progress with no activities yet.
		prog, err := db.TasksProgress(ctx, []int64{mine.ID})
		if err != nil || prog[mine.ID].Activities != 0 || prog[mine.ID].Spent != 0 {
			t.Errorf("progress = %+v, %v", prog, err)
		}

		events, _, _ := db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "plan_task", EntityID: mine.ID})
		if len(events) != 2 || events[0].Action != "update" || events[1].Action != "create" {
			t.Errorf("task audit = %+v", events)
		}
		events, _, _ = db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "plan"})
		if len(events) != 3 {
			t.Errorf("plan audit events = %d, want 3", len(events))
		}
	})
}
