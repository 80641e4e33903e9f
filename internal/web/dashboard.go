package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"htxnu/internal/chart"
	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// dashboardRoutes: Dashboards against the targets, with drill-down to the records.
func (s *Server) dashboardRoutes() []route {
	return []route{
		{"GET /dashboard", coop.PermProgrammeRead, s.dashboardPage},
		{"GET /api/v1/dashboard", coop.PermProgrammeRead, s.apiDashboard},
	}
}

func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.dashboard(r.Context(), actor(r), r.URL.Query(), coop.Today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "dashboard", map[string]any{"D": d})
}

func (s *Server) apiDashboard(w http.ResponseWriter, r *http.Request) {
	d, err := s.dashboard(r.Context(), actor(r), r.URL.Query(), coop.Today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func init() {
	funcs["dashURL"] = func(f dashFilter, kv ...string) string { return f.query(kv...) }
	funcs["dashPct"] = func(share float64) string { return coop.FormatPercent(share) }
	funcs["dashInt"] = func(n *int64) string {
		if n == nil {
			return "–"
		}
		return coop.FormatInt(*n)
	}
	// dashHidden is the filter as hidden fields of the sort form.
	funcs["dashHidden"] = func(f dashFilter) map[string]string {
		out := map[string]string{}
		u, _ := url.Parse(f.query("sort", "", "dir", ""))
		for k, v := range u.Query() {
			out[k] = v[0]
		}
		return out
	}
	funcs["dashLine"] = func(t dashTable, r dashRow) any {
		return struct {
			Table dashTable
			Row   dashRow
		}{t, r}
	}
}

// dashboard is everything the dashboard shows, for the page and the API.
type dashboard struct {
	Province     string           `json:"province"` // "" for the whole country
	ProvinceName string           `json:"province_name"`
	National     bool             `json:"-"` // the reader may choose the province
	AsOf         string           `json:"as_of"`
	Phase        coop.SchemePhase `json:"phase"`
	Elapsed      float64          `json:"phase_elapsed"`
	Filter       dashFilter       `json:"filters"`
	Warnings     []string         `json:"warnings"`
	Notes        []string         `json:"notes"`
	Rule         string           `json:"targets_women_managed_rule"`
	Targets      []dashTarget     `json:"targets"`
	Kinds        dashTable        `json:"kinds"`
	Registry     dashTable        `json:"registry"`
	Bucket       string           `json:"series_bucket"`
	Series       dashTable        `json:"series"`
	Activities   dashTable        `json:"activities"`
	Loans        dashTable        `json:"loans"`
	Obstacles    dashTable        `json:"obstacles"`
	// Reporting is the completeness and timeliness of periodic reports;
	// nil until the reports module provides the figures.
	Reporting *dashTable `json:"reporting,omitempty"`

	RegistryChart, SeriesChart, ActivityChart template.HTML `json:"-"`
	Periods                                   []coop.Code   `json:"-"`
}

// Tables lists the dashboard's tables in page order (for a spreadsheet).
func (d *dashboard) Tables() []dashTable {
	out := []dashTable{d.targetTable(), d.Kinds, d.Registry, d.Series, d.Activities, d.Loans, d.Obstacles}
	if d.Reporting != nil {
		out = append(out, *d.Reporting)
	}
	return out
}

// dashFilter is what the reader chose in the filter form; the URL keeps it,
// so a dashboard can be shared.
type dashFilter struct {
	Province string `json:"province"`
	Kind     string `json:"kind"`
	Sector   string `json:"sector"`
	WIMRule  string `json:"women_managed_rule"`
	HFLRule  string `json:"high_female_labour_rule"`
	Period   string `json:"period"`
	From     string `json:"from"` // YYYY-MM
	To       string `json:"to"`
	Sort     string `json:"sort"`
	Dir      string `json:"dir"`
}

// query returns the dashboard's URL with the filter and the overrides
// (key, value pairs). A named period stands for its months, so they are
// not repeated.
func (f dashFilter) query(kv ...string) string {
	from, to := f.From, f.To
	if f.Period != "" {
		from, to = "", ""
	}
	pairs := []string{"province", f.Province, "kind", f.Kind, "sector", f.Sector, "women_managed_rule", f.WIMRule,
		"high_female_labour_rule", f.HFLRule, "period", f.Period, "from", from, "to", to, "sort", f.Sort, "dir", f.Dir}
	return link("/dashboard", append(pairs, kv...)...)
}

// dashTarget is one of T1–T8 against its next milestone.
type dashTarget struct {
	Code       string        `json:"code"`
	Name       string        `json:"name"`
	Unit       string        `json:"unit"`
	Available  bool          `json:"available"`
	Actual     *float64      `json:"actual"`
	Numerator  int64         `json:"numerator,omitempty"`
	Denom      int64         `json:"denominator,omitempty"`
	Target     *int64        `json:"target"`
	TargetOf   string        `json:"target_of"` // national target, or the province's allocation
	Milestone  int           `json:"milestone"`
	Progress   coop.Progress `json:"progress"`
	Rule       string        `json:"rule,omitempty"`
	Note       string        `json:"note"`
	Figure     dashCell      `json:"figure"` // the actual as shown, with its records
	Bar        template.HTML `json:"-"`
	StatusHTML string        `json:"-"`
}

// Colours of the traffic light (Okabe–Ito); the words and icon carry the
// meaning, the colour repeats it.
var lightColours = map[string]string{
	coop.ProgressOnTrack: "#009E73",
	coop.ProgressAtRisk:  "#E69F00",
	coop.ProgressBehind:  "#D55E00",
}

// dashboard gathers the figures for the actor and the filters of q.
func (s *Server) dashboard(ctx context.Context, a coop.Actor, q url.Values, today string) (*dashboard, error) {
	f, warnings, err := parseDashFilter(q, a)
	if err != nil {
		return nil, err
	}
	d := &dashboard{Province: f.Province, ProvinceName: "Toàn quốc", National: a.National(), AsOf: today,
		Phase: coop.PhaseOf(today), Filter: f, Warnings: warnings, Periods: periodOptions(today)}
	if d.Province != "" {
		d.ProvinceName = coop.ProvinceName(d.Province)
	}
	d.Elapsed = d.Phase.Elapsed(today)
	if d.Warnings == nil {
		d.Warnings = []string{}
	}
	if err := s.dashTargets(ctx, a, d, today); err != nil {
		return nil, err
	}
	if err := s.dashRegistry(ctx, a, d); err != nil {
		return nil, err
	}
	if err := s.dashActivities(ctx, a, d, today); err != nil {
		return nil, err
	}
	if err := s.dashObstacles(ctx, a, d); err != nil {
		return nil, err
	}
	d.Notes = d.notes()
	return d, nil
}

// parseDashFilter reads the filters. A provincial account always gets its
// own province, and asking for another is not found, as is an unknown
// province; other unknown values are dropped with a warning.
func parseDashFilter(q url.Values, a coop.Actor) (dashFilter, []string, error) {
	f := dashFilter{
		Province: strings.TrimSpace(q.Get("province")), Kind: strings.ToUpper(strings.TrimSpace(q.Get("kind"))),
		Sector: strings.TrimSpace(q.Get("sector")), WIMRule: q.Get("women_managed_rule"), HFLRule: q.Get("high_female_labour_rule"),
		Period: strings.TrimSpace(q.Get("period")), Sort: q.Get("sort"), Dir: q.Get("dir"),
	}
	var warn []string
	if !a.National() {
		if f.Province != "" && f.Province != a.Province {
			return f, nil, coop.NotFound("tỉnh, thành phố")
		}
		f.Province = a.Province
	} else if f.Province != "" {
		if _, ok := coop.ProvinceByCode(f.Province); !ok {
			return f, nil, coop.NotFound("tỉnh, thành phố")
		}
	}
	if f.Kind != "" && !coop.Kinds.Valid(f.Kind) {
		warn = append(warn, fmt.Sprintf("Không có loại hình “%s”: đã bỏ bộ lọc loại hình.", f.Kind))
		f.Kind = ""
	}
	if f.Sector != "" && !coop.Sectors.Valid(f.Sector) {
		warn = append(warn, fmt.Sprintf("Không có lĩnh vực “%s”: đã bỏ bộ lọc lĩnh vực.", f.Sector))
		f.Sector = ""
	}
	for _, rf := range []struct {
		id     *string
		family string
	}{{&f.WIMRule, coop.FamilyWomenManaged}, {&f.HFLRule, coop.FamilyHighFemaleLabour}} {
		if *rf.id == "" {
			continue
		}
		if r, ok := coop.RuleByID(*rf.id); !ok || r.Family != rf.family {
			warn = append(warn, fmt.Sprintf("Không có quy tắc phân loại “%s”: dùng quy tắc đang áp dụng.", *rf.id))
			*rf.id = ""
		}
	}
	from, to := q.Get("from"), q.Get("to")
	f.From, f.To = parseMonth(from), parseMonth(to)
	if from != "" && f.From == "" {
		warn = append(warn, fmt.Sprintf("Không đọc được tháng bắt đầu “%s” (nhập dạng 2026-01 hoặc 01/2026).", from))
	}
	if to != "" && f.To == "" {
		warn = append(warn, fmt.Sprintf("Không đọc được tháng kết thúc “%s” (nhập dạng 2026-06 hoặc 06/2026).", to))
	}
	switch {
	case f.From != "" && f.To != "" && f.From > f.To:
		warn = append(warn, "Tháng bắt đầu sau tháng kết thúc: đã bỏ bộ lọc thời gian.")
		f.From, f.To, f.Period = "", "", ""
	case f.From != "" || f.To != "":
		f.Period = "" // an explicit window wins over a named period
	case f.Period != "":
		lo, hi, ok := namedPeriod(f.Period)
		if !ok {
			warn = append(warn, fmt.Sprintf("Không có kỳ “%s”: đã bỏ bộ lọc thời gian.", f.Period))
			f.Period = ""
		}
		f.From, f.To = lo, hi
	}
	return f, warn, nil
}

// parseMonth reads a month as YYYY-MM, YYYY-MM-DD, MM/YYYY or M/YYYY and
// returns YYYY-MM, or "" when it is none of them.
func parseMonth(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01", "2006-01-02", "01/2006", "1/2006"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1900 {
			return t.Format("2006-01")
		}
	}
	return ""
}

