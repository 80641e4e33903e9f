package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/xlsx"
)

// List downloads. Every list but the registry's (whose download is the
// import template's twin) downloads as an Excel workbook or a CSV file
// with the filters on screen:
//
//	GET /activities/export.xlsx?type=training&province=08   (page, session)
//	GET /api/v1/activities/export.csv?…                     (API, token)
//
// The path is the list's own with /export.xlsx or /export.csv added; the
// query string is the list's. Paging parameters are ignored: the download
// holds every row the filters match, scoped exactly like the list, since
// it is read with the list's own conditions batch after batch and written
// row by row (docs/decisions/0010-list-downloads.md).

// exportList is one downloadable list.
type exportList struct {
	file  string // file name stem, ASCII
	title string // what the list is, in Vietnamese
	page  string // the list page's path
	api   string // the list's API path
	perm  coop.Permission
	cols  []xlsx.Column
	rows  func(s *Server, r *http.Request, emit func(...any) error) error
}

// exportPageSize is how many rows the downloads read at a time: the
// largest page the store gives; activities and the audit trail are read
// in batches of this size after the last row read (store.EachActivity,
// store.EachAuditEvent).
const exportPageSize = 200

var exportLists = []exportList{
	{file: "hoat-dong", title: "Hoạt động hỗ trợ", page: "/activities", api: "/api/v1/activities", perm: coop.PermProgrammeRead,
		cols: []xlsx.Column{
			{Header: "Mã hoạt động", Kind: xlsx.Integer}, {Header: "Loại hoạt động", Kind: xlsx.Text}, {Header: "Tên hoạt động", Kind: xlsx.Text, Width: 48},
			{Header: "Nhiệm vụ trong kế hoạch", Kind: xlsx.Text}, {Header: "Tỉnh, thành phố", Kind: xlsx.Text}, {Header: "Xã, phường", Kind: xlsx.Text},
			{Header: "Ngày bắt đầu", Kind: xlsx.Date}, {Header: "Ngày kết thúc", Kind: xlsx.Date},
			{Header: "Đơn vị tổ chức", Kind: xlsx.Text}, {Header: "Đơn vị phối hợp", Kind: xlsx.Text},
			{Header: "Số người tham dự", Kind: xlsx.Integer}, {Header: "Số người tham dự là nữ", Kind: xlsx.Integer},
			{Header: "Số người thụ hưởng", Kind: xlsx.Integer}, {Header: "Số người thụ hưởng là nữ", Kind: xlsx.Integer},
			{Header: "Số tổ chức thụ hưởng", Kind: xlsx.Integer},
			{Header: "Đối tượng đào tạo", Kind: xlsx.Text}, {Header: "Cán bộ quản lý nữ được đào tạo", Kind: xlsx.Integer},
			{Header: "Việc làm cho phụ nữ tại HTX", Kind: xlsx.Integer}, {Header: "Việc làm cho phụ nữ tại THT", Kind: xlsx.Integer},
			{Header: "Quỹ cho vay", Kind: xlsx.Text}, {Header: "Số tiền vay (đồng)", Kind: xlsx.Money}, {Header: "Thời hạn vay (tháng)", Kind: xlsx.Integer},
			{Header: "Mục đích vay", Kind: xlsx.Text}, {Header: "Tình trạng khoản vay", Kind: xlsx.Text},
			{Header: "Kinh phí (đồng)", Kind: xlsx.Money}, {Header: "Ghi chú", Kind: xlsx.Text},
		},
		rows: exportActivities},
	{file: "to-chuc-thu-huong", title: "Tổ chức thụ hưởng của các hoạt động", page: "/activities/beneficiaries", api: "/api/v1/activities/beneficiaries",
		perm: coop.PermProgrammeRead,
		cols: []xlsx.Column{
			{Header: "Mã hoạt động", Kind: xlsx.Integer}, {Header: "Tên hoạt động", Kind: xlsx.Text, Width: 48}, {Header: "Loại hoạt động", Kind: xlsx.Text},
			{Header: "Tỉnh, thành phố tổ chức hoạt động", Kind: xlsx.Text}, {Header: "Ngày bắt đầu", Kind: xlsx.Date},
			{Header: "Tổ chức thụ hưởng", Kind: xlsx.Text, Width: 40}, {Header: "Loại hình", Kind: xlsx.Text}, {Header: "Mã số HTX", Kind: xlsx.Text},
			{Header: "Tỉnh, thành phố của tổ chức", Kind: xlsx.Text},
		},
		rows: exportBeneficiaries},
	{file: "thanh-lap-moi", title: "Hỗ trợ thành lập mới HTX, THT", page: "/pipeline", api: "/api/v1/founding-cases", perm: coop.PermProgrammeRead,
		cols: []xlsx.Column{
			{Header: "Mã hồ sơ", Kind: xlsx.Integer}, {Header: "Tỉnh, thành phố", Kind: xlsx.Text}, {Header: "Xã, phường", Kind: xlsx.Text},
			{Header: "Tên nhóm", Kind: xlsx.Text, Width: 36}, {Header: "Dự kiến thành lập", Kind: xlsx.Text},
			{Header: "Người liên hệ", Kind: xlsx.Text}, {Header: "Điện thoại", Kind: xlsx.Text},
			{Header: "Phụ nữ làm chủ", Kind: xlsx.Text}, {Header: "Số thành viên dự kiến", Kind: xlsx.Integer},
			{Header: "Bước", Kind: xlsx.Text}, {Header: "Ngày tư vấn", Kind: xlsx.Date}, {Header: "Ngày hoàn thiện hồ sơ", Kind: xlsx.Date},
			{Header: "Ngày đăng ký thành lập", Kind: xlsx.Date}, {Header: "Ngày dừng hỗ trợ", Kind: xlsx.Date}, {Header: "Lý do dừng", Kind: xlsx.Text},
			{Header: "Tổ chức đã thành lập", Kind: xlsx.Text}, {Header: "Ghi chú", Kind: xlsx.Text},
		},
		rows: exportFounding},
	{file: "vuong-mac", title: "Vướng mắc, kiến nghị", page: "/obstacles", api: "/api/v1/obstacles", perm: coop.PermProgrammeRead,
		cols: []xlsx.Column{
			{Header: "Mã", Kind: xlsx.Integer}, {Header: "Tỉnh, thành phố", Kind: xlsx.Text}, {Header: "Nhóm vướng mắc", Kind: xlsx.Text},
			{Header: "Chính sách", Kind: xlsx.Text}, {Header: "Tiêu đề", Kind: xlsx.Text, Width: 40}, {Header: "Mô tả", Kind: xlsx.Text, Width: 48},
			{Header: "Tổ chức nêu", Kind: xlsx.Text}, {Header: "Số lao động nữ bị ảnh hưởng", Kind: xlsx.Integer},
			{Header: "Kiến nghị", Kind: xlsx.Text, Width: 40}, {Header: "Trạng thái", Kind: xlsx.Text}, {Header: "Hạn trả lời", Kind: xlsx.Date},
			{Header: "Quá hạn", Kind: xlsx.Text}, {Header: "Trả lời", Kind: xlsx.Text, Width: 40}, {Header: "Người trả lời", Kind: xlsx.Text},
			{Header: "Ngày trả lời", Kind: xlsx.Date}, {Header: "Ngày ghi nhận", Kind: xlsx.Date},
		},
		rows: exportObstacles},
	{file: "bao-cao", title: "Báo cáo", page: "/reports", api: "/api/v1/reports", perm: coop.PermReportRead,
		cols: []xlsx.Column{
			{Header: "Mã", Kind: xlsx.Integer}, {Header: "Đơn vị báo cáo", Kind: xlsx.Text}, {Header: "Loại báo cáo", Kind: xlsx.Text},
			{Header: "Kỳ báo cáo", Kind: xlsx.Text, Width: 32}, {Header: "Năm", Kind: xlsx.Integer}, {Header: "Tiêu đề", Kind: xlsx.Text, Width: 40},
			{Header: "Hạn nộp", Kind: xlsx.Date}, {Header: "Trạng thái", Kind: xlsx.Text}, {Header: "Lần nộp", Kind: xlsx.Integer},
			{Header: "Ngày nộp lần đầu", Kind: xlsx.Date}, {Header: "Ngày duyệt", Kind: xlsx.Date}, {Header: "Đúng hạn", Kind: xlsx.Text},
			{Header: "Cập nhật lần cuối", Kind: xlsx.Date},
		},
		rows: exportReports},
	{file: "tai-khoan", title: "Tài khoản người dùng", page: "/admin/users", api: "/api/v1/users", perm: coop.PermUsersManage,
		cols: []xlsx.Column{
			{Header: "Họ và tên", Kind: xlsx.Text}, {Header: "Email", Kind: xlsx.Text, Width: 32}, {Header: "Vai trò", Kind: xlsx.Text, Width: 32},
			{Header: "Tỉnh, thành phố", Kind: xlsx.Text}, {Header: "Cơ quan", Kind: xlsx.Text}, {Header: "Tình trạng", Kind: xlsx.Text},
			{Header: "Ngày tạo", Kind: xlsx.Date},
		},
		rows: exportUsers},
	{file: "nhat-ky", title: "Nhật ký thay đổi", page: "/audit", api: "/api/v1/audit", perm: coop.PermAuditRead,
		cols: []xlsx.Column{
			{Header: "Thời điểm", Kind: xlsx.Text, Width: 18}, {Header: "Người thực hiện", Kind: xlsx.Text}, {Header: "Thao tác", Kind: xlsx.Text},
			{Header: "Loại bản ghi", Kind: xlsx.Text}, {Header: "Mã bản ghi", Kind: xlsx.Integer}, {Header: "Tỉnh, thành phố", Kind: xlsx.Text},
			{Header: "Thay đổi", Kind: xlsx.Text, Width: 60}, {Header: "Mã yêu cầu", Kind: xlsx.Text},
		},
		rows: exportAudit},
}

