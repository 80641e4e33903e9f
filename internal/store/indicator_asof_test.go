package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// ruleWorld records organisations and activities in Tuyên Quang (08) and
// reads T1–T8 of its 2026-H1 report.
type ruleWorld struct {
	t   *testing.T
	db  *store.DB
	ctx context.Context
}

func newRuleWorld(t *testing.T, db *store.DB) *ruleWorld {
	db.SetClock(func() time.Time { return vnTime("2026-06-20", "09:00") })
	return &ruleWorld{t, db, context.Background()}
}

func (w *ruleWorld) org(name, kind, founded string, pos ...coop.Position) *coop.Organisation {
	w.t.Helper()
	o := &coop.Organisation{Kind: kind, Name: name, Sector: "agriculture", Province: "08", Status: coop.StatusActive, FoundedOn: founded, Positions: pos}
	if kind != coop.KindTHT {
		o.Governance = coop.GovernanceFull
	}
	if err := w.db.CreateOrganisation(w.ctx, coop.System, o); err != nil {
		w.t.Fatalf("%s: %v", name, err)
	}
	return o
}

func (w *ruleWorld) activity(a coop.Activity) *coop.Activity {
	w.t.Helper()
	if a.Title == "" {
		a.Title = "Hoạt động " + a.Type + " ngày " + a.StartsOn
	}
	if a.Province == "" {
		a.Province = "08"
	}
	if a.Type == coop.ActivityTraining && a.TargetGroup == "" {
		a.TargetGroup = "female_managers"
	}
	if err := w.db.CreateActivity(w.ctx, coop.System, &a); err != nil {
		w.t.Fatalf("activity %s %s: %v", a.Type, a.StartsOn, err)
	}
	return &a
}

func (w *ruleWorld) register(o *coop.Organisation, on string) {
	w.t.Helper()
	fc := &coop.FoundingCase{Province: "08", GroupName: "Nhóm " + o.Name, Kind: o.Kind, AdvisedOn: on}
	if err := w.db.CreateFoundingCase(w.ctx, coop.System, fc); err != nil {
		w.t.Fatal(err)
	}
	fc2, err := w.db.MoveFoundingCase(w.ctx, coop.System, fc.ID, fc.Version, coop.FoundingMove{To: coop.FoundingDossier, On: on})
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.db.MoveFoundingCase(w.ctx, coop.System, fc.ID, fc2.Version, coop.FoundingMove{To: coop.FoundingRegistered, On: on, OrganisationID: o.ID}); err != nil {
		w.t.Fatal(err)
	}
}

// indicator returns the report's figure of the indicator.
func (w *ruleWorld) indicator(code string) coop.Figure {
	w.t.Helper()
	c, err := w.db.CompileReport(w.ctx, coop.System, "08", "2025-12-15", "2026-06-14")
	if err != nil {
		w.t.Fatal(err)
	}
	return figureMap(c.Figures)["indicators."+code]
}

func woman(role, name, from, to string) coop.Position {
	return coop.Position{Role: role, Holder: name, Sex: coop.SexFemale, From: from, To: to}
}

