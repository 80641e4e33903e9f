package store_test

import (
	"context"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// vnTime is a moment in Vietnam time.
func vnTime(day, clock string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+clock, time.FixedZone("ICT", 7*3600))
	if err != nil {
		panic(err)
	}
	return t
}

// figureMap returns the figures by key.
func figureMap(figs []coop.Figure) map[string]coop.Figure {
	out := map[string]coop.Figure{}
	for _, f := range figs {
		out[f.Key] = f
	}
	return out
}

// reportOrg adds an organisation of the kind with a director (or group
// leader) of the given sex, founded on the date.
func reportOrg(t *testing.T, db *store.DB, name, province, kind string, female bool, founded string) int64 {
	t.Helper()
	sex, role, gov := coop.SexMale, coop.RoleDirector, coop.GovernanceFull
	if female {
		sex = coop.SexFemale
	}
	if kind == coop.KindTHT {
		role, gov = coop.RoleGroupLeader, ""
	}
	o := &coop.Organisation{Kind: kind, Name: name, Sector: "agriculture", Governance: gov, Province: province,
		Status: coop.StatusActive, FoundedOn: founded,
		Positions: []coop.Position{{Role: role, Holder: "Người Quản Lý", Sex: sex}},
		Snapshots: []coop.Snapshot{{AsOf: "2025-12-31", MembersTotal: 10, MembersFemale: 6, WorkersTotal: 20, WorkersFemale: 15}}}
	if err := db.CreateOrganisation(context.Background(), coop.System, o); err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return o.ID
}

// reportActivity records an activity of the type in the province on the
// day, reaching the organisations.
func reportActivity(t *testing.T, db *store.DB, typ, province, day string, total, female int64, orgs ...int64) *coop.Activity {
	t.Helper()
	a := &coop.Activity{Type: typ, Title: "Hoạt động " + typ + " ngày " + day, Province: province, StartsOn: day,
		ParticipantsTotal: total, ParticipantsFemale: female, Beneficiaries: orgs,
		Costs: []coop.Cost{{Source: "local_budget", Amount: 10_000_000}}}
	switch typ {
	case coop.ActivityTraining:
		a.TargetGroup, a.ManagersTrainedFemale = "female_managers", female/2
	case coop.ActivityCapital:
		a.LoanFund, a.LoanAmount, a.LoanTermMonths, a.LoanStatus, a.Costs = "provincial", 500_000_000, 36, "disbursed", nil
	}
	if err := db.CreateActivity(context.Background(), coop.System, a); err != nil {
		t.Fatalf("activity %s %s: %v", typ, day, err)
	}
	return a
}