// exportURL is the download of a list in a format with the filters on
// screen (paging dropped).
func exportURL(path string, format xlsx.Format, q url.Values) string {
	keep := url.Values{}
	for k, v := range q {
		if k != "page" && k != "per_page" && k != "done" {
			keep[k] = v
		}
	}
	u := path + "/export" + format.Ext()
	if len(keep) > 0 {
		u += "?" + keep.Encode()
	}
	return u
}

// sentWriter notes whether anything reached the client.
type sentWriter struct {
	w    io.Writer
	sent bool
}

func (s *sentWriter) Write(b []byte) (int, error) {
	s.sent = true
	return s.w.Write(b)
}

func (s *Server) exportHandler(l exportList, format xlsx.Format) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		out := &sentWriter{w: w}
		at := time.Now().In(vnZone)
		info := [][2]string{{"Danh sách", l.title}}
		info = append(info, exportFilters(r.URL.Query())...)
		if n := provinceNote(r); n != "" {
			info = append(info, [2]string{"Ghi chú", n})
		}
		a := actor(r)
		scope := "Toàn quốc"
		if !a.National() {
			scope = coop.ProvinceName(a.Province)
		}
		info = append(info, [2]string{"Phạm vi", scope}, [2]string{"Người tải", a.Name}, [2]string{"Thời điểm tải", at.Format("02/01/2006 15:04")})
		// The rows are written as they are read. A workbook reaches the
		// client only on Close, and a CSV file after its first 64 KB, so an
		// error on the first pages still gets a proper answer.
		tw, err := xlsx.NewWriter(out, format, l.cols, xlsx.Options{Sheet: l.title, Info: info})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", format.ContentType())
		name := l.file + "-" + at.Format("20060102-1504") + format.Ext()
		h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
		h.Set("Cache-Control", "no-store")
		if err := l.rows(s, r, tw.Row); err != nil {
			tw.Abort()
			if out.sent {
				s.log.Error("export failed midway", "request_id", store.RequestID(r.Context()), "list", l.file, "err", err)
				return
			}
			h.Del("Content-Disposition")
			s.fail(w, r, err)
			return
		}
		tw.AddInfo("Số dòng", strconv.Itoa(tw.Rows()))
		if err := tw.Close(); err != nil {
			s.log.Error("export failed", "request_id", store.RequestID(r.Context()), "list", l.file, "err", err)
			if !out.sent {
				h.Del("Content-Disposition")
				s.fail(w, r, err)
			}
		}
	}
}

