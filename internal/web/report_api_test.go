package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// matrixReportSeq makes every seeded report's period unique.
var matrixReportSeq atomic.Int64

// matrixReportComment remembers, for a returned report seeded for the
// matrix, the comment a reply answers.
var matrixReportComment = map[int64]int64{}

// seedReport opens an ad hoc report of the province ("" for the national
// report) titled with label, writes every section and moves it to status
// as the system would. It returns the report's id.
func seedReport(t *testing.T, db *store.DB, province, label, status string) int64 {
	t.Helper()
	ctx := context.Background()
	n := matrixReportSeq.Add(1)
	r := &coop.Report{Province: province, Title: fmt.Sprintf("%s – đợt %d", label, n),
		Period: coop.Period{Kind: coop.ReportAdHoc, From: "2026-01-01", To: "2026-03-31"}}
	if err := db.CreateReport(ctx, coop.System, r); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateReport(ctx, coop.System, r.ID, r.RowVersion, store.ReportEdit{Narrative: coop.Narrative{
		coop.SectionResults: "Kết quả thực hiện trong kỳ", coop.SectionDifficulties: "Khó khăn của HTX",
		coop.SectionRecommendations: "Kiến nghị với Liên minh HTX Việt Nam", coop.SectionNextTasks: "Nhiệm vụ kỳ tới"}}); err != nil {
		t.Fatal(err)
	}
	step := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	switch status {
	case coop.ReportSubmitted, coop.ReportReturned, coop.ReportApproved:
		if province == "" {
			_, err := db.ApproveReport(ctx, coop.System, r.ID, 0)
			step(err)
			return r.ID
		}
		_, err := db.SubmitReport(ctx, coop.System, r.ID, 0)
		step(err)
	}
	switch status {
	case coop.ReportReturned:
		c := &coop.ReportComment{AnchorKind: coop.AnchorFigure, AnchorKey: "jobs.htx", Body: "Đề nghị rà soát số việc làm"}
		step(db.CommentReport(ctx, coop.System, r.ID, c))
		_, err := db.ReturnReport(ctx, coop.System, r.ID, 0, "")
		step(err)
		matrixReportComment[r.ID] = c.ID
	case coop.ReportApproved:
		_, err := db.ApproveReport(ctx, coop.System, r.ID, 0)
		step(err)
	}
	return r.ID
}

func init() {
	ctJSON := "application/json"
	reportFixture := func(prefix, status string, body func(id int64) string) matrixFixture {
		return matrixFixture{
			Prefixes: []string{prefix},
			Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
				return seedReport(t, db, province, label, status)
			},
			Body: func(method, path string, id int64, province string) (string, string) { return body(id), ctJSON },
		}
	}
	none := func(int64) string { return "{}" }
	matrixFixtures = append(matrixFixtures,
		reportFixture("/api/v1/reports/{id}/submit", coop.ReportDraft, none),
		reportFixture("/api/v1/reports/{id}/resubmit", coop.ReportReturned, none),
		reportFixture("/api/v1/reports/{id}/return", coop.ReportSubmitted, func(int64) string { return `{"note":"Đề nghị bổ sung số liệu"}` }),
		reportFixture("/api/v1/reports/{id}/approve", coop.ReportSubmitted, none),
		reportFixture("/api/v1/reports/{id}/reopen", coop.ReportApproved, func(int64) string { return `{"reason":"Bổ sung số liệu cuối kỳ"}` }),
		reportFixture("/api/v1/reports/{id}/comments", coop.ReportSubmitted, func(int64) string { return `{"anchor_kind":"report","body":"Góp ý chung"}` }),
		reportFixture("/api/v1/reports/{id}/replies", coop.ReportReturned, func(id int64) string {
			return `{"comment_id":` + strconv.FormatInt(matrixReportComment[id], 10) + `,"body":"Tỉnh đã rà soát"}`
		}),
		reportFixture("/api/v1/reports/{id}/versions", coop.ReportSubmitted, none),
		reportFixture("/api/v1/reports/{id}/compare", coop.ReportSubmitted, none),
		matrixFixture{
			// VCA's national report: the province plays no part.
			Prefixes: []string{"/api/v1/reports/national/{id}"},
			Creates:  []string{"POST /api/v1/reports/national"},
			Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
				return seedReport(t, db, "", label, coop.ReportDraft)
			},
			Body: func(method, path string, id int64, province string) (string, string) {
				if method == "POST" {
					return fmt.Sprintf(`{"kind":"ad_hoc","from":"2026-01-01","to":"2026-03-31","title":"Báo cáo toàn quốc ma trận %d"}`, matrixReportSeq.Add(1)), ctJSON
				}
				return `{"row_version":2,"narrative":{"results":"Kết quả toàn quốc"}}`, ctJSON
			},
		},
		matrixFixture{
			Prefixes: []string{"/api/v1/reports/{id}"},
			Creates:  []string{"POST /api/v1/reports"},
			Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
				return seedReport(t, db, province, label, coop.ReportDraft)
			},
			Body: func(method, path string, id int64, province string) (string, string) {
				if method == "POST" {
					return fmt.Sprintf(`{"province":%q,"kind":"ad_hoc","from":"2026-01-01","to":"2026-03-31","title":"Báo cáo đột xuất ma trận %d"}`,
						province, matrixReportSeq.Add(1)), ctJSON
				}
				return `{"row_version":2,"narrative":{"results":"Kết quả đã sửa"}}`, ctJSON
			},
		},
	)
}

