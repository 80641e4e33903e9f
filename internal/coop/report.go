package coop

import (
	"fmt"
	"strings"
	"time"
)

// Report statuses. A report is a conversation between a province and the
// centre: drafted, submitted, returned with comments, corrected and
// resubmitted, approved.
const (
	ReportDraft     = "draft"
	ReportSubmitted = "submitted"
	ReportReturned  = "returned"
	ReportApproved  = "approved"
)

// ReportStatuses lists the statuses with their Vietnamese names.
var ReportStatuses = CodeList{
	{ReportDraft, "Dự thảo"},
	{ReportSubmitted, "Đã gửi"},
	{ReportReturned, "Trả lại để chỉnh sửa"},
	{ReportApproved, "Đã phê duyệt"},
}

// ReportStatusLabel names a status; the national report, which nobody
// approves, is "issued" (ban hành) when locked.
func ReportStatusLabel(status string, national bool) string {
	if national && status == ReportApproved {
		return "Đã ban hành"
	}
	return ReportStatuses.Label(status)
}

// Workflow actions on a report.
const (
	ActionSubmit   = "submit"
	ActionResubmit = "resubmit"
	ActionReturn   = "return"
	ActionApprove  = "approve"
	ActionReopen   = "reopen"
)

// ReportActions lists the actions with their Vietnamese names.
var ReportActions = CodeList{
	{ActionSubmit, "Gửi báo cáo"},
	{ActionResubmit, "Gửi lại báo cáo"},
	{ActionReturn, "Trả lại để chỉnh sửa"},
	{ActionApprove, "Phê duyệt"},
	{ActionReopen, "Mở lại báo cáo đã phê duyệt"},
}

type reportTransition struct {
	from []string
	to   string
	msg  string // when the report is in another status
}

var provincialTransitions = map[string]reportTransition{
	ActionSubmit:   {[]string{ReportDraft}, ReportSubmitted, "Chỉ gửi được báo cáo đang ở trạng thái dự thảo."},
	ActionResubmit: {[]string{ReportReturned}, ReportSubmitted, "Chỉ gửi lại được báo cáo đã bị trả lại để chỉnh sửa."},
	ActionReturn:   {[]string{ReportSubmitted}, ReportReturned, "Chỉ trả lại được báo cáo đã gửi, đang chờ phê duyệt."},
	ActionApprove:  {[]string{ReportSubmitted}, ReportApproved, "Chỉ phê duyệt được báo cáo đã gửi, đang chờ phê duyệt."},
	ActionReopen:   {[]string{ReportApproved}, ReportReturned, "Chỉ mở lại được báo cáo đã phê duyệt."},
}

// The national report is written by the centre itself: it is issued
// (approved) straight from a draft, and reopened by an administrator.
var nationalTransitions = map[string]reportTransition{
	ActionApprove: {[]string{ReportDraft, ReportReturned}, ReportApproved, "Báo cáo toàn quốc này đã được ban hành."},
	ActionReopen:  {[]string{ReportApproved}, ReportReturned, "Chỉ mở lại được báo cáo đã ban hành."},
}

// NextReportStatus returns the status a report moves to when the action is
// taken from the status, or an EINVALID error saying why it may not.
func NextReportStatus(action, from string, national bool) (string, error) {
	table := provincialTransitions
	if national {
		table = nationalTransitions
	}
	t, ok := table[action]
	if !ok {
		msg := "Thao tác này không áp dụng cho báo cáo này."
		if national {
			msg = "Báo cáo toàn quốc do Liên minh HTX Việt Nam lập và ban hành, không gửi, trả lại như báo cáo của tỉnh."
		}
		return "", &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"status": msg}}
	}
	for _, f := range t.from {
		if f == from {
			return t.to, nil
		}
	}
	return "", &Error{Code: EINVALID, Message: t.msg,
		Fields: map[string]string{"status": "Trạng thái hiện tại: " + ReportStatusLabel(from, national) + "."}}
}

