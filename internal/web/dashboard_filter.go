package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"htxnu/internal/coop"
)

// dashFilter is what the reader chose in the filter form; the URL keeps it,
// so a dashboard can be shared.
type dashFilter struct {
	Province string `json:"province"`
	Kind     string `json:"kind"`
	Sector   string `json:"sector"`
	WIMRule  string `json:"women_managed_rule"`
	HFLRule  string `json:"high_female_labour_rule"`
	Period   string `json:"period"`
	From     string `json:"from"` // YYYY-MM
	To       string `json:"to"`
	Sort     string `json:"sort"`
	Dir      string `json:"dir"`
	// Status of the organisations counted: "" for active (what "đang hoạt
	// động" means everywhere), "suspended", "dissolved" or "all".
	Status string `json:"status"`
	// AsOf is the day the registry is read as of (YYYY-MM-DD); "" for
	// today.
	AsOf string `json:"as_of,omitempty"`
	// WindowFrom and WindowTo are the days of a report period's window
	// (Decree 09/2019: 15/12 of the previous year to 14/06 or 14/12), when
	// the period is one; From and To then hold the months it touches.
	WindowFrom string `json:"window_from,omitempty"`
	WindowTo   string `json:"window_to,omitempty"`
	// windowAsOf is set when AsOf is the report window's last day rather
	// than a day the reader chose: the URL and the form leave it out.
	windowAsOf bool
}

// countsStatus is the status filter of the registry counts.
func (f dashFilter) countsStatus() string {
	switch f.Status {
	case "":
		return coop.StatusActive
	case "all":
		return ""
	}
	return f.Status
}

// query returns the dashboard's URL with the filter and the overrides
// (key, value pairs). A named period stands for its months, so they are
// not repeated.
func (f dashFilter) query(kv ...string) string {
	from, to, asOf := f.From, f.To, f.AsOf
	if f.Period != "" {
		from, to = "", ""
	}
	if f.windowAsOf {
		asOf = ""
	}
	pairs := []string{"province", f.Province, "kind", f.Kind, "sector", f.Sector, "women_managed_rule", f.WIMRule,
		"high_female_labour_rule", f.HFLRule, "period", f.Period, "from", from, "to", to, "sort", f.Sort, "dir", f.Dir,
		"status", f.Status, "as_of", asOf}
	return link("/dashboard", append(pairs, kv...)...)
}

