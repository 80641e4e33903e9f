package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// Support activities at scale, for load tests: `htxnu gen --activities N
// --links L` adds N activities over 2023 to today reaching L beneficiary
// organisations in all, through store.ActivityLoader.

// actKind is how often an activity type is recorded and how widely it
// reaches, relative to the others.
type actKind struct {
	typ         string
	weight      int
	reach       float64 // relative number of beneficiary organisations
	title       string
	organiser   string
	femaleShare float64
}

var actKinds = []actKind{
	{"communication_event", 10, 3, "Tuyên truyền về vai trò của phụ nữ trong kinh tế tập thể", "Liên minh HTX tỉnh", 0.7},
	{"press", 8, 1.5, "Chuyên mục “Phụ nữ với kinh tế tập thể”", "Liên minh HTX tỉnh", 0},
	{"conference", 10, 2.5, "Hội nghị giới thiệu mô hình HTX do phụ nữ quản lý hoạt động hiệu quả", "Liên minh HTX tỉnh", 0.7},
	{coop.ActivityTraining, 18, 1.5, "Lớp bồi dưỡng kiến thức quản trị, điều hành HTX", "Trung tâm Tư vấn, hỗ trợ HTX", 0.9},
	{"legal_advice", 8, 0.3, "Tư vấn pháp lý cho HTX, tổ hợp tác do phụ nữ quản lý", "Liên minh HTX tỉnh", 0.85},
	{"founding_support", 5, 0.2, "Hỗ trợ thành lập mới HTX, tổ hợp tác do phụ nữ làm chủ", "Liên minh HTX tỉnh", 0.85},
	{"trade_promotion", 10, 1.2, "Gian hàng sản phẩm HTX do phụ nữ quản lý tại hội chợ", "Liên minh HTX tỉnh", 0.75},
	{"market_linkage", 6, 1, "Kết nối tiêu thụ sản phẩm cho HTX, tổ hợp tác", "Liên minh HTX tỉnh", 0.7},
	{"technology", 6, 1, "Chuyển đổi số, ứng dụng công nghệ trong HTX", "Trung tâm Tư vấn, hỗ trợ HTX", 0.6},
	{coop.ActivityCapital, 10, 0, "Cho vay vốn Quỹ hỗ trợ phát triển HTX", "Quỹ hỗ trợ phát triển HTX", 0},
	{"ocop_support", 5, 0.8, "Hỗ trợ hoàn thiện sản phẩm OCOP", "Liên minh HTX tỉnh", 0.7},
	{"international", 1, 0.5, "Học tập kinh nghiệm mô hình HTX của phụ nữ", "Liên minh HTX Việt Nam", 0.6},
}

// centralShare is the share of activities the centre runs (reaching
// organisations anywhere).
const centralShare = 0.08

// GenerateActivities adds n support activities reaching about links
// organisations in all (a loan reaches one), spread over the provinces in
// proportion to their organisations and over 2023 to today, under the plan
// task of the matching group (plans are made first when missing), then
// rebuilds the activity rollups. The same seed on the same registry makes
// the same activities. It reports progress after each batch.
func GenerateActivities(ctx context.Context, db *store.DB, n, links int, seed uint64, progress func(done, total int)) error {
	if n <= 0 {
		return nil
	}
	if err := Plans(ctx, db); err != nil {
		return err
	}
	l, err := db.NewActivityLoader(ctx, coop.System)
	if err != nil {
		return err
	}
	orgs, err := l.Organisations(ctx)
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		return fmt.Errorf("demo: no organisations to support: generate the registry first")
	}
	g, err := newActGen(ctx, db, seed, orgs)
	if err != nil {
		return err
	}
	plan := g.plan(n, links)
	const batch = 2000
	for start := 0; start < n; start += batch {
		acts := make([]coop.Activity, 0, batch)
		for _, p := range plan[start:min(n, start+batch)] {
			acts = append(acts, g.make(p))
		}
		if err := l.Load(ctx, acts); err != nil {
			return err
		}
		if progress != nil {
			progress(min(n, start+batch), n)
		}
	}
	_, err = l.Finish(context.WithoutCancel(ctx))
	return err
}

