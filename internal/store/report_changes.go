package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"htxnu/internal/coop"
)

// What moved in a report's live draft since its last frozen version: the
// figures whose compiled value changed, and the province's records that
// were added, changed or removed after that version was frozen, so the
// province can see why before it resubmits.

// FiguresChanged is what moved in the compiled figures since a frozen
// version.
type FiguresChanged struct {
	Version  int                 `json:"version"`
	FrozenAt time.Time           `json:"frozen_at"`
	Figures  []coop.FigureChange `json:"figures"`
	// Records are the province's records changed after the version was
	// frozen, newest first (at most movedRecordsMax of them).
	Records []MovedRecord `json:"records"`
	// More is set when more records changed than are listed.
	More bool `json:"more_records,omitempty"`
}

// MovedRecord is a record changed after a report's version was frozen.
type MovedRecord struct {
	Entity string    `json:"entity"` // "organisation", "activity", "founding_case", "obstacle", "union_staff"
	ID     int64     `json:"id"`
	Name   string    `json:"name"`
	Action string    `json:"action"` // the last change: "create", "update", "archive"…
	At     time.Time `json:"at"`
	By     string    `json:"by"`
}

// movedRecordsMax bounds the records listed under a draft's changes.
const movedRecordsMax = 50

// movedEntities are the records a province's figures are compiled from.
var movedEntities = []string{"organisation", "activity", "founding_case", "obstacle", "union_staff"}

// FigureEntities names, for a figure group, the kinds of records its
// figures are compiled from.
func FigureEntities(group string) []string {
	switch group {
	case "registry":
		return []string{"organisation"}
	case "activities", "training", "loans", "jobs", "spending":
		return []string{"activity"}
	case "founding":
		return []string{"founding_case"}
	case "obstacles":
		return []string{"obstacle"}
	}
	return movedEntities
}

// changedSince compares the live figures with the last frozen version's
// compiled values (overrides aside) and lists the records that moved since.
func (db *DB) changedSince(ctx context.Context, r *coop.Report, live []coop.Figure) (*FiguresChanged, error) {
	var n int
	if err := db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM report_versions WHERE report_id = ? AND version = ?`), r.ID, r.Version).Scan(&n); err != nil {
		return nil, fmt.Errorf("store: report versions: %w", err)
	}
	if n == 0 {
		return nil, nil
	}
	v, err := db.reportVersion(ctx, db.read(ctx), r.ID, r.Version)
	if err != nil {
		return nil, err
	}
	// Compare compiled values only: the province's overrides and
	// justifications are its own edits, not data that moved.
	strip := func(figs []coop.Figure) []coop.Figure {
		out := make([]coop.Figure, len(figs))
		for i, f := range figs {
			f.Override, f.Justification = nil, ""
			out[i] = f
		}
		return out
	}
	d := coop.CompareVersions(&coop.ReportVersion{Version: v.Version, Figures: strip(v.Figures)}, &coop.ReportVersion{Version: v.Version + 1, Figures: strip(live)})
	c := &FiguresChanged{Version: v.Version, FrozenAt: v.FrozenAt, Figures: d.Figures, Records: []MovedRecord{}}
	if !r.National() {
		if c.Records, c.More, err = db.movedRecords(ctx, r.Province, v.FrozenAt); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// movedRecords lists the province's records audited after the moment, each
// once with its last change, newest first (an event naming no record, such
// as a bulk load's summary, is left out). The audit trail is read through
// its (province, at) index.
func (db *DB) movedRecords(ctx context.Context, province string, since time.Time) ([]MovedRecord, bool, error) {
	args := []any{province, since.UTC()}
	in := ""
	for i, e := range movedEntities {
		if i > 0 {
			in += ", "
		}
		in += "?"
		args = append(args, e)
	}
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT entity, entity_id, action, at, actor_name, before_json, after_json
		FROM audit_events WHERE province = ? AND at > ? AND entity_id <> 0 AND entity IN (`+in+`) ORDER BY at DESC, id DESC LIMIT ?`), append(args, 4*movedRecordsMax)...)
	if err != nil {
		return nil, false, fmt.Errorf("store: moved records: %w", err)
	}
	defer rows.Close()
	out, seen, more := []MovedRecord{}, map[string]bool{}, false
	for rows.Next() {
		var m MovedRecord
		var before, after string
		if err := rows.Scan(&m.Entity, &m.ID, &m.Action, &m.At, &m.By, &before, &after); err != nil {
			return nil, false, err
		}
		key := fmt.Sprintf("%s/%d", m.Entity, m.ID)
		if seen[key] {
			continue
		}
		seen[key] = true
		if len(out) == movedRecordsMax {
			more = true
			continue
		}
		m.Name = auditName(after)
		if m.Name == "" {
			m.Name = auditName(before)
		}
		out = append(out, m)
	}
	return out, more, rows.Err()
}

// auditName reads what a record is called from its audited JSON.
func auditName(js string) string {
	var v struct {
		Name       string `json:"name"`
		Title      string `json:"title"`
		GroupName  string `json:"group_name"`
		RecordedOn string `json:"recorded_on"`
	}
	if js == "" || json.Unmarshal([]byte(js), &v) != nil {
		return ""
	}
	for _, s := range []string{v.Name, v.Title, v.GroupName} {
		if s != "" {
			return s
		}
	}
	if v.RecordedOn != "" {
		return "Số liệu cán bộ Hội ngày " + coop.FormatDateVN(v.RecordedOn)
	}
	return ""
}
