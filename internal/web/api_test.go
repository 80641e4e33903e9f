package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
	"htxnu/internal/web"
)

func newServer(t *testing.T, db *store.DB) *httptest.Server {
	t.Helper()
	srv, err := web.New(db, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	// The test client acts as a national administrator through a personal
	// API token, as a script would.
	token := userToken(t, db, "admin@htxnu.test", coop.RoleAdmin, "")
	ts.Client().Transport = bearer{base: ts.Client().Transport, token: token}
	return ts
}

// userToken creates an account and returns a personal API token for it.
func userToken(t *testing.T, db *store.DB, email, role, province string) string {
	t.Helper()
	ctx := context.Background()
	u := &store.User{Email: email, Name: "Người dùng " + role, Role: role, Province: province}
	if err := db.CreateUser(ctx, coop.System, u, "mật-khẩu-thử-nghiệm"); err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	token, _, err := db.CreateAPIToken(ctx, u.Actor(), "test")
	if err != nil {
		t.Fatal(err)
	}
	return token
}

type bearer struct {
	base  http.RoundTripper
	token string
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if r.Header.Get("Authorization") == "" {
		r.Header.Set("Authorization", "Bearer "+b.token)
	}
	return b.base.RoundTrip(r)
}

func seedOrg(t *testing.T, db *store.DB, name, province string, female bool) *coop.Organisation {
	t.Helper()
	sex := coop.SexMale
	if female {
		sex = coop.SexFemale
	}
	o := &coop.Organisation{
		Kind: coop.KindHTX, Name: name, Sector: "agriculture", Governance: coop.GovernanceFull, Province: province,
		Status: coop.StatusActive, FoundedOn: "2020-01-15",
		Positions: []coop.Position{{Role: coop.RoleDirector, Holder: "Người Quản Lý", Sex: sex, From: "2020-01-15"}},
		Snapshots: []coop.Snapshot{{AsOf: "2025-12-31", MembersTotal: 12, MembersFemale: 6, WorkersTotal: 20, WorkersFemale: 12}},
	}
	if err := db.CreateOrganisation(context.Background(), coop.System, o); err != nil {
		t.Fatal(err)
	}
	return o
}

type call struct {
	name       string
	method     string
	path       string
	body       string
	ctype      string // the body's content type; JSON when empty
	wantStatus int
	want       []string // substrings the body must contain
	notWant    []string
}

func do(t *testing.T, ts *httptest.Server, c call) string {
	t.Helper()
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req, err := http.NewRequest(c.method, ts.URL+c.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if c.body != "" {
		ctype := c.ctype
		if ctype == "" {
			ctype = "application/json"
		}
		req.Header.Set("Content-Type", ctype)
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != c.wantStatus {
		t.Fatalf("%s %s: status %d, want %d\n%s", c.method, c.path, res.StatusCode, c.wantStatus, b)
	}
	for _, w := range c.want {
		if !bytes.Contains(b, []byte(w)) {
			t.Errorf("%s %s: body lacks %q\n%s", c.method, c.path, w, b)
		}
	}
	for _, w := range c.notWant {
		if bytes.Contains(b, []byte(w)) {
			t.Errorf("%s %s: body must not contain %q\n%s", c.method, c.path, w, b)
		}
	}
	return string(b)
}

func TestOrganisationAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		det := seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", true)
		seedOrg(t, db, "Hợp tác xã Nông nghiệp Đồng Tâm", "08", false)
		seedOrg(t, db, "Hợp tác xã Rau sạch Tân Phú", "01", false)
		id := itoa(det.ID)

		for _, c := range []call{
			{name: "health", method: "GET", path: "/healthz", wantStatus: 200, want: []string{`"status":"ok"`}},
			{name: "provinces", method: "GET", path: "/api/v1/provinces", wantStatus: 200, want: []string{`"code":"08"`, `Tỉnh Tuyên Quang`, `"legacy_code":"02"`}},
			{name: "all", method: "GET", path: "/api/v1/organisations", wantStatus: 200, want: []string{`"total":3`}},
			{name: "accentless search", method: "GET", path: "/api/v1/organisations?q=hop+tac+xa+det", wantStatus: 200,
				want: []string{`"total":1`, `"name":"Hợp tác xã Dệt thổ cẩm Bản Lác"`, `"women_managed":true`, `"women_managed_rule":"wim-default-v1"`}},
			{name: "dong finds Đồng", method: "GET", path: "/api/v1/organisations?q=dong", wantStatus: 200, want: []string{`"total":1`, "Đồng Tâm"}},
			{name: "province filter", method: "GET", path: "/api/v1/organisations?province=01", wantStatus: 200, want: []string{`"total":1`, "Tân Phú"}},
			{name: "women managed filter", method: "GET", path: "/api/v1/organisations?women_managed=true", wantStatus: 200, want: []string{`"total":1`, "Bản Lác"}},
			{name: "not women managed", method: "GET", path: "/api/v1/organisations?women_managed=false", wantStatus: 200, want: []string{`"total":2`}},
			{name: "high female labour", method: "GET", path: "/api/v1/organisations?high_female_labour=1&kind=HTX&sector=agriculture&status=active", wantStatus: 200, want: []string{`"total":3`}},
			{name: "paging", method: "GET", path: "/api/v1/organisations?per_page=2&page=2", wantStatus: 200, want: []string{`"total":3`, `"page":2`, `"per_page":2`}},
			{name: "get", method: "GET", path: "/api/v1/organisations/" + id, wantStatus: 200,
				want: []string{`"kind":"HTX"`, `"province":"08"`, `"founded_on":"2020-01-15"`, `"status":"active"`, `"version":1`, `"positions":[`, `"women_managed_reason":"Phụ nữ tham gia quản lý: bà Người Quản Lý`}},
			{name: "missing", method: "GET", path: "/api/v1/organisations/999999", wantStatus: 404, want: []string{`"code":"not_found"`}},
			{name: "bad id", method: "GET", path: "/api/v1/organisations/abc", wantStatus: 404},
			{name: "invalid create", method: "POST", path: "/api/v1/organisations", wantStatus: 422,
				body: `{"kind":"HTX","name":"","sector":"agriculture","governance":"full","province":"99","status":"active","workforce":[{"as_of":"2025-01-01","workers_total":5,"workers_female":9}]}`,
				want: []string{`"name":"Nhập tên tổ chức."`, `"province":"Chọn tỉnh, thành phố."`, `"workforce[0].workers_female":"Số người lao động nữ không được lớn hơn tổng số người lao động."`}},
			{name: "malformed json", method: "POST", path: "/api/v1/organisations", body: `{"name": 5}`, wantStatus: 422, want: []string{"JSON"}},
			{name: "create", method: "POST", path: "/api/v1/organisations", wantStatus: 201,
				body: `{"kind":"THT","name":"Tổ hợp tác  Trồng rau an toàn Hòa Bình","sector":"agriculture","province":"25","status":"active","positions":[{"role":"group_leader","holder":"Đinh Thị Hoa","sex":"female","from":"2024-01-01"}]}`,
				want: []string{`"name":"Tổ hợp tác Trồng rau an toàn Hòa Bình"`, `"women_managed":true`, `"version":1`}},
			{name: "duplicate registration", method: "POST", path: "/api/v1/organisations", wantStatus: 201,
				body: `{"kind":"HTX","name":"HTX Một","registration_no":"0101","sector":"other","governance":"simplified","province":"01","status":"active"}`},
			{name: "duplicate registration 2", method: "POST", path: "/api/v1/organisations", wantStatus: 409,
				body: `{"kind":"HTX","name":"HTX Hai","registration_no":"0101","sector":"other","governance":"simplified","province":"01","status":"active"}`,
				want: []string{`"registration_no"`}},
			{name: "update without version", method: "PUT", path: "/api/v1/organisations/" + id, wantStatus: 422,
				body: `{"kind":"HTX","name":"X","sector":"agriculture","governance":"full","province":"08","status":"active"}`, want: []string{`"version"`}},
			{name: "counts", method: "GET", path: "/api/v1/counts?group_by=province", wantStatus: 200, want: []string{`"key":"08"`, `"women_managed_rule":"wim-default-v1"`}},
			{name: "counts before the founding", method: "GET", path: "/api/v1/counts?group_by=province&as_of=2020-01-14", wantStatus: 200,
				want: []string{`"rows":[]`, `"organisations":0`}, notWant: []string{`"key":"08"`}},
			{name: "counts on the founding day", method: "GET", path: "/api/v1/counts?group_by=province&status=active&as_of=15/01/2020", wantStatus: 200,
				want: []string{`"key":"08"`, `"key":"01"`}},
			{name: "counts as of a bad day", method: "GET", path: "/api/v1/counts?as_of=ngay-mai", wantStatus: 422, want: []string{`"as_of"`, `ngay-mai`, `YYYY-MM-DD`}},
		} {
			t.Run(c.name, func(t *testing.T) { do(t, ts, c) })
		}

		// A PUT may send back the whole document it read, derived fields included.
		doc := do(t, ts, call{method: "GET", path: "/api/v1/organisations/" + id, wantStatus: 200})
		var m map[string]any
		if err := json.Unmarshal([]byte(doc), &m); err != nil {
			t.Fatal(err)
		}
		m["name"] = "Hợp tác xã Dệt thổ cẩm Bản Lác Mới"
		m["women_managed"] = false // derived: ignored
		b, _ := json.Marshal(m)
		do(t, ts, call{method: "PUT", path: "/api/v1/organisations/" + id, body: string(b), wantStatus: 200,
			want: []string{`"version":2`, `Bản Lác Mới`, `"women_managed":true`}})
		// The same stale document again: someone saved in between.
		do(t, ts, call{method: "PUT", path: "/api/v1/organisations/" + id, body: string(b), wantStatus: 409, want: []string{`"code":"conflict"`}})
		// Children omitted from a PUT stay as they are.
		do(t, ts, call{method: "PUT", path: "/api/v1/organisations/" + id, wantStatus: 200,
			body: `{"version":2,"kind":"HTX","name":"Hợp tác xã Dệt thổ cẩm Bản Lác","sector":"industry_handicraft","governance":"full","province":"08","status":"active"}`,
			want: []string{`"version":3`, `"role":"director"`, `"women_managed":true`}})
		// Archive takes it out of the list and the counts; restore brings it back.
		do(t, ts, call{method: "POST", path: "/api/v1/organisations/" + id + "/archive", body: `{"version":3}`, wantStatus: 200, want: []string{`"archived":true`}})
		do(t, ts, call{method: "GET", path: "/api/v1/organisations?q=ban+lac", wantStatus: 200, want: []string{`"total":0`}})
		do(t, ts, call{method: "GET", path: "/api/v1/organisations?q=ban+lac&archived=1", wantStatus: 200, want: []string{`"total":1`}})
		do(t, ts, call{method: "POST", path: "/api/v1/organisations/" + id + "/restore", body: `{"version":4}`, wantStatus: 200, want: []string{`"archived":false`}})

		// Switching the rule changes the classification and says so.
		do(t, ts, call{method: "PUT", path: "/api/v1/rules", body: `{"rule":"hfl-share50-v1"}`, wantStatus: 200, want: []string{`"high_female_labour":"hfl-share50-v1"`}})
		do(t, ts, call{method: "GET", path: "/api/v1/organisations?high_female_labour=1", wantStatus: 200, want: []string{`"high_female_labour_rule":"hfl-share50-v1"`}})
		do(t, ts, call{method: "PUT", path: "/api/v1/rules", body: `{"rule":"nope"}`, wantStatus: 422})
	})
}

