package coop

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Report kinds (DOMAIN.md §6).
const (
	ReportSixMonthly = "six_monthly"
	ReportAnnual     = "annual"
	ReportPhase      = "phase"
	ReportThematic   = "thematic"
	ReportAdHoc      = "ad_hoc"
)

// ReportKinds lists the kinds of report with their Vietnamese names.
var ReportKinds = CodeList{
	{ReportSixMonthly, "Báo cáo 6 tháng"},
	{ReportAnnual, "Báo cáo năm"},
	{ReportPhase, "Báo cáo sơ kết/tổng kết giai đoạn"},
	{ReportThematic, "Báo cáo chuyên đề"},
	{ReportAdHoc, "Báo cáo đột xuất"},
}

// Periodic reports whether the period is one a province owes every year (or
// at each phase end); thematic and ad hoc reports are asked for when needed
// and carry an explicit window.
func (p Period) Periodic() bool {
	return p.Kind == ReportSixMonthly || p.Kind == ReportAnnual || p.Kind == ReportPhase
}

// Conventions for the data window of a periodic report.
const (
	// ConventionDecree09 is the window of State administrative reports
	// (Decree 09/2019/NĐ-CP, Art. 12): from 15 December of the previous year
	// to 14 June (six-monthly) or 14 December (annual).
	ConventionDecree09 = "decree09"
	// ConventionCalendar is the window of statistical reports: 1 January to
	// 30 June or 31 December.
	ConventionCalendar = "calendar"
)

// ReportConventions lists the window conventions.
var ReportConventions = CodeList{
	{ConventionDecree09, "Theo Nghị định 09/2019/NĐ-CP (từ 15/12 năm trước đến 14/6 hoặc 14/12)"},
	{ConventionCalendar, "Theo năm dương lịch (từ 01/01 đến 30/6 hoặc 31/12)"},
}

// Levels of reporting, each with its own deadline.
const (
	LevelProvince = "province" // a provincial alliance reports to VCA
	LevelNational = "national" // VCA's consolidated national report
)

// First and last years a report can cover: the Scheme runs 2023–2030.
const (
	FirstReportYear = 2023
	LastReportYear  = 2030
)

// Period is what a report covers: a kind and its year, half or phase, or
// an explicit window for thematic and ad hoc reports.
type Period struct {
	Kind  string `json:"kind"`
	Year  int    `json:"year"`            // the year reported on; a phase's last year; the year a thematic window ends
	Half  int    `json:"half,omitempty"`  // six-monthly reports: 1 (the first half; the second is in the annual report)
	Phase string `json:"phase,omitempty"` // phase reviews: a code of Phases
	From  string `json:"from,omitempty"`  // thematic and ad hoc reports: the window, YYYY-MM-DD
	To    string `json:"to,omitempty"`
}

// Normalize completes the period: a six-monthly report is of the first
// half, a phase review's year is the phase's last year, a thematic window's
// year is the year it ends; fields that do not apply are cleared.
func (p *Period) Normalize() {
	p.Kind = strings.TrimSpace(p.Kind)
	p.Phase = strings.TrimSpace(p.Phase)
	p.From, p.To = ParseDateVN(p.From), ParseDateVN(p.To)
	switch p.Kind {
	case ReportSixMonthly:
		if p.Half == 0 {
			p.Half = 1
		}
		p.Phase, p.From, p.To = "", "", ""
	case ReportAnnual:
		p.Half, p.Phase, p.From, p.To = 0, "", "", ""
	case ReportPhase:
		p.Half, p.From, p.To = 0, "", ""
		if _, last, ok := phaseYears(p.Phase); ok {
			p.Year = last
		}
	case ReportThematic, ReportAdHoc:
		p.Half, p.Phase = 0, ""
		if ValidDate(p.To) {
			p.Year, _ = strconv.Atoi(p.To[:4])
		}
	}
}

