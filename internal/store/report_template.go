package store

import (
	"context"
	"fmt"
	"strings"

	"htxnu/internal/coop"
)

// Report templates: for each kind of report, the default window convention
// and the working days each level has to report, seeded by the migration
// and changed by administrators (audited).

// ReportTemplates returns the template of every kind of report.
func (db *DB) ReportTemplates(ctx context.Context, actor coop.Actor) ([]coop.ReportTemplate, error) {
	if !coop.Can(actor, coop.PermReportRead) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem báo cáo.")
	}
	return db.reportTemplates(ctx, db.read(ctx))
}

func (db *DB) reportTemplates(ctx context.Context, q queryer) ([]coop.ReportTemplate, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, convention, province_days, national_days, version, updated_at, updated_by FROM report_templates`)
	if err != nil {
		return nil, fmt.Errorf("store: report templates: %w", err)
	}
	defer rows.Close()
	by := map[string]coop.ReportTemplate{}
	for rows.Next() {
		var t coop.ReportTemplate
		if err := rows.Scan(&t.Kind, &t.Convention, &t.ProvinceDays, &t.NationalDays, &t.Version, &t.UpdatedAt, &t.UpdatedBy); err != nil {
			return nil, err
		}
		by[t.Kind] = t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []coop.ReportTemplate{}
	for _, k := range coop.ReportKinds {
		t, ok := by[k.Code]
		if !ok {
			t = coop.ReportTemplate{Kind: k.Code, Convention: coop.ConventionDecree09, ProvinceDays: coop.DefaultProvinceDays, NationalDays: coop.DefaultNationalDays}
		}
		out = append(out, t)
	}
	return out, nil
}

func (db *DB) reportTemplate(ctx context.Context, q queryer, kind string) (coop.ReportTemplate, error) {
	ts, err := db.reportTemplates(ctx, q)
	if err != nil {
		return coop.ReportTemplate{}, err
	}
	for _, t := range ts {
		if t.Kind == kind {
			return t, nil
		}
	}
	return coop.ReportTemplate{}, coop.NotFound("mẫu báo cáo")
}

// UpdateReportTemplate changes the default convention and deadlines of a
// kind of report (administrators only). Reports already opened keep their
// window and deadline; reports opened afterwards, and the calendar of
// reports not yet opened, follow the new values. t.Version must be the
// version read.
func (db *DB) UpdateReportTemplate(ctx context.Context, actor coop.Actor, t coop.ReportTemplate) (*coop.ReportTemplate, error) {
	if !coop.Can(actor, coop.PermRulesManage) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Chỉ quản trị viên mới được đổi thời hạn, cách tính kỳ báo cáo.")
	}
	t.Kind, t.Convention = strings.TrimSpace(t.Kind), strings.TrimSpace(t.Convention)
	if err := t.Validate(); err != nil {
		return nil, err
	}
	var out coop.ReportTemplate
	err := db.write(ctx, actor, func(tx *Tx) error {
		cur, err := db.reportTemplate(ctx, tx.tx, t.Kind)
		if err != nil {
			return err
		}
		if t.Version != cur.Version {
			return versionMoved(t.Version, cur.Version)
		}
		if err := tx.updateVersioned(ctx, "update report template", t.Version, cur.Version,
			`UPDATE report_templates SET convention = ?, province_days = ?, national_days = ?, version = version + 1,
			updated_at = ?, updated_by = ? WHERE kind = ? AND version = ?`,
			t.Convention, t.ProvinceDays, t.NationalDays, tx.now, actor.Name, t.Kind, cur.Version); err != nil {
			return err
		}
		out = t
		out.Version, out.UpdatedAt, out.UpdatedBy = cur.Version+1, tx.now, actor.Name
		return tx.audit(ctx, "update", "report_template", 0, "", cur, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
