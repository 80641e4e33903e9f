package web

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"htxnu/internal/coop"
)

// How the audit trail reads in Vietnamese: what each kind of record is
// called and where it lives, and how each field's values are written.

// auditEntity names a kind of audited record.
type auditEntity struct {
	Code, Label string
	link        func(id int64) string // the record's page, if it has one
}

var auditEntities = []auditEntity{
	{"organisation", "Tổ chức", func(id int64) string { return fmt.Sprintf("/organisations/%d", id) }},
	{"activity", "Hoạt động hỗ trợ", func(id int64) string { return fmt.Sprintf("/activities/%d", id) }},
	{"founding_case", "Hồ sơ hỗ trợ thành lập mới", func(id int64) string { return fmt.Sprintf("/pipeline/%d", id) }},
	{"obstacle", "Khó khăn, vướng mắc", func(id int64) string { return fmt.Sprintf("/obstacles/%d", id) }},
	{"union_staff", "Số liệu cán bộ Hội (T7, T8)", func(id int64) string { return fmt.Sprintf("/union-staff#union-staff-%d", id) }},
	{"plan", "Kế hoạch", func(id int64) string { return fmt.Sprintf("/plans/%d", id) }},
	{"plan_task", "Nhiệm vụ của kế hoạch", nil},
	{"report", "Báo cáo", func(id int64) string { return fmt.Sprintf("/reports/%d", id) }},
	{"report_template", "Mẫu báo cáo", nil},
	{"indicator", "Chỉ tiêu toàn quốc", nil},
	{"target_allocation", "Chỉ tiêu giao cho tỉnh", nil},
	{"showcase", "Mô hình điển hình", func(id int64) string { return fmt.Sprintf("/organisations/%d", id) }},
	{"user", "Tài khoản", nil},
	{"api_token", "Mã truy cập API", nil},
	{"classification_rule", "Quy tắc phân loại", nil},
}

func entityOf(code string) auditEntity {
	for _, e := range auditEntities {
		if e.Code == code {
			return e
		}
	}
	return auditEntity{Code: code, Label: "Bản ghi khác"}
}

var moreActionLabels = map[string]string{
	"move": "Chuyển bước", "submit": "Gửi báo cáo", "resubmit": "Gửi lại báo cáo", "return": "Trả lại để chỉnh sửa",
	"approve": "Phê duyệt", "reopen": "Mở lại", "comment": "Góp ý", "reply": "Trả lời góp ý",
	"allocate": "Giao chỉ tiêu", "propose": "Đề xuất chỉ tiêu", "accept": "Chấp nhận đề xuất", "reject": "Không chấp nhận đề xuất",
	"publish": "Công bố", "unpublish": "Thôi công bố", "request_password_reset": "Yêu cầu đặt lại mật khẩu qua email",
}

// hiddenFields are kept for the machine, not for people.
var hiddenFields = map[string]bool{
	"id": true, "version": true, "row_version": true, "created_at": true, "updated_at": true, "search_key": true, "sort_key": true,
	"anchor_key": true, "anchor_kind": true, "comment_id": true, "parent_id_comment": true, "plan_id": true, "task_id": true,
	"raised_by_org_id": true, "organisation_id": true, "from": true, "created_by": true,
}

