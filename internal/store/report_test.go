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

// Actors of the report tests.
var (
	repLead      = coop.Actor{UserID: 81, Name: "Hoàng Văn Minh", Role: coop.RoleProvincialLead, Province: "08"}
	repOfficer   = coop.Actor{UserID: 82, Name: "Ma Thị Hương", Role: coop.RoleProvincial, Province: "08"}
	repHanoi     = coop.Actor{UserID: 11, Name: "Nguyễn Thị Lan", Role: coop.RoleProvincial, Province: "01"}
	repHanoiLead = coop.Actor{UserID: 12, Name: "Lê Văn Hải", Role: coop.RoleProvincialLead, Province: "01"}
	repCentre    = coop.Actor{UserID: 2, Name: "Trần Thị Thu", Role: coop.RoleCentral}
	repAdmin     = coop.Actor{UserID: 1, Name: "Quản trị", Role: coop.RoleAdmin}
	repViewer    = coop.Actor{UserID: 3, Name: "Phạm Văn Đức", Role: coop.RoleViewer}
)

// fullNarrative is a narrative with every section written.
func fullNarrative() coop.Narrative {
	return coop.Narrative{
		coop.SectionResults:         "Tổ chức 01 lớp bồi dưỡng cho 40 cán bộ quản lý nữ; hỗ trợ 12 HTX tham gia hội chợ OCOP.",
		coop.SectionDifficulties:    "Nhiều HTX do phụ nữ quản lý thiếu tài sản bảo đảm để vay vốn.",
		coop.SectionRecommendations: "Đề nghị Liên minh HTX Việt Nam bố trí thêm nguồn vốn Quỹ hỗ trợ phát triển HTX.",
		coop.SectionNextTasks:       "Tiếp tục tư vấn thành lập mới 5 HTX do phụ nữ làm chủ.",
	}
}

func sixMonthly(province string) *coop.Report {
	return &coop.Report{Province: province, Period: coop.Period{Kind: coop.ReportSixMonthly, Year: 2026}}
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if coop.ErrorCode(err) != code {
		t.Fatalf("%s: got %v, want %s", what, err, code)
	}
}

