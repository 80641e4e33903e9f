package coop

import (
	"strings"
	"testing"
	"time"
)

func TestReportTransitions(t *testing.T) {
	for _, c := range []struct {
		action, from string
		national     bool
		to           string // "" when refused
		msg          string
	}{
		{ActionSubmit, ReportDraft, false, ReportSubmitted, ""},
		{ActionSubmit, ReportReturned, false, "", "Chỉ gửi được báo cáo đang ở trạng thái dự thảo."},
		{ActionSubmit, ReportApproved, false, "", "Chỉ gửi được báo cáo đang ở trạng thái dự thảo."},
		{ActionResubmit, ReportReturned, false, ReportSubmitted, ""},
		{ActionResubmit, ReportDraft, false, "", "Chỉ gửi lại được"},
		{ActionReturn, ReportSubmitted, false, ReportReturned, ""},
		{ActionReturn, ReportDraft, false, "", "Chỉ trả lại được"},
		{ActionApprove, ReportSubmitted, false, ReportApproved, ""},
		{ActionApprove, ReportReturned, false, "", "Chỉ phê duyệt được"},
		{ActionReopen, ReportApproved, false, ReportReturned, ""},
		{ActionReopen, ReportSubmitted, false, "", "Chỉ mở lại được"},
		{ActionApprove, ReportDraft, true, ReportApproved, ""},
		{ActionApprove, ReportReturned, true, ReportApproved, ""},
		{ActionApprove, ReportApproved, true, "", "đã được ban hành"},
		{ActionReopen, ReportApproved, true, ReportReturned, ""},
		{ActionSubmit, ReportDraft, true, "", "Báo cáo toàn quốc"},
		{ActionReturn, ReportDraft, true, "", "Báo cáo toàn quốc"},
	} {
		to, err := NextReportStatus(c.action, c.from, c.national)
		if to != c.to {
			t.Errorf("%s from %s (national %v): %q, want %q", c.action, c.from, c.national, to, c.to)
		}
		if c.to == "" {
			if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), c.msg) || ErrorFields(err)["status"] == "" {
				t.Errorf("%s from %s: error %v, want %q with a status field", c.action, c.from, err, c.msg)
			}
		} else if err != nil {
			t.Errorf("%s from %s: %v", c.action, c.from, err)
		}
	}
	if !ReportEditable(ReportDraft) || !ReportEditable(ReportReturned) || ReportEditable(ReportSubmitted) || ReportEditable(ReportApproved) {
		t.Error("editable statuses")
	}
}

func TestReportValidation(t *testing.T) {
	r := &Report{Title: "  Kết quả   thực hiện Đề án 01 ", Convention: ConventionDecree09,
		Narrative: Narrative{SectionResults: "Đã tổ chức 3 lớp.\r\n\r\n  Hỗ trợ 12 HTX.  ", SectionDifficulties: "   "},
		Meta:      ReportMeta{Number: " 12/BC-LMHTX ", Recipients: []string{" Liên minh HTX Việt Nam ", " ", "Lưu: VT."}}}
	r.Normalize()
	if r.Title != "Kết quả thực hiện Đề án 01" || r.Narrative[SectionResults] != "Đã tổ chức 3 lớp.\nHỗ trợ 12 HTX." {
		t.Errorf("normalised %+v", r)
	}
	if _, ok := r.Narrative[SectionDifficulties]; ok {
		t.Error("a blank section was kept")
	}
	if len(r.Meta.Recipients) != 2 || r.Meta.Number != "12/BC-LMHTX" {
		t.Errorf("meta %+v", r.Meta)
	}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	err := r.ValidateForSubmit()
	f := ErrorFields(err)
	if ErrorCode(err) != EINVALID || f["narrative.results"] != "" || !strings.Contains(f["narrative.difficulties"], "Khó khăn, vướng mắc") ||
		f["narrative.recommendations"] == "" || f["narrative.next_tasks"] == "" {
		t.Errorf("submit check: %v", err)
	}
	for _, s := range ReportSections {
		r.Narrative[s.Code] = "Nội dung phần " + s.Label
	}
	if err := r.ValidateForSubmit(); err != nil {
		t.Error(err)
	}
	r.Narrative["appendix"] = "x"
	r.Meta.Date = "31/02/2026"
	f = ErrorFields(r.Validate())
	if f["narrative"] == "" || f["meta.date"] == "" {
		t.Errorf("fields %v", f)
	}
	r.Title = ""
	if ErrorFields(r.Validate())["title"] == "" {
		t.Error("an empty title passed")
	}
}

