package coop

import (
	"fmt"
	"strings"
)

// Activity is a support activity (DOMAIN.md §5): a training, a forum, a
// press column, legal advice, a trade fair, a loan… recorded by a province
// (or by the centre, Province "") against its plan.
type Activity struct {
	ID                  int64  `json:"id"`
	Type                string `json:"type"`
	Title               string `json:"title"`
	TaskID              int64  `json:"task_id,omitempty"` // the plan task it carries out, 0 for none
	Province            string `json:"province"`          // "" for a central activity
	Commune             string `json:"commune"`
	StartsOn            string `json:"starts_on"` // YYYY-MM-DD
	EndsOn              string `json:"ends_on"`   // YYYY-MM-DD or empty for one day
	Organiser           string `json:"organiser"`
	Partners            string `json:"partners"`
	ParticipantsTotal   int64  `json:"participants_total"`
	ParticipantsFemale  int64  `json:"participants_female"`
	BeneficiariesTotal  int64  `json:"beneficiaries_total"` // people
	BeneficiariesFemale int64  `json:"beneficiaries_female"`
	Notes               string `json:"notes"`
	Attachments         string `json:"attachments"` // descriptions of attached documents

	// Trainings.
	TargetGroup           string `json:"target_group"`
	ManagersTrainedFemale int64  `json:"managers_trained_female"` // female HTX managers trained (T5)

	// Jobs created for women (T3, T4).
	JobsWomenHTX int64 `json:"jobs_women_htx"`
	JobsWomenTHT int64 `json:"jobs_women_tht"`
	// JobsAdditional marks the jobs as additional to those another
	// activity recorded for the same organisation in the same half year
	// (under the rule jobs-activities-v2 they are then added, not merged).
	JobsAdditional bool `json:"jobs_additional"`

	// Capital from the Cooperative Development Support Fund.
	LoanFund       string `json:"loan_fund"`
	LoanAmount     int64  `json:"loan_amount"` // đồng
	LoanTermMonths int64  `json:"loan_term_months"`
	LoanPurpose    string `json:"loan_purpose"`
	LoanStatus     string `json:"loan_status"`

	Costs         []Cost  `json:"costs"`
	Beneficiaries []int64 `json:"beneficiary_ids"` // organisations reached

	Archived  bool   `json:"archived"`
	Version   int64  `json:"version"`
	CreatedBy string `json:"created_by"`
}

// Cost is what an activity cost from one funding source, in đồng.
type Cost struct {
	Source string `json:"source"`
	Amount int64  `json:"amount"`
}

// Activity types with rules of their own.
const (
	ActivityTraining = "training"
	ActivityCapital  = "capital"
)

// TrainingTargetGroups are who a training course is for.
var TrainingTargetGroups = CodeList{
	{"female_managers", "Cán bộ quản lý nữ của HTX"},
	{"members_workers", "Thành viên, người lao động"},
	{"union_staff", "Cán bộ Hội LHPN"},
	{"prospective_members", "Phụ nữ có nhu cầu tham gia HTX"},
	{"other", "Đối tượng khác"},
}

// LoanFunds are the Cooperative Development Support Funds.
var LoanFunds = CodeList{
	{"central", "Quỹ hỗ trợ phát triển HTX trung ương"},
	{"provincial", "Quỹ hỗ trợ phát triển HTX tỉnh"},
}

// LoanStatuses are the stages of a loan.
var LoanStatuses = CodeList{
	{"applied", "Đã nộp hồ sơ"},
	{"approved", "Đã phê duyệt"},
	{"disbursed", "Đã giải ngân"},
	{"repaid", "Đã trả hết nợ"},
	{"rejected", "Không được duyệt"},
}

// LoanCounts reports whether a loan of the status counts as granted in the
// figures (applied and rejected ones do not).
func LoanCounts(status string) bool {
	return status == "approved" || status == "disbursed" || status == "repaid"
}

// Period returns the calendar month (YYYY-MM) the activity is counted in.
func (a *Activity) Period() string {
	if len(a.StartsOn) >= 7 {
		return a.StartsOn[:7]
	}
	return ""
}

