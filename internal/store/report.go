package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"htxnu/internal/coop"
)

// Periodic reports: a province's report to VCA (or VCA's national report,
// province "") over a period, its working copy (narrative, document meta,
// overrides), the versions frozen at each submission and the conversation
// about them. Reads are scoped like everything else: a provincial account
// sees its own province's reports only (the national report, which shows
// every province, is for national accounts). Every change goes through
// db.write, checks the actor and the report's status in the transaction and
// is audited there.

const reportColumns = `id, province, kind, year, half, phase, period_key, convention, window_from, window_to, deadline, title, status,
	version, row_version, doc_number, doc_place, doc_date, signer_name, signer_title, recipients,
	results, difficulties, recommendations, next_tasks, created_by, created_at, updated_at,
	first_submitted_at, submitted_at, submitted_by, approved_at, approved_by`

func scanReport(s scanner) (*coop.Report, error) {
	var r coop.Report
	var recipients, results, difficulties, recommendations, nextTasks string
	var first, submitted, approved sql.NullTime
	err := s.Scan(&r.ID, &r.Province, &r.Kind, &r.Year, &r.Half, &r.Phase, &r.PeriodKey, &r.Convention, &r.WindowFrom, &r.WindowTo,
		&r.Deadline, &r.Title, &r.Status, &r.Version, &r.RowVersion, &r.Meta.Number, &r.Meta.Place, &r.Meta.Date,
		&r.Meta.SignerName, &r.Meta.SignerTitle, &recipients, &results, &difficulties, &recommendations, &nextTasks,
		&r.CreatedBy, &r.CreatedAt, &r.UpdatedAt, &first, &submitted, &r.SubmittedBy, &approved, &r.ApprovedBy)
	if err != nil {
		return nil, err
	}
	if r.Kind == coop.ReportThematic || r.Kind == coop.ReportAdHoc {
		r.From, r.To = r.WindowFrom, r.WindowTo
	}
	r.Meta.Recipients = splitTrimmed(recipients, "\n")
	r.Narrative = coop.Narrative{}
	for k, v := range map[string]string{coop.SectionResults: results, coop.SectionDifficulties: difficulties,
		coop.SectionRecommendations: recommendations, coop.SectionNextTasks: nextTasks} {
		if v != "" {
			r.Narrative[k] = v
		}
	}
	r.FirstSubmittedAt, r.SubmittedAt, r.ApprovedAt = nullTime(first), nullTime(submitted), nullTime(approved)
	r.Overrides = map[string]coop.Override{}
	return &r, nil
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.UTC()
	return &v
}

func reportNotFound() error { return coop.NotFound("báo cáo") }

// canReadReport reports whether the actor may see a report of the province
// ("" for the national report).
func canReadReport(a coop.Actor, province string) bool {
	return coop.Allows(a, coop.ActRead, coop.Record{Kind: coop.ResReport, Province: province})
}