// ReportEditable reports whether a report in the status may be changed:
// drafts and reports returned for correction.
func ReportEditable(status string) bool { return status == ReportDraft || status == ReportReturned }

// Narrative sections of a report.
const (
	SectionResults         = "results"
	SectionDifficulties    = "difficulties"
	SectionRecommendations = "recommendations"
	SectionNextTasks       = "next_tasks"
)

// ReportSections lists the narrative sections in the order a report reads.
var ReportSections = CodeList{
	{SectionResults, "Kết quả thực hiện"},
	{SectionDifficulties, "Khó khăn, vướng mắc"},
	{SectionRecommendations, "Kiến nghị, đề xuất"},
	{SectionNextTasks, "Nhiệm vụ kỳ tới"},
}

var sectionHints = map[string]string{
	SectionResults:         "Kết quả triển khai các nhiệm vụ của Đề án trong kỳ, đối chiếu với kế hoạch và chỉ tiêu được giao.",
	SectionDifficulties:    "Khó khăn, vướng mắc của HTX, tổ hợp tác và lao động nữ khi tiếp cận chính sách; nguyên nhân.",
	SectionRecommendations: "Kiến nghị, đề xuất với Liên minh HTX Việt Nam, UBND tỉnh và các cơ quan liên quan.",
	SectionNextTasks:       "Nhiệm vụ, giải pháp trọng tâm kỳ tới.",
}

// SectionHint says what a section should contain.
func SectionHint(key string) string { return sectionHints[key] }

// Narrative is the text of a report by section key.
type Narrative map[string]string

// Limits of a report's texts.
const (
	maxSection       = 30000
	maxJustification = 1000
	minJustification = 10
	maxComment       = 4000
)

// ReportMeta is what the official document carries besides its body
// (Decree 30/2020/NĐ-CP): number and symbol, place and date, signer,
// recipients.
type ReportMeta struct {
	Number      string   `json:"number"`         // "12/BC-LMHTX"
	Place       string   `json:"place"`          // "Tuyên Quang", as in "Tuyên Quang, ngày … tháng … năm …"
	Date        string   `json:"date,omitempty"` // YYYY-MM-DD; empty: the date it is submitted or issued
	SignerName  string   `json:"signer_name"`
	SignerTitle string   `json:"signer_title"` // "CHỦ TỊCH", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH"
	Recipients  []string `json:"recipients"`   // Nơi nhận
}

// Override replaces a compiled figure with a value the province stands
// behind, with its written justification. The compiled value stays beside it.
type Override struct {
	Value         int64  `json:"value"`
	Justification string `json:"justification"`
}

// Report is a periodic (or thematic, ad hoc) report of a province to VCA,
// or VCA's national report (Province "").
type Report struct {
	ID       int64  `json:"id"`
	Province string `json:"province"` // "" for the national report
	Period
	PeriodKey        string              `json:"period_key"`
	Convention       string              `json:"convention"`
	WindowFrom       string              `json:"window_from"`
	WindowTo         string              `json:"window_to"`
	Deadline         string              `json:"deadline"`
	Title            string              `json:"title"`
	Status           string              `json:"status"`
	Version          int                 `json:"version"`     // the current version: the one last frozen, or being drafted
	RowVersion       int64               `json:"row_version"` // optimistic concurrency
	Meta             ReportMeta          `json:"meta"`
	Narrative        Narrative           `json:"narrative"`
	Overrides        map[string]Override `json:"overrides"`
	CreatedBy        string              `json:"created_by"`
	CreatedAt        time.Time           `json:"created_at"`
	UpdatedAt        time.Time           `json:"updated_at"`
	FirstSubmittedAt *time.Time          `json:"first_submitted_at,omitempty"`
	SubmittedAt      *time.Time          `json:"submitted_at,omitempty"`
	SubmittedBy      string              `json:"submitted_by,omitempty"`
	ApprovedAt       *time.Time          `json:"approved_at,omitempty"`
	ApprovedBy       string              `json:"approved_by,omitempty"`
}