// TestCompileReport checks the figures of Tuyên Quang's six-monthly window
// (15/12/2025–14/06/2026) against counts made by hand.
func TestCompileReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return vnTime("2026-06-20", "09:00") })
		a := reportOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", coop.KindHTX, true, "2019-05-01")
		b := reportOrg(t, db, "Hợp tác xã Chè Na Hang", "08", coop.KindHTX, false, "2021-03-01")
		c := reportOrg(t, db, "Tổ hợp tác Mây tre Lâm Bình", "08", coop.KindTHT, true, "2026-02-01")
		d := reportOrg(t, db, "Hợp tác xã Trùng lặp", "08", coop.KindHTX, true, "2026-01-05")
		hn := reportOrg(t, db, "Hợp tác xã Lụa Vạn Phúc", "01", coop.KindHTX, true, "2026-03-01")
		if _, err := db.ArchiveOrganisation(ctx, coop.System, d, 1); err != nil {
			t.Fatal(err)
		}

		// In the window: a training reaching A and B, a forum on the window's
		// last day reaching A (and D, archived since), a loan to A.
		train := reportActivity(t, db, coop.ActivityTraining, "08", "2026-01-10", 40, 38, a, b)
		forum := reportActivity(t, db, "conference", "08", "2026-06-14", 100, 70, a, d)
		forum.JobsWomenHTX, forum.JobsWomenTHT = 5, 3
		if err := db.UpdateActivity(ctx, coop.System, forum); err != nil {
			t.Fatal(err)
		}
		reportActivity(t, db, coop.ActivityCapital, "08", "2026-03-01", 0, 0, a)
		// Out of the window, by date: the day after and the day before.
		reportActivity(t, db, coop.ActivityTraining, "08", "2026-06-15", 30, 30, a, b)
		reportActivity(t, db, coop.ActivityTraining, "08", "2025-12-14", 30, 30, b)
		// Archived, and another province's.
		gone := reportActivity(t, db, coop.ActivityTraining, "08", "2026-02-02", 25, 25, c)
		if _, err := db.ArchiveActivity(ctx, coop.System, gone.ID, gone.Version); err != nil {
			t.Fatal(err)
		}
		reportActivity(t, db, coop.ActivityTraining, "01", "2026-02-02", 50, 50, hn)
		_ = train

		// A plan task of the phase running in the window, with its budget.
		plan := &coop.Plan{Province: "08", Phase: "2026-2030"}
		if err := db.CreatePlan(ctx, coop.System, plan); err != nil {
			t.Fatal(err)
		}
		task := &coop.Task{PlanID: plan.ID, Group: "consolidation", Title: "Đào tạo, bồi dưỡng cán bộ quản lý nữ", Status: "in_progress",
			StartsOn: "2026-01-01", EndsOn: "2026-12-31", Budget: map[string]int64{"local_budget": 200_000_000}}
		if err := db.CreateTask(ctx, coop.System, task); err != nil {
			t.Fatal(err)
		}
		t1 := int64(23)
		if err := db.SetAllocations(ctx, coop.System, "T1", 2030, map[string]*int64{"08": &t1}); err != nil {
			t.Fatal(err)
		}
		ob := &coop.Obstacle{Province: "08", Category: "credit", Title: "HTX khó vay vốn Quỹ hỗ trợ", Recommendation: "Đề nghị hỗ trợ"}
		if err := db.CreateObstacle(ctx, coop.System, ob); err != nil {
			t.Fatal(err)
		}
		fc := &coop.FoundingCase{Province: "08", GroupName: "Nhóm phụ nữ dệt vải Pác Vầy", Kind: coop.KindHTX, WomenLed: true, AdvisedOn: "2026-02-10"}
		if err := db.CreateFoundingCase(ctx, coop.System, fc); err != nil {
			t.Fatal(err)
		}

		comp, err := db.CompileReport(ctx, coop.System, "08", "2025-12-15", "2026-06-14")
		if err != nil {
			t.Fatal(err)
		}
		f := figureMap(comp.Figures)
		for key, want := range map[string]int64{
			"registry.HTX.orgs": 2, "registry.HTX.women_managed": 1, "registry.THT.orgs": 1, "registry.THT.women_managed": 1,
			"registry.HTX.founded": 0, "registry.THT.founded": 1, "registry.LHHTX.orgs": 0,
			"registry.workers_total": 60, "registry.workers_female": 45,
			"activities.total.count": 3, "activities.total.participants_total": 140, "activities.total.participants_female": 108,
			"activities.total.organisations": 2, // A reached by three activities counts once
			"activities.training.count":      1, "activities.training.organisations": 2, "activities.conference.organisations": 1,
			"activities.capital.count": 1, "activities.press.count": 0,
			"training.courses": 1, "training.participants_total": 40, "training.managers_trained_female": 19,
			"loans.count": 1, "loans.amount": 500_000_000, "jobs.htx": 5, "jobs.tht": 3,
			"founding.advised": 1, "founding.stage.advised": 1, "founding.registered": 0,
			"spending.local_budget": 20_000_000, "spending.total": 20_000_000,
		} {
			if got := f[key]; got.Value != want {
				t.Errorf("%s = %d, want %d", key, got.Value, want)
			}
		}
		if p := f["spending.local_budget"].Target; p == nil || *p != 200_000_000 {
			t.Errorf("planned local budget %v", p)
		}
		if tg := f["indicators.T1"].Target; tg == nil || *tg != 23 || f["indicators.T1"].TargetLabel != "Chỉ tiêu giao đến năm 2030" {
			t.Errorf("T1 target %+v", f["indicators.T1"])
		}
		for _, k := range []string{"indicators.T7", "indicators.T8"} {
			if !f[k].NoData || f[k].Note == "" {
				t.Errorf("%s: %+v", k, f[k])
			}
		}
		if f["indicators.T5"].Unit != coop.FigurePercent || f["registry.HTX.women_managed"].Note == "" {
			t.Errorf("T5 %+v", f["indicators.T5"])
		}
		if comp.WomenManagedRule != coop.RuleWIMDefault {
			t.Errorf("rule %s", comp.WomenManagedRule)
		}
		// The obstacles as ObstacleCounts counts them.
		raised, answered, open, overdue, err := db.ObstacleCounts(ctx, coop.System, "08", "2025-12-15", "2026-06-14")
		if err != nil {
			t.Fatal(err)
		}
		if f["obstacles.raised"].Value != int64(raised) || f["obstacles.answered"].Value != int64(answered) ||
			f["obstacles.open"].Value != int64(open) || f["obstacles.overdue"].Value != int64(overdue) || raised != 0 {
			t.Errorf("obstacles %d %d %d %d vs %+v", raised, answered, open, overdue, f["obstacles.raised"])
		}
		later, err := db.CompileReport(ctx, coop.System, "08", "2026-06-15", "2026-12-14")
		if err != nil {
			t.Fatal(err)
		}
		if v := figureMap(later.Figures)["obstacles.raised"].Value; v != 1 {
			t.Errorf("obstacle raised on 20/06: %d in the second half", v)
		}

		// The whole country adds Hà Nội's training and organisation.
		nat, err := db.CompileReport(ctx, coop.System, "", "2025-12-15", "2026-06-14")
		if err != nil {
			t.Fatal(err)
		}
		n := figureMap(nat.Figures)
		if n["activities.total.count"].Value != 4 || n["activities.total.organisations"].Value != 3 || n["registry.HTX.founded"].Value != 1 ||
			n["registry.HTX.orgs"].Value != 3 {
			t.Errorf("national: %d activities, %d organisations reached, %d founded, %d HTX", n["activities.total.count"].Value,
				n["activities.total.organisations"].Value, n["registry.HTX.founded"].Value, n["registry.HTX.orgs"].Value)
		}

		// Scope: a provincial account compiles its own province only.
		hanoi := coop.Actor{Name: "Cán bộ Hà Nội", Role: coop.RoleProvincial, Province: "01"}
		for _, p := range []string{"08", ""} {
			if _, err := db.CompileReport(ctx, hanoi, p, "2025-12-15", "2026-06-14"); coop.ErrorCode(err) != coop.ENOTFOUND {
				t.Errorf("Hà Nội compiling %q: %v", p, err)
			}
		}
		if _, err := db.CompileReport(ctx, coop.Anonymous, "08", "2025-12-15", "2026-06-14"); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("anonymous: %v", err)
		}
		if _, err := db.CompileReport(ctx, coop.System, "08", "2026-06-14", "2026-01-01"); coop.ErrorFields(err)["to"] == "" {
			t.Errorf("reversed window: %v", err)
		}
	})
}

