package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// TestOldProvincesInAPIBodies: an organisation sent with a pre-2025
// province code or name is filed under the 2025 province, the answer says
// so, and the audit keeps the province as given.
func TestOldProvincesInAPIBodies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		for i, c := range []struct{ given, code, note string }{
			{"95", "96", "Tỉnh Bạc Liêu (95) nay thuộc Tỉnh Cà Mau (96)"},
			{"74", "79", "Tỉnh Bình Dương (74) nay thuộc Thành phố Hồ Chí Minh (79)"},
			{"02", "08", "Tỉnh Hà Giang (02) nay thuộc Tỉnh Tuyên Quang (08)"},
			{"Tỉnh Bạc Liêu", "96", "Tỉnh Bạc Liêu (95) nay thuộc Tỉnh Cà Mau (96)"},
			{"Tỉnh Bình Dương", "79", "Tỉnh Bình Dương (74) nay thuộc Thành phố Hồ Chí Minh (79)"},
			{"Tỉnh Hà Giang", "08", "Tỉnh Hà Giang (02) nay thuộc Tỉnh Tuyên Quang (08)"},
			{"tinh ha giang", "08", "Tỉnh Hà Giang (02) nay thuộc Tỉnh Tuyên Quang (08)"},
		} {
			name := "Hợp tác xã Thử tỉnh cũ " + string(rune('A'+i))
			body, _ := json.Marshal(map[string]any{"kind": "HTX", "name": name, "sector": "agriculture", "governance": "full",
				"province": c.given, "status": "active"})
			out := do(t, ts, call{method: "POST", path: "/api/v1/organisations", body: string(body), wantStatus: 201})
			var got struct {
				ID           int64  `json:"id"`
				Province     string `json:"province"`
				ProvinceNote string `json:"province_note"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%q: %v\n%s", c.given, err, out)
			}
			if got.Province != c.code || got.ProvinceNote != c.note {
				t.Errorf("%q: province %q note %q, want %q %q", c.given, got.Province, got.ProvinceNote, c.code, c.note)
			}
			// The audit row keeps the province as given.
			audit := do(t, ts, call{method: "GET", path: "/api/v1/audit?entity=organisation&entity_id=" + itoa(got.ID), wantStatus: 200})
			given, _ := json.Marshal(c.given)
			if !strings.Contains(audit, `\"province_given\":`+strings.ReplaceAll(string(given), `"`, `\"`)) &&
				!strings.Contains(audit, `"province_given":`+string(given)) {
				t.Errorf("%q: audit lacks the province as given:\n%s", c.given, audit)
			}
		}
		// A 2025 code: no note, no province_given.
		out := do(t, ts, call{method: "POST", path: "/api/v1/organisations", wantStatus: 201,
			body:    `{"kind":"HTX","name":"Hợp tác xã Mới","sector":"agriculture","governance":"full","province":"08","status":"active"}`,
			notWant: []string{"province_note"}})
		if !strings.Contains(out, `"province":"08"`) {
			t.Errorf("2025 code changed: %s", out)
		}
		// An unknown province is still refused.
		do(t, ts, call{method: "POST", path: "/api/v1/organisations", wantStatus: 422,
			body: `{"kind":"HTX","name":"Hợp tác xã Lạ","sector":"agriculture","governance":"full","province":"Tỉnh Không Có","status":"active"}`})
	})
}

// TestOldProvinceFilters: ?province=74 lists Hồ Chí Minh's records and says
// so, on the API and on the pages.
func TestOldProvinceFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		seedOrg(t, db, "Hợp tác xã Sài Gòn Xanh", "79", false)
		seedOrg(t, db, "Hợp tác xã Chè Hà Giang", "08", true)
		seedOrg(t, db, "Hợp tác xã Tôm Bạc Liêu", "96", false)
		bd := "Tỉnh Bình Dương (74) nay thuộc Thành phố Hồ Chí Minh (79)"
		hg := "Tỉnh Hà Giang (02) nay thuộc Tỉnh Tuyên Quang (08)"
		for _, c := range []call{
			{path: "/api/v1/organisations?province=74", want: []string{`"total":1`, "Sài Gòn Xanh", `"province_note":"` + bd + `"`}},
			{path: "/api/v1/organisations?province=" + url.QueryEscape("Tỉnh Bình Dương"), want: []string{`"total":1`, "Sài Gòn Xanh", bd}},
			{path: "/api/v1/organisations?province=02", want: []string{`"total":1`, "Chè Hà Giang", hg}},
			{path: "/api/v1/organisations?province=" + url.QueryEscape("tinh ha giang"), want: []string{`"total":1`, "Chè Hà Giang", hg}},
			{path: "/api/v1/organisations?province=95", want: []string{`"total":1`, "Tôm Bạc Liêu", "Tỉnh Bạc Liêu (95) nay thuộc Tỉnh Cà Mau (96)"}},
			{path: "/api/v1/organisations?province=" + url.QueryEscape("Tỉnh Bạc Liêu"), want: []string{`"total":1`, "Tôm Bạc Liêu"}},
			{path: "/api/v1/organisations?province=79", want: []string{`"total":1`}, notWant: []string{"province_note"}},
			{path: "/api/v1/counts?group_by=province&province=74", want: []string{`"key":"79"`, bd}},
			{path: "/organisations?province=74", want: []string{"Sài Gòn Xanh", bd}, notWant: []string{"Chè Hà Giang"}},
			{path: "/organisations?province=" + url.QueryEscape("Tỉnh Hà Giang"), want: []string{"Chè Hà Giang", hg}, notWant: []string{"Sài Gòn Xanh"}},
			{path: "/activities?province=02", want: []string{hg}},
			{path: "/api/v1/activities?province=74", want: []string{bd}},
			{path: "/?province=74", want: []string{bd}},
			{path: "/dashboard?province=74", want: []string{bd}},
			{path: "/api/v1/dashboard?province=" + url.QueryEscape("Tỉnh Bình Dương"), want: []string{`"province_note":"` + bd + `"`, `"province":"79"`}},
			{path: "/reports?tab=all&province=02", want: []string{hg}},
			{path: "/api/v1/reports?province=95", want: []string{"Tỉnh Bạc Liêu (95) nay thuộc Tỉnh Cà Mau (96)"}},
			{path: "/api/v1/reports/rates?province=74", want: []string{bd}},
			// Filter words that are not provinces pass as they are.
			{path: "/activities?province=central", notWant: []string{"Không nhận ra"}},
			{path: "/api/v1/reports?province=national", notWant: []string{"province_note"}},
			// Unknown: the page says why nothing matches.
			{path: "/organisations?province=" + url.QueryEscape("Tỉnh Không Có"), want: []string{"Không nhận ra tỉnh, thành phố"}},
		} {
			c.method, c.wantStatus = "GET", 200
			do(t, ts, c)
		}
	})
}

