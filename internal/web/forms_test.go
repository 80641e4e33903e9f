package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

func postForm(t *testing.T, c *http.Client, u string, form url.Values) (int, string, string) {
	t.Helper()
	res, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

func TestForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		c := ts.Client()
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

		// Bad input: 422, messages in Vietnamese, and everything typed is kept.
		bad := url.Values{"kind": {"HTX"}, "name": {"Hợp tác xã Mây tre đan Phú Vinh"}, "registration_no": {"0300999"}, "sector": {"industry_handicraft"},
			"governance": {"full"}, "province": {""}, "commune": {"Xã Phú Nghĩa"}, "founded_on": {"31/02/2020"}, "status": {"active"}, "phone": {"abc"}}
		code, _, body := postForm(t, c, ts.URL+"/organisations", bad)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("bad create: status %d", code)
		}
		for _, want := range []string{"Chọn tỉnh, thành phố.", "Ngày thành lập không hợp lệ", "Số điện thoại không hợp lệ",
			`value="Hợp tác xã Mây tre đan Phú Vinh"`, `value="0300999"`, `value="Xã Phú Nghĩa"`, `value="31/02/2020"`, `value="abc"`} {
			if !strings.Contains(body, want) {
				t.Errorf("bad create: page lacks %q", want)
			}
		}
		// Fixed: created, redirected to the detail page.
		bad.Set("province", "01")
		bad.Set("founded_on", "20/02/2020")
		bad.Set("phone", "0243 812 345")
		code, loc, _ := postForm(t, c, ts.URL+"/organisations", bad)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/organisations/") {
			t.Fatalf("create: %d %q", code, loc)
		}
		detail := strings.Split(loc, "?")[0]

		// A workforce snapshot with more women than workers: field error, input kept.
		code, _, body = postForm(t, c, ts.URL+detail+"/workforce", url.Values{"version": {"1"}, "as_of": {"2026-01-31"},
			"workers_total": {"20"}, "workers_female": {"27"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Số người lao động nữ không được lớn hơn tổng số người lao động.") ||
			!strings.Contains(body, `name="workers_female" inputmode="numeric" value="27"`) {
			t.Fatalf("bad workforce: %d\n%s", code, body)
		}
		// Valid snapshot and a female director make the badges switch on.
		code, _, _ = postForm(t, c, ts.URL+detail+"/workforce", url.Values{"version": {"1"}, "as_of": {"2026-01-31"},
			"workers_total": {"32"}, "workers_female": {"27"}, "members_total": {"1.200"}, "members_female": {"700"}})
		if code != http.StatusSeeOther {
			t.Fatalf("workforce: %d", code)
		}
		code, _, _ = postForm(t, c, ts.URL+detail+"/positions", url.Values{"version": {"2"}, "role": {"director"}, "holder": {"Nguyễn Thị Lan"}, "sex": {"female"}, "from": {"2026-01-01"}})
		if code != http.StatusSeeOther {
			t.Fatalf("position: %d", code)
		}
		// A stale form (version 2 again) is refused and says why.
		code, _, body = postForm(t, c, ts.URL+detail+"/positions", url.Values{"version": {"2"}, "role": {"chair"}, "holder": {"Lê Văn B"}, "sex": {"male"}})
		if code != http.StatusConflict || !strings.Contains(body, "người khác cập nhật") || !strings.Contains(body, `value="Lê Văn B"`) {
			t.Fatalf("stale position: %d", code)
		}
		// Blank members on a later snapshot carry the previous figures forward.
		code, _, _ = postForm(t, c, ts.URL+detail+"/workforce", url.Values{"version": {"3"}, "as_of": {"2026-02-28"},
			"workers_total": {"32"}, "workers_female": {"27"}})
		if code != http.StatusSeeOther {
			t.Fatalf("second workforce: %d", code)
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(detail, "/organisations/"), 10, 64)
		saved, err := db.Organisation(context.Background(), coop.System, id)
		if err != nil {
			t.Fatal(err)
		}
		if w := saved.Workforce; w == nil || w.AsOf != "2026-02-28" || w.MembersTotal != 1200 || w.MembersFemale != 700 || w.WorkersTotal != 32 {
			t.Fatalf("latest workforce after a blank-members entry: %+v", w)
		}
		res, err := c.Get(ts.URL + detail)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		page := string(b)
		for _, want := range []string{"✔ Có phụ nữ tham gia quản lý", "bà Nguyễn Thị Lan – Giám đốc", "✔ Tỷ lệ lao động nữ cao", "27/32", "28/02/2026", "1.200 (700)"} {
			if !strings.Contains(page, want) {
				t.Errorf("detail lacks %q", want)
			}
		}
	})
}
