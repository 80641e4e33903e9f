package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

func init() {
	form := "application/x-www-form-urlencoded"
	matrixFixtures = append(matrixFixtures, matrixFixture{
		// The narrative form of VCA's national report: no province takes part.
		Prefixes: []string{"/reports/national/{id}/save"},
		Creates:  []string{"POST /reports/national"},
		Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
			return seedReport(t, db, "", label, coop.ReportDraft)
		},
		Body: func(method, path string, id int64, province string) (string, string) {
			if id == 0 {
				return url.Values{"kind": {"ad_hoc"}, "from": {"2026-01-01"}, "to": {"2026-03-31"},
					"title": {fmt.Sprintf("Báo cáo toàn quốc ma trận %d", matrixReportSeq.Add(1))}}.Encode(), form
			}
			return url.Values{"row_version": {"2"}, "action": {"save"}, "narrative.results": {"Kết quả toàn quốc"}}.Encode(), form
		},
	})
}

// openPeriodic opens the province's periodic report and moves it on: submitted on
// the day given (in Vietnam), approved when approve is set.
func openPeriodic(t *testing.T, db *store.DB, province string, p coop.Period, submitted string, approve bool) int64 {
	t.Helper()
	ctx := context.Background()
	r := &coop.Report{Province: province, Period: p}
	if err := db.CreateReport(ctx, coop.System, r); err != nil {
		t.Fatal(err)
	}
	if submitted == "" {
		return r.ID
	}
	if _, err := db.UpdateReport(ctx, coop.System, r.ID, r.RowVersion, store.ReportEdit{Narrative: coop.Narrative{
		coop.SectionResults: "Kết quả", coop.SectionDifficulties: "Khó khăn", coop.SectionRecommendations: "Kiến nghị",
		coop.SectionNextTasks: "Nhiệm vụ"}}); err != nil {
		t.Fatal(err)
	}
	day, _ := time.Parse("2006-01-02 15:04", submitted+" 03:00")
	db.SetClock(func() time.Time { return day })
	if _, err := db.SubmitReport(ctx, coop.System, r.ID, 0); err != nil {
		t.Fatal(err)
	}
	if approve {
		if _, err := db.ApproveReport(ctx, coop.System, r.ID, 0); err != nil {
			t.Fatal(err)
		}
	}
	return r.ID
}

// reportingSeed: in 2026, Tuyên Quang sent its six-monthly report on time
// and it was approved; Hà Nội sent it late; nobody sent the annual one.
// The clock stands on 1 October 2026.
func reportingSeed(t *testing.T, db *store.DB) (tq, hn int64) {
	t.Helper()
	h1 := coop.Period{Kind: coop.ReportSixMonthly, Year: 2026, Half: 1}
	tq = openPeriodic(t, db, "08", h1, "2026-06-16", true)
	hn = openPeriodic(t, db, "01", h1, "2026-07-02", false)
	today, _ := time.Parse("2006-01-02", "2026-10-01")
	db.SetClock(func() time.Time { return today.Add(3 * time.Hour) })
	return tq, hn
}

func TestReportCalendarPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tq, hn := reportingSeed(t, db)
		ts := newServer(t, db)
		centre := roleClient(t, db, ts, "central@cal.test", coop.RoleCentral, "")
		officer := roleClient(t, db, ts, "officer08@cal.test", coop.RoleProvincial, "08")

		code, body := getPage(t, centre, ts.URL+"/reports/calendar?year=2026")
		if code != 200 {
			t.Fatalf("calendar: %d %.300s", code, body)
		}
		mustContain(t, "national calendar", body, `id="report-calendar"`, "Báo cáo 6 tháng đầu năm 2026", "Báo cáo năm 2026",
			`<tr data-province="08"><th scope="row">Tỉnh Tuyên Quang</th>`, `<tr data-province="01">`, `<tr data-province="">`,
			fmt.Sprintf(`href="/reports/%d"`, tq), fmt.Sprintf(`href="/reports/%d"`, hn), "gửi muộn", "✓ đúng hạn", "Chưa lập", "còn ")
		if n := strings.Count(body, "<tr data-province="); n != len(coop.Provinces())+1 {
			t.Errorf("calendar rows: %d, want every province and VCA's (%d)", n, len(coop.Provinces())+1)
		}

		code, body = getPage(t, officer, ts.URL+"/reports/calendar?year=2026")
		if code != 200 {
			t.Fatalf("provincial calendar: %d", code)
		}
		mustContain(t, "own calendar", body, fmt.Sprintf(`href="/reports/%d"`, tq), "Báo cáo năm 2026", "Chưa lập",
			`href="/reports/new?kind=annual&amp;year=2026"`)
		mustNotContain(t, "own calendar", body, fmt.Sprintf(`href="/reports/%d"`, hn), "Thành phố Hà Nội", `data-province=`,
			`href="/reports/national"`)
		if code, _ = getPage(t, officer, ts.URL+"/reports/calendar?year=1999"); code != http.StatusUnprocessableEntity && code != http.StatusBadRequest {
			t.Errorf("year out of the scheme: %d", code)
		}
		_, body = getPage(t, officer, ts.URL+"/reports?tab=all")
		mustContain(t, "list tabs", body, `href="/reports/calendar"`, `href="/reports/rates"`)
		mustNotContain(t, "list tabs", body, `href="/reports/national"`)
	})
}

func TestReportRatesPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		reportingSeed(t, db)
		ts := newServer(t, db)
		centre := roleClient(t, db, ts, "central@rates.test", coop.RoleCentral, "")
		officer := roleClient(t, db, ts, "officer01@rates.test", coop.RoleProvincial, "01")

		code, body := getPage(t, centre, ts.URL+"/reports/rates?year=2026&kind=six_monthly")
		if code != 200 {
			t.Fatalf("rates: %d %.300s", code, body)
		}
		n := len(coop.Provinces())
		// Of every province's six-monthly report, two were sent, one on time, one approved.
		mustContain(t, "rates", body, `<tr data-key="six_monthly-2026-H1">`,
			fmt.Sprintf(`<td class="n">%d</td>`, n), `<tr data-province="08">`, `<tr data-province="01">`,
			`href="/reports?kind=six_monthly&amp;province=provinces&amp;status=approved&amp;tab=all&amp;year=2026">1</a>`,
			`href="/reports?kind=six_monthly&amp;province=01&amp;status=approved&amp;tab=all&amp;year=2026">0</a>`,
			"Tổng cộng")
		mustNotContain(t, "rates", body, "Báo cáo năm 2026")
		// The total row: every province expected, two sent, one on time, one late.
		if !strings.Contains(body, fmt.Sprintf(`<tfoot><tr><th scope="row">Tổng cộng</th><td class="n">%d</td><td class="n">2 <small>`, n)) {
			t.Errorf("rates total row wrong")
		}
		// The link's list holds what the cell says.
		_, list := getPage(t, centre, ts.URL+"/reports?kind=six_monthly&province=provinces&status=approved&tab=all&year=2026")
		mustContain(t, "approved list", list, "1 báo cáo", "Tỉnh Tuyên Quang")

		code, body = getPage(t, officer, ts.URL+"/reports/rates?year=2026")
		if code != 200 {
			t.Fatalf("provincial rates: %d", code)
		}
		mustContain(t, "own rates", body, `<tr data-province="01">`)
		mustNotContain(t, "own rates", body, `<tr data-province="08">`, "Tỉnh Tuyên Quang", `name="province"`)
		if code, _ = getPage(t, officer, ts.URL+"/reports/rates?year=2026&province=08"); code != http.StatusNotFound {
			t.Errorf("another province's rates: %d, want 404", code)
		}
	})
}

func TestNationalReportPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tq, _ := reportingSeed(t, db)
		ts := newServer(t, db)
		centre := roleClient(t, db, ts, "central@national.test", coop.RoleCentral, "")
		lead := roleClient(t, db, ts, "lead08@national.test", coop.RoleProvincialLead, "08")

		if code, _ := getPage(t, lead, ts.URL+"/reports/national"); code != http.StatusForbidden {
			t.Errorf("provincial lead on the national page: %d, want 403", code)
		}
		if code, _, _ := postForm(t, lead, ts.URL+"/reports/national", url.Values{"kind": {"annual"}, "year": {"2026"}}); code != http.StatusForbidden {
			t.Errorf("provincial lead opens the national report: %d, want 403", code)
		}

		code, body := getPage(t, centre, ts.URL+"/reports/national?kind=six_monthly&year=2026")
		if code != 200 {
			t.Fatalf("national: %d %.300s", code, body)
		}
		mustContain(t, "consolidation", body, "Tổng hợp toàn quốc: Báo cáo 6 tháng đầu năm 2026", `id="national-sources"`,
			fmt.Sprintf(`<tr data-province="08"><th scope="row"><a href="/reports/%d">Tỉnh Tuyên Quang</a>`, tq),
			"✓ Đã phê duyệt, phiên bản 1", "⚠ Số liệu trực tiếp, chưa phê duyệt", `id="national-figures"`,
			"Tỉnh có báo cáo đã phê duyệt</dt><dd>1 / ", `id="national-open"`, "Tổng hợp trực tiếp lúc")
		if strings.Count(body, "⚠ Số liệu trực tiếp, chưa phê duyệt") != len(coop.Provinces())-1 {
			t.Errorf("every province but Tuyên Quang is on live figures")
		}

		// Opening the national report, then writing it through its form.
		code, loc, _ := postForm(t, centre, ts.URL+"/reports/national", url.Values{"kind": {"six_monthly"}, "year": {"2026"}, "half": {"1"}})
		if code != http.StatusSeeOther || !strings.Contains(loc, "done=created") {
			t.Fatalf("open national: %d %s", code, loc)
		}
		var id int64
		fmt.Sscanf(loc, "/reports/%d", &id)
		_, body = getPage(t, centre, ts.URL+loc)
		mustContain(t, "national draft", body, fmt.Sprintf(`action="/reports/national/%d/save"`, id), "Đã mở dự thảo báo cáo")
		code, _, body = postForm(t, centre, ts.URL+"/reports/national", url.Values{"kind": {"six_monthly"}, "year": {"2026"}})
		if code != http.StatusConflict {
			t.Errorf("opening it twice: %d, want 409", code)
		}
		mustContain(t, "twice", body, "đã có")

		form := url.Values{"row_version": {rowVersionOf(t, db, id)}, "action": {"save"}, "title": {"Kết quả 6 tháng đầu năm 2026 toàn quốc"},
			"narrative.results": {"Cả nước thành lập mới 120 HTX do nữ quản lý."}}
		code, loc, _ = postForm(t, centre, fmt.Sprintf("%s/reports/national/%d/save", ts.URL, id), form)
		if code != http.StatusSeeOther || loc != fmt.Sprintf("/reports/%d?done=saved#narrative", id) {
			t.Fatalf("save national: %d %s", code, loc)
		}
		_, body = getPage(t, centre, ts.URL+loc)
		mustContain(t, "saved", body, "Đã lưu báo cáo.", "Cả nước thành lập mới 120 HTX do nữ quản lý.")
		// A stale row version is refused in words, not saved.
		code, _, body = postForm(t, centre, fmt.Sprintf("%s/reports/national/%d/save", ts.URL, id), form)
		if code < 400 || code >= 500 {
			t.Errorf("stale save: %d", code)
		}

		_, body = getPage(t, centre, ts.URL+"/reports/national?kind=six_monthly&year=2026")
		mustContain(t, "opened", body, fmt.Sprintf(`<a href="/reports/%d">`, id))
		mustNotContain(t, "opened", body, `id="national-open"`)
		// A province's report cannot be written through the national form.
		code, _, _ = postForm(t, centre, fmt.Sprintf("%s/reports/national/%d/save", ts.URL, tq), url.Values{"row_version": {rowVersionOf(t, db, tq)}, "action": {"save"}})
		if code < 400 || code >= 500 {
			t.Errorf("province's report through the national form: %d", code)
		}
	})
}

