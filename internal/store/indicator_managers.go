package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"htxnu/internal/coop"
)

// manager_spans (migration 0017) holds T5's denominator as of any day: for
// each woman holding a T5 management position in a current cooperative
// (HTX), keyed by the organisation and her folded name, the spans of days
// on which she counts, each with the province the cooperative was in over
// it. A span is the days of her positions (merged: two positions held at
// once count once) within the days the cooperative existed (from its
// founding, else the day it was recorded) and was active, cut where its
// status or province changed. So the managers on a day are the spans
// covering it, in the province of their row, as t5Recompute finds them from
// the positions, the organisation and its changes.
//
// The spans depend on the organisation alone: every write of it replaces
// its rows (refreshManagerSpans); a bulk load of new organisations adds
// theirs; RebuildRollups recomputes them all.

// managerSpansMigration creates manager_spans: a database migrated across
// it fills the table from its rows.
const managerSpansMigration = 17

var managerSpanSpec = addSpec{"manager_spans", []string{"organisation_id", "person", "from_day", "to_day", "province"}, []string{"persons"}}

// managerSpanColumns are the columns of a manager_spans row, as
// managerSpanRows gives them.
var managerSpanColumns = append(append([]string{}, managerSpanSpec.keys...), managerSpanSpec.vals...)

// daySpan is the days from one to another, both included; "" as from is
// before any day, "" as to after any.
type daySpan struct{ from, to string }

// meet is the days of both spans, and false when there are none.
func (a daySpan) meet(b daySpan) (daySpan, bool) {
	s := daySpan{max(a.from, b.from), a.to}
	if s.to == "" || (b.to != "" && b.to < s.to) {
		s.to = b.to
	}
	return s, s.to == "" || s.from <= s.to
}

// dayBefore is the day before a YYYY-MM-DD day.
func dayBefore(day string) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, -1).Format("2006-01-02")
}

