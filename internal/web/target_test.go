package web_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// tgDo runs a call as the account of the token.
func tgDo(t *testing.T, ts *httptest.Server, token string, c call) string {
	t.Helper()
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req, err := http.NewRequest(c.method, ts.URL+c.path, body)
	if err != nil {
		t.Fatal(err)
	}
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

func TestTargetAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", true)
		for _, c := range []call{
			{name: "list", method: "GET", path: "/api/v1/targets", wantStatus: 200,
				want: []string{`"total":8`, `"code":"T1"`, `"target_2030":1500`, `"code":"T6","name":`, `"target_2025":null`, `"women_managed_rule":"wim-default-v1"`, `"note":"Chưa có số liệu: tỉnh chưa ghi số cán bộ Hội.`}},
			{name: "allocate", method: "PUT", path: "/api/v1/targets/T1/allocations", body: `{"milestone":2030,"values":{"08":1000,"01":500}}`, wantStatus: 200,
				want: []string{`"sum":1500`, `"difference":0`}},
			{name: "allocate bad", method: "PUT", path: "/api/v1/targets/T1/allocations", body: `{"milestone":2030,"values":{"08":-1}}`, wantStatus: 422,
				want: []string{`"values.08":"Giá trị không được âm."`}},
			{name: "allocations", method: "GET", path: "/api/v1/targets/T1/allocations?milestone=2030", wantStatus: 200, want: []string{`"total":34`, `"value":1000`}},
			{name: "province view", method: "GET", path: "/api/v1/targets?province=08", wantStatus: 200, want: []string{`"province":"08"`, `"province_allocation"`, `"value":1000`}},
			{name: "national", method: "PUT", path: "/api/v1/targets/T6", body: `{"version":1,"target_2025":300,"target_2030":750}`, wantStatus: 200, want: []string{`"target_2025":300`, `"version":2`}},
			{name: "national stale", method: "PUT", path: "/api/v1/targets/T6", body: `{"version":1,"target_2025":1,"target_2030":750}`, wantStatus: 409},
			{name: "unknown", method: "PUT", path: "/api/v1/targets/T9", body: `{"version":1}`, wantStatus: 404},
		} {
			t.Run(c.name, func(t *testing.T) { do(t, ts, c) })
		}
		// T1 in the overview now carries the fallback note or the activity rule.
		body := do(t, ts, call{method: "GET", path: "/api/v1/targets", wantStatus: 200})
		if !strings.Contains(body, `"allocations_sum":{"2025":`) {
			t.Errorf("no allocation sums: %.400s", body)
		}

		// Tuyên Quang proposes; Hà Nội cannot propose for it; the centre accepts.
		tq := userToken(t, db, "tq@htxnu.test", coop.RoleProvincial, "08")
		hn := userToken(t, db, "hn2@htxnu.test", coop.RoleProvincial, "01")
		tgDo(t, ts, tq, call{method: "POST", path: "/api/v1/targets/T1/proposals", body: `{"milestone":2030,"value":900,"note":"Sát thực tế"}`, wantStatus: 201,
			want: []string{`"status":"proposed"`, `"proposed_value":900`, `"value":1000`}})
		tgDo(t, ts, hn, call{method: "POST", path: "/api/v1/targets/T1/proposals", body: `{"milestone":2030,"province":"08","value":1}`, wantStatus: 404})
		tgDo(t, ts, tq, call{method: "PUT", path: "/api/v1/targets/T1/allocations", body: `{"milestone":2030,"values":{"08":5000}}`, wantStatus: 403})
		tgDo(t, ts, hn, call{method: "GET", path: "/api/v1/targets?province=08", wantStatus: 404})
		tgDo(t, ts, hn, call{method: "GET", path: "/api/v1/targets/T1/allocations?milestone=2030", wantStatus: 200,
			want: []string{`"total":1`, `"province":"01"`}, notWant: []string{`"province":"08"`}})
		do(t, ts, call{method: "POST", path: "/api/v1/targets/T1/decisions", body: `{"milestone":2030,"province":"08","decision":"accept"}`, wantStatus: 200,
			want: []string{`"value":900`, `"status":"approved"`}})
		do(t, ts, call{method: "POST", path: "/api/v1/targets/T1/decisions", body: `{"milestone":2030,"province":"08"}`, wantStatus: 404})

		// Pages.
		for _, c := range []call{
			{method: "GET", path: "/targets", wantStatus: 200, want: []string{"T1", "1.500", "Chưa có nguồn số liệu", "1.400"}},
			{method: "GET", path: "/targets/T1?milestone=2030", wantStatus: 200, want: []string{`name="value_08" inputmode="numeric" size="7" value="900"`, "Chênh lệch -100"}},
			{method: "GET", path: "/targets/T5?milestone=2025", wantStatus: 200, want: []string{"không cộng tổng"}},
			{method: "GET", path: "/targets/T0", wantStatus: 404},
		} {
			do(t, ts, c)
		}
	})
}