// namedPeriod returns the months of a named period: a phase
// ("phase-2026-2030"), a year ("2026") or a half-year ("2026-H1").
func namedPeriod(p string) (string, string, bool) {
	for _, ph := range coop.SchemePhases {
		if p == "phase-"+ph.Code {
			return ph.Start[:7], ph.End[:7], true
		}
	}
	year, half, _ := strings.Cut(p, "-")
	y, err := strconv.Atoi(year)
	if err != nil || len(year) != 4 || y < 1990 || y > 2100 {
		return "", "", false
	}
	switch half {
	case "":
		return year + "-01", year + "-12", true
	case "H1":
		return year + "-01", year + "-06", true
	case "H2":
		return year + "-07", year + "-12", true
	}
	return "", "", false
}

// periodOptions are the named periods offered: the phases, then each year
// of the Scheme to this one with its halves, newest first.
func periodOptions(today string) []coop.Code {
	out := []coop.Code{}
	for _, ph := range coop.SchemePhases {
		out = append(out, coop.Code{Code: "phase-" + ph.Code, Label: ph.Label})
	}
	last, _ := strconv.Atoi(today[:4])
	for y := last; y >= 2023; y-- {
		ys := strconv.Itoa(y)
		out = append(out, coop.Code{Code: ys, Label: "Năm " + ys},
			coop.Code{Code: ys + "-H1", Label: "6 tháng đầu năm " + ys},
			coop.Code{Code: ys + "-H2", Label: "6 tháng cuối năm " + ys})
	}
	return out
}

