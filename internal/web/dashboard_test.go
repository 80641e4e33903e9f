package web_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// dashOrgs are the organisations dashSeed creates, by name.
type dashOrgs map[string]*coop.Organisation

// dashSeed fills two provinces with organisations of every kind (one of them
// archived), support activities of both provinces and of the centre (one
// loan pending, which no figure counts) and obstacles in several states,
// one of them overdue.
func dashSeed(t *testing.T, db *store.DB) dashOrgs {
	t.Helper()
	ctx := context.Background()
	pos := func(role, sex string) []coop.Position {
		return []coop.Position{{Role: role, Holder: "Người giữ chức danh", Sex: sex, From: "2020-01-01"}}
	}
	snap := func(mt, mf, wt, wf int64) []coop.Snapshot {
		return []coop.Snapshot{{AsOf: "2025-12-31", MembersTotal: mt, MembersFemale: mf, WorkersTotal: wt, WorkersFemale: wf}}
	}
	orgs := []*coop.Organisation{
		{Kind: coop.KindHTX, Name: "Hợp tác xã Dệt thổ cẩm Bản Lác", Sector: "industry_handicraft", Governance: coop.GovernanceFull, Province: "08",
			Status: coop.StatusActive, Positions: pos(coop.RoleDirector, coop.SexFemale), Snapshots: snap(20, 15, 30, 25)},
		{Kind: coop.KindHTX, Name: "Hợp tác xã Chè Shan tuyết", Sector: "agriculture", Governance: coop.GovernanceFull, Province: "08",
			Status: coop.StatusActive, Positions: pos(coop.RoleBoardMember, coop.SexFemale), Snapshots: snap(10, 3, 12, 4)},
		{Kind: coop.KindHTX, Name: "Hợp tác xã Mây tre Lạc Hồng", Sector: "agriculture", Governance: coop.GovernanceFull, Province: "08",
			Status: coop.StatusActive, Positions: pos(coop.RoleDirector, coop.SexMale)},
		{Kind: coop.KindTHT, Name: "Tổ hợp tác Thêu Na Hang", Sector: "industry_handicraft", Province: "08", FoundedOn: "2024-03-01",
			Status: coop.StatusActive, Positions: pos(coop.RoleGroupLeader, coop.SexFemale), Snapshots: snap(6, 6, 6, 6)},
		{Kind: coop.KindLHHTX, Name: "Liên hiệp Hợp tác xã Tuyên Quang", Sector: "agriculture", Governance: coop.GovernanceFull, Province: "08",
			Status: coop.StatusActive, Positions: pos(coop.RoleChair, coop.SexMale)},
		{Kind: coop.KindHTX, Name: "Hợp tác xã Đã lưu trữ", Sector: "agriculture", Governance: coop.GovernanceFull, Province: "08",
			Status: coop.StatusActive, Positions: pos(coop.RoleDirector, coop.SexFemale), Snapshots: snap(50, 50, 50, 50)},
		{Kind: coop.KindHTX, Name: "Hợp tác xã Dệt lụa Vạn Phúc", Sector: "industry_handicraft", Governance: coop.GovernanceFull, Province: "01",
			Status: coop.StatusActive, Positions: pos(coop.RoleDirector, coop.SexFemale), Snapshots: snap(40, 30, 50, 45)},
		{Kind: coop.KindHTX, Name: "Hợp tác xã Rau sạch Đông Anh", Sector: "agriculture", Governance: coop.GovernanceFull, Province: "01",
			Status: coop.StatusActive, Positions: pos(coop.RoleDirector, coop.SexMale), Snapshots: snap(8, 2, 9, 3)},
	}
	out := dashOrgs{}
	for _, o := range orgs {
		if err := db.CreateOrganisation(ctx, coop.System, o); err != nil {
			t.Fatalf("seed %s: %v", o.Name, err)
		}
		out[o.Name] = o
	}
	archived := out["Hợp tác xã Đã lưu trữ"]
	if _, err := db.ArchiveOrganisation(ctx, coop.System, archived.ID, archived.Version); err != nil {
		t.Fatal(err)
	}
	id := func(name string) int64 { return out[name].ID }
	banLac, che, vanPhuc := id("Hợp tác xã Dệt thổ cẩm Bản Lác"), id("Hợp tác xã Chè Shan tuyết"), id("Hợp tác xã Dệt lụa Vạn Phúc")
	loan := func(day, status string, amount int64, org int64) *coop.Activity {
		return &coop.Activity{Type: coop.ActivityCapital, Title: "Vay vốn Quỹ hỗ trợ phát triển HTX", Province: "08", StartsOn: day,
			ParticipantsTotal: 1, ParticipantsFemale: 1, LoanFund: "provincial", LoanAmount: amount, LoanTermMonths: 36,
			LoanPurpose: "Mua khung dệt", LoanStatus: status, Beneficiaries: []int64{org}}
	}
	acts := []*coop.Activity{
		{Type: coop.ActivityTraining, Title: "Lớp bồi dưỡng quản trị HTX cho cán bộ quản lý nữ", Province: "08", StartsOn: "2026-03-10",
			ParticipantsTotal: 40, ParticipantsFemale: 38, TargetGroup: "female_managers", ManagersTrainedFemale: 2, JobsWomenHTX: 12,
			Beneficiaries: []int64{banLac, che}},
		loan("2026-05-04", "approved", 500_000_000, banLac),
		loan("2026-06-01", "applied", 200_000_000, che),
		{Type: "conference", Title: "Hội nghị HTX do phụ nữ quản lý", Province: "01", StartsOn: "2025-11-20",
			ParticipantsTotal: 60, ParticipantsFemale: 45, JobsWomenTHT: 7, Beneficiaries: []int64{vanPhuc}},
		{Type: "communication_event", Title: "Diễn đàn phụ nữ với kinh tế tập thể", Province: "", StartsOn: "2026-02-15",
			ParticipantsTotal: 100, ParticipantsFemale: 80, Beneficiaries: []int64{banLac, vanPhuc}},
	}
	for _, a := range acts {
		if err := db.CreateActivity(ctx, coop.System, a); err != nil {
			t.Fatalf("seed %s: %v", a.Title, err)
		}
	}
	seedObstacle(t, db, "08", "Chưa được hỗ trợ bảo hiểm xã hội", coop.ObstacleReceived)
	seedObstacle(t, db, "08", "Không tiếp cận được vốn vay", coop.ObstacleEscalated)
	seedObstacle(t, db, "01", "Thủ tục đất đai kéo dài", coop.ObstacleAnswered)
	late := &coop.Obstacle{Province: "08", Category: "credit", Title: "Hồ sơ vay quá hạn trả lời", Recommendation: "Kiến nghị", DueOn: "2026-01-10"}
	if err := db.CreateObstacle(ctx, coop.System, late); err != nil {
		t.Fatal(err)
	}
	return out
}

