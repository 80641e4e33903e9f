package coop

import (
	"strings"
	"testing"
)

// bound is one plausible bound: the value at the bound is accepted, one
// over it is refused on field with a message that names the bound.
type bound struct {
	name, field, says string
	at, over          error
}

func checkBounds(t *testing.T, cases []bound) {
	t.Helper()
	for _, c := range cases {
		if c.at != nil {
			t.Errorf("%s at the bound refused: %v", c.name, c.at)
		}
		msg := ErrorFields(c.over)[c.field]
		if ErrorCode(c.over) != EINVALID || !strings.Contains(msg, c.says) {
			t.Errorf("%s over the bound: want %s refused saying %q, got %v", c.name, c.field, c.says, c.over)
		}
	}
}

func TestTaskBudgetBound(t *testing.T) {
	task := func(src string, v int64) error {
		tk := &Task{Group: "consolidation", Title: "Đào tạo cán bộ quản lý HTX", StartsOn: "2026-03-01", EndsOn: "2026-10-31",
			Budget: map[string]int64{src: v}}
		tk.Normalize()
		return tk.Validate()
	}
	var cases []bound
	for _, src := range FundingSources {
		cases = append(cases, bound{"budget " + src.Code, "budget." + src.Code, "Kinh phí không vượt quá 1.000 tỷ đồng.",
			task(src.Code, MaxTaskBudget), task(src.Code, MaxTaskBudget+1)})
	}
	cases = append(cases, bound{"budget 10^18", "budget.local_budget", "1.000 tỷ đồng", nil, task("local_budget", 1e18)})
	checkBounds(t, cases)
}

func TestOverrideBounds(t *testing.T) {
	figs := []Figure{
		{Key: "jobs.htx", Label: "Việc làm cho lao động nữ trong HTX", Unit: FigureJobs, Value: 120},
		{Key: "registry.HTX.orgs", Label: "Số HTX", Unit: FigureOrgs, Value: 300},
		{Key: "activities.count", Label: "Số hoạt động", Unit: FigureCount, Value: 12},
		{Key: "loans.amount", Label: "Số tiền vay", Unit: FigureDong, Value: 5_000_000_000},
		{Key: "indicators.T5", Label: "T5", Unit: FigurePercent, Value: 8000},
	}
	override := func(key string, v int64) error {
		return ValidateOverrides(map[string]Override{key: {Value: v, Justification: "Theo số liệu đối chiếu của Sở Tài chính"}}, figs)
	}
	checkBounds(t, []bound{
		{"jobs", "overrides.jobs.htx", "tối đa 100.000.000 việc làm", override("jobs.htx", MaxFigureCount), override("jobs.htx", MaxFigureCount+1)},
		{"organisations", "overrides.registry.HTX.orgs", "tối đa 100.000.000 tổ chức", override("registry.HTX.orgs", MaxFigureCount), override("registry.HTX.orgs", 1e12)},
		{"a count without unit", "overrides.activities.count", "(tối đa 100.000.000)", override("activities.count", MaxFigureCount), override("activities.count", MaxFigureCount+1)},
		{"money", "overrides.loans.amount", "tối đa 100.000 tỷ đồng", override("loans.amount", MaxFigureAmount), override("loans.amount", MaxFigureAmount+1)},
		{"percent", "overrides.indicators.T5", "100%", override("indicators.T5", 10000), override("indicators.T5", 10001)},
	})
}

