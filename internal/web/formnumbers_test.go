package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// A number field that is not a number is said beside the field, and the
// record is not saved as if the field were empty: a malformed parent is
// not "no parent", a malformed version is not "no version".
func TestMalformedNumbersAreFieldErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		c := ts.Client()
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

		org := url.Values{"kind": {"HTX"}, "name": {"Hợp tác xã Chè Tân Cương"}, "sector": {"agriculture"}, "governance": {"full"},
			"province": {"01"}, "commune": {"Xã Tân Cương"}, "status": {"active"}, "parent_id": {"12a"}}
		code, _, body := postForm(t, c, ts.URL+"/organisations", org)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Tổ chức cấp trên: “12a” không phải là một số nguyên.") ||
			!strings.Contains(body, `value="Hợp tác xã Chè Tân Cương"`) {
			t.Fatalf("malformed parent: %d, want 422 with the field error and the name kept", code)
		}
		org.Del("parent_id")
		code, loc, _ := postForm(t, c, ts.URL+"/organisations", org)
		if code != http.StatusSeeOther {
			t.Fatalf("create: %d", code)
		}
		detail := strings.Split(loc, "?")[0]

		code, _, body = postForm(t, c, ts.URL+detail+"/archive", url.Values{"version": {"một"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Phiên bản của biểu mẫu: “một” không phải là một số nguyên.") {
			t.Fatalf("malformed version on archive: %d", code)
		}

		code, _, body = postForm(t, c, ts.URL+"/obstacles", url.Values{"province": {"01"}, "category": {"land"}, "title": {"Thiếu mặt bằng"},
			"description": {"Chưa có đất làm xưởng"}, "raised_by_org_id": {"x9"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Tổ chức nêu vướng mắc: “x9” không phải là một số nguyên.") {
			t.Fatalf("malformed raising organisation: %d", code)
		}
	})
}