// Validate checks the period and returns an EINVALID *Error with a
// Vietnamese message per field.
func (p Period) Validate() error {
	pr := Problems{}
	if !ReportKinds.Valid(p.Kind) {
		pr.Add("kind", "Chọn loại báo cáo.")
		return pr.Err()
	}
	yearOK := func() {
		if p.Year < FirstReportYear || p.Year > LastReportYear {
			pr.Add("year", fmt.Sprintf("Năm báo cáo từ %d đến %d (thời gian thực hiện Đề án 01).", FirstReportYear, LastReportYear))
		}
	}
	switch p.Kind {
	case ReportSixMonthly:
		yearOK()
		if p.Half != 1 {
			pr.Add("half", "Báo cáo 6 tháng là báo cáo 6 tháng đầu năm; kết quả cả năm được tổng hợp trong báo cáo năm.")
		}
	case ReportAnnual:
		yearOK()
	case ReportPhase:
		if !Phases.Valid(p.Phase) {
			pr.Add("phase", "Chọn giai đoạn 2023–2025 hoặc 2026–2030.")
		}
	case ReportThematic, ReportAdHoc:
		const bounds = "Kỳ số liệu phải từ 15/12/2022 đến 31/12/2030."
		switch {
		case !pr.requireDate("from", p.From, "Nhập ngày bắt đầu kỳ số liệu.", bounds, "Ngày bắt đầu không hợp lệ (định dạng ngày/tháng/năm)."):
		case p.From < "2022-12-15":
			pr.Add("from", "Kỳ số liệu bắt đầu từ 15/12/2022 (Đề án 01 bắt đầu năm 2023).")
		}
		switch {
		case !pr.requireDate("to", p.To, "Nhập ngày kết thúc kỳ số liệu.", bounds, "Ngày kết thúc không hợp lệ (định dạng ngày/tháng/năm)."):
		case p.To > "2030-12-31":
			pr.Add("to", "Kỳ số liệu kết thúc chậm nhất ngày 31/12/2030.")
		case ValidDate(p.From) && p.To < p.From:
			pr.Add("to", "Ngày kết thúc không được trước ngày bắt đầu.")
		}
	}
	return pr.Err()
}

// phaseYears returns the first and last years of a phase code "2023-2025".
func phaseYears(code string) (first, last int, ok bool) {
	a, b, found := strings.Cut(code, "-")
	if !found || !Phases.Valid(code) {
		return 0, 0, false
	}
	first, err1 := strconv.Atoi(a)
	last, err2 := strconv.Atoi(b)
	return first, last, err1 == nil && err2 == nil
}

// Window returns the data window of the period under the convention
// (thematic and ad hoc reports carry their own). The period must be valid.
func (p Period) Window(convention string) (from, to string) {
	decree := convention != ConventionCalendar
	yearWindow := func(first, last int, end string) (string, string) {
		if decree {
			return fmt.Sprintf("%d-12-15", first-1), fmt.Sprintf("%d-%s", last, end)
		}
		return fmt.Sprintf("%d-01-01", first), fmt.Sprintf("%d-%s", last, end)
	}
	switch p.Kind {
	case ReportSixMonthly:
		if decree {
			return yearWindow(p.Year, p.Year, "06-14")
		}
		return yearWindow(p.Year, p.Year, "06-30")
	case ReportAnnual:
		if decree {
			return yearWindow(p.Year, p.Year, "12-14")
		}
		return yearWindow(p.Year, p.Year, "12-31")
	case ReportPhase:
		first, last, _ := phaseYears(p.Phase)
		if decree {
			return yearWindow(first, last, "12-14")
		}
		return yearWindow(first, last, "12-31")
	}
	return p.From, p.To
}

// Key identifies the period among a province's reports of the same kind:
// "2026-H1", "2025", "2023-2025", and for thematic and ad hoc reports the
// window and the folded title, since several may share a window.
func (p Period) Key(title string) string {
	switch p.Kind {
	case ReportSixMonthly:
		return fmt.Sprintf("%d-H%d", p.Year, p.Half)
	case ReportAnnual:
		return strconv.Itoa(p.Year)
	case ReportPhase:
		return p.Phase
	}
	return p.From + ".." + p.To + "/" + Fold(title)
}

