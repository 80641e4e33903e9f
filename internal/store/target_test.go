package store_test

import (
	"context"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

var (
	tgAdmin     = coop.Actor{UserID: 1, Name: "Quản trị", Role: coop.RoleAdmin}
	tgCentral   = coop.Actor{UserID: 2, Name: "Cán bộ Trung ương", Role: coop.RoleCentral}
	tgOfficer08 = coop.Actor{UserID: 3, Name: "Cán bộ Tuyên Quang", Role: coop.RoleProvincial, Province: "08"}
	tgOfficer01 = coop.Actor{UserID: 4, Name: "Cán bộ Hà Nội", Role: coop.RoleProvincial, Province: "01"}
	tgViewer    = coop.Actor{UserID: 5, Name: "Người xem", Role: coop.RoleViewer}
)

func tgN(n int64) *int64 { return &n }

func TestSeedIndicatorsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.SeedIndicators(ctx); err != nil {
			t.Fatal(err)
		}
		inds, err := db.Indicators(ctx, tgViewer)
		if err != nil {
			t.Fatal(err)
		}
		if len(inds) != 8 || inds[0].Code != "T1" || *inds[0].Target2030 != 1500 || inds[5].Target2025 != nil || !inds[4].Percent() {
			t.Fatalf("indicators = %+v", inds)
		}
		// An administrator sets T6 for 2025; seeding again keeps it.
		got, err := db.UpdateIndicator(ctx, tgAdmin, "T6", inds[5].Version, tgN(300), tgN(750))
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != inds[5].Version+1 {
			t.Errorf("version after update = %d", got.Version)
		}
		if err := db.SeedIndicators(ctx); err != nil {
			t.Fatal(err)
		}
		t6, _ := db.Indicator(ctx, tgViewer, "T6")
		if t6.Target2025 == nil || *t6.Target2025 != 300 {
			t.Errorf("seed overwrote the edited T6 2025 value: %v", t6.Target2025)
		}
		// Stale version, bad values, wrong roles.
		if _, err := db.UpdateIndicator(ctx, tgAdmin, "T6", inds[5].Version, tgN(1), tgN(750)); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Errorf("stale version: %v", err)
		}
		if _, err := db.UpdateIndicator(ctx, tgAdmin, "T5", inds[4].Version, tgN(120), tgN(-1)); coop.ErrorFields(err)["target_2025"] == "" || coop.ErrorFields(err)["target_2030"] == "" {
			t.Errorf("percent over 100 and negative: %v", err)
		}
		if _, err := db.UpdateIndicator(ctx, tgOfficer08, "T1", 1, tgN(1), tgN(1)); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("provincial officer set a national target: %v", err)
		}
		if _, err := db.UpdateIndicator(ctx, tgCentral, "T9", 1, nil, nil); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("unknown indicator: %v", err)
		}
		events, _, _ := db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "indicator"})
		if len(events) != 1 || events[0].Action != "update" {
			t.Errorf("audit events for indicators = %+v", events)
		}
	})
}

