package coop

import "time"

// Indicator units.
const (
	UnitCount   = "count"
	UnitPercent = "percent"
)

// Milestones of Decision 01's targets.
var Milestones = []int{2025, 2030}

// ValidMilestone reports whether m is a milestone year.
func ValidMilestone(m int) bool { return m == 2025 || m == 2030 }

// Indicator is one target of Decision 01 (T1–T8) with its national values.
// A nil target means "not set" (shown as –).
type Indicator struct {
	Code       string    `json:"code"`
	Name       string    `json:"name"`
	Unit       string    `json:"unit"`       // count or percent
	Cumulative bool      `json:"cumulative"` // a count to the milestone; false: a share
	Target2025 *int64    `json:"target_2025"`
	Target2030 *int64    `json:"target_2030"`
	Sort       int       `json:"sort"`
	Version    int64     `json:"version"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Target returns the national value for the milestone.
func (i Indicator) Target(milestone int) *int64 {
	if milestone == 2025 {
		return i.Target2025
	}
	return i.Target2030
}

// Percent reports whether the indicator is a share.
func (i Indicator) Percent() bool { return i.Unit == UnitPercent }

func i64(n int64) *int64 { return &n }

// DefaultIndicators are the eight targets of Decision 01 (DOMAIN.md §2) with
// their national values. T6 by 2025 could not be verified: it starts empty
// and an administrator may set it; T7 and T8 have no 2025 value.
var DefaultIndicators = []Indicator{
	{Code: "T1", Name: "Số HTX có phụ nữ tham gia quản lý được củng cố, nâng cao chất lượng hoạt động", Unit: UnitCount, Cumulative: true, Target2025: i64(750), Target2030: i64(1500), Sort: 1},
	{Code: "T2", Name: "Số tổ hợp tác được hỗ trợ (thành lập mới hoặc củng cố)", Unit: UnitCount, Cumulative: true, Target2025: i64(5000), Target2030: i64(10000), Sort: 2},
	{Code: "T3", Name: "Số việc làm ổn định cho thành viên, lao động nữ trong HTX", Unit: UnitCount, Cumulative: true, Target2025: i64(15000), Target2030: i64(30000), Sort: 3},
	{Code: "T4", Name: "Số việc làm ổn định cho lao động nữ trong tổ hợp tác", Unit: UnitCount, Cumulative: true, Target2025: i64(40000), Target2030: i64(100000), Sort: 4},
	{Code: "T5", Name: "Tỷ lệ nữ cán bộ quản lý HTX được đào tạo, bồi dưỡng về quản lý, điều hành", Unit: UnitPercent, Cumulative: false, Target2025: i64(100), Target2030: i64(100), Sort: 5},
	{Code: "T6", Name: "Số HTX mới do phụ nữ tham gia quản lý được tư vấn, hỗ trợ thành lập", Unit: UnitCount, Cumulative: true, Target2025: nil, Target2030: i64(750), Sort: 6},
	{Code: "T7", Name: "Tỷ lệ cán bộ Hội làm công tác hỗ trợ phát triển kinh tế được tập huấn", Unit: UnitPercent, Cumulative: false, Target2025: nil, Target2030: i64(100), Sort: 7},
	{Code: "T8", Name: "Tỷ lệ cán bộ Hội được nâng cao kỹ năng tuyên truyền, vận động", Unit: UnitPercent, Cumulative: false, Target2025: nil, Target2030: i64(90), Sort: 8},
}

// ValidIndicator reports whether code names one of the eight indicators.
func ValidIndicator(code string) bool {
	for _, i := range DefaultIndicators {
		if i.Code == code {
			return true
		}
	}
	return false
}

// IndicatorCodes returns T1…T8.
func IndicatorCodes() []string {
	out := make([]string, len(DefaultIndicators))
	for i, ind := range DefaultIndicators {
		out[i] = ind.Code
	}
	return out
}

// ValidateTargetValue checks one target or allocation value of the
// indicator and returns a Vietnamese message, or "" when it is fine. nil
// (not set) is always fine.
func ValidateTargetValue(ind Indicator, v *int64) string {
	if v == nil {
		return ""
	}
	if *v < 0 {
		return "Giá trị không được âm."
	}
	if ind.Percent() && *v > 100 {
		return "Tỷ lệ không được vượt quá 100%."
	}
	if *v > 100_000_000 {
		return "Giá trị quá lớn."
	}
	return ""
}

// Allocation statuses.
const (
	AllocationApproved = "approved"
	AllocationProposed = "proposed"
)

// AllocationStatuses lists the statuses of a provincial allocation.
var AllocationStatuses = CodeList{
	{AllocationApproved, "Đã giao"},
	{AllocationProposed, "Tỉnh đề xuất, chờ Trung ương duyệt"},
}

// Allocation is a province's share of a national target for a milestone.
// Value is the share the centre set (or accepted); ProposedValue is what the
// province proposed while the status is "proposed".
type Allocation struct {
	ID            int64     `json:"id"`
	Indicator     string    `json:"indicator"`
	Province      string    `json:"province"`
	ProvinceName  string    `json:"province_name"`
	Milestone     int       `json:"milestone"`
	Value         *int64    `json:"value"`
	ProposedValue *int64    `json:"proposed_value"`
	Status        string    `json:"status"`
	Note          string    `json:"note"`
	Version       int64     `json:"version"`
	UpdatedAt     time.Time `json:"updated_at"`
	UpdatedBy     string    `json:"updated_by"`
}
