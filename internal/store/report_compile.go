package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"htxnu/internal/coop"
)

// Compilation of a report's figures from the data in its window.
//
// One set of grouped queries computes the figures of one province, or of
// every province and the centre at once (the national report), so the
// national consolidation costs the same handful of queries as one
// province. Activities, trainings, loans, jobs, founding cases, obstacles
// and spending are counted by DATE within the window [from, to] (an
// activity by the day it starts); the registry is counted as it stood on
// the window's last day (registry_asof); indicators T1–T8 are counted as
// the target rules define them, from the Scheme's first day to the
// window's last day (indicator_asof.go). So a report for a closed window
// reads the same whenever it is compiled. A report's figures are
// compiled live while it is editable and frozen at each submission, with
// everything they depend on read inside the submitting transaction.

// Compilation is the figures of a province (or of the whole country) over
// a window.
type Compilation struct {
	Province             string        `json:"province"` // "" for the whole country
	From                 string        `json:"from"`
	To                   string        `json:"to"`
	WomenManagedRule     string        `json:"women_managed_rule"`
	HighFemaleLabourRule string        `json:"high_female_labour_rule"`
	CompiledAt           time.Time     `json:"compiled_at"`
	Figures              []coop.Figure `json:"figures"`
}

// CompileReport compiles the figures of the province ("" for the whole
// country: every province and the centre's own records) over the window
// [from, to] (YYYY-MM-DD, inclusive). A provincial actor may compile its
// own province only.
func (db *DB) CompileReport(ctx context.Context, actor coop.Actor, province, from, to string) (*Compilation, error) {
	if !coop.Can(actor, coop.PermReportRead) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem báo cáo.")
	}
	if !coop.InScope(actor, province) {
		return nil, coop.NotFound("tỉnh, thành phố")
	}
	if province != "" {
		if _, ok := coop.ProvinceByCode(province); !ok {
			return nil, coop.NotFound("tỉnh, thành phố")
		}
	}
	p := coop.Problems{}
	if m := coop.DateProblem(from, "Ngày bắt đầu"); m != "" {
		p.Add("from", m)
	}
	if m := coop.DateProblem(to, "Ngày kết thúc"); m != "" {
		p.Add("to", m)
	} else if coop.ValidDate(from) && to < from {
		p.Add("to", "Ngày kết thúc không được trước ngày bắt đầu.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	// Computed once per generation of the data and shared by every reader
	// (the dashboard of a report period compiles on every request).
	gen, err := db.Generation(ctx)
	if err != nil {
		return nil, err
	}
	key := "compile|" + province + "|" + from + "|" + to
	if out := db.cons.compilation(gen, key); out != nil {
		return out, nil
	}
	c, err := db.compile(ctx, db.read(ctx), province, from, to)
	if err != nil {
		return nil, err
	}
	out := &Compilation{Province: province, From: from, To: to, WomenManagedRule: c.wimRule, HighFemaleLabourRule: c.hflRule, CompiledAt: db.now().UTC()}
	if province != "" {
		out.Figures = c.figures[province]
	} else {
		out.Figures = totalsOf(c.national(nil))
	}
	db.cons.keepCompilation(gen, key, out)
	return out, nil
}

// compiled holds the figures of one compilation by province ("" for the
// centre's own records when every province was compiled).
type compiled struct {
	from, to         string
	wimRule, hflRule string
	provinces        []string
	figures          map[string][]coop.Figure
	nationalTargets  map[string]*int64
}

// national consolidates the compiled figures, replacing those of the
// provinces given in frozen (their approved versions).
func (c *compiled) national(sources []coop.ConsolidationSource) *coop.Consolidation {
	if sources == nil {
		for _, p := range c.provinces {
			if p != "" {
				sources = append(sources, coop.ConsolidationSource{Province: p, ProvinceName: coop.ProvinceName(p)})
			}
		}
	}
	return coop.Consolidate(sources, c.figures, c.figures[""], c.nationalTargets)
}

// figureSpec describes one figure: its key, group, label, unit and note.
type figureSpec struct {
	key, group, label, unit, note string
}

// figureExtra is what a figure carries besides its value in one province.
type figureExtra struct {
	num, den int64
	target   *int64
	noData   bool
	note     string
}

// compileState collects values by province and key while the queries run.
type compileState struct {
	vals   map[string]map[string]int64
	extras map[string]map[string]figureExtra
}

func (s *compileState) add(province, key string, v int64) {
	m := s.vals[province]
	if m == nil {
		m = map[string]int64{}
		s.vals[province] = m
	}
	m[key] += v
}

// addEach adds each value to the key in the same place, in province p.
func (s *compileState) addEach(province string, vals []int64, keys ...string) {
	for i, k := range keys {
		s.add(province, k, vals[i])
	}
}

func (s *compileState) extra(province, key string, e figureExtra) {
	m := s.extras[province]
	if m == nil {
		m = map[string]figureExtra{}
		s.extras[province] = m
	}
	m[key] = e
}

// kindNoun is how a figure label names organisations of a kind.
var kindNoun = map[string]string{coop.KindHTX: "HTX", coop.KindLHHTX: "Liên hiệp HTX", coop.KindTHT: "Tổ hợp tác"}

// indicatorUnit is the figure unit of each indicator.
var indicatorUnit = map[string]string{
	"T1": coop.FigureOrgs, "T2": coop.FigureOrgs, "T3": coop.FigureJobs, "T4": coop.FigureJobs,
	"T5": coop.FigurePercent, "T6": coop.FigureOrgs, "T7": coop.FigurePercent, "T8": coop.FigurePercent,
}

// figureSpecs lists every figure of a report in the order it reads.
func figureSpecs(wimRule, hflRule, to string) []figureSpec {
	var out []figureSpec
	add := func(key, group, label, unit, note string) {
		out = append(out, figureSpec{key, group, label, unit, note})
	}
	wr, _ := coop.RuleByID(wimRule)
	hr, _ := coop.RuleByID(hflRule)
	asOf := "Theo sổ đăng ký vào ngày cuối kỳ (" + coop.FormatDateVN(to) + "): tình trạng, chức danh và số liệu lao động có hiệu lực vào ngày đó."
	for _, k := range coop.Kinds {
		n := kindNoun[k.Code]
		add("registry."+k.Code+".orgs", "registry", n+" đang hoạt động", coop.FigureOrgs, asOf)
		add("registry."+k.Code+".women_managed", "registry", n+" có phụ nữ tham gia quản lý", coop.FigureOrgs,
			fmt.Sprintf("Theo quy tắc “%s”. %s", wr.Name, asOf))
		add("registry."+k.Code+".high_female_labour", "registry", n+" có tỷ lệ lao động nữ cao", coop.FigureOrgs,
			fmt.Sprintf("Theo quy tắc “%s”. %s", hr.Name, asOf))
		add("registry."+k.Code+".founded", "registry", n+" thành lập mới trong kỳ", coop.FigureOrgs, "Theo ngày thành lập ghi trong sổ đăng ký.")
	}
	add("registry.members_total", "registry", "Thành viên của các tổ chức đang hoạt động", coop.FigurePeople, "Theo số liệu lao động, thành viên mới nhất của từng tổ chức.")
	add("registry.members_female", "registry", "Trong đó thành viên nữ", coop.FigurePeople, "")
	add("registry.workers_total", "registry", "Người lao động của các tổ chức đang hoạt động", coop.FigurePeople, "Theo số liệu lao động, thành viên mới nhất của từng tổ chức.")
	add("registry.workers_female", "registry", "Trong đó lao động nữ", coop.FigurePeople, "")

	byDate := "Tính theo ngày bắt đầu của hoạt động trong kỳ; không tính hoạt động đã lưu trữ."
	for _, t := range coop.ActivityTypes {
		k := "activities." + t.Code
		add(k+".count", "activities", t.Label+": số hoạt động", coop.FigureActivities, byDate)
		add(k+".participants_total", "activities", t.Label+": người tham dự", coop.FigurePeople, "")
		add(k+".participants_female", "activities", t.Label+": người tham dự nữ", coop.FigurePeople, "")
		add(k+".organisations", "activities", t.Label+": tổ chức được hỗ trợ", coop.FigureOrgs, "Mỗi tổ chức tính một lần dù được nhiều hoạt động cùng loại hỗ trợ.")
	}
	add("activities.total.count", "activities", "Tổng số hoạt động hỗ trợ", coop.FigureActivities, byDate)
	add("activities.total.participants_total", "activities", "Tổng số người tham dự", coop.FigurePeople, "")
	add("activities.total.participants_female", "activities", "Tổng số người tham dự nữ", coop.FigurePeople, "")
	add("activities.total.organisations", "activities", "Tổ chức được hỗ trợ (mỗi tổ chức tính một lần)", coop.FigureOrgs,
		"Tổ chức kinh tế tập thể được ít nhất một hoạt động trong kỳ hỗ trợ; không tính tổ chức đã lưu trữ.")

	add("training.courses", "training", "Lớp đào tạo, bồi dưỡng", coop.FigureActivities, byDate)
	add("training.participants_total", "training", "Học viên", coop.FigurePeople, "")
	add("training.participants_female", "training", "Học viên nữ", coop.FigurePeople, "")
	add("training.managers_trained_female", "training", "Cán bộ quản lý nữ của HTX được đào tạo, bồi dưỡng", coop.FigurePeople, "Lượt cán bộ quản lý nữ ghi nhận ở các lớp trong kỳ.")

	add("loans.count", "loans", "Khoản vay từ Quỹ hỗ trợ phát triển HTX", coop.FigureLoans, "Khoản vay đã phê duyệt, giải ngân hoặc đã trả hết nợ; theo ngày ghi nhận trong kỳ.")
	add("loans.amount", "loans", "Số tiền vay", coop.FigureDong, "")

	add("jobs.htx", "jobs", "Việc làm tạo ra cho lao động nữ trong HTX", coop.FigureJobs, "Tổng số việc làm ghi nhận ở các hoạt động hỗ trợ trong kỳ.")
	add("jobs.tht", "jobs", "Việc làm tạo ra cho lao động nữ trong tổ hợp tác", coop.FigureJobs, "Tổng số việc làm ghi nhận ở các hoạt động hỗ trợ trong kỳ.")

	add("founding.advised", "founding", "Nhóm được tư vấn thành lập mới trong kỳ", coop.FigureCases, "Theo ngày tư vấn lần đầu.")
	add("founding.registered", "founding", "Tổ chức được hỗ trợ thành lập, đã đăng ký trong kỳ", coop.FigureCases, "Theo ngày đăng ký thành lập.")
	add("founding.registered_women_led", "founding", "Trong đó do phụ nữ làm chủ, quản lý", coop.FigureCases, "")
	for _, s := range coop.FoundingStages {
		add("founding.stage."+s.Code, "founding", "Hồ sơ hỗ trợ thành lập hiện ở bước “"+s.Label+"”", coop.FigureCases, "Tại thời điểm tổng hợp số liệu.")
	}

	add("obstacles.raised", "obstacles", "Khó khăn, vướng mắc được ghi nhận trong kỳ", coop.FigureCases, "")
	add("obstacles.answered", "obstacles", "Khó khăn, vướng mắc được trả lời trong kỳ", coop.FigureCases, "")
	add("obstacles.open", "obstacles", "Khó khăn, vướng mắc chưa được trả lời", coop.FigureCases, "Ghi nhận đến hết kỳ, chưa trả lời tại thời điểm tổng hợp số liệu.")
	add("obstacles.overdue", "obstacles", "Trong đó quá hạn trả lời", coop.FigureCases, "")

	plan := "Kế hoạch: dự toán các nhiệm vụ của kế hoạch giai đoạn có thời gian thực hiện trùng với kỳ báo cáo (nhiệm vụ đã huỷ không tính)."
	for _, s := range coop.FundingSources {
		add("spending."+s.Code, "spending", "Kinh phí đã sử dụng – "+s.Label, coop.FigureDong, plan)
	}
	add("spending.total", "spending", "Tổng kinh phí đã sử dụng", coop.FigureDong, plan)

	for _, ind := range coop.DefaultIndicators {
		add("indicators."+ind.Code, "indicators", ind.Code+" – "+ind.Name, indicatorUnit[ind.Code], "")
	}
	return out
}

// compileInputs are what a compilation reads besides its own queries: the
// active classification and target rules, the allocations and national
// targets. They are read over the same connection (or transaction) as the
// figures, so one frozen version never mixes two states of the data.
type compileInputs struct {
	only             string // the province compiled, "" for all and the centre
	milestone        int
	wimRule, hflRule string
	jobsRule         string
	actuals          map[string]map[string]indicatorValue // by province, "" for the centre
	alloc            map[string]map[string]int64
	nationalTargets  map[string]*int64
}

// compile compiles over q, reading the inputs over q first.
func (db *DB) compile(ctx context.Context, q queryer, only, from, to string) (*compiled, error) {
	in, err := db.compileInputs(ctx, q, only, to)
	if err != nil {
		return nil, err
	}
	return db.compileWith(ctx, q, in, from, to)
}

// compileWith runs the grouped queries over q (the store, or a
// transaction) for one province, or for every province and the centre
// when in.only is "".
func (db *DB) compileWith(ctx context.Context, q queryer, in *compileInputs, from, to string) (*compiled, error) {
	wimCol, ok1 := ruleColumn(in.wimRule)
	hflCol, ok2 := ruleColumn(in.hflRule)
	if !ok1 || !ok2 {
		return nil, coop.Errorf(coop.EINVALID, "Quy tắc phân loại không hợp lệ.")
	}
	r := &compileRun{db: db, ctx: ctx, q: q, only: in.only, from: from, to: to, st: newCompileState(), planned: map[string]map[string]int64{}}
	for _, step := range []func() error{
		func() error { return r.registry(wimCol, hflCol) },
		r.founded, r.activities, r.reachReport, r.spending, r.plannedBudgets, r.founding, r.obstacles,
	} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	c := &compiled{from: from, to: to, wimRule: in.wimRule, hflRule: in.hflRule, figures: map[string][]coop.Figure{},
		provinces: compiledProvinces(in.only), nationalTargets: in.nationalTargets}
	addIndicators(in, r.st)
	specs := figureSpecs(in.wimRule, in.hflRule, to)
	for _, p := range c.provinces {
		c.figures[p] = r.st.figures(specs, p, r.planned[p], to)
	}
	return c, nil
}

// compiledProvinces are the columns of a compilation of one province, or of
// every province and the centre ("") when only is "".
func compiledProvinces(only string) []string {
	if only != "" {
		return []string{only}
	}
	var out []string
	for _, p := range coop.Provinces() {
		out = append(out, p.Code)
	}
	return append(out, "")
}

func newCompileState() *compileState {
	return &compileState{vals: map[string]map[string]int64{}, extras: map[string]map[string]figureExtra{}}
}

// figures lists the figures of province p in the order of specs, with the
// planned budgets by funding source as the spending figures' targets.
func (s *compileState) figures(specs []figureSpec, p string, planned map[string]int64, to string) []coop.Figure {
	figs := make([]coop.Figure, 0, len(specs))
	for _, sp := range specs {
		f := coop.Figure{Key: sp.key, Group: sp.group, Label: sp.label, Unit: sp.unit, Value: s.vals[p][sp.key], Note: sp.note}
		if e, ok := s.extras[p][sp.key]; ok {
			f.Num, f.Den, f.Target, f.NoData = e.num, e.den, e.target, e.noData
			if e.note != "" {
				f.Note = e.note
			}
		}
		if src, ok := strings.CutPrefix(sp.key, "spending."); ok {
			v := planned[src]
			f.Target, f.TargetLabel = &v, "Kế hoạch"
		}
		if f.Group == "indicators" && f.Target != nil {
			f.TargetLabel = fmt.Sprintf("Chỉ tiêu giao đến năm %d", coop.MilestoneFor(to))
		}
		figs = append(figs, f)
	}
	return figs
}

// compileInputs reads over q the inputs of a compilation of one province,
// or of all and the centre (only ""), over a window ending on to: the
// active rules, T1–T8 as of to, each province's allocation for the
// milestone the window counts towards, and the national targets.
func (db *DB) compileInputs(ctx context.Context, q queryer, only, to string) (*compileInputs, error) {
	rules, err := db.activeRules(ctx, q)
	if err != nil {
		return nil, err
	}
	jobs, err := db.jobsRule(ctx, q)
	if err != nil {
		return nil, err
	}
	in := &compileInputs{only: only, milestone: coop.MilestoneFor(to), jobsRule: jobs,
		wimRule: rules[coop.FamilyWomenManaged], hflRule: rules[coop.FamilyHighFemaleLabour]}
	if in.actuals, err = db.indicatorsAsOf(ctx, q, only, to, in.wimRule, in.jobsRule); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT indicator, province, value FROM target_allocations WHERE milestone = ? AND value IS NOT NULL`), in.milestone)
	if err != nil {
		return nil, fmt.Errorf("store: compile allocations: %w", err)
	}
	in.alloc = map[string]map[string]int64{}
	for rows.Next() {
		var code, p string
		var v int64
		if err := rows.Scan(&code, &p, &v); err != nil {
			rows.Close()
			return nil, err
		}
		if in.alloc[p] == nil {
			in.alloc[p] = map[string]int64{}
		}
		in.alloc[p][code] = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT `+indicatorColumns+` FROM indicators ORDER BY sort, code`)
	if err != nil {
		return nil, fmt.Errorf("store: compile targets: %w", err)
	}
	defer rows.Close()
	in.nationalTargets = map[string]*int64{}
	for rows.Next() {
		ind, err := scanIndicator(rows)
		if err != nil {
			return nil, err
		}
		if t := ind.Target(in.milestone); t != nil {
			v := *t
			if ind.Percent() {
				v *= 100
			}
			in.nationalTargets["indicators."+ind.Code] = &v
		}
	}
	return in, rows.Err()
}

// totals returns the national figures of a consolidation.
func totalsOf(c *coop.Consolidation) []coop.Figure {
	out := make([]coop.Figure, 0, len(c.Figures))
	for _, f := range c.Figures {
		out = append(out, f.Figure)
	}
	return out
}

// ruleLabel is the Vietnamese name of a classification rule.
func ruleLabel(id string) string {
	if r, ok := coop.RuleByID(id); ok {
		return r.Name
	}
	return id
}
