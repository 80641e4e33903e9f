package web_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"htxnu/internal/coop"
	"htxnu/internal/xlsx"
)

// download fetches a link of the page shown with the browser's session, as
// clicking it would, and returns the file.
func (a *browserApp) download(css string) []byte {
	a.t.Helper()
	js := `(async () => {
		const href = document.querySelector(` + jsString(css) + `).getAttribute('href');
		const res = await fetch(href, {credentials: 'same-origin'});
		if (!res.ok) throw new Error('status ' + res.status);
		const buf = new Uint8Array(await res.arrayBuffer());
		let s = '';
		for (let i = 0; i < buf.length; i += 8192) s += String.fromCharCode.apply(null, buf.subarray(i, i + 8192));
		return btoa(s);
	})()`
	s, err := chromedp.Run(a.Ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		a.fail("download "+css, err)
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		a.t.Fatal(err)
	}
	return b
}

// uploadImport chooses the file on the imports page and sends it.
func (a *browserApp) uploadImport(path string) {
	a.t.Helper()
	a.open("/imports")
	if got := a.submit("upload "+filepath.Base(path),
		chromedp.SetUploadFiles(chromedp.CSS(`input[type=file][name=file]`), []string{path}),
		chromedp.Click(chromedp.CSS(`form[action="/imports"] button[type=submit]`)),
	); got != 200 {
		a.t.Fatalf("upload: status %d: %s", got, a.text(`main`))
	}
}

