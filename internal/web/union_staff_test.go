package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// unionStaffDay gives each record seeded for the matrix its own day.
var unionStaffDay atomic.Int64

func init() {
	matrixFixtures = append(matrixFixtures, matrixFixture{
		Prefixes: []string{"/union-staff/{id}"},
		Creates:  []string{"POST /union-staff"},
		Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
			t.Helper()
			r := &coop.UnionStaffRecord{Province: province, RecordedOn: nextUnionStaffDay(), EconomicTotal: 10, EconomicTrained: 5, Notes: label}
			if err := db.CreateUnionStaff(context.Background(), coop.System, r); err != nil {
				t.Fatal(err)
			}
			return r.ID
		},
		Body: func(method, path string, id int64, province string) (string, string) {
			return url.Values{"version": {"1"}, "province": {province}, "recorded_on": {nextUnionStaffDay()},
				"economic_total": {"12"}, "economic_trained": {"6"}}.Encode(), "application/x-www-form-urlencoded"
		},
	})
}

func nextUnionStaffDay() string {
	return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(unionStaffDay.Add(1))).Format("2006-01-02")
}

// The Union staff page over HTTP: the empty state; a record with figures
// that do not add up is refused with the messages beside the fields and
// what was typed kept; a good one is listed with its shares; a second
// record of the same day and an edit on a stale copy are refused; Hà Nội
// cannot see Tuyên Quang's; the list pages; T7 and T8 in the report link
// to the page.
func TestUnionStaffPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		partner := roleClient(t, db, ts, "hoi.lhpn@tq.test", coop.RolePartner, "08")
		hanoi := roleClient(t, db, ts, "canbo@hn.test", coop.RoleProvincial, "01")
		viewer := roleClient(t, db, ts, "xem@tw.test", coop.RoleViewer, "")

		code, body := getPage(t, partner, ts.URL+"/union-staff")
		if code != 200 || !strings.Contains(body, `id="union-staff-empty"`) || !strings.Contains(body, `href="/union-staff/new"`) {
			t.Fatalf("empty list: %d\n%s", code, body)
		}
		if _, body = getPage(t, viewer, ts.URL+"/union-staff"); strings.Contains(body, `href="/union-staff/new"`) {
			t.Error("a viewer is offered to record figures")
		}

		bad := url.Values{"version": {"0"}, "province": {"08"}, "recorded_on": {"15/01/2026"}, "economic_total": {"20"}, "economic_trained": {"25"},
			"communication_total": {"mười"}, "communication_improved": {"4"}, "notes": {"Theo báo cáo của Hội LHPN tỉnh"}}
		code, _, body = postForm(t, partner, ts.URL+"/union-staff", bad)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("bad record: %d", code)
		}
		mustContain(t, "bad record", body, "Nhập số người là số nguyên", `value="25"`, `value="mười"`, "Theo báo cáo của Hội LHPN tỉnh", `value="2026-01-15"`)
		bad.Set("communication_total", "10")
		code, _, body = postForm(t, partner, ts.URL+"/union-staff", bad)
		mustContain(t, "more trained than total", body, "Số cán bộ được tập huấn không được lớn hơn tổng số.")
		if code != http.StatusUnprocessableEntity {
			t.Errorf("more trained than total: %d", code)
		}
		bad.Set("economic_trained", "15")
		code, loc, _ := postForm(t, partner, ts.URL+"/union-staff", bad)
		if code != http.StatusSeeOther || !strings.Contains(loc, "done=created") {
			t.Fatalf("record: %d %s", code, loc)
		}
		code, _, body = postForm(t, partner, ts.URL+"/union-staff", bad)
		if code != http.StatusConflict || !strings.Contains(body, "Đã có số liệu của ngày 15/01/2026.") {
			t.Errorf("a second record of the same day: %d", code)
		}
		_, body = getPage(t, partner, ts.URL+loc)
		mustContain(t, "list", body, "Đã ghi số liệu cán bộ Hội.", "15/01/2026", "75,00 %", "40,00 %", "Theo báo cáo của Hội LHPN tỉnh")

		page, err := db.UnionStaffList(context.Background(), coop.System, store.UnionStaffFilter{Province: "08"})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("records: %+v %v", page, err)
		}
		id := page.Items[0].ID
		edit := ts.URL + "/union-staff/" + strconv.FormatInt(id, 10)
		if code, _ := getPage(t, hanoi, edit+"/edit"); code != http.StatusNotFound {
			t.Errorf("Hà Nội opens Tuyên Quang's record: %d", code)
		}
		if _, body = getPage(t, hanoi, ts.URL+"/union-staff"); strings.Contains(body, "Theo báo cáo của Hội LHPN tỉnh") {
			t.Error("Hà Nội sees Tuyên Quang's record")
		}
		fixed := url.Values{"version": {"1"}, "economic_total": {"20"}, "economic_trained": {"18"}, "communication_total": {"10"}, "communication_improved": {"9"}}
		if code, loc, _ = postForm(t, partner, edit, fixed); code != http.StatusSeeOther || !strings.Contains(loc, "done=saved") {
			t.Fatalf("edit: %d %s", code, loc)
		}
		fixed.Set("economic_trained", "17")
		code, _, body = postForm(t, partner, edit, fixed)
		if code != http.StatusConflict || !strings.Contains(body, "người khác cập nhật") || !strings.Contains(body, `value="17"`) {
			t.Errorf("a stale edit: %d", code)
		}

		// Pagination: 20 a page.
		for i := 0; i < 21; i++ {
			r := &coop.UnionStaffRecord{Province: "08", RecordedOn: fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i/12), EconomicTotal: 3}
			if err := db.CreateUnionStaff(context.Background(), coop.System, r); err != nil {
				t.Fatal(err)
			}
		}
		_, body = getPage(t, partner, ts.URL+"/union-staff")
		mustContain(t, "first page", body, "trang 1/2", `rel="next"`)
		_, body = getPage(t, partner, ts.URL+"/union-staff?page=2")
		mustContain(t, "second page", body, "trang 2/2", `rel="prev"`)
	})
}