// Every date field refuses a well-formed date outside 1900–2100 with a
// message that names the bounds, never only "không hợp lệ". Where the
// field allows every date within them, the first and last are accepted.
func TestDateBounds(t *testing.T) {
	const (
		generic = "phải từ 01/01/1900 đến 31/12/2100"
		today   = "2026-06-01"
	)
	task := func(from, to string) error {
		tk := &Task{Group: "consolidation", Title: "Đào tạo cán bộ quản lý HTX", StartsOn: from, EndsOn: to}
		tk.Normalize()
		return tk.Validate()
	}
	obstacle := func(due string) error {
		o := &Obstacle{Province: "08", Category: "credit", Title: "Khó tiếp cận vốn vay", DueOn: due}
		return o.Validate()
	}
	escalate := func(due string) error {
		m := &ObstacleMove{To: ObstacleEscalated, Comment: "Cần ý kiến của bộ", DueOn: due}
		return ObstacleTransition(Actor{Role: RoleProvincial, Province: "08"}, "08", ObstacleReceived, m, today)
	}
	org := func(edit func(o *Organisation)) error {
		o := &Organisation{Kind: KindHTX, Name: "Hợp tác xã Chè Tân Cương", Sector: "agriculture", Governance: GovernanceFull,
			Province: "08", Status: StatusActive, FoundedOn: "2020-01-15"}
		edit(o)
		o.Normalize()
		return o.Validate(today)
	}
	position := func(from, to string) error {
		return org(func(o *Organisation) {
			o.Positions = []Position{{Role: RoleDirector, Holder: "Nguyễn Thị Lan", Sex: SexFemale, From: from, To: to}}
		})
	}
	product := func(certified, expires string) error {
		return org(func(o *Organisation) {
			o.Products = []Product{{Name: "Chè Tân Cương", Group: OCOPGroups[0].Code, Stars: 4, CertifiedOn: certified, ExpiresOn: expires}}
		})
	}
	report := func(date string) error {
		r := &Report{Title: "Kết quả thực hiện Đề án 01", Convention: ConventionDecree09, Meta: ReportMeta{Date: date}}
		r.Normalize()
		return r.Validate()
	}
	checkBounds(t, []bound{
		{"task start", "starts_on", generic, task(MinDate, ""), task("1899-12-31", "")},
		{"task end", "ends_on", generic, task("", MaxDate), task("", "2101-01-01")},
		{"task end 9999", "ends_on", generic, nil, task("", "9999-12-31")},
		{"obstacle due", "due_on", generic, obstacle(MaxDate), obstacle("2101-01-01")},
		{"obstacle due year 1", "due_on", generic, obstacle(MinDate), obstacle("0001-01-01")},
		{"escalation due", "due_on", generic, escalate(MaxDate), escalate("2101-01-01")},
		{"position from", "positions[0].from", generic, position(MinDate, ""), position("1899-12-31", "")},
		{"position to", "positions[0].to", generic, position("", MaxDate), position("", "2101-01-01")},
		{"OCOP certified", "ocop_products[0].certified_on", generic, product(MinDate, ""), product("1899-12-31", "")},
		{"OCOP expires", "ocop_products[0].expires_on", generic, product("", MaxDate), product("", "2101-01-01")},
		{"report date", "meta.date", generic, report(MaxDate), report("2101-01-01")},
		{"report date dd/mm/yyyy", "meta.date", generic, report("01/01/1900"), report("31/12/1899")},
	})

	// Fields with narrower bounds of their own name those.
	union := func(d string) error {
		r := &UnionStaffRecord{Province: "08", RecordedOn: d}
		return r.Validate(today)
	}
	founding := func(d string) error {
		c := &FoundingCase{Province: "08", GroupName: "Nhóm trồng chè", Kind: KindHTX, Status: FoundingAdvised, AdvisedOn: d}
		return c.Validate(today)
	}
	move := func(d string) error {
		c := &FoundingCase{Province: "08", GroupName: "Nhóm trồng chè", Kind: KindHTX, Status: FoundingAdvised, AdvisedOn: "2025-01-01"}
		return c.CheckMove(&FoundingMove{To: FoundingDossier, On: d}, today)
	}
	period := func(from, to string) error {
		p := Period{Kind: ReportThematic, From: from, To: to}
		p.Normalize()
		return p.Validate()
	}
	act := func(d string) error {
		a := &Activity{Type: ActivityCapital, Title: "Cho vay vốn Quỹ HTX", Province: "08", StartsOn: d,
			LoanFund: "central", LoanAmount: 500_000_000, LoanTermMonths: 24, LoanStatus: "disbursed",
			ParticipantsTotal: 10, ParticipantsFemale: 5}
		a.Normalize()
		return a.Validate()
	}
	checkBounds(t, []bound{
		{"union staff recorded", "recorded_on", generic, union(MinDate), union("0001-01-01")},
		{"founding advised", "advised_on", "phải từ 01/01/2023 đến hôm nay", founding("2023-01-01"), founding("9999-01-01")},
		{"founding move", "on", generic, move("2025-01-01"), move("0001-01-01")},
		{"period from", "from", "từ 15/12/2022 đến 31/12/2030", period("2022-12-15", "2030-12-31"), period("0001-01-01", "2026-01-01")},
		{"period to", "to", "từ 15/12/2022 đến 31/12/2030", nil, period("2026-01-01", "9999-12-31")},
		{"activity start", "starts_on", "phải từ 01/01/2023 đến 31/12/2030", act("2030-12-31"), act("9999-12-31")},
	})
}