// notes say which figures each filter applies to.
func (d *dashboard) notes() []string {
	f := d.Filter
	out := []string{}
	if f.From != "" || f.To != "" {
		out = append(out, "Thời gian ("+d.windowLabel()+") áp dụng cho hoạt động hỗ trợ, vốn vay và biểu đồ theo thời gian; không áp dụng cho chỉ tiêu T1–T8 (luỹ kế từ đầu Đề án), số tổ chức (hiện trạng sổ đăng ký) và vướng mắc (hiện trạng).")
	}
	if f.Kind != "" || f.Sector != "" {
		what := []string{}
		if f.Kind != "" {
			what = append(what, "loại hình "+coop.Kinds.Label(f.Kind))
		}
		if f.Sector != "" {
			what = append(what, "lĩnh vực "+coop.Sectors.Label(f.Sector))
		}
		out = append(out, "Bộ lọc "+strings.Join(what, ", ")+" áp dụng cho phần tổ chức kinh tế tập thể; không áp dụng cho chỉ tiêu, hoạt động hỗ trợ và vướng mắc.")
	}
	if f.WIMRule != "" || f.HFLRule != "" {
		out = append(out, "Quy tắc phân loại đã chọn áp dụng cho phần tổ chức kinh tế tập thể; chỉ tiêu T1–T8 luôn tính theo quy tắc đang áp dụng của hệ thống ("+d.Rule+").")
	}
	return out
}

