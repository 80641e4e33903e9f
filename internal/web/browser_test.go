package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

const (
	banLac      = "Hợp tác xã Dệt thổ cẩm Bản Lác"
	oldDirector = "Lò Văn Thắng"
	newDirector = "Hà Thị Mai"
)

// seedTuyenQuang fills the registry with a few organisations of Tuyên Quang
// (08) and one elsewhere, through the store as the system would, and returns
// the id of Bản Lác: an HTX of the full model whose managers are all men and
// whose last workforce snapshot is below the high-female-labour threshold.
func seedTuyenQuang(t *testing.T, db *store.DB) int64 {
	t.Helper()
	ctx := context.Background()
	orgs := []*coop.Organisation{
		{
			Kind: coop.KindHTX, Name: banLac, RegistrationNo: "5100234567", Sector: "industry_handicraft",
			Governance: coop.GovernanceFull, Province: "08", Commune: "Xã Mai Châu", Status: coop.StatusActive,
			FoundedOn: "2016-05-20", Phone: "0912 345 678",
			Positions: []coop.Position{
				{Role: coop.RoleChair, Holder: "Hà Văn Pọm", Sex: coop.SexMale, From: "2016-05-20"},
				{Role: coop.RoleDirector, Holder: oldDirector, Sex: coop.SexMale, From: "2016-05-20"},
				{Role: coop.RoleSupervisoryHead, Holder: "Lường Văn Xôm", Sex: coop.SexMale, From: "2021-04-01"},
				// A woman who used to be chief accountant: no longer counts.
				{Role: coop.RoleChiefAccountant, Holder: "Lò Thị Ỏn", Sex: coop.SexFemale, From: "2016-05-20", To: "2023-12-31"},
			},
			Snapshots: []coop.Snapshot{{AsOf: "2024-12-31", MembersTotal: 18, MembersFemale: 9, WorkersTotal: 30, WorkersFemale: 14}},
		},
		{
			// Shares "bản" but not "lác": must not match the search.
			Kind: coop.KindHTX, Name: "Hợp tác xã Chè Shan tuyết Bản Phố", Sector: "agriculture",
			Governance: coop.GovernanceFull, Province: "08", Status: coop.StatusActive,
			Positions: []coop.Position{{Role: coop.RoleChair, Holder: "Sùng Thị Mỷ", Sex: coop.SexFemale, From: "2019-01-01"}},
		},
		{
			// Shares "lạc" (another accent) but not "bản".
			Kind: coop.KindHTX, Name: "Hợp tác xã Mây tre đan Lạc Hồng", Sector: "industry_handicraft",
			Governance: coop.GovernanceSimplified, Province: "08", Status: coop.StatusActive,
			Positions: []coop.Position{{Role: coop.RoleDirector, Holder: "Nông Văn Bình", Sex: coop.SexMale, From: "2018-01-01"}},
		},
		{
			Kind: coop.KindTHT, Name: "Tổ hợp tác Thêu Na Hang", Sector: "industry_handicraft", Province: "08",
			Status: coop.StatusActive,
		},
		{
			Kind: coop.KindHTX, Name: "Hợp tác xã Dệt lụa Vạn Phúc", Sector: "industry_handicraft",
			Governance: coop.GovernanceFull, Province: "01", Status: coop.StatusActive,
			Positions: []coop.Position{{Role: coop.RoleDirector, Holder: "Triệu Thị Lan", Sex: coop.SexFemale, From: "2015-01-01"}},
		},
	}
	for _, o := range orgs {
		if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatalf("seed %s: %v", o.Name, err)
		}
	}
	return orgs[0].ID
}

// womenManagedIn reads, on the overview page, how many organisations of a
// province have women in management.
func (a *browserApp) womenManagedIn(province string) int {
	a.t.Helper()
	a.open("/")
	s := a.text(`#counts-by-province a[href="/organisations?province=` + province + `&women_managed=1"]`)
	n, err := strconv.Atoi(strings.ReplaceAll(s, ".", ""))
	if err != nil {
		a.t.Fatalf("women-managed count of %s on the overview: %q is not a number", province, s)
	}
	return n
}

// today is the date the application uses (Vietnam time), as a date input
// takes it.
func today() string {
	return time.Now().In(time.FixedZone("ICT", 7*3600)).Format("2006-01-02")
}

