package web

import (
	"fmt"
	"html"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/report"
	"htxnu/internal/store"
	"htxnu/internal/xlsx"
)

// templateFuncs builds the one FuncMap every page is parsed with: the
// functions shared by all pages, then each module's own. A name given
// twice is an error, so one module cannot shadow another's function.
func templateFuncs() (template.FuncMap, error) {
	out := template.FuncMap{}
	for _, group := range []template.FuncMap{baseFuncs(), codeListFuncs(), activityFuncs(), dashboardFuncs(), exportFuncs(), importFuncs(), obstacleFuncs(), pipelineFuncs(), planFuncs(), reportFuncs(), showcaseFuncs(), targetFuncs(), dashboardWindowFuncs(), reportChangeFuncs(), unionStaffFuncs()} {
		for name, fn := range group {
			if _, dup := out[name]; dup {
				return nil, fmt.Errorf("web: template function %q is defined twice", name)
			}
			out[name] = fn
		}
	}
	return out, nil
}

// codeFuncs names the two template functions of a code list: one gives a
// code's label, the other the whole list.
type codeFuncs struct {
	label, list string
	codes       coop.CodeList
}

// codeListFuncs are the functions of the code lists the pages show: of
// the registry, the activities, the obstacle log and the plans.
func codeListFuncs() template.FuncMap {
	fm := template.FuncMap{}
	for _, l := range []codeFuncs{
		{"kind", "kinds", coop.Kinds}, {"sector", "sectors", coop.Sectors}, {"status", "statuses", coop.Statuses},
		{"role", "roles", coop.ManagementRoles}, {"sex", "sexes", coop.Sexes}, {"ocopGroup", "ocopGroups", coop.OCOPGroups},
		{"governance", "govModels", coop.GovernanceModels},
		{"actType", "actTypes", coop.ActivityTypes}, {"actSource", "actSources", coop.FundingSources},
		{"actGroup", "actGroups", coop.TrainingTargetGroups}, {"actFund", "actFunds", coop.LoanFunds},
		{"actLoanStatus", "actLoanStatuses", coop.LoanStatuses},
		{"obsStatus", "obsStatuses", coop.ObstacleStatuses}, {"obsCategory", "obsCategories", coop.ObstacleCategories},
		{"taskGroup", "taskGroups", coop.TaskGroups}, {"taskStatus", "taskStatuses", coop.TaskStatuses},
		{"planStatus", "planStatuses", coop.PlanStatuses}, {"phase", "phases", coop.Phases},
		{"fundingSource", "fundingSources", coop.FundingSources},
	} {
		codes := l.codes
		fm[l.label] = codes.Label
		fm[l.list] = func() coop.CodeList { return codes }
	}
	return fm
}

// baseFuncs are the functions shared by every page: numbers, dates, code
// lists, paging and what the actor may do.
func baseFuncs() template.FuncMap {
	return template.FuncMap{
		"int":       func(n int64) string { return coop.FormatInt(n) },
		"intn":      func(n int) string { return coop.FormatInt(int64(n)) },
		"date":      coop.FormatDateVN,
		"province":  coop.ProvinceName,
		"provinces": coop.Provinces,
		"rulesOf": func(family string) []coop.Rule {
			var out []coop.Rule
			for _, r := range coop.Rules {
				if r.Family == family {
					out = append(out, r)
				}
			}
			return out
		},
		"rule":  func(id string) coop.Rule { r, _ := coop.RuleByID(id); return r },
		"stars": func(n int) string { return strings.Repeat("★", n) },
		"percent": func(part, total int64) string {
			if total <= 0 {
				return "–"
			}
			return coop.FormatPercent(float64(part)/float64(total)) + "%"
		},
		"money": func(n int64) string { return coop.FormatInt(n) + " đ" },
		"field": func(errs map[string]string, key string) string { return errs[key] },
		"pageURL": func(q url.Values, page int) string {
			c := url.Values{}
			for k, v := range q {
				c[k] = v
			}
			c.Set("page", strconv.Itoa(page))
			return "?" + c.Encode()
		},
		"add": func(a, b int) int { return a + b },
		"seq": func(from, to int) []int {
			var out []int
			for i := from; i <= to; i++ {
				out = append(out, i)
			}
			return out
		},
		"pageWindow": func(page, pages int) []int {
			lo, hi := page-2, page+2
			if lo < 1 {
				lo = 1
			}
			if hi > pages {
				hi = pages
			}
			var out []int
			for i := lo; i <= hi; i++ {
				out = append(out, i)
			}
			return out
		},
		"i64":      func(n int) int64 { return int64(n) },
		"roleName": coop.Roles.Label,
		"roleList": func() coop.CodeList { return coop.Roles },
		"when": func(t any) string {
			switch v := t.(type) {
			case time.Time:
				return v.In(vnZone).Format("02/01/2006 15:04")
			case *time.Time:
				if v == nil {
					return ""
				}
				return v.In(vnZone).Format("02/01/2006 15:04")
			}
			return ""
		},
		// may answers what the actor may do regardless of any one record
		// (menus, "add" buttons), as fields checked when the page renders;
		// per-record actions come in each page's data as a coop.ActionSet.
		"may":     coop.CapabilitiesOf,
		"helpFor": helpTopicFor,
	}
}