// National reports whether this is VCA's national report.
func (r *Report) National() bool { return r.Province == "" }

// Editable reports whether the report's working copy may change.
func (r *Report) Editable() bool { return ReportEditable(r.Status) }

// Name is what people call the report.
func (r *Report) Name() string { return r.Period.Name(r.Title) }

// Whose names who reports: "tỉnh Tuyên Quang", "thành phố Hà Nội", or
// "Liên minh HTX Việt Nam".
func Whose(province string) string {
	if province == "" {
		return "Liên minh HTX Việt Nam"
	}
	name := []rune(ProvinceName(province))
	return strings.ToLower(string(name[:1])) + string(name[1:])
}

// OnTime reports whether the first submission came on or before the
// deadline, in Vietnam time.
func OnTime(firstSubmitted *time.Time, deadline string) bool {
	return firstSubmitted != nil && firstSubmitted.In(vnZone).Format("2006-01-02") <= deadline
}

// Normalize cleans the editable texts of the report.
func (r *Report) Normalize() {
	r.Title = Clean(r.Title)
	r.Convention = strings.TrimSpace(r.Convention)
	r.Narrative = r.Narrative.normalized()
	r.Meta.normalize()
	r.Overrides = normalizeOverrides(r.Overrides)
}

func (n Narrative) normalized() Narrative {
	out := Narrative{}
	for k, v := range n {
		if v = cleanLines(v); v != "" {
			out[strings.TrimSpace(k)] = v
		}
	}
	return out
}

func (m *ReportMeta) normalize() {
	m.Number, m.Place, m.SignerName, m.SignerTitle = Clean(m.Number), Clean(m.Place), Clean(m.SignerName), Clean(m.SignerTitle)
	m.Date = ParseDateVN(m.Date)
	var rs []string
	for _, r := range m.Recipients {
		if r = Clean(r); r != "" {
			rs = append(rs, r)
		}
	}
	m.Recipients = rs
	if m.Recipients == nil {
		m.Recipients = []string{}
	}
}

func normalizeOverrides(ov map[string]Override) map[string]Override {
	out := map[string]Override{}
	for k, o := range ov {
		o.Justification = cleanLines(o.Justification)
		out[strings.TrimSpace(k)] = o
	}
	return out
}

// Validate checks the report's editable fields: the title, the document
// meta, the length of each section (that every section is written is
// checked at submission, see ValidateForSubmit). Overrides are checked
// against the figures with ValidateOverrides.
func (r *Report) Validate() error {
	p := Problems{}
	p.requireText("title", r.Title, "Nhập trích yếu (tên) của báo cáo.", textRule{what: "Trích yếu", min: 5, max: 500})
	if !ReportConventions.Valid(r.Convention) {
		p.Add("convention", "Chọn cách tính kỳ số liệu (Nghị định 09/2019 hoặc năm dương lịch).")
	}
	for k, v := range r.Narrative {
		if !ReportSections.Valid(k) {
			p.Add("narrative", fmt.Sprintf("Phần %q không có trong báo cáo.", k))
			continue
		}
		p.maxText("narrative."+k, v, "Phần “"+ReportSections.Label(k)+"”", maxSection)
	}
	m := r.Meta
	p.maxText("meta.number", m.Number, "Số, ký hiệu", 50)
	p.maxText("meta.place", m.Place, "Địa danh", 100)
	p.maxText("meta.signer_name", m.SignerName, "Họ tên người ký", 100)
	p.maxText("meta.signer_title", m.SignerTitle, "Chức vụ người ký", 200)
	p.optionalDate("meta.date", m.Date, "Ngày ban hành", "Ngày ban hành không hợp lệ (định dạng ngày/tháng/năm).")
	if len(m.Recipients) > 30 {
		p.Add("meta.recipients", "Tối đa 30 nơi nhận.")
	}
	for _, rc := range m.Recipients {
		if runes(rc) > 200 {
			p.Add("meta.recipients", textTooLong("Mỗi nơi nhận", 200))
		}
	}
	return p.Err()
}