// Journey 1: a provincial officer, on her phone, finds a cooperative by typing
// without accents, records the change of director and this year's workforce,
// sees the cooperative classified with the reason, and sees her province's
// counts move at once.
func TestJourneyOfficerUpdatesRegistry(t *testing.T) {
	a := newBrowserApp(t, 3*time.Minute)
	id := seedTuyenQuang(t, a.DB)
	a.signInAs(coop.RoleProvincial, "08")
	detail := "/organisations/" + strconv.FormatInt(id, 10)

	before := a.womenManagedIn("08")
	if before != 1 {
		t.Fatalf("overview before: %d women-managed organisations in Tuyên Quang, want 1 (Bản Phố)", before)
	}

	// Search without accents.
	a.open("/organisations")
	if got := a.submit("search", chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "ban lac\n")); got != 200 {
		t.Fatalf("search: status %d", got)
	}
	if got := a.value(`input[name=q]`); got != "ban lac" {
		t.Errorf("search box after the search = %q, want the words typed", got)
	}
	if n := a.count(`table.orgs tbody tr`); n != 1 {
		t.Fatalf("search ban lac: %d results, want 1 (%s)", n, a.text(`#total`))
	}
	if got := a.text(`table.orgs tbody a`); got != banLac {
		t.Fatalf("search result = %q, want %q", got, banLac)
	}
	a.screenshot("journey1-search")

	// Open it.
	if got := a.submit("open the result", chromedp.Click(chromedp.CSS(`table.orgs tbody a`))); got != 200 {
		t.Fatalf("detail: status %d", got)
	}
	if got := a.location(); got != a.URL+detail {
		t.Fatalf("the result opened %s, want %s", got, a.URL+detail)
	}
	if got := a.text(`h1`); got != banLac {
		t.Fatalf("detail page h1 = %q", got)
	}
	if a.hasClass(`#badge-wim`, "on") {
		t.Fatalf("before the change the badge is already on: %s", a.text(`#badge-wim`))
	}
	openEnds := a.count(`#positions form.end-position`)

	// End the old director's position (the row's own "Kết thúc" form; the
	// date defaults to today).
	endButton := `//tr[td[normalize-space()="` + oldDirector + `"]]//form[contains(@class,"end-position")]//button`
	openEnd := `//tr[td[normalize-space()="` + oldDirector + `"]]//details[contains(@class,"row-end")]/summary`
	if got := a.submit("end the director's position", chromedp.Click(openEnd), chromedp.Click(endButton)); got != 200 {
		t.Fatalf("end position: status %d", got)
	}
	if got := a.text(`.flash`); got != "Đã lưu thay đổi." {
		t.Errorf("flash after ending the position = %q", got)
	}
	if n := a.count(`#positions form.end-position`); n != openEnds-1 {
		t.Errorf("positions with a Kết thúc form: %d, want %d", n, openEnds-1)
	}
	row := a.text(`//tr[td[normalize-space()="` + oldDirector + `"]]`)
	if !strings.Contains(row, coop.FormatDateVN(today())) || strings.Contains(row, "đang giữ") {
		t.Errorf("old director's row after ending = %q, want an end date of today", row)
	}

	// Add the new director, a woman.
	a.do("fill the position form",
		chromedp.Click(chromedp.CSS(`#positions details.add > summary`)),
		chromedp.WaitVisible(chromedp.ID("position-form")),
		chromedp.SetValue(chromedp.CSS(`#position-form select[name=role]`), coop.RoleDirector),
		chromedp.SendKeys(chromedp.CSS(`#position-form input[name=holder]`), newDirector),
		chromedp.SetValue(chromedp.CSS(`#position-form select[name=sex]`), coop.SexFemale),
		chromedp.SetValue(chromedp.CSS(`#position-form input[name=from]`), today()),
	)
	if got := a.submit("add the director", chromedp.Click(chromedp.CSS(`#position-form button[type=submit]`))); got != 200 {
		t.Fatalf("add position: status %d: %s", got, a.text(`main`))
	}
	if !a.hasClass(`#badge-wim`, "on") {
		t.Errorf("after adding a woman director the badge is not on: %s", a.text(`#badge-wim`))
	}

	// This year's workforce: 32 workers, 27 of them women.
	a.do("fill the workforce form",
		chromedp.Click(chromedp.CSS(`#workforce details.add > summary`)),
		chromedp.WaitVisible(chromedp.ID("workforce-form")),
		chromedp.SendKeys(chromedp.CSS(`#workforce-form input[name=workers_total]`), "32"),
		chromedp.SendKeys(chromedp.CSS(`#workforce-form input[name=workers_female]`), "27"),
	)
	if got := a.submit("save the workforce", chromedp.Click(chromedp.CSS(`#workforce-form button[type=submit]`))); got != 200 {
		t.Fatalf("workforce: status %d: %s", got, a.text(`main`))
	}
	// On a phone the page opens at the workforce section: "saved" shows
	// there, on screen, not at the top of the page.
	if inView, err := chromedp.Run(a.Ctx, chromedp.Evaluate[bool](`(() => { const f = document.querySelector('#workforce .flash');
		if (!f) return false; const r = f.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`)); err != nil || !inView {
		t.Errorf("after saving the workforce the message is not on screen in its section (%v)", err)
	}

	// The cooperative now shows women in management, and why.
	if !a.hasClass(`#badge-wim`, "on") {
		t.Fatalf("badge-wim is not on: %s", a.text(`#badge-wim`))
	}
	wim := a.text(`#badge-wim`)
	for _, want := range []string{"Có phụ nữ tham gia quản lý", newDirector, "Giám đốc"} {
		if !strings.Contains(wim, want) {
			t.Errorf("badge-wim = %q, want it to contain %q", wim, want)
		}
	}
	if !a.hasClass(`#badge-hfl`, "on") || !strings.Contains(a.text(`#badge-hfl`), "27/32") {
		t.Errorf("badge-hfl = %q (27 of 32 workers are women: want on, with the figures)", a.text(`#badge-hfl`))
	}
	if got := a.text(`#workforce tbody`); !strings.Contains(got, "32 (27)") {
		t.Errorf("workforce table = %q, want the new snapshot 32 (27)", got)
	}
	a.screenshot("journey1-detail")

	// What was saved is what the page says.
	o, err := a.DB.Organisation(context.Background(), coop.System, id)
	if err != nil {
		t.Fatal(err)
	}
	var gotNew, gotEnded bool
	for _, p := range o.Positions {
		if p.Holder == newDirector && p.Role == coop.RoleDirector && p.Sex == coop.SexFemale && p.To == "" {
			gotNew = true
		}
		if p.Holder == oldDirector && p.To == today() {
			gotEnded = true
		}
	}
	if !gotNew || !gotEnded {
		t.Errorf("saved positions = %+v: want %s ended today and %s director from today", o.Positions, oldDirector, newDirector)
	}
	if s := o.LatestSnapshot(); s == nil || s.AsOf != today() || s.WorkersTotal != 32 || s.WorkersFemale != 27 {
		t.Errorf("latest snapshot = %+v, want 32 workers, 27 women, as of today", s)
	}

	// Back at the office: the province's count moved at once.
	if after := a.womenManagedIn("08"); after != before+1 {
		t.Errorf("overview after: %d women-managed organisations in Tuyên Quang, want %d", after, before+1)
	}
}

