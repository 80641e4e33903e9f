package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/xlsx"
)

// allocationKind is the import of the provinces' shares of the targets:
// one row per indicator, milestone and province. Central staff only. An
// old province's share adds to its 2025 province, with a note.
type allocationKind struct{ kindInfo }

type allocKey struct {
	indicator string
	milestone int
	province  string
}

// plannedAlloc is one allocation an import sets: the rows that give it
// (several when old provinces merged into one), its value and what it is
// now.
type plannedAlloc struct {
	key    allocKey
	rows   []int
	given  []string // the provinces as given when they were old ones
	notes  []string
	value  int64
	cur    coop.Allocation
	found  bool
	action string
}

func (allocationKind) plan(ctx context.Context, db *DB, q queryer, actor coop.Actor, _, name string, data []byte, _ int, progress func(int, int)) (*importPlan, error) {
	p, _, err := db.planAllocations(ctx, q, name, data, progress)
	return p, err
}

// planAllocations reads an allocations file, sums the rows of old
// provinces into their 2025 province and compares each allocation with
// the one in the database.
func (db *DB) planAllocations(ctx context.Context, q queryer, name string, data []byte, progress func(done, total int)) (*importPlan, []*plannedAlloc, error) {
	cols := xlsx.AllocationFields()
	rows, err := readRows(name, data, cols, xlsx.DecodeAllocation)
	if err != nil {
		return nil, nil, err
	}
	b := newPlanBuilder(cols)
	b.rows(len(rows))
	indicators := map[string]*coop.Indicator{}
	var order []*plannedAlloc
	groups := map[allocKey]*plannedAlloc{}
	given := map[string]int{} // indicator, milestone and province given → first row
	for i, r := range rows {
		reportProgress(progress, i, len(rows))
		if len(r.Errors) > 0 {
			b.fail(r.Errors)
			continue
		}
		ind, ok := indicators[r.Indicator]
		if !ok {
			if ind, err = db.getIndicator(ctx, q, r.Indicator); err != nil {
				return nil, nil, err
			}
			indicators[r.Indicator] = ind
		}
		if m := coop.ValidateTargetValue(*ind, &r.Value); m != "" {
			b.fail([]xlsx.CellError{{Row: r.Num, Col: xlsx.AllocValue, Message: m}})
			continue
		}
		k := allocKey{r.Indicator, r.Milestone, r.Province.Code}
		// A 2025 province once, each old province once: the old ones add up.
		gk := fmt.Sprintf("%s|%d|%s", r.Indicator, r.Milestone, r.Province.Code)
		if r.Province.Legacy {
			gk += "|" + r.Province.Note
		}
		if first, dup := given[gk]; dup {
			b.fail([]xlsx.CellError{{Row: r.Num, Col: xlsx.AllocProvince, Message: fmt.Sprintf("Chỉ tiêu %s mốc %d của %s trùng với dòng %d của tệp.", r.Indicator, r.Milestone, r.Province.Given, first)}})
			continue
		}
		given[gk] = r.Num
		g := groups[k]
		if g != nil && ind.Percent() {
			b.fail([]xlsx.CellError{{Row: r.Num, Col: xlsx.AllocProvince, Message: fmt.Sprintf("%s là chỉ tiêu tỷ lệ: các tỉnh cũ nay thuộc %s không cộng được; nhập một dòng cho %s (dòng %d đã có).",
				r.Indicator, r.Province.Name, r.Province.Name, g.rows[0])}})
			continue
		}
		if g == nil {
			g = &plannedAlloc{key: k}
			groups[k] = g
			order = append(order, g)
		}
		g.rows = append(g.rows, r.Num)
		g.value += r.Value
		if r.Province.Legacy {
			g.given = append(g.given, r.Province.Given)
			g.notes = append(g.notes, r.Province.Note)
			b.note(r.Province.Note)
		}
	}
	for _, g := range order {
		if m := coop.ValidateTargetValue(*indicators[g.key.indicator], &g.value); m != "" {
			for _, n := range g.rows {
				b.fail([]xlsx.CellError{{Row: n, Col: xlsx.AllocValue, Message: "Tổng chỉ tiêu của " + coop.ProvinceName(g.key.province) + ": " + m}})
			}
			g.action = "error"
			continue
		}
		g.cur, g.found, err = db.readAllocation(ctx, q, g.key)
		if err != nil {
			return nil, nil, err
		}
		ch := &ImportChange{Row: g.rows[0], Name: fmt.Sprintf("%s – mốc %d – %s", g.key.indicator, g.key.milestone, coop.ProvinceName(g.key.province)),
			Note: strings.Join(g.notes, "; ")}
		switch {
		case !g.found:
			g.action = "new"
		case sameInt(g.cur.Value, &g.value) && g.cur.Status == coop.AllocationApproved:
			g.action = "unchanged"
		default:
			g.action = "update"
			ch.ID = g.cur.ID
		}
		before := ""
		if g.cur.Value != nil {
			before = xlsx.FormatInt(*g.cur.Value)
		}
		ch.Fields = []FieldChange{{Field: "Chỉ tiêu giao", Before: before, After: xlsx.FormatInt(g.value)}}
		b.add(g.action, ch)
	}
	return &b.plan, order, nil
}

