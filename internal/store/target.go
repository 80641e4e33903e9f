package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"htxnu/internal/coop"
)

// SeedIndicators loads the eight indicators of Decision 01. It is
// idempotent: names, units and order follow the code, but national values an
// administrator has edited are never overwritten.
func (db *DB) SeedIndicators(ctx context.Context) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := db.now().UTC()
	for _, ind := range coop.DefaultIndicators {
		if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO indicators (code, name, unit, cumulative, target_2025, target_2030, sort, version, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, unit = excluded.unit, cumulative = excluded.cumulative, sort = excluded.sort`),
			ind.Code, ind.Name, ind.Unit, b2i(ind.Cumulative), nullInt(ind.Target2025), nullInt(ind.Target2030), ind.Sort, now); err != nil {
			return fmt.Errorf("store: seed indicators: %w", err)
		}
	}
	return tx.Commit()
}

// ensureIndicators seeds the indicators on first use, so a database migrated
// before they existed still has them.
func (db *DB) ensureIndicators(ctx context.Context) error {
	var n int
	if err := db.read(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM indicators`).Scan(&n); err != nil {
		return fmt.Errorf("store: count indicators: %w", err)
	}
	if n >= len(coop.DefaultIndicators) {
		return nil
	}
	return db.SeedIndicators(ctx)
}

func nullInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func ptrInt(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

const indicatorColumns = `code, name, unit, cumulative, target_2025, target_2030, sort, version, updated_at`

func scanIndicator(s scanner) (coop.Indicator, error) {
	var i coop.Indicator
	var cum int
	var t25, t30 sql.NullInt64
	err := s.Scan(&i.Code, &i.Name, &i.Unit, &cum, &t25, &t30, &i.Sort, &i.Version, &i.UpdatedAt)
	i.Cumulative, i.Target2025, i.Target2030 = cum != 0, ptrInt(t25), ptrInt(t30)
	return i, err
}

// Indicators returns T1–T8 with their national values. Anyone who may see
// the programme may read them.
func (db *DB) Indicators(ctx context.Context, actor coop.Actor) ([]coop.Indicator, error) {
	if !coop.Can(actor, coop.PermProgrammeRead) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem chỉ tiêu.")
	}
	if err := db.ensureIndicators(ctx); err != nil {
		return nil, err
	}
	return queryAll(ctx, db, "indicators", `SELECT `+indicatorColumns+` FROM indicators ORDER BY sort, code`, nil, scanIndicator)
}

// Indicator returns one indicator by code.
func (db *DB) Indicator(ctx context.Context, actor coop.Actor, code string) (*coop.Indicator, error) {
	if !coop.Can(actor, coop.PermProgrammeRead) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem chỉ tiêu.")
	}
	if err := db.ensureIndicators(ctx); err != nil {
		return nil, err
	}
	return db.getIndicator(ctx, db.read(ctx), code)
}