// Bad input loses nothing: a workforce snapshot with more women than workers
// comes back with the Vietnamese message next to the field and every number
// still typed in, and nothing is saved.
func TestWorkforceFormKeepsInputOnError(t *testing.T) {
	a := newBrowserApp(t, 2*time.Minute)
	id := seedTuyenQuang(t, a.DB)
	a.signInAs(coop.RoleProvincial, "08")

	a.open("/organisations/" + strconv.FormatInt(id, 10))
	a.do("fill the workforce form",
		chromedp.Click(chromedp.CSS(`#workforce details.add > summary`)),
		chromedp.WaitVisible(chromedp.ID("workforce-form")),
		chromedp.SendKeys(chromedp.CSS(`#workforce-form input[name=members_total]`), "20"),
		chromedp.SendKeys(chromedp.CSS(`#workforce-form input[name=members_female]`), "11"),
		chromedp.SendKeys(chromedp.CSS(`#workforce-form input[name=workers_total]`), "32"),
		chromedp.SendKeys(chromedp.CSS(`#workforce-form input[name=workers_female]`), "37"),
	)
	if got := a.submit("save the workforce", chromedp.Click(chromedp.CSS(`#workforce-form button[type=submit]`))); got != 422 {
		t.Fatalf("workforce with more women than workers: status %d, want 422", got)
	}

	// The form is open, with the message by the field.
	if n := a.count(`#workforce details[open] #workforce-form`); n != 1 {
		t.Errorf("the workforce form is not open after the error")
	}
	const msg = "Số người lao động nữ không được lớn hơn tổng số người lao động."
	if got := a.text(`//*[@id="workforce-form"]//label[input[@name="workers_female"]]//*[contains(@class,"field-error")]`); got != msg {
		t.Errorf("field error of workers_female = %q, want %q", got, msg)
	}
	if got := a.text(`p.error[role=alert]`); !strings.Contains(got, "kiểm tra") {
		t.Errorf("page error = %q, want the general message", got)
	}
	// Everything typed is still there.
	for name, want := range map[string]string{
		"members_total": "20", "members_female": "11", "workers_total": "32", "workers_female": "37", "as_of": today(),
	} {
		if got := a.value(`#workforce-form input[name=` + name + `]`); got != want {
			t.Errorf("input %s after the error = %q, want %q", name, got, want)
		}
	}
	a.screenshot("workforce-error")

	// Nothing was saved.
	o, err := a.DB.Organisation(context.Background(), coop.System, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Snapshots) != 1 || o.Snapshots[0].AsOf != "2024-12-31" {
		t.Errorf("snapshots after the refused input = %+v, want only the seeded one", o.Snapshots)
	}
}