// dashLink is a number of the dashboard with the list behind it.
type dashLink struct {
	href string
	n    int64
	sum  string
}

var dashLinkRE = regexp.MustCompile(`<a class="n" href="([^"]*)" data-n="(-?[0-9]+)"(?: data-sum="([a-z_]+)")?>`)

// dashLinks collects every number of a dashboard page.
func dashLinks(t *testing.T, page string) []dashLink {
	t.Helper()
	var out []dashLink
	for _, m := range dashLinkRE.FindAllStringSubmatch(page, -1) {
		n, _ := strconv.ParseInt(m[2], 10, 64)
		out = append(out, dashLink{href: html.UnescapeString(m[1]), n: n, sum: m[3]})
	}
	if all := strings.Count(page, `class="n"`) - strings.Count(page, `<td class="n"`) - strings.Count(page, `<th scope="col" class="n"`); all != len(out) {
		t.Fatalf("%d links with class n, %d of them read: a number is written differently", all, len(out))
	}
	return out
}

// pendingFilters are list filters the dashboard links to that the lists do
// not understand yet; a link using one is not checked. Every filter the
// dashboard uses is understood today, so the list is empty.
var pendingFilters []string

func pending(href string) bool {
	u, _ := url.Parse(href)
	for _, f := range pendingFilters {
		if u.Query().Has(f) {
			return true
		}
	}
	return false
}