func TestOverrides(t *testing.T) {
	figs := []Figure{
		{Key: "jobs.htx", Group: "jobs", Label: "Việc làm cho lao động nữ trong HTX", Unit: FigureJobs, Value: 120},
		{Key: "indicators.T5", Group: "indicators", Label: "T5", Unit: FigurePercent, Value: 8000},
	}
	err := ValidateOverrides(map[string]Override{
		"jobs.htx":      {Value: 80},
		"indicators.T5": {Value: 12000, Justification: "Theo số liệu của Hội LHPN tỉnh"},
		"nope":          {Value: 1, Justification: "Một lý do đủ dài"},
	}, figs)
	f := ErrorFields(err)
	if !strings.Contains(f["overrides.jobs.htx.justification"], "120") || f["overrides.indicators.T5"] == "" || f["overrides.nope"] == "" {
		t.Errorf("fields %v", f)
	}
	ov := map[string]Override{"jobs.htx": {Value: 80, Justification: "Trừ 40 việc làm tính trùng giữa hai hoạt động"}}
	if err := ValidateOverrides(ov, figs); err != nil {
		t.Fatal(err)
	}
	got := ApplyOverrides(figs, ov)
	if got[0].Effective() != 80 || got[0].Value != 120 || got[1].Override != nil || figs[0].Override != nil {
		t.Errorf("applied %+v (original %+v)", got, figs)
	}
}

func TestFigureFormat(t *testing.T) {
	for _, c := range []struct {
		unit string
		v    int64
		want string
	}{
		{FigurePercent, 8450, "84,50 %"}, {FigurePercent, 7, "0,07 %"}, {FigurePercent, 10000, "100,00 %"},
		{FigureDong, 500_000_000, "500.000.000 đồng"}, {FigureOrgs, 1234, "1.234"},
	} {
		if got := FormatFigure(c.unit, c.v); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.unit, c.v, got, c.want)
		}
	}
	if BasisPoints(2, 3) != 6667 || BasisPoints(1, 0) != 0 || BasisPoints(5, 5) != 10000 {
		t.Error("basis points")
	}
}

func TestCommentValidate(t *testing.T) {
	figs := []Figure{{Key: "jobs.htx", Label: "Việc làm cho lao động nữ trong HTX"}}
	c := &ReportComment{AnchorKind: AnchorFigure, AnchorKey: "jobs.htx", Body: " Số việc làm tạo ra có vẻ bị tính trùng "}
	c.Normalize()
	if err := c.Validate(figs); err != nil || c.AnchorLabel != figs[0].Label || c.Body != "Số việc làm tạo ra có vẻ bị tính trùng" {
		t.Errorf("%v %+v", err, c)
	}
	for _, bad := range []ReportComment{
		{AnchorKind: AnchorFigure, AnchorKey: "nope", Body: "Góp ý"},
		{AnchorKind: AnchorSection, AnchorKey: "nope", Body: "Góp ý"},
		{AnchorKind: "page", Body: "Góp ý"},
		{Body: ""},
	} {
		bad.Normalize()
		if ErrorCode(bad.Validate(figs)) != EINVALID {
			t.Errorf("%+v passed", bad)
		}
	}
	c = &ReportComment{Body: "Cả báo cáo", AnchorKey: "x"}
	c.Normalize()
	if c.AnchorKind != AnchorReport || c.AnchorKey != "" {
		t.Errorf("%+v", c)
	}
}