// windowLabel describes the window in words.
func (d *dashboard) windowLabel() string {
	f := d.Filter
	for _, p := range d.Periods {
		if p.Code == f.Period && f.Period != "" {
			return strings.ToLower(p.Label[:1]) + p.Label[1:]
		}
	}
	m := func(s string) string { return s[5:7] + "/" + s[:4] }
	switch {
	case f.From != "" && f.To != "":
		return "từ " + m(f.From) + " đến " + m(f.To)
	case f.From != "":
		return "từ " + m(f.From)
	case f.To != "":
		return "đến " + m(f.To)
	}
	return "toàn bộ thời gian"
}

// dashTargets fills the T1–T8 cards: the actual figure, the target of the
// next milestone (national, or the province's allocation) and the traffic
// light.
func (s *Server) dashTargets(ctx context.Context, a coop.Actor, d *dashboard, today string) error {
	ov, err := s.db.Targets(ctx, a, d.Province)
	if err != nil {
		return err
	}
	d.Rule = ov.Rule
	m := d.Phase.Milestone
	for _, it := range ov.Items {
		t := dashTarget{Code: it.Code, Name: it.Name, Unit: it.Unit, Available: it.Actual.Available, Actual: it.Actual.Value,
			Numerator: it.Actual.Num, Denom: it.Actual.Den, Milestone: m, Rule: it.Actual.Rule, Note: it.Actual.Note}
		if !t.Available {
			t.Actual = nil
		}
		if d.Province == "" {
			t.Target, t.TargetOf = it.Target(m), fmt.Sprintf("Chỉ tiêu toàn quốc đến %d", m)
		} else {
			if al := it.Own[m]; al != nil {
				t.Target = al.Value
			}
			t.TargetOf = fmt.Sprintf("Chỉ tiêu giao cho tỉnh đến %d", m)
		}
		t.Progress = coop.AssessProgress(it.Indicator, t.Actual, t.Target, today)
		t.Figure = d.targetFigure(t)
		if t.Progress.Status != coop.ProgressNoData {
			marker, markerLabel := t.Progress.Expected, "Thời gian đã qua: "+coop.FormatPercent(t.Progress.Expected)+"%"
			if it.Percent() {
				marker, markerLabel = -1, ""
			}
			t.Bar = chart.ProgressBar{ID: "progress-" + t.Code, Width: 240, Title: t.Code + ": tiến độ so với chỉ tiêu " + strconv.Itoa(m),
				Value: t.Progress.Achieved, Marker: marker, MarkerLabel: markerLabel, Colour: lightColours[t.Progress.Status],
				ValueLabel: "Đạt " + coop.FormatPercent(t.Progress.Achieved) + "% chỉ tiêu"}.SVG()
		}
		d.Targets = append(d.Targets, t)
	}
	return nil
}

// targetFigure is the actual figure as the card shows it, linked to the
// records behind it where they form a list.
func (d *dashboard) targetFigure(t dashTarget) dashCell {
	if t.Actual == nil {
		return textCell("Chưa có số liệu")
	}
	n := int64(*t.Actual)
	p := d.Province
	switch t.Code {
	case "T1", "T2", "T6":
		return countCell(n, link("/organisations", "indicator", t.Code, "province", p))
	case "T3":
		return sumCell(n, link("/activities", "jobs", coop.KindHTX, "province", p), "jobs_women_htx")
	case "T4":
		return sumCell(n, link("/activities", "jobs", coop.KindTHT, "province", p), "jobs_women_tht")
	}
	if t.Unit == coop.UnitPercent {
		return textCell(coop.FormatPercent(*t.Actual/100) + "%")
	}
	return textCell(coop.FormatInt(n))
}