// exportFilterLabels name the filters of the lists as the pages do.
var exportFilterLabels = []struct{ key, label string }{
	{"q", "Tìm kiếm"}, {"tab", "Thẻ"}, {"province", "Tỉnh, thành phố"}, {"type", "Loại hoạt động"}, {"kind", "Loại"},
	{"status", "Trạng thái"}, {"category", "Nhóm vướng mắc"}, {"year", "Năm"}, {"from", "Từ ngày"}, {"to", "Đến ngày"},
	{"role", "Vai trò"}, {"entity", "Loại bản ghi"}, {"id", "Mã bản ghi"}, {"actor", "Người thực hiện (mã)"},
	{"task_id", "Nhiệm vụ (mã)"}, {"organisation_id", "Tổ chức (mã)"}, {"jobs", "Có việc làm cho phụ nữ tại"},
	{"loans", "Chỉ khoản vay đã duyệt"}, {"overdue", "Chỉ quá hạn"}, {"archived", "Đã lưu trữ"}, {"sort", "Sắp xếp"},
}

// exportFilters describes the filters of a download, for its info sheet.
func exportFilters(q url.Values) [][2]string {
	var out [][2]string
	known := map[string]bool{"format": true, "page": true, "per_page": true}
	for _, f := range exportFilterLabels {
		known[f.key] = true
		v := strings.TrimSpace(q.Get(f.key))
		if v == "" {
			continue
		}
		switch f.key {
		case "province":
			v = exportProvince(v)
		case "type":
			v = coop.ActivityTypes.Label(v)
		case "category":
			v = coop.ObstacleCategories.Label(v)
		case "role":
			v = coop.Roles.Label(v)
		}
		out = append(out, [2]string{f.label, v})
	}
	var rest []string
	for k := range q {
		if !known[k] && strings.TrimSpace(q.Get(k)) != "" {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		out = append(out, [2]string{k, q.Get(k)})
	}
	if len(out) == 0 {
		out = append(out, [2]string{"Bộ lọc", "Không có"})
	}
	return out
}

func exportProvince(code string) string {
	switch code {
	case "":
		return ""
	case "central":
		return "Trung ương"
	case store.ProvinceNational:
		return "Liên minh HTX Việt Nam"
	case store.ProvinceAllProvinces:
		return "Các tỉnh, thành phố"
	}
	return coop.ProvinceName(code)
}

// activityProvince names where an activity was held: a province, or the
// centre for a central activity.
func activityProvince(code string) string {
	if code == "" {
		return "Trung ương"
	}
	return coop.ProvinceName(code)
}

func exportYesNo(b bool) string {
	if b {
		return "Có"
	}
	return "Không"
}

// day is a timestamp's calendar day in Vietnam, or nil.
func day(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.In(vnZone)
}

// eachActivityPage reads the activities of the filter on screen, batch
// after batch.
func eachActivityPage(s *Server, r *http.Request, fn func([]*store.Activity) error) error {
	f, err := activityFilter(r.URL.Query())
	if err != nil {
		return err
	}
	return s.db.EachActivity(r.Context(), actor(r), f, exportPageSize, fn)
}

func activityIDs(items []*store.Activity) []int64 {
	ids := make([]int64, len(items))
	for i, a := range items {
		ids[i] = a.ID
	}
	return ids
}

func exportActivities(s *Server, r *http.Request, emit func(...any) error) error {
	return eachActivityPage(s, r, func(items []*store.Activity) error {
		costs, err := s.db.ActivityCostTotals(r.Context(), activityIDs(items))
		if err != nil {
			return err
		}
		for _, a := range items {
			var loanFund, loanStatus, target any
			if a.Type == coop.ActivityCapital {
				loanFund, loanStatus = coop.LoanFunds.Label(a.LoanFund), coop.LoanStatuses.Label(a.LoanStatus)
			}
			if a.TargetGroup != "" {
				target = coop.TrainingTargetGroups.Label(a.TargetGroup)
			}
			var loan, term any
			if a.Type == coop.ActivityCapital {
				loan, term = a.LoanAmount, a.LoanTermMonths
			}
			if err := emit(a.ID, coop.ActivityTypes.Label(a.Type), a.Title, a.TaskTitle, activityProvince(a.Province), a.Commune,
				a.StartsOn, a.EndsOn, a.Organiser, a.Partners,
				a.ParticipantsTotal, a.ParticipantsFemale, a.BeneficiariesTotal, a.BeneficiariesFemale, a.BeneficiaryCount,
				target, a.ManagersTrainedFemale, a.JobsWomenHTX, a.JobsWomenTHT,
				loanFund, loan, term, a.LoanPurpose, loanStatus, costs[a.ID], a.Notes); err != nil {
				return err
			}
		}
		return nil
	})
}

func exportBeneficiaries(s *Server, r *http.Request, emit func(...any) error) error {
	return eachActivityPage(s, r, func(items []*store.Activity) error {
		orgs, err := s.db.ActivityBeneficiaryOrgs(r.Context(), actor(r), activityIDs(items))
		if err != nil {
			return err
		}
		for _, a := range items {
			for _, o := range orgs[a.ID] {
				if err := emit(a.ID, a.Title, coop.ActivityTypes.Label(a.Type), activityProvince(a.Province), a.StartsOn,
					o.Name, coop.Kinds.Label(o.Kind), o.RegistrationNo, coop.ProvinceName(o.Province)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// exportPaged reads the list of the filter on screen (filter) page after
// page, list reading page n of f (exportPageSize rows a page), and hands
// each page to each.
func exportPaged[F any, P interface{ Pages() int }](r *http.Request, filter func(url.Values) (F, error),
	list func(f F, n int) (P, error), each func(P) error) error {
	f, err := filter(r.URL.Query())
	for n := 1; err == nil; n++ {
		var p P
		if p, err = list(f, n); err == nil {
			err = each(p)
		}
		if err == nil && n >= p.Pages() {
			return nil
		}
	}
	return err
}

// emitRows emits the row (row makes it) of each item.
func emitRows[T any](emit func(...any) error, items []T, row func(T) []any) error {
	for _, it := range items {
		if err := emit(row(it)...); err != nil {
			return err
		}
	}
	return nil
}

func exportFounding(s *Server, r *http.Request, emit func(...any) error) error {
	return exportPaged(r, foundingFilter, func(f store.FoundingFilter, n int) (*store.FoundingPage, error) {
		if !coop.FoundingStages.Valid(f.Status) {
			f.Status = "" // as the board does
		}
		f.Page, f.PerPage = n, exportPageSize
		return s.db.FoundingCases(r.Context(), actor(r), f)
	}, func(p *store.FoundingPage) error { return emitRows(emit, p.Items, foundingRow) })
}

func foundingRow(c *coop.FoundingCase) []any {
	return []any{c.ID, coop.ProvinceName(c.Province), c.Commune, c.GroupName, coop.FoundingKinds.Label(c.Kind),
		c.ContactName, c.ContactPhone, exportYesNo(c.WomenLed), c.MembersPlanned, coop.FoundingStages.Label(c.Status),
		c.AdvisedOn, c.DossierOn, c.RegisteredOn, c.DroppedOn, c.DropReason, c.OrgName, c.Notes}
}

func obstacleRow(o *coop.Obstacle) []any {
	overdue := ""
	if o.Overdue {
		overdue = "Quá hạn"
	}
	return []any{o.ID, coop.ProvinceName(o.Province), coop.ObstacleCategories.Label(o.Category), o.Policy, o.Title, o.Description,
		o.RaisedByOrgName, o.FemaleWorkersAffected, o.Recommendation, coop.ObstacleStatuses.Label(o.Status), o.DueOn,
		overdue, o.Answer, o.AnsweredBy, day(o.AnsweredAt), day(&o.CreatedAt)}
}

func exportObstacles(s *Server, r *http.Request, emit func(...any) error) error {
	return exportPaged(r, obstacleFilter, func(f store.ObstacleFilter, n int) (*store.ObstaclePage, error) {
		f.Page, f.PerPage = n, exportPageSize
		return s.db.Obstacles(r.Context(), actor(r), f)
	}, func(p *store.ObstaclePage) error { return emitRows(emit, p.Items, obstacleRow) })
}

func reportRow(it store.ReportItem) []any {
	onTime := ""
	if it.OnTime != nil {
		onTime = exportYesNo(*it.OnTime)
	}
	unit := it.ProvinceName
	if unit == "" {
		unit = exportProvince(it.Province)
	}
	return []any{it.ID, unit, coop.ReportKinds.Label(it.Kind), it.Name, it.Year, it.Title, it.Deadline,
		it.StatusLabel, it.Version, day(it.FirstSubmittedAt), day(it.ApprovedAt), onTime, day(&it.UpdatedAt)}
}

func exportReports(s *Server, r *http.Request, emit func(...any) error) error {
	return exportPaged(r, reportFilterOf, func(f store.ReportFilter, n int) (*store.ReportPage, error) {
		f.Page, f.PerPage = n, exportPageSize
		return s.db.Reports(r.Context(), actor(r), f)
	}, func(p *store.ReportPage) error { return emitRows(emit, p.Items, reportRow) })
}

func exportUsers(s *Server, r *http.Request, emit func(...any) error) error {
	q := r.URL.Query()
	f := store.UserFilter{Q: q.Get("q"), Role: q.Get("role"), Province: q.Get("province"), PerPage: exportPageSize}
	for f.Page = 1; ; f.Page++ {
		users, total, err := s.db.Users(r.Context(), actor(r), f)
		if err != nil {
			return err
		}
		for _, u := range users {
			province, state := "Toàn quốc", "Đang hoạt động"
			if u.Province != "" {
				province = coop.ProvinceName(u.Province)
			}
			if u.Disabled {
				state = "Đã khoá"
			}
			if err := emit(u.Name, u.Email, coop.Roles.Label(u.Role), province, u.AgencyName, state, day(&u.CreatedAt)); err != nil {
				return err
			}
		}
		if len(users) < exportPageSize || f.Page*exportPageSize >= total {
			return nil
		}
	}
}

func exportAudit(s *Server, r *http.Request, emit func(...any) error) error {
	f, err := auditFilter(r.URL.Query())
	if err != nil {
		return err
	}
	return s.db.EachAuditEvent(r.Context(), actor(r), f, exportPageSize, func(events []store.AuditEvent) error {
		for _, e := range events {
			d := describe(e)
			changes := make([]string, 0, len(d.Changes))
			for _, c := range d.Changes {
				label := c.Label
				if label == "" {
					label = c.Field
				}
				changes = append(changes, fmt.Sprintf("%s: %s → %s", label, orDash(c.Before), orDash(c.After)))
			}
			var id any
			if e.EntityID != 0 {
				id = e.EntityID
			}
			if err := emit(d.When, e.ActorName, d.ActionLabel, auditEntityLabel(e.Entity), id, exportProvince(e.Province),
				strings.Join(changes, "\n"), e.RequestID); err != nil {
				return err
			}
		}
		return nil
	})
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

var auditEntityLabels = map[string]string{
	"organisation": "Tổ chức", "user": "Tài khoản", "api_token": "Mã truy cập API", "classification_rule": "Quy tắc phân loại",
	"activity": "Hoạt động", "founding_case": "Hỗ trợ thành lập mới", "obstacle": "Vướng mắc", "report": "Báo cáo",
	"report_template": "Mẫu báo cáo", "plan": "Kế hoạch", "plan_task": "Nhiệm vụ", "indicator": "Chỉ tiêu",
	"target_allocation": "Phân bổ chỉ tiêu", "showcase": "Mô hình điển hình",
}

func auditEntityLabel(e string) string {
	if l, ok := auditEntityLabels[e]; ok {
		return l
	}
	return e
}
