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
