package web_test

import (
	"context"
	"encoding/json"
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
	// Moves: an answered obstacle, which both the province and the centre
	// may close, so every role holding obstacle.write gets through.
	matrixFixtures = append(matrixFixtures, matrixFixture{
		Prefixes: []string{"/obstacles/{id}/transitions"},
		Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
			return seedObstacle(t, db, province, label, coop.ObstacleAnswered)
		},
		Body: func(method, path string, id int64, province string) (string, string) {
			if strings.HasPrefix(path, "/api/") {
				return `{"to":"closed","comment":"Đã nhận trả lời"}`, "application/json"
			}
			return url.Values{"to": {"closed"}, "comment": {"Đã nhận trả lời"}}.Encode(), "application/x-www-form-urlencoded"
		},
	}, matrixFixture{
		// Reading and editing: a closed obstacle, kept as it was whoever
		// asks (422), so only scope decides the other answers.
		Prefixes: []string{"/obstacles/{id}"},
		Creates:  []string{"POST /obstacles", "POST /api/v1/obstacles"},
		Seed: func(t *testing.T, db *store.DB, province, label string) int64 {
			return seedObstacle(t, db, province, label, coop.ObstacleClosed)
		},
		Body: func(method, path string, id int64, province string) (string, string) {
			// Creates carry no title: the province is checked first (403 in
			// another province), then the fields (422).
			if strings.HasPrefix(path, "/api/") {
				return `{"version":1,"province":"` + province + `","category":"credit"}`, "application/json"
			}
			return url.Values{"version": {"1"}, "province": {province}, "category": {"credit"}}.Encode(),
				"application/x-www-form-urlencoded"
		},
	})
}

// seedObstacle logs an obstacle in the province and moves it to status as
// the system would.
func seedObstacle(t *testing.T, db *store.DB, province, title, status string) int64 {
	t.Helper()
	ctx := context.Background()
	o := &coop.Obstacle{Province: province, Category: "social_insurance", Title: title, Recommendation: "Kiến nghị"}
	if err := db.CreateObstacle(ctx, coop.System, o); err != nil {
		t.Fatal(err)
	}
	path := map[string][]coop.ObstacleMove{
		coop.ObstacleHandling:  {{To: "handling"}},
		coop.ObstacleEscalated: {{To: "escalated", Comment: "Vượt thẩm quyền"}},
		coop.ObstacleAnswered:  {{To: "escalated", Comment: "Vượt thẩm quyền"}, {To: "answered", Answer: "Áp dụng quy định"}},
		coop.ObstacleClosed:    {{To: "answered", Answer: "Đã giải quyết"}, {To: "closed"}},
	}
	for _, m := range path[status] {
		if _, err := db.MoveObstacle(ctx, coop.System, o.ID, 0, m); err != nil {
			t.Fatal(err)
		}
	}
	return o.ID
}

func TestObstacleAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		a := seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", true)
		b := seedOrg(t, db, "Hợp tác xã Chè Na Hang", "08", false)
		hanoi := seedOrg(t, db, "Hợp tác xã Vạn Phúc", "01", true)
		officer := userToken(t, db, "tq@obstacle.test", coop.RoleProvincial, "08")
		centre := userToken(t, db, "tw@obstacle.test", coop.RoleCentral, "")
		hn := userToken(t, db, "hn@obstacle.test", coop.RoleProvincial, "01")
		as := func(token string, c call) string {
			t.Helper()
			return obsDo(t, ts, token, c)
		}
		ids := strconv.FormatInt(a.ID, 10) + "," + strconv.FormatInt(b.ID, 10)
		body := as(officer, call{method: "POST", path: "/api/v1/obstacles", wantStatus: 201,
			body: `{"province":"08","category":"social_insurance","title":"Lao động nữ không được hỗ trợ bảo hiểm xã hội","policy":"Luật BHXH 2024",
				"recommendation":"Đề nghị hướng dẫn","female_workers_affected":40,"organisation_ids":[` + ids + `]}`,
			want: []string{`"status":"received"`, `"Hợp tác xã Chè Na Hang"`, `"version":1`}})
		id := obsJSONID(t, body)
		p := "/api/v1/obstacles/" + strconv.FormatInt(id, 10)
		for _, c := range []call{
			{name: "no title", method: "POST", path: "/api/v1/obstacles", body: `{"province":"08","category":"credit"}`, wantStatus: 422, want: []string{`"title"`}},
			{name: "other province", method: "POST", path: "/api/v1/obstacles", body: `{"province":"01","category":"credit","title":"Vướng mắc"}`, wantStatus: 403},
			{name: "other province's org", method: "POST", path: "/api/v1/obstacles", wantStatus: 422, want: []string{`"organisation_ids"`},
				body: `{"province":"08","category":"credit","title":"Vướng mắc tín dụng","organisation_ids":[` + strconv.FormatInt(hanoi.ID, 10) + `]}`},
			{name: "bad json", method: "POST", path: "/api/v1/obstacles", body: `{"title":5}`, wantStatus: 422},
			{name: "list", method: "GET", path: "/api/v1/obstacles?q=bao+hiem", wantStatus: 200, want: []string{`"total":1`, `"by_status":{"received":1}`}},
			{name: "answer before escalation", method: "POST", path: p + "/transitions", body: `{"to":"closed"}`, wantStatus: 422, want: []string{"Không thể chuyển"}},
			{name: "escalate without comment", method: "POST", path: p + "/transitions", body: `{"to":"escalated"}`, wantStatus: 422, want: []string{`"comment"`}},
			{name: "escalate", method: "POST", path: p + "/transitions", body: `{"to":"escalated","comment":"Vượt thẩm quyền","version":1}`, wantStatus: 200,
				want: []string{`"status":"escalated"`, `"due_on":"`}},
			{name: "stale edit", method: "PUT", path: p, body: `{"version":1,"province":"08","category":"credit","title":"Đổi tên vướng mắc"}`, wantStatus: 409},
			{name: "edit", method: "PUT", path: p, body: `{"version":2,"province":"08","category":"social_insurance","title":"Đổi tên vướng mắc","organisation_ids":[` + ids + `]}`,
				wantStatus: 200, want: []string{`"title":"Đổi tên vướng mắc"`, `"version":3`}},
			{name: "province answers an escalated one", method: "POST", path: p + "/transitions", body: `{"to":"answered","answer":"x"}`, wantStatus: 403},
		} {
			as(officer, c)
		}
		as(hn, call{method: "GET", path: p, wantStatus: 404})
		as(hn, call{method: "GET", path: "/api/v1/obstacles", wantStatus: 200, want: []string{`"total":0`}, notWant: []string{"Đổi tên"}})
		as(centre, call{method: "GET", path: "/api/v1/obstacles?tab=escalated", wantStatus: 200, want: []string{`"total":1`, "Đổi tên vướng mắc"}})
		as(centre, call{method: "POST", path: p + "/transitions", body: `{"to":"answered"}`, wantStatus: 422, want: []string{`"answer"`}})
		as(centre, call{method: "POST", path: p + "/transitions", body: `{"to":"answered","answer":"Áp dụng Điều 2 Luật BHXH 2024"}`, wantStatus: 200,
			want: []string{`"status":"answered"`, `"answered_by":"Người dùng central"`}})
		as(officer, call{method: "POST", path: p + "/transitions", body: `{"to":"closed","comment":"Đã nhận"}`, wantStatus: 200,
			want: []string{`"status":"closed"`, `"to_status":"closed"`, `"comment":"Đã nhận"`}})
	})
}

// obsDo makes an API call with another account's token.
func obsDo(t *testing.T, ts *httptest.Server, token string, c call) string {
	t.Helper()
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req, err := http.NewRequest(c.method, ts.URL+c.path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != c.wantStatus {
		t.Fatalf("%s %s %s: status %d, want %d\n%s", c.name, c.method, c.path, res.StatusCode, c.wantStatus, b)
	}
	for _, w := range c.want {
		if !strings.Contains(string(b), w) {
			t.Errorf("%s %s %s: body lacks %q\n%s", c.name, c.method, c.path, w, b)
		}
	}
	for _, w := range c.notWant {
		if strings.Contains(string(b), w) {
			t.Errorf("%s %s %s: body must not contain %q\n%s", c.name, c.method, c.path, w, b)
		}
	}
	return string(b)
}

// obsJSONID reads the "id" of a JSON document.
func obsJSONID(t *testing.T, doc string) int64 {
	t.Helper()
	var v struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(doc), &v); err != nil || v.ID == 0 {
		t.Fatalf("no id in %s (%v)", doc, err)
	}
	return v.ID
}

