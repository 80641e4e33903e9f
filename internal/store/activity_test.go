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

// actOrg adds an organisation to the registry as the system.
func actOrg(t *testing.T, db *store.DB, name, province string) int64 {
	t.Helper()
	o := &coop.Organisation{Kind: coop.KindHTX, Name: name, Sector: "agriculture", Governance: coop.GovernanceFull,
		Province: province, Status: coop.StatusActive}
	if err := db.CreateOrganisation(context.Background(), coop.System, o); err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return o.ID
}

// actTask adds a plan of the province ("" national) with one task of the
// group and returns the task's id.
func actTask(t *testing.T, db *store.DB, province, phase, group, title string) int64 {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	var plan int64
	q := `INSERT INTO plans (province, phase, title, status, version, created_at, updated_at) VALUES (?, ?, ?, 'approved', 1, ?, ?) RETURNING id`
	if db.Dialect() == store.Postgres {
		q = `INSERT INTO plans (province, phase, title, status, version, created_at, updated_at) VALUES ($1, $2, $3, 'approved', 1, $4, $5) RETURNING id`
	}
	if err := db.SQL().QueryRowContext(ctx, q, province, phase, "Kế hoạch "+province, now, now).Scan(&plan); err != nil {
		t.Fatalf("plan: %v", err)
	}
	q = `INSERT INTO plan_tasks (plan_id, province, task_group, title, version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?) RETURNING id`
	if db.Dialect() == store.Postgres {
		q = `INSERT INTO plan_tasks (plan_id, province, task_group, title, version, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $6) RETURNING id`
	}
	var id int64
	if err := db.SQL().QueryRowContext(ctx, q, plan, province, group, title, now, now).Scan(&id); err != nil {
		t.Fatalf("task: %v", err)
	}
	return id
}

func actTraining(province string, orgs ...int64) *coop.Activity {
	return &coop.Activity{
		Type: coop.ActivityTraining, Title: "Lớp bồi dưỡng quản trị HTX cho cán bộ quản lý nữ", Province: province,
		StartsOn: "2025-03-10", EndsOn: "2025-03-11", Organiser: "Liên minh HTX tỉnh", Partners: "Hội LHPN tỉnh",
		ParticipantsTotal: 40, ParticipantsFemale: 40, TargetGroup: "female_managers", ManagersTrainedFemale: 40,
		Costs:         []coop.Cost{{Source: "local_budget", Amount: 60_000_000}, {Source: "support_fund", Amount: 20_000_000}},
		Beneficiaries: orgs,
	}
}

func actFields(t *testing.T, err error) map[string]string {
	t.Helper()
	if coop.ErrorCode(err) != coop.EINVALID {
		t.Fatalf("want a validation error, got %v", err)
	}
	return coop.ErrorFields(err)
}

func TestActivityValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org08 := actOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08")
		org01 := actOrg(t, db, "Hợp tác xã Rau sạch Tân Phú", "01")
		task08 := actTask(t, db, "08", "2023-2025", "consolidation", "Đào tạo, bồi dưỡng")
		task01 := actTask(t, db, "01", "2023-2025", "consolidation", "Đào tạo, bồi dưỡng Hà Nội")
		national := actTask(t, db, "", "2023-2025", "communication", "Tuyên truyền toàn quốc")
		officer := coop.Actor{UserID: 7, Name: "Cán bộ tỉnh", Role: coop.RoleProvincial, Province: "08"}

		for _, c := range []struct {
			name   string
			actor  coop.Actor
			change func(a *coop.Activity)
			want   map[string]string // field → part of the message
		}{
			{"no type, title or date", officer, func(a *coop.Activity) { a.Type, a.Title, a.StartsOn = "party", "", "" },
				map[string]string{"type": "Chọn loại", "title": "Nhập tên", "starts_on": "Nhập ngày bắt đầu"}},
			{"bad dates", officer, func(a *coop.Activity) { a.StartsOn, a.EndsOn = "2025-02-30", "x" },
				map[string]string{"starts_on": "không hợp lệ", "ends_on": "không hợp lệ"}},
			{"ends before it starts", officer, func(a *coop.Activity) { a.EndsOn = "2025-03-01" },
				map[string]string{"ends_on": "không được trước ngày bắt đầu"}},
			{"more women than people", officer, func(a *coop.Activity) {
				a.ParticipantsFemale, a.BeneficiariesTotal, a.BeneficiariesFemale = 41, 5, 6
			}, map[string]string{"participants_female": "không được lớn hơn", "beneficiaries_female": "không được lớn hơn"}},
			{"negatives", officer, func(a *coop.Activity) {
				a.ParticipantsTotal, a.JobsWomenHTX, a.Costs = -1, -2, []coop.Cost{{Source: "credit", Amount: -5}}
			}, map[string]string{"participants_total": "không được âm", "jobs_women_htx": "không được âm", "costs.credit": "không được âm"}},
			{"unknown funding source", officer, func(a *coop.Activity) { a.Costs = []coop.Cost{{Source: "lottery", Amount: 5}} },
				map[string]string{"costs": "lottery"}},
			{"training without target group", officer, func(a *coop.Activity) { a.TargetGroup = "" },
				map[string]string{"target_group": "Chọn đối tượng"}},
			{"more managers trained than women", officer, func(a *coop.Activity) { a.ParticipantsFemale = 30 },
				map[string]string{"managers_trained_female": "không được lớn hơn"}},
			{"capital without loan", officer, func(a *coop.Activity) { a.Type = coop.ActivityCapital; a.LoanTermMonths = 121 },
				map[string]string{"loan_fund": "Chọn Quỹ", "loan_amount": "lớn hơn 0", "loan_term_months": "1 đến 120", "loan_status": "Chọn tình trạng"}},
			{"another province's task", officer, func(a *coop.Activity) { a.TaskID = task01 },
				map[string]string{"task_id": "Không tìm thấy"}},
			{"no such task", officer, func(a *coop.Activity) { a.TaskID = 987654 },
				map[string]string{"task_id": "Không tìm thấy"}},
			{"national task on a provincial activity", officer, func(a *coop.Activity) { a.TaskID = national },
				map[string]string{"task_id": "kế hoạch của nơi khác"}},
			{"provincial task on a central activity", coop.System, func(a *coop.Activity) { a.Province, a.TaskID = "", task08 },
				map[string]string{"task_id": "kế hoạch trung ương"}},
			{"another province's organisation", officer, func(a *coop.Activity) { a.Beneficiaries = []int64{org08, org01} },
				map[string]string{"beneficiaries": "Không tìm thấy tổ chức"}},
			{"an organisation of another province, seen nationally", coop.System, func(a *coop.Activity) { a.Beneficiaries = []int64{org01} },
				map[string]string{"beneficiaries": "Hợp tác xã Rau sạch Tân Phú thuộc Thành phố Hà Nội"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				a := actTraining("08", org08)
				c.change(a)
				fields := actFields(t, db.CreateActivity(ctx, c.actor, a))
				for k, want := range c.want {
					if !strings.Contains(fields[k], want) {
						t.Errorf("field %s = %q, want it to say %q (all: %v)", k, fields[k], want, fields)
					}
				}
			})
		}

		// What passes: a task of the province, a central activity reaching
		// any province, and fields that do not apply to the type are dropped.
		ok := actTraining("08", org08)
		ok.TaskID = task08
		if err := db.CreateActivity(ctx, officer, ok); err != nil {
			t.Fatal(err)
		}
		central := actTraining("", org08, org01)
		central.Type, central.LoanFund, central.TaskID = "conference", "central", national
		if err := db.CreateActivity(ctx, coop.Actor{Name: "TW", Role: coop.RoleCentral}, central); err != nil {
			t.Fatal(err)
		}
		if central.TargetGroup != "" || central.ManagersTrainedFemale != 0 || central.LoanFund != "" {
			t.Errorf("fields of other types kept on a conference: %+v", central)
		}
		if ev, _, _ := db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "activity"}); len(ev) != 2 {
			t.Errorf("%d audit events for two creates (failed writes must leave none)", len(ev))
		}
	})
}

func TestActivityLifecycleAndScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a1 := actOrg(t, db, "Hợp tác xã Chè Shan tuyết Bản Phố", "08")
		a2 := actOrg(t, db, "Hợp tác xã Mây tre đan Lạc Hồng", "08")
		other := actOrg(t, db, "Hợp tác xã Dệt lụa Vạn Phúc", "01")
		officer := coop.Actor{UserID: 7, Name: "Cán bộ Tuyên Quang", Role: coop.RoleProvincial, Province: "08"}
		hanoi := coop.Actor{UserID: 8, Name: "Cán bộ Hà Nội", Role: coop.RoleProvincial, Province: "01"}
		central := coop.Actor{UserID: 9, Name: "Cán bộ TW", Role: coop.RoleCentral}
		viewer := coop.Actor{UserID: 10, Name: "Xem", Role: coop.RoleViewer, Province: "08"}

		tr := actTraining("08", a1, a2, a1)
		if err := db.CreateActivity(ctx, officer, tr); err != nil {
			t.Fatal(err)
		}
		if tr.Version != 1 || len(tr.Beneficiaries) != 2 {
			t.Fatalf("after create: version %d, beneficiaries %v (the duplicate must go)", tr.Version, tr.Beneficiaries)
		}
		got, err := db.Activity(ctx, officer, tr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.BeneficiaryCount != 2 || len(got.Orgs) != 2 || got.TotalCost() != 80_000_000 || got.CreatedBy != officer.Name {
			t.Errorf("read back: %+v", got)
		}

		// Another province: not found for reading and writing, absent from lists.
		if _, err := db.Activity(ctx, hanoi, tr.ID); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("another province read: %v", err)
		}
		up := got.Activity
		up.Title = "Đổi tên"
		if err := db.UpdateActivity(ctx, hanoi, &up); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("another province update: %v", err)
		}
		if _, err := db.ArchiveActivity(ctx, hanoi, tr.ID, 1); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("another province archive: %v", err)
		}
		if p, _ := db.Activities(ctx, hanoi, store.ActivityFilter{}); p.Total != 0 {
			t.Errorf("another province lists %d activities", p.Total)
		}
		if p, _ := db.Activities(ctx, hanoi, store.ActivityFilter{Province: "08"}); p.Total != 0 {
			t.Errorf("another province asking for 08 lists %d", p.Total)
		}
		if _, err := db.OrganisationSupports(ctx, hanoi, a1); coop.ErrorCode(err) != coop.ENOTFOUND {
			t.Errorf("another province's organisation supports: %v", err)
		}
		// Creating in another province is forbidden; a viewer may not write.
		if err := db.CreateActivity(ctx, hanoi, actTraining("08")); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("create in another province: %v", err)
		}
		if err := db.CreateActivity(ctx, viewer, actTraining("08")); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("viewer create: %v", err)
		}
		if err := db.CreateActivity(ctx, officer, actTraining("")); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("provincial officer creating a central activity: %v", err)
		}
		// Central staff read it but may not change it.
		if _, err := db.Activity(ctx, central, tr.ID); err != nil {
			t.Errorf("central read: %v", err)
		}
		if err := db.CreateActivity(ctx, central, actTraining("08")); coop.ErrorCode(err) != coop.EFORBIDDEN || !strings.Contains(coop.ErrorFields(err)["province"], "cấp trung ương") {
			t.Errorf("central staff recording a provincial activity: %v", err)
		}
		if _, err := db.ArchiveActivity(ctx, central, tr.ID, 1); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("central staff archiving a provincial activity: %v", err)
		}
		// A central activity: central staff write it, every province reads it.
		forum := &coop.Activity{Type: "conference", Title: "Diễn đàn HTX do phụ nữ quản lý với OCOP", StartsOn: "2025-05-20",
			ParticipantsTotal: 200, ParticipantsFemale: 150}
		if err := db.CreateActivity(ctx, central, forum); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Activity(ctx, hanoi, forum.ID); err != nil {
			t.Errorf("a province reads a central activity: %v", err)
		}
		forum.Title = "Sửa của tỉnh"
		if err := db.UpdateActivity(ctx, hanoi, forum); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("a province changing a central activity: %v", err)
		}

		// Update with the version read; a stale version conflicts.
		up = got.Activity
		up.Title = "Lớp bồi dưỡng quản trị HTX (khoá 2)"
		up.Beneficiaries = []int64{a1}
		if err := db.UpdateActivity(ctx, officer, &up); err != nil {
			t.Fatal(err)
		}
		if up.Version != 2 {
			t.Errorf("version after update %d", up.Version)
		}
		stale := got.Activity
		if err := db.UpdateActivity(ctx, officer, &stale); coop.ErrorCode(err) != coop.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		// A province's officer cannot attach another province's organisation.
		bad := up
		bad.Beneficiaries = []int64{a1, other}
		if err := db.UpdateActivity(ctx, officer, &bad); coop.ErrorCode(err) != coop.EINVALID {
			t.Errorf("attaching another province's organisation: %v", err)
		}
		// Supports of an organisation, newest first; lists and filters.
		loan := &coop.Activity{Type: coop.ActivityCapital, Title: "Vay vốn Quỹ hỗ trợ phát triển HTX tỉnh", Province: "08",
			StartsOn: "2025-03-18", LoanFund: "provincial", LoanAmount: 500_000_000, LoanTermMonths: 36, LoanStatus: "disbursed",
			Beneficiaries: []int64{a1}}
		if err := db.CreateActivity(ctx, officer, loan); err != nil {
			t.Fatal(err)
		}
		sup, err := db.OrganisationSupports(ctx, officer, a1)
		if err != nil || len(sup) != 2 || sup[0].ID != loan.ID || sup[1].ID != tr.ID {
			t.Fatalf("supports of a1: %v %+v", err, sup)
		}
		for _, c := range []struct {
			f    store.ActivityFilter
			want int
		}{
			{store.ActivityFilter{}, 3},
			{store.ActivityFilter{Q: "boi duong quan tri"}, 1},
			{store.ActivityFilter{Q: "QUY HO TRO"}, 1},
			{store.ActivityFilter{Type: coop.ActivityCapital}, 1},
			{store.ActivityFilter{Province: "central"}, 1},
			{store.ActivityFilter{Province: "08"}, 2},
			{store.ActivityFilter{From: "2025-03-15", To: "2025-03-31"}, 1},
			{store.ActivityFilter{OrganisationID: a2}, 0},
			{store.ActivityFilter{OrganisationID: a1}, 2},
			{store.ActivityFilter{PerPage: 1, Page: 3}, 3},
		} {
			p, err := db.Activities(ctx, officer, c.f)
			if err != nil || p.Total != c.want {
				t.Errorf("filter %+v: total %d (%v), want %d", c.f, p.Total, err, c.want)
			}
		}
		p, _ := db.Activities(ctx, officer, store.ActivityFilter{Province: "08"})
		if p.LoanAmount != 500_000_000 || p.ParticipantsFemale != 40 {
			t.Errorf("list totals: %+v", p)
		}
		// Archive takes it out of the list and the supports.
		if _, err := db.ArchiveActivity(ctx, officer, loan.ID, 1); err != nil {
			t.Fatal(err)
		}
		if sup, _ := db.OrganisationSupports(ctx, officer, a1); len(sup) != 1 {
			t.Errorf("supports after archiving the loan: %d", len(sup))
		}
		if p, _ := db.Activities(ctx, officer, store.ActivityFilter{Archived: true}); p.Total != 1 {
			t.Errorf("archived list: %d", p.Total)
		}
		// Every write is audited with before and after, in the province.
		ev, _, err := db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "activity", EntityID: tr.ID})
		if err != nil || len(ev) != 2 || ev[0].Action != "update" || ev[0].Province != "08" || len(ev[0].Before) == 0 || len(ev[0].After) == 0 {
			t.Errorf("audit of the training: %v %+v", err, ev)
		}
		ev, _, _ = db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "activity", EntityID: loan.ID})
		if len(ev) != 2 || ev[0].Action != "archive" {
			t.Errorf("audit of the loan: %+v", ev)
		}
	})
}