// getAs reads a page or API answer with a token and returns its body.
func getAs(t *testing.T, ts *httptest.Server, token, path string, want int) string {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d\n%.500s", path, res.StatusCode, want, b)
	}
	return string(b)
}

// listFigure follows a dashboard link through the JSON API: the list's
// total, or the sum of a field over every record it lists.
func listFigure(t *testing.T, ts *httptest.Server, token string, l dashLink) int64 {
	t.Helper()
	u, err := url.Parse(l.href)
	if err != nil {
		t.Fatal(err)
	}
	api := map[string]string{"/organisations": "/api/v1/organisations", "/activities": "/api/v1/activities", "/obstacles": "/api/v1/obstacles",
		"/reports": "/api/v1/reports"}[u.Path]
	if api == "" {
		t.Fatalf("%s: a number links to %s, which has no API list", l.href, u.Path)
	}
	q := u.Query()
	var figure int64
	for page := 1; ; page++ {
		q.Set("page", strconv.Itoa(page))
		q.Set("per_page", "200")
		var body struct {
			Total int                          `json:"total"`
			Items []map[string]json.RawMessage `json:"items"`
		}
		raw := getAs(t, ts, token, api+"?"+q.Encode(), 200)
		if err := json.Unmarshal([]byte(raw), &body); err != nil {
			t.Fatal(err)
		}
		switch {
		case l.sum == "":
			return int64(body.Total)
		case u.Path == "/organisations":
			for _, it := range body.Items {
				var w map[string]int64
				json.Unmarshal(it["latest_workforce"], &w)
				figure += w[l.sum]
			}
			if page*200 >= body.Total {
				return figure
			}
		default: // the activity list carries its sums
			var sums map[string]json.RawMessage
			json.Unmarshal([]byte(raw), &sums)
			v, ok := sums[l.sum]
			if !ok {
				t.Fatalf("%s: the list has no %q", l.href, l.sum)
			}
			n, _ := strconv.ParseInt(string(v), 10, 64)
			return n
		}
	}
}

// Every number of the dashboard — national, a province's seen by the centre
// and by the province itself, under filters — is a link to a list whose
// total (or sum) equals it.
func TestDashboardNumbersEqualTheirLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dashSeed(t, db)
		ts := newServer(t, db)
		admin := userToken(t, db, "centre@dash.test", coop.RoleCentral, "")
		officer := userToken(t, db, "tuyenquang@dash.test", coop.RoleProvincial, "08")
		pages := []struct {
			token, path string
			min         int // numbers expected at least
		}{
			{admin, "/dashboard", 300},
			{admin, "/dashboard?province=08", 60},
			{admin, "/dashboard?province=01&period=2025", 60},
			{admin, "/dashboard?kind=HTX&period=phase-2026-2030&sort=wim&dir=desc", 150},
			{admin, "/dashboard?from=2026-03&to=2026-05&sector=agriculture&women_managed_rule=wim-strict-v1&high_female_labour_rule=hfl-share50-v1", 150},
			{officer, "/dashboard", 60},
			{officer, "/dashboard?period=2026-H1&kind=THT", 40},
			{admin, "/dashboard?province=08&status=all", 60},
			{admin, "/dashboard?period=report-2026-H1", 50}, // the registry is read as of the window's end: its figures link nowhere
			{officer, "/dashboard?period=report-2026", 40},
		}
		checked, skipped := 0, 0
		for _, p := range pages {
			links := dashLinks(t, getAs(t, ts, p.token, p.path, 200))
			if len(links) < p.min {
				t.Errorf("%s: %d numbers, want at least %d", p.path, len(links), p.min)
			}
			for _, l := range links {
				if pending(l.href) {
					skipped++
					continue
				}
				if got := listFigure(t, ts, p.token, l); got != l.n {
					t.Errorf("%s: %d links to %s (sum %q), which lists %d", p.path, l.n, l.href, l.sum, got)
				}
				checked++
			}
		}
		if checked < 500 || skipped > 0 {
			t.Errorf("checked %d numbers, left %d unchecked for filters the lists lack", checked, skipped)
		}
	})
}

