package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// TestPagesOfferOnlyAllowedActions: a viewer reads an organisation without
// a button she cannot use; the province's staff see them all; an archived
// organisation offers only to be restored.
func TestPagesOfferOnlyAllowedActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		o := seedOrg(t, db, "Hợp tác xã Chè Tân Trào", "08", true)
		page := "/organisations/" + strconv.FormatInt(o.ID, 10)
		writes := []string{"Sửa thông tin", ">Lưu trữ<", "Kết thúc", ">Xoá<", "Thêm chức danh", "Lưu số liệu", "Thêm sản phẩm"}

		viewer := userToken(t, db, "viewer@htxnu.test", coop.RoleViewer, "08")
		body := getAs(t, ts, viewer, page, http.StatusOK)
		for _, w := range writes {
			if strings.Contains(body, w) {
				t.Errorf("a viewer sees %q on %s", w, page)
			}
		}
		central := userToken(t, db, "central@htxnu.test", coop.RoleCentral, "")
		body = getAs(t, ts, central, page, http.StatusOK)
		for _, w := range writes {
			if strings.Contains(body, w) {
				t.Errorf("central staff see %q on %s", w, page)
			}
		}

		staff := userToken(t, db, "staff@htxnu.test", coop.RoleProvincial, "08")
		body = getAs(t, ts, staff, page, http.StatusOK)
		for _, w := range writes {
			if !strings.Contains(body, w) {
				t.Errorf("the province's staff lack %q on %s", w, page)
			}
		}

		// The API says the same, from the same policy.
		if got := getAs(t, ts, viewer, "/api/v1"+page, http.StatusOK); !strings.Contains(got, `"actions":["read"]`) {
			t.Errorf("the API offers a viewer more than reading: %.300s", got)
		}
		if got := getAs(t, ts, staff, "/api/v1"+page, http.StatusOK); !strings.Contains(got, `"actions":["read","create","edit","archive"]`) {
			t.Errorf("the API does not offer the province's staff their actions: %.300s", got)
		}

		if _, err := db.ArchiveOrganisation(t.Context(), coop.System, o.ID, o.Version); err != nil {
			t.Fatal(err)
		}
		body = getAs(t, ts, staff, page, http.StatusOK)
		if !strings.Contains(body, ">Khôi phục<") {
			t.Error("an archived organisation offers no restore to its province")
		}
		for _, w := range writes {
			if strings.Contains(body, w) {
				t.Errorf("an archived organisation still offers %q", w)
			}
		}
	})
}

// TestPageNumbersClampToTheLastPage: "?page=999" of a short list shows its
// last page, never an empty page numbered 999.
func TestPageNumbersClampToTheLastPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		seedOrg(t, db, "Hợp tác xã Chè Tân Trào", "08", true)
		token := userToken(t, db, "lead@htxnu.test", coop.RoleProvincialLead, "08")
		for _, c := range []struct{ path, want string }{
			{"/organisations?page=999", "Hợp tác xã Chè Tân Trào"},
			{"/api/v1/organisations?page=999", `"page":1`},
			{"/audit?page=999", "Hợp tác xã Chè Tân Trào"},
			{"/notices?page=999", "Chưa có thông báo nào"},
		} {
			body := getAs(t, ts, token, c.path, http.StatusOK)
			if !strings.Contains(body, c.want) || strings.Contains(body, "999") {
				t.Errorf("%s does not show the last page (%q):\n%.600s", c.path, c.want, body)
			}
		}
	})
}

// TestAllocationFormShowsEveryError: one submit names every wrong value,
// those that are not numbers and those out of range.
func TestAllocationFormShowsEveryError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		c := ts.Client()
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		code, _, body := postForm(t, c, ts.URL+"/targets/T1/allocations", url.Values{"milestone": {"2030"},
			"value_01": {"nhiều"}, "value_08": {"999999999"}, "value_79": {"12"}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", code)
		}
		for _, want := range []string{"Nhập một số nguyên.", "Giá trị quá lớn."} {
			if !strings.Contains(body, want) {
				t.Errorf("the form lacks %q", want)
			}
		}
	})
}

// TestBeneficiaryPicker: more matches than a page are paged, all that match
// are ticked in one click, and the search keeps to women-managed
// organisations when asked.
func TestBeneficiaryPicker(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		for i := range 60 {
			seedOrg(t, db, "Hợp tác xã Nông nghiệp số "+strconv.Itoa(i+1), "08", i%2 == 0)
		}
		officer := userToken(t, db, "canbo@htxnu.test", coop.RoleProvincial, "08")
		base := "/activities/new?province=08&org_q=nong+nghiep&org_search=1"
		count := func(body, s string) int { return strings.Count(body, s) }
		body := getAs(t, ts, officer, base, http.StatusOK)
		if n := count(body, `name="beneficiary"`); n != 50 || !strings.Contains(body, "trang 1/2") || !strings.Contains(body, "Tìm thấy 60 tổ chức") {
			t.Errorf("first page: %d to tick, want 50 of 60 on page 1/2", n)
		}
		body = getAs(t, ts, officer, base+"&org_page=2", http.StatusOK)
		if n := count(body, `name="beneficiary"`); n != 10 {
			t.Errorf("second page: %d to tick, want 10", n)
		}
		body = getAs(t, ts, officer, base+"&org_all=1", http.StatusOK)
		if n := count(body, `name="beneficiary" value=`); n != 60 || count(body, " checked>") < 60 {
			t.Errorf("select all: %d listed, want 60 ticked", n)
		}
		body = getAs(t, ts, officer, base+"&org_women=1", http.StatusOK)
		if n := count(body, `name="beneficiary"`); n != 30 {
			t.Errorf("women-managed only: %d, want 30", n)
		}
	})
}
