package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

func init() {
	// A dropped case moves no more and is kept as it was (422 for everyone
	// who may see it), so only scope decides the other answers. Creates
	// carry no group name: the province is checked first (403 in another
	// province), then the fields (422).
	matrixFixtures = append(matrixFixtures, matrixFixture{
		Prefixes: []string{"/pipeline/{id}", "/api/v1/founding-cases/{id}"},
		Creates:  []string{"POST /pipeline", "POST /api/v1/founding-cases"},
		Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
			return seedFoundingCase(t, db, province, label, coop.FoundingDropped, 0)
		},
		Body: func(method, path string, id int64, province string) (string, string) {
			switch {
			case strings.HasPrefix(path, "/api/") && strings.HasSuffix(path, "/moves"):
				return `{"version":1,"to":"dossier","on":"2026-01-05"}`, "application/json"
			case strings.HasPrefix(path, "/api/"):
				return `{"version":1,"province":"` + province + `","kind":"HTX","advised_on":"2026-01-05"}`, "application/json"
			}
			return url.Values{"version": {"1"}, "province": {province}, "kind": {"HTX"}, "to": {"dossier"}, "advised_on": {"2026-01-05"}}.Encode(),
				"application/x-www-form-urlencoded"
		},
	})
}

// seedFoundingCase opens a case in the province and moves it to stage as
// the system would (registering links org).
func seedFoundingCase(t *testing.T, db *store.DB, province, name, stage string, org int64) int64 {
	t.Helper()
	ctx := context.Background()
	c := &coop.FoundingCase{Province: province, GroupName: name, Kind: coop.KindHTX, WomenLed: true, AdvisedOn: "2025-03-01"}
	if err := db.CreateFoundingCase(ctx, coop.System, c); err != nil {
		t.Fatal(err)
	}
	moves := map[string][]coop.FoundingMove{
		coop.FoundingDossier:    {{To: "dossier", On: "2025-04-01"}},
		coop.FoundingRegistered: {{To: "dossier", On: "2025-04-01"}, {To: "registered", On: "2025-06-01", OrganisationID: org}},
		coop.FoundingDropped:    {{To: "dropped", On: "2025-04-01", Reason: "Nhóm không đủ thành viên"}},
	}
	for _, m := range moves[stage] {
		if _, err := db.MoveFoundingCase(ctx, coop.System, c.ID, 0, m); err != nil {
			t.Fatal(err)
		}
	}
	return c.ID
}

func TestFoundingAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		org := seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Nà Tông", "08", true)
		hanoi := seedOrg(t, db, "Hợp tác xã Dệt Vạn Phúc", "01", true)
		officer := userToken(t, db, "tq@founding.test", coop.RoleProvincial, "08")
		centre := userToken(t, db, "tw@founding.test", coop.RoleCentral, "")
		hn := userToken(t, db, "hn@founding.test", coop.RoleProvincial, "01")
		today := time.Now().In(time.FixedZone("ICT", 7*3600)).Format("2006-01-02")
		body := obsDo(t, ts, officer, call{method: "POST", path: "/api/v1/founding-cases", wantStatus: 201,
			body: `{"province":"08","group_name":"Nhóm dệt Nà Tông","kind":"HTX","women_led":true,"members_planned":9,"advised_on":"2026-01-05","contact_phone":"0912 000 111"}`,
			want: []string{`"status":"advised"`, `"step":"advised"`, `"version":1`}})
		id := obsJSONID(t, body)
		p := "/api/v1/founding-cases/" + strconv.FormatInt(id, 10)
		for _, c := range []call{
			{name: "no name", method: "POST", path: "/api/v1/founding-cases", body: `{"province":"08","kind":"HTX"}`, wantStatus: 422, want: []string{`"group_name"`}},
			{name: "other province", method: "POST", path: "/api/v1/founding-cases", body: `{"province":"01","kind":"HTX","group_name":"Nhóm"}`, wantStatus: 403},
			{name: "list", method: "GET", path: "/api/v1/founding-cases?q=na+tong&kind=HTX", wantStatus: 200, want: []string{`"total":1`, `"by_stage":{"advised":1}`}},
			{name: "skip", method: "POST", path: p + "/moves", body: `{"to":"registered","organisation_id":` + itoa(org.ID) + `}`, wantStatus: 422},
			{name: "drop without reason", method: "POST", path: p + "/moves", body: `{"to":"dropped"}`, wantStatus: 422, want: []string{`"reason"`}},
			{name: "dossier", method: "POST", path: p + "/moves", body: `{"to":"dossier","on":"2026-02-01","comment":"Đã soạn điều lệ","version":1}`, wantStatus: 200,
				want: []string{`"status":"dossier"`, `"dossier_on":"2026-02-01"`}},
			{name: "edit", method: "PUT", path: p, body: `{"version":2,"province":"08","group_name":"Nhóm dệt thổ cẩm Nà Tông","kind":"HTX","advised_on":"2026-01-05","women_led":true}`,
				wantStatus: 200, want: []string{`"group_name":"Nhóm dệt thổ cẩm Nà Tông"`, `"version":3`}},
			{name: "stale edit", method: "PUT", path: p, body: `{"version":2,"province":"08","group_name":"X y z","kind":"HTX","advised_on":"2026-01-05"}`, wantStatus: 409},
			{name: "register another province's organisation", method: "POST", path: p + "/moves", body: `{"to":"registered","organisation_id":` + itoa(hanoi.ID) + `}`,
				wantStatus: 422, want: []string{`"organisation_id"`}},
			{name: "register", method: "POST", path: p + "/moves", body: `{"to":"registered","on":"` + today + `","organisation_id":` + itoa(org.ID) + `}`, wantStatus: 200,
				want: []string{`"status":"registered"`, `"organisation_name":"Hợp tác xã Dệt thổ cẩm Nà Tông"`}},
		} {
			obsDo(t, ts, officer, c)
		}
		obsDo(t, ts, hn, call{method: "GET", path: p, wantStatus: 404})
		obsDo(t, ts, hn, call{method: "GET", path: "/api/v1/founding-cases", wantStatus: 200, want: []string{`"total":0`}})
		obsDo(t, ts, centre, call{method: "GET", path: "/api/v1/founding-cases?province=08&status=registered", wantStatus: 200, want: []string{`"total":1`}})
		obsDo(t, ts, centre, call{method: "POST", path: "/api/v1/founding-cases", body: `{"province":"08","kind":"HTX","group_name":"Nhóm trung ương","advised_on":"2026-01-05"}`, wantStatus: 403})
	})
}

func TestPipelinePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		org := seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Nà Tông", "08", true)
		seedFoundingCase(t, db, "08", "Nhóm mới tư vấn", coop.FoundingAdvised, 0)
		d := seedFoundingCase(t, db, "08", "Nhóm dệt thổ cẩm Nà Tông", coop.FoundingDossier, 0)
		seedFoundingCase(t, db, "01", "Nhóm Hà Nội đã đăng ký", coop.FoundingRegistered, seedOrg(t, db, "Hợp tác xã Hà Nội", "01", true).ID)
		seedFoundingCase(t, db, "08", "Nhóm đã dừng", coop.FoundingDropped, 0)
		_ = org
		for _, c := range []call{
			{method: "GET", path: "/pipeline", wantStatus: 200, want: []string{`id="stage-advised"`, "Nhóm mới tư vấn", "Nhóm Hà Nội đã đăng ký", "Nhóm đã dừng", "Đã đăng ký thành lập"}},
			{method: "GET", path: "/pipeline?province=08&year=2025&kind=HTX", wantStatus: 200, want: []string{"Nhóm mới tư vấn"}, notWant: []string{"Nhóm Hà Nội"}},
			{method: "GET", path: "/pipeline/new", wantStatus: 200, want: []string{"Thêm nhóm được tư vấn"}},
			// A case at the dossier stage offers the registry's organisations
			// of its province and kind, found from its name, and the way to
			// create the record.
			{method: "GET", path: "/pipeline/" + itoa(d), wantStatus: 200, want: []string{"Hợp tác xã Dệt thổ cẩm Nà Tông", "Tạo hồ sơ trong sổ đăng ký", "/organisations/new?", `name="organisation_id"`}},
			{method: "GET", path: "/pipeline/999999", wantStatus: 404},
		} {
			do(t, ts, c)
		}
	})
}

// The founding pipeline on a phone: a group advised, its dossier, its
// registration linked to the registry.
func TestPipelineInBrowser(t *testing.T) {
	a := newBrowserApp(t, 60*time.Second)
	seedTuyenQuang(t, a.DB)
	a.signInAs(coop.RoleProvincial, "08")
	a.open("/pipeline/new")
	a.do("fill the case",
		chromedp.SendKeys(chromedp.CSS(`#founding-form input[name=group_name]`), "Nhóm dệt Bản Lác"),
		chromedp.SetValue(chromedp.CSS(`#founding-form input[name=advised_on]`), "2026-01-05"),
	)
	if got := a.submit("save", chromedp.Click(chromedp.CSS(`#founding-form button[type=submit]`))); got != 200 {
		t.Fatalf("save: %d: %s", got, a.text(`main`))
	}
	a.do("dossier", chromedp.Click(chromedp.Search(`//summary[normalize-space()="Chuyển sang hoàn thiện hồ sơ"]`)), chromedp.WaitVisible(chromedp.ID("move-dossier")))
	if got := a.submit("move to dossier", chromedp.Click(chromedp.CSS(`#move-dossier button[type=submit]`))); got != 200 {
		t.Fatalf("dossier: %d", got)
	}
	a.do("register", chromedp.Click(chromedp.Search(`//summary[normalize-space()="Ghi nhận đã đăng ký thành lập"]`)), chromedp.WaitVisible(chromedp.ID("org-search-form")),
		chromedp.SetValue(chromedp.CSS(`#org-search-form input[name=org_q]`), "ban lac"))
	a.submit("search", chromedp.Click(chromedp.CSS(`#org-search-form button[type=submit]`)))
	a.do("pick", chromedp.Click(chromedp.Search(`//summary[normalize-space()="Ghi nhận đã đăng ký thành lập"]`)), chromedp.WaitVisible(chromedp.ID("move-registered")),
		chromedp.Click(chromedp.CSS(`#move-registered input[name=organisation_id]`)))
	if got := a.submit("register", chromedp.Click(chromedp.CSS(`#move-registered button[type=submit]`))); got != 200 {
		t.Fatalf("register: %d: %s", got, a.text(`main`))
	}
	if got := a.text(`#case-organisation`); got != banLac {
		t.Errorf("linked organisation %q", got)
	}
	if got := a.text(`#timeline`); !strings.Contains(got, "Đã đăng ký thành lập") || !strings.Contains(got, "Đang hoàn thiện hồ sơ") {
		t.Errorf("timeline %q", got)
	}
	a.open("/pipeline")
	if got := a.text(`#stage-registered`); !strings.Contains(got, "Nhóm dệt Bản Lác") {
		t.Errorf("board: %q", got)
	}
	a.screenshot("pipeline-board")
}
