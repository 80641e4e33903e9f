package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// A number in an address that is not a number is refused by name, never
// read as "no value": the API answers 400 with the problem under the
// parameter, a page answers 400 with the message above what it shows
// without the malformed value. An empty value is no value.
func TestMalformedQueryNumbers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		c := ts.Client()
		org := seedOrg(t, db, "Hợp tác xã Rau sạch Mê Linh", "01", true)
		orgPath := "/organisations/" + itoa(org.ID)
		cases := []struct{ path, param, value, message string }{
			{"/organisations", "page", "abc", "Số trang (page): “abc” không phải là một số nguyên."},
			{"/organisations", "parent_id", "x", "Tổ chức cấp trên (parent_id): “x” không phải là một số nguyên."},
			{"/organisations", "per_page", "2.5", "Số dòng mỗi trang (per_page): “2.5”"},
			{"/activities", "task_id", "1e3", "Nhiệm vụ (task_id): “1e3” không phải là một số nguyên."},
			{"/activities", "organisation_id", "một", "Tổ chức (organisation_id): “một”"},
			{"/pipeline", "year", "năm nay", "Năm (year): “năm nay”"},
			{"/obstacles", "page", "2a", "Số trang (page): “2a”"},
			{"/plans", "page", "-", "Số trang (page): “-”"},
			{"/reports", "year", "20x6", "Năm (year): “20x6”"},
			{"/reports/calendar", "year", "x", "Năm (year): “x”"},
			{"/reports/rates", "year", "x", "Năm (year): “x”"},
			{"/audit", "actor", "ai", "Người thực hiện (actor): “ai”"},
			{"/audit", "id", "0x1", "Mã bản ghi (id): “0x1”"},
			{"/admin/users", "page", "hai", "Số trang (page): “hai”"},
			{"/notices", "page", "hai", "Số trang (page): “hai”"},
			{"/union-staff", "page", "hai", "Số trang (page): “hai”"},
			{"/showcase/manage", "page", "hai", "Số trang (page): “hai”"},
			{orgPath + "/history", "page", "hai", "Số trang (page): “hai”"},
			{"/targets/T1", "milestone", "2030a", "Mốc chỉ tiêu (milestone): “2030a”"},
		}
		for _, tc := range cases {
			u := ts.URL + tc.path + "?" + url.Values{tc.param: {tc.value}}.Encode()
			code, body, _ := get(t, c, u)
			if code != http.StatusBadRequest || !strings.Contains(body, tc.message) || !strings.Contains(body, `role="alert"`) {
				t.Errorf("GET %s?%s=%s: %d, want 400 with %q shown", tc.path, tc.param, tc.value, code, tc.message)
			}
			// Empty is no value.
			if code, _, _ := get(t, c, ts.URL+tc.path+"?"+tc.param+"="); code != http.StatusOK {
				t.Errorf("GET %s?%s= (empty): %d, want 200", tc.path, tc.param, code)
			}
		}
		apis := []struct{ path, param, value string }{
			{"/api/v1/organisations", "parent_id", "x"},
			{"/api/v1/organisations", "page", "abc"},
			{"/api/v1/activities", "task_id", "1e3"},
			{"/api/v1/founding-cases", "year", "x"},
			{"/api/v1/obstacles", "per_page", "x"},
			{"/api/v1/plans", "page", "x"},
			{"/api/v1/tasks", "plan_id", "x"},
			{"/api/v1/reports", "year", "abc"},
			{"/api/v1/reports/calendar", "year", "abc"},
			{"/api/v1/audit", "actor", "x"},
			{"/api/v1/showcase", "page", "x"},
			{"/api/v1/targets/T1/allocations", "milestone", "x"},
			{"/organisations/export.csv", "parent_id", "x"},
		}
		for _, tc := range apis {
			code, body, _ := get(t, c, ts.URL+tc.path+"?"+url.Values{tc.param: {tc.value}}.Encode())
			var out struct {
				Error struct {
					Code   string            `json:"code"`
					Fields map[string]string `json:"fields"`
				} `json:"error"`
			}
			json.Unmarshal([]byte(body), &out)
			if code != http.StatusBadRequest || (strings.HasPrefix(tc.path, "/api/") && !strings.Contains(out.Error.Fields[tc.param], "không phải là một số nguyên")) {
				t.Errorf("GET %s?%s=%s: %d %.300s, want 400 naming %s", tc.path, tc.param, tc.value, code, body, tc.param)
			}
			if code, _, _ := get(t, c, ts.URL+tc.path+"?"+tc.param+"="); code != http.StatusOK {
				t.Errorf("GET %s?%s= (empty): %d, want 200", tc.path, tc.param, code)
			}
		}
	})
}