func getReport(t *testing.T, db *store.DB, a coop.Actor, id int64) *store.ReportDetail {
	t.Helper()
	d, err := db.Report(context.Background(), a, id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestReportConversation is journey 5: the six-monthly report as a
// conversation between Tuyên Quang and the repCentre.
func TestReportConversation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return vnTime("2026-06-15", "08:00") })
		a := reportOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", coop.KindHTX, true, "2019-05-01")
		jobs := reportActivity(t, db, "trade_promotion", "08", "2026-03-20", 30, 25, a)
		jobs.JobsWomenHTX = 40
		if err := db.UpdateActivity(ctx, coop.System, jobs); err != nil {
			t.Fatal(err)
		}
		reportActivity(t, db, coop.ActivityCapital, "08", "2026-05-05", 0, 0, a)
		twice := reportActivity(t, db, "market_linkage", "08", "2026-04-02", 10, 8, a)
		twice.JobsWomenHTX = 40 // the same 40 jobs, recorded twice
		if err := db.UpdateActivity(ctx, coop.System, twice); err != nil {
			t.Fatal(err)
		}

		// The officer opens the report: window 15/12/2025–14/06/2026,
		// due three working days later.
		r := sixMonthly("08")
		if err := db.CreateReport(ctx, repOfficer, r); err != nil {
			t.Fatal(err)
		}
		if r.WindowFrom != "2025-12-15" || r.WindowTo != "2026-06-14" || r.Deadline != "2026-06-17" || r.Status != coop.ReportDraft ||
			r.Version != 1 || !strings.Contains(r.Title, "6 tháng đầu năm 2026") {
			t.Fatalf("draft %+v", r)
		}
		err := db.CreateReport(ctx, repLead, sixMonthly("08"))
		wantCode(t, "second report of the period", err, coop.ECONFLICT)
		if coop.ErrorMessage(err) != "Báo cáo 6 tháng đầu năm 2026 của tỉnh Tuyên Quang đã có." {
			t.Errorf("conflict message %q", coop.ErrorMessage(err))
		}
		wantCode(t, "another province's report", db.CreateReport(ctx, repOfficer, sixMonthly("01")), coop.EFORBIDDEN)
		wantCode(t, "central staff opening a province's report", db.CreateReport(ctx, repCentre, sixMonthly("08")), coop.EFORBIDDEN)
		wantCode(t, "a period not yet started", db.CreateReport(ctx, repOfficer, &coop.Report{Province: "08",
			Period: coop.Period{Kind: coop.ReportSixMonthly, Year: 2027}}), coop.EINVALID)

		d := getReport(t, db, repOfficer, r.ID)
		f := figureMap(d.Figures)
		if d.FiguresSource != "live" || f["jobs.htx"].Value != 80 || !d.Editable || d.OpenPeriod {
			t.Fatalf("live figures: %s, jobs %d, editable %v, open %v", d.FiguresSource, f["jobs.htx"].Value, d.Editable, d.OpenPeriod)
		}
		if !hasAll(d.Actions, "edit") || hasAll(d.Actions, coop.ActionSubmit) {
			t.Errorf("officer's actions %v", d.Actions)
		}
		if !hasAll(getReport(t, db, repLead, r.ID).Actions, "edit", coop.ActionSubmit) {
			t.Errorf("lead's actions")
		}

		// Scope: Hà Nội does not see it; the repCentre reads but cannot write.
		_, err = db.Report(ctx, repHanoi, r.ID)
		wantCode(t, "Hà Nội reading Tuyên Quang's report", err, coop.ENOTFOUND)
		page, err := db.Reports(ctx, repHanoi, store.ReportFilter{})
		if err != nil || page.Total != 0 {
			t.Fatalf("Hà Nội's list: %v %+v", err, page)
		}
		narr := fullNarrative()
		_, err = db.UpdateReport(ctx, repCentre, r.ID, r.RowVersion, store.ReportEdit{Narrative: narr})
		wantCode(t, "central staff writing the narrative", err, coop.EFORBIDDEN)
		_, err = db.UpdateReport(ctx, repHanoi, r.ID, r.RowVersion, store.ReportEdit{Narrative: narr})
		wantCode(t, "Hà Nội writing", err, coop.ENOTFOUND)

		// Submitting: only the lead, and only with every section written.
		_, err = db.SubmitReport(ctx, repOfficer, r.ID, 0)
		wantCode(t, "officer submitting", err, coop.EFORBIDDEN)
		_, err = db.SubmitReport(ctx, repLead, r.ID, 0)
		wantCode(t, "submitting an empty narrative", err, coop.EINVALID)
		if fs := coop.ErrorFields(err); fs["narrative.results"] == "" || fs["narrative.next_tasks"] == "" {
			t.Errorf("fields %v", fs)
		}

		// The officer writes it; an override needs its justification.
		_, err = db.UpdateReport(ctx, repOfficer, r.ID, r.RowVersion, store.ReportEdit{Narrative: narr,
			Overrides: map[string]coop.Override{"loans.amount": {Value: 1}}})
		wantCode(t, "override without a reason", err, coop.EINVALID)
		if coop.ErrorFields(err)["overrides.loans.amount.justification"] == "" {
			t.Errorf("fields %v", coop.ErrorFields(err))
		}
		meta := coop.ReportMeta{Number: "45/BC-LMHTX", Place: "Tuyên Quang", SignerName: "Hoàng Văn Minh", SignerTitle: "CHỦ TỊCH",
			Recipients: []string{"Liên minh HTX Việt Nam", "UBND tỉnh Tuyên Quang", "Lưu: VT."}}
		up, err := db.UpdateReport(ctx, repOfficer, r.ID, r.RowVersion, store.ReportEdit{Narrative: narr, Meta: &meta,
			Overrides: map[string]coop.Override{"loans.amount": {Value: 480_000_000, Justification: "Theo sao kê giải ngân của Quỹ tỉnh ngày 10/6"}}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.UpdateReport(ctx, repOfficer, r.ID, r.RowVersion, store.ReportEdit{Narrative: narr})
		wantCode(t, "stale row version", err, coop.ECONFLICT)
		d = getReport(t, db, repOfficer, r.ID)
		if lf := figureMap(d.Figures)["loans.amount"]; lf.Effective() != 480_000_000 || lf.Value != 500_000_000 || lf.Justification == "" {
			t.Errorf("override beside the compiled value: %+v", lf)
		}
		// The override is removed again.
		up, err = db.UpdateReport(ctx, repOfficer, r.ID, up.RowVersion, store.ReportEdit{Overrides: map[string]coop.Override{}})
		if err != nil || len(up.Overrides) != 0 || up.Meta.Number != "45/BC-LMHTX" || up.Narrative[coop.SectionResults] == "" {
			t.Fatalf("override removed: %v %+v", err, up)
		}

		// The lead submits on 15/06: version 1 is frozen.
		sub, err := db.SubmitReport(ctx, repLead, r.ID, up.RowVersion)
		if err != nil {
			t.Fatal(err)
		}
		if sub.Status != coop.ReportSubmitted || sub.Version != 1 || sub.FirstSubmittedAt == nil || sub.SubmittedBy != repLead.Name {
			t.Fatalf("submitted %+v", sub)
		}
		_, err = db.UpdateReport(ctx, repOfficer, r.ID, sub.RowVersion, store.ReportEdit{Narrative: narr})
		wantCode(t, "editing a submitted report", err, coop.EINVALID)
		if !strings.Contains(coop.ErrorMessage(err), "Chỉ sửa được") {
			t.Errorf("message %q", coop.ErrorMessage(err))
		}
		_, err = db.SubmitReport(ctx, repLead, r.ID, 0)
		wantCode(t, "submitting twice", err, coop.EINVALID)
		if coop.ErrorMessage(err) != "Chỉ gửi được báo cáo đang ở trạng thái dự thảo." {
			t.Errorf("message %q", coop.ErrorMessage(err))
		}

		// The repCentre returns it with a comment on the jobs figure.
		_, err = db.ReturnReport(ctx, repCentre, r.ID, 0, "")
		wantCode(t, "returning without a reason", err, coop.EINVALID)
		wantCode(t, "the lead commenting", db.CommentReport(ctx, repLead, r.ID, &coop.ReportComment{Body: "Tự góp ý"}), coop.EFORBIDDEN)
		wantCode(t, "a comment on no figure", db.CommentReport(ctx, repCentre, r.ID,
			&coop.ReportComment{AnchorKind: coop.AnchorFigure, AnchorKey: "jobs.none", Body: "?"}), coop.EINVALID)
		cm := &coop.ReportComment{AnchorKind: coop.AnchorFigure, AnchorKey: "jobs.htx", Body: "Số việc làm tạo ra có vẻ bị tính trùng"}
		if err := db.CommentReport(ctx, repCentre, r.ID, cm); err != nil {
			t.Fatal(err)
		}
		if cm.Version != 1 || cm.AnchorLabel != "Việc làm tạo ra cho lao động nữ trong HTX" || cm.Kind != coop.CommentNote {
			t.Errorf("comment %+v", cm)
		}
		_, err = db.ReplyReport(ctx, repOfficer, r.ID, cm.ID, "Chưa trả lại thì chưa trả lời")
		wantCode(t, "replying before the return", err, coop.EINVALID)
		ret, err := db.ReturnReport(ctx, repCentre, r.ID, 0, "")
		if err != nil || ret.Status != coop.ReportReturned || ret.Version != 1 {
			t.Fatalf("returned: %v %+v", err, ret)
		}

		// She fixes the data behind the figure; the live figure recompiles.
		twice.JobsWomenHTX = 0
		if err := db.UpdateActivity(ctx, coop.System, twice); err != nil {
			t.Fatal(err)
		}
		d = getReport(t, db, repOfficer, r.ID)
		if d.FiguresSource != "live" || figureMap(d.Figures)["jobs.htx"].Value != 40 {
			t.Fatalf("recompiled: %s %d", d.FiguresSource, figureMap(d.Figures)["jobs.htx"].Value)
		}
		_, err = db.ReplyReport(ctx, repCentre, r.ID, cm.ID, "Trung ương trả lời")
		wantCode(t, "central staff replying", err, coop.EFORBIDDEN)
		_, err = db.ReplyReport(ctx, repOfficer, r.ID, 999999, "Trả lời góp ý không có")
		wantCode(t, "reply to no comment", err, coop.EINVALID)
		reply, err := db.ReplyReport(ctx, repOfficer, r.ID, cm.ID, "Đã bỏ 40 việc làm ghi trùng ở hoạt động liên kết thị trường ngày 02/4.")
		if err != nil || reply.ParentID != cm.ID || reply.AnchorKey != "jobs.htx" || reply.Version != 1 {
			t.Fatalf("reply %v %+v", err, reply)
		}

		// Resubmitted: version 2 frozen, version 1 as it was.
		db.SetClock(func() time.Time { return vnTime("2026-06-18", "10:00") })
		re, err := db.ResubmitReport(ctx, repLead, r.ID, 0)
		if err != nil || re.Status != coop.ReportSubmitted || re.Version != 2 || !re.FirstSubmittedAt.Equal(*sub.FirstSubmittedAt) {
			t.Fatalf("resubmitted: %v %+v", err, re)
		}
		v1, err := db.ReportVersion(ctx, repOfficer, r.ID, 1)
		if err != nil || figureMap(v1.Figures)["jobs.htx"].Value != 80 {
			t.Fatalf("version 1: %v", err)
		}
		v2, err := db.ReportVersion(ctx, repCentre, r.ID, 2)
		if err != nil || figureMap(v2.Figures)["jobs.htx"].Value != 40 || v2.Meta.Number != "45/BC-LMHTX" {
			t.Fatalf("version 2: %v", err)
		}
		if vs, err := db.ReportVersions(ctx, repCentre, r.ID); err != nil || len(vs) != 2 {
			t.Fatalf("versions %v %v", vs, err)
		}
		_, err = db.ReportVersion(ctx, repHanoi, r.ID, 1)
		wantCode(t, "Hà Nội reading a version", err, coop.ENOTFOUND)

		// The repCentre compares and approves.
		diff, err := db.CompareReportVersions(ctx, repCentre, r.ID, 0, 0)
		if err != nil || diff.A != 1 || diff.B != 2 || len(diff.Figures) == 0 {
			t.Fatalf("compare: %v %+v", err, diff)
		}
		var jobsChange *coop.FigureChange
		for i := range diff.Figures {
			if diff.Figures[i].Key == "jobs.htx" {
				jobsChange = &diff.Figures[i]
			}
		}
		if jobsChange == nil || *jobsChange.Old != 80 || *jobsChange.New != 40 {
			t.Fatalf("jobs change %+v", jobsChange)
		}
		_, err = db.CompareReportVersions(ctx, repCentre, r.ID, 1, 3)
		wantCode(t, "comparing a version that does not exist", err, coop.EINVALID)
		_, err = db.ApproveReport(ctx, repLead, r.ID, 0)
		wantCode(t, "the province approving", err, coop.EFORBIDDEN)
		ok, err := db.ApproveReport(ctx, repCentre, r.ID, 0)
		if err != nil || ok.Status != coop.ReportApproved || ok.ApprovedBy != repCentre.Name || ok.Version != 2 {
			t.Fatalf("approved: %v %+v", err, ok)
		}
		d = getReport(t, db, repViewer, r.ID)
		if d.FiguresSource != "frozen" || d.FiguresVersion != 2 || d.OnTime == nil || !*d.OnTime || len(d.Comments) != 2 || len(d.Versions) != 2 {
			t.Fatalf("approved report: %s v%d on time %v, %d comments, %d versions", d.FiguresSource, d.FiguresVersion, d.OnTime, len(d.Comments), len(d.Versions))
		}
		// Locked: no edits, no comments; the data moving does not move it.
		_, err = db.UpdateReport(ctx, repAdmin, r.ID, ok.RowVersion, store.ReportEdit{Narrative: narr})
		wantCode(t, "editing an approved report", err, coop.EINVALID)
		wantCode(t, "commenting an approved report", db.CommentReport(ctx, repCentre, r.ID, &coop.ReportComment{Body: "Thêm góp ý"}), coop.EINVALID)
		twice.JobsWomenHTX = 7
		if err := db.UpdateActivity(ctx, coop.System, twice); err != nil {
			t.Fatal(err)
		}
		if v := figureMap(getReport(t, db, repCentre, r.ID).Figures)["jobs.htx"].Value; v != 40 {
			t.Errorf("approved figure moved to %d", v)
		}

		// Reopening: administrators only, with a reason.
		_, err = db.ReopenReport(ctx, repCentre, r.ID, 0, "Cần bổ sung số liệu")
		wantCode(t, "central staff reopening", err, coop.EFORBIDDEN)
		_, err = db.ReopenReport(ctx, repAdmin, r.ID, 0, "")
		wantCode(t, "reopening without a reason", err, coop.EINVALID)
		reo, err := db.ReopenReport(ctx, repAdmin, r.ID, 0, "Tỉnh đề nghị bổ sung kết quả hỗ trợ vốn tháng 6")
		if err != nil || reo.Status != coop.ReportReturned || reo.ApprovedAt != nil {
			t.Fatalf("reopened: %v %+v", err, reo)
		}
		d = getReport(t, db, repOfficer, r.ID)
		last := d.Comments[len(d.Comments)-1]
		if last.Kind != coop.CommentReopen || last.AuthorName != repAdmin.Name || d.FiguresSource != "live" {
			t.Errorf("reopen comment %+v, figures %s", last, d.FiguresSource)
		}

		// Every step is in the audit trail.
		events, _, err := db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "report", EntityID: r.ID, PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, e := range events {
			seen[e.Action]++
			if e.Province != "08" {
				t.Errorf("event %s recorded for province %q", e.Action, e.Province)
			}
		}
		for action, n := range map[string]int{"create": 1, "update": 2, "submit": 1, "comment": 3, "return": 1, "resubmit": 1, "approve": 1, "reopen": 1} {
			if seen[action] != n {
				t.Errorf("%d %q events, want %d (%v)", seen[action], action, n, seen)
			}
		}
	})
}