// A compilation window of real dates outside 1900–2100 is refused naming
// the bounds.
func TestCompileReportDateBounds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, err := db.CompileReport(context.Background(), coop.System, "08", "0001-01-01", "9999-12-31")
		f := coop.ErrorFields(err)
		if coop.ErrorCode(err) != coop.EINVALID || f["from"] != "Ngày bắt đầu phải từ 01/01/1900 đến 31/12/2100." ||
			f["to"] != "Ngày kết thúc phải từ 01/01/1900 đến 31/12/2100." {
			t.Errorf("got %v (%v)", err, f)
		}
		if _, err := db.CompileReport(context.Background(), coop.System, "08", coop.MinDate, "2026-06-14"); err != nil {
			t.Errorf("from the first date: %v", err)
		}
	})
}

// A compilation is kept for the generation of the data it was compiled
// at: asked again it is the same, a write shows on the next request, and a
// reader changing its copy changes nobody else's.
func TestCompileReportKeptPerGeneration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return vnTime("2026-06-20", "09:00") })
		org := reportOrg(t, db, "HTX Dệt may Hòa Bình", "08", coop.KindHTX, true, "2020-01-01")
		count := func(province string) int64 {
			t.Helper()
			c, err := db.CompileReport(ctx, coop.System, province, "2025-12-15", "2026-06-14")
			if err != nil {
				t.Fatal(err)
			}
			v := figureMap(c.Figures)["activities.total.count"].Value
			for i := range c.Figures {
				c.Figures[i].Value = -1 // a reader's copy
			}
			return v
		}
		for _, province := range []string{"", "08"} {
			before := count(province)
			for range 2 {
				if again := count(province); again != before {
					t.Errorf("%q asked again: %d activities, then %d", province, before, again)
				}
			}
			reportActivity(t, db, "market_linkage", "08", "2026-03-02", 10, 5, org)
			if after := count(province); after != before+1 {
				t.Errorf("%q after a write: %d activities, want %d", province, after, before+1)
			}
		}
	})
}