// activityFuncs are the functions of the pages of support activities.
func activityFuncs() template.FuncMap {
	return template.FuncMap{
		"actTaskGroup": coop.TaskGroups.Label,
		"actProvince": func(code string) string {
			if code == "" {
				return "Cấp trung ương"
			}
			return coop.ProvinceName(code)
		},
		"actVal": func(f url.Values, key string) string { return f.Get(key) },
		"actHas": func(f url.Values, key, v string) bool {
			for _, x := range f[key] {
				if x == v {
					return true
				}
			}
			return false
		},
		"actShort": func(s string, n int) string {
			r := []rune(s)
			if len(r) <= n {
				return s
			}
			return strings.TrimSpace(string(r[:n-1])) + "…"
		},
		"actAdd": func(a, b int64) int64 { return a + b },
		"actID":  func(id int64) string { return strconv.FormatInt(id, 10) },
		"actLines": func(s string) []string {
			if s == "" {
				return nil
			}
			return strings.Split(s, "\n")
		},
	}
}

// dashboardFuncs are the functions of the pages of the dashboards.
func dashboardFuncs() template.FuncMap {
	return template.FuncMap{
		"dashURL": func(f dashFilter, kv ...string) string { return f.query(kv...) },
		"dashPct": func(share float64) string { return coop.FormatPercent(share) },
		"dashInt": func(n *int64) string {
			if n == nil {
				return "–"
			}
			return coop.FormatInt(*n)
		},
		// dashHidden is the filter as hidden fields of the sort form.
		"dashHidden": func(f dashFilter) map[string]string {
			out := map[string]string{}
			u, _ := url.Parse(f.query("sort", "", "dir", ""))
			for k, v := range u.Query() {
				out[k] = v[0]
			}
			return out
		},
		"dashLine": func(t dashTable, r dashRow) any {
			return struct {
				Table dashTable
				Row   dashRow
			}{t, r}
		},
		// dashXLSX is the workbook of the dashboard as filtered.
		"dashXLSX": func(f dashFilter) string { return "/dashboard.xlsx" + strings.TrimPrefix(f.query(), "/dashboard") },
	}
}

// exportFuncs are the functions of the pages of list downloads.
func exportFuncs() template.FuncMap {
	return template.FuncMap{
		// {{downloads "/activities" .Query "Tải danh sách"}}: the links to
		// download a list as it is filtered on screen.
		"downloads": func(path string, q url.Values, label string) template.HTML {
			x, c := html.EscapeString(exportURL(path, xlsx.XLSX, q)), html.EscapeString(exportURL(path, xlsx.CSV, q))
			return template.HTML(`<span class="downloads">` + html.EscapeString(label) + `: <a href="` + x + `" download>Excel (.xlsx)</a> · <a href="` + c + `" download>CSV</a></span>`)
		},
	}
}

// importFuncs are the functions of the pages of spreadsheet imports.
func importFuncs() template.FuncMap {
	return template.FuncMap{
		"importStatus": store.ImportStatuses.Label,
		"importKind":   store.ImportKinds.Label,
		"importNoun":   store.ImportNoun,
		"importHeading": func(kind string) string {
			n := []rune(store.ImportNoun(kind))
			return strings.ToUpper(string(n[:1])) + string(n[1:])
		},
		"importLink": importLink,
		"canImport":  func(a coop.Actor) bool { return len(store.ImportableKinds(a)) > 0 },
	}
}

// obstacleFuncs are the functions of the pages of the obstacle log.
func obstacleFuncs() template.FuncMap {
	return template.FuncMap{
		"obsCount": func(m map[string]int, k string) string { return coop.FormatInt(int64(m[k])) },
		"hasID":    slices.Contains[[]int64],
		"lines":    func(s string) []string { return strings.Split(s, "\n") },
	}
}

// pipelineFuncs are the functions of the pages of the founding pipeline.
func pipelineFuncs() template.FuncMap {
	return template.FuncMap{
		"fcStage":  coop.FoundingStages.Label,
		"fcStages": func() coop.CodeList { return coop.FoundingStages },
		"fcKinds":  func() coop.CodeList { return coop.FoundingKinds },
	}
}