// parseDashFilter reads the filters. A provincial account always gets its
// own province, and asking for another is not found, as is an unknown
// province; other unknown values are dropped with a warning.
func parseDashFilter(q url.Values, a coop.Actor) (dashFilter, []string, error) {
	f := dashFilter{
		Province: strings.TrimSpace(q.Get("province")), Kind: strings.ToUpper(strings.TrimSpace(q.Get("kind"))),
		Sector: strings.TrimSpace(q.Get("sector")), WIMRule: q.Get("women_managed_rule"), HFLRule: q.Get("high_female_labour_rule"),
		Period: strings.TrimSpace(q.Get("period")), Sort: q.Get("sort"), Dir: q.Get("dir"),
		Status: strings.TrimSpace(q.Get("status")),
	}
	var warn []string
	if f.Status != "" && f.Status != "all" && !coop.Statuses.Valid(f.Status) {
		warn = append(warn, fmt.Sprintf("Không có tình trạng “%s”: chỉ tính tổ chức đang hoạt động.", f.Status))
		f.Status = ""
	}
	if f.Status == coop.StatusActive {
		f.Status = ""
	}
	if s := strings.TrimSpace(q.Get("as_of")); s != "" {
		if d := coop.ParseDateVN(s); coop.ValidDate(d) {
			f.AsOf = d
		} else {
			warn = append(warn, fmt.Sprintf("Không đọc được ngày “%s” (nhập dạng 2026-06-14 hoặc 14/06/2026): số liệu tính đến hôm nay.", s))
		}
	}
	if !a.National() {
		if f.Province != "" && f.Province != a.Province {
			return f, nil, coop.NotFound("tỉnh, thành phố")
		}
		f.Province = a.Province
	} else if f.Province != "" {
		if _, ok := coop.ProvinceByCode(f.Province); !ok {
			return f, nil, coop.NotFound("tỉnh, thành phố")
		}
	}
	if f.Kind != "" && !coop.Kinds.Valid(f.Kind) {
		warn = append(warn, fmt.Sprintf("Không có loại hình “%s”: đã bỏ bộ lọc loại hình.", f.Kind))
		f.Kind = ""
	}
	if f.Sector != "" && !coop.Sectors.Valid(f.Sector) {
		warn = append(warn, fmt.Sprintf("Không có lĩnh vực “%s”: đã bỏ bộ lọc lĩnh vực.", f.Sector))
		f.Sector = ""
	}
	for _, rf := range []struct {
		id     *string
		family string
	}{{&f.WIMRule, coop.FamilyWomenManaged}, {&f.HFLRule, coop.FamilyHighFemaleLabour}} {
		if *rf.id == "" {
			continue
		}
		if r, ok := coop.RuleByID(*rf.id); !ok || r.Family != rf.family {
			warn = append(warn, fmt.Sprintf("Không có quy tắc phân loại “%s”: dùng quy tắc đang áp dụng.", *rf.id))
			*rf.id = ""
		}
	}
	from, to := q.Get("from"), q.Get("to")
	f.From, f.To = parseMonth(from), parseMonth(to)
	if from != "" && f.From == "" {
		warn = append(warn, fmt.Sprintf("Không đọc được tháng bắt đầu “%s” (nhập dạng 2026-01 hoặc 01/2026).", from))
	}
	if to != "" && f.To == "" {
		warn = append(warn, fmt.Sprintf("Không đọc được tháng kết thúc “%s” (nhập dạng 2026-06 hoặc 06/2026).", to))
	}
	switch {
	case f.From != "" && f.To != "" && f.From > f.To:
		warn = append(warn, "Tháng bắt đầu sau tháng kết thúc: đã bỏ bộ lọc thời gian.")
		f.From, f.To, f.Period = "", "", ""
	case f.From != "" || f.To != "":
		f.Period = "" // an explicit window wins over a named period
	case f.Period != "":
		lo, hi, ok := namedPeriod(f.Period)
		if !ok {
			warn = append(warn, fmt.Sprintf("Không có kỳ “%s”: đã bỏ bộ lọc thời gian.", f.Period))
			f.Period = ""
		}
		f.From, f.To = lo, hi
		f.WindowFrom, f.WindowTo, _ = reportWindow(f.Period)
	}
	return f, warn, nil
}

// parseMonth reads a month as YYYY-MM, YYYY-MM-DD, MM/YYYY or M/YYYY and
// returns YYYY-MM, or "" when it is none of them.
func parseMonth(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01", "2006-01-02", "01/2006", "1/2006"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1900 {
			return t.Format("2006-01")
		}
	}
	return ""
}

// reportPrefix marks a report period: the data window of a periodic
// report under Decree 09/2019 ("report-2026-H1", "report-2026").
const reportPrefix = "report-"

// reportPeriod returns the periodic report a period code names.
func reportPeriod(code string) (coop.Period, bool) {
	rest, ok := strings.CutPrefix(code, reportPrefix)
	if !ok {
		return coop.Period{}, false
	}
	year, half, _ := strings.Cut(rest, "-")
	y, err := strconv.Atoi(year)
	p := coop.Period{Kind: coop.ReportAnnual, Year: y}
	if half == "H1" {
		p.Kind = coop.ReportSixMonthly
	} else if half != "" {
		return p, false
	}
	p.Normalize()
	return p, err == nil && len(year) == 4 && p.Validate() == nil
}

// reportWindow returns the days of a report period's window under Decree
// 09/2019.
func reportWindow(code string) (string, string, bool) {
	p, ok := reportPeriod(code)
	if !ok {
		return "", "", false
	}
	from, to := p.Window(coop.ConventionDecree09)
	return from, to, true
}

// namedPeriod returns the months of a named period: a phase
// ("phase-2026-2030"), a year ("2026"), a half-year ("2026-H1"), or a
// report period ("report-2026-H1": the months its window touches).
func namedPeriod(p string) (string, string, bool) {
	if from, to, ok := reportWindow(p); ok {
		return from[:7], to[:7], true
	}
	for _, ph := range coop.SchemePhases {
		if p == "phase-"+ph.Code {
			return ph.Start[:7], ph.End[:7], true
		}
	}
	year, half, _ := strings.Cut(p, "-")
	y, err := strconv.Atoi(year)
	if err != nil || len(year) != 4 || y < 1990 || y > 2100 {
		return "", "", false
	}
	switch half {
	case "":
		return year + "-01", year + "-12", true
	case "H1":
		return year + "-01", year + "-06", true
	case "H2":
		return year + "-07", year + "-12", true
	}
	return "", "", false
}