func hasAll(list coop.ActionSet, want ...coop.Action) bool {
	for _, w := range want {
		found := false
		for _, s := range list {
			found = found || s == w
		}
		if !found {
			return false
		}
	}
	return true
}

// TestReportTemplates: administrators set the deadlines; reports opened
// afterwards follow them.
func TestReportTemplates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return vnTime("2026-11-20", "08:00") })
		ts, err := db.ReportTemplates(ctx, repViewer)
		if err != nil || len(ts) != 5 || ts[0].Kind != coop.ReportSixMonthly || ts[0].ProvinceDays != 3 || ts[0].NationalDays != 10 ||
			ts[0].Convention != coop.ConventionDecree09 || ts[0].UpdatedAt.IsZero() {
			t.Fatalf("seeded templates: %v %+v", err, ts)
		}
		annual := ts[1]
		annual.ProvinceDays, annual.Convention = 5, coop.ConventionCalendar
		_, err = db.UpdateReportTemplate(ctx, repCentre, annual)
		wantCode(t, "central staff changing a template", err, coop.EFORBIDDEN)
		bad := annual
		bad.NationalDays = 0
		_, err = db.UpdateReportTemplate(ctx, repAdmin, bad)
		wantCode(t, "no national days", err, coop.EINVALID)
		got, err := db.UpdateReportTemplate(ctx, repAdmin, annual)
		if err != nil || got.Version != 2 || got.UpdatedBy != repAdmin.Name {
			t.Fatalf("update: %v %+v", err, got)
		}
		_, err = db.UpdateReportTemplate(ctx, repAdmin, annual)
		wantCode(t, "stale template", err, coop.ECONFLICT)
		r := &coop.Report{Province: "08", Period: coop.Period{Kind: coop.ReportAnnual, Year: 2025}}
		if err := db.CreateReport(ctx, repOfficer, r); err != nil {
			t.Fatal(err)
		}
		// Calendar year 2025, five working days after 31/12: 1/1 is a holiday.
		if r.Convention != coop.ConventionCalendar || r.WindowFrom != "2025-01-01" || r.WindowTo != "2025-12-31" || r.Deadline != "2026-01-08" {
			t.Errorf("annual report %s %s–%s due %s", r.Convention, r.WindowFrom, r.WindowTo, r.Deadline)
		}
		events, _, _ := db.AuditEvents(ctx, coop.System, store.AuditFilter{Entity: "report_template"})
		if len(events) != 1 || events[0].ActorName != repAdmin.Name {
			t.Errorf("audit %+v", events)
		}
	})
}