// ValidateForSubmit checks that the report can be sent: every narrative
// section is written.
func (r *Report) ValidateForSubmit() error {
	p := Problems{}
	for _, s := range ReportSections {
		if runes(strings.TrimSpace(r.Narrative[s.Code])) == 0 {
			p.Add("narrative."+s.Code, "Viết phần “"+s.Label+"” trước khi gửi báo cáo.")
		}
	}
	if len(p) > 0 {
		return &Error{Code: EINVALID, Message: "Báo cáo chưa viết đủ các phần, chưa gửi được.", Fields: map[string]string(p)}
	}
	return nil
}

// Comment kinds.
const (
	CommentNote   = "comment" // the centre's remark on a submitted report
	CommentReturn = "return"  // the note that came with a return
	CommentReply  = "reply"   // the province's answer
	CommentReopen = "reopen"  // why an approved report was reopened
)

// CommentKinds names the kinds of comment.
var CommentKinds = CodeList{
	{CommentNote, "Góp ý"},
	{CommentReturn, "Lý do trả lại"},
	{CommentReply, "Trả lời"},
	{CommentReopen, "Lý do mở lại"},
}

// What a comment is about.
const (
	AnchorReport  = "report"
	AnchorFigure  = "figure"
	AnchorSection = "section"
)

// ReportComment is one message of the conversation about a report, about a
// figure, a section or the whole report, on one version.
type ReportComment struct {
	ID          int64     `json:"id"`
	ReportID    int64     `json:"report_id"`
	Version     int       `json:"version"`
	Kind        string    `json:"kind"`
	AnchorKind  string    `json:"anchor_kind"`
	AnchorKey   string    `json:"anchor_key,omitempty"`
	AnchorLabel string    `json:"anchor_label,omitempty"`
	ParentID    int64     `json:"parent_id,omitempty"` // replies: the comment answered
	Body        string    `json:"body"`
	AuthorID    int64     `json:"author_id"`
	AuthorName  string    `json:"author_name"`
	AuthorRole  string    `json:"author_role"`
	CreatedAt   time.Time `json:"created_at"`
}

// Normalize cleans the comment's text and anchor.
func (c *ReportComment) Normalize() {
	c.Body = cleanLines(c.Body)
	c.AnchorKind, c.AnchorKey = strings.TrimSpace(c.AnchorKind), strings.TrimSpace(c.AnchorKey)
	if c.AnchorKind == "" {
		c.AnchorKind = AnchorReport
	}
	if c.AnchorKind == AnchorReport {
		c.AnchorKey = ""
	}
}

// Validate checks the comment's text and anchor against the figures of
// the version it is about.
func (c *ReportComment) Validate(figs []Figure) error {
	p := Problems{}
	p.requireText("body", c.Body, "Nhập nội dung.", textRule{what: "Nội dung", min: 3, max: maxComment, short: "Nội dung quá ngắn."})
	switch c.AnchorKind {
	case AnchorReport:
	case AnchorSection:
		if !ReportSections.Valid(c.AnchorKey) {
			p.Add("anchor_key", "Chọn phần của báo cáo được góp ý.")
		} else {
			c.AnchorLabel = ReportSections.Label(c.AnchorKey)
		}
	case AnchorFigure:
		found := false
		for _, f := range figs {
			if f.Key == c.AnchorKey {
				found, c.AnchorLabel = true, f.Label
			}
		}
		if !found {
			p.Add("anchor_key", "Chọn số liệu của báo cáo được góp ý.")
		}
	default:
		p.Add("anchor_kind", "Góp ý về một số liệu, một phần hay cả báo cáo.")
	}
	return p.Err()
}
