package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"htxnu/internal/coop"
)

// The workflow of a report. Every move reads the report in the
// transaction, checks the actor, the scope, the row version (when given)
// and the transition, does its work (freeze a version, add a comment) and
// writes the audit event, all or nothing.

// moveReport is the one path for a workflow action. check answers whether
// the actor may take it on this report; work runs after the transition is
// known to be allowed and may change r (whose Status is already the next
// one).
//
// figures says whether the action freezes the report's figures; whatever
// it freezes is read inside the transaction.
func (db *DB) moveReport(ctx context.Context, actor coop.Actor, id, rowVersion int64, action string, check func(*coop.Report) error,
	figures func(*coop.Report) bool, work func(ctx context.Context, tx *Tx, r *coop.Report, in *compileInputs) error) (*coop.Report, error) {
	// The figures a version freezes, and everything they depend on, are
	// read inside the transaction (liveFigures with no inputs).
	var in *compileInputs
	var out *coop.Report
	err := db.write(ctx, actor, func(tx *Tx) error {
		r, err := db.getReport(ctx, tx.tx, actor, id)
		if err != nil {
			return err
		}
		if err := check(r); err != nil {
			return err
		}
		if rowVersion != 0 && rowVersion != r.RowVersion {
			return reportMoved(rowVersion, r.RowVersion)
		}
		to, err := coop.NextReportStatus(action, r.Status, r.National())
		if err != nil {
			return err
		}
		before := map[string]any{"status": r.Status, "version": r.Version, "row_version": r.RowVersion}
		from := r.Status
		r.Status = to
		if err := work(ctx, tx, r, in); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE reports SET status = ?, version = ?, row_version = row_version + 1, updated_at = ?,
			first_submitted_at = ?, submitted_at = ?, submitted_by = ?, approved_at = ?, approved_by = ?
			WHERE id = ? AND row_version = ?`,
			r.Status, r.Version, tx.now, timeOrNull(r.FirstSubmittedAt), timeOrNull(r.SubmittedAt), r.SubmittedBy,
			timeOrNull(r.ApprovedAt), r.ApprovedBy, r.ID, r.RowVersion)
		if err != nil {
			return fmt.Errorf("store: %s report: %w", action, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return reportMoved(r.RowVersion, r.RowVersion+1)
		}
		r.RowVersion++
		r.UpdatedAt = tx.now
		out = r
		return tx.audit(ctx, action, "report", r.ID, r.Province, before,
			map[string]any{"status": r.Status, "version": r.Version, "row_version": r.RowVersion, "from": from})
	})
	return out, err
}

// always: the action freezes the report's figures.
func always(*coop.Report) bool { return true }

// checkSubmit: the province's lead (or an administrator) sends its own
// province's report.
func checkSubmit(a coop.Actor) func(*coop.Report) error {
	return func(r *coop.Report) error {
		if r.National() {
			_, err := coop.NextReportStatus(coop.ActionSubmit, r.Status, true)
			return err
		}
		return coop.Authorize(a, coop.ActSubmit, coop.Record{Kind: coop.ResReport, Province: r.Province})
	}
}

// checkReview: central staff and administrators review provincial
// reports and issue the national one.
func checkReview(a coop.Actor) func(*coop.Report) error {
	return func(r *coop.Report) error {
		return coop.Authorize(a, coop.ActReview, coop.Record{Kind: coop.ResReport, Province: r.Province})
	}
}

// SubmitReport sends a draft: every section must be written; the figures
// compiled now (with the overrides) and the narrative are frozen as the
// report's first version.
func (db *DB) SubmitReport(ctx context.Context, actor coop.Actor, id, rowVersion int64) (*coop.Report, error) {
	return db.moveReport(ctx, actor, id, rowVersion, coop.ActionSubmit, checkSubmit(actor), always, db.freezeSubmission)
}

// ResubmitReport sends a returned report again as a new version; earlier
// versions stay as they were.
func (db *DB) ResubmitReport(ctx context.Context, actor coop.Actor, id, rowVersion int64) (*coop.Report, error) {
	return db.moveReport(ctx, actor, id, rowVersion, coop.ActionResubmit, checkSubmit(actor), always, db.freezeSubmission)
}

func (db *DB) freezeSubmission(ctx context.Context, tx *Tx, r *coop.Report, in *compileInputs) error {
	if err := r.ValidateForSubmit(); err != nil {
		return err
	}
	if err := db.freeze(ctx, tx, r, in); err != nil {
		return err
	}
	now := tx.now
	if r.FirstSubmittedAt == nil {
		r.FirstSubmittedAt = &now
	}
	r.SubmittedAt, r.SubmittedBy = &now, tx.actor.Name
	return nil
}

// freeze stores the report's figures (as the transaction sees the data:
// compiled in it, or a province's kept compilation of the same
// generation, provinceCompilation) and
// working copy as its current version, or as the next one when the
// current version is already frozen (a resubmission, a reissue).
func (db *DB) freeze(ctx context.Context, tx *Tx, r *coop.Report, in *compileInputs) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM report_versions WHERE report_id = ? AND version = ?`, r.ID, r.Version).Scan(&n); err != nil {
		return fmt.Errorf("store: report versions: %w", err)
	}
	if n > 0 {
		r.Version++
	}
	var figs []coop.Figure
	var cons *coop.Consolidation
	if r.National() || in != nil {
		var err error
		if figs, cons, _, err = db.liveFigures(ctx, tx.tx, r, in); err != nil {
			return err
		}
	} else {
		// A province's figures as the transaction sees them: its kept
		// compilation when the generation read in the transaction is the
		// one it was kept at (on reporting day, read by the province just
		// before it submits), else compiled now in the transaction.
		c, err := db.provinceCompilation(ctx, tx.tx, r)
		if err != nil {
			return err
		}
		figs = coop.ApplyOverrides(c.figures[r.Province], r.Overrides)
	}
	enc := func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	}
	meta, err1 := enc(r.Meta)
	narr, err2 := enc(r.Narrative)
	fj, err3 := enc(figs)
	cj := ""
	var err4 error
	if cons != nil {
		cj, err4 = enc(cons)
	}
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return fmt.Errorf("store: freeze report: %w", err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO report_versions (report_id, version, frozen_at, frozen_by, window_from, window_to, title,
		meta_json, narrative_json, figures_json, consolidation_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Version, tx.now, tx.actor.Name, r.WindowFrom, r.WindowTo, r.Title, meta, narr, fj, cj); err != nil {
		return fmt.Errorf("store: freeze report: %w", err)
	}
	return nil
}

// ReturnReport sends a submitted report back to the province for
// correction. It needs a reason: a comment on this version, or the note,
// which becomes a comment on the whole report.
func (db *DB) ReturnReport(ctx context.Context, actor coop.Actor, id, rowVersion int64, note string) (*coop.Report, error) {
	return db.moveReport(ctx, actor, id, rowVersion, coop.ActionReturn, checkReview(actor), nil, func(ctx context.Context, tx *Tx, r *coop.Report, _ *compileInputs) error {
		note = coop.Clean(note)
		if note != "" {
			return tx.addComment(ctx, r, &coop.ReportComment{Kind: coop.CommentReturn, Body: note})
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM report_comments WHERE report_id = ? AND version = ? AND kind = ?`,
			r.ID, r.Version, coop.CommentNote).Scan(&n); err != nil {
			return fmt.Errorf("store: report comments: %w", err)
		}
		if n == 0 {
			return &coop.Error{Code: coop.EINVALID, Message: "Nêu lý do trả lại: góp ý vào số liệu, phần nội dung cần sửa hoặc ghi chú chung.",
				Fields: map[string]string{"note": "Ghi rõ nội dung tỉnh cần chỉnh sửa."}}
		}
		return nil
	})
}

// ApproveReport approves a submitted provincial report, which locks it
// with its last frozen version; for the national report it issues it,
// freezing the consolidation as a version.
func (db *DB) ApproveReport(ctx context.Context, actor coop.Actor, id, rowVersion int64) (*coop.Report, error) {
	return db.moveReport(ctx, actor, id, rowVersion, coop.ActionApprove, checkReview(actor), (*coop.Report).National, func(ctx context.Context, tx *Tx, r *coop.Report, in *compileInputs) error {
		if r.National() {
			if err := r.ValidateForSubmit(); err != nil {
				return err
			}
			if err := db.freeze(ctx, tx, r, in); err != nil {
				return err
			}
		}
		now := tx.now
		r.ApprovedAt, r.ApprovedBy = &now, tx.actor.Name
		return nil
	})
}

// ReopenReport returns an approved (or issued) report for correction; only
// administrators may, and the reason is kept as a comment.
func (db *DB) ReopenReport(ctx context.Context, actor coop.Actor, id, rowVersion int64, reason string) (*coop.Report, error) {
	check := func(r *coop.Report) error {
		return coop.Authorize(actor, coop.ActReopen, coop.Record{Kind: coop.ResReport, Province: r.Province})
	}
	return db.moveReport(ctx, actor, id, rowVersion, coop.ActionReopen, check, nil, func(ctx context.Context, tx *Tx, r *coop.Report, _ *compileInputs) error {
		reason = coop.Clean(reason)
		if len([]rune(reason)) < 10 {
			return &coop.Error{Code: coop.EINVALID, Message: "Ghi rõ lý do mở lại báo cáo đã phê duyệt.",
				Fields: map[string]string{"reason": "Nhập lý do mở lại (tối thiểu 10 ký tự)."}}
		}
		r.ApprovedAt, r.ApprovedBy = nil, ""
		return tx.addComment(ctx, r, &coop.ReportComment{Kind: coop.CommentReopen, Body: reason})
	})
}

// CommentReport adds the centre's comment to a submitted report, about a
// figure, a section or the whole report, on its current version.
func (db *DB) CommentReport(ctx context.Context, actor coop.Actor, id int64, c *coop.ReportComment) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		r, err := db.getReport(ctx, tx.tx, actor, id)
		if err != nil {
			return err
		}
		if err := checkReview(actor)(r); err != nil {
			return err
		}
		if r.National() || r.Status != coop.ReportSubmitted {
			return &coop.Error{Code: coop.EINVALID, Message: "Chỉ góp ý được báo cáo của tỉnh đã gửi, đang chờ phê duyệt.",
				Fields: map[string]string{"status": "Trạng thái hiện tại: " + coop.ReportStatusLabel(r.Status, r.National()) + "."}}
		}
		c.Kind, c.ParentID = coop.CommentNote, 0
		return tx.addComment(ctx, r, c)
	})
}

// ReplyReport adds the province's answer to a comment while its report is
// returned for correction.
func (db *DB) ReplyReport(ctx context.Context, actor coop.Actor, id, commentID int64, body string) (*coop.ReportComment, error) {
	var out *coop.ReportComment
	err := db.write(ctx, actor, func(tx *Tx) error {
		r, err := db.getReport(ctx, tx.tx, actor, id)
		if err != nil {
			return err
		}
		if err := checkReportWrite(actor, r.Province); err != nil {
			return err
		}
		if r.National() || r.Status != coop.ReportReturned {
			return &coop.Error{Code: coop.EINVALID, Message: "Chỉ trả lời góp ý khi báo cáo đang được trả lại để chỉnh sửa.",
				Fields: map[string]string{"status": "Trạng thái hiện tại: " + coop.ReportStatusLabel(r.Status, r.National()) + "."}}
		}
		var parent coop.ReportComment
		err = tx.queryRow(ctx, `SELECT anchor_kind, anchor_key FROM report_comments WHERE id = ? AND report_id = ?`, commentID, r.ID).
			Scan(&parent.AnchorKind, &parent.AnchorKey)
		if errors.Is(err, sql.ErrNoRows) {
			return &coop.Error{Code: coop.EINVALID, Message: "Không tìm thấy góp ý được trả lời trong báo cáo này.",
				Fields: map[string]string{"comment_id": "Chọn một góp ý của báo cáo."}}
		}
		if err != nil {
			return fmt.Errorf("store: report comment: %w", err)
		}
		out = &coop.ReportComment{Kind: coop.CommentReply, ParentID: commentID, AnchorKind: parent.AnchorKind, AnchorKey: parent.AnchorKey, Body: body}
		return tx.addComment(ctx, r, out)
	})
	return out, err
}

// addComment validates and saves a comment on the report's current
// version, and audits it.
func (tx *Tx) addComment(ctx context.Context, r *coop.Report, c *coop.ReportComment) error {
	c.Normalize()
	figs := []coop.Figure{}
	if c.AnchorKind == coop.AnchorFigure {
		v, err := tx.db.reportVersion(ctx, tx.tx, r.ID, r.Version)
		if err != nil {
			return err
		}
		figs = v.Figures
	}
	if err := c.Validate(figs); err != nil {
		return err
	}
	c.ReportID, c.Version = r.ID, r.Version
	c.AuthorID, c.AuthorName, c.AuthorRole, c.CreatedAt = tx.actor.UserID, tx.actor.Name, tx.actor.Role, tx.now
	id, err := tx.insert(ctx, `INSERT INTO report_comments (report_id, version, kind, anchor_kind, anchor_key, anchor_label, parent_id, body,
		author_id, author_name, author_role, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ReportID, c.Version, c.Kind, c.AnchorKind, c.AnchorKey, c.AnchorLabel, nullID(c.ParentID), c.Body,
		c.AuthorID, c.AuthorName, c.AuthorRole, c.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: insert report comment: %w", err)
	}
	c.ID = id
	return tx.audit(ctx, "comment", "report", r.ID, r.Province, nil, map[string]any{
		"comment_id": id, "kind": c.Kind, "version": c.Version, "anchor_kind": c.AnchorKind, "anchor_key": c.AnchorKey,
		"parent_id": c.ParentID, "body": c.Body})
}

func (db *DB) reportComments(ctx context.Context, q queryer, id int64) ([]*coop.ReportComment, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT id, report_id, version, kind, anchor_kind, anchor_key, anchor_label, COALESCE(parent_id, 0),
		body, author_id, author_name, author_role, created_at FROM report_comments WHERE report_id = ? ORDER BY id`), id)
	if err != nil {
		return nil, fmt.Errorf("store: report comments: %w", err)
	}
	defer rows.Close()
	out := []*coop.ReportComment{}
	for rows.Next() {
		var c coop.ReportComment
		if err := rows.Scan(&c.ID, &c.ReportID, &c.Version, &c.Kind, &c.AnchorKind, &c.AnchorKey, &c.AnchorLabel, &c.ParentID,
			&c.Body, &c.AuthorID, &c.AuthorName, &c.AuthorRole, &c.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, &c)
	}
	return out, rows.Err()
}

func (db *DB) reportVersions(ctx context.Context, q queryer, id int64) ([]VersionInfo, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT version, frozen_at, frozen_by FROM report_versions WHERE report_id = ? ORDER BY version`), id)
	if err != nil {
		return nil, fmt.Errorf("store: report versions: %w", err)
	}
	defer rows.Close()
	out := []VersionInfo{}
	for rows.Next() {
		var v VersionInfo
		if err := rows.Scan(&v.Version, &v.FrozenAt, &v.FrozenBy); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// reportVersion returns one frozen version of a report, read in q.
//
// A version is written once and never changed, so the versions read
// outside a transaction are kept decoded: a report's page, the national
// consolidation and the comparisons read the same few versions again and
// again. Each caller gets its own copy of the figures.
func (db *DB) reportVersion(ctx context.Context, q queryer, id int64, n int) (*coop.ReportVersion, error) {
	key := strconv.FormatInt(id, 10) + "/" + strconv.Itoa(n)
	if v, ok := db.versions.get(key, ""); ok {
		return v.Copy(), nil
	}
	v, err := db.readReportVersion(ctx, q, id, n)
	if err != nil {
		return nil, err
	}
	if q == db.sql || q == db.shared {
		db.versions.put(key, "", v)
		return v.Copy(), nil
	}
	return v, nil
}

// readReportVersion reads and decodes one frozen version of a report.
func (db *DB) readReportVersion(ctx context.Context, q queryer, id int64, n int) (*coop.ReportVersion, error) {
	v := &coop.ReportVersion{ReportID: id, Version: n}
	var meta, narr, figs, cons string
	err := q.QueryRowContext(ctx, db.rebind(`SELECT frozen_at, frozen_by, window_from, window_to, title, meta_json, narrative_json, figures_json,
		consolidation_json FROM report_versions WHERE report_id = ? AND version = ?`), id, n).
		Scan(&v.FrozenAt, &v.FrozenBy, &v.WindowFrom, &v.WindowTo, &v.Title, &meta, &narr, &figs, &cons)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &coop.Error{Code: coop.ENOTFOUND, Message: fmt.Sprintf("Báo cáo chưa có phiên bản %d.", n)}
	}
	if err != nil {
		return nil, fmt.Errorf("store: report version: %w", err)
	}
	errs := []error{json.Unmarshal([]byte(meta), &v.Meta), json.Unmarshal([]byte(narr), &v.Narrative), json.Unmarshal([]byte(figs), &v.Figures)}
	if cons != "" {
		v.Consolidation = &coop.Consolidation{}
		errs = append(errs, json.Unmarshal([]byte(cons), v.Consolidation))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("store: report version %d/%d: %w", id, n, err)
	}
	if v.Narrative == nil {
		v.Narrative = coop.Narrative{}
	}
	return v, nil
}

// ReportVersions lists the frozen versions of a report.
func (db *DB) ReportVersions(ctx context.Context, actor coop.Actor, id int64) ([]VersionInfo, error) {
	if _, err := db.getReport(ctx, db.read(ctx), actor, id); err != nil {
		return nil, err
	}
	return db.reportVersions(ctx, db.read(ctx), id)
}

// ReportVersion returns one frozen version of a report.
func (db *DB) ReportVersion(ctx context.Context, actor coop.Actor, id int64, n int) (*coop.ReportVersion, error) {
	if _, err := db.getReport(ctx, db.read(ctx), actor, id); err != nil {
		return nil, err
	}
	return db.reportVersion(ctx, db.read(ctx), id, n)
}

// CompareReportVersions lists what changed from version a to version b of
// a report. Zero values pick the last version (b) and the one before it (a).
func (db *DB) CompareReportVersions(ctx context.Context, actor coop.Actor, id int64, a, b int) (*coop.VersionDiff, error) {
	r, err := db.getReport(ctx, db.read(ctx), actor, id)
	if err != nil {
		return nil, err
	}
	vs, err := db.reportVersions(ctx, db.read(ctx), r.ID)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, &coop.Error{Code: coop.EINVALID, Message: "Báo cáo chưa gửi lần nào nên chưa có phiên bản để so sánh."}
	}
	last := vs[len(vs)-1].Version
	if b == 0 {
		b = last
	}
	if a == 0 {
		a = max(b-1, 1)
	}
	p := coop.Problems{}
	if a < 1 || a > last {
		p.Add("a", fmt.Sprintf("Chọn phiên bản từ 1 đến %d.", last))
	}
	if b < 1 || b > last {
		p.Add("b", fmt.Sprintf("Chọn phiên bản từ 1 đến %d.", last))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	va, err := db.reportVersion(ctx, db.read(ctx), id, a)
	if err != nil {
		return nil, err
	}
	vb, err := db.reportVersion(ctx, db.read(ctx), id, b)
	if err != nil {
		return nil, err
	}
	d := coop.CompareVersions(va, vb)
	return &d, nil
}

// reportActions lists what the actor may do with the report now, as the
// policy answers.
func reportActions(a coop.Actor, r *coop.Report) coop.ActionSet {
	rec := reportRecord(r)
	out := coop.ActionSet{}
	for _, act := range []coop.Action{coop.ActEdit, coop.ActSubmit, coop.ActResubmit, coop.ActReturn, coop.ActApprove, coop.ActReopen, coop.ActComment, coop.ActReply} {
		if coop.Allows(a, act, rec) {
			out = append(out, act)
		}
	}
	return out
}

// reportRecord is what the policy needs of a report.
func reportRecord(r *coop.Report) coop.Record {
	return coop.Record{Kind: coop.ResReport, Province: r.Province, Status: r.Status}
}

// checkReportWrite answers why the actor may not write a report of the
// province, or nil.
func checkReportWrite(a coop.Actor, province string) error {
	return coop.Authorize(a, coop.ActCreate, coop.Record{Kind: coop.ResReport, Province: province})
}