func TestT1ConsolidationTypeWhateverTheTask(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRuleWorld(t, db)
		chaired := w.org("HTX Chủ nhiệm nữ", coop.KindHTX, "2020-01-01", woman(coop.RoleChair, "Lê Thị Thu", "2020-01-01", ""))
		left := w.org("HTX Chủ tịch nữ đã nghỉ", coop.KindHTX, "2020-01-01", woman(coop.RoleChair, "Mai Thị Hồng", "2020-01-01", "2026-01-31"))
		men := w.org("HTX Không có nữ quản lý", coop.KindHTX, "2020-01-01", coop.Position{Role: coop.RoleDirector, Holder: "Phạm Văn Bình", Sex: coop.SexMale})
		group := w.org("Tổ hợp tác Nữ", coop.KindTHT, "2020-01-01", woman(coop.RoleGroupLeader, "Lò Thị Sen", "", ""))
		comms := w.org("HTX Chỉ được truyền thông", coop.KindHTX, "2020-01-01", woman(coop.RoleDirector, "Đỗ Thị Na", "", ""))
		// A training with no plan task for the woman-chaired HTX: counts.
		w.activity(coop.Activity{Type: coop.ActivityTraining, StartsOn: "2026-03-01", Beneficiaries: []int64{chaired.ID, group.ID, men.ID}})
		// Consolidation-type support after the chair left: no.
		w.activity(coop.Activity{Type: "market_linkage", StartsOn: "2026-03-01", Beneficiaries: []int64{left.ID}})
		// Communication is not consolidation.
		w.activity(coop.Activity{Type: "communication_event", StartsOn: "2026-03-01", Beneficiaries: []int64{comms.ID}})
		// Twice supported counts once; after the window, not at all.
		w.activity(coop.Activity{Type: "ocop_support", StartsOn: "2026-04-01", Beneficiaries: []int64{chaired.ID}})
		w.activity(coop.Activity{Type: "trade_promotion", StartsOn: "2026-06-15", Beneficiaries: []int64{comms.ID}})
		if f := w.indicator("T1"); f.Value != 1 || !strings.Contains(f.Note, coop.RuleT1Consolidated) || !strings.Contains(f.Note, "Cách tính") {
			t.Errorf("T1 = %d (%s), want 1", f.Value, f.Note)
		}
		// The chair who left was in office on an earlier support's day.
		w.activity(coop.Activity{Type: "legal_advice", StartsOn: "2026-01-15", Beneficiaries: []int64{left.ID}})
		if f := w.indicator("T1"); f.Value != 2 {
			t.Errorf("T1 after a support while the chair was in office = %d, want 2", f.Value)
		}
	})
}

func TestT2SupportedGroupsOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRuleWorld(t, db)
		w.org("Tổ hợp tác Tự lập", coop.KindTHT, "2024-01-01")
		reached := w.org("Tổ hợp tác Được hỗ trợ", coop.KindTHT, "2019-01-01")
		founded := w.org("Tổ hợp tác Qua hỗ trợ thành lập", coop.KindTHT, "2026-05-05")
		htx := w.org("HTX Được hỗ trợ", coop.KindHTX, "2019-01-01")
		w.register(founded, "2026-05-05")
		w.activity(coop.Activity{Type: "communication_event", StartsOn: "2026-02-02", Beneficiaries: []int64{reached.ID, htx.ID}})
		if f := w.indicator("T2"); f.Value != 2 {
			t.Errorf("T2 = %d (%s), want 2: the founded-through-the-pipeline and the reached, not the unsupported nor the HTX", f.Value, f.Note)
		}
	})
}

func TestT6NewHTXWithWomenInManagement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRuleWorld(t, db)
		htx := w.org("HTX Mới nữ quản lý", coop.KindHTX, "2026-04-01", woman(coop.RoleDirector, "Hà Thị Lan", "", ""))
		tht := w.org("Tổ hợp tác Mới nữ", coop.KindTHT, "2026-04-01", woman(coop.RoleGroupLeader, "Vi Thị Mai", "", ""))
		men := w.org("HTX Mới nam quản lý", coop.KindHTX, "2026-04-01", coop.Position{Role: coop.RoleDirector, Holder: "Nông Văn Tú", Sex: coop.SexMale})
		late := w.org("HTX Nữ vào sau", coop.KindHTX, "2026-04-01", woman(coop.RoleDirector, "Lục Thị Hà", "2026-05-01", ""))
		for _, o := range []*coop.Organisation{htx, tht, men, late} {
			w.register(o, "2026-04-02")
		}
		if f := w.indicator("T6"); f.Value != 1 {
			t.Errorf("T6 = %d (%s), want 1: the HTX with a woman in management at registration, not the THT", f.Value, f.Note)
		}
	})
}

