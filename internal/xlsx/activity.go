package xlsx

import (
	"htxnu/internal/coop"
)

// Columns of the activities sheet: one row per activity and beneficiary
// organisation. Rows with the same activity key are one activity; its
// fields are read from the first of them.
const (
	ActKey = iota
	ActTitle
	ActType
	ActStartsOn
	ActEndsOn
	ActProvince
	ActCommune
	ActTask
	ActOrganiser
	ActPartners
	ActParticipantsTotal
	ActParticipantsFemale
	ActBeneficiariesTotal
	ActBeneficiariesFemale
	ActTargetGroup
	ActManagersTrainedFemale
	ActJobsWomenHTX
	ActJobsWomenTHT
	ActLoanFund
	ActLoanAmount
	ActLoanTermMonths
	ActLoanPurpose
	ActLoanStatus
	ActNotes
	ActBeneficiaryRegNo
	ActBeneficiaryName
	ActBeneficiaryProvince
	actCosts // first cost column: one per coop.FundingSources
)

// ActCost returns the column of the i-th source of coop.FundingSources.
func ActCost(i int) int { return actCosts + i }

var actColumnCount = actCosts + len(coop.FundingSources)

// ActivityFields returns the columns of the activities sheet.
func ActivityFields() []Field {
	cols := make([]Field, actColumnCount)
	cols[ActKey] = Field{Key: "key", Header: "Mã hoạt động", Aliases: []string{"Mã HĐ", "Số thứ tự hoạt động"},
		Help: "các dòng cùng mã là một hoạt động hỗ trợ nhiều tổ chức; thông tin hoạt động lấy ở dòng đầu tiên. Để trống thì mỗi dòng là một hoạt động."}
	cols[ActTitle] = Field{Key: "title", Header: "Tên hoạt động", Required: true, Width: 40,
		Help: "hoạt động đã có cùng tên, ngày bắt đầu và tỉnh thì được cập nhật thay vì thêm mới."}
	cols[ActType] = Field{Key: "type", Header: "Loại hoạt động", List: labels(coop.ActivityTypes), Width: 28, Help: "chọn trong danh sách."}
	cols[ActStartsOn] = Field{Key: "starts_on", Header: "Ngày bắt đầu", Kind: Date, Help: "ngày/tháng/năm, từ 01/01/2023."}
	cols[ActEndsOn] = Field{Key: "ends_on", Header: "Ngày kết thúc", Kind: Date, Help: "để trống với hoạt động trong một ngày."}
	cols[ActProvince] = Field{Key: "province", Header: "Tỉnh, thành phố", Aliases: []string{"Tỉnh", "Tỉnh/thành phố", "Tỉnh, thành phố tổ chức hoạt động"}, List: provinceNames(),
		Help: "để trống với hoạt động cấp trung ương; tên tỉnh cũ trước 1/7/2025 được chuyển sang tỉnh mới."}
	cols[ActCommune] = Field{Key: "commune", Header: "Xã, phường", Aliases: []string{"Xã/phường"}}
	cols[ActTask] = Field{Key: "task", Header: "Nhiệm vụ kế hoạch", Aliases: []string{"Nhiệm vụ trong kế hoạch"}, Width: 30, Help: "số hoặc tên nhiệm vụ trong kế hoạch của tỉnh (không bắt buộc)."}
	cols[ActOrganiser] = Field{Key: "organiser", Header: "Đơn vị tổ chức", Width: 25}
	cols[ActPartners] = Field{Key: "partners", Header: "Đơn vị phối hợp", Width: 25}
	cols[ActParticipantsTotal] = Field{Kind: Integer, Key: "participants_total", Header: "Số người tham dự"}
	cols[ActParticipantsFemale] = Field{Kind: Integer, Key: "participants_female", Header: "Số người tham dự nữ", Aliases: []string{"Số người tham dự là nữ"}}
	cols[ActBeneficiariesTotal] = Field{Kind: Integer, Key: "beneficiaries_total", Header: "Số người thụ hưởng"}
	cols[ActBeneficiariesFemale] = Field{Kind: Integer, Key: "beneficiaries_female", Header: "Số người thụ hưởng nữ", Aliases: []string{"Số người thụ hưởng là nữ"}}
	cols[ActTargetGroup] = Field{Key: "target_group", Header: "Đối tượng đào tạo", List: labels(coop.TrainingTargetGroups), Help: "với hoạt động đào tạo, bồi dưỡng."}
	cols[ActManagersTrainedFemale] = Field{Kind: Integer, Key: "managers_trained_female", Header: "Số cán bộ quản lý nữ được đào tạo", Aliases: []string{"Cán bộ quản lý nữ được đào tạo"}}
	cols[ActJobsWomenHTX] = Field{Kind: Integer, Key: "jobs_women_htx", Header: "Việc làm cho lao động nữ trong HTX", Aliases: []string{"Việc làm cho phụ nữ tại HTX"}}
	cols[ActJobsWomenTHT] = Field{Kind: Integer, Key: "jobs_women_tht", Header: "Việc làm cho lao động nữ trong tổ hợp tác", Aliases: []string{"Việc làm cho phụ nữ tại THT"}}
	cols[ActLoanFund] = Field{Key: "loan_fund", Header: "Quỹ cho vay", List: labels(coop.LoanFunds), Help: "với hoạt động hỗ trợ vốn."}
	cols[ActLoanAmount] = Field{Kind: Money, Key: "loan_amount", Header: "Số tiền vay (đồng)"}
	cols[ActLoanTermMonths] = Field{Kind: Integer, Key: "loan_term_months", Header: "Thời hạn vay (tháng)"}
	cols[ActLoanPurpose] = Field{Key: "loan_purpose", Header: "Mục đích vay"}
	cols[ActLoanStatus] = Field{Key: "loan_status", Header: "Tình trạng khoản vay", List: labels(coop.LoanStatuses)}
	cols[ActNotes] = Field{Key: "notes", Header: "Ghi chú", Width: 30}
	cols[ActBeneficiaryRegNo] = Field{Key: "beneficiary_registration_no", Header: "Mã số HTX thụ hưởng", Aliases: []string{"Mã số HTX"},
		Help: "tổ chức được hỗ trợ, tìm theo mã số; không có mã số thì theo tên trong tỉnh của hoạt động (xem trang “" + SheetLookup + "”)."}
	cols[ActBeneficiaryName] = Field{Key: "beneficiary_name", Header: "Tổ chức thụ hưởng", Aliases: []string{"Tên tổ chức"}, Width: 35}
	cols[ActBeneficiaryProvince] = Field{Key: "beneficiary_province", Header: "Tỉnh của tổ chức thụ hưởng", Aliases: []string{"Tỉnh, thành phố của tổ chức"},
		List: provinceNames(), Help: "để tìm tổ chức theo tên khi khác tỉnh của hoạt động (hoạt động cấp trung ương)."}
	for i, s := range coop.FundingSources {
		cols[ActCost(i)] = Field{Kind: Money, Key: "cost_" + s.Code, Header: "Kinh phí - " + s.Label + " (đồng)"}
	}
	return cols
}