// getReport reads a report the actor may see, with its overrides.
func (db *DB) getReport(ctx context.Context, q queryer, actor coop.Actor, id int64) (*coop.Report, error) {
	r, err := scanReport(q.QueryRowContext(ctx, db.rebind(`SELECT `+reportColumns+` FROM reports WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !canReadReport(actor, r.Province)) {
		return nil, reportNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("store: report %d: %w", id, err)
	}
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT figure_key, value, justification FROM report_overrides WHERE report_id = ?`), id)
	if err != nil {
		return nil, fmt.Errorf("store: report overrides: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var o coop.Override
		if err := rows.Scan(&k, &o.Value, &o.Justification); err != nil {
			return nil, err
		}
		r.Overrides[k] = o
	}
	return r, rows.Err()
}

// ReportFilter selects reports for a list.
type ReportFilter struct {
	Province string // a province code, "national" for VCA's national reports, or "provinces" for every province's
	Kind     string
	Year     int
	Status   string
	Sort     string // "-deadline" (default: latest periods first), "deadline", "province", "status", "updated"
	Page     int
	PerPage  int
}

// ProvinceNational is the filter value for VCA's national reports.
const ProvinceNational = "national"

// ProvinceAllProvinces is the filter value for the provinces' reports
// without VCA's own: what the reporting rates count.
const ProvinceAllProvinces = "provinces"

// ReportItem is a report in a list.
type ReportItem struct {
	ID           int64  `json:"id"`
	Province     string `json:"province"`
	ProvinceName string `json:"province_name"`
	coop.Period
	Name             string     `json:"name"`
	Title            string     `json:"title"`
	Convention       string     `json:"convention"`
	WindowFrom       string     `json:"window_from"`
	WindowTo         string     `json:"window_to"`
	Deadline         string     `json:"deadline"`
	Status           string     `json:"status"`
	StatusLabel      string     `json:"status_label"`
	Version          int        `json:"version"`
	RowVersion       int64      `json:"row_version"`
	OpenPeriod       bool       `json:"open_period"` // the window has not closed yet
	FirstSubmittedAt *time.Time `json:"first_submitted_at,omitempty"`
	ApprovedAt       *time.Time `json:"approved_at,omitempty"`
	OnTime           *bool      `json:"on_time,omitempty"` // once submitted
	UpdatedAt        time.Time  `json:"updated_at"`
}

// ReportPage is one page of reports, with the counts by status of
// everything the filter matches apart from the status.
type ReportPage struct {
	Items []ReportItem `json:"items"`
	Paging
	ByStatus map[string]int `json:"by_status"`
}

func provinceLabelOf(province string) string {
	if province == "" {
		return "Liên minh HTX Việt Nam (toàn quốc)"
	}
	return coop.ProvinceName(province)
}

func reportItem(r *coop.Report, today string) ReportItem {
	it := ReportItem{ID: r.ID, Province: r.Province, ProvinceName: provinceLabelOf(r.Province), Period: r.Period, Name: r.Name(),
		Title: r.Title, Convention: r.Convention, WindowFrom: r.WindowFrom, WindowTo: r.WindowTo, Deadline: r.Deadline,
		Status: r.Status, StatusLabel: coop.ReportStatusLabel(r.Status, r.National()), Version: r.Version, RowVersion: r.RowVersion,
		OpenPeriod: today <= r.WindowTo, FirstSubmittedAt: r.FirstSubmittedAt, ApprovedAt: r.ApprovedAt, UpdatedAt: r.UpdatedAt}
	if r.FirstSubmittedAt != nil {
		on := coop.OnTime(r.FirstSubmittedAt, r.Deadline)
		it.OnTime = &on
	}
	return it
}

// Reports lists the reports the actor may see.
func (db *DB) Reports(ctx context.Context, actor coop.Actor, f ReportFilter) (*ReportPage, error) {
	if !coop.Can(actor, coop.PermReportRead) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem báo cáo.")
	}
	var w conds
	w.ownProvince("province", actor)
	switch f.Province {
	case ProvinceNational:
		w.add("province = ''")
	case ProvinceAllProvinces:
		w.add("province <> ''")
	default:
		w.eq("province", f.Province)
	}
	w.eq("kind", f.Kind)
	w.eq("year", f.Year)
	base, args := w.where(), w.args
	page, per := pageBounds(f.Page, f.PerPage)
	out := &ReportPage{Items: []ReportItem{}, Paging: Paging{Page: page, PerPage: per}, ByStatus: map[string]int{}}
	var err error
	out.Total, _, err = db.statusCounts(ctx, `SELECT status, COUNT(*), 0 FROM reports WHERE `+base+` GROUP BY status`, args, f.Status, out.ByStatus)
	if err != nil {
		return nil, fmt.Errorf("store: count reports: %w", err)
	}
	base, args = withStatus(base, args, f.Status)
	order := "deadline DESC, province, id DESC"
	switch f.Sort {
	case "deadline":
		order = "deadline, province, id"
	case "province":
		order = "province, deadline DESC, id"
	case "updated":
		order = "updated_at DESC, id DESC"
	case "status": // what waits for someone first
		order = "CASE status WHEN 'submitted' THEN 0 WHEN 'returned' THEN 1 WHEN 'draft' THEN 2 ELSE 3 END, deadline DESC, province, id DESC"
	}
	out.Page = lastPage(page, per, out.Total)
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT `+reportColumns+` FROM reports WHERE `+base+` ORDER BY `+order+` LIMIT ? OFFSET ?`),
		append(args, per, (out.Page-1)*per)...)
	if err != nil {
		return nil, fmt.Errorf("store: reports: %w", err)
	}
	today := db.today()
	out.Items, err = collect(rows, out.Items, func(s scanner) (ReportItem, error) {
		r, err := scanReport(s)
		if err != nil {
			return ReportItem{}, err
		}
		return reportItem(r, today), nil
	})
	return out, err
}

// VersionInfo is one frozen version in a report's list.
type VersionInfo struct {
	Version  int       `json:"version"`
	FrozenAt time.Time `json:"frozen_at"`
	FrozenBy string    `json:"frozen_by"`
}

// ReportDetail is a report as its page and the API show it: the working
// copy, the figures (compiled live while it is editable, the last frozen
// version otherwise), the conversation, the versions and what the reader
// may do now.
type ReportDetail struct {
	*coop.Report
	ProvinceName         string                `json:"province_name"`
	Name                 string                `json:"name"`
	StatusLabel          string                `json:"status_label"`
	OpenPeriod           bool                  `json:"open_period"`
	Editable             bool                  `json:"editable"`
	OnTime               *bool                 `json:"on_time,omitempty"`
	FiguresSource        string                `json:"figures_source"` // "live" or "frozen"
	FiguresVersion       int                   `json:"figures_version,omitempty"`
	CompiledAt           time.Time             `json:"compiled_at"`
	WomenManagedRule     string                `json:"women_managed_rule,omitempty"`
	HighFemaleLabourRule string                `json:"high_female_labour_rule,omitempty"`
	Figures              []coop.Figure         `json:"figures"`
	Consolidation        *coop.Consolidation   `json:"consolidation,omitempty"` // the national report's table by province
	Comments             []*coop.ReportComment `json:"comments"`
	Versions             []VersionInfo         `json:"versions"`
	// ChangedSince lists, for a live draft that was submitted before, the
	// compiled figures that moved since the last frozen version: data dated
	// inside the window changed after it was submitted.
	ChangedSince *FiguresChanged `json:"changed_since,omitempty"`
	Actions      coop.ActionSet  `json:"actions"` // workflow actions the reader may take now, plus "edit", "comment", "reply"
}

// Report returns a report with its figures, comments and versions. Another
// province's report is not found.
func (db *DB) Report(ctx context.Context, actor coop.Actor, id int64) (*ReportDetail, error) {
	r, err := db.getReport(ctx, db.read(ctx), actor, id)
	if err != nil {
		return nil, err
	}
	d := &ReportDetail{Report: r, ProvinceName: provinceLabelOf(r.Province), Name: r.Name(),
		StatusLabel: coop.ReportStatusLabel(r.Status, r.National()), OpenPeriod: db.today() <= r.WindowTo, Editable: r.Editable()}
	if r.FirstSubmittedAt != nil {
		on := coop.OnTime(r.FirstSubmittedAt, r.Deadline)
		d.OnTime = &on
	}
	if r.Editable() {
		figs, cons, c, err := db.keptLiveFigures(ctx, r)
		if err != nil {
			return nil, err
		}
		d.FiguresSource, d.Figures, d.Consolidation, d.CompiledAt = "live", figs, cons, db.now().UTC()
		d.WomenManagedRule, d.HighFemaleLabourRule = c.wimRule, c.hflRule
		if d.ChangedSince, err = db.changedSince(ctx, r, figs); err != nil {
			return nil, err
		}
	} else {
		v, err := db.reportVersion(ctx, db.read(ctx), r.ID, r.Version)
		if err != nil {
			return nil, err
		}
		d.FiguresSource, d.FiguresVersion, d.Figures, d.Consolidation, d.CompiledAt = "frozen", v.Version, v.Figures, v.Consolidation, v.FrozenAt
	}
	if d.Comments, err = db.reportComments(ctx, db.read(ctx), r.ID); err != nil {
		return nil, err
	}
	if d.Versions, err = db.reportVersions(ctx, db.read(ctx), r.ID); err != nil {
		return nil, err
	}
	d.Actions = reportActions(actor, r)
	return d, nil
}

// liveFigures compiles the report's figures now, in q, from the inputs
// (read now when nil): a province's from its data with its overrides; the
// national report's from the provinces' approved versions or their live
// data.
func (db *DB) liveFigures(ctx context.Context, q queryer, r *coop.Report, in *compileInputs) ([]coop.Figure, *coop.Consolidation, *compiled, error) {
	if in == nil {
		var err error
		if in, err = db.compileInputs(ctx, q, r.Province, r.WindowTo); err != nil {
			return nil, nil, nil, err
		}
	}
	if r.National() {
		cons, c, err := db.consolidate(ctx, q, r.Period, r.WindowFrom, r.WindowTo, in)
		if err != nil {
			return nil, nil, nil, err
		}
		return totalsOf(cons), cons, c, nil
	}
	c, err := db.compileWith(ctx, q, in, r.WindowFrom, r.WindowTo)
	if err != nil {
		return nil, nil, nil, err
	}
	return coop.ApplyOverrides(c.figures[r.Province], r.Overrides), nil, c, nil
}

// keptLiveFigures is liveFigures outside a transaction, a province's from
// its kept compilation (provinceCompilation).
func (db *DB) keptLiveFigures(ctx context.Context, r *coop.Report) ([]coop.Figure, *coop.Consolidation, *compiled, error) {
	if r.National() {
		return db.liveFigures(ctx, db.read(ctx), r, nil)
	}
	c, err := db.provinceCompilation(ctx, db.read(ctx), r)
	if err != nil {
		return nil, nil, nil, err
	}
	return coop.ApplyOverrides(c.figures[r.Province], r.Overrides), nil, c, nil
}

// provinceCompilation is the compilation of a province's report's window,
// read in q: kept per province and window at the generation of the
// figures it reads (its organisations and activities, and the centre's),
// so that reading a report again, on reporting day, and submitting it do
// not compile it again. The generation is read in q first: a compilation
// is kept under a generation it is at least as new as.
func (db *DB) provinceCompilation(ctx context.Context, q queryer, r *coop.Report) (*compiled, error) {
	fg, err := db.familyGenerations(ctx, q, r.Province)
	if err != nil {
		return nil, err
	}
	gen, key := fg.Of(FamilyRegistry, FamilyActivity), r.Province+"|"+r.WindowFrom+"|"+r.WindowTo
	if c, ok := db.provinceLive.get(key, gen); ok {
		return c, nil
	}
	in, err := db.compileInputs(ctx, q, r.Province, r.WindowTo)
	if err != nil {
		return nil, err
	}
	c, err := db.compileWith(ctx, q, in, r.WindowFrom, r.WindowTo)
	if err != nil {
		return nil, err
	}
	db.provinceLive.put(key, gen, c)
	return c, nil
}

// CreateReport opens a draft report for a province (PermReportWrite, own
// province) or VCA's national report (Province "", PermReportReview). The
// window and deadline follow the kind's template unless the report names
// its convention; a periodic report may be opened once its window has
// started, before it closes (an open period). The period must not already
// have a report.
func (db *DB) CreateReport(ctx context.Context, actor coop.Actor, r *coop.Report) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		r.Province = strings.TrimSpace(r.Province)
		if r.Province != "" {
			if _, ok := coop.ProvinceByCode(r.Province); !ok {
				if !actor.National() {
					return checkReportWrite(actor, r.Province)
				}
				return &coop.Error{Code: coop.EINVALID, Message: "Tỉnh, thành phố không hợp lệ.", Fields: map[string]string{"province": "Chọn tỉnh, thành phố."}}
			}
		}
		if err := checkReportWrite(actor, r.Province); err != nil {
			return err
		}
		r.Period.Normalize()
		if err := r.Period.Validate(); err != nil {
			return err
		}
		tpl, err := db.reportTemplate(ctx, tx.tx, r.Kind)
		if err != nil {
			return err
		}
		if strings.TrimSpace(r.Convention) == "" {
			r.Convention = tpl.Convention
		}
		if r.Overrides == nil {
			r.Overrides = map[string]coop.Override{}
		}
		r.Normalize()
		if len(r.Overrides) > 0 {
			return &coop.Error{Code: coop.EINVALID, Message: "Điều chỉnh số liệu sau khi đã mở báo cáo và xem số liệu tổng hợp.",
				Fields: map[string]string{"overrides": "Chưa điều chỉnh được số liệu khi mở báo cáo."}}
		}
		if r.Title == "" {
			r.Title = r.Period.DefaultTitle()
		}
		if err := r.Validate(); err != nil {
			return err
		}
		r.WindowFrom, r.WindowTo = r.Period.Window(r.Convention)
		if r.WindowFrom > tx.today {
			return &coop.Error{Code: coop.EINVALID, Message: fmt.Sprintf("Chưa đến kỳ báo cáo: kỳ số liệu bắt đầu từ ngày %s.", coop.FormatDateVN(r.WindowFrom)),
				Fields: map[string]string{"year": "Chọn kỳ báo cáo đã bắt đầu."}}
		}
		level := coop.LevelProvince
		if r.Province == "" {
			level = coop.LevelNational
		}
		r.Deadline = coop.Deadline(r.WindowTo, tpl.Days(level))
		r.PeriodKey = r.Period.Key(r.Title)
		r.Status, r.Version, r.RowVersion, r.CreatedBy = coop.ReportDraft, 1, 1, actor.Name
		r.CreatedAt, r.UpdatedAt = tx.now, tx.now
		r.FirstSubmittedAt, r.SubmittedAt, r.ApprovedAt, r.SubmittedBy, r.ApprovedBy = nil, nil, nil, "", ""
		n := r.Narrative
		id, err := tx.insert(ctx, `INSERT INTO reports (province, kind, year, half, phase, period_key, convention, window_from, window_to, deadline,
			title, status, version, row_version, doc_number, doc_place, doc_date, signer_name, signer_title, recipients,
			results, difficulties, recommendations, next_tasks, created_by_id, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.Province, r.Kind, r.Year, r.Half, r.Phase, r.PeriodKey, r.Convention, r.WindowFrom, r.WindowTo, r.Deadline,
			r.Title, r.Status, r.Meta.Number, r.Meta.Place, r.Meta.Date, r.Meta.SignerName, r.Meta.SignerTitle, strings.Join(r.Meta.Recipients, "\n"),
			n[coop.SectionResults], n[coop.SectionDifficulties], n[coop.SectionRecommendations], n[coop.SectionNextTasks],
			actor.UserID, actor.Name, tx.now, tx.now)
		if isUnique(err) {
			return coop.Errorf(coop.ECONFLICT, "%s của %s đã có.", r.Name(), coop.Whose(r.Province))
		}
		if err != nil {
			return fmt.Errorf("store: insert report: %w", err)
		}
		r.ID = id
		return tx.audit(ctx, "create", "report", id, r.Province, nil, reportAudit(r))
	})
}