// The dashboard's reporting section counts the provinces' reports and
// links its counts to the report list; the workbook holds the same tables.
func TestDashboardReporting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tq, _ := reportingSeed(t, db)
		seedReport(t, db, "", "Báo cáo toàn quốc đã ban hành", coop.ReportApproved) // VCA's own: not a province's report
		ts := newServer(t, db)
		centre := userToken(t, db, "centre@dashrep.test", coop.RoleCentral, "")
		officer := userToken(t, db, "officer01@dashrep.test", coop.RoleProvincial, "01")

		page := getAs(t, ts, centre, "/dashboard", 200)
		mustContain(t, "dashboard", page, `<section id="reporting-section"`, `<tr data-key="six_monthly-2026-H1">`,
			`<a class="n" href="/reports?kind=six_monthly&amp;province=provinces&amp;status=approved&amp;year=2026" data-n="1">1</a>`,
			`<a class="n" href="/reports?kind=six_monthly&amp;province=provinces&amp;status=submitted&amp;year=2026" data-n="1">1</a>`,
			`href="/dashboard.xlsx"`)
		// Every number links to a list of the same total, through the API.
		links := dashLinks(t, page)
		seen := 0
		for _, l := range links {
			if !strings.HasPrefix(l.href, "/reports") {
				continue
			}
			seen++
			if got := listFigure(t, ts, centre, l); got != l.n {
				t.Errorf("%d links to %s, which lists %d", l.n, l.href, got)
			}
		}
		if seen != 8 {
			t.Errorf("%d report counts on the dashboard, want 8 (2 for each of 4 periods)", seen)
		}

		// The province sees its own reports: Hà Nội's late one waits for review.
		page = getAs(t, ts, officer, "/dashboard", 200)
		mustContain(t, "province dashboard", page,
			`<a class="n" href="/reports?kind=six_monthly&amp;province=01&amp;status=submitted&amp;year=2026" data-n="1">1</a>`,
			`<a class="n" href="/reports?kind=six_monthly&amp;province=01&amp;status=approved&amp;year=2026" data-n="0">0</a>`)
		mustNotContain(t, "province dashboard", page, fmt.Sprintf(`/reports/%d"`, tq), "province=provinces")
		for _, l := range dashLinks(t, page) {
			if strings.HasPrefix(l.href, "/reports") {
				if got := listFigure(t, ts, officer, l); got != l.n {
					t.Errorf("province: %d links to %s, which lists %d", l.n, l.href, got)
				}
			}
		}

		// The workbook: the same tables, filters and scope as the page.
		raw := getAs(t, ts, centre, "/dashboard.xlsx?province=08", 200)
		f, err := excelize.OpenReader(strings.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) != 11 || sheets[0] != "Thông tin" {
			t.Fatalf("sheets %v: want the information sheet and the 10 tables", sheets)
		}
		var rows [][]string
		for _, name := range sheets {
			r, err := f.GetRows(name)
			if err != nil {
				t.Fatal(err)
			}
			if len(r) > 0 && strings.Contains(r[0][0], "Báo cáo định kỳ – Tỉnh Tuyên Quang") {
				rows = r
			}
		}
		if rows == nil {
			t.Fatalf("no reporting sheet in %v", sheets)
		}
		var h1 []string
		for _, r := range rows {
			if len(r) > 0 && r[0] == "Báo cáo 6 tháng đầu năm 2026" {
				h1 = r
			}
		}
		// Tuyên Quang owed one, sent one on time, and it was approved.
		if len(h1) < 8 || h1[2] != "1" || h1[3] != "1" || h1[4] != "1" || h1[6] != "0" || h1[7] != "1" {
			t.Errorf("six-monthly row in the workbook: %q", h1)
		}
		if !strings.Contains(h1[5], "100") {
			t.Errorf("on-time rate %q, want 100%%", h1[5])
		}
		// The history sheet holds numbers as numbers, not "33.709" text.
		checked := 0
		for _, name := range sheets {
			r, _ := f.GetRows(name)
			if len(r) == 0 || !strings.Contains(r[0][0], "qua các kỳ") {
				continue
			}
			for y, row := range r {
				for x, v := range row {
					if x == 0 || v == "" || strings.Trim(v, "0123456789.") != "" {
						continue
					}
					axis, _ := excelize.CoordinatesToCellName(x+1, y+1)
					if ct, _ := f.GetCellType(name, axis); ct == excelize.CellTypeSharedString || ct == excelize.CellTypeInlineString {
						t.Errorf("history sheet %s %s holds %q as text", name, axis, v)
					}
					checked++
				}
			}
		}
		if checked == 0 {
			t.Error("no figure checked in the history sheet")
		}
		// A province's officer gets her own province's workbook, and no other.
		getAs(t, ts, officer, "/dashboard.xlsx?province=08", 404)
		own, err := excelize.OpenReader(strings.NewReader(getAs(t, ts, officer, "/dashboard.xlsx", 200)))
		if err != nil {
			t.Fatal(err)
		}
		defer own.Close()
		var text strings.Builder
		for _, name := range own.GetSheetList() {
			r, _ := own.GetRows(name)
			for _, row := range r {
				text.WriteString(strings.Join(row, "|") + "\n")
			}
		}
		if !strings.Contains(text.String(), "Báo cáo định kỳ – Thành phố Hà Nội") || strings.Contains(text.String(), "Tuyên Quang") {
			t.Errorf("Hà Nội's workbook must hold Hà Nội's tables only:\n%.600s", text.String())
		}
	})
}