// TestReportList: filters, order, pagination and scope of the list.
func TestReportList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return vnTime("2026-11-20", "08:00") })
		for _, r := range []*coop.Report{
			{Province: "08", Period: coop.Period{Kind: coop.ReportAnnual, Year: 2025}},
			{Province: "08", Period: coop.Period{Kind: coop.ReportPhase, Phase: "2023-2025"}},
			{Province: "08", Period: coop.Period{Kind: coop.ReportSixMonthly, Year: 2026}},
			{Province: "08", Period: coop.Period{Kind: coop.ReportAnnual, Year: 2026}}, // an open period
			{Province: "01", Period: coop.Period{Kind: coop.ReportSixMonthly, Year: 2026}},
			{Period: coop.Period{Kind: coop.ReportAnnual, Year: 2025}},
		} {
			actor := repCentre
			if r.Province != "" {
				actor = coop.Actor{Role: coop.RoleProvincial, Province: r.Province}
			}
			if err := db.CreateReport(ctx, actor, r); err != nil {
				t.Fatal(err)
			}
		}
		names := func(p *store.ReportPage) string {
			var out []string
			for _, it := range p.Items {
				out = append(out, it.Province+" "+it.Name)
			}
			return strings.Join(out, " | ")
		}
		all, err := db.Reports(ctx, repCentre, store.ReportFilter{PerPage: 4})
		if err != nil {
			t.Fatal(err)
		}
		if all.Total != 6 || len(all.Items) != 4 || all.Pages() != 2 || all.Items[0].Name != "Báo cáo năm 2026" || !all.Items[0].OpenPeriod {
			t.Fatalf("first page, latest deadline first: %d %s", all.Total, names(all))
		}
		p2, err := db.Reports(ctx, repCentre, store.ReportFilter{PerPage: 4, Page: 2})
		if err != nil || len(p2.Items) != 2 {
			t.Fatalf("second page: %v %s", err, names(p2))
		}
		asc, err := db.Reports(ctx, repCentre, store.ReportFilter{Sort: "deadline"})
		if err != nil || asc.Items[0].Deadline > asc.Items[len(asc.Items)-1].Deadline || asc.Items[0].Deadline != "2025-12-17" {
			t.Fatalf("soonest first: %v %s", err, names(asc))
		}
		for _, c := range []struct {
			f    store.ReportFilter
			want int
		}{
			{store.ReportFilter{Province: "08"}, 4},
			{store.ReportFilter{Province: store.ProvinceNational}, 1},
			{store.ReportFilter{Kind: coop.ReportSixMonthly}, 2},
			{store.ReportFilter{Year: 2025}, 3},
			{store.ReportFilter{Status: coop.ReportDraft}, 6},
			{store.ReportFilter{Status: coop.ReportApproved}, 0},
		} {
			p, err := db.Reports(ctx, repCentre, c.f)
			if err != nil || p.Total != c.want || len(p.Items) != c.want {
				t.Errorf("%+v: %v, %d reports (%s), want %d", c.f, err, p.Total, names(p), c.want)
			}
		}
		own, err := db.Reports(ctx, repOfficer, store.ReportFilter{})
		if err != nil || own.Total != 4 || strings.Contains(names(own), "01 ") {
			t.Fatalf("Tuyên Quang's list: %v %s", err, names(own))
		}
		if p, err := db.Reports(ctx, repOfficer, store.ReportFilter{Province: "01"}); err != nil || p.Total != 0 {
			t.Errorf("Tuyên Quang asking for Hà Nội: %v %d", err, p.Total)
		}
		if _, err := db.Reports(ctx, coop.Anonymous, store.ReportFilter{}); coop.ErrorCode(err) != coop.EFORBIDDEN {
			t.Errorf("anonymous: %v", err)
		}
	})
}