func TestPagesRender(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		o := seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", false)
		for _, c := range []call{
			{method: "GET", path: "/", wantStatus: 200, want: []string{"Tỉnh Tuyên Quang", "Tổng cộng"}},
			{method: "GET", path: "/organisations?q=ban+lac", wantStatus: 200, want: []string{"Bản Lác", "Tìm thấy <strong>1</strong>"}},
			{method: "GET", path: "/organisations?q=khong+co", wantStatus: 200, want: []string{"Không có tổ chức nào khớp"}},
			{method: "GET", path: "/organisations/new", wantStatus: 200, want: []string{"Thêm tổ chức kinh tế tập thể"}},
			{method: "GET", path: "/organisations/" + itoa(o.ID), wantStatus: 200, want: []string{"Chưa có phụ nữ tham gia quản lý", "Giám đốc"}},
			{method: "GET", path: "/organisations/" + itoa(o.ID) + "/edit", wantStatus: 200, want: []string{`value="Hợp tác xã Dệt thổ cẩm Bản Lác"`}},
			{method: "GET", path: "/organisations/424242", wantStatus: 404, want: []string{"Không tìm thấy"}},
			{method: "GET", path: "/settings/rules", wantStatus: 200, want: []string{"wim-strict-v1"}},
		} {
			do(t, ts, c)
		}
	})
}

func itoa(n int64) string { return strings.TrimSpace(strings.Replace(jsonNum(n), "\n", "", -1)) }

func jsonNum(n int64) string { b, _ := json.Marshal(n); return string(b) }
