package web_test

import (
	"context"
	"encoding/json"
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

const showcaseStory = "Chị em trong bản dệt khăn, túi và váy thổ cẩm từ sợi lanh nhuộm chàm, bán ở chợ phiên, cho khách du lịch và qua mạng."

func init() {
	// The profile routes of an organisation. Unpublishing is asked about a
	// published model, publishing about a complete draft (version 1), the
	// rest about the draft too. The specific prefixes come first.
	formOrJSON := func(path string, form url.Values, json string) (string, string) {
		if strings.HasPrefix(path, "/api/") {
			return json, "application/json"
		}
		return form.Encode(), "application/x-www-form-urlencoded"
	}
	matrixFixtures = append(matrixFixtures, matrixFixture{
		Prefixes: []string{"/organisations/{id}/showcase/unpublish"},
		Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
			return seedModel(t, db, province, label, true)
		},
		Body: func(method, path string, id int64, province string) (string, string) {
			return formOrJSON(path, url.Values{}, "")
		},
	}, matrixFixture{
		Prefixes: []string{"/organisations/{id}/showcase/publish"},
		Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
			return seedModel(t, db, province, label, false)
		},
		Body: func(method, path string, id int64, province string) (string, string) {
			return formOrJSON(path, url.Values{"version": {"1"}}, `{"version":1}`)
		},
	}, matrixFixture{
		Prefixes: []string{"/organisations/{id}/showcase"},
		Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
			return seedModel(t, db, province, label, false)
		},
		Body: func(method, path string, id int64, province string) (string, string) {
			return formOrJSON(path,
				url.Values{"version": {"1"}, "story": {showcaseStory}, "contact_phone": {"0207 3822 123"}},
				`{"version":1,"story":"`+showcaseStory+`","contact_phone":"0207 3822 123"}`)
		},
	})
}

// seedModel adds a women-run weaving cooperative named name, with an OCOP
// product and a complete showcase profile (version 1), published or not,
// and returns its id.
func seedModel(t *testing.T, db *store.DB, province, name string, publish bool) int64 {
	t.Helper()
	return seedModelOf(t, db, province, name, "industry_handicraft", showcaseStory, "Khăn piêu "+name, publish)
}

// seedModelOf is seedModel for another sector, story and product.
func seedModelOf(t *testing.T, db *store.DB, province, name, sector, story, product string, publish bool) int64 {
	t.Helper()
	ctx := context.Background()
	o := &coop.Organisation{Kind: coop.KindHTX, Name: name, Sector: sector, Governance: coop.GovernanceFull,
		Province: province, Commune: "Xã Thượng Lâm", FoundedOn: "2016-05-12", Status: coop.StatusActive,
		Positions: []coop.Position{
			{Role: coop.RoleChair, Holder: "Lò Thị Xuân", Sex: coop.SexFemale, From: "2023-04-15"},
			{Role: coop.RoleDirector, Holder: "Lò Thị Hoa", Sex: coop.SexFemale, From: "2023-04-15"},
			{Role: coop.RoleSupervisoryHead, Holder: "Lường Văn Thành", Sex: coop.SexMale, From: "2023-04-15"},
		},
		Snapshots: []coop.Snapshot{{AsOf: "2025-12-31", MembersTotal: 34, MembersFemale: 30, WorkersTotal: 52, WorkersFemale: 47, FemaleMonthlyIncome: 6_100_000}},
		Products:  []coop.Product{{Name: product, Group: "handicraft", Stars: 4}},
	}
	if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
		t.Fatal(err)
	}
	s := &coop.Showcase{OrganisationID: o.ID, Story: story, Support: "Liên minh HTX tỉnh hỗ trợ thủ tục thành lập.",
		JobsForWomen: 47, FemaleIncome: 6_100_000, ContactPhone: "0207 3822 123", ContactEmail: "lienminhhtx@tuyenquang.gov.vn"}
	if err := db.SaveShowcase(ctx, coop.System, s); err != nil {
		t.Fatal(err)
	}
	if publish {
		if _, err := db.PublishShowcase(ctx, coop.System, o.ID, s.Version); err != nil {
			t.Fatal(err)
		}
	}
	return o.ID
}

// get asks for path as the client does and returns the status, the body
// and the headers.
func get(t *testing.T, c *http.Client, u string) (int, string, http.Header) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

func TestShowcasePublicPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		admin := ts.Client()
		anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		muongLo := seedModel(t, db, "15", "Hợp tác xã Dệt thổ cẩm Mường Lò", true)
		draft := seedModel(t, db, "08", "Hợp tác xã Dệt thổ cẩm Nà Hang", false)
		other := seedModelOf(t, db, "08", "Hợp tác xã Chè Shan tuyết Bản Phố", "agriculture",
			"Các hộ người Dao hái chè Shan tuyết cổ thụ, chế biến chè xanh và hồng trà theo tiêu chuẩn OCOP để bán khắp nơi.", "Chè Shan tuyết Bản Phố", true)
		detail := "/showcase/" + strconv.FormatInt(muongLo, 10)

		// Anyone may read the list and a model, without signing in.
		code, body, h := get(t, anon, ts.URL+"/showcase?q=det+tho+cam")
		if code != 200 || h.Get("Cache-Control") != "public, max-age=60" {
			t.Fatalf("list: %d, Cache-Control %q", code, h.Get("Cache-Control"))
		}
		for _, want := range []string{"Hợp tác xã Dệt thổ cẩm Mường Lò", `href="` + detail + `"`, "★★★★", "Tìm thấy <strong>1</strong> mô hình",
			`href="/login"`, `href="/showcase"`} {
			if !strings.Contains(body, want) {
				t.Errorf("list lacks %q", want)
			}
		}
		for _, not := range []string{"Nà Hang", "Chè Shan", "Đăng xuất", "Sổ đăng ký"} {
			if strings.Contains(body, not) {
				t.Errorf("list shows %q", not)
			}
		}

		code, body, h = get(t, anon, ts.URL+detail)
		if code != 200 || h.Get("Cache-Control") != "public, max-age=60" {
			t.Fatalf("model page: %d %q", code, h.Get("Cache-Control"))
		}
		for _, want := range []string{"<h1>Hợp tác xã Dệt thổ cẩm Mường Lò</h1>", "Xã Thượng Lâm, Tỉnh Lào Cai", "thành lập năm 2016",
			showcaseStory, "Liên minh HTX tỉnh hỗ trợ thủ tục thành lập.", "Khăn piêu Hợp tác xã Dệt thổ cẩm Mường Lò", "OCOP 4 sao",
			`<span class="num" id="res-jobs">47</span>`, `<span class="num" id="res-income">6,1</span>`, "(6.100.000 đ)", "Liên minh Hợp tác xã Lào Cai", `href="tel:02073822123"`,
			"mailto:lienminhhtx@tuyenquang.gov.vn", `<span class="num">2/3</span>`, "90,4%", "(47/52)"} {
			if !strings.Contains(body, want) {
				t.Errorf("model page lacks %q", want)
			}
		}
		// Never the names of the people who hold positions.
		for _, holder := range []string{"Lò Thị Xuân", "Lò Thị Hoa", "Lường Văn Thành"} {
			if strings.Contains(body, holder) {
				t.Errorf("the public page names %q", holder)
			}
		}

		// A signed-in user gets the very same page: nothing of the session;
		// but not from a cache, so that staff see a change at once.
		_, adminBody, ah := get(t, admin, ts.URL+detail)
		if adminBody != body {
			t.Errorf("a signed-in user's copy of a public page differs from a visitor's")
		}
		if ah.Get("Cache-Control") != "private, no-cache" || ah.Get("Vary") != "Cookie, Authorization" || h.Get("Vary") != "Cookie, Authorization" {
			t.Errorf("caching: signed in %q, Vary %q; visitor Vary %q", ah.Get("Cache-Control"), ah.Get("Vary"), h.Get("Vary"))
		}
		_, adminList, _ := get(t, admin, ts.URL+"/showcase?q=det+tho+cam")
		if _, anonList, _ := get(t, anon, ts.URL+"/showcase?q=det+tho+cam"); adminList != anonList {
			t.Errorf("a signed-in user's copy of the list differs from a visitor's")
		}

		// A draft, an unknown id or a bad id: 404, not cached.
		for _, p := range []string{"/showcase/" + strconv.FormatInt(draft, 10), "/showcase/999999", "/showcase/abc",
			"/api/v1/showcase/" + strconv.FormatInt(draft, 10)} {
			code, body, h := get(t, anon, ts.URL+p)
			if code != 404 || h.Get("Cache-Control") != "no-store" || strings.Contains(body, "Nà Hang") {
				t.Errorf("%s: %d %q", p, code, h.Get("Cache-Control"))
			}
		}

		// The public API: the same models, no names.
		code, body, h = get(t, anon, ts.URL+"/api/v1/showcase?q=det+tho+cam")
		var page struct {
			Items []struct {
				ID       int64  `json:"id"`
				Name     string `json:"name"`
				Products []struct {
					Stars int `json:"stars"`
				} `json:"ocop_products"`
			} `json:"items"`
			Total int `json:"total"`
		}
		if err := json.Unmarshal([]byte(body), &page); err != nil || code != 200 || page.Total != 1 || page.Items[0].ID != muongLo ||
			page.Items[0].Products[0].Stars != 4 || h.Get("Cache-Control") != "public, max-age=60" {
			t.Fatalf("API list: %d %v %s", code, err, body)
		}
		code, body, _ = get(t, anon, ts.URL+"/api/v1/showcase/"+strconv.FormatInt(other, 10))
		if code != 200 || !strings.Contains(body, `"management_positions_women":2`) || strings.Contains(body, "Lò Thị") {
			t.Fatalf("API model: %d %s", code, body)
		}
		// Filters and an empty result with a suggestion.
		code, body, _ = get(t, anon, ts.URL+"/showcase?q=det+tho+cam&province=08")
		if code != 200 || !strings.Contains(body, `id="showcase-empty"`) || !strings.Contains(body, "Bỏ lọc tỉnh, lĩnh vực để xem 1 mô hình") {
			t.Fatalf("empty filtered list: %d\n%s", code, body)
		}
		code, body, _ = get(t, anon, ts.URL+"/showcase?sector=agriculture")
		if code != 200 || !strings.Contains(body, "Chè Shan tuyết") || strings.Contains(body, "Mường Lò") {
			t.Fatalf("sector filter: %d", code)
		}

		// Unpublishing hides it at once.
		if _, err := db.UnpublishShowcase(context.Background(), coop.System, muongLo); err != nil {
			t.Fatal(err)
		}
		if code, _, _ := get(t, anon, ts.URL+detail); code != 404 {
			t.Fatalf("unpublished model: %d", code)
		}
	})
}