// TestReportSaveKeepsOverrides: saving the narrative of a report that
// carries an override keeps the override and needs no new compilation.
func TestReportSaveKeepsOverrides(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := &coop.Report{Province: "08", Title: "Báo cáo đột xuất quý I", Period: coop.Period{Kind: coop.ReportAdHoc, From: "2026-01-01", To: "2026-03-31"}}
		if err := db.CreateReport(ctx, repLead, r); err != nil {
			t.Fatal(err)
		}
		ov := map[string]coop.Override{"jobs.htx": {Value: 40, Justification: "Bổ sung việc làm chưa cập nhật sổ"}}
		up, err := db.UpdateReport(ctx, repLead, r.ID, r.RowVersion, store.ReportEdit{Overrides: ov})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateReport(ctx, repLead, r.ID, up.RowVersion, store.ReportEdit{Narrative: fullNarrative()}); err != nil {
			t.Fatalf("save the narrative with an override kept: %v", err)
		}
		d := getReport(t, db, repLead, r.ID)
		if o, ok := d.Overrides["jobs.htx"]; !ok || o.Value != 40 {
			t.Errorf("override lost on saving the narrative: %v", d.Overrides)
		}
		if d.Narrative[coop.SectionResults] == "" {
			t.Error("narrative not saved")
		}
	})
}