// ActivityRow is one row of an activities sheet, decoded: the activity's
// fields as given (Given says which cells were not empty) and the
// beneficiary it names, if any.
type ActivityRow struct {
	Num             int
	Key             string
	Activity        coop.Activity
	Given           []bool
	Task            string // the plan task as given: a number or a title
	BeneficiaryReg  string
	BeneficiaryName string
	BeneficiaryProv string // 2025 code, "" when not given
	Province        coop.ProvinceResolution
	Cells           []string // the row as read, by column
	Errors          []CellError
}

// central is how the activity lists write a central activity's province.
var central = HeaderKey("Trung ương")

var trainingGroupExtra = Keys("Cán bộ quản lý nữ", "female_managers", "Thành viên", "members_workers")

// DecodeActivity reads one row of an activities sheet. Problems of form
// are in Errors; the activity's rules are checked later.
func DecodeActivity(row Row) ActivityRow {
	c := &Cells{Row: row}
	r := ActivityRow{Num: row.Num, Key: c.Text(ActKey), Given: make([]bool, actColumnCount), Cells: row.Cells}
	for i := range r.Given {
		r.Given[i] = c.Given(i)
	}
	a := &r.Activity
	a.Title, a.Commune, a.Organiser, a.Partners = c.Text(ActTitle), c.Text(ActCommune), c.Text(ActOrganiser), c.Text(ActPartners)
	a.Notes, a.LoanPurpose = c.Text(ActNotes), c.Text(ActLoanPurpose)
	a.Type = c.Code(ActType, coop.ActivityTypes, nil, "Loại hoạt động")
	a.StartsOn, a.EndsOn = c.Date(ActStartsOn), c.Date(ActEndsOn)
	if HeaderKey(c.Text(ActProvince)) != central {
		r.Province = c.Province(ActProvince, false)
		a.Province = r.Province.Code
	}
	r.Task = c.Text(ActTask)
	a.ParticipantsTotal, a.ParticipantsFemale = c.Count(ActParticipantsTotal), c.Count(ActParticipantsFemale)
	a.BeneficiariesTotal, a.BeneficiariesFemale = c.Count(ActBeneficiariesTotal), c.Count(ActBeneficiariesFemale)
	a.TargetGroup = c.Code(ActTargetGroup, coop.TrainingTargetGroups, trainingGroupExtra, "Đối tượng đào tạo")
	a.ManagersTrainedFemale = c.Count(ActManagersTrainedFemale)
	a.JobsWomenHTX, a.JobsWomenTHT = c.Count(ActJobsWomenHTX), c.Count(ActJobsWomenTHT)
	a.LoanFund = c.Code(ActLoanFund, coop.LoanFunds, nil, "Quỹ cho vay")
	a.LoanAmount, a.LoanTermMonths = c.Count(ActLoanAmount), c.Count(ActLoanTermMonths)
	a.LoanStatus = c.Code(ActLoanStatus, coop.LoanStatuses, nil, "Tình trạng khoản vay")
	for i, s := range coop.FundingSources {
		if c.Given(ActCost(i)) {
			a.Costs = append(a.Costs, coop.Cost{Source: s.Code, Amount: c.Count(ActCost(i))})
		}
	}
	r.BeneficiaryReg, r.BeneficiaryName = c.Text(ActBeneficiaryRegNo), c.Text(ActBeneficiaryName)
	r.BeneficiaryProv = c.Province(ActBeneficiaryProvince, false).Code
	r.Errors = c.Errors
	return r
}

