package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// roleClient is an HTTP client acting as a new account of the role that
// does not follow redirects.
func roleClient(t *testing.T, db *store.DB, ts *httptest.Server, email, role, province string) *http.Client {
	t.Helper()
	tok := userToken(t, db, email, role, province)
	return &http.Client{Transport: bearer{base: http.DefaultTransport, token: tok},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func getPage(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func mustContain(t *testing.T, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s: page lacks %q", what, w)
		}
	}
}

func mustNotContain(t *testing.T, what, body string, notWant ...string) {
	t.Helper()
	for _, w := range notWant {
		if strings.Contains(body, w) {
			t.Errorf("%s: page must not contain %q", what, w)
		}
	}
}

// rowVersionOf reads the report's current row version.
func rowVersionOf(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	d, err := db.Report(context.Background(), coop.System, id)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(d.RowVersion, 10)
}

func narrativeForm(rv string) url.Values {
	return url.Values{"row_version": {rv}, "action": {"save"}, "title": {"Báo cáo đột xuất quý I năm 2026"},
		"narrative.results": {"Đã tổ chức 12 lớp tập huấn cho nữ quản lý HTX."}, "narrative.difficulties": {"Vốn vay còn khó tiếp cận."},
		"narrative.recommendations": {"Đề nghị tăng nguồn vốn hỗ trợ."}, "narrative.next_tasks": {"Tiếp tục hỗ trợ thành lập mới HTX."}}
}

// TestReportPageConversation walks the conversation through the page's
// forms: errors keep what was typed, every action is refused to those who
// may not take it, and an approved report offers no edit.
func TestReportPageConversation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ts := newServer(t, db)
		lead := roleClient(t, db, ts, "lead08@rp.test", coop.RoleProvincialLead, "08")
		officer := roleClient(t, db, ts, "officer08@rp.test", coop.RoleProvincial, "08")
		hanoi := roleClient(t, db, ts, "lead01@rp.test", coop.RoleProvincialLead, "01")
		centre := roleClient(t, db, ts, "central@rp.test", coop.RoleCentral, "")
		viewer := roleClient(t, db, ts, "viewer@rp.test", coop.RoleViewer, "")

		r := &coop.Report{Province: "08", Title: "Báo cáo đột xuất quý I", Period: coop.Period{Kind: coop.ReportAdHoc, From: "2026-01-01", To: "2026-03-31"}}
		if err := db.CreateReport(ctx, coop.System, r); err != nil {
			t.Fatal(err)
		}
		u := fmt.Sprintf("%s/reports/%d", ts.URL, r.ID)

		code, body := getPage(t, lead, u)
		if code != 200 {
			t.Fatalf("lead opens the draft: %d", code)
		}
		mustContain(t, "draft", body, "Số liệu tổng hợp trực tiếp từ dữ liệu đến", "Dự thảo", `id="narrative-form"`, "Gửi báo cáo",
			"Việc làm cho lao động nữ", "Điều chỉnh số liệu")
		mustNotContain(t, "draft", body, "Phê duyệt</button>", "Ghi góp ý")
		// T7 and T8 lead to the Union staff records they are read from.
		mustContain(t, "draft", body, `<tr id="fig-indicators-T7"`, `<a class="union-staff-link" href="/union-staff?province=08">`)
		// The summary says who acts next; an officer is told she cannot.
		mustContain(t, "draft summary", body, `id="next-step"`, "Lãnh đạo Liên minh HTX tỉnh gửi báo cáo")
		mustNotContain(t, "draft summary", body, `id="cannot-act"`)
		_, body = getPage(t, officer, u)
		mustContain(t, "officer's summary", body, `id="cannot-act"`, "vai trò của bạn không gửi được báo cáo")
		_, body = getPage(t, viewer, u)
		mustContain(t, "viewer's summary", body, `id="cannot-act"`, "bạn chỉ xem được báo cáo")

		// Submitting with sections missing: 422, each missing section named.
		code, _, body = postForm(t, lead, u+"/submit", url.Values{"row_version": {rowVersionOf(t, db, r.ID)}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("submit without narrative: %d", code)
		}
		mustContain(t, "submit refused", body, "Báo cáo chưa viết đủ các phần", "Viết phần “Kết quả thực hiện” trước khi gửi báo cáo.")

		// A bad save keeps everything typed.
		bad := narrativeForm(rowVersionOf(t, db, r.ID))
		bad.Set("title", "ab")
		bad.Set("meta.number", strings.Repeat("9", 60))
		code, _, body = postForm(t, lead, u, bad)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("bad save: %d", code)
		}
		mustContain(t, "bad save", body, "Trích yếu quá ngắn", "Đã tổ chức 12 lớp tập huấn cho nữ quản lý HTX.", "Vốn vay còn khó tiếp cận.", "Số, ký hiệu")

		// An override needs a justification; the value typed stays.
		code, _, body = postForm(t, lead, u, url.Values{"row_version": {rowVersionOf(t, db, r.ID)}, "action": {"override"},
			"key": {"jobs.htx"}, "value": {"1.250"}, "justification": {"ngắn"}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("override without a real justification: %d", code)
		}
		mustContain(t, "override refused", body, "Lý do điều chỉnh quá ngắn", `value="1.250"`)
		code, _, _ = postForm(t, lead, u, url.Values{"row_version": {rowVersionOf(t, db, r.ID)}, "action": {"override"},
			"key": {"jobs.htx"}, "value": {"1.250"}, "justification": {"Bổ sung việc làm của hai HTX chưa cập nhật sổ"}})
		if code != http.StatusSeeOther {
			t.Fatalf("override: %d", code)
		}
		_, body = getPage(t, lead, u+"?done=override")
		mustContain(t, "overridden", body, "1.250", "Số tổng hợp: <del>", "Bổ sung việc làm của hai HTX chưa cập nhật sổ", "Đã lưu số liệu điều chỉnh.")

		// A stale row version is refused, not lost silently.
		code, _, body = postForm(t, lead, u, narrativeForm("1"))
		if code != http.StatusConflict {
			t.Fatalf("stale save: %d", code)
		}
		mustContain(t, "stale save", body, "Đã tổ chức 12 lớp tập huấn")

		if code, _, _ = postForm(t, lead, u, narrativeForm(rowVersionOf(t, db, r.ID))); code != http.StatusSeeOther {
			t.Fatalf("save: %d", code)
		}
		// A provincial officer writes but does not submit; another
		// province does not see the report at all.
		if code, _, _ = postForm(t, officer, u+"/submit", url.Values{}); code != http.StatusForbidden {
			t.Errorf("officer submits: %d, want 403", code)
		}
		if code, _ = getPage(t, hanoi, u); code != http.StatusNotFound {
			t.Errorf("another province opens the report: %d, want 404", code)
		}
		if code, loc, _ := postForm(t, lead, u+"/submit", url.Values{"row_version": {rowVersionOf(t, db, r.ID)}}); code != http.StatusSeeOther || !strings.Contains(loc, "done=submitted") {
			t.Fatalf("submit: %d %s", code, loc)
		}
		_, body = getPage(t, lead, u)
		mustContain(t, "submitted", body, "Đã gửi", "Số liệu đã chốt ở phiên bản 1", "Đã tổ chức 12 lớp tập huấn")
		mustNotContain(t, "submitted", body, `id="narrative-form"`, "Điều chỉnh số liệu", "Ghi góp ý")

		// The centre comments on a figure, which needs a body, and returns.
		_, body = getPage(t, centre, u)
		mustContain(t, "centre reads", body, "Ghi góp ý", "Phê duyệt</button>", "Trả lại báo cáo")
		mustNotContain(t, "centre reads", body, `id="narrative-form"`)
		code, _, body = postForm(t, centre, u+"/comments", url.Values{"anchor_kind": {"figure"}, "anchor_key": {"jobs.htx"}, "body": {""}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("empty comment: %d", code)
		}
		mustContain(t, "empty comment", body, "Nhập nội dung.")
		if code, _, _ = postForm(t, viewer, u+"/comments", url.Values{"anchor_kind": {"report"}, "body": {"Góp ý của người xem"}}); code != http.StatusForbidden {
			t.Errorf("viewer comments: %d, want 403", code)
		}
		if code, _, _ = postForm(t, centre, u+"/comments", url.Values{"anchor_kind": {"figure"}, "anchor_key": {"jobs.htx"},
			"body": {"Số việc làm có vẻ bị tính trùng"}}); code != http.StatusSeeOther {
			t.Fatalf("comment: %d", code)
		}
		if code, _, _ = postForm(t, centre, u+"/return", url.Values{"note": {"Đề nghị rà soát số việc làm"}}); code != http.StatusSeeOther {
			t.Fatalf("return: %d", code)
		}

		// The lead sees the comment beside the figure and answers it.
		_, body = getPage(t, lead, u)
		row := body[strings.Index(body, `id="fig-jobs-htx"`):]
		row = row[:strings.Index(row, "</tr>")]
		mustContain(t, "figure row", row, "Số việc làm có vẻ bị tính trùng", "Trả lời góp ý")
		mustContain(t, "returned", body, "Trả lại để chỉnh sửa", "Đề nghị rà soát số việc làm", "Gửi lại báo cáo", `id="narrative-form"`)
		d, _ := db.Report(ctx, coop.System, r.ID)
		var commentID int64
		for _, c := range d.Comments {
			if c.AnchorKey == "jobs.htx" {
				commentID = c.ID
			}
		}
		cid := strconv.FormatInt(commentID, 10)
		code, _, body = postForm(t, lead, u+"/replies", url.Values{"comment_id": {cid}, "body": {"x"}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("short reply: %d", code)
		}
		mustContain(t, "short reply", body, "Nội dung quá ngắn")
		if code, _, _ = postForm(t, lead, u+"/replies", url.Values{"comment_id": {cid}, "body": {"Đã rà soát, bỏ điều chỉnh"}}); code != http.StatusSeeOther {
			t.Fatalf("reply: %d", code)
		}
		if code, _, _ = postForm(t, lead, u, url.Values{"row_version": {rowVersionOf(t, db, r.ID)}, "action": {"unoverride"}, "key": {"jobs.htx"}}); code != http.StatusSeeOther {
			t.Fatalf("remove override: %d", code)
		}
		if code, _, _ = postForm(t, lead, u+"/resubmit", url.Values{}); code != http.StatusSeeOther {
			t.Fatalf("resubmit: %d", code)
		}

		// The centre compares: the figure changed, the comment with its reply.
		code, body = getPage(t, centre, u+"/compare?a=1&b=2")
		if code != 200 {
			t.Fatalf("compare: %d", code)
		}
		mustContain(t, "compare", body, "So sánh phiên bản 1 và 2", `<span class="muted no-data">Chưa có nguồn số liệu</span>`, `class="changed" data-key="jobs.htx"`, "✎ Đã thay đổi",
			"Số việc làm có vẻ bị tính trùng", "Đã rà soát, bỏ điều chỉnh")
		if code, _ = getPage(t, hanoi, u+"/compare?a=1&b=2"); code != http.StatusNotFound {
			t.Errorf("another province compares: %d", code)
		}
		if code, _, _ = postForm(t, lead, u+"/approve", url.Values{}); code != http.StatusForbidden {
			t.Errorf("the lead approves her own report: %d, want 403", code)
		}
		if code, _, _ = postForm(t, centre, u+"/approve", url.Values{}); code != http.StatusSeeOther {
			t.Fatalf("approve: %d", code)
		}
		_, body = getPage(t, lead, u+"?done=approved")
		mustContain(t, "approved", body, "Đã phê duyệt", "Đã phê duyệt báo cáo.", "So với phiên bản 1")
		mustNotContain(t, "approved", body, `id="narrative-form"`, "Điều chỉnh số liệu", "Gửi lại báo cáo", "Trả lời góp ý", "Lưu báo cáo")
		// Approved reports are locked: a save is refused with the reason.
		code, _, body = postForm(t, lead, u, narrativeForm(rowVersionOf(t, db, r.ID)))
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("save after approval: %d", code)
		}
		mustContain(t, "locked", body, "Chỉ sửa được báo cáo đang ở trạng thái dự thảo")
		// The form is gone, not what was typed: it is handed back to copy.
		mustContain(t, "locked", body, `id="unsaved"`, "Nội dung bạn vừa nhập chưa được lưu", "Đã tổ chức 12 lớp tập huấn cho nữ quản lý HTX.")
		// Reopening needs a reason, and an administrator.
		if code, _, _ = postForm(t, centre, u+"/reopen", url.Values{"reason": {"Bổ sung số liệu"}}); code != http.StatusForbidden {
			t.Errorf("central reopens: %d, want 403", code)
		}
		admin := ts.Client()
		admin.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		code, _, body = postForm(t, admin, u+"/reopen", url.Values{"reason": {""}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("reopen without a reason: %d", code)
		}
		if code, _, _ = postForm(t, admin, u+"/reopen", url.Values{"reason": {"Bổ sung số liệu cuối kỳ theo yêu cầu"}}); code != http.StatusSeeOther {
			t.Fatalf("reopen: %d", code)
		}
	})
}

func init() {
	ctForm := "application/x-www-form-urlencoded"
	page := func(prefix, status string, form func(id int64) url.Values) matrixFixture {
		return matrixFixture{
			Prefixes: []string{prefix},
			Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
				return seedReport(t, db, province, label, status)
			},
			Body: func(method, path string, id int64, province string) (string, string) {
				if strings.HasPrefix(path, "/api/") {
					return "{}", "application/json"
				}
				return form(id).Encode(), ctForm
			},
		}
	}
	none := func(int64) url.Values { return url.Values{} }
	matrixFixtures = append(matrixFixtures,
		page("/reports/{id}/submit", coop.ReportDraft, none),
		page("/reports/{id}/resubmit", coop.ReportReturned, none),
		page("/reports/{id}/return", coop.ReportSubmitted, func(int64) url.Values { return url.Values{"note": {"Đề nghị bổ sung số liệu"}} }),
		page("/reports/{id}/approve", coop.ReportSubmitted, none),
		page("/reports/{id}/reopen", coop.ReportApproved, func(int64) url.Values { return url.Values{"reason": {"Bổ sung số liệu cuối kỳ"}} }),
		page("/reports/{id}/comments", coop.ReportSubmitted, func(int64) url.Values {
			return url.Values{"anchor_kind": {"report"}, "body": {"Góp ý chung"}}
		}),
		page("/reports/{id}/replies", coop.ReportReturned, func(id int64) url.Values {
			return url.Values{"comment_id": {strconv.FormatInt(matrixReportComment[id], 10)}, "body": {"Tỉnh đã rà soát"}}
		}),
		page("/reports/{id}/compare", coop.ReportSubmitted, none),
		page("/reports/{id}", coop.ReportDraft, func(int64) url.Values {
			return url.Values{"row_version": {"2"}, "action": {"save"}, "narrative.results": {"Kết quả đã sửa"},
				"narrative.difficulties": {"Khó khăn"}, "narrative.recommendations": {"Kiến nghị"}, "narrative.next_tasks": {"Nhiệm vụ"}}
		}),
	)
}