// actGen makes activities.
type actGen struct {
	r      *rand.Rand
	today  time.Time
	kinds  *chooser[int]
	byProv map[string][]int64 // organisations by province
	lend   map[string][]int64 // cooperatives and unions (the Fund lends to legal entities)
	all    []int64
	lendTo []int64
	provs  *chooser[string]
	tasks  map[string][]store.PlanTask // by province ("" central)
}

func newActGen(ctx context.Context, db *store.DB, seed uint64, orgs []store.LoadOrg) (*actGen, error) {
	g := &actGen{r: rand.New(rand.NewPCG(seed, seed^0x61637469766974)), byProv: map[string][]int64{}, lend: map[string][]int64{},
		tasks: map[string][]store.PlanTask{}}
	g.today, _ = time.Parse("2006-01-02", coop.Today())
	var ws []weighted[int]
	for i, k := range actKinds {
		ws = append(ws, weighted[int]{i, k.weight})
	}
	g.kinds = newChooser(ws)
	for _, o := range orgs {
		g.byProv[o.Province] = append(g.byProv[o.Province], o.ID)
		g.all = append(g.all, o.ID)
		if o.Kind != coop.KindTHT {
			g.lend[o.Province] = append(g.lend[o.Province], o.ID)
			g.lendTo = append(g.lendTo, o.ID)
		}
	}
	var pw []weighted[string]
	for _, p := range coop.Provinces() {
		if n := len(g.byProv[p.Code]); n > 0 {
			pw = append(pw, weighted[string]{p.Code, n})
		}
	}
	g.provs = newChooser(pw)
	for _, p := range append([]string{store.ProvinceCentral}, provinceCodes()...) {
		tasks, _, err := db.PlanTasks(ctx, coop.System, store.TaskFilter{Province: p, PerPage: 200})
		if err != nil {
			return nil, err
		}
		key := p
		if p == store.ProvinceCentral {
			key = ""
		}
		g.tasks[key] = tasks
	}
	return g, nil
}

func provinceCodes() []string {
	var out []string
	for _, p := range coop.Provinces() {
		out = append(out, p.Code)
	}
	return out
}

// actPlan is an activity decided before it is made: its kind, province and
// how many organisations it reaches.
type actPlan struct {
	kind     int
	province string
	reach    int
}

// plan decides the kind, province and reach of n activities so that the
// reaches add up to about links.
func (g *actGen) plan(n, links int) []actPlan {
	out := make([]actPlan, n)
	weights := make([]float64, n)
	var total float64
	loans := 0
	for i := range out {
		k := g.kinds.pick(g.r)
		p := ""
		if g.r.Float64() >= centralShare {
			p = g.provs.pick(g.r)
		}
		out[i] = actPlan{kind: k, province: p}
		if actKinds[k].typ == coop.ActivityCapital {
			out[i].reach = 1
			loans++
			continue
		}
		weights[i] = actKinds[k].reach * math.Exp(g.r.NormFloat64()*0.6)
		total += weights[i]
	}
	// Share the links by weight; what an activity cannot take (its
	// province has too few organisations) goes to the others, a few rounds.
	want := max(0, links-loans)
	for round := 0; round < 5 && total > 0; round++ {
		got, free := 0, 0.0
		for i := range out {
			if weights[i] > 0 {
				got += out[i].reach
			}
		}
		rest := float64(want - got)
		if rest <= 0 {
			break
		}
		for i := range out {
			if weights[i] == 0 {
				continue
			}
			pool := len(g.byProv[out[i].province])
			if out[i].province == "" {
				pool = len(g.all)
			}
			out[i].reach = min(pool, out[i].reach+int(math.Round(rest*weights[i]/total)))
			if out[i].reach < pool {
				free += weights[i]
			}
		}
		total = free
	}
	return out
}