// periodOptions are the named periods offered: the phases, then each year
// of the Scheme to this one, newest first, with its report periods (the
// windows of the annual and six-monthly reports under Decree 09/2019)
// before its calendar year and halves, each with its dates.
func periodOptions(today string) []coop.Code {
	out := []coop.Code{}
	for _, ph := range coop.SchemePhases {
		out = append(out, coop.Code{Code: "phase-" + ph.Code, Label: ph.Label})
	}
	last, _ := strconv.Atoi(today[:4])
	for y := last; y >= 2023; y-- {
		ys := strconv.Itoa(y)
		for _, code := range []string{reportPrefix + ys, reportPrefix + ys + "-H1"} {
			p, _ := reportPeriod(code)
			from, to := p.Window(coop.ConventionDecree09)
			out = append(out, coop.Code{Code: code, Label: "Kỳ báo cáo " + p.Label() + " (theo Nghị định 09/2019: " +
				coop.FormatDateVN(from) + "–" + coop.FormatDateVN(to) + ")"})
		}
		out = append(out, coop.Code{Code: ys, Label: "Năm dương lịch " + ys + " (01/01–31/12)"},
			coop.Code{Code: ys + "-H1", Label: "6 tháng đầu năm dương lịch " + ys + " (01/01–30/06)"},
			coop.Code{Code: ys + "-H2", Label: "6 tháng cuối năm dương lịch " + ys + " (01/07–31/12)"})
	}
	return out
}

// notes say which figures each filter applies to.
func (d *dashboard) notes() []string {
	f := d.Filter
	out := []string{}
	if f.WindowFrom != "" {
		out = append(out, "Kỳ báo cáo theo Nghị định 09/2019 (từ "+coop.FormatDateVN(f.WindowFrom)+" đến "+coop.FormatDateVN(f.WindowTo)+
			"): hoạt động hỗ trợ và vốn vay tính theo ngày trong kỳ, đúng như báo cáo của kỳ; số tổ chức theo sổ đăng ký vào ngày cuối kỳ (khi kỳ đã kết thúc); biểu đồ theo tháng gồm trọn tháng đầu và tháng cuối của kỳ.")
	} else if f.From != "" || f.To != "" {
		out = append(out, "Thời gian ("+d.windowLabel()+") áp dụng cho hoạt động hỗ trợ, vốn vay và biểu đồ theo thời gian; chỉ tiêu T1–T8 tính luỹ kế từ 03/01/2023 đến hết kỳ, như báo cáo của kỳ; không áp dụng cho số tổ chức (hiện trạng sổ đăng ký) và vướng mắc (hiện trạng).")
	}
	if f.Kind != "" || f.Sector != "" {
		what := []string{}
		if f.Kind != "" {
			what = append(what, "loại hình "+coop.Kinds.Label(f.Kind))
		}
		if f.Sector != "" {
			what = append(what, "lĩnh vực "+coop.Sectors.Label(f.Sector))
		}
		out = append(out, "Bộ lọc "+strings.Join(what, ", ")+" áp dụng cho phần tổ chức kinh tế tập thể; không áp dụng cho chỉ tiêu, hoạt động hỗ trợ và vướng mắc.")
	}
	if f.WIMRule != "" || f.HFLRule != "" {
		out = append(out, "Quy tắc phân loại đã chọn áp dụng cho phần tổ chức kinh tế tập thể; chỉ tiêu T1–T8 luôn tính theo quy tắc đang áp dụng của hệ thống (“"+ruleName(d.Rule)+"”).")
	}
	return out
}

// windowLabel describes the window in words.
func (d *dashboard) windowLabel() string {
	f := d.Filter
	for _, p := range d.Periods {
		if p.Code == f.Period && f.Period != "" {
			return strings.ToLower(p.Label[:1]) + p.Label[1:]
		}
	}
	m := func(s string) string { return s[5:7] + "/" + s[:4] }
	switch {
	case f.From != "" && f.To != "":
		return "từ " + m(f.From) + " đến " + m(f.To)
	case f.From != "":
		return "từ " + m(f.From)
	case f.To != "":
		return "đến " + m(f.To)
	}
	return "toàn bộ thời gian"
}
