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