// Journey 9: the Tuyên Quang officer brings her register in from Excel.
func TestJourneyProvinceImportsRegister(t *testing.T) {
	a := newBrowserApp(t, 4*time.Minute)
	seedTuyenQuang(t, a.DB)
	a.signInAs(coop.RoleProvincial, "08")
	before := a.womenManagedIn("08")

	// She downloads her template: her province's organisations are in it.
	a.open("/imports")
	tpl := a.download(`#template-organisations`)
	f, err := excelize.OpenReader(bytes.NewReader(tpl))
	if err != nil {
		t.Fatalf("template: %v", err)
	}
	rows, _ := f.GetRows(xlsx.SheetData)
	if len(rows) != 5 || !strings.Contains(strings.Join(rows[1], "|")+strings.Join(rows[2], "|")+strings.Join(rows[3], "|")+strings.Join(rows[4], "|"), banLac) {
		t.Fatalf("template rows: %d", len(rows))
	}
	// She fills 200 rows; half under "Tỉnh Hà Giang", numbers and dates
	// typed the Vietnamese way; 50 have a woman director; three are wrong.
	first := len(rows) + 1
	bad := map[int]string{10: "women", 20: "date", 30: "sector"}
	for i := 0; i < 200; i++ {
		r := first + i
		province := "Tuyên Quang"
		if i%2 == 0 {
			province = "Tỉnh Hà Giang"
		}
		sector, founded, female := "Nông nghiệp", "15/03/2019", "12"
		switch bad[i] {
		case "women":
			female = "25"
		case "date":
			founded = "31/02/2026"
		case "sector":
			sector = "Thủy sản vũ trụ"
		}
		sex := "Nam"
		if i < 50 {
			sex = "Nữ"
		}
		set := func(col int, v any) { f.SetCellValue(xlsx.SheetData, cell(col, r), v) }
		set(xlsx.OrgRegNo, fmt.Sprintf("5100%06d", i))
		set(xlsx.OrgName, fmt.Sprintf("Hợp tác xã Nhập thử số %d", i))
		set(xlsx.OrgKind, "Hợp tác xã")
		set(xlsx.OrgSector, sector)
		set(xlsx.OrgGovernance, "Đầy đủ")
		set(xlsx.OrgProvince, province)
		set(xlsx.OrgFoundedOn, founded)
		set(xlsx.OrgManagerName(2), fmt.Sprintf("Người Giám Đốc %d", i)) // director
		set(xlsx.OrgManagerSex(2), sex)
		set(xlsx.OrgWorkforceAsOf, "31/05/2026")
		set(xlsx.OrgMembersTotal, "20")
		set(xlsx.OrgMembersFemale, female)
		set(xlsx.OrgWorkersTotal, "1.234")
	}
	if coop.ManagementRoles[2].Code != coop.RoleDirector {
		t.Fatal("the director is not the third role")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "so-dang-ky-tuyen-quang.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()

	// She uploads it and sees the preview: 200 new, 3 errors, the old
	// province mapped.
	a.uploadImport(path)
	if !strings.Contains(a.location(), "/imports/") {
		t.Fatalf("after upload: %s", a.location())
	}
	if n, e := a.text(`#count-new`), a.text(`#count-errors`); n != "197" || e != "3" {
		t.Fatalf("preview: %s new, %s errors", n, e)
	}
	if a.count(`table.import-errors tbody tr`) != 3 {
		t.Fatalf("errors listed: %d", a.count(`table.import-errors tbody tr`))
	}
	if note := a.text(`p.note`); !strings.Contains(note, "Hà Giang") || !strings.Contains(note, "Tuyên Quang") {
		t.Fatalf("note: %q", note)
	}
	errs := a.text(`table.import-errors`)
	for _, want := range []string{"Thành viên nữ", "Ngày thành lập", "Lĩnh vực"} {
		if !strings.Contains(errs, want) {
			t.Errorf("errors table lacks %q: %s", want, errs)
		}
	}

	// She downloads the error file: the three cells are commented.
	ef := a.download(`#error-file`)
	g, err := excelize.OpenReader(bytes.NewReader(ef))
	if err != nil {
		t.Fatal(err)
	}
	comments, _ := g.GetComments(xlsx.SheetData)
	if len(comments) != 3 {
		t.Fatalf("error file comments: %+v", comments)
	}
	// She fixes them in Excel and uploads again.
	g.SetCellValue(xlsx.SheetData, cell(xlsx.OrgMembersFemale, first+10), "5")
	g.SetCellValue(xlsx.SheetData, cell(xlsx.OrgFoundedOn, first+20), "28/02/2026")
	g.SetCellValue(xlsx.SheetData, cell(xlsx.OrgSector, first+30), "Nông nghiệp")
	fixed := filepath.Join(dir, "so-dang-ky-tuyen-quang-da-sua.xlsx")
	if err := g.SaveAs(fixed); err != nil {
		t.Fatal(err)
	}
	g.Close()
	a.uploadImport(fixed)
	if n, e, u := a.text(`#count-new`), a.text(`#count-errors`), a.text(`#count-unchanged`); n != "200" || e != "0" || u != "4" {
		t.Fatalf("second preview: %s new, %s errors, %s unchanged", n, e, u)
	}
	importPage := a.location()
	if got := a.submit("commit", chromedp.Click(chromedp.CSS(`#commit`))); got != 200 {
		t.Fatalf("commit: %d: %s", got, a.text(`main`))
	}
	if s := a.text(`#import-status`); s != "Đã nhập" {
		t.Fatalf("status after commit: %q", s)
	}
	// The dashboard moves at once.
	if after := a.womenManagedIn("08"); after != before+50 {
		t.Fatalf("women-managed in Tuyên Quang: %d before, %d after; want +50", before, after)
	}
	// The next morning she undoes the whole import.
	a.open(strings.TrimPrefix(importPage, a.URL))
	if got := a.submit("undo", chromedp.Click(chromedp.CSS(`#revert`))); got != 200 {
		t.Fatalf("undo: %d: %s", got, a.text(`main`))
	}
	if s := a.text(`#import-status`); s != "Đã hoàn tác" {
		t.Fatalf("status after undo: %q", s)
	}
	if after := a.womenManagedIn("08"); after != before {
		t.Fatalf("women-managed after undo: %d, want %d", after, before)
	}
	// The imports page lists both uploads with who, file and state.
	a.open("/imports")
	list := a.text(`table.imports`)
	if !strings.Contains(list, "so-dang-ky-tuyen-quang-da-sua.xlsx") || !strings.Contains(list, "Đã hoàn tác") || !strings.Contains(list, "Chờ xác nhận") {
		t.Fatalf("imports list: %s", list)
	}
	_ = os.Remove(path)
}
