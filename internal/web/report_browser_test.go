package web_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"htxnu/internal/coop"
)

// Journey 5: the six-monthly report as a conversation, in the browser. The
// provincial lead opens the draft and finds the figures compiled; writes
// the narrative and submits; the centre comments on the jobs figure and
// returns it; she sees the comment beside the figure, corrects the activity
// behind it, sees the figure recompile, answers and resubmits; the centre
// compares the versions and approves; the report is locked and its PDF
// downloads.
func TestJourneyReportConversation(t *testing.T) {
	a := newBrowserApp(t, 3*time.Minute)
	ctx := context.Background()
	seedTuyenQuang(t, a.DB)
	act := &coop.Activity{Type: coop.ActivityTraining, Title: "Lớp bồi dưỡng khởi nghiệp cho phụ nữ", Province: "08", StartsOn: "2026-03-10",
		ParticipantsTotal: 40, ParticipantsFemale: 40, TargetGroup: "female_managers", ManagersTrainedFemale: 40, JobsWomenHTX: 120}
	if err := a.DB.CreateActivity(ctx, coop.System, act); err != nil {
		t.Fatal(err)
	}
	jobs := `#fig-jobs-htx .value`

	// The lead opens the six-monthly draft: the figures are there.
	lead := a.signInAs(coop.RoleProvincialLead, "08")
	a.open("/reports")
	if got := a.submit("open the next report", chromedp.Click(chromedp.CSS(`#open-next`))); got != 200 {
		t.Fatalf("new report form: %d", got)
	}
	if p := a.text(`#report-preview`); !strings.Contains(p, "15/12/2025") || !strings.Contains(p, "14/06/2026") {
		t.Errorf("the window is not shown before opening: %q", p)
	}
	if got := a.submit("open the draft", chromedp.Click(chromedp.CSS(`#report-new-form button[value=create]`))); got != 200 {
		t.Fatalf("open the draft: %d: %s", got, a.text("main"))
	}
	reportURL := strings.SplitN(strings.TrimPrefix(a.location(), a.URL), "?", 2)[0]
	if got := a.text(jobs); got != "120" {
		t.Fatalf("the jobs figure compiled from the activity reads %q, want 120", got)
	}
	if !strings.Contains(a.text(`#figures`), "Số liệu tổng hợp trực tiếp từ dữ liệu đến") {
		t.Error("the live-figures note is missing")
	}

	// She writes the four sections and submits.
	steps := []chromedp.Action[chromedp.Void]{}
	for _, s := range coop.ReportSections {
		steps = append(steps, chromedp.SendKeys(chromedp.CSS(`textarea[name="narrative.`+s.Code+`"]`), s.Label+": nội dung của tỉnh Tuyên Quang."))
	}
	steps = append(steps, chromedp.Click(chromedp.CSS(`#narrative-form button[type=submit]`)))
	if got := a.submit("save the narrative", steps...); got != 200 {
		t.Fatalf("save: %d: %s", got, a.text("main"))
	}
	if got := a.submit("submit", chromedp.Click(chromedp.CSS(`#submit-form button`))); got != 200 {
		t.Fatalf("submit: %d: %s", got, a.text("main"))
	}
	if st := a.text(`#report-status`); !strings.Contains(st, "Đã gửi") {
		t.Fatalf("status after submitting: %q", st)
	}

	// The centre, in another session, comments on the figure and returns it.
	a.submit("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	centre := a.signInAs(coop.RoleCentral, "")
	a.open("/reports")
	if !strings.Contains(a.text(`main`), "Chờ xem xét (1)") {
		t.Errorf("the review tab does not count the report: %s", a.text(".tabs"))
	}
	a.open(reportURL)
	if got := a.submit("comment on the jobs figure",
		chromedp.Click(chromedp.CSS(`#fig-jobs-htx details summary`)),
		chromedp.SendKeys(chromedp.CSS(`#fig-jobs-htx textarea[name=body]`), "Số việc làm có vẻ bị tính trùng"),
		chromedp.Click(chromedp.CSS(`#fig-jobs-htx form button`))); got != 200 {
		t.Fatalf("comment: %d", got)
	}
	if got := a.submit("return",
		chromedp.Click(chromedp.CSS(`#actions details summary`)),
		chromedp.Click(chromedp.CSS(`#return-form button`))); got != 200 {
		t.Fatalf("return: %d: %s", got, a.text("main"))
	}

	// The lead sees the comment beside the figure, corrects the activity.
	a.submit("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	a.login(lead.Email)
	a.open(reportURL)
	if c := a.text(`#fig-jobs-htx .comments`); !strings.Contains(c, "Số việc làm có vẻ bị tính trùng") {
		t.Fatalf("the comment is not beside the figure: %q", c)
	}
	a.open(fmt.Sprintf("/activities/%d/edit", act.ID))
	if got := a.submit("correct the jobs",
		chromedp.SetValue(chromedp.CSS(`input[name=jobs_women_htx]`), "60"),
		chromedp.Click(chromedp.CSS(`#save-activity`))); got != 200 {
		t.Fatalf("save the activity: %d: %s", got, a.text("main"))
	}
	a.open(reportURL)
	if got := a.text(jobs); got != "60" {
		t.Fatalf("the figure did not recompile: %q, want 60", got)
	}
	if got := a.submit("reply",
		chromedp.Click(chromedp.CSS(`#fig-jobs-htx .comments details summary`)),
		chromedp.SendKeys(chromedp.CSS(`#fig-jobs-htx .comments textarea[name=body]`), "Đã loại 60 việc làm khai trùng ở lớp bồi dưỡng"),
		chromedp.Click(chromedp.CSS(`#fig-jobs-htx .comments form button`))); got != 200 {
		t.Fatalf("reply: %d", got)
	}
	if got := a.submit("resubmit", chromedp.Click(chromedp.CSS(`#resubmit-form button`))); got != 200 {
		t.Fatalf("resubmit: %d: %s", got, a.text("main"))
	}

	// The centre compares the versions and approves.
	a.submit("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	a.login(centre.Email)
	a.open(reportURL + "/compare?a=1&b=2")
	if n := a.count(`table.compare tr.changed[data-key="jobs.htx"]`); n != 1 {
		t.Errorf("the changed figure is not highlighted (%d rows)", n)
	}
	if c := a.text(`#compare-comments`); !strings.Contains(c, "Đã loại 60 việc làm") {
		t.Errorf("the reply is not shown with version 1's comment: %q", c)
	}
	a.open(reportURL)
	if got := a.submit("approve", chromedp.Click(chromedp.CSS(`#approve-form button`))); got != 200 {
		t.Fatalf("approve: %d", got)
	}
	if st := a.text(`#report-status`); !strings.Contains(st, "Đã phê duyệt") {
		t.Fatalf("status after approval: %q", st)
	}
	if n := a.count(`#narrative-form, .override-form, #submit-form, #resubmit-form, #approve-form`); n != 0 {
		t.Errorf("an approved report still offers %d edit forms", n)
	}

	// The PDF downloads, in the official layout.
	pdf := a.fetch(reportURL + "/document.pdf")
	if !strings.HasPrefix(pdf, "%PDF") {
		t.Fatalf("the download is not a PDF: %.40q", pdf)
	}
	if text := pdfText(t, []byte(pdf)); text != "" {
		for _, w := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TUYÊN QUANG"} {
			if !strings.Contains(text, w) {
				t.Errorf("the PDF lacks %q", w)
			}
		}
	}
}

// fetch downloads path in the browser's session and returns the body as
// a binary string.
func (a *browserApp) fetch(path string) string {
	a.t.Helper()
	js := `(async () => { const r = await fetch(` + jsString(path) + `); const b = new Uint8Array(await r.arrayBuffer());
		let s = ""; for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]); return btoa(s); })()`
	s, err := chromedp.Run(a.Ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		a.fail("fetch "+path, err)
	}
	b, err := decodeB64(s)
	if err != nil {
		a.fail("decode "+path, err)
	}
	return string(b)
}

// login signs in again as an account signInAs created.
func (a *browserApp) login(email string) {
	a.t.Helper()
	a.open("/login")
	if got := a.submit("sign in as "+email,
		chromedp.SendKeys(chromedp.CSS(`#login-form input[name=email]`), email),
		chromedp.SendKeys(chromedp.CSS(`#login-form input[name=password]`), "mật-khẩu-đủ-dài"),
		chromedp.Click(chromedp.CSS(`#login-form button[type=submit]`))); got != 200 {
		a.t.Fatalf("sign in as %s: %d", email, got)
	}
}

func decodeB64(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }
