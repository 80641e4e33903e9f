package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"htxnu/internal/chart"
	"htxnu/internal/coop"
	"htxnu/internal/store"
)

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

// dashboard is everything the dashboard shows, for the page and the API.
type dashboard struct {
	Province     string           `json:"province"` // "" for the whole country
	ProvinceName string           `json:"province_name"`
	National     bool             `json:"-"` // the reader may choose the province
	AsOf         string           `json:"as_of"`
	Phase        coop.SchemePhase `json:"phase"`
	Elapsed      float64          `json:"phase_elapsed"`
	Filter       dashFilter       `json:"filters"`
	Window       string           `json:"window"` // the filter's months in words
	Warnings     []string         `json:"warnings"`
	Notes        []string         `json:"notes"`
	Rule         string           `json:"targets_women_managed_rule"`
	Targets      []dashTarget     `json:"targets"`
	Sectors      dashTable        `json:"sector_table"` // VCA's standard table by province and sector
	Kinds        dashTable        `json:"kinds"`
	Registry     dashTable        `json:"registry"`
	Bucket       string           `json:"series_bucket"`
	History      dashTable        `json:"registry_history"`
	Series       dashTable        `json:"series"`
	Activities   dashTable        `json:"activities"`
	Loans        dashTable        `json:"loans"`
	Obstacles    dashTable        `json:"obstacles"`
	// Reporting is the completeness and timeliness of the six-monthly and
	// annual reports of this year and the last; nil for a reader who may
	// not see reports.
	Reporting *dashTable `json:"reporting,omitempty"`

	RegistryChart, SeriesChart, ActivityChart, HistoryChart template.HTML `json:"-"`
	Periods                                                 []coop.Code   `json:"-"`
}

// Tables lists the dashboard's tables in page order (for a spreadsheet).
func (d *dashboard) Tables() []dashTable {
	out := []dashTable{d.Sectors, d.targetTable(), d.Kinds, d.Registry, d.History, d.Series, d.Activities, d.Loans, d.Obstacles}
	if d.Reporting != nil {
		out = append(out, *d.Reporting)
	}
	return out
}

// dashTarget is one of T1–T8 against its next milestone.
type dashTarget struct {
	Code      string        `json:"code"`
	Name      string        `json:"name"`
	Unit      string        `json:"unit"`
	Available bool          `json:"available"`
	Actual    *float64      `json:"actual"`
	Numerator int64         `json:"numerator,omitempty"`
	Denom     int64         `json:"denominator,omitempty"`
	Target    *int64        `json:"target"`
	TargetOf  string        `json:"target_of"` // national target, or the province's allocation
	Milestone int           `json:"milestone"`
	Progress  coop.Progress `json:"progress"`
	Rule      string        `json:"rule,omitempty"`
	Note      string        `json:"note"`
	Figure    dashCell      `json:"figure"` // the actual as shown, with its records
	Bar       template.HTML `json:"-"`
}

// Colours of the traffic light (Okabe–Ito); the words and icon carry the
// meaning, the colour repeats it.
var lightColours = map[string]string{
	coop.ProgressOnTrack: "#009E73",
	coop.ProgressAtRisk:  "#E69F00",
	coop.ProgressBehind:  "#D55E00",
}

// dashboard is the figures for the actor and the filters of q, computed
// once for every reader of the same role and province asking the same, at
// the generation of the province shown (of all the data when the whole
// country is shown), and never older than the request (shared.get).
func (s *Server) dashboard(ctx context.Context, a coop.Actor, q url.Values, today string) (*dashboard, error) {
	f, _, err := parseDashFilter(q, a)
	if err != nil {
		return nil, err
	}
	generation := func(ctx context.Context) (string, error) { return s.db.PageGeneration(ctx, f.Province) }
	gen, err := generation(ctx)
	if err != nil {
		return nil, err
	}
	d, res := s.cache.figures.get(ctx, a.Role+"|"+a.Province+"|"+today+"|"+q.Encode(), gen, generation,
		func(ctx context.Context) (*dashboard, bool, error) {
			d, err := s.computeDashboard(ctx, a, q, today)
			return d, true, err
		})
	switch {
	case res.err != nil:
		return nil, res.err
	case !res.ok:
		return s.computeDashboard(ctx, a, q, today)
	}
	return d, nil
}

// computeDashboard gathers the figures for the actor and the filters of q.
// The dashboard it returns is shared by readers: nothing changes it after.
func (s *Server) computeDashboard(ctx context.Context, a coop.Actor, q url.Values, today string) (*dashboard, error) {
	f, warnings, err := parseDashFilter(q, a)
	if err != nil {
		return nil, err
	}
	d := &dashboard{Province: f.Province, ProvinceName: "Toàn quốc", National: a.National(), AsOf: today,
		Phase: coop.PhaseOf(today), Filter: f, Warnings: warnings, Periods: periodOptions(today)}
	d.reportWindowRegistry(today)
	if d.Province != "" {
		d.ProvinceName = coop.ProvinceName(d.Province)
	}
	d.Elapsed = d.Phase.Elapsed(today)
	d.Window = d.windowLabel()
	if d.Warnings == nil {
		d.Warnings = []string{}
	}
	// Each section is kept at the generation of the families of figures
	// it reads (Server.section): after a report's move only the reporting
	// section is computed again (T1–T8 read the organisations and the
	// activities, as their parts, store.DashboardTargets).
	gens, err := s.db.FamilyGenerations(ctx, f.Province)
	if err != nil {
		return nil, err
	}
	key := a.Role + "|" + a.Province + "|" + today + "|" + q.Encode()
	kept := func(name string, fams []string, fill func(ctx context.Context, d *dashboard) error) func(context.Context, *dashboard) error {
		return s.section(name+"|"+key, f.Province, gens, fams, fill)
	}
	figures := []string{store.FamilyRegistry, store.FamilyActivity}
	// The sections read the store apart, side by side: a cold dashboard
	// takes as long as its longest section, not their sum. The sections
	// after the registry read the filter as the registry left it (its
	// sort), those before it as it was.
	err = fillSections(ctx, d,
		dashSection{kept("targets", figures, func(ctx context.Context, d *dashboard) error { return s.dashTargets(ctx, a, d, today) }),
			func(to, from *dashboard) { to.Rule, to.Targets = from.Rule, from.Targets }},
		dashSection{kept("sectors", figures, func(ctx context.Context, d *dashboard) error { return s.dashSectors(ctx, a, d) }),
			func(to, from *dashboard) { to.Sectors = from.Sectors }},
		dashSection{kept("registry", figures, func(ctx context.Context, d *dashboard) error { return s.dashRegistry(ctx, a, d) }),
			func(to, from *dashboard) {
				to.Filter.Sort, to.Filter.Dir, to.Registry, to.RegistryChart, to.Kinds = from.Filter.Sort, from.Filter.Dir, from.Registry, from.RegistryChart, from.Kinds
			}})
	if err != nil {
		return nil, err
	}
	err = fillSections(ctx, d,
		dashSection{kept("history", figures, func(ctx context.Context, d *dashboard) error { return s.dashHistory(ctx, a, d) }),
			func(to, from *dashboard) { to.History, to.HistoryChart = from.History, from.HistoryChart }},
		dashSection{kept("activities", figures, func(ctx context.Context, d *dashboard) error { return s.dashActivities(ctx, a, d, today) }),
			func(to, from *dashboard) {
				to.Activities, to.ActivityChart, to.Loans = from.Activities, from.ActivityChart, from.Loans
				to.Bucket, to.Series, to.SeriesChart = from.Bucket, from.Series, from.SeriesChart
			}},
		dashSection{kept("obstacles", []string{store.FamilyObstacle, store.FamilyRegistry}, func(ctx context.Context, d *dashboard) error { return s.dashObstacles(ctx, a, d) }),
			func(to, from *dashboard) { to.Obstacles = from.Obstacles }},
		dashSection{kept("reporting", []string{store.FamilyReport}, func(ctx context.Context, d *dashboard) error { return s.dashReporting(ctx, a, d, today) }),
			func(to, from *dashboard) { to.Reporting = from.Reporting }})
	if err != nil {
		return nil, err
	}
	d.Notes = d.notes()
	return d, nil
}

// section is fill, a section of the dashboard, kept under key at the
// generation of the families of figures it reads (store.FamilyGens) in
// the scope of province: computed once for every reader while none of
// them moves. fill computes into a copy of the dashboard; the copy is
// kept and shared, and fill's caller keeps from it only its section.
func (s *Server) section(key, province string, gens store.FamilyGens, fams []string,
	fill func(ctx context.Context, d *dashboard) error) func(context.Context, *dashboard) error {
	return func(ctx context.Context, d *dashboard) error {
		generation := func(ctx context.Context) (string, error) {
			g, err := s.db.FamilyGenerations(ctx, province)
			return g.Of(fams...), err
		}
		v, res := s.cache.sections.get(ctx, key, gens.Of(fams...), generation, func(ctx context.Context) (*dashboard, bool, error) {
			c := *d
			if err := fill(ctx, &c); err != nil {
				return nil, false, err
			}
			return &c, true, nil
		})
		switch {
		case res.err != nil:
			return res.err
		case !res.ok:
			return fill(ctx, d)
		}
		*d = *v
		return nil
	}
}

// dashSection is a part of the dashboard: fill computes it into a copy of
// the dashboard, keep copies what fill set back into the dashboard.
type dashSection struct {
	fill func(ctx context.Context, d *dashboard) error
	keep func(to, from *dashboard)
}

// fillSections computes the sections side by side, each into its own copy
// of d, then keeps what each set, in order; the first error in order wins.
func fillSections(ctx context.Context, d *dashboard, sections ...dashSection) error {
	copies, errs := make([]dashboard, len(sections)), make([]error, len(sections))
	var wg sync.WaitGroup
	for i, sec := range sections {
		copies[i] = *d
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = sec.fill(ctx, &copies[i])
		}()
	}
	wg.Wait()
	for i, sec := range sections {
		if errs[i] != nil {
			return errs[i]
		}
		sec.keep(d, &copies[i])
	}
	return nil
}

// dashTargets fills the T1–T8 cards: the actual figure, the target of the
// next milestone (national, or the province's allocation) and the traffic
// light. The figures are those a report compiles for a window ending on
// the filter's last day (today without a window, or when it ends later):
// the same rules, the same computation.
func (s *Server) dashTargets(ctx context.Context, a coop.Actor, d *dashboard, today string) error {
	day := today
	if end := lastDay(d.Filter.To); end != "" && end < today {
		day = end
	}
	ov, err := s.db.DashboardTargets(ctx, a, d.Province, day, &s.cache.targets)
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
			marker, markerLabel := t.Progress.Expected, "Thời gian đã qua kể từ "+coop.FormatDateVN(t.Progress.From)+": "+coop.FormatPercent(t.Progress.Expected)+"%"
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

// targetFigure is the actual figure as the card shows it. It links to no
// list: the figures follow the report's target rules (counted on the day
// of each support, as of the window's end, jobs once per organisation and
// half year), which the registry's and activities' list filters do not,
// so a list would not add up to them; the card's heading opens the
// indicator's page with its method.
func (d *dashboard) targetFigure(t dashTarget) dashCell {
	if t.Actual == nil {
		return textCell("Chưa có số liệu")
	}
	n := int64(*t.Actual)
	if t.Unit == coop.UnitPercent {
		return textCell(coop.FormatPercent(*t.Actual/100) + "%")
	}
	return plainCount(n)
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
	v, all, err := s.registryCounts(ctx, a, d)
	if err != nil {
		return err
	}
	t := v.table(all)
	d.Filter.Sort, d.Filter.Dir = t.sortRows(d.Filter.Sort, d.Filter.Dir, func(key, dir string) string { return d.Filter.query("sort", key, "dir", dir) + "#registry" })
	d.Registry = t
	d.RegistryChart = registryChart(t, 1+len(v.kinds), all.Total.Organisations == 0)
	return s.dashKinds(ctx, a, v)
}

// registryView is what the registry tables are drawn from: each kind's
// counts by row and in total, and the rules they were counted under.
type registryView struct {
	d            *dashboard
	f            dashFilter
	group, first string // what a row is: a province, or a sector of one
	base         store.CountsFilter
	kinds        []coop.Code
	byKind       map[string]map[string]int64
	kindTotal    map[string]store.Counts
	wim, hfl     string
}

// registryCounts reads the counts by row, all kinds together and each
// kind apart.
func (s *Server) registryCounts(ctx context.Context, a coop.Actor, d *dashboard) (*registryView, *store.CountsResult, error) {
	f := d.Filter
	v := &registryView{d: d, f: f, group: "province", first: "Tỉnh, thành phố",
		byKind: map[string]map[string]int64{}, kindTotal: map[string]store.Counts{}}
	if d.Province != "" {
		v.group, v.first = "sector", "Lĩnh vực"
	}
	v.base = store.CountsFilter{Province: d.Province, Kind: f.Kind, Sector: f.Sector, Status: f.countsStatus(), AsOf: f.AsOf,
		GroupBy: v.group, WIMRule: f.WIMRule, HFLRule: f.HFLRule}
	all, err := s.db.Counts(ctx, a, v.base)
	if err != nil {
		return nil, nil, err
	}
	v.wim, v.hfl = all.WIMRule, all.HFLRule
	for _, k := range coop.Kinds {
		if f.Kind == "" || f.Kind == k.Code {
			v.kinds = append(v.kinds, k)
		}
	}
	for _, k := range v.kinds {
		c := v.base
		c.Kind = k.Code
		res, err := s.db.Counts(ctx, a, c)
		if err != nil {
			return nil, nil, err
		}
		v.byKind[k.Code], v.kindTotal[k.Code] = map[string]int64{}, res.Total
		for _, r := range res.Rows {
			v.byKind[k.Code][r.Key] = r.Organisations
		}
	}
	return v, all, nil
}

// params are the registry list parameters of the organisations a row
// stands for.
func (v *registryView) params(key string) []string {
	p := []string{"province", v.d.Province, "kind", v.f.Kind, "sector", v.f.Sector, "status", v.f.countsStatus()}
	switch {
	case key == "":
	case v.group == "province":
		p[1] = key
	default:
		p[5] = key
	}
	return p
}

// orgs links a row's figure to the registry list. The list shows
// organisations as they are now: figures read as of another day link to
// nothing rather than to a list that would not add up to them.
func (v *registryView) orgs(key string, kv ...string) string {
	if v.f.AsOf != "" {
		return ""
	}
	return link("/organisations", append(v.params(key), kv...)...)
}

func (v *registryView) row(key, label string, c store.Counts) dashRow {
	cells := []dashCell{textCell(label)}
	for _, k := range v.kinds {
		n := v.byKind[k.Code][key]
		if key == "" {
			n = v.kindTotal[k.Code].Organisations
		}
		cells = append(cells, countCell(n, v.orgs(key, "kind", k.Code)))
	}
	return dashRow{Key: key, Cells: append(cells,
		countCell(c.Organisations, v.orgs(key)),
		countCell(c.WomenManaged, v.orgs(key, "women_managed", "1", "women_managed_rule", v.wim)),
		shareCell(c.WomenManaged, c.Organisations),
		countCell(c.HighFemaleLabour, v.orgs(key, "high_female_labour", "1", "high_female_labour_rule", v.hfl)),
		sumCell(c.MembersFemale, v.orgs(key), "members_female"),
		sumCell(c.WorkersFemale, v.orgs(key), "workers_female"),
	)}
}

// table is the registry table: a row per province (or per sector of a
// province), a column per kind, the totals.
func (v *registryView) table(all *store.CountsResult) dashTable {
	t := dashTable{ID: "registry", Columns: []dashColumn{{Key: "name", Label: v.first}}}
	for _, k := range v.kinds {
		t.Columns = append(t.Columns, dashColumn{Key: strings.ToLower(k.Code), Label: kindShort[k.Code], Numeric: true})
	}
	t.Columns = append(t.Columns, numericColumns(
		"orgs", "Tổng số tổ chức", "wim", "Phụ nữ tham gia quản lý", "wim_share", "Tỷ lệ phụ nữ tham gia quản lý",
		"hfl", "Tỷ lệ lao động nữ cao", "members_female", "Thành viên nữ", "workers_female", "Lao động nữ")...)
	found := map[string]store.Counts{}
	for _, c := range all.Rows {
		found[c.Key] = c
	}
	for _, k := range v.rowKeys(all) {
		if v.group == "sector" && found[k.Code].Organisations == 0 {
			continue // a province lists the sectors it has
		}
		t.Rows = append(t.Rows, v.row(k.Code, k.Label, found[k.Code]))
	}
	total := v.row("", "Tổng cộng", all.Total)
	t.Total = &total
	if v.group == "province" {
		t.Title = "Tổ chức kinh tế tập thể theo tỉnh, thành phố"
	} else {
		t.Title = "Tổ chức kinh tế tập thể của " + v.d.ProvinceName + " theo lĩnh vực"
		t.Note = "Chỉ liệt kê lĩnh vực có tổ chức. "
	}
	day := "hiện nay"
	if v.f.AsOf != "" {
		day = "vào ngày " + coop.FormatDateVN(v.f.AsOf)
	}
	t.Note += "Tổ chức " + statusWords(v.f.countsStatus()) + " " + day + " (không kể tổ chức đã lưu trữ). "
	t.Note += fmt.Sprintf("Phụ nữ tham gia quản lý theo quy tắc %s; tỷ lệ lao động nữ cao theo quy tắc %s. Thành viên và lao động theo số liệu lực lượng lao động mới nhất của từng tổ chức.",
		ruleName(v.wim), ruleName(v.hfl))
	return t
}

// rowKeys are the registry table's rows: the provinces, or the sectors
// (the one filtered), then anything counted outside the reference lists.
func (v *registryView) rowKeys(all *store.CountsResult) []coop.Code {
	var keys []coop.Code
	if v.group == "province" {
		for _, p := range coop.Provinces() {
			keys = append(keys, coop.Code{Code: p.Code, Label: p.Name})
		}
	} else {
		for _, sc := range coop.Sectors {
			if v.f.Sector == "" || v.f.Sector == sc.Code {
				keys = append(keys, sc)
			}
		}
	}
	listed := map[string]bool{}
	for _, k := range keys {
		listed[k.Code] = true
	}
	for _, c := range all.Rows {
		if !listed[c.Key] {
			label := c.Label
			if c.Key == "" {
				label = "Chưa xác định"
			}
			keys = append(keys, coop.Code{Code: c.Key, Label: label})
		}
	}
	return keys
}

// dashKinds is the by-kind cards at the top of the registry section, with
// the suspended and the dissolved apart.
func (s *Server) dashKinds(ctx context.Context, a coop.Actor, v *registryView) error {
	d, f := v.d, v.f
	apart := map[string]map[string]int64{}
	for _, st := range []string{coop.StatusSuspended, coop.StatusDissolved} {
		res, err := s.db.Counts(ctx, a, store.CountsFilter{Province: d.Province, Kind: f.Kind, Sector: f.Sector, Status: st, AsOf: f.AsOf, GroupBy: "kind"})
		if err != nil {
			return err
		}
		apart[st] = map[string]int64{}
		for _, r := range res.Rows {
			apart[st][r.Key] = r.Organisations
		}
	}
	statusLink := func(kind, st string) string {
		if f.AsOf != "" {
			return ""
		}
		return link("/organisations", "province", d.Province, "kind", kind, "sector", f.Sector, "status", st)
	}
	d.Kinds = dashTable{ID: "kinds", Title: "Tổ chức theo loại hình – " + d.ProvinceName, Columns: []dashColumn{
		{Key: "kind", Label: "Loại hình"}, {Key: "orgs", Label: "Số tổ chức", Numeric: true},
		{Key: "wim", Label: "Có phụ nữ tham gia quản lý", Numeric: true},
		{Key: "suspended", Label: "Tạm ngừng hoạt động", Numeric: true}, {Key: "dissolved", Label: "Đã giải thể", Numeric: true}}}
	for _, k := range v.kinds {
		c := v.kindTotal[k.Code]
		d.Kinds.Rows = append(d.Kinds.Rows, dashRow{Key: k.Code, Cells: []dashCell{textCell(k.Label),
			countCell(c.Organisations, v.orgs("", "kind", k.Code)),
			countCell(c.WomenManaged, v.orgs("", "kind", k.Code, "women_managed", "1", "women_managed_rule", v.wim)),
			countCell(apart[coop.StatusSuspended][k.Code], statusLink(k.Code, coop.StatusSuspended)),
			countCell(apart[coop.StatusDissolved][k.Code], statusLink(k.Code, coop.StatusDissolved))}})
	}
	return nil
}

// registryChart draws the registry table's organisations and women-managed
// organisations (columns col and col+1) in the table's order.
func registryChart(t dashTable, col int, empty bool) template.HTML {
	rows := make([]chart.BarRow, 0, len(t.Rows))
	for _, r := range t.Rows {
		rows = append(rows, chart.BarRow{Label: r.Cells[0].Text, Values: []int64{r.Cells[col].Value(), r.Cells[col+1].Value()},
			Links: []string{r.Cells[col].Href, r.Cells[col+1].Href}})
	}
	if empty {
		rows = nil
	}
	return chart.Bars{ID: "registry-chart", Title: t.Title, Unit: "Số tổ chức",
		Series: []string{"Tổng số tổ chức", "Có phụ nữ tham gia quản lý"}, Rows: rows}.SVG()
}

// kindShort are the short names of the kinds, for table headings.
var kindShort = map[string]string{coop.KindHTX: "HTX", coop.KindLHHTX: "Liên hiệp HTX", coop.KindTHT: "Tổ hợp tác"}

func ruleName(id string) string {
	r, _ := coop.RuleByID(id)
	return r.Name
}
