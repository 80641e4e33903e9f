package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
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
	matrixFixtures = append(matrixFixtures, matrixFixture{
		Prefixes: []string{"/activities/{id}"},
		Creates:  []string{"POST /activities", "POST /api/v1/activities"},
		Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
			t.Helper()
			a := &coop.Activity{Type: "conference", Title: label, Province: province, StartsOn: "2025-05-01",
				ParticipantsTotal: 30, ParticipantsFemale: 20}
			if err := db.CreateActivity(context.Background(), coop.System, a); err != nil {
				t.Fatal(err)
			}
			return a.ID
		},
		Body: func(method, path string, id int64, province string) (string, string) {
			if strings.HasPrefix(path, "/api/") {
				switch {
				case strings.HasSuffix(path, "/archive"):
					return `{"version":1}`, "application/json"
				default:
					return `{"version":1,"type":"conference","title":"Hội nghị ma trận","province":"` + province + `","starts_on":"2025-05-02"}`, "application/json"
				}
			}
			f := url.Values{"version": {"1"}}
			if !strings.HasSuffix(path, "/archive") {
				f = url.Values{"version": {"1"}, "type": {"conference"}, "title": {"Hội nghị ma trận"}, "province": {province}, "starts_on": {"2025-05-02"}}
			}
			return f.Encode(), "application/x-www-form-urlencoded"
		},
	})
}

// doAs is do with another account's token.
func doAs(t *testing.T, ts *httptest.Server, token string, c call) string {
	t.Helper()
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req, _ := http.NewRequest(c.method, ts.URL+c.path, body)
	req.Header.Set("Authorization", "Bearer "+token)
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
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
		if !strings.Contains(string(b), w) {
			t.Errorf("%s %s: body lacks %q\n%s", c.method, c.path, w, b)
		}
	}
	for _, w := range c.notWant {
		if strings.Contains(string(b), w) {
			t.Errorf("%s %s: body must not contain %q", c.method, c.path, w)
		}
	}
	return string(b)
}

func TestActivityAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		a := seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", true)
		b := seedOrg(t, db, "Hợp tác xã Chè Shan tuyết Bản Phố", "08", true)
		hn := seedOrg(t, db, "Hợp tác xã Rau sạch Tân Phú", "01", false)
		ids := func(os ...*coop.Organisation) string {
			var s []string
			for _, o := range os {
				s = append(s, itoa(o.ID))
			}
			return "[" + strings.Join(s, ",") + "]"
		}
		training := `{"type":"training","title":"Lớp bồi dưỡng quản trị HTX","province":"08","starts_on":"2025-03-10","ends_on":"2025-03-11",
			"participants_total":40,"participants_female":40,"target_group":"female_managers","managers_trained_female":40,
			"costs":[{"source":"local_budget","amount":60000000},{"source":"support_fund","amount":20000000}],"beneficiary_ids":` + ids(a, b) + `}`
		body := do(t, ts, call{method: "POST", path: "/api/v1/activities", body: training, wantStatus: 201,
			want: []string{`"beneficiary_count":2`, `"version":1`, `"name":"Hợp tác xã Dệt thổ cẩm Bản Lác"`, `"source":"support_fund"`}})
		id := body[strings.Index(body, `"id":`)+5 : strings.Index(body, `,"type"`)]

		for _, c := range []call{
			{name: "invalid", method: "POST", path: "/api/v1/activities", wantStatus: 422,
				body: `{"type":"capital","title":"","province":"08","starts_on":"2025-13-01","participants_total":5,"participants_female":6,"loan_fund":"bank","beneficiary_ids":` + ids(hn) + `}`,
				want: []string{`"title":"Nhập tên hoạt động."`, `"starts_on":`, `"participants_female":`, `"loan_fund":`, `"loan_amount":`, `"beneficiaries":"Hợp tác xã Rau sạch Tân Phú thuộc Thành phố Hà Nội`}},
			{name: "malformed", method: "POST", path: "/api/v1/activities", body: `{"participants_total":"many"}`, wantStatus: 422, want: []string{"JSON"}},
			{name: "get", method: "GET", path: "/api/v1/activities/" + id, wantStatus: 200, want: []string{`"managers_trained_female":40`, `"beneficiary_ids":[`}},
			{name: "missing", method: "GET", path: "/api/v1/activities/99999", wantStatus: 404},
			{name: "list", method: "GET", path: "/api/v1/activities?q=boi+duong&type=training&province=08&from=2025-01-01&to=2025-12-31", wantStatus: 200,
				want: []string{`"total":1`, `"participants_female":40`}},
			{name: "list by organisation", method: "GET", path: "/api/v1/activities?organisation_id=" + itoa(hn.ID), wantStatus: 200, want: []string{`"total":0`}},
			{name: "update without version", method: "PUT", path: "/api/v1/activities/" + id, body: `{"title":"x"}`, wantStatus: 422, want: []string{`"version"`}},
		} {
			t.Run(c.name, func(t *testing.T) { do(t, ts, c) })
		}
		// Costs and beneficiaries left out of a PUT stay as they are.
		do(t, ts, call{method: "PUT", path: "/api/v1/activities/" + id, wantStatus: 200,
			body: `{"version":1,"type":"training","title":"Lớp bồi dưỡng quản trị HTX khoá 1","province":"08","starts_on":"2025-03-10",
				"participants_total":40,"participants_female":40,"target_group":"female_managers","managers_trained_female":40}`,
			want: []string{`"version":2`, `"beneficiary_count":2`, `khoá 1`, `"amount":60000000`}})
		do(t, ts, call{method: "PUT", path: "/api/v1/activities/" + id, body: `{"version":1,"type":"training","title":"Cũ","starts_on":"2025-03-10"}`,
			wantStatus: 409, want: []string{`"code":"conflict"`}})
		loan := `{"type":"capital","title":"Vay vốn Quỹ hỗ trợ phát triển HTX tỉnh","province":"08","starts_on":"2025-03-18",
			"loan_fund":"provincial","loan_amount":500000000,"loan_term_months":36,"loan_status":"disbursed","beneficiary_ids":` + ids(a) + `}`
		do(t, ts, call{method: "POST", path: "/api/v1/activities", body: loan, wantStatus: 201})
		do(t, ts, call{method: "GET", path: "/api/v1/reach?province=08&from=2025-01&to=2025-12", wantStatus: 200,
			want: []string{`"total":{"key":"total","label":"Tổng cộng","activities":2,`, `"organisations_reached":2,"loans":1,"loan_amount":500000000`}})

		// Another province's officer: not found, and nothing in the lists.
		hanoi := userToken(t, db, "hanoi@htxnu.test", coop.RoleProvincial, "01")
		doAs(t, ts, hanoi, call{method: "GET", path: "/api/v1/activities/" + id, wantStatus: 404})
		doAs(t, ts, hanoi, call{method: "PUT", path: "/api/v1/activities/" + id, body: `{"version":2,"type":"press","title":"Bài báo","starts_on":"2025-03-10"}`, wantStatus: 404})
		doAs(t, ts, hanoi, call{method: "GET", path: "/api/v1/activities", wantStatus: 200, want: []string{`"total":0`}, notWant: []string{"Bản Lác"}})
		doAs(t, ts, hanoi, call{method: "GET", path: "/api/v1/reach", wantStatus: 200, want: []string{`"organisations_reached":0`}})
		doAs(t, ts, hanoi, call{method: "POST", path: "/api/v1/activities", body: training, wantStatus: 403})
		// Central staff record central activities only.
		central := userToken(t, db, "tw@htxnu.test", coop.RoleCentral, "")
		doAs(t, ts, central, call{method: "POST", path: "/api/v1/activities", body: training, wantStatus: 403, want: []string{`"province":`}})
		doAs(t, ts, central, call{method: "POST", path: "/api/v1/activities", wantStatus: 201,
			body: `{"type":"conference","title":"Diễn đàn vai trò HTX do phụ nữ quản lý trong OCOP","starts_on":"2025-06-05","participants_total":150,"participants_female":110,"beneficiary_ids":` + ids(a, hn) + `}`})

		do(t, ts, call{method: "POST", path: "/api/v1/activities/" + id + "/archive", body: `{"version":2}`, wantStatus: 200, want: []string{`"archived":true`}})
		do(t, ts, call{method: "POST", path: "/api/v1/activities/" + id + "/archive", body: `{"version":3}`, wantStatus: 409})
		do(t, ts, call{method: "GET", path: "/api/v1/reach?province=08", wantStatus: 200, want: []string{`"activities":1,`, `"organisations_reached":1`}})
	})
}

func TestActivityPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		o := seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", true)
		seedOrg(t, db, "Hợp tác xã Rau sạch Tân Phú", "01", false)
		act := &coop.Activity{Type: coop.ActivityTraining, Title: "Lớp bồi dưỡng quản trị HTX", Province: "08", StartsOn: "2025-03-10",
			ParticipantsTotal: 40, ParticipantsFemale: 40, TargetGroup: "female_managers", ManagersTrainedFemale: 40,
			Costs: []coop.Cost{{Source: "local_budget", Amount: 60_000_000}}, Beneficiaries: []int64{o.ID}}
		if err := db.CreateActivity(context.Background(), coop.System, act); err != nil {
			t.Fatal(err)
		}
		id := itoa(act.ID)
		for _, c := range []call{
			{method: "GET", path: "/activities", wantStatus: 200, want: []string{"Lớp bồi dưỡng quản trị HTX", `id="reach-orgs">1<`, "Đào tạo, bồi dưỡng"}},
			{method: "GET", path: "/activities?q=khong+co+gi", wantStatus: 200, want: []string{"Chưa có hoạt động nào khớp"}},
			{method: "GET", path: "/activities/" + id, wantStatus: 200, want: []string{"60.000.000 đ", `href="/organisations/` + itoa(o.ID) + `"`, "Cán bộ quản lý nữ của HTX"}},
			{method: "GET", path: "/activities/" + id + "/edit", wantStatus: 200, want: []string{`value="Lớp bồi dưỡng quản trị HTX"`, `name="beneficiary" value="` + itoa(o.ID) + `" checked`}},
			{method: "GET", path: "/activities/new", wantStatus: 200, want: []string{"Ghi nhận hoạt động hỗ trợ", `data-for="capital"`, `data-for="training"`}},
			// Without JavaScript: the search is a GET that shows the form again
			// with what was typed and the organisations found to tick.
			{method: "GET", path: "/activities/new?type=training&title=Kh%C3%B3a+h%E1%BB%8Dc&province=08&participants_total=12&org_q=ban+lac&org_search=1", wantStatus: 200,
				want: []string{`value="Khóa học"`, `value="12"`, `name="beneficiary" value="` + itoa(o.ID) + `">`, "Tìm thấy 1 tổ chức"}, notWant: []string{"Tân Phú"}},
			{method: "GET", path: "/organisations/" + itoa(o.ID), wantStatus: 200, want: []string{`id="supports"`, `href="/activities/` + id + `"`}},
			{method: "GET", path: "/activities/form.js", wantStatus: 200, want: []string{"org_search"}},
		} {
			do(t, ts, c)
		}
		// A form with mistakes comes back with what was typed and the messages.
		f := url.Values{"type": {"training"}, "title": {"Lớp mới"}, "province": {"08"}, "starts_on": {"10/03/2025"},
			"participants_total": {"40"}, "participants_female": {"45"}, "cost_local_budget": {"năm triệu"}, "beneficiary": {itoa(o.ID)}}
		res, err := ts.Client().PostForm(ts.URL+"/activities", f)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 422 {
			t.Fatalf("bad form: status %d", res.StatusCode)
		}
		for _, w := range []string{`value="Lớp mới"`, `value="năm triệu"`, "Nhập một số nguyên", `checked`, "Dệt thổ cẩm Bản Lác"} {
			if !strings.Contains(string(b), w) {
				t.Errorf("re-rendered form lacks %q", w)
			}
		}
		f.Set("cost_local_budget", "5.000.000")
		f.Set("participants_female", "40")
		f.Set("target_group", "female_managers")
		res, err = ts.Client().PostForm(ts.URL+"/activities", f)
		if err != nil {
			t.Fatal(err)
		}
		b, _ = io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(b), "Đã ghi nhận hoạt động") || !strings.Contains(string(b), "5.000.000 đ") {
			t.Errorf("corrected form: status %d\n%.400s", res.StatusCode, b)
		}
	})
}