// pdfText extracts a PDF's text with pdftotext, or "" when the tool is
// missing (outside CI).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is needed under CI (poppler-utils)")
		}
		return ""
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestReportDownloads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		lead := roleClient(t, db, ts, "lead08@dl.test", coop.RoleProvincialLead, "08")
		hanoi := roleClient(t, db, ts, "lead01@dl.test", coop.RoleProvincialLead, "01")
		id := seedReport(t, db, "08", "Báo cáo tải về", coop.ReportSubmitted)
		u := fmt.Sprintf("%s/reports/%d", ts.URL, id)

		res, err := lead.Get(u + "/document.pdf")
		if err != nil {
			t.Fatal(err)
		}
		pdf, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Fatalf("PDF: %d %.100q", res.StatusCode, pdf)
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="bao-cao-dot-xuat-20260331-tuyen-quang-v1.pdf"`) {
			t.Errorf("Content-Disposition %q", cd)
		}
		if text := pdfText(t, pdf); text != "" {
			mustContain(t, "PDF text", text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH TUYÊN QUANG", "Tuyên Quang, ngày",
				"Kết quả thực hiện trong kỳ", "Việc làm cho lao động nữ")
		}

		res, err = lead.Get(ts.URL + fmt.Sprintf("/api/v1/reports/%d/download?format=xlsx", id))
		if err != nil {
			t.Fatal(err)
		}
		xb, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.HasSuffix(res.Header.Get("Content-Disposition"), `-v1.xlsx"`) {
			t.Fatalf("XLSX: %d %s", res.StatusCode, res.Header.Get("Content-Disposition"))
		}
		f, err := excelize.OpenReader(bytes.NewReader(xb))
		if err != nil {
			t.Fatal(err)
		}
		sheets := f.GetSheetList()
		if len(sheets) < 3 || sheets[0] != "Thông tin" || !slices.Contains(sheets, "Việc làm cho lao động nữ") {
			t.Errorf("sheets %v", sheets)
		}
		rows, _ := f.GetRows("Việc làm cho lao động nữ")
		found := false
		for _, r := range rows {
			if len(r) > 1 && r[0] == "1" && r[1] == "Việc làm tạo ra cho lao động nữ trong HTX" {
				found = true
			}
			for _, c := range r {
				if strings.Contains(c, "jobs.") {
					t.Errorf("the jobs sheet shows an internal key: %v", r)
				}
			}
		}
		if !found {
			t.Errorf("the jobs sheet lacks the jobs created in cooperatives as its first row: %v", rows)
		}
		f.Close()

		if code, _ := getPage(t, lead, ts.URL+fmt.Sprintf("/api/v1/reports/%d/download?format=doc", id)); code != 422 {
			t.Errorf("unknown format: %d", code)
		}
		for _, p := range []string{"/document.pdf", "/figures.xlsx", "/print"} {
			if code, _ := getPage(t, hanoi, u+p); code != 404 {
				t.Errorf("another province downloads %s: %d", p, code)
			}
		}
		code, body := getPage(t, lead, u+"/print")
		if code != 200 {
			t.Fatalf("print: %d", code)
		}
		mustContain(t, "print", body, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "LIÊN MINH HTX TỈNH TUYÊN QUANG",
			"DỰ THẢO", "Nơi nhận:", "I. KẾT QUẢ THỰC HIỆN", "Số liệu đã chốt ở phiên bản 1")
		if n := strings.Count(body, "Số liệu đã chốt ở phiên bản"); n != 1 {
			t.Errorf("the document says where its figures come from %d times, want once", n)
		}
		download := func(path string) string {
			t.Helper()
			code, b := getPage(t, lead, u+path)
			if code != 200 {
				t.Fatalf("%s: %d", path, code)
			}
			return b
		}
		if text := pdfText(t, []byte(download("/document.pdf"))); text != "" {
			if n := strings.Count(text, "Số liệu đã chốt ở phiên bản"); n != 1 {
				t.Errorf("the PDF says where its figures come from %d times, want once", n)
			}
		}

		// The option that leaves out all-zero rows: fewer rows, and a note
		// saying how many went.
		rowsOf := func(page string) int { return strings.Count(page, "<tr") }
		_, short := getPage(t, lead, u+"/print?omit_zero=1")
		mustContain(t, "print without zero rows", short, "Đã lược bỏ", "chỉ tiêu có kết quả bằng 0")
		if rowsOf(short) >= rowsOf(body) {
			t.Errorf("leaving out zero rows kept %d rows of %d", rowsOf(short), rowsOf(body))
		}
		mustNotContain(t, "print", body, "Đã lược bỏ")
		full, err := excelize.OpenReader(strings.NewReader(download("/figures.xlsx")))
		if err != nil {
			t.Fatal(err)
		}
		lean, err := excelize.OpenReader(strings.NewReader(download("/figures.xlsx?omit_zero=1")))
		if err != nil {
			t.Fatal(err)
		}
		count := func(f *excelize.File) (n int) {
			for _, sh := range f.GetSheetList() {
				r, _ := f.GetRows(sh)
				n += len(r)
			}
			return n
		}
		if count(lean) >= count(full) {
			t.Errorf("the workbook without zero rows has %d rows, the full one %d", count(lean), count(full))
		}
		_, page := getPage(t, lead, u)
		mustContain(t, "report page", page, `name="omit_zero"`, "Bỏ các dòng bằng 0")
	})
}