// activeSpans are the spans of days on which the organisation existed and
// was active, with the province it was in: its state before its first
// change up to the day before it, between changes, and its current state
// from its last change, as StateOn reads them.
func activeSpans(o *coop.Organisation) []provinceSpan {
	start := o.StartsOn()
	if start == "" {
		return nil
	}
	changes := slices.Clone(o.Changes)
	slices.SortStableFunc(changes, func(a, b coop.StatusChange) int {
		if c := strings.Compare(a.EffectiveOn, b.EffectiveOn); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	var out []provinceSpan
	add := func(s daySpan, status, province string) {
		if s, ok := s.meet(daySpan{start, ""}); ok && status == coop.StatusActive {
			out = append(out, provinceSpan{s, province})
		}
	}
	from := ""
	for i := 0; i < len(changes); {
		c := changes[i] // the first change of its day holds the state before it
		add(daySpan{from, dayBefore(c.EffectiveOn)}, c.FromStatus, c.FromProvince)
		from = c.EffectiveOn
		for i < len(changes) && changes[i].EffectiveOn == c.EffectiveOn {
			i++
		}
	}
	add(daySpan{from, ""}, o.Status, o.Province)
	return out
}

// provinceSpan is a span of days in one province.
type provinceSpan struct {
	daySpan
	province string
}

// managerSpanRows are the rows of manager_spans of the organisation (none
// unless it is a current cooperative), in key order.
func managerSpanRows(o *coop.Organisation) [][]any {
	if o == nil || o.Archived || o.Kind != coop.KindHTX {
		return nil
	}
	held := map[string][]daySpan{}
	for _, p := range o.Positions {
		if p.Sex != coop.SexFemale || !isT5Role(p.Role) || (p.To != "" && p.To < p.From) {
			continue // a position ending before it starts is never held
		}
		k := coop.Fold(p.Holder)
		held[k] = append(held[k], daySpan{p.From, p.To})
	}
	if len(held) == 0 {
		return nil
	}
	active := activeSpans(o)
	var out [][]any
	for _, person := range slices.Sorted(maps.Keys(held)) {
		for _, h := range mergeSpans(held[person]) {
			for _, a := range active {
				if s, ok := h.meet(a.daySpan); ok {
					out = append(out, []any{o.ID, person, s.from, s.to, a.province, int64(1)})
				}
			}
		}
	}
	return out
}

// mergeSpans merges overlapping spans, so that no day is in two.
func mergeSpans(spans []daySpan) []daySpan {
	slices.SortFunc(spans, func(a, b daySpan) int { return strings.Compare(a.from, b.from) })
	var out []daySpan
	for _, s := range spans {
		n := len(out)
		if n > 0 && (out[n-1].to == "" || s.from <= out[n-1].to) {
			if out[n-1].to != "" && (s.to == "" || s.to > out[n-1].to) {
				out[n-1].to = s.to
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// refreshManagerSpans replaces the organisation's rows (o nil: it is gone).
func (tx *Tx) refreshManagerSpans(ctx context.Context, id int64, o *coop.Organisation) error {
	if _, err := tx.exec(ctx, `DELETE FROM manager_spans WHERE organisation_id = ?`, id); err != nil {
		return fmt.Errorf("store: manager spans: %w", err)
	}
	return tx.addRows(ctx, managerSpanSpec, managerSpanRows(o))
}

// rebuildManagerSpans recomputes manager_spans from the current
// cooperatives, their T5 positions held by women and their changes.
func (tx *Tx) rebuildManagerSpans(ctx context.Context) error {
	if _, err := tx.exec(ctx, `DELETE FROM manager_spans`); err != nil {
		return fmt.Errorf("store: rebuild manager spans: %w", err)
	}
	orgs := map[int64]*coop.Organisation{}
	var ids []int64
	rs, err := tx.query(ctx, `SELECT id, status, province, founded_on, created_at FROM organisations WHERE kind = 'HTX' AND archived = 0
		AND id IN (SELECT organisation_id FROM positions WHERE sex = ?) ORDER BY id`, coop.SexFemale)
	if err != nil {
		return fmt.Errorf("store: rebuild manager spans: %w", err)
	}
	for rs.Next() {
		o := &coop.Organisation{Kind: coop.KindHTX}
		if err := rs.Scan(&o.ID, &o.Status, &o.Province, &o.FoundedOn, &o.CreatedAt); err != nil {
			rs.Close()
			return err
		}
		orgs[o.ID] = o
		ids = append(ids, o.ID)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return err
	}
	if err := tx.scanEach(ctx, `SELECT organisation_id, role, holder, sex, from_date, to_date FROM positions WHERE sex = ?`, []any{coop.SexFemale},
		childRow(orgs, func(id *int64, p *coop.Position) []any { return []any{id, &p.Role, &p.Holder, &p.Sex, &p.From, &p.To} },
			func(o *coop.Organisation, p coop.Position) { o.Positions = append(o.Positions, p) })); err != nil {
		return err
	}
	if err := tx.scanEach(ctx, `SELECT organisation_id, id, effective_on, from_status, from_province FROM org_status_changes`, nil,
		childRow(orgs, func(id *int64, c *coop.StatusChange) []any {
			return []any{id, &c.ID, &c.EffectiveOn, &c.FromStatus, &c.FromProvince}
		},
			func(o *coop.Organisation, c coop.StatusChange) { o.Changes = append(o.Changes, c) })); err != nil {
		return err
	}
	var rows [][]any
	for _, id := range ids {
		rows = append(rows, managerSpanRows(orgs[id])...)
	}
	return tx.addRows(ctx, managerSpanSpec, rows)
}

// scanEach runs the query in the transaction and calls fn for each row
// with the row's Scan.
func (tx *Tx) scanEach(ctx context.Context, query string, args []any, fn func(scan func(...any) error) error) error {
	rs, err := tx.query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		if err := fn(rs.Scan); err != nil {
			return err
		}
	}
	return rs.Err()
}

// managersOn puts T5 by province as of day, for one province or all (only
// ""): the women whose span covers day (the denominator), and of them
// those named among the participants of a training from start to day,
// matched by organisation and folded name (the numerator).
func (db *DB) managersOn(ctx context.Context, q queryer, only, start, day string, put func(p, code string, f func(*indicatorValue))) error {
	cond, args := "", []any{day, day}
	if only != "" {
		cond, args = " AND m.province = ?", append(args, only)
	}
	if err := scanCounts(ctx, q, db.rebind(`SELECT m.province, COUNT(*) FROM manager_spans m
		WHERE m.from_day <= ? AND (m.to_day = '' OR m.to_day >= ?)`+cond+` GROUP BY m.province`), args,
		func(p string, n int64) { put(p, "T5", func(v *indicatorValue) { v.den += n }) }); err != nil {
		return fmt.Errorf("store: T5: %w", err)
	}
	// The trained: the people named at the trainings of the days, then
	// their span on day (at most one: a person's spans do not overlap).
	return scanCounts(ctx, q, db.rebind(`SELECT m.province, COUNT(*) FROM (SELECT DISTINCT t.organisation_id, t.name_key
		FROM activities a CROSS JOIN activity_attendance t WHERE t.activity_id = a.id AND a.archived = 0 AND a.type = 'training'
		AND a.starts_on >= ? AND a.starts_on <= ? AND t.organisation_id IS NOT NULL) x CROSS JOIN manager_spans m
		WHERE m.organisation_id = x.organisation_id AND m.person = x.name_key AND m.from_day <= ? AND (m.to_day = '' OR m.to_day >= ?)`+cond+`
		GROUP BY m.province`), append([]any{start, day}, args...),
		func(p string, n int64) { put(p, "T5", func(v *indicatorValue) { v.num += n }) })
}
