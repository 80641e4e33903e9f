package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"htxnu/internal/coop"
)

// org_support (migration 0008) holds, per organisation, the links from
// current activities (supports) and from current activities of a
// "consolidation" plan task (consolidations), moved in the write
// transactions when beneficiaries are added or removed, an activity is
// archived, changes task, or a task changes group. The registry's
// indicator lists (organisation_list.go, indicatorCondition) read it.

// t2Since is the founding date from which a cooperative group counts in T2.
const t2Since = "2023-01-01"

// consolidationGroup is the plan task group whose activities consolidate
// cooperatives (T1).
const consolidationGroup = "consolidation"

// t5Roles are the management positions counted in T5: the positions of the
// default women-in-management rule for a cooperative.
var t5Roles = []string{coop.RoleChair, coop.RoleBoardMember, coop.RoleDirector, coop.RoleDeputyDirector,
	coop.RoleSupervisoryHead, coop.RoleSupervisoryMember, coop.RoleController, coop.RoleChiefAccountant}

func isT5Role(role string) bool {
	for _, r := range t5Roles {
		if r == role {
			return true
		}
	}
	return false
}

// supportCounts are an organisation's support counters, or a change of
// them.
type supportCounts struct{ Supports, Consolidations int64 }

// lockSupport reads an organisation's support counters in the transaction,
// locking its row on PostgreSQL so that a concurrent change of the
// organisation or of its counters waits (SQLite's write transactions are
// serial already). The lock (NO KEY UPDATE) does not wait for the
// key-share locks that inserting beneficiary rows takes, so two activity
// writes reaching the same organisation queue rather than deadlock. The
// counters are read by a second statement, once the lock is held: under
// READ COMMITTED a statement that waited for a row lock sees the other
// tables as they were when it started, so reading the counters in the same
// statement would miss those the lock holder just committed.
func (tx *Tx) lockSupport(ctx context.Context, id int64) (supportCounts, error) {
	var c supportCounts
	q := `SELECT id FROM organisations WHERE id = ?`
	if tx.db.dialect == Postgres {
		q += ` FOR NO KEY UPDATE`
	}
	var locked int64
	if err := tx.queryRow(ctx, q, id).Scan(&locked); err != nil {
		return c, fmt.Errorf("store: organisation %d: %w", id, err)
	}
	err := tx.queryRow(ctx, `SELECT COALESCE((SELECT supports FROM org_support WHERE organisation_id = ?), 0),
		COALESCE((SELECT consolidations FROM org_support WHERE organisation_id = ?), 0)`, id, id).Scan(&c.Supports, &c.Consolidations)
	if err != nil {
		return c, fmt.Errorf("store: org support: %w", err)
	}
	return c, nil
}

// applyOrgIndicators refreshes the organisation's rows of the indicator
// tables (manager_spans, indicator_since) from after (nil: it is gone);
// applyRollup calls it.
func (tx *Tx) applyOrgIndicators(ctx context.Context, before, after *coop.Organisation) error {
	id := int64(0)
	if before != nil {
		id = before.ID
	} else if after != nil {
		id = after.ID
	}
	if err := tx.refreshManagerSpans(ctx, id, after); err != nil {
		return err
	}
	if after == nil {
		// Removed: its rows go with it.
		if _, err := tx.exec(ctx, `DELETE FROM indicator_since WHERE organisation_id = ?`, id); err != nil {
			return fmt.Errorf("store: indicator since: %w", err)
		}
		return nil
	}
	return tx.refreshSince(ctx, []int64{id})
}

// applyActivityIndicators moves what an activity write changes in the
// support counters of the organisations it reaches, and their T1 and T2
// rows. applyActivityRollup calls it.
func (tx *Tx) applyActivityIndicators(ctx context.Context, before, after *coop.Activity) error {
	changes := map[int64]supportCounts{}
	for _, side := range []struct {
		a    *coop.Activity
		sign int64
	}{{before, -1}, {after, 1}} {
		a := side.a
		if a == nil || a.Archived || len(a.Beneficiaries) == 0 {
			continue
		}
		cons, err := tx.consolidates(ctx, a.TaskID)
		if err != nil {
			return err
		}
		for _, org := range a.Beneficiaries {
			c := changes[org]
			c.Supports += side.sign
			if cons {
				c.Consolidations += side.sign
			}
			changes[org] = c
		}
	}
	if err := tx.moveSupport(ctx, changes); err != nil {
		return err
	}
	if ids, changed := activitySinceChanged(before, after); changed {
		return tx.refreshSince(ctx, ids)
	}
	return nil
}

// lockActivityLinks takes, on PostgreSQL, the locks an activity write needs
// before it moves the rollups of the organisations it reaches: its plan
// tasks (shared, so that a change of a task's group waits), then the rows
// of those organisations, in id order. Every write that moves an
// organisation's reach or counters takes its row lock first, so each reads
// the others' committed changes; tasks before organisations, as a change of
// group does, so that none deadlocks.
func (tx *Tx) lockActivityLinks(ctx context.Context, before, after *coop.Activity) error {
	if tx.db.dialect != Postgres {
		return nil
	}
	var tasks, orgs []int64
	for _, a := range []*coop.Activity{before, after} {
		if a == nil || a.Archived {
			continue
		}
		if a.TaskID != 0 {
			tasks = append(tasks, a.TaskID)
		}
		orgs = append(orgs, a.Beneficiaries...)
	}
	for _, l := range []struct {
		ids []int64
		q   string
	}{{tasks, `SELECT id FROM plan_tasks WHERE id IN (%s) ORDER BY id FOR SHARE`},
		{orgs, `SELECT id FROM organisations WHERE id IN (%s) ORDER BY id FOR NO KEY UPDATE`}} {
		if len(l.ids) == 0 {
			continue
		}
		args := make([]any, len(l.ids))
		for i, id := range l.ids {
			args[i] = id
		}
		rows, err := tx.query(ctx, fmt.Sprintf(l.q, "?"+strings.Repeat(", ?", len(args)-1)), args...)
		if err != nil {
			return fmt.Errorf("store: lock: %w", err)
		}
		for rows.Next() {
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: lock: %w", err)
		}
	}
	return nil
}