func TestT5CountsPersons(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRuleWorld(t, db)
		if f := w.indicator("T5"); !f.NoData || f.Value != 0 || !strings.Contains(f.Note, "Chưa có số liệu") {
			t.Errorf("T5 without female managers: %+v, want no data", f)
		}
		a := w.org("HTX Hai nữ quản lý", coop.KindHTX, "2020-01-01", woman(coop.RoleChair, "Nguyễn Thị Hoa", "", ""),
			woman(coop.RoleChiefAccountant, "Trần Thị Minh", "", ""))
		b := w.org("HTX Khác", coop.KindHTX, "2020-01-01", woman(coop.RoleDirector, "Nguyễn Thị Hoa", "", ""))
		course := w.activity(coop.Activity{Type: coop.ActivityTraining, StartsOn: "2026-03-03", ParticipantsTotal: 40, ParticipantsFemale: 40,
			ManagersTrainedFemale: 40, Beneficiaries: []int64{a.ID}})
		// The same woman twice, spelled differently, and a namesake of
		// another HTX who did not attend: one person trained.
		if _, err := db.AddAttendance(w.ctx, coop.System, course.ID, []coop.Attendee{
			{Name: "NGUYỄN THỊ HOA", Sex: coop.SexFemale, Role: coop.RoleChair, OrganisationID: a.ID},
			{Name: "Nguyễn  Thị Hoa", Sex: coop.SexFemale, OrganisationID: a.ID},
			{Name: "Lê Văn Hùng", Sex: coop.SexMale, OrganisationID: a.ID},
		}); err != nil {
			t.Fatal(err)
		}
		f := w.indicator("T5")
		if f.NoData || f.Num != 1 || f.Den != 3 || f.Value != 3333 {
			t.Errorf("T5 = %d (%d/%d), want 1/3", f.Value, f.Num, f.Den)
		}
		if !strings.Contains(f.Note, "Cảnh báo") || !strings.Contains(f.Note, "40") {
			t.Errorf("40 recorded against 3 in the registry, no warning: %s", f.Note)
		}
		// Attendance is checked: a blank name, and another province's
		// organisation for a provincial officer.
		if _, err := db.AddAttendance(w.ctx, coop.System, course.ID, []coop.Attendee{{Name: " "}}); coop.ErrorCode(err) != coop.EINVALID {
			t.Errorf("blank name: %v", err)
		}
		_ = b
	})
}

func TestJobsRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRuleWorld(t, db)
		a := w.org("HTX Việc làm", coop.KindHTX, "2020-01-01")
		g := w.org("Tổ hợp tác Việc làm", coop.KindTHT, "2020-01-01")
		// The same HTX in the same half year: the larger figure once; an
		// additional one adds; another half year adds; one with no
		// organisation counts alone.
		w.activity(coop.Activity{Type: "market_linkage", StartsOn: "2026-01-10", JobsWomenHTX: 5, Beneficiaries: []int64{a.ID}})
		w.activity(coop.Activity{Type: coop.ActivityTraining, StartsOn: "2026-03-10", JobsWomenHTX: 8, Beneficiaries: []int64{a.ID}})
		w.activity(coop.Activity{Type: "capital", StartsOn: "2026-04-10", JobsWomenHTX: 3, JobsAdditional: true, Beneficiaries: []int64{a.ID},
			LoanFund: "provincial", LoanAmount: 100_000_000, LoanTermMonths: 12, LoanStatus: "disbursed"})
		w.activity(coop.Activity{Type: "market_linkage", StartsOn: "2025-10-10", JobsWomenHTX: 2, Beneficiaries: []int64{a.ID}})
		w.activity(coop.Activity{Type: "conference", StartsOn: "2026-05-10", JobsWomenTHT: 4})
		w.activity(coop.Activity{Type: "market_linkage", StartsOn: "2026-05-10", JobsWomenTHT: 6, Beneficiaries: []int64{g.ID}})
		w.activity(coop.Activity{Type: "market_linkage", StartsOn: "2026-06-15", JobsWomenTHT: 50, JobsAdditional: true, Beneficiaries: []int64{g.ID}})
		t3, t4 := w.indicator("T3"), w.indicator("T4")
		if t3.Value != 8+3+2 || t4.Value != 4+6 {
			t.Errorf("jobs on activities: T3 %d, T4 %d, want 13, 10", t3.Value, t4.Value)
		}
		if !strings.Contains(t3.Note, coop.RuleJobsActivities) || !strings.Contains(t3.Note, coop.RuleJobsWorkforce) {
			t.Errorf("Cách tính names both rules: %s", t3.Note)
		}

		// The workforce rule: net increase of female workers since
		// 02/01/2023 in active organisations.
		for _, c := range []struct {
			o     *coop.Organisation
			snaps []coop.Snapshot
		}{
			{a, []coop.Snapshot{{AsOf: "2022-12-31", WorkersTotal: 20, WorkersFemale: 10}, {AsOf: "2026-06-01", WorkersTotal: 40, WorkersFemale: 25}, {AsOf: "2026-06-18", WorkersTotal: 90, WorkersFemale: 80}}},
			{g, []coop.Snapshot{{AsOf: "2024-01-01", WorkersTotal: 7, WorkersFemale: 7}}},
		} {
			if _, err := db.ChangeOrganisation(w.ctx, coop.System, c.o.ID, c.o.Version, "update", func(o *coop.Organisation) error {
				o.Snapshots = c.snaps
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SetJobsRule(w.ctx, coop.Actor{Role: coop.RoleProvincial, Province: "08", Name: "x"}, coop.RuleJobsWorkforce); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("a provincial officer picks the jobs rule: %v", err)
		}
		if err := db.SetJobsRule(w.ctx, coop.System, coop.RuleJobsWorkforce); err != nil {
			t.Fatal(err)
		}
		t3, t4 = w.indicator("T3"), w.indicator("T4")
		if t3.Value != 15 || t4.Value != 7 || !strings.Contains(t3.Note, "("+coop.RuleJobsWorkforce+")") {
			t.Errorf("workforce rule: T3 %d, T4 %d, want 15, 7 (%s)", t3.Value, t4.Value, t3.Note)
		}
	})
}

func TestT7T8FromUnionStaffRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRuleWorld(t, db)
		if f := w.indicator("T7"); !f.NoData {
			t.Errorf("T7 with no record: %+v", f)
		}
		partner := coop.Actor{Role: coop.RolePartner, Province: "08", Name: "Hội LHPN tỉnh"}
		other := coop.Actor{Role: coop.RoleProvincial, Province: "01", Name: "Cán bộ Hà Nội"}
		rec := coop.UnionStaffRecord{Province: "08", RecordedOn: "01/03/2026", EconomicTotal: 20, EconomicTrained: 15, CommunicationTotal: 10, CommunicationImproved: 9}
		if err := db.RecordUnionStaff(w.ctx, other, &rec); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("another province records: %v", err)
		}
		bad := rec
		bad.EconomicTrained = 21
		if err := db.RecordUnionStaff(w.ctx, partner, &bad); coop.ErrorCode(err) != coop.EINVALID {
			t.Errorf("more trained than total: %v", err)
		}
		if err := db.RecordUnionStaff(w.ctx, partner, &rec); err != nil {
			t.Fatal(err)
		}
		later := coop.UnionStaffRecord{Province: "08", RecordedOn: "2026-06-15", EconomicTotal: 20, EconomicTrained: 20, CommunicationTotal: 10, CommunicationImproved: 10}
		if err := db.RecordUnionStaff(w.ctx, partner, &later); err != nil {
			t.Fatal(err)
		}
		t7, t8 := w.indicator("T7"), w.indicator("T8")
		if t7.NoData || t7.Value != 7500 || t8.Value != 9000 {
			t.Errorf("T7 %+v T8 %+v, want 75%% and 90%% (the record of 01/03, not the one after the window)", t7, t8)
		}
		if recs, err := db.UnionStaffRecords(w.ctx, other, ""); err != nil || len(recs) != 0 {
			t.Errorf("another province reads %d records (%v)", len(recs), err)
		}
	})
}

