package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"htxnu/internal/coop"
)

// dataN reads the raw figure (data-n) of the first number matching css.
func (a *browserApp) dataN(css string) int {
	a.t.Helper()
	n, err := chromedp.Run(a.Ctx, chromedp.Evaluate[int](`Number(document.querySelector(`+jsString(css)+`).dataset.n)`))
	if err != nil {
		a.fail("read data-n of "+css, err)
	}
	return n
}

// listTotal reads the total a list page announces.
func (a *browserApp) listTotal() int {
	a.t.Helper()
	s := a.text(`#total strong`)
	n, err := strconv.Atoi(strings.ReplaceAll(s, ".", ""))
	if err != nil {
		a.t.Fatalf("list total %q is not a number", s)
	}
	return n
}

// Journey 6, the national picture: the centre opens the dashboard, sees
// every target with its traffic light, sorts the province table, opens a
// number and finds as many records as it said; a record saved meanwhile
// shows on reload; a province sees only itself.
func TestJourneyNationalDashboard(t *testing.T) {
	a := newBrowserApp(t, 3*time.Minute)
	dashSeed(t, a.DB)
	a.signInAs(coop.RoleCentral, "")

	a.open("/dashboard")
	if got := a.text(`#dash-scope`); got != "Toàn quốc" {
		t.Fatalf("scope %q, want the national dashboard", got)
	}
	if n := a.count(`.target-card`); n != 8 {
		t.Fatalf("%d target cards, want T1–T8", n)
	}
	if n := a.count(`.target-card .light strong`); n != 8 {
		t.Errorf("%d cards with a traffic light in words, want 8", n)
	}
	for _, code := range coop.IndicatorCodes() {
		light := a.text(`#target-` + code + ` .light strong`)
		if !containsLabel(light) {
			t.Errorf("%s: traffic light %q is not one of the statuses", code, light)
		}
	}
	if got := a.text(`#target-T7 .light strong`); got != "Chưa có số liệu" {
		t.Errorf("T7 has no data source: light %q", got)
	}
	// Beside each count's progress bar: what its time is measured over.
	if got := a.text(`#target-T1 .basis`); got != "Số luỹ kế từ 03/01/2023, so với thời gian từ 03/01/2023 đến 31/12/2030." {
		t.Errorf("T1's bar does not say what it compares: %q", got)
	}
	a.screenshot("dashboard-national-phone")

	// The standard table by sector comes first; from the section's tab, a
	// sector's count opens the cooperatives behind it.
	agri := `#sectors tr[data-key="08"] td[data-col=htx_agriculture] a.n`
	a.do("go to the sector table", chromedp.Click(chromedp.CSS(`.dash-tabs a[href="#sector-section"]`)))
	if n := a.dataN(agri); n != 2 {
		t.Errorf("Tuyên Quang's agricultural cooperatives: %d, want 2", n)
	}
	if got := a.submit("open the sector's count", chromedp.Click(chromedp.CSS(agri))); got != 200 {
		t.Fatalf("sector drill-down: status %d", got)
	}
	if !strings.Contains(a.location(), "sector=agriculture") || a.listTotal() != 2 {
		t.Errorf("the sector's count opened %s listing %d", a.location(), a.listTotal())
	}
	a.open("/dashboard")

	// She picks the six-monthly report's window: the dashboard says which
	// days it reads and by which convention.
	a.do("choose the report period", chromedp.SetValue(chromedp.CSS(`.dash-filters select[name=period]`), "report-2026-H1"))
	if got := a.submit("show the report period", chromedp.Click(chromedp.CSS(`.dash-filters button[type=submit]`))); got != 200 {
		t.Fatalf("report period: status %d", got)
	}
	if n := a.text(`#dash-notes`); !strings.Contains(n, "Kỳ báo cáo theo Nghị định 09/2019 (từ 15/12/2025 đến 14/06/2026)") {
		t.Errorf("the report period is not explained: %q", n)
	}
	a.open("/dashboard")

	// On a phone the table's headers fold away; the sort form does the same.
	a.do("choose a sort", chromedp.SetValue(chromedp.CSS(`form.dash-sort select[name=sort]`), "orgs"),
		chromedp.SetValue(chromedp.CSS(`form.dash-sort select[name=dir]`), "desc"))
	if got := a.submit("sort on the phone", chromedp.Click(chromedp.CSS(`form.dash-sort button`))); got != 200 {
		t.Fatalf("sort: status %d", got)
	}
	if first := a.text(`#registry tbody tr:first-child th`); first != "Tỉnh Tuyên Quang" {
		t.Errorf("sorted by organisations, most first: first row %q", first)
	}

	// At a desk, the column headers sort, and a second click reverses.
	a.do("desk screen", chromedp.EmulateViewport(1280, 900))
	if got := a.submit("sort by female workers", chromedp.Click(chromedp.CSS(`#registry th a[data-sort=workers_female]`))); got != 200 {
		t.Fatalf("sort: status %d", got)
	}
	if !strings.Contains(a.location(), "sort=workers_female") || !strings.Contains(a.location(), "dir=desc") {
		t.Errorf("sorting keeps the choice in the URL: %s", a.location())
	}
	if first := a.text(`#registry tbody tr:first-child th`); first != "Thành phố Hà Nội" {
		t.Errorf("by female workers, most first: %q", first)
	}
	a.submit("reverse", chromedp.Click(chromedp.CSS(`#registry th a[data-sort=workers_female]`)))
	if last := a.text(`#registry tbody tr:last-child th`); last != "Thành phố Hà Nội" {
		t.Errorf("by female workers, fewest first: last row %q", last)
	}
	a.screenshot("dashboard-national-desk")

	// A number opens the records behind it.
	wim := `#registry tr[data-key="08"] td[data-col=wim] a.n`
	want := a.dataN(wim)
	if want != 3 {
		t.Fatalf("Tuyên Quang's women-managed organisations: %d, want 3", want)
	}
	if got := a.submit("open the number", chromedp.Click(chromedp.CSS(wim))); got != 200 {
		t.Fatalf("drill-down: status %d", got)
	}
	if !strings.Contains(a.location(), "/organisations?") || a.listTotal() != want {
		t.Errorf("the number %d opened %s listing %d", want, a.location(), a.listTotal())
	}

	// A women-managed cooperative saved in another request shows on reload.
	o := &coop.Organisation{Kind: coop.KindHTX, Name: "Hợp tác xã Mới thành lập Na Hang", Sector: "agriculture", Governance: coop.GovernanceFull,
		Province: "08", Status: coop.StatusActive, Positions: []coop.Position{{Role: coop.RoleChair, Holder: "Ma Thị Hoa", Sex: coop.SexFemale}}}
	if err := a.DB.CreateOrganisation(context.Background(), coop.System, o); err != nil {
		t.Fatal(err)
	}
	a.open("/dashboard")
	if got := a.dataN(wim); got != want+1 {
		t.Errorf("after a new women-managed HTX: %d, want %d", got, want+1)
	}
	if got := a.dataN(`#registry tfoot td[data-col=orgs] a.n`); got != 8 {
		t.Errorf("national organisations after the new one: %d, want 8", got)
	}

	// The province's own dashboard shows only the province.
	a.do("phone again", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	a.submit("sign out", chromedp.Click(chromedp.CSS(`.top form[action="/logout"] button`)))
	a.signInAs(coop.RoleProvincial, "08")
	a.open("/dashboard")
	if got := a.text(`#dash-scope`); got != "Tỉnh Tuyên Quang" {
		t.Errorf("a provincial account's dashboard: %q", got)
	}
	if n := a.count(`#registry tbody tr[data-key="01"]`) + a.count(`select[name=province]`); n != 0 {
		t.Errorf("a provincial dashboard shows another province or a province picker (%d)", n)
	}
	if got := a.dataN(`#registry tfoot td[data-col=orgs] a.n`); got != 6 {
		t.Errorf("Tuyên Quang's organisations: %d, want 6", got)
	}
	if got := a.openStatus("/dashboard?province=01"); got != 404 {
		t.Errorf("another province's dashboard answered %d, want 404", got)
	}
	a.open("/dashboard")
	a.screenshot("dashboard-province-phone")
}

func containsLabel(s string) bool {
	for _, c := range coop.ProgressStatuses {
		if c.Label == s {
			return true
		}
	}
	return false
}