func TestPublicHome(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ts := newServer(t, db)
		anon := &http.Client{}
		seedModel(t, db, "15", "Hợp tác xã Dệt thổ cẩm Mường Lò", true)
		seedModel(t, db, "08", "Hợp tác xã Dệt thổ cẩm Nà Hang", false)
		seedOrg(t, db, "Hợp tác xã Rau sạch Tân Phú", "01", false)
		seedOrg(t, db, "Hợp tác xã Bí mật Đông Anh", "01", true)
		officer := coop.Actor{UserID: 7, Name: "Cán bộ tỉnh", Role: coop.RoleProvincial, Province: "08"}
		act := &coop.Activity{Type: "founding_support", Title: "Hỗ trợ thành lập tổ hợp tác dệt", Province: "08",
			StartsOn: "2025-05-10", Organiser: "Liên minh HTX tỉnh", JobsWomenHTX: 12, JobsWomenTHT: 30}
		if err := db.CreateActivity(ctx, officer, act); err != nil {
			t.Fatal(err)
		}

		code, body, h := get(t, anon, ts.URL+"/")
		if code != 200 || h.Get("Cache-Control") != "public, max-age=60" || !strings.Contains(h.Get("Vary"), "Cookie") {
			t.Fatalf("public home: %d, Cache-Control %q, Vary %q", code, h.Get("Cache-Control"), h.Get("Vary"))
		}
		counts, _ := db.Counts(ctx, coop.System, store.CountsFilter{})
		reach, _ := db.ReachSummary(ctx, coop.System, store.ReachFilter{})
		figure := func(id string) string {
			i := strings.Index(body, `id="`+id+`"><span class="num">`)
			if i < 0 {
				t.Fatalf("public home has no figure %s", id)
			}
			rest := body[i+len(`id="`+id+`"><span class="num">`):]
			return rest[:strings.Index(rest, "<")]
		}
		var provinces int64
		for _, r := range counts.Rows {
			if r.WomenManaged > 0 {
				provinces++
			}
		}
		for id, want := range map[string]int64{
			"hl-women-managed": counts.Total.WomenManaged,
			"hl-jobs":          reach.Total.JobsWomenHTX + reach.Total.JobsWomenTHT,
			"hl-models":        1,
			"hl-provinces":     provinces,
		} {
			if got := figure(id); got != coop.FormatInt(want) {
				t.Errorf("%s = %s, want %s (the rollups)", id, got, coop.FormatInt(want))
			}
		}
		if counts.Total.WomenManaged != 3 || reach.Total.JobsWomenHTX+reach.Total.JobsWomenTHT != 42 {
			t.Fatalf("the fixture is not what the test expects: %d women-managed, %d jobs", counts.Total.WomenManaged, reach.Total.JobsWomenHTX+reach.Total.JobsWomenTHT)
		}
		for _, want := range []string{`action="/showcase"`, `name="q"`, `href="/login"`, "Hợp tác xã Dệt thổ cẩm Mường Lò"} {
			if !strings.Contains(body, want) {
				t.Errorf("public home lacks %q", want)
			}
		}
		for _, not := range []string{"Tổng quan sổ đăng ký", "counts-by-province", "Bí mật Đông Anh", "Nà Hang", "Tân Phú", "Đăng xuất", `href="/organisations`} {
			if strings.Contains(body, not) {
				t.Errorf("public home shows %q", not)
			}
		}

		// Signed in, the home page is the registry overview, as before.
		code, body, h = get(t, ts.Client(), ts.URL+"/")
		if code != 200 || strings.Contains(h.Get("Cache-Control"), "public") || !strings.Contains(h.Get("Vary"), "Cookie") {
			t.Fatalf("signed-in home: %d %q %q", code, h.Get("Cache-Control"), h.Get("Vary"))
		}
		for _, want := range []string{"Tổng quan sổ đăng ký", `id="counts-by-province"`, "Đăng xuất", `href="/showcase/manage"`} {
			if !strings.Contains(body, want) {
				t.Errorf("signed-in home lacks %q", want)
			}
		}
		if strings.Contains(body, "hl-women-managed") {
			t.Errorf("signed-in home shows the public figures")
		}
	})
}