// ReportEdit is a change to a report's working copy; nil fields stay as
// they are. Overrides, when given, replace every override (an absent key
// removes that override).
type ReportEdit struct {
	Title     *string                  `json:"title"`
	Narrative coop.Narrative           `json:"narrative"`
	Overrides map[string]coop.Override `json:"overrides"`
	Meta      *coop.ReportMeta         `json:"meta"`
}

// UpdateReport changes the working copy of a draft or returned report:
// narrative, overrides (each with its justification, checked against the
// figures compiled now) and document meta. rowVersion must be the one read.
// Central staff never change a province's report; they comment and return
// it.
func (db *DB) UpdateReport(ctx context.Context, actor coop.Actor, id, rowVersion int64, e ReportEdit) (*coop.Report, error) {
	return db.updateReport(ctx, actor, id, rowVersion, e, false)
}

// UpdateNationalReport is UpdateReport for VCA's national report only: a
// province's report is not found through it.
func (db *DB) UpdateNationalReport(ctx context.Context, actor coop.Actor, id, rowVersion int64, e ReportEdit) (*coop.Report, error) {
	return db.updateReport(ctx, actor, id, rowVersion, e, true)
}

func (db *DB) updateReport(ctx context.Context, actor coop.Actor, id, rowVersion int64, e ReportEdit, nationalOnly bool) (*coop.Report, error) {
	// Overrides are checked against the figures compiled now, inside the
	// transaction.
	var out *coop.Report
	err := db.write(ctx, actor, func(tx *Tx) error {
		cur, err := db.getReport(ctx, tx.tx, actor, id)
		if err != nil {
			return err
		}
		if nationalOnly && !cur.National() {
			return coop.NotFound("báo cáo toàn quốc")
		}
		if err := checkReportWrite(actor, cur.Province); err != nil {
			return err
		}
		if rowVersion != cur.RowVersion {
			return reportMoved(rowVersion, cur.RowVersion)
		}
		if !cur.Editable() {
			return &coop.Error{Code: coop.EINVALID, Message: "Chỉ sửa được báo cáo đang ở trạng thái dự thảo hoặc bị trả lại để chỉnh sửa.",
				Fields: map[string]string{"status": "Trạng thái hiện tại: " + coop.ReportStatusLabel(cur.Status, cur.National()) + "."}}
		}
		before := reportAudit(cur)
		next := *cur
		if e.Title != nil {
			next.Title = *e.Title
		}
		if e.Narrative != nil {
			next.Narrative = e.Narrative
		}
		if e.Meta != nil {
			next.Meta = *e.Meta
		}
		if e.Overrides != nil {
			next.Overrides = e.Overrides
		}
		next.Normalize()
		if next.Title == "" && next.Period.Periodic() {
			next.Title = next.Period.DefaultTitle()
		}
		verr := next.Validate()
		// Overrides are checked when they change: those kept were checked
		// when set, and a save of the narrative must not compile again.
		if e.Overrides != nil && len(next.Overrides) > 0 {
			if next.National() {
				verr = mergeInvalid(verr, &coop.Error{Code: coop.EINVALID, Message: "Báo cáo toàn quốc tổng hợp số liệu của các tỉnh, không điều chỉnh số liệu.",
					Fields: map[string]string{"overrides": "Số liệu toàn quốc không điều chỉnh được; tỉnh điều chỉnh trong báo cáo của tỉnh."}})
			} else {
				c, err := db.compile(ctx, tx.tx, cur.Province, cur.WindowFrom, cur.WindowTo)
				if err != nil {
					return err
				}
				verr = mergeInvalid(verr, coop.ValidateOverrides(next.Overrides, c.figures[cur.Province]))
			}
		}
		if verr != nil {
			return verr
		}
		if next.Period.Periodic() || next.Title == cur.Title {
			next.PeriodKey = cur.PeriodKey
		} else {
			next.PeriodKey = next.Period.Key(next.Title)
		}
		n := next.Narrative
		res, err := tx.exec(ctx, `UPDATE reports SET title = ?, period_key = ?, doc_number = ?, doc_place = ?, doc_date = ?, signer_name = ?,
			signer_title = ?, recipients = ?, results = ?, difficulties = ?, recommendations = ?, next_tasks = ?,
			row_version = row_version + 1, updated_at = ? WHERE id = ? AND row_version = ?`,
			next.Title, next.PeriodKey, next.Meta.Number, next.Meta.Place, next.Meta.Date, next.Meta.SignerName, next.Meta.SignerTitle,
			strings.Join(next.Meta.Recipients, "\n"), n[coop.SectionResults], n[coop.SectionDifficulties], n[coop.SectionRecommendations],
			n[coop.SectionNextTasks], tx.now, id, rowVersion)
		if isUnique(err) {
			return coop.Errorf(coop.ECONFLICT, "%s của %s đã có.", next.Name(), coop.Whose(next.Province))
		}
		if err != nil {
			return fmt.Errorf("store: update report: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return reportMoved(rowVersion, rowVersion+1)
		}
		if e.Overrides != nil {
			if _, err := tx.exec(ctx, `DELETE FROM report_overrides WHERE report_id = ?`, id); err != nil {
				return fmt.Errorf("store: clear overrides: %w", err)
			}
			for k, o := range next.Overrides {
				if _, err := tx.exec(ctx, `INSERT INTO report_overrides (report_id, figure_key, value, justification) VALUES (?, ?, ?, ?)`,
					id, k, o.Value, o.Justification); err != nil {
					return fmt.Errorf("store: save override: %w", err)
				}
			}
		}
		next.RowVersion, next.UpdatedAt = rowVersion+1, tx.now
		out = &next
		return tx.audit(ctx, "update", "report", id, cur.Province, before, reportAudit(&next))
	})
	return out, err
}

func reportMoved(got, cur int64) error {
	return coop.Errorf(coop.ECONFLICT, "Báo cáo đã được người khác cập nhật sau khi bạn mở (phiên bản %d, hiện tại %d). Vui lòng tải lại trang và nhập lại thay đổi.", got, cur)
}

// reportAudit is what the audit trail keeps of a report.
func reportAudit(r *coop.Report) map[string]any {
	return map[string]any{
		"province": r.Province, "kind": r.Kind, "period_key": r.PeriodKey, "convention": r.Convention,
		"window_from": r.WindowFrom, "window_to": r.WindowTo, "deadline": r.Deadline, "title": r.Title,
		"status": r.Status, "version": r.Version, "row_version": r.RowVersion, "meta": r.Meta,
		"narrative": r.Narrative, "overrides": r.Overrides,
	}
}

// AsOf returns a view of the store whose clock stands still at t: writes
// through it are dated t (and so are their audit events). It shares the
// connections (close the original, not the view). For loading history
// (the demo, imports), never for requests.
func (db *DB) AsOf(t time.Time) *DB {
	c := *db
	c.now = func() time.Time { return t }
	return &c
}