func TestAllocationsAndProposals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// The centre allocates the 2030 T1 target: 1,000 to Tuyên Quang,
		// 500 to Hà Nội — the sum equals the national 1,500.
		if err := db.SetAllocations(ctx, tgCentral, "T1", 2030, map[string]*int64{"08": tgN(1000), "01": tgN(400)}); err != nil {
			t.Fatal(err)
		}
		sum, err := db.AllocationSummary(ctx, tgCentral, "T1", 2030)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Sum != 1400 || sum.Provinces != 2 || *sum.Difference != -100 || sum.Matches() {
			t.Errorf("sum = %+v", sum)
		}
		if err := db.SetAllocations(ctx, tgCentral, "T1", 2030, map[string]*int64{"01": tgN(500)}); err != nil {
			t.Fatal(err)
		}
		sum, _ = db.AllocationSummary(ctx, tgCentral, "T1", 2030)
		if sum.Sum != 1500 || !sum.Matches() {
			t.Errorf("sum after correcting Hà Nội = %+v", sum)
		}
		// Validation: a bad province and a negative value, nothing saved.
		err = db.SetAllocations(ctx, tgCentral, "T1", 2030, map[string]*int64{"99": tgN(1), "08": tgN(-5)})
		if f := coop.ErrorFields(err); f["values.99"] == "" || f["values.08"] == "" {
			t.Errorf("invalid allocations: %v", err)
		}
		if err := db.SetAllocations(ctx, tgCentral, "T1", 2031, map[string]*int64{"08": tgN(1)}); coop.ErrorFields(err)["milestone"] == "" {
			t.Errorf("bad milestone: %v", err)
		}
		if err := db.SetAllocations(ctx, tgOfficer08, "T1", 2030, map[string]*int64{"08": tgN(1)}); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("a province allocated: %v", err)
		}

		// Each province sees its own allocation only.
		own, err := db.Allocations(ctx, tgOfficer08, "T1", 2030)
		if err != nil {
			t.Fatal(err)
		}
		if len(own) != 1 || own[0].Province != "08" || *own[0].Value != 1000 {
			t.Fatalf("Tuyên Quang's view = %+v", own)
		}
		all, _ := db.Allocations(ctx, tgCentral, "T1", 2030)
		if len(all) != 34 {
			t.Errorf("tgCentral sees %d provinces, want 34", len(all))
		}

		// Tuyên Quang proposes 900; the centre accepts.
		a, err := db.ProposeAllocation(ctx, tgOfficer08, "T1", 2030, "", 900, "  Theo  khả năng thực tế ")
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != coop.AllocationProposed || *a.Value != 1000 || *a.ProposedValue != 900 || a.Note != "Theo khả năng thực tế" {
			t.Errorf("proposal = %+v", a)
		}
		if _, err := db.ProposeAllocation(ctx, tgOfficer08, "T1", 2030, "01", 10, ""); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("a proposal for another province: %v", err)
		}
		if _, err := db.ProposeAllocation(ctx, tgOfficer08, "T5", 2030, "08", 101, ""); coop.ErrorFields(err)["value"] == "" {
			t.Errorf("percent proposal over 100: %v", err)
		}
		if _, err := db.AcceptProposal(ctx, tgOfficer08, "T1", 2030, "08", 0); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("a province accepted its own proposal: %v", err)
		}
		if _, err := db.AcceptProposal(ctx, tgCentral, "T1", 2030, "08", a.Version-1); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Errorf("stale accept: %v", err)
		}
		acc, err := db.AcceptProposal(ctx, tgCentral, "T1", 2030, "08", a.Version)
		if err != nil {
			t.Fatal(err)
		}
		if acc.Status != coop.AllocationApproved || *acc.Value != 900 || acc.ProposedValue != nil {
			t.Errorf("accepted = %+v", acc)
		}
		if _, err := db.AcceptProposal(ctx, tgCentral, "T1", 2030, "08", 0); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("accepting twice: %v", err)
		}
		sum, _ = db.AllocationSummary(ctx, tgCentral, "T1", 2030)
		if sum.Sum != 1400 {
			t.Errorf("sum after the accepted proposal = %d", sum.Sum)
		}
		// A rejected proposal keeps the value.
		db.ProposeAllocation(ctx, tgOfficer08, "T1", 2030, "08", 50, "")
		rej, err := db.RejectProposal(ctx, tgCentral, "T1", 2030, "08", 0)
		if err != nil || *rej.Value != 900 || rej.Status != coop.AllocationApproved {
			t.Errorf("rejected = %+v, %v", rej, err)
		}

		// Every write was audited with its province.
		events, _, _ := db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "target_allocation", Province: "08"})
		actions := map[string]int{}
		for _, e := range events {
			actions[e.Action]++
		}
		if actions["allocate"] != 1 || actions["propose"] != 2 || actions["accept_proposal"] != 1 || actions["reject_proposal"] != 1 {
			t.Errorf("audit actions for 08 = %v", actions)
		}

		// The overview: a province sees its own allocation and the national sums.
		ov, err := db.Targets(ctx, tgOfficer08, "")
		if err != nil {
			t.Fatal(err)
		}
		if ov.Province != "08" || len(ov.Items) != 8 || *ov.Items[0].Own[2030].Value != 900 || ov.Items[0].Sums[2030].Sum != 1400 {
			t.Errorf("overview for 08 = %+v", ov.Items[0])
		}
		if _, err := db.Targets(ctx, tgOfficer08, "01"); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("08 asked for 01's targets: %v", err)
		}
	})
}