// repDoc decodes a JSON answer.
func repDoc(t *testing.T, body string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, body)
	}
	return v
}

func repInt(t *testing.T, doc map[string]any, key string) int64 {
	t.Helper()
	f, ok := doc[key].(float64)
	if !ok {
		t.Fatalf("no %s in %v", key, doc)
	}
	return int64(f)
}

// TestReportAPI runs journey 5 through the API, with the failures users
// meet on the way.
func TestReportAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		org := seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", true)
		hn := seedOrg(t, db, "Hợp tác xã Lụa Vạn Phúc", "01", true)
		ctx := context.Background()
		for _, a := range []*coop.Activity{
			{Type: "trade_promotion", Title: "Gian hàng OCOP tại hội chợ", Province: "08", StartsOn: "2026-03-20", JobsWomenHTX: 40, Beneficiaries: []int64{org.ID}},
			{Type: "market_linkage", Title: "Kết nối tiêu thụ thổ cẩm", Province: "08", StartsOn: "2026-04-02", JobsWomenHTX: 40, Beneficiaries: []int64{org.ID}},
			{Type: "trade_promotion", Title: "Hội chợ làng nghề", Province: "01", StartsOn: "2026-04-10", JobsWomenHTX: 9, Beneficiaries: []int64{hn.ID}},
		} {
			if err := db.CreateActivity(ctx, coop.System, a); err != nil {
				t.Fatal(err)
			}
		}
		officer := userToken(t, db, "tq@report.test", coop.RoleProvincial, "08")
		lead := userToken(t, db, "lanhdao.tq@report.test", coop.RoleProvincialLead, "08")
		hanoi := userToken(t, db, "hn@report.test", coop.RoleProvincial, "01")
		centre := userToken(t, db, "tw@report.test", coop.RoleCentral, "")
		admin := userToken(t, db, "qt@report.test", coop.RoleAdmin, "")
		viewer := userToken(t, db, "xem@report.test", coop.RoleViewer, "")
		as := func(token string, c call) string {
			t.Helper()
			return obsDo(t, ts, token, c)
		}

		body := as(officer, call{name: "open", method: "POST", path: "/api/v1/reports", wantStatus: 201,
			body: `{"kind":"six_monthly","year":2026}`,
			want: []string{`"status":"draft"`, `"window_from":"2025-12-15"`, `"window_to":"2026-06-14"`, `"deadline":"2026-06-17"`,
				`"figures_source":"live"`, `"key":"jobs.htx"`, `"province":"08"`, `"actions":["edit"]`}})
		doc := repDoc(t, body)
		id := repInt(t, doc, "id")
		p := "/api/v1/reports/" + strconv.FormatInt(id, 10)
		for _, c := range []call{
			{name: "again", method: "POST", path: "/api/v1/reports", body: `{"province":"08","kind":"six_monthly","year":2026}`, wantStatus: 409,
				want: []string{"Báo cáo 6 tháng đầu năm 2026 của tỉnh Tuyên Quang đã có."}},
			{name: "other province", method: "POST", path: "/api/v1/reports", body: `{"province":"01","kind":"six_monthly","year":2026}`, wantStatus: 403},
			{name: "bad kind", method: "POST", path: "/api/v1/reports", body: `{"kind":"weekly","year":2026}`, wantStatus: 422, want: []string{`"kind"`}},
			{name: "no row version", method: "PUT", path: p, body: `{"narrative":{"results":"x"}}`, wantStatus: 422, want: []string{`"row_version"`}},
			{name: "stale", method: "PUT", path: p, body: `{"row_version":7,"narrative":{"results":"x"}}`, wantStatus: 409},
			{name: "officer submits", method: "POST", path: p + "/submit", wantStatus: 403},
			{name: "bad year", method: "GET", path: "/api/v1/reports?year=abc", wantStatus: 400, want: []string{`"year"`}},
		} {
			as(officer, c)
		}
		as(lead, call{name: "empty narrative", method: "POST", path: p + "/submit", wantStatus: 422,
			want: []string{`"narrative.results"`, `"narrative.difficulties"`, `"narrative.recommendations"`, `"narrative.next_tasks"`}})
		as(hanoi, call{name: "Hà Nội reads", method: "GET", path: p, wantStatus: 404, notWant: []string{"Tuyên Quang"}})
		as(hanoi, call{name: "Hà Nội's list", method: "GET", path: "/api/v1/reports", wantStatus: 200, want: []string{`"total":0`}})
		as(centre, call{name: "centre edits", method: "PUT", path: p, body: `{"row_version":1,"narrative":{"results":"x"}}`, wantStatus: 403})

		narrative := `{"results":"Tổ chức gian hàng OCOP, kết nối tiêu thụ cho 12 HTX.","difficulties":"Thiếu vốn lưu động.",
			"recommendations":"Đề nghị Liên minh HTX Việt Nam hỗ trợ xúc tiến thương mại.","next_tasks":"Tư vấn thành lập mới 3 HTX."}`
		as(officer, call{name: "override without a reason", method: "PUT", path: p, wantStatus: 422,
			body: `{"row_version":1,"narrative":` + narrative + `,"overrides":{"jobs.htx":{"value":40}}}`,
			want: []string{`"overrides.jobs.htx.justification"`}})
		as(officer, call{name: "write", method: "PUT", path: p, wantStatus: 200,
			body: `{"row_version":1,"narrative":` + narrative + `,"meta":{"number":"45/BC-LMHTX","place":"Tuyên Quang","recipients":["Liên minh HTX Việt Nam","Lưu: VT."]}}`,
			want: []string{`"row_version":2`, `"number":"45/BC-LMHTX"`, "Thiếu vốn lưu động."}})
		as(lead, call{name: "submit", method: "POST", path: p + "/submit", body: `{"row_version":2}`, wantStatus: 200,
			want: []string{`"status":"submitted"`, `"figures_source":"frozen"`, `"figures_version":1`, `"first_submitted_at"`}})
		as(officer, call{name: "edit after submitting", method: "PUT", path: p, body: `{"row_version":3,"narrative":` + narrative + `}`, wantStatus: 422,
			want: []string{"Chỉ sửa được báo cáo"}})
		as(lead, call{name: "submit twice", method: "POST", path: p + "/submit", wantStatus: 422,
			want: []string{"Chỉ gửi được báo cáo đang ở trạng thái dự thảo."}})

		// The centre comments on the jobs figure and returns the report.
		as(lead, call{name: "lead comments", method: "POST", path: p + "/comments", body: `{"body":"x"}`, wantStatus: 403})
		as(centre, call{name: "return without reason", method: "POST", path: p + "/return", wantStatus: 422, want: []string{`"note"`}})
		cm := repDoc(t, as(centre, call{name: "comment", method: "POST", path: p + "/comments", wantStatus: 201,
			body: `{"anchor_kind":"figure","anchor_key":"jobs.htx","body":"Số việc làm tạo ra có vẻ bị tính trùng"}`,
			want: []string{`"anchor_label":"Việc làm tạo ra cho lao động nữ trong HTX"`, `"version":1`}}))
		as(centre, call{name: "return", method: "POST", path: p + "/return", wantStatus: 200, want: []string{`"status":"returned"`, `"figures_source":"live"`}})
		as(officer, call{name: "reply", method: "POST", path: p + "/replies", wantStatus: 201,
			body: fmt.Sprintf(`{"comment_id":%d,"body":"Đã bỏ 40 việc làm ghi trùng."}`, repInt(t, cm, "id")),
			want: []string{`"kind":"reply"`, `"anchor_key":"jobs.htx"`}})
		as(officer, call{name: "reply to nothing", method: "POST", path: p + "/replies", body: `{"comment_id":0,"body":"?"}`, wantStatus: 422,
			want: []string{`"comment_id"`}})
		as(lead, call{name: "resubmit", method: "POST", path: p + "/resubmit", wantStatus: 200, want: []string{`"version":2`, `"status":"submitted"`}})
		as(viewer, call{name: "versions", method: "GET", path: p + "/versions", wantStatus: 200, want: []string{`"version":1`, `"version":2`}})
		as(viewer, call{name: "version 1", method: "GET", path: p + "/versions?n=1", wantStatus: 200, want: []string{`"version":1`, `"key":"jobs.htx"`}})
		as(viewer, call{name: "version 9", method: "GET", path: p + "/versions?n=9", wantStatus: 404})
		as(centre, call{name: "compare", method: "GET", path: p + "/compare?a=1&b=2", wantStatus: 200, want: []string{`"a":1`, `"b":2`}})
		as(hanoi, call{name: "Hà Nội compares", method: "GET", path: p + "/compare?a=1&b=2", wantStatus: 404})
		as(centre, call{name: "approve", method: "POST", path: p + "/approve", wantStatus: 200, want: []string{`"status":"approved"`, `"on_time"`}})
		as(officer, call{name: "edit approved", method: "PUT", path: p, body: `{"row_version":6,"narrative":` + narrative + `}`, wantStatus: 422})
		as(centre, call{name: "centre reopens", method: "POST", path: p + "/reopen", body: `{"reason":"Bổ sung số liệu"}`, wantStatus: 403})
		as(admin, call{name: "reopen without reason", method: "POST", path: p + "/reopen", wantStatus: 422, want: []string{`"reason"`}})
		as(admin, call{name: "reopen", method: "POST", path: p + "/reopen", body: `{"reason":"Tỉnh đề nghị bổ sung kết quả tháng 6"}`, wantStatus: 200,
			want: []string{`"status":"returned"`, `"kind":"reopen"`}})

		// Lists, the calendar, rates, the national table, templates.
		as(viewer, call{name: "list", method: "GET", path: "/api/v1/reports?province=08&kind=six_monthly&year=2026&sort=-deadline&per_page=5", wantStatus: 200,
			want: []string{`"total":1`, `"name":"Báo cáo 6 tháng đầu năm 2026"`, `"by_status":{"returned":1}`}})
		as(viewer, call{name: "list by status", method: "GET", path: "/api/v1/reports?status=approved", wantStatus: 200, want: []string{`"total":0`}})
		as(officer, call{name: "calendar", method: "GET", path: "/api/v1/reports/calendar?year=2026", wantStatus: 200,
			want: []string{`"status":"returned"`, `"status":"not_started"`}, notWant: []string{`"province":"01"`}})
		as(centre, call{name: "rates", method: "GET", path: "/api/v1/reports/rates?year=2026", wantStatus: 200, want: []string{`"expected":34`}})
		as(officer, call{name: "own rates", method: "GET", path: "/api/v1/reports/rates?year=2026", wantStatus: 200, want: []string{`"province":"08"`},
			notWant: []string{`"province":"01"`}})
		as(centre, call{name: "national", method: "GET", path: "/api/v1/reports/national?kind=six_monthly&year=2026", wantStatus: 200,
			want: []string{`"source":"live"`, `"01":9`, `"scope":""`}})
		as(officer, call{name: "national as a province", method: "GET", path: "/api/v1/reports/national?kind=six_monthly&year=2026", wantStatus: 200,
			want: []string{`"scope":"08"`}, notWant: []string{`"01":`, "Hà Nội"}})
		as(centre, call{name: "open the national report", method: "POST", path: "/api/v1/reports/national", body: `{"kind":"six_monthly","year":2026}`,
			wantStatus: 201, want: []string{`"province":""`, `"deadline":"2026-06-26"`, `"consolidation"`}})
		as(officer, call{name: "province opens the national report", method: "POST", path: "/api/v1/reports/national",
			body: `{"kind":"annual","year":2025}`, wantStatus: 403})
		as(centre, call{name: "national edit of a province's report", method: "PUT", path: "/api/v1/reports/national/" + strconv.FormatInt(id, 10),
			body: `{"row_version":1}`, wantStatus: 404})
		tpl := as(viewer, call{name: "templates", method: "GET", path: "/api/v1/reports/templates", wantStatus: 200,
			want: []string{`"kind":"six_monthly"`, `"province_days":3`, `"national_days":10`}})
		if !strings.Contains(tpl, `"Báo cáo 6 tháng"`) {
			t.Errorf("template labels: %s", tpl)
		}
		as(centre, call{name: "centre changes a template", method: "PUT", path: "/api/v1/reports/templates",
			body: `{"kind":"annual","convention":"decree09","province_days":5,"national_days":10,"version":1}`, wantStatus: 403})
		as(admin, call{name: "template", method: "PUT", path: "/api/v1/reports/templates",
			body: `{"kind":"annual","convention":"decree09","province_days":5,"national_days":10,"version":1}`, wantStatus: 200,
			want: []string{`"province_days":5`}})
		as(admin, call{name: "stale template", method: "PUT", path: "/api/v1/reports/templates",
			body: `{"kind":"annual","convention":"decree09","province_days":6,"national_days":10,"version":1}`, wantStatus: 409})
	})
}