func TestCompareVersions(t *testing.T) {
	ov := int64(80)
	a := &ReportVersion{Version: 1, Title: "Báo cáo", Meta: ReportMeta{Number: "12/BC-LMHTX"},
		Narrative: Narrative{SectionResults: "Kết quả", SectionDifficulties: "Khó khăn"},
		Figures: []Figure{
			{Key: "registry.HTX.orgs", Value: 40},
			{Key: "jobs.htx", Value: 120},
			{Key: "loans.amount", Value: 5},
			{Key: "old.only", Value: 1},
		}}
	b := &ReportVersion{Version: 2, Title: "Báo cáo", Meta: ReportMeta{Number: "15/BC-LMHTX"},
		Narrative: Narrative{SectionResults: "Kết quả đã sửa", SectionDifficulties: "Khó khăn"},
		Figures: []Figure{
			{Key: "registry.HTX.orgs", Value: 40},
			{Key: "jobs.htx", Value: 80},
			{Key: "loans.amount", Value: 5, Override: &ov, Justification: "Theo sao kê của Quỹ"},
			{Key: "new.only", Value: 3},
		}}
	d := CompareVersions(a, b)
	if d.A != 1 || d.B != 2 || d.Unchanged != 1 || len(d.Figures) != 4 {
		t.Fatalf("%+v", d)
	}
	byKey := map[string]FigureChange{}
	for _, c := range d.Figures {
		byKey[c.Key] = c
	}
	if c := byKey["jobs.htx"]; *c.Old != 120 || *c.New != 80 {
		t.Errorf("jobs %+v", c)
	}
	if c := byKey["loans.amount"]; *c.Old != 5 || *c.New != 80 || *c.NewCompiled != 5 || c.NewJustification == "" {
		t.Errorf("override %+v", c)
	}
	if c := byKey["new.only"]; c.Old != nil || *c.New != 3 {
		t.Errorf("new %+v", c)
	}
	if c := byKey["old.only"]; c.New != nil || *c.Old != 1 {
		t.Errorf("removed %+v", c)
	}
	if len(d.Sections) != 1 || d.Sections[0].Key != SectionResults || d.Sections[0].New != "Kết quả đã sửa" {
		t.Errorf("sections %+v", d.Sections)
	}
	if len(d.Meta) != 1 || d.Meta[0].Key != "meta.number" {
		t.Errorf("meta %+v", d.Meta)
	}
	if !CompareVersions(a, a).Same() || d.Same() {
		t.Error("Same")
	}
}

func TestConsolidate(t *testing.T) {
	ov := int64(50)
	target := int64(30)
	sources := []ConsolidationSource{{Province: "08", Approved: true, Version: 2}, {Province: "01"}}
	by := map[string][]Figure{
		"08": {
			{Key: "jobs.htx", Unit: FigureJobs, Value: 120, Override: &ov, Justification: "Trừ số tính trùng"},
			{Key: "indicators.T5", Unit: FigurePercent, Value: 5000, Num: 5, Den: 10},
			{Key: "indicators.T1", Unit: FigureOrgs, Value: 10, Target: &target},
			{Key: "indicators.T7", Unit: FigurePercent, NoData: true},
		},
		"01": {
			{Key: "jobs.htx", Unit: FigureJobs, Value: 30},
			{Key: "indicators.T5", Unit: FigurePercent, Value: 10000, Num: 30, Den: 30},
			{Key: "indicators.T1", Unit: FigureOrgs, Value: 5, Target: &target},
			{Key: "indicators.T7", Unit: FigurePercent, NoData: true},
		},
	}
	central := []Figure{{Key: "jobs.htx", Unit: FigureJobs, Value: 7}}
	national := int64(750)
	c := Consolidate(sources, by, central, map[string]*int64{"indicators.T1": &national})
	get := func(k string) ConsolidatedFigure {
		for _, f := range c.Figures {
			if f.Key == k {
				return f
			}
		}
		t.Fatalf("no %s", k)
		return ConsolidatedFigure{}
	}
	if c.Approved != 1 || len(c.Figures) != 4 || c.Figures[0].Key != "jobs.htx" {
		t.Fatalf("%+v", c)
	}
	if j := get("jobs.htx"); j.Value != 87 || j.ByProvince["08"] != 50 || j.ByProvince["01"] != 30 || j.Central != 7 || j.Override != nil {
		t.Errorf("jobs %+v", j)
	}
	if p := get("indicators.T5"); p.Value != 8750 || p.Num != 35 || p.Den != 40 {
		t.Errorf("T5 %+v", p)
	}
	if p := get("indicators.T1"); p.Value != 15 || *p.Target != 750 {
		t.Errorf("T1 %+v", p)
	}
	if p := get("indicators.T7"); !p.NoData {
		t.Errorf("T7 %+v", p)
	}
}

func TestOnTime(t *testing.T) {
	// 23:30 on the deadline in Vietnam is 16:30 UTC the same day; 00:30 the
	// next day in Vietnam is 17:30 UTC on the deadline.
	in := time.Date(2026, 6, 17, 16, 30, 0, 0, time.UTC)
	late := time.Date(2026, 6, 17, 17, 30, 0, 0, time.UTC)
	if !OnTime(&in, "2026-06-17") || OnTime(&late, "2026-06-17") || OnTime(nil, "2026-06-17") {
		t.Error("on time in Vietnam time")
	}
	if Whose("08") != "tỉnh Tuyên Quang" || Whose("01") != "thành phố Hà Nội" || Whose("") != "Liên minh HTX Việt Nam" {
		t.Error(Whose("08"), Whose("01"))
	}
}
