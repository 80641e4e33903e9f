package coop

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Plan statuses.
const (
	PlanDraft    = "draft"
	PlanApproved = "approved"
)

// PlanStatuses lists the statuses of a plan.
var PlanStatuses = CodeList{
	{PlanDraft, "Dự thảo"},
	{PlanApproved, "Đã phê duyệt"},
}

// Task statuses.
var TaskStatuses = CodeList{
	{"planned", "Chưa triển khai"},
	{"in_progress", "Đang triển khai"},
	{"done", "Hoàn thành"},
	{"cancelled", "Huỷ bỏ"},
}

// Plan is the implementation plan of the Scheme for one phase: the VCA's
// national plan (Province "") or a provincial alliance's plan.
type Plan struct {
	ID        int64     `json:"id"`
	Province  string    `json:"province"`
	Phase     string    `json:"phase"`
	Title     string    `json:"title"`
	Status    string    `json:"status"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// DefaultPlanTitle is the title a new plan gets when none is given.
func DefaultPlanTitle(province, phase string) string {
	who := "Liên minh HTX Việt Nam"
	if province != "" {
		who = "Liên minh HTX " + ProvinceName(province)
	}
	return fmt.Sprintf("Kế hoạch thực hiện Đề án 01 giai đoạn %s của %s", strings.ReplaceAll(phase, "-", "–"), who)
}

// Normalize cleans the plan's text fields.
func (p *Plan) Normalize() {
	p.Province = strings.TrimSpace(p.Province)
	p.Phase = strings.TrimSpace(p.Phase)
	p.Title = Clean(p.Title)
	p.Status = strings.TrimSpace(p.Status)
	if p.Status == "" {
		p.Status = PlanDraft
	}
	if p.Title == "" && Phases.Valid(p.Phase) {
		p.Title = DefaultPlanTitle(p.Province, p.Phase)
	}
}

// Validate checks the plan.
func (p *Plan) Validate() error {
	pr := Problems{}
	if p.Province != "" {
		if _, ok := ProvinceByCode(p.Province); !ok {
			pr.Add("province", "Chọn tỉnh, thành phố (hoặc để trống cho kế hoạch của Trung ương).")
		}
	}
	if !Phases.Valid(p.Phase) {
		pr.Add("phase", "Chọn giai đoạn 2023–2025 hoặc 2026–2030.")
	}
	if n := utf8.RuneCountInString(p.Title); n < 5 || n > 300 {
		pr.Add("title", "Tên kế hoạch từ 5 đến 300 ký tự.")
	}
	if !PlanStatuses.Valid(p.Status) {
		pr.Add("status", "Chọn trạng thái của kế hoạch.")
	}
	return pr.Err()
}

// Task is one task of a plan: what will be done, by whom, when, for which
// targets, with how much money from which source.
type Task struct {
	ID              int64            `json:"id"`
	PlanID          int64            `json:"plan_id"`
	Province        string           `json:"province"` // copied from the plan
	Phase           string           `json:"phase"`    // the plan's, read only
	Group           string           `json:"task_group"`
	Title           string           `json:"title"`
	ResponsibleUnit string           `json:"responsible_unit"`
	Partners        string           `json:"partners"`
	StartsOn        string           `json:"starts_on"`
	EndsOn          string           `json:"ends_on"`
	Status          string           `json:"status"`
	Indicators      []string         `json:"indicators"`
	Budget          map[string]int64 `json:"budget"` // funding source → đồng
	Version         int64            `json:"version"`
	CreatedAt       time.Time        `json:"created_at"`
	UpdatedAt       time.Time        `json:"updated_at"`
}

// BudgetTotal is the planned budget over every source.
func (t *Task) BudgetTotal() int64 {
	var s int64
	for _, v := range t.Budget {
		s += v
	}
	return s
}

// Normalize cleans the task's fields.
func (t *Task) Normalize() {
	cleanFields(strings.TrimSpace, &t.Group, &t.StartsOn, &t.EndsOn, &t.Status)
	cleanFields(Clean, &t.Title, &t.ResponsibleUnit, &t.Partners)
	if t.Status == "" {
		t.Status = "planned"
	}
	codes := []string{}
	seen := map[string]bool{}
	for _, c := range t.Indicators {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c != "" && !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	t.Indicators = codes
	for k, v := range t.Budget {
		if v == 0 {
			delete(t.Budget, k)
		}
	}
}

// Validate checks the task and returns per-field Vietnamese messages.
func (t *Task) Validate() error {
	p := Problems{}
	if !TaskGroups.Valid(t.Group) {
		p.Add("task_group", "Chọn nhóm nhiệm vụ.")
	}
	p.requireText("title", t.Title, "Nhập tên nhiệm vụ.", textRule{what: "Tên nhiệm vụ", min: 5, max: 300})
	p.maxText("responsible_unit", t.ResponsibleUnit, "Tên đơn vị chủ trì", 200)
	p.maxText("partners", t.Partners, "Danh sách đơn vị phối hợp", 500)
	p.optionalDate("starts_on", t.StartsOn, "Ngày bắt đầu", "Ngày bắt đầu không hợp lệ (dd/mm/yyyy).")
	p.optionalDate("ends_on", t.EndsOn, "Ngày kết thúc", "Ngày kết thúc không hợp lệ (dd/mm/yyyy).")
	if ValidDate(t.StartsOn) && ValidDate(t.EndsOn) && t.EndsOn < t.StartsOn {
		p.Add("ends_on", "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.")
	}
	if !TaskStatuses.Valid(t.Status) {
		p.Add("status", "Chọn trạng thái của nhiệm vụ.")
	}
	for _, c := range t.Indicators {
		if !ValidIndicator(c) {
			p.Add("indicators", fmt.Sprintf("Chỉ tiêu %q không có; chọn trong T1–T8.", c))
		}
	}
	for src, v := range t.Budget {
		if !FundingSources.Valid(src) {
			p.Add("budget."+src, "Nguồn kinh phí không có trong danh mục.")
			continue
		}
		if v < 0 {
			p.Add("budget."+src, "Kinh phí không được âm.")
		}
		if v > MaxTaskBudget {
			p.Add("budget."+src, "Kinh phí không vượt quá "+dongAmount(MaxTaskBudget)+".")
		}
	}
	return p.Err()
}