// TotalCost returns the cost over every source.
func (a *Activity) TotalCost() int64 {
	var n int64
	for _, c := range a.Costs {
		n += c.Amount
	}
	return n
}

// Normalize cleans the text fields, drops the fields that do not apply to
// the type, merges costs given twice for one source and removes duplicate
// beneficiaries.
func (a *Activity) Normalize() {
	cleanFields(strings.TrimSpace, &a.Type, &a.Province, &a.StartsOn, &a.EndsOn, &a.TargetGroup, &a.LoanFund, &a.LoanStatus)
	cleanFields(Clean, &a.Title, &a.Commune, &a.Organiser, &a.Partners, &a.LoanPurpose)
	cleanFields(cleanLines, &a.Notes, &a.Attachments)
	if a.Type != ActivityTraining {
		a.TargetGroup, a.ManagersTrainedFemale = "", 0
	}
	if a.Type != ActivityCapital {
		a.LoanFund, a.LoanAmount, a.LoanTermMonths, a.LoanPurpose, a.LoanStatus = "", 0, 0, "", ""
	}
	var costs []Cost
	idx := map[string]int{}
	for _, c := range a.Costs {
		c.Source = strings.TrimSpace(c.Source)
		if c.Source == "" && c.Amount == 0 {
			continue
		}
		if i, ok := idx[c.Source]; ok {
			costs[i].Amount += c.Amount
			continue
		}
		idx[c.Source] = len(costs)
		costs = append(costs, c)
	}
	a.Costs = costs
	if a.Costs == nil {
		a.Costs = []Cost{}
	}
	seen := map[int64]bool{}
	ids := []int64{}
	for _, id := range a.Beneficiaries {
		if id != 0 && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	a.Beneficiaries = ids
}

// cleanLines cleans each line of a multi-line text and drops blank ones.
func cleanLines(s string) string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = Clean(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// Validate checks the activity's own fields (the store checks the plan
// task and the beneficiary organisations, which need the database) and
// returns an EINVALID *Error with a Vietnamese message per field.
func (a *Activity) Validate() error {
	p := Problems{}
	a.validateWhatWhen(p)
	a.validateFigures(p)
	a.validateKind(p)
	a.validateCosts(p)
	return p.Err()
}

// validateWhatWhen checks the activity's type, title, place, dates and texts.
func (a *Activity) validateWhatWhen(p Problems) {
	if !ActivityTypes.Valid(a.Type) {
		p.Add("type", "Chọn loại hoạt động.")
	}
	p.requireText("title", a.Title, "Nhập tên hoạt động.", textRule{what: "Tên hoạt động", min: 3, max: 255, visible: true})
	if a.Province != "" {
		if _, ok := ProvinceByCode(a.Province); !ok {
			p.Add("province", "Chọn tỉnh, thành phố (hoặc để trống với hoạt động cấp trung ương).")
		}
	}
	p.maxText("commune", a.Commune, "Tên xã, phường", 100)
	switch {
	case !p.requireDate("starts_on", a.StartsOn, "Nhập ngày bắt đầu.",
		"Ngày bắt đầu phải từ 01/01/2023 đến 31/12/2030.", "Ngày bắt đầu không hợp lệ (định dạng ngày/tháng/năm)."):
	case a.StartsOn < "2023-01-01":
		p.Add("starts_on", "Ngày bắt đầu phải từ 01/01/2023 (Đề án 01 bắt đầu năm 2023).")
	case a.StartsOn > "2030-12-31":
		p.Add("starts_on", "Ngày bắt đầu phải trước hết năm 2030.")
	}
	if a.EndsOn != "" {
		if outOfBoundsDate(a.EndsOn) {
			p.Add("ends_on", dateBoundsMessage("Ngày kết thúc"))
		} else if !ValidDate(a.EndsOn) {
			p.Add("ends_on", "Ngày kết thúc không hợp lệ (định dạng ngày/tháng/năm).")
		} else if ValidDate(a.StartsOn) && a.EndsOn < a.StartsOn {
			p.Add("ends_on", "Ngày kết thúc không được trước ngày bắt đầu.")
		}
	}
	p.maxText("organiser", a.Organiser, "Đơn vị tổ chức", 255)
	p.maxText("partners", a.Partners, "Đơn vị phối hợp", 500)
	p.maxText("notes", a.Notes, "Ghi chú", 4000)
	p.maxText("attachments", a.Attachments, "Danh sách tài liệu đính kèm", 4000)
	p.maxText("loan_purpose", a.LoanPurpose, "Mục đích vay", 500)
}

// validateFigures checks the people reached and the jobs created.
func (a *Activity) validateFigures(p Problems) {
	headcountPair(p, a.ParticipantsTotal, a.ParticipantsFemale, "participants_total", "participants_female", "người tham dự")
	headcountPair(p, a.BeneficiariesTotal, a.BeneficiariesFemale, "beneficiaries_total", "beneficiaries_female", "người thụ hưởng")
	if m := headcountProblem(a.JobsWomenHTX, "việc làm"); m != "" {
		p.Add("jobs_women_htx", m)
	}
	if m := headcountProblem(a.JobsWomenTHT, "việc làm"); m != "" {
		p.Add("jobs_women_tht", m)
	}
}

// validateKind checks the fields of a training or a loan.
func (a *Activity) validateKind(p Problems) {
	switch a.Type {
	case ActivityTraining:
		if !TrainingTargetGroups.Valid(a.TargetGroup) {
			p.Add("target_group", "Chọn đối tượng đào tạo.")
		}
		switch {
		case a.ManagersTrainedFemale < 0:
			p.Add("managers_trained_female", "Số cán bộ quản lý nữ được đào tạo không được âm.")
		case a.ManagersTrainedFemale > a.ParticipantsFemale:
			p.Add("managers_trained_female", "Số cán bộ quản lý nữ được đào tạo không được lớn hơn số người tham dự nữ.")
		}
	case ActivityCapital:
		if !LoanFunds.Valid(a.LoanFund) {
			p.Add("loan_fund", "Chọn Quỹ hỗ trợ phát triển HTX (trung ương hoặc tỉnh).")
		}
		if a.LoanAmount <= 0 {
			p.Add("loan_amount", "Nhập số tiền vay (lớn hơn 0 đồng).")
		} else if a.LoanAmount > MaxLoanAmount {
			p.Add("loan_amount", fmt.Sprintf("Số tiền vay không hợp lý (tối đa %s đồng).", FormatInt(MaxLoanAmount)))
		}
		if a.LoanTermMonths < 1 || a.LoanTermMonths > 120 {
			p.Add("loan_term_months", "Thời hạn vay từ 1 đến 120 tháng.")
		}
		if !LoanStatuses.Valid(a.LoanStatus) {
			p.Add("loan_status", "Chọn tình trạng khoản vay.")
		}
	}
}

// validateCosts checks the costs by funding source.
func (a *Activity) validateCosts(p Problems) {
	for _, c := range a.Costs {
		key := "costs." + c.Source
		if !FundingSources.Valid(c.Source) {
			p.Add("costs", fmt.Sprintf("Nguồn kinh phí %q không hợp lệ.", c.Source))
			continue
		}
		if c.Amount < 0 {
			p.Add(key, "Kinh phí không được âm.")
		} else if c.Amount > MaxCost {
			p.Add(key, fmt.Sprintf("Kinh phí không hợp lý (tối đa %s đồng).", FormatInt(MaxCost)))
		}
	}
}

// headcountPair checks a total and its women: neither negative nor
// implausible, and the women never more than the total.
func headcountPair(p Problems, total, female int64, totalKey, femaleKey, what string) {
	if m := headcountProblem(total, what); m != "" {
		p.Add(totalKey, m)
	}
	if m := headcountProblem(female, what+" nữ"); m != "" {
		p.Add(femaleKey, m)
	} else if total >= 0 && female > total {
		p.Add(femaleKey, "Số "+what+" nữ không được lớn hơn tổng số "+what+".")
	}
}
