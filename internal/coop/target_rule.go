package coop

// Target rules: how each of T1–T8 is counted, as Decision 01 defines it.
// Each definition is a versioned rule named on every figure with a
// "Cách tính" text; a changed definition becomes a new id, never an edit
// of an old one. T3 and T4 have two rules, of which an administrator
// picks one; both are described in "Cách tính".

// TargetRule is one definition of an indicator.
type TargetRule struct {
	ID        string `json:"id"`
	Indicator string `json:"indicator"`
	Name      string `json:"name"`
	Method    string `json:"method"` // "Cách tính", for users
}

// Target rule ids.
const (
	RuleT1Consolidated = "t1-consolidated-v2"
	RuleT2Supported    = "t2-supported-v2"
	RuleJobsActivities = "jobs-activities-v2"
	RuleJobsWorkforce  = "jobs-workforce-v2"
	RuleT5Persons      = "t5-persons-v2"
	RuleT6Pipeline     = "t6-pipeline-htx-v2"
	RuleT7UnionStaff   = "t7-union-staff-v1"
	RuleT8UnionStaff   = "t8-union-staff-v1"
)

// CountingStart is the first day the count indicators count from: the day
// Decision 01 was signed. Its targets are cumulative to 2025 and to 2030,
// so a count runs from this day to the end of the period it is read for,
// and progress compares it with the time elapsed since this day.
const CountingStart = "2023-01-03"

// ConsolidationTypes are the kinds of support that consolidate and improve
// an existing cooperative (T1), whatever plan task they are filed under.
var ConsolidationTypes = []string{"trade_promotion", "market_linkage", "training", "technology", "capital", "ocop_support", "legal_advice"}

// TargetRules lists every definition.
var TargetRules = []TargetRule{
	{RuleT1Consolidated, "T1", "HTX có phụ nữ tham gia quản lý được hỗ trợ củng cố",
		"Số HTX (không tính liên hiệp, tổ hợp tác; không tính hồ sơ đã lưu trữ) mà vào ngày được hỗ trợ có phụ nữ giữ chức danh quản lý " +
			"theo quy tắc phụ nữ tham gia quản lý đang áp dụng, và đã nhận ít nhất một hoạt động hỗ trợ củng cố (xúc tiến thương mại, liên kết thị trường, " +
			"đào tạo, khoa học – công nghệ, hỗ trợ vốn, hỗ trợ OCOP, tư vấn pháp lý), dù hoạt động được ghi vào nhiệm vụ nào của kế hoạch. " +
			"Mỗi HTX tính một lần, từ ngày 03/01/2023 đến hết kỳ."},
	{RuleT2Supported, "T2", "Tổ hợp tác được hỗ trợ",
		"Số tổ hợp tác (không tính hồ sơ đã lưu trữ) được thành lập qua hồ sơ hỗ trợ thành lập mới (đăng ký trong khoảng tính) " +
			"hoặc nhận ít nhất một hoạt động hỗ trợ, từ ngày 03/01/2023 đến hết kỳ. Tổ hợp tác thành lập không qua hỗ trợ và chưa được hỗ trợ không tính. " +
			"Mỗi tổ hợp tác tính một lần."},
	{RuleJobsActivities, "T3/T4", "Việc làm ghi nhận ở hoạt động hỗ trợ",
		"Việc làm cho lao động nữ ghi ở các hoạt động hỗ trợ (T3: trong HTX, T4: trong tổ hợp tác) từ ngày 03/01/2023 đến hết kỳ; " +
			"việc làm của cùng một tổ chức trong cùng một nửa năm chỉ tính một lần (lấy số lớn nhất), trừ hoạt động được đánh dấu là việc làm tăng thêm. " +
			"Hoạt động không ghi tổ chức được hỗ trợ tính riêng từng hoạt động."},
	{RuleJobsWorkforce, "T3/T4", "Lao động nữ tăng thêm theo số liệu lao động",
		"Mức tăng ròng số lao động nữ trong số liệu lao động của các HTX (T3) và tổ hợp tác (T4): số liệu mới nhất đến hết kỳ trừ số liệu mới nhất " +
			"đến ngày 02/01/2023 (mốc đầu của Đề án; tổ chức chưa có số liệu khi đó tính từ 0). Tổ chức giảm lao động nữ làm giảm tổng."},
	{RuleT5Persons, "T5", "Nữ cán bộ quản lý HTX được đào tạo (theo người)",
		"Tử số: số phụ nữ đang giữ chức danh quản lý HTX vào ngày cuối kỳ có tên trong danh sách học viên (ghi theo từng người) của ít nhất một " +
			"lớp đào tạo, bồi dưỡng từ ngày 03/01/2023 đến hết kỳ, đối chiếu theo tổ chức và họ tên. Mẫu số: số phụ nữ giữ chức danh quản lý ở các HTX " +
			"đang hoạt động vào ngày cuối kỳ. Không có mẫu số thì ghi “chưa có số liệu”. Cảnh báo khi số “cán bộ quản lý nữ được đào tạo” ghi ở các lớp " +
			"lớn hơn số nữ cán bộ quản lý trong sổ đăng ký."},
	{RuleT6Pipeline, "T6", "HTX mới có phụ nữ tham gia quản lý được hỗ trợ thành lập",
		"Số hồ sơ hỗ trợ thành lập mới đã đăng ký từ ngày 03/01/2023 đến hết kỳ mà tổ chức mới là HTX (không tính tổ hợp tác, liên hiệp) " +
			"và vào ngày đăng ký có phụ nữ giữ chức danh quản lý theo quy tắc đang áp dụng (chức danh không ghi ngày bắt đầu tính từ khi thành lập)."},
	{RuleT7UnionStaff, "T7", "Cán bộ Hội làm công tác hỗ trợ phát triển kinh tế được tập huấn",
		"Số cán bộ Hội được tập huấn chia cho tổng số cán bộ Hội làm công tác hỗ trợ phát triển kinh tế, theo bản ghi mới nhất đến hết kỳ " +
			"của từng tỉnh (do Hội LHPN hoặc cán bộ tỉnh ghi). Tỉnh chưa ghi thì “chưa có số liệu”."},
	{RuleT8UnionStaff, "T8", "Cán bộ Hội được nâng cao kỹ năng tuyên truyền, vận động",
		"Số cán bộ Hội được nâng cao kỹ năng tuyên truyền, vận động chia cho tổng số cán bộ Hội làm công tác tuyên truyền, theo bản ghi mới nhất " +
			"đến hết kỳ của từng tỉnh. Tỉnh chưa ghi thì “chưa có số liệu”."},
}

// TargetRuleByID returns the definition with the id.
func TargetRuleByID(id string) (TargetRule, bool) {
	for _, r := range TargetRules {
		if r.ID == id {
			return r, true
		}
	}
	return TargetRule{}, false
}

// JobsRules are the two rules an administrator chooses between for T3 and
// T4; the first is the default.
var JobsRules = []string{RuleJobsActivities, RuleJobsWorkforce}
