package coop

import (
	"reflect"
	"testing"
)

func TestActivityNormalize(t *testing.T) {
	a := &Activity{
		Type: " press ", Title: "  Chuyên mục   báo\u00a0chí ", StartsOn: " 2025-01-02 ",
		TargetGroup: "female_managers", ManagersTrainedFemale: 5, LoanFund: "central", LoanAmount: 9,
		Notes:         "dòng một\r\n\r\n  dòng   hai ",
		Costs:         []Cost{{Source: "local_budget", Amount: 5}, {Source: "", Amount: 0}, {Source: "local_budget", Amount: 7}},
		Beneficiaries: []int64{3, 0, 3, 4},
	}
	a.Normalize()
	if a.Type != "press" || a.Title != "Chuyên mục báo chí" || a.StartsOn != "2025-01-02" || a.Notes != "dòng một\ndòng hai" {
		t.Errorf("text not cleaned: %+v", a)
	}
	if a.TargetGroup != "" || a.ManagersTrainedFemale != 0 || a.LoanFund != "" || a.LoanAmount != 0 {
		t.Errorf("fields of other types kept: %+v", a)
	}
	if !reflect.DeepEqual(a.Costs, []Cost{{"local_budget", 12}}) || !reflect.DeepEqual(a.Beneficiaries, []int64{3, 4}) {
		t.Errorf("costs %v, beneficiaries %v", a.Costs, a.Beneficiaries)
	}
	if err := a.Validate(); err != nil {
		t.Errorf("valid press column: %v", err)
	}
	if a.Period() != "2025-01" || a.TotalCost() != 12 {
		t.Errorf("period %q, cost %d", a.Period(), a.TotalCost())
	}
}

func TestLoanCounts(t *testing.T) {
	for status, want := range map[string]bool{"applied": false, "approved": true, "disbursed": true, "repaid": true, "rejected": false, "": false} {
		if LoanCounts(status) != want {
			t.Errorf("LoanCounts(%q) = %v", status, !want)
		}
	}
}