// TestT1T2FollowEveryWrite: T1 and T2 are read from indicator_since, which
// every write that can change them moves: a support's day, its
// beneficiaries, its archiving, a position's end, a move to another
// province after the window (counted where the organisation was on the
// window's last day). After them, the table equals its recomputation.
func TestT1T2FollowEveryWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRuleWorld(t, db)
		htx := w.org("HTX Chủ nhiệm nữ", coop.KindHTX, "2020-01-01", woman(coop.RoleChair, "Lê Thị Thu", "2020-01-01", ""))
		group := w.org("Tổ hợp tác Nữ", coop.KindTHT, "2019-01-01")
		act := w.activity(coop.Activity{Type: coop.ActivityTraining, StartsOn: "2026-03-01", Beneficiaries: []int64{htx.ID, group.ID}})
		want := func(step string, t1, t2 int64) {
			t.Helper()
			if f := w.indicator("T1"); f.Value != t1 {
				t.Errorf("%s: T1 = %d, want %d", step, f.Value, t1)
			}
			if f := w.indicator("T2"); f.Value != t2 {
				t.Errorf("%s: T2 = %d, want %d", step, f.Value, t2)
			}
		}
		want("a training of both", 1, 1)

		act.StartsOn = "2026-06-16"
		if err := db.UpdateActivity(w.ctx, coop.System, act); err != nil {
			t.Fatal(err)
		}
		want("the training moved after the window", 0, 0)

		act.StartsOn, act.Beneficiaries = "2026-03-01", []int64{htx.ID}
		if err := db.UpdateActivity(w.ctx, coop.System, act); err != nil {
			t.Fatal(err)
		}
		want("back in the window, the group no longer reached", 1, 0)

		cur, err := db.Organisation(w.ctx, coop.System, htx.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.Positions = []coop.Position{woman(coop.RoleChair, "Lê Thị Thu", "2020-01-01", "2026-02-01")}
		if err := db.UpdateOrganisation(w.ctx, coop.System, cur); err != nil {
			t.Fatal(err)
		}
		want("the chair left before the training", 0, 0)

		cur.Positions = []coop.Position{woman(coop.RoleChair, "Lê Thị Thu", "2020-01-01", "")}
		cur.Province = "01"
		if err := db.UpdateOrganisation(w.ctx, coop.System, cur); err != nil {
			t.Fatal(err)
		}
		// Moved today (after the window's end): still Tuyên Quang's then.
		want("moved to Hà Nội after the window", 1, 0)
		c, err := db.CompileReport(w.ctx, coop.System, "01", "2025-12-15", "2026-06-14")
		if err != nil {
			t.Fatal(err)
		}
		if f := figureMap(c.Figures)["indicators.T1"]; f.Value != 0 {
			t.Errorf("Hà Nội's T1 on 14/06 = %d, want 0", f.Value)
		}
		c, err = db.CompileReport(w.ctx, coop.System, "01", "2026-06-15", "2026-06-20")
		if err != nil {
			t.Fatal(err)
		}
		if f := figureMap(c.Figures)["indicators.T1"]; f.Value != 1 {
			t.Errorf("Hà Nội's T1 today = %d, want 1", f.Value)
		}
		c, err = db.CompileReport(w.ctx, coop.System, "", "2025-12-15", "2026-06-14")
		if err != nil {
			t.Fatal(err)
		}
		if f := figureMap(c.Figures)["indicators.T1"]; f.Value != 1 {
			t.Errorf("national T1 on 14/06 = %d, want 1", f.Value)
		}

		if _, err := db.ArchiveActivity(w.ctx, coop.System, act.ID, act.Version); err != nil {
			t.Fatal(err)
		}
		want("the training archived", 0, 0)
		diffs, err := db.CheckRollups(w.ctx, coop.System, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range diffs {
			t.Errorf("%s: %v", d, d.Samples)
		}
	})
}