// A provincial officer signs in, sees only her province's organisations,
// edits one, finds the change in its history, and signs out.
func TestProvincialOfficerScopeAndHistory(t *testing.T) {
	a := newBrowserApp(t, 3*time.Minute)
	id := seedTuyenQuang(t, a.DB)
	hanoi := &coop.Organisation{Kind: coop.KindHTX, Name: "Hợp tác xã Thủ đô Xanh", Sector: "trade_services", Governance: coop.GovernanceFull,
		Province: "01", Status: coop.StatusActive}
	if err := a.DB.CreateOrganisation(context.Background(), coop.System, hanoi); err != nil {
		t.Fatal(err)
	}
	a.signInAs(coop.RoleProvincial, "08")

	// Only her province: the Hà Nội cooperative is neither listed nor
	// reachable by a guessed id, and the province filter is not offered.
	a.open("/organisations?province=01")
	if body := a.text(`main`); strings.Contains(body, hanoi.Name) {
		t.Fatalf("a Tuyên Quang officer sees a Hà Nội organisation in the list")
	}
	a.open("/organisations")
	if n := a.count(`select[name=province]`); n != 0 {
		t.Errorf("a provincial officer is offered a province filter")
	}
	if status := a.openStatus("/organisations/" + strconv.FormatInt(hanoi.ID, 10)); status != 404 {
		t.Fatalf("another province's organisation by id answered %d, want 404", status)
	}
	if h := a.text(`h1`); h != "Không tìm thấy" {
		t.Fatalf("another province's organisation by id: page says %q, want not found", h)
	}

	// Edit her own organisation's phone and address.
	detail := "/organisations/" + strconv.FormatInt(id, 10)
	a.open(detail + "/edit")
	a.do("edit the form",
		chromedp.SetValue(chromedp.CSS(`input[name=phone]`), "0207 3999 888"),
	)
	if got := a.submit("save", chromedp.Click(chromedp.CSS(`form.form button[type=submit]`))); got != 200 {
		t.Fatalf("save: status %d: %s", got, a.text(`main`))
	}
	// The history tab lists the change field by field.
	a.open(detail + "/history")
	hist := a.text(`ol.history`)
	for _, want := range []string{"Cập nhật", "Điện thoại", "0207 3999 888", "Cán bộ provincial", "Tạo mới"} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}
	a.screenshot("history")

	// Sign out: the registry is no longer reachable.
	if got := a.submit("sign out", chromedp.Click(chromedp.CSS(`header form[action="/logout"] button`))); got != 200 {
		t.Fatalf("sign out: status %d", got)
	}
	a.open("/organisations")
	if loc := a.location(); !strings.Contains(loc, "/login") {
		t.Fatalf("after signing out /organisations shows %s, want the sign-in page", loc)
	}
}