// dashAPI reads the dashboard's JSON.
type dashAPI struct {
	Province string `json:"province"`
	Filters  struct {
		Province, Kind, Period, From, To, Sort, Dir string
	} `json:"filters"`
	Warnings []string `json:"warnings"`
	Notes    []string `json:"notes"`
	Targets  []struct {
		Code     string   `json:"code"`
		Actual   *float64 `json:"actual"`
		Target   *int64   `json:"target"`
		Progress struct {
			Status, Label, Reason, Basis string
		} `json:"progress"`
		Figure struct {
			Text string `json:"text"`
			N    *int64 `json:"n"`
		} `json:"figure"`
	} `json:"targets"`
	Registry, Activities, Loans, Obstacles, Series, Kinds struct {
		Rows []struct {
			Key   string    `json:"key"`
			Cells []apiCell `json:"cells"`
		} `json:"rows"`
		Total *struct {
			Cells []apiCell `json:"cells"`
		} `json:"total"`
	}
	History struct {
		Rows []struct {
			Key   string    `json:"key"`
			Cells []apiCell `json:"cells"`
		} `json:"rows"`
	} `json:"registry_history"`
	Reporting any `json:"reporting"`
}

func readDash(t *testing.T, ts *httptest.Server, token, query string) dashAPI {
	t.Helper()
	var d dashAPI
	if err := json.Unmarshal([]byte(getAs(t, ts, token, "/api/v1/dashboard"+query, 200)), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// apiCell is a cell of a dashboard table in the API.
type apiCell struct {
	Text string `json:"text"`
	N    *int64 `json:"n"`
	Href string `json:"href"`
}

func cellN(t *testing.T, c apiCell) int64 {
	t.Helper()
	if c.N == nil {
		t.Fatalf("cell %q has no number", c.Text)
	}
	return *c.N
}

func TestDashboardFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dashSeed(t, db)
		ts := newServer(t, db)
		centre := userToken(t, db, "centre@dash.test", coop.RoleCentral, "")
		officer := userToken(t, db, "tuyenquang@dash.test", coop.RoleProvincial, "08")

		d := readDash(t, ts, centre, "")
		if d.Province != "" || len(d.Targets) != 8 || len(d.Registry.Rows) != 34 {
			t.Fatalf("national: province %q, %d targets, %d provinces", d.Province, len(d.Targets), len(d.Registry.Rows))
		}
		// Columns: name, HTX, LHHTX, THT, organisations, women-managed, share, HFL, female members, female workers.
		tot := d.Registry.Total.Cells
		if got := []int64{cellN(t, tot[1]), cellN(t, tot[2]), cellN(t, tot[3]), cellN(t, tot[4]), cellN(t, tot[5]), cellN(t, tot[8]), cellN(t, tot[9])}; !equalInts(got, []int64{5, 1, 1, 7, 4, 3 + 6 + 15 + 30 + 2, 4 + 6 + 25 + 45 + 3}) {
			t.Errorf("national registry totals (HTX, LHHTX, THT, all, women-managed, female members, female workers) = %v", got)
		}
		// The registry over time ends with today's registry.
		if n := len(d.History.Rows); n == 0 {
			t.Error("no registry history")
		} else {
			last := d.History.Rows[n-1].Cells
			var got []string
			for _, c := range last[1:] {
				got = append(got, c.Text)
			}
			want := []string{tot[4].Text, tot[5].Text, tot[7].Text, tot[8].Text, tot[9].Text}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("registry history ends with %v, the registry today is %v", got, want)
			}
		}
		if tot[6].Text != "57,1%" {
			t.Errorf("share of women-managed organisations %q, want 57,1%%", tot[6].Text)
		}
		// Activities: the centre's forum counts nationally; the pending loan
		// counts as an activity but not as a loan.
		at := d.Activities.Total.Cells
		if cellN(t, at[1]) != 5 || cellN(t, at[3]) != 38+1+1+45+80 || cellN(t, at[4]) != 3 {
			t.Errorf("activities total: %d activities, %d women, %d organisations", cellN(t, at[1]), cellN(t, at[3]), cellN(t, at[4]))
		}
		if l := d.Loans.Rows[0].Cells; cellN(t, l[1]) != 1 || cellN(t, l[2]) != 500_000_000 {
			t.Errorf("loans: %d for %d đồng, want 1 for 500.000.000", cellN(t, l[1]), cellN(t, l[2]))
		}
		obs := map[string]int64{}
		for _, r := range d.Obstacles.Rows {
			obs[r.Key] = cellN(t, r.Cells[1])
		}
		if obs["received"] != 2 || obs["escalated"] != 1 || obs["answered"] != 1 || obs["overdue"] != 1 || cellN(t, d.Obstacles.Total.Cells[1]) != 4 {
			t.Errorf("obstacles %v, total %d", obs, cellN(t, d.Obstacles.Total.Cells[1]))
		}
		// The open obstacles are those the store's report counts call open.
		_, _, open, overdue, err := db.ObstacleCounts(context.Background(), coop.System, "", "", "")
		if err != nil {
			t.Fatal(err)
		}
		if int64(open) != obs["received"]+obs["handling"]+obs["escalated"] || int64(overdue) != obs["overdue"] {
			t.Errorf("open %d, overdue %d by the report counts; the dashboard says %v", open, overdue, obs)
		}
		for _, x := range d.Targets {
			if x.Progress.Status == "" || x.Progress.Label == "" || x.Progress.Reason == "" {
				t.Errorf("%s has no traffic light: %+v", x.Code, x.Progress)
			}
			if (x.Code == "T7" || x.Code == "T8") && (x.Actual != nil || x.Progress.Status != coop.ProgressNoData) {
				t.Errorf("%s has no data source and must say so: %+v", x.Code, x)
			}
			// A count since the Scheme began is measured against the time
			// since then, and says so.
			if x.Code == "T1" && (x.Progress.Basis != "Số luỹ kế từ 03/01/2023, so với thời gian từ 03/01/2023 đến 31/12/2030." ||
				!strings.Contains(x.Progress.Reason, "thời gian từ 03/01/2023 đến 31/12/2030 đã trôi qua")) {
				t.Errorf("T1 is not measured like with like: %+v", x.Progress)
			}
			if x.Code == "T3" && (x.Actual == nil || *x.Actual != 12 || x.Figure.Text != "12") {
				t.Errorf("T3 = %+v, want the 12 jobs recorded", x.Figure)
			}
		}
		if d.Reporting == nil {
			t.Error("the dashboard has a reporting section")
		}

		// The province: its own figures, its allocation as the target.
		p := readDash(t, ts, officer, "")
		if p.Province != "08" || len(p.Registry.Rows) == 0 {
			t.Fatalf("provincial: %+v", p)
		}
		if cellN(t, p.Registry.Total.Cells[4]) != 5 || cellN(t, p.Activities.Total.Cells[1]) != 3 {
			t.Errorf("Tuyên Quang: %d organisations, %d activities; want 5 and 3 (the centre's forum is national)",
				cellN(t, p.Registry.Total.Cells[4]), cellN(t, p.Activities.Total.Cells[1]))
		}
		for _, r := range p.Registry.Rows {
			for _, c := range r.Cells {
				if c.Href != "" && !strings.Contains(c.Href, "province=08") {
					t.Errorf("a provincial number links outside the province: %s", c.Href)
				}
			}
		}
		if x := p.Targets[0]; x.Target != nil || x.Progress.Status != coop.ProgressNoData || !strings.Contains(x.Progress.Reason, "Chưa có chỉ tiêu") {
			t.Errorf("without an allocation T1 has no target: %+v", x)
		}
		// The centre sees the same province the same way.
		c08 := readDash(t, ts, centre, "?province=08")
		if cellN(t, c08.Registry.Total.Cells[4]) != 5 {
			t.Errorf("the centre's view of 08 differs from the province's")
		}
	})
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDashboardScopeAndFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dashSeed(t, db)
		ts := newServer(t, db)
		centre := userToken(t, db, "centre@dash.test", coop.RoleCentral, "")
		officer := userToken(t, db, "tuyenquang@dash.test", coop.RoleProvincial, "08")
		viewer := userToken(t, db, "xem@dash.test", coop.RoleViewer, "")

		// Another province is not found to a provincial account; an unknown
		// province to anyone.
		getAs(t, ts, officer, "/dashboard?province=01", 404)
		getAs(t, ts, officer, "/api/v1/dashboard?province=01", 404)
		getAs(t, ts, centre, "/dashboard?province=99", 404)
		page := getAs(t, ts, officer, "/dashboard", 200)
		if strings.Contains(page, `<select name="province">`) || !strings.Contains(page, `<span id="dash-scope">Tỉnh Tuyên Quang</span>`) {
			t.Error("a provincial account's dashboard is its province's, without a province picker")
		}
		if v := readDash(t, ts, viewer, ""); v.Province != "" {
			t.Errorf("a national viewer gets the national dashboard, got %q", v.Province)
		}

		for _, c := range []struct {
			query, from, to, period string
			warn                    string
		}{
			{"?period=2025-H2", "2025-07", "2025-12", "2025-H2", ""},
			{"?period=phase-2023-2025", "2023-01", "2025-12", "phase-2023-2025", ""},
			{"?from=03/2026&to=2026-05&period=2025", "2026-03", "2026-05", "", ""},
			{"?from=2026-06&to=2026-01", "", "", "", "Tháng bắt đầu sau tháng kết thúc"},
			{"?from=tháng-ba", "", "", "", "Không đọc được tháng bắt đầu"},
			{"?period=2025-H3", "", "", "", "Không có kỳ"},
			{"?kind=XYZ&sector=fishing&women_managed_rule=hfl-tiers-v1", "", "", "", "Không có quy tắc phân loại"},
		} {
			d := readDash(t, ts, centre, c.query)
			if d.Filters.From != c.from || d.Filters.To != c.to || d.Filters.Period != c.period {
				t.Errorf("%s: window %s–%s (%s), want %s–%s (%s)", c.query, d.Filters.From, d.Filters.To, d.Filters.Period, c.from, c.to, c.period)
			}
			if got := strings.Join(d.Warnings, " "); !strings.Contains(got, c.warn) || (c.warn == "") != (got == "") {
				t.Errorf("%s: warnings %q, want %q", c.query, got, c.warn)
			}
		}
		d := readDash(t, ts, centre, "?kind=XYZ&sector=fishing")
		if d.Filters.Kind != "" || len(d.Warnings) != 2 {
			t.Errorf("unknown kind and sector are dropped with a warning each: %+v %v", d.Filters, d.Warnings)
		}
		// A window applies to the activities, and the page says what it
		// does not apply to.
		d = readDash(t, ts, centre, "?period=2025")
		if n := cellN(t, d.Activities.Total.Cells[1]); n != 1 {
			t.Errorf("activities of 2025: %d, want the one conference", n)
		}
		if len(d.Notes) == 0 || !strings.Contains(d.Notes[0], "chỉ tiêu T1–T8 tính luỹ kế từ 03/01/2023 đến hết kỳ") {
			t.Errorf("notes %v", d.Notes)
		}
		// A kind filter narrows the registry, not the obstacles.
		d = readDash(t, ts, centre, "?kind=THT")
		if n := cellN(t, d.Registry.Total.Cells[2]); n != 1 || len(d.Registry.Total.Cells) != 8 {
			t.Errorf("THT only: %d cells, total %d", len(d.Registry.Total.Cells), n)
		}
		if cellN(t, d.Obstacles.Total.Cells[1]) != 4 {
			t.Error("the kind filter must not narrow the obstacles")
		}
	})
}