// Label names the period in a sentence: "6 tháng đầu năm 2026", "năm 2025",
// "giai đoạn 2023–2025", "từ 01/03/2026 đến 31/05/2026".
func (p Period) Label() string {
	switch p.Kind {
	case ReportSixMonthly:
		return fmt.Sprintf("6 tháng đầu năm %d", p.Year)
	case ReportAnnual:
		return fmt.Sprintf("năm %d", p.Year)
	case ReportPhase:
		return "giai đoạn " + strings.ReplaceAll(p.Phase, "-", "–")
	}
	return fmt.Sprintf("từ %s đến %s", FormatDateVN(p.From), FormatDateVN(p.To))
}

// Name is what people call the report: "Báo cáo 6 tháng đầu năm 2026",
// "Báo cáo sơ kết giai đoạn 2023–2025", "Báo cáo chuyên đề «…»".
func (p Period) Name(title string) string {
	switch p.Kind {
	case ReportSixMonthly, ReportAnnual:
		return "Báo cáo " + p.Label()
	case ReportPhase:
		if p.Phase == "2026-2030" {
			return "Báo cáo tổng kết " + p.Label()
		}
		return "Báo cáo sơ kết " + p.Label()
	}
	return ReportKinds.Label(p.Kind) + " «" + title + "»"
}

// DefaultTitle is the summary line (trích yếu) a periodic report gets when
// none is given.
func (p Period) DefaultTitle() string {
	switch p.Kind {
	case ReportPhase:
		word := "Sơ kết"
		if p.Phase == "2026-2030" {
			word = "Tổng kết"
		}
		return word + " " + p.Label() + " thực hiện Đề án 01 “Hỗ trợ hợp tác xã do phụ nữ tham gia quản lý, tạo việc làm cho lao động nữ đến năm 2030”"
	case ReportSixMonthly, ReportAnnual:
		return "Kết quả thực hiện Đề án 01 “Hỗ trợ hợp tác xã do phụ nữ tham gia quản lý, tạo việc làm cho lao động nữ đến năm 2030” " + p.Label()
	}
	return ""
}

// PhaseEnd returns the phase that ends in the year, if any.
func PhaseEnd(year int) (string, bool) {
	for _, ph := range Phases {
		if _, last, ok := phaseYears(ph.Code); ok && last == year {
			return ph.Code, true
		}
	}
	return "", false
}

// ExpectedPeriods lists the periodic reports every province owes for a
// year: the six-monthly and annual reports, and a phase review when a phase
// ends that year.
func ExpectedPeriods(year int) []Period {
	out := []Period{{Kind: ReportSixMonthly, Year: year, Half: 1}, {Kind: ReportAnnual, Year: year}}
	if ph, ok := PhaseEnd(year); ok {
		out = append(out, Period{Kind: ReportPhase, Year: year, Phase: ph})
	}
	return out
}

// MilestoneFor returns the target milestone (2025 or 2030) a window ending
// on the date is measured against.
func MilestoneFor(to string) int {
	if to <= "2025-12-31" {
		return 2025
	}
	return 2030
}

// Working days.
//
// A deadline is counted in working days after the window closes, skipping
// Saturdays, Sundays and the public holidays that fall on fixed solar dates
// (Labour Code 2019, Art. 112): 1 January, 30 April, 1 May, 2 September and
// one day adjacent to 2 September, with a compensatory day on the next
// working day when one of them falls on a weekend. Lunar holidays (Tết
// Nguyên đán, the Hùng Kings' commemoration) are NOT computed: their dates
// follow the lunar calendar and the days off are set by the Prime Minister
// each year. Periodic deadlines fall in June and December (or early
// January), away from them; an administrator can lengthen a template's
// working days in a year when one would matter.

// nationalDayCompanion returns the day off adjacent to National Day in the
// year. The Government chooses it each year; this follows its usual choice:
// the day that joins the holiday to a weekend (3/9 when 1/9 is a weekend
// day or 3/9 a Friday), otherwise 1/9.
func nationalDayCompanion(year int) time.Time {
	before := time.Date(year, 9, 1, 0, 0, 0, 0, time.UTC)
	after := time.Date(year, 9, 3, 0, 0, 0, 0, time.UTC)
	if weekend(before) || after.Weekday() == time.Friday {
		return after
	}
	return before
}

func weekend(d time.Time) bool { return d.Weekday() == time.Saturday || d.Weekday() == time.Sunday }