func TestShowcaseManagement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := newServer(t, db) // for the server; the clients below act as accounts
		officer := userToken(t, db, "tuyenquang@showcase.test", coop.RoleProvincial, "08")
		hanoi := userToken(t, db, "hanoi@showcase.test", coop.RoleProvincial, "01")
		viewer := userToken(t, db, "xem@showcase.test", coop.RoleViewer, "")
		as := func(token string) *http.Client {
			return &http.Client{Transport: bearer{base: http.DefaultTransport, token: token},
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		}
		o := seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", true)
		base := srv.URL + "/organisations/" + strconv.FormatInt(o.ID, 10)

		// The organisation page offers to write a profile to the province,
		// and says nothing to a viewer while there is none.
		code, body, _ := get(t, as(officer), base)
		if code != 200 || !strings.Contains(body, "Giới thiệu mô hình điển hình") || !strings.Contains(body, "Soạn hồ sơ giới thiệu") {
			t.Fatalf("organisation page for the province: %d", code)
		}
		if _, body, _ := get(t, as(viewer), base); strings.Contains(body, "Giới thiệu mô hình điển hình") {
			t.Fatalf("a viewer sees the showcase section of a draft")
		}
		code, body, _ = get(t, as(officer), base+"/showcase")
		if code != 200 || !strings.Contains(body, `value="Liên minh Hợp tác xã Tuyên Quang"`) || !strings.Contains(body, `name="jobs_for_women" inputmode="numeric" value="12"`) {
			t.Fatalf("new profile form: %d\n%s", code, body)
		}

		// Bad input: 422, messages, what was typed is kept.
		bad := url.Values{"version": {"0"}, "story": {""}, "jobs_for_women": {"mười"}, "contact_email": {"lienminh@"}, "contact_phone": {"0207 3822 123"}}
		code, _, body = postForm(t, as(officer), base+"/showcase", bad)
		for _, want := range []string{"Viết câu chuyện của mô hình", "Số việc làm cho lao động nữ không được âm", "Email liên hệ không hợp lệ",
			`value="lienminh@"`, `value="0207 3822 123"`} {
			if !strings.Contains(body, want) {
				t.Errorf("bad profile: page lacks %q", want)
			}
		}
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("bad profile: %d", code)
		}
		good := url.Values{"version": {"0"}, "story": {showcaseStory}, "jobs_for_women": {"12"}, "female_avg_monthly_income": {"5.200.000"},
			"contact_name": {""}, "contact_phone": {"0207 3822 123"}}
		code, loc, _ := postForm(t, as(officer), base+"/showcase", good)
		if code != http.StatusSeeOther || loc != "/organisations/"+strconv.FormatInt(o.ID, 10)+"/showcase?done=saved" {
			t.Fatalf("save: %d %q", code, loc)
		}
		code, body, _ = get(t, as(officer), base+"/showcase?done=saved")
		if code != 200 || !strings.Contains(body, "Đã lưu hồ sơ giới thiệu.") || !strings.Contains(body, `id="publish-form"`) ||
			!strings.Contains(body, `value="5200000"`) {
			t.Fatalf("saved profile: %d\n%s", code, body)
		}

		// Another province's officer cannot see or touch it.
		for _, c := range []struct{ method, path string }{{"GET", "/showcase"}, {"POST", "/showcase"}, {"POST", "/showcase/publish"}} {
			var code int
			if c.method == "GET" {
				code, _, _ = get(t, as(hanoi), base+c.path)
			} else {
				code, _, _ = postForm(t, as(hanoi), base+c.path, good)
			}
			if code != 404 {
				t.Errorf("Hà Nội %s %s: %d, want 404", c.method, c.path, code)
			}
		}

		// Publish: it appears on the public list and the org page says so.
		code, loc, _ = postForm(t, as(officer), base+"/showcase/publish", url.Values{"version": {"1"}})
		if code != http.StatusSeeOther || !strings.HasSuffix(loc, "done=published") {
			t.Fatalf("publish: %d %q", code, loc)
		}
		if _, body, _ := get(t, &http.Client{}, srv.URL+"/showcase"); !strings.Contains(body, "Hợp tác xã Dệt thổ cẩm Bản Lác") {
			t.Fatalf("published model not on the public list")
		}
		_, body, _ = get(t, as(officer), base)
		if !strings.Contains(body, "Đang công khai từ") || !strings.Contains(body, `id="unpublish-form"`) {
			t.Fatalf("organisation page after publishing lacks the state")
		}
		if _, body, _ := get(t, as(viewer), base); !strings.Contains(body, "Xem trang công khai") || strings.Contains(body, "unpublish-form") {
			t.Fatalf("a viewer's organisation page of a published model")
		}
		_, body, _ = get(t, as(officer), srv.URL+"/showcase/manage?state=published")
		if !strings.Contains(body, "Hợp tác xã Dệt thổ cẩm Bản Lác") || !strings.Contains(body, "Đang công khai") {
			t.Fatalf("management list lacks the published model")
		}

		// The API beside the pages.
		api := func(c *http.Client, method, path, body string) (int, string) {
			req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			res, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		p := "/api/v1/organisations/" + strconv.FormatInt(o.ID, 10) + "/showcase"
		if code, body := api(as(viewer), "GET", p, ""); code != 200 || !strings.Contains(body, `"public":true`) || !strings.Contains(body, `"version":2`) {
			t.Fatalf("API read: %d %s", code, body)
		}
		if code, _ := api(as(viewer), "PUT", p, `{"version":2,"story":"x"}`); code != 403 {
			t.Fatalf("viewer writes: %d", code)
		}
		if code, _ := api(as(hanoi), "GET", p, ""); code != 404 {
			t.Fatalf("another province reads: %d", code)
		}
		if code, body := api(as(officer), "PUT", p, `{"version":2,"story":"Ngắn."}`); code != 422 || !strings.Contains(body, `"story"`) {
			t.Fatalf("API short story on a published model: %d %s", code, body)
		}
		if code, body := api(as(officer), "POST", p+"/unpublish", ""); code != 200 || !strings.Contains(body, `"published":false`) {
			t.Fatalf("API unpublish: %d %s", code, body)
		}
		if code, _, _ := get(t, &http.Client{}, srv.URL+"/showcase/"+strconv.FormatInt(o.ID, 10)); code != 404 {
			t.Fatalf("unpublished model still public: %d", code)
		}
		if code, body := api(as(officer), "POST", p+"/publish", `{"version":2}`); code != 409 {
			t.Fatalf("API publish with a stale version: %d %s", code, body)
		}
		if code, body := api(as(officer), "POST", p+"/publish", `{"version":3}`); code != 200 || !strings.Contains(body, `"public":true`) {
			t.Fatalf("API publish: %d %s", code, body)
		}

		// The profile's history is on its page.
		_, body, _ = get(t, as(officer), base+"/showcase")
		for _, want := range []string{"Công khai mô hình", "Ngừng công khai mô hình", "Tạo mới"} {
			if !strings.Contains(body, want) {
				t.Errorf("profile history lacks %q", want)
			}
		}
		events, _, err := db.ShowcaseHistory(ctx, coop.System, o.ID, 1, 10)
		if err != nil || len(events) != 4 {
			t.Fatalf("history: %v %d events", err, len(events))
		}
	})
}