var moreFieldLabels = map[string]string{
	"title": "Tiêu đề", "type": "Loại hoạt động", "starts_on": "Từ ngày", "ends_on": "Đến ngày", "organiser": "Đơn vị tổ chức",
	"partners": "Đơn vị phối hợp", "notes": "Ghi chú", "attachments": "Tài liệu kèm theo", "costs": "Kinh phí đã chi",
	"budget": "Kinh phí kế hoạch", "beneficiary_ids": "Tổ chức được hỗ trợ", "organisation_ids": "Tổ chức gặp vướng mắc",
	"beneficiaries_total": "Người được hỗ trợ", "beneficiaries_female": "Người được hỗ trợ là nữ",
	"participants_total": "Người tham dự", "participants_female": "Người tham dự là nữ",
	"managers_trained_female": "Cán bộ quản lý nữ được đào tạo", "jobs_women_htx": "Việc làm cho phụ nữ trong HTX",
	"jobs_women_tht": "Việc làm cho phụ nữ trong THT", "loan_amount": "Số tiền vay", "loan_fund": "Quỹ cho vay",
	"loan_purpose": "Mục đích vay", "loan_status": "Tình trạng khoản vay", "loan_term_months": "Thời hạn vay (tháng)",
	"target_group": "Đối tượng", "advised_on": "Ngày tư vấn", "dossier_on": "Ngày nộp hồ sơ", "registered_on": "Ngày đăng ký",
	"dropped_on": "Ngày dừng", "drop_reason": "Lý do dừng", "contact_name": "Người liên hệ", "contact_phone": "Điện thoại liên hệ",
	"group_name": "Tên nhóm", "members_planned": "Số thành viên dự kiến", "women_led": "Do phụ nữ làm chủ",
	"answer": "Trả lời", "answered_by": "Người trả lời", "category": "Lĩnh vực vướng mắc", "description": "Nội dung",
	"due_on": "Hạn xử lý", "female_workers_affected": "Lao động nữ bị ảnh hưởng", "policy": "Chính sách liên quan",
	"recommendation": "Kiến nghị", "phase": "Giai đoạn", "indicators": "Chỉ tiêu liên quan", "responsible_unit": "Đơn vị chủ trì",
	"task_group": "Nhóm nhiệm vụ", "body": "Nội dung góp ý", "convention": "Cách trình bày", "deadline": "Hạn gửi",
	"meta": "Thông tin văn bản", "narrative": "Nội dung báo cáo", "overrides": "Số liệu điều chỉnh", "period_key": "Kỳ báo cáo",
	"window_from": "Số liệu từ ngày", "window_to": "Số liệu đến ngày", "story": "Câu chuyện", "results": "Kết quả",
	"published": "Công bố", "contact": "Đầu mối liên hệ", "value": "Giá trị", "milestone": "Mốc", "note": "Ghi chú",
	"target_2025": "Chỉ tiêu đến 2025", "target_2030": "Chỉ tiêu đến 2030", "sessions": "Số phiên đăng nhập",
	"label": "Tên", "number": "Số văn bản", "place": "Địa danh", "signer_name": "Người ký", "signer_title": "Chức vụ người ký",
}

// valueLabels: fields whose values are codes, by entity ("" for any).
func valueLabel(entity, field, v string) (string, bool) {
	lists := map[string]coop.CodeList{
		"type": coop.ActivityTypes, "category": coop.ObstacleCategories, "task_group": coop.TaskGroups, "phase": coop.Phases,
		"loan_fund": coop.LoanFunds, "loan_status": coop.LoanStatuses, "target_group": coop.TrainingTargetGroups,
		"convention": coop.ReportConventions, "sector": coop.Sectors, "governance": coop.GovernanceModels, "role": coop.Roles,
	}
	switch {
	case field == "status" || field == "from":
		switch entity {
		case "report":
			return coop.ReportStatusLabel(v, false), true
		case "obstacle":
			return coop.ObstacleStatuses.Label(v), true
		case "founding_case":
			return coop.FoundingStages.Label(v), true
		case "plan":
			return coop.PlanStatuses.Label(v), true
		case "plan_task":
			return coop.TaskStatuses.Label(v), true
		case "target_allocation":
			return coop.AllocationStatuses.Label(v), true
		}
		return coop.Statuses.Label(v), true
	case field == "kind":
		switch entity {
		case "report":
			return coop.ReportKinds.Label(v), true
		case "founding_case":
			return coop.FoundingKinds.Label(v), true
		case "report_comment", "comment":
			return coop.CommentKinds.Label(v), true
		}
		return coop.Kinds.Label(v), true
	case field == "province":
		if v == "" {
			return "Trung ương", true
		}
		return coop.ProvinceName(v), true
	case field == "source":
		return coop.FundingSources.Label(v), true
	}
	if l, ok := lists[field]; ok {
		return l.Label(v), true
	}
	return "", false
}

// isDateField: the field holds a date (YYYY-MM-DD).
func isDateField(field string) bool {
	return strings.HasSuffix(field, "_on") || field == "deadline" || field == "window_from" || field == "window_to" ||
		field == "starts_on" || field == "ends_on"
}