// Journey 3: a provincial officer records a two-day training under the plan
// task "Đào tạo, bồi dưỡng" for 40 women managers from three cooperatives
// found by typing without accents, with its costs; then a 500 million đồng
// loan from the provincial Support Fund to one of them. The cooperative's
// page lists both supports, and the reach counts three organisations, not
// four.
func TestJourneyTrainingAndLoan(t *testing.T) {
	a := newBrowserApp(t, 3*time.Minute)
	ctx := context.Background()
	banLacID := seedTuyenQuang(t, a.DB)
	plan := &coop.Plan{Province: "08", Phase: "2023-2025", Title: "Kế hoạch thực hiện Đề án 01 tỉnh Tuyên Quang", Status: coop.PlanApproved}
	if err := a.DB.CreatePlan(ctx, coop.System, plan); err != nil {
		t.Fatal(err)
	}
	task := &coop.Task{PlanID: plan.ID, Group: "consolidation", Title: "Đào tạo, bồi dưỡng", Status: "in_progress"}
	if err := a.DB.CreateTask(ctx, coop.System, task); err != nil {
		t.Fatal(err)
	}
	find := func(name string) int64 {
		p, err := a.DB.Organisations(ctx, coop.System, store.OrgFilter{Q: name})
		if err != nil || p.Total != 1 {
			t.Fatalf("find %s: %v", name, err)
		}
		return p.Items[0].ID
	}
	banPho, lacHong := find("Bản Phố"), find("Lạc Hồng")
	a.signInAs(coop.RoleProvincial, "08")

	// pick searches the registry from the form and ticks the organisation.
	pick := func(query string, id int64) {
		t.Helper()
		box := chromedp.CSS(`input[name=org_q]`)
		a.do("type "+query, chromedp.Evaluate[chromedp.Void](`document.querySelector('input[name=org_q]').value = ''`), chromedp.SendKeys(box, query))
		if got := a.submit("search "+query, chromedp.Click(chromedp.CSS(`button[name=org_search]`))); got != 200 {
			t.Fatalf("search %q: status %d", query, got)
		}
		sel := `#org-picks input[value="` + strconv.FormatInt(id, 10) + `"]`
		wctx, cancel := context.WithTimeout(a.Ctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("search %q did not offer organisation %d to tick (%v): %s", query, id, err, a.text(`#beneficiary-picker`))
		}
	}
	set := func(name, v string) chromedp.Action[chromedp.Void] {
		return chromedp.SetValue(chromedp.CSS(`#activity-form [name=`+name+`]`), v)
	}
	typeIn := func(name, v string) chromedp.Action[chromedp.Void] {
		return chromedp.SendKeys(chromedp.CSS(`#activity-form [name=`+name+`]`), v)
	}

	// T5 (female managers trained) for her province, before the training.
	a.open("/targets")
	t5Before := a.text(`#target-T5 td.actual`)

	a.open("/activities/new")
	if a.count(`#training-fields[hidden]`) != 0 || a.count(`#capital-fields[hidden]`) != 1 {
		t.Fatalf("a training shows the training fields and hides the loan fields")
	}
	a.do("fill the training",
		typeIn("title", "Lớp bồi dưỡng kiến thức quản trị HTX cho cán bộ quản lý nữ"),
		set("starts_on", "2025-03-10"), set("ends_on", "2025-03-11"),
		set("task_id", strconv.FormatInt(task.ID, 10)),
		typeIn("organiser", "Liên minh HTX tỉnh Tuyên Quang"), typeIn("partners", "Hội LHPN tỉnh Tuyên Quang"),
		typeIn("participants_total", "40"), typeIn("participants_female", "40"),
		set("target_group", "female_managers"), typeIn("managers_trained_female", "40"),
		typeIn("cost_local_budget", "60000000"), typeIn("cost_support_fund", "20000000"),
	)
	pick("hop tac xa ban lac", banLacID)
	pick("ban pho", banPho)
	pick("lac hong", lacHong)
	if n := a.count(`#org-picks input:checked`); n != 3 {
		t.Fatalf("%d organisations ticked, want 3", n)
	}
	a.screenshot("journey3-training-form")
	if got := a.submit("save the training", chromedp.Click(chromedp.CSS(`#save-activity`))); got != 200 {
		t.Fatalf("save: status %d: %s", got, a.text(`main`))
	}
	if !strings.Contains(a.location(), "done=created") {
		t.Fatalf("after saving: %s\n%s", a.location(), a.text(`main`))
	}
	if got := a.text(`#participants`); !strings.Contains(got, "40 người, trong đó nữ 40") {
		t.Errorf("participants shown: %q", got)
	}
	if got := a.text(`#cost-total`); got != "80.000.000 đ" {
		t.Errorf("cost total %q", got)
	}
	if n := a.count(`#beneficiaries li a`); n != 3 {
		t.Errorf("%d beneficiaries listed, want 3", n)
	}
	if got := a.text(`#activity-facts`); !strings.Contains(got, "Đào tạo, bồi dưỡng") {
		t.Errorf("the activity does not name its plan task: %s", got)
	}

	// A week later: the loan.
	a.open("/activities/new")
	a.do("choose a loan", set("type", "capital"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#activity-form [name=type]').dispatchEvent(new Event('change'))`))
	if a.count(`#capital-fields[hidden]`) != 0 || a.count(`#training-fields[hidden]`) != 1 {
		t.Fatalf("a loan shows the loan fields and hides the training fields")
	}
	a.do("fill the loan",
		typeIn("title", "Cho vay vốn từ Quỹ hỗ trợ phát triển HTX tỉnh"),
		set("starts_on", "2025-03-18"),
		set("loan_fund", "provincial"), typeIn("loan_amount", "500.000.000"), typeIn("loan_term_months", "36"),
		typeIn("loan_purpose", "Mua khung dệt và sợi"), set("loan_status", "disbursed"),
	)
	pick("ban lac", banLacID)
	if got := a.submit("save the loan", chromedp.Click(chromedp.CSS(`#save-activity`))); got != 200 || !strings.Contains(a.location(), "done=created") {
		t.Fatalf("save loan: status %d at %s: %s", got, a.location(), a.text(`main`))
	}
	if got := a.text(`#loan-amount`); got != "500.000.000 đ" {
		t.Errorf("loan amount %q", got)
	}

	// The cooperative's page lists both supports.
	a.open("/organisations/" + strconv.FormatInt(banLacID, 10))
	if n := a.count(`#supports tbody tr`); n != 2 {
		t.Fatalf("%d supports on the cooperative's page, want 2: %s", n, a.text(`#supports`))
	}
	if got := a.text(`#supports`); !strings.Contains(got, "Cho vay vốn") || !strings.Contains(got, "Lớp bồi dưỡng") {
		t.Errorf("supports: %s", got)
	}
	// The reach: three organisations (Bản Lác counted once), two activities,
	// one loan, forty women managers trained.
	a.open("/activities")
	for sel, want := range map[string]string{"#reach-orgs": "3", "#reach-activities": "2", "#reach-loans": "1", "#reach-managers": "40"} {
		if got := a.text(sel); got != want {
			t.Errorf("%s = %s, want %s", sel, got, want)
		}
	}
	// T5 moved the moment the training was saved.
	a.open("/targets")
	if t5After := a.text(`#target-T5 td.actual`); t5After == t5Before || !strings.Contains(t5After, "%") {
		t.Errorf("T5 for Tuyên Quang did not move with the training: before %q, after %q", t5Before, t5After)
	}
	a.screenshot("journey3-reach")
}