// planFuncs are the functions of the pages of plans and tasks.
func planFuncs() template.FuncMap {
	return template.FuncMap{
		"indicatorCodes": coop.IndicatorCodes,
		"planOwner": func(province string) string {
			if province == "" {
				return "Liên minh HTX Việt Nam"
			}
			return coop.ProvinceName(province)
		},
		"hasCode":    slices.Contains[[]string],
		"budgetOf":   func(m map[string]int64, src string) int64 { return m[src] },
		"progressOf": func(m map[int64]store.TaskProgress, id int64) store.TaskProgress { return m[id] },
		"deref": func(p *int64) int64 {
			if p == nil {
				return 0
			}
			return *p
		},
	}
}

// reportFuncs are the functions of the pages of periodic reports and their documents.
func reportFuncs() template.FuncMap {
	return template.FuncMap{
		"cell":    func(k report.ColumnKind, v any) string { return k.Format(v) },
		"numeric": func(k report.ColumnKind) bool { return k == report.Int || k == report.Money || k == report.Percent },
		"placeDate": func(place string, t time.Time) string {
			if t.IsZero() {
				return place + ", ngày … tháng … năm …"
			}
			m := fmt.Sprint(int(t.Month()))
			if t.Month() <= 2 {
				m = "0" + m
			}
			return fmt.Sprintf("%s, ngày %02d tháng %s năm %d", place, t.Day(), m, t.Year())
		},
		"docNumber": func(n string) string {
			if strings.HasPrefix(n, "Số") {
				return n
			}
			return "Số: " + n
		},
		"reportListURL": reportListURL,
		"saveURL":       reportSaveURL,
		"days": func(n *int) int {
			if n == nil {
				return 0
			}
			return *n
		},
		"figure":      coop.FormatFigure,
		"figureValue": func(f coop.Figure) string { return coop.FormatFigure(f.Unit, f.Effective()) },
		"figurePtr": func(unit string, v *int64) string {
			if v == nil {
				return "–"
			}
			return coop.FormatFigure(unit, *v)
		},
		"reportKind":        coop.ReportKinds.Label,
		"reportKinds":       func() coop.CodeList { return coop.ReportKinds },
		"reportStatuses":    func() coop.CodeList { return coop.ReportStatuses },
		"reportStatus":      coop.ReportStatusLabel,
		"reportConventions": func() coop.CodeList { return coop.ReportConventions },
		"commentKind":       coop.CommentKinds.Label,
		"joinLines":         func(ss []string) string { return strings.Join(ss, "\n") },
		"isTrue":            func(b *bool) bool { return b != nil && *b },
		"hasPrefix":         strings.HasPrefix,
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
		"bp":       func(v int64) string { return coop.FormatFigure(coop.FigurePercent, v) },
		"anchorID": anchorID,
	}
}

// showcaseFuncs are the functions of the pages of the public showcase.
func showcaseFuncs() template.FuncMap {
	return template.FuncMap{
		"excerpt":  excerpt,
		"tel":      telURL,
		"millions": millions,
		"share": func(part, total int64) string {
			if total <= 0 {
				return ""
			}
			return coop.FormatPercent(float64(part)/float64(total)) + "%"
		},
	}
}

// targetFuncs are the functions of the pages of targets and allocations.
func targetFuncs() template.FuncMap {
	return template.FuncMap{
		// targetValue shows a target, allocation or figure: "1.500", "100%", or
		// "–" when not set.
		"targetValue": func(ind coop.Indicator, v *int64) string {
			if v == nil {
				return "–"
			}
			if ind.Percent() {
				return coop.FormatInt(*v) + "%"
			}
			return coop.FormatInt(*v)
		},
		"actualValue": func(ind coop.Indicator, a store.Actual) string {
			if !a.Available || a.Value == nil {
				return "chưa có số liệu"
			}
			if ind.Percent() {
				return coop.FormatPercent(*a.Value/100) + "%"
			}
			return coop.FormatInt(int64(*a.Value))
		},
		"signed": func(n int64) string {
			if n > 0 {
				return "+" + coop.FormatInt(n)
			}
			return coop.FormatInt(n)
		},
		"opt": func(v *int64) string {
			if v == nil {
				return ""
			}
			return strconv.FormatInt(*v, 10)
		},
		"allocStatus": coop.AllocationStatuses.Label,
		"milestones":  func() []int { return coop.Milestones },
		"sumAt":       func(m map[int]store.AllocationSum, k int) store.AllocationSum { return m[k] },
		"allocAt":     func(m map[int]*coop.Allocation, k int) *coop.Allocation { return m[k] },
		"actualOf":    func(m map[string]store.Actuals, p, code string) store.Actual { return m[p].Figures[code] },
	}
}