// isMoneyField: the field holds đồng.
func isMoneyField(field string) bool {
	return field == "loan_amount" || field == "amount" || strings.HasSuffix(field, "_income")
}

// readable writes a JSON value of the field as people read it.
func readable(entity, field string, raw json.RawMessage) string {
	if raw == nil {
		return ""
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return ""
	}
	return readableValue(entity, field, v)
}

func readableValue(entity, field string, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		return yesNo(x, false)
	case float64:
		switch {
		case isMoneyField(field):
			return coop.FormatInt(int64(x)) + " đ"
		case strings.HasSuffix(field, "_id") && x == 0:
			return ""
		}
		return coop.FormatInt(int64(x))
	case string:
		if l, ok := valueLabel(entity, field, x); ok && x != "" {
			return l
		}
		if isDateField(field) && coop.ValidDate(x) {
			return coop.FormatDateVN(x)
		}
		if field == "rule" {
			if r, ok := coop.RuleByID(x); ok {
				return r.Name
			}
		}
		return x
	case []any:
		switch field {
		case "beneficiary_ids", "organisation_ids":
			if len(x) == 0 {
				return ""
			}
			return coop.FormatInt(int64(len(x))) + " tổ chức"
		case "costs":
			var parts []string
			for _, c := range x {
				if m, ok := c.(map[string]any); ok {
					src, _ := m["source"].(string)
					amt, _ := m["amount"].(float64)
					parts = append(parts, coop.FundingSources.Label(src)+": "+coop.FormatInt(int64(amt))+" đ")
				}
			}
			return strings.Join(parts, "; ")
		}
		parts := make([]string, 0, len(x))
		for _, e := range x {
			parts = append(parts, readableValue(entity, field, e))
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		return readableMap(entity, field, x)
	}
	return ""
}

// readableMap writes an object: a budget by source, a document's details,
// or a report's sections (counted, not printed whole).
func readableMap(entity, field string, m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	switch field {
	case "budget":
		for _, k := range keys {
			amt, _ := m[k].(float64)
			parts = append(parts, coop.FundingSources.Label(k)+": "+coop.FormatInt(int64(amt))+" đ")
		}
	case "narrative":
		for _, k := range keys {
			parts = append(parts, coop.ReportSections.Label(k))
		}
		if len(parts) == 0 {
			return "chưa viết mục nào"
		}
		return "các mục: " + strings.Join(parts, "; ")
	case "overrides":
		if len(m) == 0 {
			return "không có"
		}
		return coop.FormatInt(int64(len(m))) + " số liệu điều chỉnh"
	default:
		for _, k := range keys {
			s := readableValue(entity, k, m[k])
			if s == "" {
				continue
			}
			label := moreFieldLabels[k]
			if label == "" {
				label = fieldLabels[k]
			}
			if label == "" {
				continue
			}
			parts = append(parts, label+": "+s)
		}
	}
	return strings.Join(parts, "; ")
}

// textChange shortens a change of a long text to the words that changed,
// with a few words of context either side.
func textChange(before, after string) (string, string) {
	const long, context = 120, 6
	if len(before) < long && len(after) < long {
		return before, after
	}
	b, a := strings.Fields(before), strings.Fields(after)
	p := 0
	for p < len(b) && p < len(a) && b[p] == a[p] {
		p++
	}
	s := 0
	for s < len(b)-p && s < len(a)-p && b[len(b)-1-s] == a[len(a)-1-s] {
		s++
	}
	cut := func(w []string) string {
		from, to := max(p-context, 0), min(len(w)-s+context, len(w))
		out := strings.Join(w[from:to], " ")
		if from > 0 {
			out = "… " + out
		}
		if to < len(w) {
			out += " …"
		}
		return out
	}
	return cut(b), cut(a)
}

// recordName finds what people call the record in the event's values.
func recordName(before, after map[string]json.RawMessage) string {
	for _, m := range []map[string]json.RawMessage{after, before} {
		for _, k := range []string{"name", "title", "group_name", "label", "email"} {
			var s string
			if json.Unmarshal(m[k], &s) == nil && s != "" {
				return s
			}
		}
	}
	return ""
}

func fieldLabel(k string) string {
	if l := fieldLabels[k]; l != "" {
		return l
	}
	return moreFieldLabels[k]
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