// The indicators name the women-in-management rule in force, and a
// provincial officer reads her own province's.
func TestIndicatorsNameTheActiveRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, p := range []string{"08", "01"} {
			o := &coop.Organisation{Kind: coop.KindHTX, Name: "Hợp tác xã " + p, Sector: "agriculture", Province: p, Status: coop.StatusActive,
				FoundedOn: "2020-01-01", Governance: coop.GovernanceFull,
				Positions: []coop.Position{{Role: coop.RoleDirector, Holder: "Người A", Sex: coop.SexFemale}}}
			if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
				t.Fatal(err)
			}
		}
		day := coop.Today()
		nat, err := db.IndicatorsAsOf(ctx, tgCentral, "", day)
		if err != nil {
			t.Fatal(err)
		}
		if nat.Rule != coop.RuleWIMDefault || nat.Figures["T1"].Rule != coop.RuleWIMDefault {
			t.Errorf("rule = %q, T1's %q", nat.Rule, nat.Figures["T1"].Rule)
		}
		own, err := db.IndicatorsAsOf(ctx, tgOfficer08, "", day)
		if err != nil {
			t.Fatal(err)
		}
		if own.Province != "08" {
			t.Errorf("08's officer reads %q", own.Province)
		}
		if err := db.SetActiveRule(ctx, tgAdmin, coop.RuleWIMStrict); err != nil {
			t.Fatal(err)
		}
		nat, _ = db.IndicatorsAsOf(ctx, tgCentral, "", day)
		if nat.Rule != coop.RuleWIMStrict || nat.Figures["T1"].Rule != coop.RuleWIMStrict {
			t.Errorf("rule after switching = %q", nat.Rule)
		}
		by, err := db.IndicatorsAsOfByProvince(ctx, tgOfficer01, day)
		if err != nil || len(by) != 1 || by["01"].Rule != coop.RuleWIMStrict {
			t.Errorf("01's figures by province = %+v, %v", by, err)
		}
	})
}

// A plan task's progress counts its current activities and what they
// spent, by source.
func TestTasksProgress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		plan := &coop.Plan{Province: "08", Phase: "2023-2025"}
		if err := db.CreatePlan(ctx, coop.System, plan); err != nil {
			t.Fatal(err)
		}
		consolidation := &coop.Task{PlanID: plan.ID, Group: "consolidation", Title: "Đào tạo, bồi dưỡng", Budget: map[string]int64{"local_budget": 100_000_000}}
		communication := &coop.Task{PlanID: plan.ID, Group: "communication", Title: "Tuyên truyền trên báo tỉnh"}
		for _, tk := range []*coop.Task{consolidation, communication} {
			if err := db.CreateTask(ctx, coop.System, tk); err != nil {
				t.Fatal(err)
			}
		}
		o := &coop.Organisation{Kind: coop.KindHTX, Name: "Hợp tác xã An", Sector: "agriculture", Governance: coop.GovernanceFull, Province: "08",
			Status: coop.StatusActive, Positions: []coop.Position{{Role: coop.RoleDirector, Holder: "Bà An", Sex: coop.SexFemale}}}
		if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatal(err)
		}
		for _, task := range []int64{consolidation.ID, consolidation.ID, communication.ID} {
			x := &coop.Activity{Type: coop.ActivityTraining, Title: "Lớp bồi dưỡng quản trị HTX", Province: "08", TaskID: task,
				StartsOn: "2025-03-10", ParticipantsTotal: 40, ParticipantsFemale: 40, TargetGroup: "female_managers",
				Beneficiaries: []int64{o.ID}, Costs: []coop.Cost{{Source: "local_budget", Amount: 60_000_000}}}
			if err := db.CreateActivity(ctx, coop.System, x); err != nil {
				t.Fatal(err)
			}
		}
		prog, err := db.TasksProgress(ctx, []int64{consolidation.ID, communication.ID})
		if err != nil {
			t.Fatal(err)
		}
		if p := prog[consolidation.ID]; p.Activities != 2 || p.Spent != 120_000_000 || p.BySource["local_budget"] != 120_000_000 || !p.Known {
			t.Errorf("progress of the consolidation task = %+v", p)
		}
		if p := prog[communication.ID]; p.Activities != 1 || p.Spent != 60_000_000 {
			t.Errorf("progress of the communication task = %+v", p)
		}
	})
}