func (db *DB) getIndicator(ctx context.Context, q queryer, code string) (*coop.Indicator, error) {
	i, err := scanIndicator(q.QueryRowContext(ctx, db.rebind(`SELECT `+indicatorColumns+` FROM indicators WHERE code = ?`), code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, coop.NotFound("chỉ tiêu")
	}
	if err != nil {
		return nil, fmt.Errorf("store: indicator %s: %w", code, err)
	}
	return &i, nil
}

// canManageTargets: national administrators and central staff (and the
// system) set national values and allocations.
func canManageTargets(a coop.Actor) bool {
	return coop.Allows(a, coop.ActAllocate, coop.Record{Kind: coop.ResTarget})
}

// UpdateIndicator sets the national values of an indicator. version must be
// the version read; the change is audited.
func (db *DB) UpdateIndicator(ctx context.Context, actor coop.Actor, code string, version int64, t2025, t2030 *int64) (*coop.Indicator, error) {
	if !canManageTargets(actor) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Chỉ Trung ương mới được đặt chỉ tiêu toàn quốc.")
	}
	if err := db.ensureIndicators(ctx); err != nil {
		return nil, err
	}
	var out *coop.Indicator
	err := db.write(ctx, actor, func(tx *Tx) error {
		cur, err := db.getIndicator(ctx, tx.tx, code)
		if err != nil {
			return err
		}
		if version != cur.Version {
			return conflict(version, cur.Version)
		}
		p := coop.Problems{}
		if m := coop.ValidateTargetValue(*cur, t2025); m != "" {
			p.Add("target_2025", m)
		}
		if m := coop.ValidateTargetValue(*cur, t2030); m != "" {
			p.Add("target_2030", m)
		}
		if err := p.Err(); err != nil {
			return err
		}
		next := *cur
		next.Target2025, next.Target2030, next.Version, next.UpdatedAt = t2025, t2030, cur.Version+1, tx.now
		res, err := tx.exec(ctx, `UPDATE indicators SET target_2025 = ?, target_2030 = ?, version = version + 1, updated_at = ? WHERE code = ? AND version = ?`,
			nullInt(t2025), nullInt(t2030), tx.now, code, version)
		if err != nil {
			return fmt.Errorf("store: update indicator: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict(version, version+1)
		}
		if err := tx.audit(ctx, "update", "indicator", int64(cur.Sort), "", indicatorAudit(cur), indicatorAudit(&next)); err != nil {
			return err
		}
		out = &next
		return nil
	})
	return out, err
}

func indicatorAudit(i *coop.Indicator) map[string]any {
	return map[string]any{"code": i.Code, "target_2025": i.Target2025, "target_2030": i.Target2030, "version": i.Version}
}

func conflict(got, cur int64) error {
	return coop.Errorf(coop.ECONFLICT, "Dữ liệu đã được người khác cập nhật sau khi bạn mở (phiên bản %d, hiện tại %d). Vui lòng tải lại trang và nhập lại thay đổi.", got, cur)
}

const allocationColumns = `id, indicator, province, milestone, value, proposed_value, status, note, version, updated_at, updated_by`

func scanAllocation(s scanner) (coop.Allocation, error) {
	var a coop.Allocation
	var v, pv sql.NullInt64
	err := s.Scan(&a.ID, &a.Indicator, &a.Province, &a.Milestone, &v, &pv, &a.Status, &a.Note, &a.Version, &a.UpdatedAt, &a.UpdatedBy)
	a.Value, a.ProposedValue, a.ProvinceName = ptrInt(v), ptrInt(pv), coop.ProvinceName(a.Province)
	return a, err
}

// Allocations returns, for one indicator and milestone, a row per province
// the actor may see (all 34 for national actors, their own for provincial
// ones); a province without an allocation has a row with no value.
func (db *DB) Allocations(ctx context.Context, actor coop.Actor, code string, milestone int) ([]coop.Allocation, error) {
	if _, err := db.Indicator(ctx, actor, code); err != nil {
		return nil, err
	}
	if !coop.ValidMilestone(milestone) {
		return nil, &coop.Error{Code: coop.EINVALID, Message: "Mốc chỉ tiêu phải là 2025 hoặc 2030.", Fields: map[string]string{"milestone": "Chọn 2025 hoặc 2030."}}
	}
	where, args := "indicator = ? AND milestone = ?", []any{code, milestone}
	if !actor.National() {
		where += " AND province = ?"
		args = append(args, actor.Province)
	}
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT `+allocationColumns+` FROM target_allocations WHERE `+where), args...)
	if err != nil {
		return nil, fmt.Errorf("store: allocations: %w", err)
	}
	defer rows.Close()
	got := map[string]coop.Allocation{}
	for rows.Next() {
		a, err := scanAllocation(rows)
		if err != nil {
			return nil, err
		}
		got[a.Province] = a
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []coop.Allocation{}
	for _, p := range coop.Provinces() {
		if !actor.National() && p.Code != actor.Province {
			continue
		}
		a, ok := got[p.Code]
		if !ok {
			a = coop.Allocation{Indicator: code, Province: p.Code, ProvinceName: p.Name, Milestone: milestone, Status: coop.AllocationApproved}
		}
		out = append(out, a)
	}
	return out, nil
}

// AllocationSum is the sum of the provinces' allocations of an indicator
// for a milestone, against the national value.
type AllocationSum struct {
	Milestone  int    `json:"milestone"`
	National   *int64 `json:"national"`
	Sum        int64  `json:"sum"`
	Provinces  int    `json:"provinces"` // how many have a value
	Proposed   int    `json:"proposed"`  // how many proposals wait
	Difference *int64 `json:"difference"`
}

// Matches reports whether the allocations add up to the national value.
func (s AllocationSum) Matches() bool { return s.Difference != nil && *s.Difference == 0 }

// allocationSums returns the sums per indicator code and milestone.
func (db *DB) allocationSums(ctx context.Context) (map[string]map[int]AllocationSum, error) {
	rows, err := db.read(ctx).QueryContext(ctx, `SELECT indicator, milestone, COALESCE(SUM(value), 0), COUNT(value),
		SUM(CASE WHEN status = 'proposed' THEN 1 ELSE 0 END) FROM target_allocations GROUP BY indicator, milestone`)
	if err != nil {
		return nil, fmt.Errorf("store: allocation sums: %w", err)
	}
	defer rows.Close()
	out := map[string]map[int]AllocationSum{}
	for rows.Next() {
		var code string
		var s AllocationSum
		if err := rows.Scan(&code, &s.Milestone, &s.Sum, &s.Provinces, &s.Proposed); err != nil {
			return nil, err
		}
		if out[code] == nil {
			out[code] = map[int]AllocationSum{}
		}
		out[code][s.Milestone] = s
	}
	return out, rows.Err()
}

func withNational(s AllocationSum, ind coop.Indicator, milestone int) AllocationSum {
	s.Milestone = milestone
	s.National = ind.Target(milestone)
	if s.National != nil && !ind.Percent() {
		d := s.Sum - *s.National
		s.Difference = &d
	}
	return s
}

// SetAllocations sets the allocations of one indicator and milestone for the
// given provinces (nil clears a value) in one audited transaction. Only the
// centre may; a pending proposal of a province whose value is set is
// settled.
func (db *DB) SetAllocations(ctx context.Context, actor coop.Actor, code string, milestone int, values map[string]*int64) error {
	if !canManageTargets(actor) {
		return coop.Errorf(coop.EFORBIDDEN, "Chỉ Trung ương mới được giao chỉ tiêu cho các tỉnh.")
	}
	ind, err := db.Indicator(ctx, actor, code)
	if err != nil {
		return err
	}
	p := coop.Problems{}
	if !coop.ValidMilestone(milestone) {
		p.Add("milestone", "Chọn mốc 2025 hoặc 2030.")
	}
	provs := make([]string, 0, len(values))
	for prov, v := range values {
		if _, ok := coop.ProvinceByCode(prov); !ok {
			p.Add("values."+prov, "Không có tỉnh, thành phố mã "+prov+".")
			continue
		}
		if m := coop.ValidateTargetValue(*ind, v); m != "" {
			p.Add("values."+prov, m)
		}
		provs = append(provs, prov)
	}
	if err := p.Err(); err != nil {
		return err
	}
	sort.Strings(provs)
	return db.write(ctx, actor, func(tx *Tx) error {
		for _, prov := range provs {
			v := values[prov]
			cur, found, err := tx.allocation(ctx, code, prov, milestone)
			if err != nil {
				return err
			}
			if found && sameInt(cur.Value, v) && cur.Status == coop.AllocationApproved {
				continue
			}
			if !found && v == nil {
				continue
			}
			next := cur
			next.Value, next.ProposedValue, next.Status = v, nil, coop.AllocationApproved
			if err := tx.saveAllocation(ctx, &next, found); err != nil {
				return err
			}
			if err := tx.auditAllocation(ctx, "allocate", prov, &cur, &next, found); err != nil {
				return err
			}
		}
		return nil
	})
}

func sameInt(a, b *int64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// auditAllocation writes the audit event of an allocation's change from cur
// (when found; else it is new) to next.
func (tx *Tx) auditAllocation(ctx context.Context, action, province string, cur, next *coop.Allocation, found bool) error {
	var before any
	if found {
		before = allocationAudit(cur)
	}
	return tx.audit(ctx, action, "target_allocation", next.ID, province, before, allocationAudit(next))
}

func allocationAudit(a *coop.Allocation) map[string]any {
	return map[string]any{"indicator": a.Indicator, "province": a.Province, "milestone": a.Milestone,
		"value": a.Value, "proposed_value": a.ProposedValue, "status": a.Status, "note": a.Note, "version": a.Version}
}

// allocation reads one allocation in the transaction; a missing one comes
// back as a fresh row with found false.
func (tx *Tx) allocation(ctx context.Context, code, province string, milestone int) (coop.Allocation, bool, error) {
	a, err := scanAllocation(tx.queryRow(ctx, `SELECT `+allocationColumns+` FROM target_allocations WHERE indicator = ? AND province = ? AND milestone = ?`,
		code, province, milestone))
	if errors.Is(err, sql.ErrNoRows) {
		return coop.Allocation{Indicator: code, Province: province, ProvinceName: coop.ProvinceName(province), Milestone: milestone, Status: coop.AllocationApproved}, false, nil
	}
	if err != nil {
		return a, false, fmt.Errorf("store: allocation: %w", err)
	}
	return a, true, nil
}

func (tx *Tx) saveAllocation(ctx context.Context, a *coop.Allocation, exists bool) error {
	a.UpdatedAt, a.UpdatedBy = tx.now, tx.actor.Name
	if !exists {
		id, err := tx.insert(ctx, `INSERT INTO target_allocations (indicator, province, milestone, value, proposed_value, status, note, version, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`, a.Indicator, a.Province, a.Milestone, nullInt(a.Value), nullInt(a.ProposedValue), a.Status, a.Note, tx.now, tx.actor.Name)
		if err != nil {
			if isUnique(err) {
				return coop.Errorf(coop.ECONFLICT, "Chỉ tiêu của tỉnh vừa được người khác cập nhật. Vui lòng tải lại trang.")
			}
			return fmt.Errorf("store: insert allocation: %w", err)
		}
		a.ID, a.Version = id, 1
		return nil
	}
	res, err := tx.exec(ctx, `UPDATE target_allocations SET value = ?, proposed_value = ?, status = ?, note = ?, version = version + 1, updated_at = ?, updated_by = ?
		WHERE id = ? AND version = ?`, nullInt(a.Value), nullInt(a.ProposedValue), a.Status, a.Note, tx.now, tx.actor.Name, a.ID, a.Version)
	if err != nil {
		return fmt.Errorf("store: update allocation: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return coop.Errorf(coop.ECONFLICT, "Chỉ tiêu của tỉnh vừa được người khác cập nhật. Vui lòng tải lại trang.")
	}
	a.Version++
	return nil
}

// TargetRow is one indicator on the targets page: national values, the
// sums of the provinces' allocations, the actual figure, and — for a
// province — its own allocations.
type TargetRow struct {
	coop.Indicator
	Sums   map[int]AllocationSum    `json:"allocations_sum"`
	Own    map[int]*coop.Allocation `json:"province_allocation,omitempty"`
	Actual Actual                   `json:"actual"`
}

// TargetOverview is the targets page or API answer.
type TargetOverview struct {
	Province string      `json:"province"` // "" for national figures
	Rule     string      `json:"women_managed_rule"`
	Items    []TargetRow `json:"items"`
}

func (db *DB) ownAllocation(ctx context.Context, code, province string, milestone int) (*coop.Allocation, error) {
	a, err := scanAllocation(db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT `+allocationColumns+` FROM target_allocations WHERE indicator = ? AND province = ? AND milestone = ?`),
		code, province, milestone))
	if errors.Is(err, sql.ErrNoRows) {
		return &coop.Allocation{Indicator: code, Province: province, ProvinceName: coop.ProvinceName(province), Milestone: milestone, Status: coop.AllocationApproved}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: allocation: %w", err)
	}
	return &a, nil
}

// AllocationSummary returns the sum of the allocations of one indicator and
// milestone against its national value.
func (db *DB) AllocationSummary(ctx context.Context, actor coop.Actor, code string, milestone int) (AllocationSum, error) {
	ind, err := db.Indicator(ctx, actor, code)
	if err != nil {
		return AllocationSum{}, err
	}
	sums, err := db.allocationSums(ctx)
	if err != nil {
		return AllocationSum{}, err
	}
	return withNational(sums[code][milestone], *ind, milestone), nil
}