// holidays returns the days off of a year as "MM-DD".
func holidays(year int) map[string]bool {
	fixed := []time.Time{
		time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(year, 4, 30, 0, 0, 0, 0, time.UTC),
		time.Date(year, 5, 1, 0, 0, 0, 0, time.UTC),
		time.Date(year, 9, 2, 0, 0, 0, 0, time.UTC),
		nationalDayCompanion(year),
	}
	off := map[string]bool{}
	for _, d := range fixed {
		off[d.Format("01-02")] = true
	}
	// A holiday on a weekend gives the next working day off.
	for _, d := range fixed {
		if !weekend(d) {
			continue
		}
		c := d.AddDate(0, 0, 1)
		for weekend(c) || off[c.Format("01-02")] {
			c = c.AddDate(0, 0, 1)
		}
		off[c.Format("01-02")] = true
	}
	return off
}

// WorkingDay reports whether the date (YYYY-MM-DD) is a working day.
func WorkingDay(date string) bool {
	d, err := time.Parse("2006-01-02", date)
	if err != nil {
		return false
	}
	return !weekend(d) && !holidays(d.Year())[d.Format("01-02")]
}

// Deadline returns the date n working days after the window's last day
// (at least one: a report is never due the day its window closes).
func Deadline(windowTo string, n int) string {
	d, err := time.Parse("2006-01-02", windowTo)
	if err != nil {
		return ""
	}
	if n < 1 {
		n = 1
	}
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if WorkingDay(d.Format("2006-01-02")) {
			n--
		}
	}
	return d.Format("2006-01-02")
}

// DaysBetween returns the number of calendar days from a to b (both
// YYYY-MM-DD): positive when b is later.
func DaysBetween(a, b string) int {
	ta, err1 := time.Parse("2006-01-02", a)
	tb, err2 := time.Parse("2006-01-02", b)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(tb.Sub(ta).Hours() / 24)
}

// ReportTemplate holds, for one kind of report, the default window
// convention and how many working days after the window each level has to
// report. An administrator may change them.
type ReportTemplate struct {
	Kind         string    `json:"kind"`
	Convention   string    `json:"convention"`
	ProvinceDays int       `json:"province_days"` // a province reports to VCA
	NationalDays int       `json:"national_days"` // VCA's national report
	Version      int64     `json:"version"`
	UpdatedAt    time.Time `json:"updated_at"`
	UpdatedBy    string    `json:"updated_by"`
}

// Days returns the working days allowed at the level.
func (t ReportTemplate) Days(level string) int {
	if level == LevelNational {
		return t.NationalDays
	}
	return t.ProvinceDays
}

// Default working days after the window.
const (
	DefaultProvinceDays = 3
	DefaultNationalDays = 10
)

// Validate checks a template and returns per-field Vietnamese messages.
func (t ReportTemplate) Validate() error {
	p := Problems{}
	if !ReportKinds.Valid(t.Kind) {
		p.Add("kind", "Chọn loại báo cáo.")
	}
	if !ReportConventions.Valid(t.Convention) {
		p.Add("convention", "Chọn cách tính kỳ số liệu (Nghị định 09/2019 hoặc năm dương lịch).")
	}
	if t.ProvinceDays < 1 || t.ProvinceDays > 60 {
		p.Add("province_days", "Thời hạn tỉnh gửi báo cáo từ 1 đến 60 ngày làm việc sau khi hết kỳ.")
	}
	if t.NationalDays < 1 || t.NationalDays > 90 {
		p.Add("national_days", "Thời hạn báo cáo toàn quốc từ 1 đến 90 ngày làm việc sau khi hết kỳ.")
	}
	if t.ProvinceDays >= 1 && t.NationalDays >= 1 && t.NationalDays < t.ProvinceDays {
		p.Add("national_days", "Báo cáo toàn quốc tổng hợp báo cáo các tỉnh nên có thời hạn không sớm hơn thời hạn của tỉnh.")
	}
	return p.Err()
}

// textTooLong is the message for a text over its limit.
func textTooLong(what string, max int) string {
	return fmt.Sprintf("%s quá dài (tối đa %s ký tự).", what, FormatInt(int64(max)))
}

func runes(s string) int { return utf8.RuneCountInString(s) }
