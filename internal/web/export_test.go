package web_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// download fetches a list download with a token and returns its body.
func download(t *testing.T, ts *httptest.Server, token, path string, wantStatus int) ([]byte, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, res.StatusCode, wantStatus, b)
	}
	return b, res.Header
}

// sheetRows opens a downloaded workbook and returns the rows of its first
// sheet (as shown) and the workbook, for the caller to close.
func sheetRows(t *testing.T, data []byte) ([][]string, *excelize.File) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows, f
}

func csvRows(t *testing.T, data []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\uFEFF")) {
		t.Fatalf("CSV without a BOM: %q", data[:min(len(data), 20)])
	}
	r := csv.NewReader(bytes.NewReader(data[3:]))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func column(rows [][]string, header string) int {
	for i, h := range rows[0] {
		if h == header {
			return i
		}
	}
	return -1
}

func TestListDownloads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		admin := userToken(t, db, "export-admin@htxnu.test", coop.RoleAdmin, "")
		tq := userToken(t, db, "export-tq@htxnu.test", coop.RoleProvincial, "08")
		a := seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", true)
		b := seedOrg(t, db, "+84 Hợp tác xã Chè", "08", false)
		hn := seedOrg(t, db, "Hợp tác xã Rau sạch Tân Phú", "01", false)
		post := func(token, path, body string) {
			t.Helper()
			doAs(t, ts, token, call{method: "POST", path: path, body: body, wantStatus: 201})
		}
		post(tq, "/api/v1/activities", `{"type":"training","title":"Lớp bồi dưỡng quản trị HTX","province":"Tỉnh Hà Giang","starts_on":"2025-03-10","ends_on":"2025-03-11",
			"participants_total":40,"participants_female":35,"target_group":"female_managers","managers_trained_female":30,
			"costs":[{"source":"local_budget","amount":60000000},{"source":"support_fund","amount":20000000}],"beneficiary_ids":[`+itoa(a.ID)+`,`+itoa(b.ID)+`]}`)
		post(tq, "/api/v1/activities", `{"type":"conference","title":"=HYPERLINK(\"http://x\",\"bấm\")","province":"08","starts_on":"2025-05-02"}`)
		post(admin, "/api/v1/activities", `{"type":"conference","title":"Hội nghị Hà Nội","province":"01","starts_on":"2025-06-01","beneficiary_ids":[`+itoa(hn.ID)+`]}`)
		post(tq, "/api/v1/founding-cases", `{"province":"08","group_name":"Nhóm dệt Nà Tông","kind":"HTX","women_led":true,"members_planned":9,"advised_on":"2026-01-05","contact_phone":"0912 000 111"}`)
		post(admin, "/api/v1/founding-cases", `{"province":"01","group_name":"Nhóm rau Đông Anh","kind":"THT","members_planned":5,"advised_on":"2026-01-06"}`)
		post(tq, "/api/v1/obstacles", `{"province":"08","category":"social_insurance","title":"-Lao động nữ không được hỗ trợ","female_workers_affected":40}`)
		post(admin, "/api/v1/obstacles", `{"province":"01","category":"credit","title":"Vướng mắc Hà Nội"}`)

		// Activities: every column a person reads, numbers as numbers,
		// dates as dates, the filters on screen.
		data, h := download(t, ts, admin, "/activities/export.xlsx?type=training&page=3", 200)
		if ct := h.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
			t.Errorf("content type %q", ct)
		}
		if cd := h.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, ".xlsx") {
			t.Errorf("content disposition %q", cd)
		}
		rows, f := sheetRows(t, data)
		if len(rows) != 2 {
			t.Fatalf("training filter: %d rows, want header + 1: %q", len(rows), rows)
		}
		for header, want := range map[string]string{"Tên hoạt động": "Lớp bồi dưỡng quản trị HTX", "Tỉnh, thành phố": "Tỉnh Tuyên Quang",
			"Loại hoạt động": coop.ActivityTypes.Label("training"), "Ngày bắt đầu": "10/03/2025", "Số người tham dự là nữ": "35",
			"Kinh phí (đồng)": "80,000,000", "Số tổ chức thụ hưởng": "2", "Đối tượng đào tạo": "Cán bộ quản lý nữ của HTX"} {
			i := column(rows, header)
			if i < 0 || rows[1][i] != want {
				t.Errorf("column %q = %v, want %q", header, rows[1], want)
			}
		}
		sheet := f.GetSheetList()[0]
		cell, _ := excelize.CoordinatesToCellName(column(rows, "Kinh phí (đồng)")+1, 2)
		if raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true}); raw != "80000000" {
			t.Errorf("money stored as %q, want the number 80000000", raw)
		}
		cell, _ = excelize.CoordinatesToCellName(column(rows, "Ngày bắt đầu")+1, 2)
		if raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true}); raw != "45726" {
			t.Errorf("date stored as %q, want the day number 45726", raw)
		}
		info, _ := f.GetRows("Thông tin")
		if !strings.Contains(flat(info), "Loại hoạt động") || !strings.Contains(flat(info), "Số dòng 1") {
			t.Errorf("info sheet lacks the filters or the row count: %q", info)
		}

		// Scope: Tuyên Quang's officer downloads only her province's (and
		// the centre's) records, in every list she can see.
		for _, path := range []string{"/activities/export.csv", "/api/v1/activities/export.csv", "/activities/beneficiaries/export.csv",
			"/pipeline/export.csv", "/obstacles/export.csv", "/api/v1/founding-cases/export.csv"} {
			data, _ := download(t, ts, tq, path, 200)
			text := string(data)
			if strings.Contains(text, "Hà Nội") || strings.Contains(text, "Tân Phú") || strings.Contains(text, "Đông Anh") {
				t.Errorf("%s: the officer of Tuyên Quang sees another province:\n%s", path, text)
			}
			if len(csvRows(t, data)) < 2 {
				t.Errorf("%s: no rows of her own", path)
			}
		}
		// …while the centre sees both.
		data, _ = download(t, ts, admin, "/activities/export.csv", 200)
		if recs := csvRows(t, data); len(recs) != 4 {
			t.Errorf("admin: %d activity records, want header + 3", len(recs))
		}

		// Beneficiaries: one row per activity and organisation.
		data, _ = download(t, ts, admin, "/activities/beneficiaries/export.xlsx", 200)
		rows, _ = sheetRows(t, data)
		if len(rows) != 4 {
			t.Errorf("beneficiaries: %d rows, want header + 3: %q", len(rows), rows)
		}

		// Formula-like text stays text: a string cell in the workbook, an
		// apostrophe first in the CSV file.
		data, _ = download(t, ts, tq, "/activities/export.xlsx?type=conference", 200)
		rows, f = sheetRows(t, data)
		i := column(rows, "Tên hoạt động")
		if len(rows) != 2 || rows[1][i] != `=HYPERLINK("http://x","bấm")` {
			t.Fatalf("conference rows: %q", rows)
		}
		cell, _ = excelize.CoordinatesToCellName(i+1, 2)
		if fm, _ := f.GetCellFormula(f.GetSheetList()[0], cell); fm != "" {
			t.Errorf("title written as the formula %q", fm)
		}
		if typ, _ := f.GetCellType(f.GetSheetList()[0], cell); typ != excelize.CellTypeInlineString {
			t.Errorf("title cell type %v, want a string", typ)
		}
		data, _ = download(t, ts, tq, "/activities/export.csv?type=conference", 200)
		if recs := csvRows(t, data); len(recs) != 2 || !strings.HasPrefix(recs[1][column(recs, "Tên hoạt động")], `'=HYPERLINK`) {
			t.Errorf("CSV title not neutralised: %q", recs)
		}
		data, _ = download(t, ts, tq, "/activities/beneficiaries/export.csv", 200)
		if !strings.Contains(string(data), "'+84 Hợp tác xã Chè") {
			t.Errorf("CSV organisation name not neutralised:\n%s", data)
		}
		data, _ = download(t, ts, admin, "/obstacles/export.csv?province=08", 200)
		if recs := csvRows(t, data); len(recs) != 2 || recs[1][column(recs, "Tiêu đề")] != "'-Lao động nữ không được hỗ trợ" {
			t.Errorf("obstacles CSV: %q", recs)
		}

		// An old province in the filter: the new one's rows, and the note.
		data, _ = download(t, ts, admin, "/pipeline/export.xlsx?province=02", 200)
		rows, f = sheetRows(t, data)
		if len(rows) != 2 || rows[1][column(rows, "Tên nhóm")] != "Nhóm dệt Nà Tông" || rows[1][column(rows, "Phụ nữ làm chủ")] != "Có" {
			t.Errorf("pipeline rows: %q", rows)
		}
		info, _ = f.GetRows("Thông tin")
		if !strings.Contains(flat(info), "Tỉnh Hà Giang (02) nay thuộc Tỉnh Tuyên Quang (08)") {
			t.Errorf("info sheet lacks the province note: %q", info)
		}

		// Users and the audit: only for those who may see them.
		data, _ = download(t, ts, admin, "/admin/users/export.xlsx?province=08", 200)
		rows, _ = sheetRows(t, data)
		if len(rows) != 2 || rows[1][column(rows, "Email")] != "export-tq@htxnu.test" || rows[1][column(rows, "Tỉnh, thành phố")] != "Tỉnh Tuyên Quang" {
			t.Errorf("users rows: %q", rows)
		}
		download(t, ts, tq, "/admin/users/export.xlsx", 403)
		download(t, ts, tq, "/api/v1/users/export.csv", 403)
		// Signed out: 401 from the API, the sign-in page for the page.
		noAuth := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		for path, want := range map[string]int{"/api/v1/activities/export.csv": 401, "/activities/export.xlsx": 303} {
			res, err := noAuth.Get(ts.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != want {
				t.Errorf("signed out %s: %d, want %d", path, res.StatusCode, want)
			}
		}

		data, _ = download(t, ts, admin, "/audit/export.xlsx?entity=organisation", 200)
		rows, _ = sheetRows(t, data)
		if len(rows) != 4 || rows[1][column(rows, "Loại bản ghi")] != "Tổ chức" {
			t.Errorf("audit rows: %q", rows)
		}
		data, _ = download(t, ts, admin, "/audit/export.csv?entity=activity", 200)
		if !strings.Contains(string(data), "Tỉnh Hà Giang") {
			t.Errorf("the audit download lacks the province as given:\n%s", data)
		}

		// A filter the list refuses is refused the same way, as an error
		// rather than a broken file.
		data, h = download(t, ts, admin, "/api/v1/activities/export.xlsx?jobs=XYZ", 422)
		if !strings.Contains(string(data), "Bộ lọc việc làm không hợp lệ.") || h.Get("Content-Disposition") != "" || !strings.Contains(h.Get("Content-Type"), "json") {
			t.Errorf("bad filter: %s %v", data, h)
		}

		// Reports: the list downloads even when empty, with its headers.
		data, _ = download(t, ts, admin, "/api/v1/reports/export.csv", 200)
		if recs := csvRows(t, data); len(recs) < 1 || recs[0][0] != "Mã" {
			t.Errorf("reports CSV: %q", recs)
		}

		// The list pages link to their downloads with the filters on screen.
		page := doAs(t, ts, admin, call{method: "GET", path: "/activities?type=training&page=1", wantStatus: 200})
		for _, want := range []string{`href="/activities/export.xlsx?type=training"`, `href="/activities/export.csv?type=training"`,
			`href="/activities/beneficiaries/export.xlsx?type=training"`} {
			if !strings.Contains(page, want) {
				t.Errorf("activities page lacks %s", want)
			}
		}
		for path, want := range map[string]string{"/pipeline": "/pipeline/export.xlsx", "/obstacles?tab=escalated": "/obstacles/export.xlsx?tab=escalated",
			"/reports?tab=all": "/reports/export.csv?tab=all", "/admin/users": "/admin/users/export.xlsx", "/audit?entity=user": "/audit/export.csv?entity=user"} {
			page := doAs(t, ts, admin, call{method: "GET", path: path, wantStatus: 200})
			if !strings.Contains(page, `href="`+want) {
				t.Errorf("%s lacks a link to %s", path, want)
			}
		}
	})
}

func flat(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, " "))
		b.WriteString("\n")
	}
	return b.String()
}
