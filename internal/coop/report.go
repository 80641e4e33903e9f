package coop

import (
	"fmt"
	"sort"
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
	switch n := runes(r.Title); {
	case n == 0:
		p.Add("title", "Nhập trích yếu (tên) của báo cáo.")
	case n < 5:
		p.Add("title", "Trích yếu quá ngắn (tối thiểu 5 ký tự).")
	case n > 500:
		p.Add("title", textTooLong("Trích yếu", 500))
	}
	if !ReportConventions.Valid(r.Convention) {
		p.Add("convention", "Chọn cách tính kỳ số liệu (Nghị định 09/2019 hoặc năm dương lịch).")
	}
	for k, v := range r.Narrative {
		if !ReportSections.Valid(k) {
			p.Add("narrative", fmt.Sprintf("Phần %q không có trong báo cáo.", k))
			continue
		}
		if runes(v) > maxSection {
			p.Add("narrative."+k, textTooLong("Phần “"+ReportSections.Label(k)+"”", maxSection))
		}
	}
	m := r.Meta
	for _, f := range []struct {
		v, key, what string
		max          int
	}{
		{m.Number, "meta.number", "Số, ký hiệu", 50},
		{m.Place, "meta.place", "Địa danh", 100},
		{m.SignerName, "meta.signer_name", "Họ tên người ký", 100},
		{m.SignerTitle, "meta.signer_title", "Chức vụ người ký", 200},
	} {
		if runes(f.v) > f.max {
			p.Add(f.key, textTooLong(f.what, f.max))
		}
	}
	if m.Date != "" && !ValidDate(m.Date) {
		p.Add("meta.date", "Ngày ban hành không hợp lệ (định dạng ngày/tháng/năm).")
	}
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
	switch n := runes(c.Body); {
	case n == 0:
		p.Add("body", "Nhập nội dung.")
	case n < 3:
		p.Add("body", "Nội dung quá ngắn.")
	case n > maxComment:
		p.Add("body", textTooLong("Nội dung", maxComment))
	}
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

// ReportVersion is a report as it was frozen at a submission (or, for the
// national report, at its issue): figures, narrative and document meta.
type ReportVersion struct {
	ReportID      int64          `json:"report_id"`
	Version       int            `json:"version"`
	FrozenAt      time.Time      `json:"frozen_at"`
	FrozenBy      string         `json:"frozen_by"`
	WindowFrom    string         `json:"window_from"`
	WindowTo      string         `json:"window_to"`
	Title         string         `json:"title"`
	Meta          ReportMeta     `json:"meta"`
	Narrative     Narrative      `json:"narrative"`
	Figures       []Figure       `json:"figures"`
	Consolidation *Consolidation `json:"consolidation,omitempty"` // the national report's table by province
}

// FigureChange is a figure that differs between two versions.
type FigureChange struct {
	Key              string `json:"key"`
	Group            string `json:"group"`
	Label            string `json:"label"`
	Unit             string `json:"unit"`
	Old              *int64 `json:"old"` // effective values; nil when the figure is absent
	New              *int64 `json:"new"`
	OldCompiled      *int64 `json:"old_compiled,omitempty"`
	NewCompiled      *int64 `json:"new_compiled,omitempty"`
	OldJustification string `json:"old_justification,omitempty"`
	NewJustification string `json:"new_justification,omitempty"`
}

// TextChange is a narrative section or document field that differs.
type TextChange struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// VersionDiff is what changed from version A to version B.
type VersionDiff struct {
	A         int            `json:"a"`
	B         int            `json:"b"`
	Figures   []FigureChange `json:"figures"`
	Sections  []TextChange   `json:"sections"`
	Meta      []TextChange   `json:"meta"`
	Unchanged int            `json:"unchanged_figures"`
}

// Same reports whether nothing changed.
func (d VersionDiff) Same() bool {
	return len(d.Figures) == 0 && len(d.Sections) == 0 && len(d.Meta) == 0
}

// CompareVersions lists the figures (effective value, compiled value or
// justification), sections and document fields that differ from a to b, in
// the order of b's figures (then those only a had) and of the sections.
func CompareVersions(a, b *ReportVersion) VersionDiff {
	d := VersionDiff{A: a.Version, B: b.Version, Figures: []FigureChange{}, Sections: []TextChange{}, Meta: []TextChange{}}
	old := map[string]Figure{}
	for _, f := range a.Figures {
		old[f.Key] = f
	}
	seen := map[string]bool{}
	ptr := func(v int64) *int64 { return &v }
	for _, nf := range b.Figures {
		seen[nf.Key] = true
		of, had := old[nf.Key]
		if had && of.Effective() == nf.Effective() && of.Value == nf.Value && of.Justification == nf.Justification {
			d.Unchanged++
			continue
		}
		c := FigureChange{Key: nf.Key, Group: nf.Group, Label: nf.Label, Unit: nf.Unit,
			New: ptr(nf.Effective()), NewCompiled: ptr(nf.Value), NewJustification: nf.Justification}
		if had {
			c.Old, c.OldCompiled, c.OldJustification = ptr(of.Effective()), ptr(of.Value), of.Justification
		}
		d.Figures = append(d.Figures, c)
	}
	for _, of := range a.Figures {
		if !seen[of.Key] {
			d.Figures = append(d.Figures, FigureChange{Key: of.Key, Group: of.Group, Label: of.Label, Unit: of.Unit,
				Old: ptr(of.Effective()), OldCompiled: ptr(of.Value), OldJustification: of.Justification})
		}
	}
	for _, s := range ReportSections {
		if a.Narrative[s.Code] != b.Narrative[s.Code] {
			d.Sections = append(d.Sections, TextChange{Key: s.Code, Label: s.Label, Old: a.Narrative[s.Code], New: b.Narrative[s.Code]})
		}
	}
	for _, f := range []struct{ key, label, old, new string }{
		{"title", "Trích yếu", a.Title, b.Title},
		{"meta.number", "Số, ký hiệu", a.Meta.Number, b.Meta.Number},
		{"meta.place", "Địa danh", a.Meta.Place, b.Meta.Place},
		{"meta.date", "Ngày ban hành", a.Meta.Date, b.Meta.Date},
		{"meta.signer_name", "Người ký", a.Meta.SignerName, b.Meta.SignerName},
		{"meta.signer_title", "Chức vụ người ký", a.Meta.SignerTitle, b.Meta.SignerTitle},
		{"meta.recipients", "Nơi nhận", strings.Join(a.Meta.Recipients, "\n"), strings.Join(b.Meta.Recipients, "\n")},
	} {
		if f.old != f.new {
			d.Meta = append(d.Meta, TextChange{Key: f.key, Label: f.label, Old: f.old, New: f.new})
		}
	}
	return d
}

// ConsolidationSource says where a province's figures in the national
// report come from: its approved report (the last frozen version) or, when
// none is approved, the figures compiled live from its data.
type ConsolidationSource struct {
	Province     string `json:"province"`
	ProvinceName string `json:"province_name"`
	ReportID     int64  `json:"report_id,omitempty"`
	Status       string `json:"status"` // the report's status, "" when none was opened
	Approved     bool   `json:"approved"`
	Version      int    `json:"version,omitempty"` // the approved version used
	Label        string `json:"label"`             // "Đã phê duyệt (phiên bản 3)" or "Số liệu trực tiếp, chưa phê duyệt"
}

// ConsolidatedFigure is one figure of the national report: the national
// value and each province's (its effective value), plus the centre's own
// records.
type ConsolidatedFigure struct {
	Figure
	ByProvince map[string]int64 `json:"by_province"`
	Central    int64            `json:"central"`
}

// Consolidation is the national report's table by province.
type Consolidation struct {
	Sources []ConsolidationSource `json:"sources"`
	Figures []ConsolidatedFigure  `json:"figures"`
	// How many provinces' figures come from an approved report.
	Approved int `json:"approved"`
}

// Consolidate builds the national table from each province's figures (in
// the order of sources) and the centre's own figures. Counts and amounts
// add up; a percent is recomputed from the summed numerators and
// denominators; the national target of an indicator is given by targets
// (by figure key), other targets add up.
func Consolidate(sources []ConsolidationSource, byProvince map[string][]Figure, central []Figure, targets map[string]*int64) *Consolidation {
	c := &Consolidation{Sources: sources, Figures: []ConsolidatedFigure{}}
	index := map[string]int{}
	type ratio struct{ num, den int64 }
	ratios := map[string]*ratio{}
	add := func(f Figure, province string) {
		i, ok := index[f.Key]
		if !ok {
			i = len(c.Figures)
			index[f.Key] = i
			base := f
			base.Value, base.Num, base.Den, base.Target, base.Override, base.Justification = 0, 0, 0, nil, nil, ""
			c.Figures = append(c.Figures, ConsolidatedFigure{Figure: base, ByProvince: map[string]int64{}})
			if f.Unit == FigurePercent {
				ratios[f.Key] = &ratio{}
			}
		}
		cf := &c.Figures[i]
		if !ok {
			cf.NoData = true
		}
		if !f.NoData || f.Override != nil {
			cf.NoData = false
		}
		v := f.Effective()
		if province == "" {
			cf.Central = v
		} else {
			cf.ByProvince[province] = v
		}
		if f.Unit == FigurePercent {
			r := ratios[f.Key]
			r.num += f.Num
			r.den += f.Den
			return
		}
		cf.Value += v
		if f.Target != nil {
			t := *f.Target
			if cf.Target != nil {
				t += *cf.Target
			}
			cf.Target = &t
		}
	}
	for _, s := range sources {
		if s.Approved {
			c.Approved++
		}
		for _, f := range byProvince[s.Province] {
			add(f, s.Province)
		}
	}
	for _, f := range central {
		add(f, "")
	}
	for i := range c.Figures {
		cf := &c.Figures[i]
		if r, ok := ratios[cf.Key]; ok {
			cf.Num, cf.Den, cf.Value = r.num, r.den, BasisPoints(r.num, r.den)
		}
		if t, ok := targets[cf.Key]; ok {
			cf.Target = t
		}
	}
	return c
}

// SortFigures orders figures by group (as FigureGroups lists them), keeping
// the order within a group.
func SortFigures(figs []Figure) {
	pos := map[string]int{}
	for i, g := range FigureGroups {
		pos[g.Code] = i
	}
	sort.SliceStable(figs, func(i, j int) bool { return pos[figs[i].Group] < pos[figs[j].Group] })
}