// Journey 4: an obstacle travels up and an answer comes back.
func TestJourneyObstacleTravelsUp(t *testing.T) {
	a := newBrowserApp(t, 90*time.Second)
	seedTuyenQuang(t, a.DB)
	const title = "Lao động nữ không được hỗ trợ đóng bảo hiểm xã hội"
	const answer = "Áp dụng khoản 1 Điều 2 Luật Bảo hiểm xã hội 2024: người làm việc theo hợp đồng với hợp tác xã thuộc đối tượng tham gia."

	a.signInAs(coop.RoleProvincial, "08")
	a.open("/obstacles/new")
	a.do("fill the obstacle",
		chromedp.SendKeys(chromedp.CSS(`#obstacle-form input[name=title]`), title),
		chromedp.SetValue(chromedp.CSS(`#obstacle-form select[name=category]`), "social_insurance"),
		chromedp.SendKeys(chromedp.CSS(`#obstacle-form input[name=policy]`), "Luật Bảo hiểm xã hội 2024"),
		chromedp.SendKeys(chromedp.CSS(`#obstacle-form textarea[name=description]`), "Xã không công nhận hợp đồng lao động của ba hợp tác xã."),
		chromedp.SendKeys(chromedp.CSS(`#obstacle-form textarea[name=recommendation]`), "Đề nghị Liên minh HTX Việt Nam hướng dẫn xã công nhận hợp đồng."),
	)
	// Three cooperatives, each found by typing without accents.
	for i, q := range []string{"ban lac", "ban pho", "lac hong"} {
		a.do("type "+q, chromedp.SetValue(chromedp.CSS(`#obstacle-form input[name=org_q]`), q))
		if got := a.submit("search "+q, chromedp.Click(chromedp.CSS(`#org-search`))); got != 200 {
			t.Fatalf("search %s: status %d", q, got)
		}
		if n := a.count(`ul.found input[type=checkbox]`); n != 1 {
			t.Fatalf("search %q found %d organisations, want 1: %s", q, n, a.text(`#affected`))
		}
		a.do("tick "+q, chromedp.Click(chromedp.CSS(`ul.found input[type=checkbox]`)))
		if i == 2 {
			break
		}
	}
	if v := a.value(`#obstacle-form input[name=title]`); v != title {
		t.Fatalf("the search lost what was typed: title %q", v)
	}
	if got := a.submit("save", chromedp.Click(chromedp.CSS(`#obstacle-save`))); got != 200 {
		t.Fatalf("save: status %d: %s", got, a.text(`main`))
	}
	if n := a.count(`#affected li a[href^="/organisations/"]`); n != 3 {
		t.Fatalf("%d affected cooperatives, want 3: %s", n, a.text(`#affected`))
	}
	page, _, _ := strings.Cut(strings.TrimPrefix(a.location(), a.URL), "?")
	a.do("open escalation", chromedp.Click(chromedp.Search(`//summary[normalize-space()="Chuyển lên trung ương"]`)),
		chromedp.WaitVisible(chromedp.ID("move-escalated")),
		chromedp.SendKeys(chromedp.CSS(`#move-escalated textarea[name=comment]`), "Vượt thẩm quyền của tỉnh"))
	if got := a.submit("escalate", chromedp.Click(chromedp.CSS(`#move-escalated button[type=submit]`))); got != 200 {
		t.Fatalf("escalate: status %d: %s", got, a.text(`main`))
	}
	if got := a.text(`#obstacle-status`); !strings.Contains(got, "Đã chuyển lên trung ương") {
		t.Fatalf("status after escalating: %q", got)
	}
	if n := a.count(`#move-answered`); n != 0 {
		t.Errorf("the province is offered to answer an escalated obstacle")
	}
	a.submit("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))

	a.signInAs(coop.RoleCentral, "")
	a.open("/obstacles?tab=escalated")
	if got := a.text(`table.obstacles tbody`); !strings.Contains(got, title) || !strings.Contains(got, "Tuyên Quang") {
		t.Fatalf("the centre's escalated list: %q", got)
	}
	if got := a.submit("open it", chromedp.Click(chromedp.Search(`//table[contains(@class,"obstacles")]//a[normalize-space()="`+title+`"]`))); got != 200 {
		t.Fatalf("open: status %d", got)
	}
	a.do("answer", chromedp.Click(chromedp.Search(`//summary[normalize-space()="Trả lời"]`)),
		chromedp.WaitVisible(chromedp.ID("move-answered")),
		chromedp.SendKeys(chromedp.CSS(`#move-answered textarea[name=answer]`), answer))
	if got := a.submit("send the answer", chromedp.Click(chromedp.CSS(`#move-answered button[type=submit]`))); got != 200 {
		t.Fatalf("answer: status %d: %s", got, a.text(`main`))
	}
	a.do("close", chromedp.Click(chromedp.Search(`//summary[normalize-space()="Đóng vướng mắc"]`)),
		chromedp.WaitVisible(chromedp.ID("move-closed")))
	if got := a.submit("close it", chromedp.Click(chromedp.CSS(`#move-closed button[type=submit]`))); got != 200 {
		t.Fatalf("close: status %d: %s", got, a.text(`main`))
	}
	a.submit("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))

	a.signInAs(coop.RoleProvincialLead, "08")
	a.open(page)
	if got := a.text(`#answer`); !strings.Contains(got, "Luật Bảo hiểm xã hội 2024") {
		t.Errorf("the province does not see the answer: %q", got)
	}
	if got := a.text(`#obstacle-status`); !strings.Contains(got, "Đã đóng") {
		t.Errorf("status: %q", got)
	}
	timeline := a.text(`#timeline`)
	for _, want := range []string{"Đã chuyển lên trung ương", "Vượt thẩm quyền của tỉnh", "Đã trả lời", "Cán bộ central", "Cán bộ provincial"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("timeline lacks %q:\n%s", want, timeline)
		}
	}
	a.screenshot("obstacle-closed")
}