// readAllocation reads one allocation through q; a missing one comes back
// as a fresh row with found false.
func (db *DB) readAllocation(ctx context.Context, q queryer, k allocKey) (coop.Allocation, bool, error) {
	a, err := scanAllocation(q.QueryRowContext(ctx, db.rebind(`SELECT `+allocationColumns+` FROM target_allocations WHERE indicator = ? AND province = ? AND milestone = ?`),
		k.indicator, k.province, k.milestone))
	if errors.Is(err, sql.ErrNoRows) {
		return coop.Allocation{Indicator: k.indicator, Province: k.province, ProvinceName: coop.ProvinceName(k.province), Milestone: k.milestone, Status: coop.AllocationApproved}, false, nil
	}
	if err != nil {
		return a, false, fmt.Errorf("store: allocation: %w", err)
	}
	return a, true, nil
}

func (allocationKind) commit(ctx context.Context, tx *Tx, imp *Import, validOnly bool, progress func(int, int)) error {
	data, err := tx.importFile(ctx, imp.ID)
	if err != nil {
		return err
	}
	plan, groups, err := tx.db.planAllocations(ctx, tx.tx, imp.FileName, data, nil)
	if err != nil {
		return err
	}
	if errs := plan.preview.Errors; len(errs) > 0 && !validOnly {
		return stale(errs[0].Row)
	}
	for i, g := range groups {
		reportProgress(progress, i, len(groups))
		if g.action != "new" && g.action != "update" {
			continue
		}
		ctx := ctx
		if len(g.given) > 0 {
			ctx = WithProvinceGiven(ctx, strings.Join(g.given, "; "))
		}
		var before, auditBefore any
		if g.found {
			before, auditBefore = g.cur, allocationAudit(&g.cur)
		}
		next := g.cur
		v := g.value
		next.Value, next.ProposedValue, next.Status = &v, nil, coop.AllocationApproved
		err := tx.importWrite(ctx, imp.ID, "target_allocation", g.rows[0], before, func() (int64, int64, error) {
			if err := tx.saveAllocation(ctx, &next, g.found); err != nil {
				return 0, 0, err
			}
			return next.ID, next.Version, tx.audit(ctx, "allocate", "target_allocation", next.ID, next.Province, auditBefore, allocationAudit(&next))
		})
		if err != nil {
			return err
		}
	}
	return tx.finishCommit(ctx, imp, plan.summary, "chỉ tiêu của tỉnh")
}

// revert deletes the allocations the import created and puts back those it
// changed, unless one was changed since.
func (allocationKind) revert(ctx context.Context, tx *Tx, imp *Import) error {
	recs, err := tx.importRecords(ctx, imp.ID, "target_allocation")
	if err != nil {
		return err
	}
	cur := make([]coop.Allocation, len(recs))
	var changed []string
	for i, r := range recs {
		a, err := scanAllocation(tx.queryRow(ctx, `SELECT `+allocationColumns+` FROM target_allocations WHERE id = ?`, r.id))
		if errors.Is(err, sql.ErrNoRows) {
			changed = append(changed, fmt.Sprintf("#%d (đã bị xoá)", r.id))
			continue
		}
		if err != nil {
			return fmt.Errorf("store: allocation %d: %w", r.id, err)
		}
		if a.Version != r.version {
			changed = append(changed, fmt.Sprintf("%s mốc %d của %s", a.Indicator, a.Milestone, a.ProvinceName))
		}
		cur[i] = a
	}
	if len(changed) > 0 {
		return changedSince(changed, "chỉ tiêu", "Hãy sửa trực tiếp trên trang chỉ tiêu.")
	}
	for i, r := range recs {
		a := cur[i]
		if r.action == "create" {
			if _, err := tx.exec(ctx, `DELETE FROM target_allocations WHERE id = ?`, a.ID); err != nil {
				return fmt.Errorf("store: remove imported allocation: %w", err)
			}
			if err := tx.audit(ctx, "delete", "target_allocation", a.ID, a.Province, allocationAudit(&a), nil); err != nil {
				return err
			}
			continue
		}
		var before coop.Allocation
		if err := json.Unmarshal([]byte(r.before), &before); err != nil {
			return fmt.Errorf("store: import record %d: %w", r.id, err)
		}
		next := a
		next.Value, next.ProposedValue, next.Status, next.Note = before.Value, before.ProposedValue, before.Status, before.Note
		if err := tx.saveAllocation(ctx, &next, true); err != nil {
			return err
		}
		if err := tx.audit(ctx, "import_revert", "target_allocation", a.ID, a.Province, allocationAudit(&a), allocationAudit(&next)); err != nil {
			return err
		}
	}
	return nil
}