// Journey: the Women's Union partner of Tuyên Quang, on her phone, opens
// the Union staff page from the menu, records the figures, mistypes one
// and corrects it, then edits the record.
func TestJourneyUnionStaff(t *testing.T) {
	a := newBrowserApp(t, 2*time.Minute)
	a.signInAs(coop.RolePartner, "08")
	a.open("/")
	if got := a.submit("open the page from the menu",
		chromedp.Click(chromedp.CSS(`label.menu-button`)),
		chromedp.Click(chromedp.CSS(`#main-menu a[href="/union-staff"]`))); got != 200 {
		t.Fatalf("open the page: %d", got)
	}
	if !strings.Contains(a.text(`#union-staff-empty`), "Chưa có số liệu cán bộ Hội") {
		t.Errorf("the empty page does not say so: %q", a.text("main"))
	}
	if got := a.submit("open the form", chromedp.Click(chromedp.CSS(`#union-staff-new`))); got != 200 {
		t.Fatalf("open the form: %d", got)
	}
	fill := func(field, v string) chromedp.Action[chromedp.Void] {
		return chromedp.SetValue(chromedp.CSS(`#union-staff-form input[name=`+field+`]`), v)
	}
	if got := a.submit("record with more trained than staff", fill("economic_total", "20"), fill("economic_trained", "25"),
		fill("communication_total", "10"), fill("communication_improved", "8"),
		chromedp.Click(chromedp.CSS(`#save-union-staff`))); got != http.StatusUnprocessableEntity {
		t.Fatalf("the bad record answered %d", got)
	}
	if e := a.text(`#union-staff-form`); !strings.Contains(e, "không được lớn hơn tổng số") {
		t.Errorf("no message beside the field: %q", e)
	}
	if v := a.value(`#union-staff-form input[name=communication_improved]`); v != "8" {
		t.Errorf("what she typed was lost: %q", v)
	}
	if got := a.submit("correct and save", fill("economic_trained", "15"), chromedp.Click(chromedp.CSS(`#save-union-staff`))); got != 200 {
		t.Fatalf("save: %d: %s", got, a.text("main"))
	}
	if row := a.text(`#union-staff tbody tr`); !strings.Contains(row, "75,00 %") || !strings.Contains(row, "80,00 %") {
		t.Errorf("the listed record reads %q", row)
	}
	if got := a.submit("edit", chromedp.Click(chromedp.CSS(`#union-staff tbody tr a[href$="/edit"]`))); got != 200 {
		t.Fatalf("open the edit form: %d", got)
	}
	if got := a.submit("save the edit", fill("economic_trained", "20"), chromedp.Click(chromedp.CSS(`#save-union-staff`))); got != 200 {
		t.Fatalf("save the edit: %d", got)
	}
	if f := a.text(`.flash`); f != "Đã lưu thay đổi số liệu cán bộ Hội." {
		t.Errorf("saving said %q", f)
	}
	if row := a.text(`#union-staff tbody tr`); !strings.Contains(row, "100,00 %") {
		t.Errorf("the edited record reads %q", row)
	}
}