func TestDashboardSorting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dashSeed(t, db)
		ts := newServer(t, db)
		centre := userToken(t, db, "centre@dash.test", coop.RoleCentral, "")
		col := func(d dashAPI, i int) []int64 {
			var out []int64
			for _, r := range d.Registry.Rows {
				if r.Cells[i].N != nil {
					out = append(out, *r.Cells[i].N)
				}
			}
			return out
		}
		d := readDash(t, ts, centre, "?sort=orgs&dir=desc")
		if v := col(d, 4); v[0] != 5 || v[1] != 2 || v[2] != 0 || d.Registry.Rows[0].Key != "08" {
			t.Errorf("by organisations, most first: %v (first %s)", v[:3], d.Registry.Rows[0].Key)
		}
		d = readDash(t, ts, centre, "?sort=workers_female&dir=asc")
		if v := col(d, 9); v[0] != 0 || v[len(v)-1] != 48 || d.Registry.Rows[33].Key != "01" {
			t.Errorf("by female workers, fewest first: %v", v)
		}
		d = readDash(t, ts, centre, "?sort=name")
		var names []string
		for _, r := range d.Registry.Rows {
			names = append(names, r.Cells[0].Text)
		}
		if names[0] != "Thành phố Cần Thơ" || d.Filters.Dir != "asc" {
			t.Errorf("by name: %v (%s)", names[:3], d.Filters.Dir)
		}
		if d := readDash(t, ts, centre, "?sort=nothing"); d.Registry.Rows[0].Key != "01" || d.Filters.Sort != "" {
			t.Errorf("an unknown column keeps the provinces' order: %s, sort %q", d.Registry.Rows[0].Key, d.Filters.Sort)
		}
		// The phone's sort form carries the filters, and only its own sort.
		page := getAs(t, ts, centre, "/dashboard?kind=HTX&sort=orgs&dir=asc", 200)
		form := page[strings.Index(page, `<form class="dash-sort"`):]
		form = form[:strings.Index(form, "</form>")]
		if !strings.Contains(form, `<input type="hidden" name="kind" value="HTX">`) || strings.Contains(form, `type="hidden" name="dir"`) ||
			strings.Contains(form, `type="hidden" name="sort"`) || !strings.Contains(form, `<option value="orgs" selected>`) {
			t.Errorf("sort form: %s", form)
		}
		// The headers link to the other direction, keeping the filters.
		page = getAs(t, ts, centre, "/dashboard?kind=HTX&sort=wim&dir=desc", 200)
		if !strings.Contains(page, `aria-sort="descending"><a href="/dashboard?dir=asc&amp;kind=HTX&amp;sort=wim#registry" data-sort="wim">`) {
			t.Error("the sorted column's header links to the other direction with the filters")
		}
	})
}

// The signed-in home leads to the dashboard.
func TestHomeLinksToDashboard(t *testing.T) {
	db := storetest.SQLite(t)
	ts := newServer(t, db)
	do(t, ts, call{name: "home", method: "GET", path: "/", wantStatus: 200, want: []string{`<p class="home-next" id="home-dashboard"><a class="button primary" href="/dashboard">`}})
}
