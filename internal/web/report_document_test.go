package web

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixedReport is a returned six-monthly report of Tuyên Quang, version 2,
// with an override, as the store would return it.
func fixedReport() *store.ReportDetail {
	submitted := time.Date(2026, 6, 16, 3, 0, 0, 0, time.UTC)
	ov := int64(1250)
	target := int64(300)
	r := &coop.Report{ID: 7, Province: "08", Period: coop.Period{Kind: coop.ReportSixMonthly, Year: 2026, Half: 1},
		Convention: coop.ConventionDecree09, WindowFrom: "2025-12-15", WindowTo: "2026-06-14", Deadline: "2026-06-17",
		Title: coop.Period{Kind: coop.ReportSixMonthly, Year: 2026}.DefaultTitle(), Status: coop.ReportSubmitted, Version: 2,
		Meta: coop.ReportMeta{Number: "12/BC-LMHTX", SignerName: "Hoàng Thị Mai", SignerTitle: "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"},
		Narrative: coop.Narrative{coop.SectionResults: "Tổ chức 3 lớp bồi dưỡng cho 120 nữ quản lý HTX.\nHỗ trợ 12 HTX tham gia hội chợ OCOP.",
			coop.SectionDifficulties: "Thiếu tài sản bảo đảm để vay vốn.", coop.SectionRecommendations: "Bố trí thêm vốn Quỹ hỗ trợ phát triển HTX.",
			coop.SectionNextTasks: "Tư vấn thành lập mới 5 HTX do phụ nữ làm chủ."},
		SubmittedAt: &submitted, FirstSubmittedAt: &submitted}
	return &store.ReportDetail{Report: r, ProvinceName: "Tỉnh Tuyên Quang", Name: r.Name(), StatusLabel: "Đã gửi",
		FiguresSource: "frozen", FiguresVersion: 2, CompiledAt: submitted,
		Figures: []coop.Figure{
			{Key: "registry.HTX.orgs", Group: "registry", Label: "Số HTX đang hoạt động", Unit: coop.FigureOrgs, Value: 412, Note: "Sổ đăng ký tại thời điểm tổng hợp"},
			{Key: "jobs.htx", Group: "jobs", Label: "Việc làm mới cho lao động nữ tại HTX", Unit: coop.FigureJobs, Value: 1310, Override: &ov,
				Justification: "Loại trùng 60 việc làm khai ở hai hoạt động", Target: &target, TargetLabel: "Kế hoạch năm 2026"},
			{Key: "indicators.T5", Group: "indicators", Label: "T5 – Tỷ lệ HTX do nữ quản lý được hỗ trợ", Unit: coop.FigurePercent, Value: 8450},
			{Key: "indicators.T7", Group: "indicators", Label: "T7 – Tỷ lệ lao động nữ được đào tạo", Unit: coop.FigurePercent, NoData: true},
			{Key: "spending.total", Group: "spending", Label: "Kinh phí thực hiện", Unit: coop.FigureDong, Value: 1500000000},
		}}
}

// TestReportDocumentGolden fixes what the official document of a report
// says: run with -update after a deliberate change and review the diff.
func TestReportDocumentGolden(t *testing.T) {
	d := fixedReport()
	doc := reportDocument(d)
	got, err := json.MarshalIndent(map[string]any{"document": doc, "workbook": figureTables(d, true),
		"file": reportFileName(d, "pdf")}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "report_document.golden.json")
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("the document differs from %s; run with -update if the change is meant:\n%s", path, got)
	}
	// What the golden file must say, whatever is regenerated.
	if doc.IssuingBody != "LIÊN MINH HTX TỈNH TUYÊN QUANG" || doc.Place != "Tuyên Quang" || !doc.Draft {
		t.Errorf("header: %q, %q, draft %v", doc.IssuingBody, doc.Place, doc.Draft)
	}
	if !doc.Date.Equal(time.Date(2026, 6, 16, 0, 0, 0, 0, vnZone)) {
		t.Errorf("date %v, want the day it was submitted", doc.Date)
	}
	if f := reportFileName(d, "pdf"); f != "bao-cao-6-thang-2026-tuyen-quang-v2.pdf" {
		t.Errorf("file name %q", f)
	}
	// The workbook shows people's words, never the figures' internal keys.
	for _, tb := range figureTables(d, true) {
		for _, row := range tb.Rows {
			for _, cell := range row {
				for _, f := range d.Figures {
					if s, ok := cell.(string); ok && strings.Contains(s, f.Key) {
						t.Errorf("sheet %q shows the internal key %q", tb.Sheet, f.Key)
					}
				}
			}
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"Báo cáo đột xuất «Đắk Lắk»": "bao-cao-dot-xuat-dak-lak", "  Hà Nội v3 ": "ha-noi-v3"} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}