func TestReportListAndNew(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		lead := roleClient(t, db, ts, "lead08@list.test", coop.RoleProvincialLead, "08")
		centre := roleClient(t, db, ts, "central@list.test", coop.RoleCentral, "")
		waiting := seedReport(t, db, "08", "Báo cáo chờ xem xét", coop.ReportSubmitted)
		seedReport(t, db, "01", secretName, coop.ReportDraft)

		// Central staff start with the reports waiting for them.
		code, body := getPage(t, centre, ts.URL+"/reports")
		if code != 200 {
			t.Fatalf("list: %d", code)
		}
		mustContain(t, "review tab", body, "Chờ xem xét (1)", fmt.Sprintf(`href="/reports/%d"`, waiting), "Báo cáo chờ xem xét")
		mustNotContain(t, "review tab", body, secretName)
		_, body = getPage(t, centre, ts.URL+"/reports?tab=all&province=01")
		mustContain(t, "filtered", body, secretName, "1 báo cáo")
		mustNotContain(t, "filtered", body, "Báo cáo chờ xem xét")

		// The lead sees her province only, and the button to the next report due.
		_, body = getPage(t, lead, ts.URL+"/reports?sort=status")
		mustContain(t, "lead list", body, "Báo cáo chờ xem xét", `id="open-next"`)
		mustNotContain(t, "lead list", body, secretName, "Chờ xem xét (")

		// Opening: the window and deadline are shown before creating.
		code, body = getPage(t, lead, ts.URL+"/reports/new?kind=six_monthly&year=2026")
		if code != 200 {
			t.Fatalf("new: %d", code)
		}
		mustContain(t, "new", body, "Báo cáo 6 tháng đầu năm 2026", "từ 15/12/2025 đến 14/06/2026", "Hạn gửi: 17/06/2026")
		code, _, body = postForm(t, lead, ts.URL+"/reports", url.Values{"kind": {"ad_hoc"}, "from": {"2026-03-01"}, "to": {"2026-01-01"}, "title": {"Báo cáo đột xuất về vốn vay"}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("bad window: %d", code)
		}
		mustContain(t, "bad window", body, "Báo cáo đột xuất về vốn vay", `value="2026-03-01"`)
		code, loc, _ := postForm(t, lead, ts.URL+"/reports", url.Values{"kind": {"six_monthly"}, "year": {"2026"}, "action": {"create"}})
		if code != http.StatusSeeOther || !strings.Contains(loc, "done=created") {
			t.Fatalf("create: %d %s", code, loc)
		}
		_, body = getPage(t, lead, ts.URL+loc)
		mustContain(t, "created", body, "Đã mở dự thảo báo cáo", "Báo cáo 6 tháng đầu năm 2026", "Số liệu tổng hợp trực tiếp")
		created := strings.SplitN(loc, "?", 2)[0]
		// Opening the same period again leads to the report already open,
		// with a word saying so, not to an error.
		code, again, _ := postForm(t, lead, ts.URL+"/reports", url.Values{"kind": {"six_monthly"}, "year": {"2026"}, "action": {"create"}})
		if code != http.StatusSeeOther || !strings.HasPrefix(again, created+"?done=exists") {
			t.Fatalf("the same period again: %d %s, want the way to %s", code, again, created)
		}
		_, body = getPage(t, lead, ts.URL+again)
		mustContain(t, "exists", body, "Báo cáo của kỳ này đã được lập")
		// The form says so before she tries, with the link.
		_, body = getPage(t, lead, ts.URL+"/reports/new?kind=six_monthly&year=2026")
		mustContain(t, "new, existing", body, `id="report-exists"`, `href="`+created+`"`)
		// The list leads with the report due next and opens it once it exists.
		if next := store.DefaultPeriod(coop.Today()); next.Kind == coop.ReportSixMonthly && next.Year == 2026 && next.Half == 1 {
			_, body = getPage(t, lead, ts.URL+"/reports")
			mustContain(t, "list, next open", body, `id="report-due"`, `href="`+created+`" id="open-next"`, "hạn gửi <strong>17/06/2026</strong>")
		}
		// Another province's draft cannot be opened by a provincial account.
		if code, _, _ = postForm(t, lead, ts.URL+"/reports", url.Values{"province": {"01"}, "kind": {"annual"}, "year": {"2026"}}); code != http.StatusForbidden {
			t.Errorf("lead opens Hà Nội's report: %d", code)
		}
	})
}