// targetTable is the cards as a table (for a spreadsheet).
func (d *dashboard) targetTable() dashTable {
	t := dashTable{ID: "targets", Title: "Chỉ tiêu Đề án 01 – " + d.ProvinceName, Columns: []dashColumn{
		{Key: "code", Label: "Chỉ tiêu"}, {Key: "name", Label: "Nội dung"}, {Key: "actual", Label: "Kết quả", Numeric: true},
		{Key: "target", Label: "Chỉ tiêu mốc", Numeric: true}, {Key: "status", Label: "Đánh giá"}, {Key: "reason", Label: "Lý do"}}}
	for _, x := range d.Targets {
		target := textCell("–")
		if x.Target != nil {
			target = dashCell{Text: coop.FormatInt(*x.Target), N: x.Target}
			if x.Unit == coop.UnitPercent {
				target.Text += "%"
			}
		}
		t.Rows = append(t.Rows, dashRow{Key: x.Code, Cells: []dashCell{textCell(x.Code), textCell(x.Name), x.Figure, target,
			textCell(x.Progress.Label), textCell(x.Progress.Reason)}})
	}
	return t
}

// dashRegistry fills the organisations section: counts by kind, and a
// table by province (national) or by sector (a province), from the rollups.
func (s *Server) dashRegistry(ctx context.Context, a coop.Actor, d *dashboard) error {
	f := d.Filter
	group, first := "province", "Tỉnh, thành phố"
	if d.Province != "" {
		group, first = "sector", "Lĩnh vực"
	}
	base := store.CountsFilter{Province: d.Province, Kind: f.Kind, Sector: f.Sector, GroupBy: group, WIMRule: f.WIMRule, HFLRule: f.HFLRule}
	all, err := s.db.Counts(ctx, a, base)
	if err != nil {
		return err
	}
	wim, hfl := all.WIMRule, all.HFLRule
	kinds := []coop.Code{}
	for _, k := range coop.Kinds {
		if f.Kind == "" || f.Kind == k.Code {
			kinds = append(kinds, k)
		}
	}
	// Each kind's counts by row, and its totals.
	byKind, kindTotal := map[string]map[string]int64{}, map[string]store.Counts{}
	for _, k := range kinds {
		c := base
		c.Kind = k.Code
		res, err := s.db.Counts(ctx, a, c)
		if err != nil {
			return err
		}
		byKind[k.Code], kindTotal[k.Code] = map[string]int64{}, res.Total
		for _, r := range res.Rows {
			byKind[k.Code][r.Key] = r.Organisations
		}
	}

	// The organisations a row stands for, as registry list parameters.
	params := func(key string) []string {
		p := []string{"province", d.Province, "kind", f.Kind, "sector", f.Sector}
		switch {
		case key == "":
		case group == "province":
			p[1] = key
		default:
			p[5] = key
		}
		return p
	}
	orgs := func(key string, kv ...string) string { return link("/organisations", append(params(key), kv...)...) }
	row := func(key, label string, c store.Counts) dashRow {
		cells := []dashCell{textCell(label)}
		for _, k := range kinds {
			n := byKind[k.Code][key]
			if key == "" {
				n = kindTotal[k.Code].Organisations
			}
			cells = append(cells, countCell(n, orgs(key, "kind", k.Code)))
		}
		return dashRow{Key: key, Cells: append(cells,
			countCell(c.Organisations, orgs(key)),
			countCell(c.WomenManaged, orgs(key, "women_managed", "1", "women_managed_rule", wim)),
			shareCell(c.WomenManaged, c.Organisations),
			countCell(c.HighFemaleLabour, orgs(key, "high_female_labour", "1", "high_female_labour_rule", hfl)),
			sumCell(c.MembersFemale, orgs(key), "members_female"),
			sumCell(c.WorkersFemale, orgs(key), "workers_female"),
		)}
	}

	t := dashTable{ID: "registry", Columns: []dashColumn{{Key: "name", Label: first}}}
	for _, k := range kinds {
		t.Columns = append(t.Columns, dashColumn{Key: strings.ToLower(k.Code), Label: kindShort[k.Code], Numeric: true})
	}
	t.Columns = append(t.Columns,
		dashColumn{Key: "orgs", Label: "Tổng số tổ chức", Numeric: true},
		dashColumn{Key: "wim", Label: "Phụ nữ tham gia quản lý", Numeric: true},
		dashColumn{Key: "wim_share", Label: "Tỷ lệ phụ nữ tham gia quản lý", Numeric: true},
		dashColumn{Key: "hfl", Label: "Tỷ lệ lao động nữ cao", Numeric: true},
		dashColumn{Key: "members_female", Label: "Thành viên nữ", Numeric: true},
		dashColumn{Key: "workers_female", Label: "Lao động nữ", Numeric: true})
	found := map[string]store.Counts{}
	for _, c := range all.Rows {
		found[c.Key] = c
	}
	var keys []coop.Code
	if group == "province" {
		t.Title = "Tổ chức kinh tế tập thể theo tỉnh, thành phố"
		for _, p := range coop.Provinces() {
			keys = append(keys, coop.Code{Code: p.Code, Label: p.Name})
		}
	} else {
		t.Title = "Tổ chức kinh tế tập thể của " + d.ProvinceName + " theo lĩnh vực"
		for _, sc := range coop.Sectors {
			if f.Sector == "" || f.Sector == sc.Code {
				keys = append(keys, sc)
			}
		}
	}
	listed := map[string]bool{}
	for _, k := range keys {
		listed[k.Code] = true
	}
	for _, c := range all.Rows { // anything outside the reference lists still shows
		if !listed[c.Key] {
			label := c.Label
			if c.Key == "" {
				label = "Chưa xác định"
			}
			keys = append(keys, coop.Code{Code: c.Key, Label: label})
		}
	}
	for _, k := range keys {
		if group == "sector" && found[k.Code].Organisations == 0 {
			continue // a province lists the sectors it has
		}
		t.Rows = append(t.Rows, row(k.Code, k.Label, found[k.Code]))
	}
	total := row("", "Tổng cộng", all.Total)
	t.Total = &total
	if group == "sector" {
		t.Note = "Chỉ liệt kê lĩnh vực có tổ chức. "
	}
	t.Note += fmt.Sprintf("Số tổ chức hiện có trong sổ đăng ký (không kể tổ chức đã lưu trữ). Phụ nữ tham gia quản lý theo quy tắc %s (%s); tỷ lệ lao động nữ cao theo quy tắc %s (%s). Thành viên và lao động theo số liệu lực lượng lao động mới nhất của từng tổ chức.",
		ruleName(wim), wim, ruleName(hfl), hfl)
	d.Filter.Sort, d.Filter.Dir = t.sortRows(f.Sort, f.Dir, func(key, dir string) string { return d.Filter.query("sort", key, "dir", dir) + "#registry" })
	d.Registry = t

	chartRows := make([]chart.BarRow, 0, len(t.Rows))
	orgCol := 1 + len(kinds)
	for _, r := range t.Rows {
		chartRows = append(chartRows, chart.BarRow{Label: r.Cells[0].Text, Values: []int64{r.Cells[orgCol].Value(), r.Cells[orgCol+1].Value()},
			Links: []string{r.Cells[orgCol].Href, r.Cells[orgCol+1].Href}})
	}
	if all.Total.Organisations == 0 {
		chartRows = nil
	}
	d.RegistryChart = chart.Bars{ID: "registry-chart", Title: t.Title, Unit: "Số tổ chức",
		Series: []string{"Tổng số tổ chức", "Có phụ nữ tham gia quản lý"}, Rows: chartRows}.SVG()

	// By kind, for the cards at the top of the section.
	kt := dashTable{ID: "kinds", Title: "Tổ chức theo loại hình – " + d.ProvinceName, Columns: []dashColumn{
		{Key: "kind", Label: "Loại hình"}, {Key: "orgs", Label: "Số tổ chức", Numeric: true},
		{Key: "wim", Label: "Có phụ nữ tham gia quản lý", Numeric: true}}}
	for _, k := range kinds {
		c := kindTotal[k.Code]
		kt.Rows = append(kt.Rows, dashRow{Key: k.Code, Cells: []dashCell{textCell(k.Label),
			countCell(c.Organisations, orgs("", "kind", k.Code)),
			countCell(c.WomenManaged, orgs("", "kind", k.Code, "women_managed", "1", "women_managed_rule", wim))}})
	}
	d.Kinds = kt
	return nil
}

// kindShort are the short names of the kinds, for table headings.
var kindShort = map[string]string{coop.KindHTX: "HTX", coop.KindLHHTX: "Liên hiệp HTX", coop.KindTHT: "Tổ hợp tác"}

func ruleName(id string) string {
	r, _ := coop.RuleByID(id)
	return r.Name
}