// Journey 2: a central officer opens Decision 01's targets, allocates the
// 2030 T1 target across provinces and sees the sum checked against the
// national figure; an officer of Tuyên Quang sees her province's share.
func TestJourneyCentreAllocatesTargets(t *testing.T) {
	a := newBrowserApp(t, 3*time.Minute)
	seedTuyenQuang(t, a.DB)
	a.signInAs(coop.RoleCentral, "")

	a.open("/targets")
	if got := a.text(`#target-T1 td:nth-child(3)`); got != "1.500" {
		t.Fatalf("T1 by 2030 on the targets page = %q", got)
	}
	if got := a.text(`#target-T7 .actual`); !strings.Contains(got, "chưa có") {
		t.Errorf("T7's result = %q, want no data source", got)
	}
	a.screenshot("journey2-targets")
	if got := a.submit("open T1", chromedp.Click(chromedp.CSS(`#target-T1 a`))); got != 200 {
		t.Fatalf("T1 page: status %d", got)
	}
	if n := a.count(`#allocation-table tbody tr`); n != 34 {
		t.Fatalf("allocation rows = %d, want 34", n)
	}
	// First a share that does not add up, then one that does.
	a.do("allocate T1 2030",
		chromedp.SendKeys(chromedp.CSS(`input[name=value_08]`), "1000"),
		chromedp.SendKeys(chromedp.CSS(`input[name=value_01]`), "400"),
	)
	if got := a.submit("save allocations", chromedp.Click(chromedp.CSS(`#allocation-form button[type=submit]`))); got != 200 {
		t.Fatalf("save allocations: status %d: %s", got, a.text(`main`))
	}
	if got := a.text(`#sum-check`); got != "Chênh lệch -100." {
		t.Errorf("sum check after 1.400 = %q", got)
	}
	if !a.hasClass(`#allocation-sum`, "warn") {
		t.Errorf("a sum that does not match is not highlighted")
	}
	a.do("correct Hà Nội",
		chromedp.SetValue(chromedp.CSS(`input[name=value_01]`), "500"),
	)
	if got := a.submit("save again", chromedp.Click(chromedp.CSS(`#allocation-form button[type=submit]`))); got != 200 {
		t.Fatalf("save allocations: status %d", got)
	}
	if got := a.text(`#sum-value`); got != "1.500" {
		t.Errorf("sum = %q, want 1.500", got)
	}
	if got := a.text(`#sum-check`); got != "Khớp chỉ tiêu toàn quốc." {
		t.Errorf("sum check = %q", got)
	}
	if got := a.value(`input[name=value_08]`); got != "1000" {
		t.Errorf("Tuyên Quang's field after saving = %q", got)
	}
	// A bad number keeps what was typed and says why.
	a.do("type a bad number", chromedp.SetValue(chromedp.CSS(`input[name=value_19]`), "mười"))
	if got := a.submit("save a bad number", chromedp.Click(chromedp.CSS(`#allocation-form button[type=submit]`))); got != 422 {
		t.Errorf("bad number: status %d, want 422", got)
	}
	if got := a.value(`input[name=value_19]`); got != "mười" {
		t.Errorf("the bad input was not kept: %q", got)
	}
	a.screenshot("journey2-allocations")

	// The officer of Tuyên Quang sees her province's allocation.
	a2 := a
	a2.do("sign out", chromedp.Click(chromedp.CSS(`header form button`)))
	a2.signInAs(coop.RoleProvincial, "08")
	a2.open("/targets")
	if got := a2.text(`#target-T1 .own-2030`); !strings.HasPrefix(got, "1.000") {
		t.Errorf("Tuyên Quang's 2030 T1 allocation = %q, want 1.000", got)
	}
	a2.open("/targets/T1?milestone=2030")
	if n := a2.count(`#allocation-table tbody tr`); n != 1 {
		t.Errorf("Tuyên Quang sees %d provinces' allocations, want only her own", n)
	}
	if a2.count(`input[name=value_08]`) != 0 {
		t.Errorf("a province sees the allocation form")
	}
	if a2.count(`#proposal-form`) != 1 {
		t.Errorf("no proposal form for the province")
	}
}