// ActivityValues returns an activity as a row of the activities sheet,
// without a beneficiary.
func ActivityValues(a *coop.Activity, task string) []any {
	v := make([]any, actColumnCount)
	v[ActTitle], v[ActType] = a.Title, coop.ActivityTypes.Label(a.Type)
	v[ActStartsOn], v[ActEndsOn] = a.StartsOn, a.EndsOn
	v[ActProvince] = ""
	if a.Province != "" {
		v[ActProvince] = coop.ProvinceName(a.Province)
	}
	v[ActCommune], v[ActTask], v[ActOrganiser], v[ActPartners] = a.Commune, task, a.Organiser, a.Partners
	v[ActParticipantsTotal], v[ActParticipantsFemale] = a.ParticipantsTotal, a.ParticipantsFemale
	v[ActBeneficiariesTotal], v[ActBeneficiariesFemale] = a.BeneficiariesTotal, a.BeneficiariesFemale
	v[ActTargetGroup], v[ActManagersTrainedFemale] = coop.TrainingTargetGroups.Label(a.TargetGroup), a.ManagersTrainedFemale
	v[ActJobsWomenHTX], v[ActJobsWomenTHT] = a.JobsWomenHTX, a.JobsWomenTHT
	v[ActLoanFund], v[ActLoanAmount], v[ActLoanTermMonths] = coop.LoanFunds.Label(a.LoanFund), a.LoanAmount, a.LoanTermMonths
	v[ActLoanPurpose], v[ActLoanStatus], v[ActNotes] = a.LoanPurpose, coop.LoanStatuses.Label(a.LoanStatus), a.Notes
	for i, s := range coop.FundingSources {
		v[ActCost(i)] = nil
		for _, c := range a.Costs {
			if c.Source == s.Code {
				v[ActCost(i)] = c.Amount
			}
		}
	}
	if a.Type != coop.ActivityTraining {
		v[ActTargetGroup], v[ActManagersTrainedFemale] = "", nil
	}
	if a.Type != coop.ActivityCapital {
		v[ActLoanAmount], v[ActLoanTermMonths] = nil, nil
	}
	return v
}
