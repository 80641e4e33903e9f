package coop

import (
	"fmt"
	"strings"
)

// Figure groups: the sections of a report's table of figures.
var FigureGroups = CodeList{
	{"registry", "Tổ chức kinh tế tập thể"},
	{"activities", "Hoạt động hỗ trợ"},
	{"training", "Đào tạo, bồi dưỡng"},
	{"loans", "Hỗ trợ vốn"},
	{"jobs", "Việc làm cho lao động nữ"},
	{"founding", "Hỗ trợ thành lập mới"},
	{"obstacles", "Khó khăn, vướng mắc"},
	{"spending", "Kinh phí thực hiện"},
	{"indicators", "Chỉ tiêu Đề án 01"},
}

// Figure units. Percent figures hold basis points (hundredths of a
// percent: 8450 is 84,50 %), so every value is an integer; money is in đồng.
const (
	FigureOrgs       = "org"
	FigurePeople     = "person"
	FigureActivities = "activity"
	FigureJobs       = "job"
	FigureCases      = "case"
	FigureLoans      = "loan"
	FigureDong       = "dong"
	FigurePercent    = "percent"
	FigureCount      = "count"
)

// FigureUnits names the units.
var FigureUnits = CodeList{
	{FigureOrgs, "tổ chức"},
	{FigurePeople, "người"},
	{FigureActivities, "hoạt động"},
	{FigureJobs, "việc làm"},
	{FigureCases, "hồ sơ"},
	{FigureLoans, "khoản vay"},
	{FigureDong, "đồng"},
	{FigurePercent, "%"},
	{FigureCount, ""},
}

// Figure is one number of a report, compiled from the data in its window.
type Figure struct {
	Key         string `json:"key"` // stable: "registry.HTX.orgs", "activities.training.participants_female", "indicators.T1"
	Group       string `json:"group"`
	Label       string `json:"label"`
	Unit        string `json:"unit"`
	Value       int64  `json:"value"`                 // as compiled
	Num         int64  `json:"numerator,omitempty"`   // percent figures: the part…
	Den         int64  `json:"denominator,omitempty"` // …and the whole
	Target      *int64 `json:"target,omitempty"`      // the allocation or plan it is measured against
	TargetLabel string `json:"target_label,omitempty"`
	NoData      bool   `json:"no_data,omitempty"` // no data source yet: Value means nothing
	Note        string `json:"note,omitempty"`    // how it was computed
	// The province's correction, with its reason; Value stays as compiled.
	Override      *int64 `json:"override,omitempty"`
	Justification string `json:"justification,omitempty"`
}

// Effective is the value the report states: the override when there is one.
func (f Figure) Effective() int64 {
	if f.Override != nil {
		return *f.Override
	}
	return f.Value
}

// FormatFigure renders a value in the figure's unit, Vietnamese style:
// "1.234", "84,50 %", "500.000.000 đồng".
func FormatFigure(unit string, v int64) string {
	switch unit {
	case FigurePercent:
		s := fmt.Sprintf("%d,%02d %%", v/100, abs64(v%100))
		if v < 0 && v > -100 {
			s = "-" + s
		}
		return s
	case FigureDong:
		return FormatInt(v) + " đồng"
	}
	return FormatInt(v)
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// BasisPoints returns num/den in basis points, rounded half up (0 when den
// is 0).
func BasisPoints(num, den int64) int64 {
	if den <= 0 {
		return 0
	}
	return (num*10000*2 + den) / (2 * den)
}

// ApplyOverrides returns the figures with the overrides set on them.
func ApplyOverrides(figs []Figure, ov map[string]Override) []Figure {
	out := make([]Figure, len(figs))
	for i, f := range figs {
		f.Override, f.Justification = nil, ""
		if o, ok := ov[f.Key]; ok {
			v := o.Value
			f.Override, f.Justification = &v, o.Justification
		}
		out[i] = f
	}
	return out
}

// ValidateOverrides checks each override against the report's figures:
// the figure exists, the value is possible, and a written justification
// comes with it.
func ValidateOverrides(ov map[string]Override, figs []Figure) error {
	byKey := map[string]Figure{}
	for _, f := range figs {
		byKey[f.Key] = f
	}
	p := Problems{}
	for k, o := range ov {
		field := "overrides." + k
		f, ok := byKey[k]
		if !ok {
			p.Add(field, "Báo cáo không có số liệu này.")
			continue
		}
		switch {
		case o.Value < 0:
			p.Add(field, "Số liệu điều chỉnh không được âm.")
		case f.Unit == FigurePercent && o.Value > 10000:
			p.Add(field, "Tỷ lệ không được vượt quá 100%.")
		case f.Unit == FigureDong && o.Value > MaxFigureAmount:
			p.Add(field, "Số liệu điều chỉnh không hợp lý (tối đa "+dongAmount(MaxFigureAmount)+").")
		case f.Unit != FigurePercent && f.Unit != FigureDong && o.Value > MaxFigureCount:
			p.Add(field, "Số liệu điều chỉnh không hợp lý (tối đa "+strings.TrimSpace(FormatInt(MaxFigureCount)+" "+FigureUnits.Label(f.Unit))+").")
		}
		switch n := runes(strings.TrimSpace(o.Justification)); {
		case n == 0:
			p.Add(field+".justification", "Ghi rõ lý do điều chỉnh “"+f.Label+"” (số liệu tổng hợp: "+FormatFigure(f.Unit, f.Value)+").")
		case n < minJustification:
			p.Add(field+".justification", fmt.Sprintf("Lý do điều chỉnh quá ngắn (tối thiểu %d ký tự).", minJustification))
		case n > maxJustification:
			p.Add(field+".justification", textTooLong("Lý do điều chỉnh", maxJustification))
		}
	}
	return p.Err()
}