// consolidates reports whether activities of the task count as
// consolidating (T1). On PostgreSQL the task row is share-locked so that a
// concurrent change of its group waits for this write.
func (tx *Tx) consolidates(ctx context.Context, taskID int64) (bool, error) {
	if taskID == 0 {
		return false, nil
	}
	q := `SELECT task_group FROM plan_tasks WHERE id = ?`
	if tx.db.dialect == Postgres {
		q += ` FOR SHARE`
	}
	var g string
	err := tx.queryRow(ctx, q, taskID).Scan(&g)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: plan task %d: %w", taskID, err)
	}
	return g == consolidationGroup, nil
}

// moveSupport applies changes to the support counters of organisations, in
// id order, a chunk of them a statement. On PostgreSQL their rows are
// locked first, as lockSupport locks one, and the counters read by the
// statement after.
func (tx *Tx) moveSupport(ctx context.Context, changes map[int64]supportCounts) error {
	ids := make([]int64, 0, len(changes))
	for id, c := range changes {
		if c != (supportCounts{}) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return eachIDChunk(ids, func(in string, args []any) error {
		if tx.db.dialect == Postgres {
			if err := tx.scanEach(ctx, `SELECT id FROM organisations WHERE id IN (`+in+`) ORDER BY id FOR NO KEY UPDATE`, args,
				func(func(...any) error) error { return nil }); err != nil {
				return fmt.Errorf("store: lock: %w", err)
			}
		}
		cur := make(map[int64]supportCounts, len(args))
		err := tx.scanEach(ctx, `SELECT o.id, COALESCE(s.supports, 0), COALESCE(s.consolidations, 0) FROM organisations o
			LEFT JOIN org_support s ON s.organisation_id = o.id WHERE o.id IN (`+in+`)`, args,
			func(scan func(...any) error) error {
				var id int64
				var c supportCounts
				if err := scan(&id, &c.Supports, &c.Consolidations); err != nil {
					return err
				}
				cur[id] = c
				return nil
			})
		if err != nil {
			return fmt.Errorf("store: org support: %w", err)
		}
		var gone, kept []any
		for _, a := range args {
			id := a.(int64)
			next, ok := cur[id]
			if !ok {
				return fmt.Errorf("store: organisation %d: %w", id, sql.ErrNoRows)
			}
			c := changes[id]
			next.Supports += c.Supports
			next.Consolidations += c.Consolidations
			if next.Supports < 0 || next.Consolidations < 0 || next.Consolidations > next.Supports {
				return fmt.Errorf("store: support counters of organisation %d would become %d/%d", id, next.Supports, next.Consolidations)
			}
			if next.Supports == 0 {
				gone = append(gone, id)
			} else {
				kept = append(kept, id, next.Supports, next.Consolidations)
			}
		}
		if len(gone) > 0 {
			if _, err := tx.exec(ctx, `DELETE FROM org_support WHERE organisation_id IN (?`+strings.Repeat(", ?", len(gone)-1)+`)`, gone...); err != nil {
				return fmt.Errorf("store: org support: %w", err)
			}
		}
		if len(kept) > 0 {
			if _, err := tx.exec(ctx, `INSERT INTO org_support (organisation_id, supports, consolidations) VALUES (?, ?, ?)`+
				strings.Repeat(", (?, ?, ?)", len(kept)/3-1)+`
				ON CONFLICT (organisation_id) DO UPDATE SET supports = excluded.supports, consolidations = excluded.consolidations`, kept...); err != nil {
				return fmt.Errorf("store: org support: %w", err)
			}
		}
		return nil
	})
}

// applyTaskGroup moves the consolidation counters of every organisation
// reached by a current activity of the task when the task's group changes
// to or from "consolidation". plan.go's UpdateTask calls it.
func (tx *Tx) applyTaskGroup(ctx context.Context, taskID int64, before, after string) error {
	if (before == consolidationGroup) == (after == consolidationGroup) {
		return nil
	}
	sign := int64(1)
	if before == consolidationGroup {
		sign = -1
	}
	rows, err := tx.query(ctx, `SELECT b.organisation_id, COUNT(*) FROM activity_beneficiaries b JOIN activities a ON a.id = b.activity_id
		WHERE a.task_id = ? AND a.archived = 0 GROUP BY b.organisation_id`, taskID)
	if err != nil {
		return fmt.Errorf("store: task beneficiaries: %w", err)
	}
	changes := map[int64]supportCounts{}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return err
		}
		changes[id] = supportCounts{Consolidations: sign * n}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return tx.moveSupport(ctx, changes)
}

// applyFoundingRegistered refreshes the T2 rows of an organisation whose
// founding case has just been registered, its row locked as an activity
// write reaching it locks it. founding.go calls it.
func (tx *Tx) applyFoundingRegistered(ctx context.Context, orgID int64) error {
	if _, err := tx.lockSupport(ctx, orgID); err != nil {
		return err
	}
	return tx.refreshSince(ctx, []int64{orgID})
}