// make makes the activity of a plan.
func (g *actGen) make(p actPlan) coop.Activity {
	r := g.r
	k := actKinds[p.kind]
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	day := start.AddDate(0, 0, r.IntN(int(g.today.Sub(start).Hours()/24)+1))
	a := coop.Activity{Type: k.typ, Title: k.title, Province: p.province, StartsOn: day.Format("2006-01-02"), Organiser: k.organiser,
		Costs: []coop.Cost{}, Beneficiaries: make([]int64, 0, p.reach)}
	if p.province == "" {
		a.Organiser = "Liên minh HTX Việt Nam"
	} else {
		a.Title += " " + shortProvince(p.province)
	}
	if k.femaleShare > 0 {
		a.ParticipantsTotal = int64(max(5, p.reach*2+r.IntN(30)))
		a.ParticipantsFemale = int64(float64(a.ParticipantsTotal) * k.femaleShare)
	}
	if k.typ != coop.ActivityCapital {
		a.Costs = append(a.Costs, coop.Cost{Source: "local_budget", Amount: int64(5+r.IntN(120)) * 1_000_000})
		if r.IntN(3) == 0 {
			a.Costs = append(a.Costs, coop.Cost{Source: "central_budget", Amount: int64(5+r.IntN(60)) * 1_000_000})
		}
	}
	switch k.typ {
	case coop.ActivityTraining, "conference":
		a.EndsOn = day.AddDate(0, 0, 1).Format("2006-01-02")
		if k.typ == coop.ActivityTraining {
			a.TargetGroup = "members_workers"
			if r.IntN(2) == 0 {
				a.TargetGroup, a.ManagersTrainedFemale = "female_managers", a.ParticipantsFemale
			}
		}
	case coop.ActivityCapital:
		a.LoanFund = "provincial"
		if p.province == "" || r.IntN(3) == 0 {
			a.LoanFund = "central"
		}
		a.LoanAmount = int64(100+r.IntN(15)*50) * 1_000_000
		a.LoanTermMonths = int64(24 + 12*r.IntN(4))
		a.LoanPurpose = actLoanPurposes[r.IntN(len(actLoanPurposes))]
		a.LoanStatus = []string{"disbursed", "disbursed", "approved", "repaid", "applied", "rejected"}[r.IntN(6)]
		a.JobsWomenHTX = int64(2 + r.IntN(10))
	case "trade_promotion":
		a.JobsWomenHTX, a.JobsWomenTHT = int64(r.IntN(8)), int64(r.IntN(12))
	case "market_linkage", "ocop_support":
		a.JobsWomenHTX, a.JobsWomenTHT = int64(r.IntN(5)), int64(r.IntN(5))
	}
	pool := g.byProv[p.province]
	switch {
	case k.typ == coop.ActivityCapital && p.province == "":
		pool = g.lendTo
	case k.typ == coop.ActivityCapital:
		pool = g.lend[p.province]
	case p.province == "":
		pool = g.all
	}
	a.Beneficiaries = g.pick(pool, p.reach)
	a.TaskID = g.task(p.province, actTaskGroup(k.typ), a.StartsOn)
	return a
}

// pick returns n distinct organisations of pool.
func (g *actGen) pick(pool []int64, n int) []int64 {
	n = min(n, len(pool))
	out := make([]int64, 0, n)
	if n > len(pool)/3 {
		for _, i := range g.r.Perm(len(pool))[:n] {
			out = append(out, pool[i])
		}
	} else {
		seen := make(map[int]bool, n)
		for len(out) < n {
			i := g.r.IntN(len(pool))
			if !seen[i] {
				seen[i] = true
				out = append(out, pool[i])
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// task returns a task of the province's plan for the activity's phase and
// group (any of the phase when none is of the group), or 0.
func (g *actGen) task(province, group, day string) int64 {
	phase := "2023-2025"
	if day >= "2026-01-01" {
		phase = "2026-2030"
	}
	var ofPhase, same []int64
	for _, t := range g.tasks[province] {
		if t.Phase != phase {
			continue
		}
		ofPhase = append(ofPhase, t.ID)
		if t.Group == group {
			same = append(same, t.ID)
		}
	}
	switch {
	case len(same) > 0:
		return same[g.r.IntN(len(same))]
	case len(ofPhase) > 0:
		return ofPhase[g.r.IntN(len(ofPhase))]
	}
	return 0
}