// TestOldProvinceInForms: a form posted with an old province files the
// record under the 2025 one, and the page after the redirect says so.
func TestOldProvinceInForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		c := ts.Client()
		jar, _ := cookiejar.New(nil)
		c.Jar = jar
		form := url.Values{"kind": {"HTX"}, "name": {""}, "sector": {"agriculture"},
			"governance": {"full"}, "province": {"Tỉnh Hà Giang"}, "status": {"active"}}
		// A form sent back with an error shows the note at once, and only
		// then.
		res, err := c.PostForm(ts.URL+"/organisations", form)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 422 || !strings.Contains(string(b), "Tỉnh Hà Giang (02) nay thuộc Tỉnh Tuyên Quang (08)") {
			t.Errorf("form with an error: %d, note shown: %v", res.StatusCode, strings.Contains(string(b), "nay thuộc"))
		}
		if next := do(t, ts, call{method: "GET", path: "/organisations", wantStatus: 200}); strings.Contains(next, "nay thuộc") {
			t.Errorf("the note of a form already shown comes back on the next page")
		}
		form.Set("name", "Hợp tác xã Cam sành Hà Giang")
		res, err = c.PostForm(ts.URL+"/organisations", form)
		if err != nil {
			t.Fatal(err)
		}
		b, _ = io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(res.Request.URL.Path, "/organisations/") {
			t.Fatalf("create: %d %s", res.StatusCode, res.Request.URL)
		}
		page := string(b)
		for _, want := range []string{"Tỉnh Hà Giang (02) nay thuộc Tỉnh Tuyên Quang (08)", "Cam sành Hà Giang"} {
			if !strings.Contains(page, want) {
				t.Errorf("page after the post lacks %q", want)
			}
		}
		id := strings.TrimPrefix(res.Request.URL.Path, "/organisations/")
		out := do(t, ts, call{method: "GET", path: "/api/v1/organisations/" + id, wantStatus: 200, want: []string{`"province":"08"`}})
		_ = out
		// The note is shown once.
		again := do(t, ts, call{method: "GET", path: "/organisations/" + id, wantStatus: 200})
		if strings.Contains(again, "nay thuộc") {
			t.Errorf("the note stays after it was shown")
		}
		audit := do(t, ts, call{method: "GET", path: "/api/v1/audit?entity=organisation&entity_id=" + id, wantStatus: 200})
		if !strings.Contains(audit, "Tỉnh Hà Giang") {
			t.Errorf("audit lacks the province as given: %s", audit)
		}

		// A provincial officer of Tuyên Quang may give her province by its
		// old name.
		tok := userToken(t, db, "tq@htxnu.test", coop.RoleProvincial, "08")
		doAs(t, ts, tok, call{method: "POST", path: "/api/v1/organisations", wantStatus: 201,
			body: `{"kind":"THT","name":"Tổ hợp tác Mèo Vạc","sector":"agriculture","province":"02","status":"active"}`,
			want: []string{`"province":"08"`, "Tỉnh Hà Giang (02) nay thuộc Tỉnh Tuyên Quang (08)"}})
		// …but not another province's.
		doAs(t, ts, tok, call{method: "POST", path: "/api/v1/organisations", wantStatus: 403,
			body: `{"kind":"THT","name":"Tổ hợp tác Dĩ An","sector":"agriculture","province":"Tỉnh Bình Dương","status":"active"}`})
		_ = http.StatusOK
	})
}
