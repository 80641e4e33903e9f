package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"htxnu/internal/coop"
)

// The figures of T1–T6 are read from rollups kept in the write transactions
// (migration 0008), never recomputed from the rows on a request:
//
//   - org_support: per organisation, the links from current activities
//     (supports) and from current activities of a "consolidation" task
//     (consolidations), moved when beneficiaries are added or removed, an
//     activity is archived, changes task, or a task changes group;
//   - indicator_rollup: per province, what each organisation contributes to
//     T1 (under each women-in-management rule), T2 and T6 (per rule), and the
//     activity sums behind T3, T4 and T5's numerator;
//   - manager_events: T5's denominator as dated start and end events, so the
//     count on any day needs no write on the day a position starts or ends.
//
// An organisation's contribution is a function of its row (kind, status,
// archived, province, flags, founding date), its counters, its registered
// founding case and its positions; every path that changes one of them
// moves the contribution from before to after, as applyRollup does for
// org_rollup.

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

// addSpec describes a rollup table moved by deltas: an INSERT … ON CONFLICT
// (keys) DO UPDATE that adds each value column to the row.
type addSpec struct {
	table string
	keys  []string
	vals  []string
}

func (s addSpec) statement(rows int) string {
	cols := append(append([]string{}, s.keys...), s.vals...)
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	var b strings.Builder
	b.WriteString("INSERT INTO " + s.table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	b.WriteString(" ON CONFLICT (" + strings.Join(s.keys, ", ") + ") DO UPDATE SET ")
	for i, v := range s.vals {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = %s.%s + excluded.%s", v, s.table, v, v)
	}
	return b.String()
}

// each calls fn with multi-row statements adding rows (key values, then
// deltas), in order, within the bound-variable limit of both databases.
func (s addSpec) each(rows [][]any, fn func(q string, args []any) error) error {
	per := max(1, sqliteMaxVars/(len(s.keys)+len(s.vals)))
	for start := 0; start < len(rows); start += per {
		end := min(len(rows), start+per)
		args := make([]any, 0, (end-start)*(len(s.keys)+len(s.vals)))
		for _, r := range rows[start:end] {
			args = append(args, r...)
		}
		if err := fn(s.statement(end-start), args); err != nil {
			return fmt.Errorf("store: %s: %w", s.table, err)
		}
	}
	return nil
}

// addRows moves the rows of a rollup table in the transaction.
func (tx *Tx) addRows(ctx context.Context, s addSpec, rows [][]any) error {
	return s.each(rows, func(q string, args []any) error {
		_, err := tx.exec(ctx, q, args...)
		return err
	})
}

var (
	indicatorSpec = addSpec{"indicator_rollup", []string{"province"}, []string{"t1_wim_default", "t1_wim_strict", "t2",
		"t6_wim_default", "t6_wim_strict", "jobs_women_htx", "jobs_women_tht", "managers_trained_female"}}
	managerSpec = addSpec{"manager_events", []string{"grain", "period", "province"}, []string{"starts", "ends"}}
)

// orgFacts is what of an organisation's row the indicators depend on.
type orgFacts struct {
	ID                              int64
	Kind, Status, Province, Founded string
	Archived, WIMDefault, WIMStrict bool
}

func factsOf(o *coop.Organisation) orgFacts {
	return orgFacts{ID: o.ID, Kind: o.Kind, Status: o.Status, Province: o.Province, Founded: o.FoundedOn,
		Archived: o.Archived, WIMDefault: o.Flags.WIMDefault, WIMStrict: o.Flags.WIMStrict}
}

// orgLinks is what beyond its row an organisation's indicators depend on:
// its support counters and the province of the founding case registered
// for it ("" when none).
type orgLinks struct {
	Supports, Consolidations int64
	Founding                 string
}

// indicatorVec is one row of indicator_rollup.
type indicatorVec struct {
	T1WIMDefault, T1WIMStrict, T2, T6WIMDefault, T6WIMStrict int64
	JobsWomenHTX, JobsWomenTHT, ManagersTrainedFemale        int64
}

func (v indicatorVec) plus(o indicatorVec, sign int64) indicatorVec {
	v.T1WIMDefault += sign * o.T1WIMDefault
	v.T1WIMStrict += sign * o.T1WIMStrict
	v.T2 += sign * o.T2
	v.T6WIMDefault += sign * o.T6WIMDefault
	v.T6WIMStrict += sign * o.T6WIMStrict
	v.JobsWomenHTX += sign * o.JobsWomenHTX
	v.JobsWomenTHT += sign * o.JobsWomenTHT
	v.ManagersTrainedFemale += sign * o.ManagersTrainedFemale
	return v
}

func (v indicatorVec) vals() []any {
	return []any{v.T1WIMDefault, v.T1WIMStrict, v.T2, v.T6WIMDefault, v.T6WIMStrict, v.JobsWomenHTX, v.JobsWomenTHT, v.ManagersTrainedFemale}
}

// indicatorDeltas are changes of indicator_rollup by province.
type indicatorDeltas struct {
	deltas[provinceKey, indicatorVec]
}

func (d *indicatorDeltas) add(province string, v indicatorVec, sign int64) {
	d.deltas.add(provinceKey(province), v, sign)
}

// org adds (sign 1) or takes away (sign -1) what an organisation contributes
// to T1, T2 and T6. Archived organisations contribute nothing.
func (d *indicatorDeltas) org(f orgFacts, l orgLinks, sign int64) {
	if f.Archived {
		return
	}
	var v indicatorVec
	if f.Kind == coop.KindHTX && f.Status == coop.StatusActive && l.Consolidations > 0 {
		v.T1WIMDefault, v.T1WIMStrict = int64(b2i(f.WIMDefault)), int64(b2i(f.WIMStrict))
	}
	if f.Kind == coop.KindTHT && (f.Founded >= t2Since || l.Supports > 0) {
		v.T2 = 1
	}
	if v != (indicatorVec{}) {
		d.add(f.Province, v, sign)
	}
	if l.Founding != "" && (f.WIMDefault || f.WIMStrict) {
		d.add(l.Founding, indicatorVec{T6WIMDefault: int64(b2i(f.WIMDefault)), T6WIMStrict: int64(b2i(f.WIMStrict))}, sign)
	}
}

// activity adds or takes away an activity's sums (current activities only).
func (d *indicatorDeltas) activity(a *coop.Activity, sign int64) {
	if a == nil || a.Archived {
		return
	}
	v := indicatorVec{JobsWomenHTX: a.JobsWomenHTX, JobsWomenTHT: a.JobsWomenTHT, ManagersTrainedFemale: a.ManagersTrainedFemale}
	if v != (indicatorVec{}) {
		d.add(a.Province, v, sign)
	}
}

// managerKey is one row of manager_events.
type managerKey struct{ Grain, Period, Province string }

func (k managerKey) cols() []any { return []any{k.Grain, k.Period, k.Province} }

func (k managerKey) compare(o managerKey) int {
	return cmp.Or(cmp.Compare(k.Grain, o.Grain), cmp.Compare(k.Period, o.Period), cmp.Compare(k.Province, o.Province))
}

// managerVec is a change of manager_events: the positions that start and
// end.
type managerVec struct{ Starts, Ends int64 }

func (v managerVec) plus(o managerVec, sign int64) managerVec {
	return managerVec{v.Starts + sign*o.Starts, v.Ends + sign*o.Ends}
}

func (v managerVec) vals() []any { return []any{v.Starts, v.Ends} }

// managerDeltas are changes of manager_events.
type managerDeltas struct{ deltas[managerKey, managerVec] }

// org adds (sign 1) or takes away (sign -1) the start and end events of the
// management positions held by women in an active, current cooperative.
func (d *managerDeltas) org(o *coop.Organisation, sign int64) {
	if o == nil || o.Archived || o.Kind != coop.KindHTX || o.Status != coop.StatusActive {
		return
	}
	for _, p := range o.Positions {
		if p.Sex != coop.SexFemale || !isT5Role(p.Role) || (p.To != "" && p.To < p.From) {
			continue // a position ending before it starts is never held
		}
		d.event(o.Province, p.From, sign, 0)
		if p.To != "" {
			d.event(o.Province, p.To, 0, sign)
		}
	}
}

// event records a start or an end on date ("" for a position with no start
// date: before any day) at the three grains.
func (d *managerDeltas) event(province, date string, starts, ends int64) {
	for _, k := range []managerKey{{"y", prefix(date, 4), province}, {"m", prefix(date, 7), province}, {"d", date, province}} {
		d.add(k, managerVec{starts, ends}, 1)
	}
}

func prefix(s string, n int) string {
	if len(s) < n {
		return s
	}
	return s[:n]
}

// orgLinksOf reads an organisation's support counters and registered
// founding case in the transaction.
func (tx *Tx) orgLinksOf(ctx context.Context, id int64) (orgLinks, error) {
	var l orgLinks
	err := tx.queryRow(ctx, `SELECT COALESCE((SELECT supports FROM org_support WHERE organisation_id = ?), 0),
		COALESCE((SELECT consolidations FROM org_support WHERE organisation_id = ?), 0),
		COALESCE((SELECT province FROM founding_cases WHERE organisation_id = ? AND status = 'registered'), '')`, id, id, id).
		Scan(&l.Supports, &l.Consolidations, &l.Founding)
	if err != nil {
		return l, fmt.Errorf("store: organisation links: %w", err)
	}
	return l, nil
}

// lockOrgFacts reads an organisation's facts and links in the transaction,
// locking its row on PostgreSQL so that a concurrent change of the
// organisation or of its counters waits (SQLite's write transactions are
// serial already). The lock (NO KEY UPDATE) does not wait for the
// key-share locks that inserting beneficiary rows takes, so two activity
// writes reaching the same organisation queue rather than deadlock. The
// links are read by a second statement, once the lock is held: under READ
// COMMITTED a statement that waited for a row lock sees the other tables as
// they were when it started, so reading the counters in the same statement
// would miss those the lock holder just committed.
func (tx *Tx) lockOrgFacts(ctx context.Context, id int64) (orgFacts, orgLinks, error) {
	f := orgFacts{ID: id}
	q := `SELECT kind, status, province, founded_on, archived, wim_default, wim_strict FROM organisations WHERE id = ?`
	if tx.db.dialect == Postgres {
		q += ` FOR NO KEY UPDATE`
	}
	if err := tx.queryRow(ctx, q, id).Scan(&f.Kind, &f.Status, &f.Province, &f.Founded, &f.Archived, &f.WIMDefault, &f.WIMStrict); err != nil {
		return f, orgLinks{}, fmt.Errorf("store: organisation %d: %w", id, err)
	}
	l, err := tx.orgLinksOf(ctx, id)
	return f, l, err
}

// applyOrgIndicators moves an organisation's contribution to the indicator
// rollups from before to after (either may be nil); applyRollup calls it.
func (tx *Tx) applyOrgIndicators(ctx context.Context, before, after *coop.Organisation) error {
	id := int64(0)
	if before != nil {
		id = before.ID
	} else if after != nil {
		id = after.ID
	}
	var links orgLinks
	if before != nil {
		// A new organisation has no links yet.
		var err error
		if links, err = tx.orgLinksOf(ctx, id); err != nil {
			return err
		}
	}
	ind, man := indicatorDeltas{}, managerDeltas{}
	if before != nil {
		ind.org(factsOf(before), links, -1)
		man.org(before, -1)
	}
	if after != nil {
		ind.org(factsOf(after), links, 1)
		man.org(after, 1)
	}
	if err := tx.addRows(ctx, indicatorSpec, ind.rows()); err != nil {
		return err
	}
	if err := tx.addRows(ctx, managerSpec, man.rows()); err != nil {
		return err
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

// supportChange is how an activity write changes an organisation's counters.
type supportChange struct{ Supports, Consolidations int64 }

// applyActivityIndicators moves the indicators an activity write changes:
// its sums, and the support counters (and so T1 and T2) of the
// organisations it reaches. applyActivityRollup calls it.
func (tx *Tx) applyActivityIndicators(ctx context.Context, before, after *coop.Activity) error {
	ind := indicatorDeltas{}
	ind.activity(before, -1)
	ind.activity(after, 1)
	changes := map[int64]supportChange{}
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
	if err := tx.moveSupport(ctx, changes, &ind); err != nil {
		return err
	}
	if err := tx.addRows(ctx, indicatorSpec, ind.rows()); err != nil {
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
// id order, and adds what that changes in T1 and T2 to ind.
func (tx *Tx) moveSupport(ctx context.Context, changes map[int64]supportChange, ind *indicatorDeltas) error {
	ids := make([]int64, 0, len(changes))
	for id, c := range changes {
		if c != (supportChange{}) {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		c := changes[id]
		f, old, err := tx.lockOrgFacts(ctx, id)
		if err != nil {
			return err
		}
		next := old
		next.Supports += c.Supports
		next.Consolidations += c.Consolidations
		if next.Supports < 0 || next.Consolidations < 0 || next.Consolidations > next.Supports {
			return fmt.Errorf("store: support counters of organisation %d would become %d/%d", id, next.Supports, next.Consolidations)
		}
		if next.Supports == 0 {
			_, err = tx.exec(ctx, `DELETE FROM org_support WHERE organisation_id = ?`, id)
		} else {
			_, err = tx.exec(ctx, `INSERT INTO org_support (organisation_id, supports, consolidations) VALUES (?, ?, ?)
				ON CONFLICT (organisation_id) DO UPDATE SET supports = excluded.supports, consolidations = excluded.consolidations`,
				id, next.Supports, next.Consolidations)
		}
		if err != nil {
			return fmt.Errorf("store: org support: %w", err)
		}
		ind.org(f, old, -1)
		ind.org(f, next, 1)
	}
	return nil
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
	changes := map[int64]supportChange{}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return err
		}
		changes[id] = supportChange{Consolidations: sign * n}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	ind := indicatorDeltas{}
	if err := tx.moveSupport(ctx, changes, &ind); err != nil {
		return err
	}
	return tx.addRows(ctx, indicatorSpec, ind.rows())
}

// applyFoundingRegistered adds T6's count for an organisation whose founding
// case (of province) has just been registered. founding.go calls it.
func (tx *Tx) applyFoundingRegistered(ctx context.Context, orgID int64, province string) error {
	f, links, err := tx.lockOrgFacts(ctx, orgID)
	if err != nil {
		return err
	}
	if links.Founding != province {
		return fmt.Errorf("store: founding case of organisation %d is not registered in %s", orgID, province)
	}
	// links already sees the case as registered: take away the contribution
	// without it, add the one with it.
	ind := indicatorDeltas{}
	without := links
	without.Founding = ""
	ind.org(f, without, -1)
	ind.org(f, links, 1)
	if err := tx.addRows(ctx, indicatorSpec, ind.rows()); err != nil {
		return err
	}
	return tx.refreshSince(ctx, []int64{orgID})
}
