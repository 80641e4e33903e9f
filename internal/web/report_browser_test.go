package web_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
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

	// She writes the four sections, saves and submits; submitting asks
	// first.
	asked := a.recordDialogs()
	written := map[string]string{}
	steps := []chromedp.Action[chromedp.Void]{}
	for _, s := range coop.ReportSections {
		written[s.Code] = s.Label + ": nội dung của tỉnh Tuyên Quang."
		steps = append(steps, chromedp.SendKeys(chromedp.CSS(`textarea[name="narrative.`+s.Code+`"]`), written[s.Code]))
	}
	steps = append(steps, chromedp.Click(chromedp.CSS(`#save-report`)))
	if got := a.submit("save the narrative", steps...); got != 200 {
		t.Fatalf("save: %d: %s", got, a.text("main"))
	}
	narrativeIntact := func(step string) {
		t.Helper()
		for code, want := range written {
			sel := `#narrative-form textarea[name="narrative.` + code + `"]`
			if a.count(sel) != 1 {
				t.Fatalf("after %s, section %s is no longer in the narrative form", step, code)
			}
			if got := a.value(sel); got != want {
				t.Fatalf("after %s, section %s reads %q, want %q", step, code, got, want)
			}
		}
	}
	narrativeIntact("saving")
	if !strings.Contains(a.text(`#next-step`), "Lãnh đạo Liên minh HTX tỉnh gửi báo cáo") {
		t.Errorf("the summary does not say who acts next: %q", a.text(`#summary`))
	}
	if got := a.submit("submit", chromedp.Click(chromedp.CSS(`#submit-form button`))); got != 200 {
		t.Fatalf("submit: %d: %s", got, a.text("main"))
	}
	if st := a.text(`#report-status`); !strings.Contains(st, "Đã gửi") {
		t.Fatalf("status after submitting: %q", st)
	}
	if m := asked(); len(m) != 1 || !strings.Contains(m[0], "Gửi báo cáo") {
		t.Errorf("submitting did not ask for confirmation: %q", m)
	}

	// The centre, in another session, comments on the figure and on a
	// section, and returns the report.
	a.submit("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	centre := a.signInAs(coop.RoleCentral, "")
	a.open("/reports")
	if !strings.Contains(a.text(`main`), "Chờ xem xét (1)") {
		t.Errorf("the review tab does not count the report: %s", a.text(".tabs"))
	}
	a.open(reportURL)
	if got := a.submit("open the comment box of the jobs figure", chromedp.Click(chromedp.CSS(`#fig-jobs-htx a.add-link`))); got != 200 {
		t.Fatalf("open the comment box: %d", got)
	}
	if got := a.submit("comment on the jobs figure",
		chromedp.SendKeys(chromedp.CSS(`#fig-jobs-htx textarea[name=body]`), "Số việc làm có vẻ bị tính trùng"),
		chromedp.Click(chromedp.CSS(`#fig-jobs-htx form button`))); got != 200 {
		t.Fatalf("comment: %d", got)
	}
	section := coop.ReportSections[0].Code
	sec := `#section-` + section
	if got := a.submit("comment on a section",
		chromedp.Click(chromedp.CSS(sec+` details summary`)),
		chromedp.SendKeys(chromedp.CSS(sec+` textarea[name=body]`), "Đề nghị nêu rõ số HTX được hỗ trợ"),
		chromedp.Click(chromedp.CSS(sec+` form button`))); got != 200 {
		t.Fatalf("comment on a section: %d", got)
	}
	if got := a.submit("return",
		chromedp.Click(chromedp.CSS(`#actions details summary`)),
		chromedp.SendKeys(chromedp.CSS(`#return-form textarea[name=note]`), "Đề nghị rà soát số việc làm"),
		chromedp.Click(chromedp.CSS(`#return-form button`))); got != 200 {
		t.Fatalf("return: %d: %s", got, a.text("main"))
	}

	// The lead sees why it came back and what waits for her, corrects
	// the activity.
	a.submit("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	a.login(lead.Email)
	a.open(reportURL)
	if c := a.text(`#fig-jobs-htx .comments`); !strings.Contains(c, "Số việc làm có vẻ bị tính trùng") {
		t.Fatalf("the comment is not beside the figure: %q", c)
	}
	if r := a.text(`#returned-reason`); !strings.Contains(r, "Đề nghị rà soát số việc làm") {
		t.Errorf("the summary does not give the reason for the return: %q", r)
	}
	if n := a.count(`#open-comments a[href^="#comment-"]`); n != 2 {
		t.Errorf("the summary links %d open comments, want 2: %q", n, a.text(`#summary`))
	}
	narrativeIntact("the return")
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
	// Beside the figure: what it read in the version she sent, and the
	// activity that moved it, which she opens from there.
	if c := a.text(`#fig-jobs-htx .changed-since`); !strings.Contains(c, "Đã thay đổi so với phiên bản 1: 120 → 60") {
		t.Errorf("the figure does not say it changed since version 1: %q", c)
	}
	if c := a.text(`#changed-since`); !strings.Contains(c, "so với phiên bản 1") || !strings.Contains(c, "120 → 60") {
		t.Errorf("the figures section does not sum up what changed: %q", c)
	}
	if got := a.submit("open the activity that moved the figure",
		chromedp.Click(chromedp.CSS(`#fig-jobs-htx .moved-records summary`)),
		chromedp.Click(chromedp.CSS(`#fig-jobs-htx .moved-records a`))); got != 200 {
		t.Fatalf("open the moved record: %d", got)
	}
	if loc := a.location(); !strings.HasSuffix(loc, fmt.Sprintf("/activities/%d", act.ID)) {
		t.Errorf("the moved record links to %s, want the activity %d", loc, act.ID)
	}
	a.open(reportURL)

	// She answers the section's comment, under the section, by clicking
	// "Gửi trả lời": the reply is sent and the narrative stays whole. She
	// had begun another change to the narrative: the page warns her it is
	// not saved (she goes on anyway).
	before := len(asked())
	if got := a.submit("reply on the section",
		chromedp.SendKeys(chromedp.CSS(`textarea[name="narrative.`+coop.ReportSections[1].Code+`"]`), "x"),
		chromedp.Click(chromedp.CSS(sec+` .comments details summary`)),
		chromedp.SendKeys(chromedp.CSS(sec+` .comments textarea[name=body]`), "Đã bổ sung: 12 HTX được hỗ trợ"),
		chromedp.Click(chromedp.Search(`//*[@id="section-`+section+`"]//button[normalize-space()="Gửi trả lời"]`))); got != 200 {
		t.Fatalf("reply on the section: %d", got)
	}
	if f := a.text(`.flash`); f != "Đã gửi trả lời." {
		t.Errorf("replying on a section said %q", f)
	}
	if m := asked(); len(m) != before+1 || !strings.Contains(m[len(m)-1], "chưa được lưu") {
		t.Errorf("replying with unsaved narrative did not warn: %q", m[before:])
	}
	if c := a.text(sec + ` .comments`); !strings.Contains(c, "Đã bổ sung: 12 HTX được hỗ trợ") {
		t.Errorf("the reply is not under the section's comment: %q", c)
	}
	narrativeIntact("replying on a section")

	// Then the figure's comment.
	if got := a.submit("reply on the figure",
		chromedp.Click(chromedp.CSS(`#fig-jobs-htx .comments details summary`)),
		chromedp.SendKeys(chromedp.CSS(`#fig-jobs-htx .comments textarea[name=body]`), "Đã loại 60 việc làm khai trùng ở lớp bồi dưỡng"),
		chromedp.Click(chromedp.Search(`//*[@id="fig-jobs-htx"]//button[normalize-space()="Gửi trả lời"]`))); got != 200 {
		t.Fatalf("reply: %d", got)
	}
	if f := a.text(`.flash`); f != "Đã gửi trả lời." {
		t.Errorf("replying on a figure said %q", f)
	}
	narrativeIntact("replying on a figure")
	if n := a.count(`#open-comments li`); n != 0 {
		t.Errorf("%d comments still wait for an answer after both were answered", n)
	}

	// She edits a section, saves, and resubmits.
	written[section] += " Đã bổ sung số HTX được hỗ trợ."
	// She clicks at the end of the section's text and goes on typing.
	if _, err := chromedp.Run(a.Ctx, chromedp.Evaluate[bool](`(() => { const e = document.querySelector('textarea[name="narrative.`+section+`"]');
		e.focus(); e.setSelectionRange(e.value.length, e.value.length); return true; })()`)); err != nil {
		t.Fatal(err)
	}
	if got := a.submit("edit and save",
		chromedp.SendKeys(chromedp.CSS(`textarea[name="narrative.`+section+`"]`), " Đã bổ sung số HTX được hỗ trợ."),
		chromedp.Click(chromedp.CSS(`#save-report`))); got != 200 {
		t.Fatalf("save after the return: %d: %s", got, a.text("main"))
	}
	if f := a.text(`.flash`); f != "Đã lưu báo cáo." {
		t.Errorf("saving said %q", f)
	}
	narrativeIntact("saving after the return")
	if got := a.submit("resubmit", chromedp.Click(chromedp.CSS(`#resubmit-form button`))); got != 200 {
		t.Fatalf("resubmit: %d: %s", got, a.text("main"))
	}
	if st := a.text(`#report-status`); !strings.Contains(st, "Đã gửi") {
		t.Fatalf("status after resubmitting: %q (%s)", st, a.text("main"))
	}
	for _, s := range coop.ReportSections {
		if got := a.text(`#section-` + s.Code); !strings.Contains(got, written[s.Code]) {
			t.Errorf("the resubmitted report's section %s reads %q, want %q", s.Code, got, written[s.Code])
		}
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
	if m := asked(); len(m) < 3 || !strings.Contains(m[len(m)-1], "Phê duyệt") {
		t.Errorf("approving did not ask for confirmation: %q", m)
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

// recordDialogs answers OK to every confirmation the page asks for and
// returns a function listing the messages asked so far.
func (a *browserApp) recordDialogs() func() []string {
	var mu sync.Mutex
	var asked []string
	dialogs := chromedp.Events(a.Ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			mu.Lock()
			asked = append(asked, ev.Message)
			mu.Unlock()
			go chromedp.Call(a.Ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), asked...)
	}
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
