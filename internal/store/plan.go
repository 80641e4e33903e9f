package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"htxnu/internal/coop"
)

// PlanTask is a task of a plan as lists and pickers show it.
type PlanTask = coop.Task

// PlanFilter selects plans.
type PlanFilter struct {
	Province string // a province code, or "central" for the VCA plan
	Phase    string
	Page     int
	PerPage  int
}

// PlanItem is a plan in a list, with its task count and planned budget.
type PlanItem struct {
	coop.Plan
	Tasks  int   `json:"tasks"`
	Budget int64 `json:"budget_total"`
}

// ProvinceCentral is the filter value for the VCA's own plan.
const ProvinceCentral = "central"

func planNotFound() error { return coop.NotFound("kế hoạch") }

// Plans lists the plans the actor may see: national actors every plan,
// provincial ones their province's and the VCA's.
func (db *DB) Plans(ctx context.Context, actor coop.Actor, f PlanFilter) ([]PlanItem, int, error) {
	if !coop.Can(actor, coop.PermProgrammeRead) {
		return nil, 0, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem kế hoạch.")
	}
	where, args := []string{"1=1"}, []any{}
	if !actor.National() {
		where = append(where, "(p.province = '' OR p.province = ?)")
		args = append(args, actor.Province)
	}
	switch {
	case f.Province == ProvinceCentral:
		where = append(where, "p.province = ''")
	case f.Province != "":
		where = append(where, "p.province = ?")
		args = append(args, f.Province)
	}
	if f.Phase != "" {
		where = append(where, "p.phase = ?")
		args = append(args, f.Phase)
	}
	cond := strings.Join(where, " AND ")
	page, per := pageBounds(f.Page, f.PerPage)
	var total int
	if err := db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM plans p WHERE `+cond), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count plans: %w", err)
	}
	page = lastPage(page, per, total)
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT p.id, p.province, p.phase, p.title, p.status, p.version, p.created_at, p.updated_at,
		(SELECT COUNT(*) FROM plan_tasks t WHERE t.plan_id = p.id),
		(SELECT COALESCE(SUM(b.amount), 0) FROM task_budgets b JOIN plan_tasks t ON t.id = b.task_id WHERE t.plan_id = p.id)
		FROM plans p WHERE `+cond+` ORDER BY p.phase DESC, p.province, p.id LIMIT ? OFFSET ?`), append(args, per, (page-1)*per)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: plans: %w", err)
	}
	defer rows.Close()
	out := []PlanItem{}
	for rows.Next() {
		var it PlanItem
		if err := rows.Scan(&it.ID, &it.Province, &it.Phase, &it.Title, &it.Status, &it.Version, &it.CreatedAt, &it.UpdatedAt, &it.Tasks, &it.Budget); err != nil {
			return nil, 0, err
		}
		out = append(out, it)
	}
	return out, total, rows.Err()
}

const planColumns = `id, province, phase, title, status, version, created_at, updated_at`

func scanPlan(s scanner) (*coop.Plan, error) {
	var p coop.Plan
	if err := s.Scan(&p.ID, &p.Province, &p.Phase, &p.Title, &p.Status, &p.Version, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return nil, err
	}
	return &p, nil
}

// Plan returns a plan the actor may see.
func (db *DB) Plan(ctx context.Context, actor coop.Actor, id int64) (*coop.Plan, error) {
	return db.getPlan(ctx, db.read(ctx), actor, id)
}

func (db *DB) getPlan(ctx context.Context, q queryer, actor coop.Actor, id int64) (*coop.Plan, error) {
	p, err := scanPlan(q.QueryRowContext(ctx, db.rebind(`SELECT `+planColumns+` FROM plans WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResPlan, Province: p.Province})) {
		return nil, planNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("store: plan %d: %w", id, err)
	}
	return p, nil
}

// PlanFor returns the plan of a province ("" for the VCA) and phase, or
// not found.
func (db *DB) PlanFor(ctx context.Context, actor coop.Actor, province, phase string) (*coop.Plan, error) {
	if !coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResPlan, Province: province}) {
		return nil, planNotFound()
	}
	p, err := scanPlan(db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT `+planColumns+` FROM plans WHERE province = ? AND phase = ?`), province, phase))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, planNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("store: plan: %w", err)
	}
	return p, nil
}

// forbidWrite is the error for a record the actor may see but not change:
// the VCA's plan for a province, a province's plan for the centre.
func forbidWrite(province string) error {
	if province == "" {
		return coop.Errorf(coop.EFORBIDDEN, "Kế hoạch của Liên minh HTX Việt Nam chỉ do Trung ương cập nhật.")
	}
	return coop.Errorf(coop.EFORBIDDEN, "Kế hoạch của tỉnh, thành phố do Liên minh HTX tỉnh cập nhật.")
}

// CreatePlan makes the plan of a province ("" for the VCA) for a phase.
// There is one per province and phase.
func (db *DB) CreatePlan(ctx context.Context, actor coop.Actor, p *coop.Plan) error {
	p.Normalize()
	if !coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResPlan, Province: p.Province}) || !coop.Can(actor, coop.PermPlanWrite) {
		return &coop.Error{Code: coop.EFORBIDDEN, Message: "Bạn chỉ được lập kế hoạch của tỉnh, thành phố mình.",
			Fields: map[string]string{"province": "Chỉ được chọn tỉnh, thành phố của bạn."}}
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if !coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResPlan, Province: p.Province}) {
		return forbidWrite(p.Province)
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		p.Version, p.CreatedAt, p.UpdatedAt = 1, tx.now, tx.now
		id, err := tx.insert(ctx, `INSERT INTO plans (province, phase, title, status, version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)`,
			p.Province, p.Phase, p.Title, p.Status, tx.now, tx.now)
		if err != nil {
			if isUnique(err) {
				return &coop.Error{Code: coop.ECONFLICT, Message: "Kế hoạch của đơn vị cho giai đoạn này đã có.",
					Fields: map[string]string{"phase": "Đã có kế hoạch cho giai đoạn này."}}
			}
			return fmt.Errorf("store: insert plan: %w", err)
		}
		p.ID = id
		return tx.audit(ctx, "create", "plan", id, p.Province, nil, p)
	})
}

// UpdatePlan saves a plan's title and status (version-checked).
func (db *DB) UpdatePlan(ctx context.Context, actor coop.Actor, p *coop.Plan) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		cur, err := db.getPlan(ctx, tx.tx, actor, p.ID)
		if err != nil {
			return err
		}
		if !coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResPlan, Province: cur.Province}) {
			return forbidWrite(cur.Province)
		}
		if err := missingVersion("kế hoạch", p.Version); err != nil {
			return err
		}
		if p.Version != cur.Version {
			return conflict(p.Version, cur.Version)
		}
		next := *cur
		next.Title, next.Status = p.Title, p.Status
		next.Normalize()
		if err := next.Validate(); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE plans SET title = ?, status = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			next.Title, next.Status, tx.now, cur.ID, cur.Version)
		if err != nil {
			return fmt.Errorf("store: update plan: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict(p.Version, cur.Version+1)
		}
		next.Version, next.UpdatedAt = cur.Version+1, tx.now
		if err := tx.audit(ctx, "update", "plan", cur.ID, cur.Province, cur, next); err != nil {
			return err
		}
		*p = next
		return nil
	})
}

// TaskFilter selects plan tasks (the activity form's task picker uses it).
type TaskFilter struct {
	Province string // a province code, or "central" for the VCA's tasks
	Phase    string
	Q        string // accent-insensitive words of the title
	PlanID   int64
	Group    string
	Page     int
	PerPage  int
}

const taskColumns = `t.id, t.plan_id, t.province, p.phase, t.task_group, t.title, t.responsible_unit, t.partners, t.starts_on, t.ends_on,
	t.status, t.indicators, t.version, t.created_at, t.updated_at`

func scanTask(s scanner) (*coop.Task, error) {
	var t coop.Task
	var inds string
	if err := s.Scan(&t.ID, &t.PlanID, &t.Province, &t.Phase, &t.Group, &t.Title, &t.ResponsibleUnit, &t.Partners, &t.StartsOn, &t.EndsOn,
		&t.Status, &inds, &t.Version, &t.CreatedAt, &t.UpdatedAt); err != nil {
		return nil, err
	}
	t.Indicators = splitTrimmed(inds, ",")
	t.Budget = map[string]int64{}
	return &t, nil
}

// splitTrimmed splits s at sep and keeps the parts that are not blank,
// trimmed.
func splitTrimmed(s, sep string) []string {
	out := []string{}
	for _, c := range strings.Split(s, sep) {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// PlanTasks lists the tasks the actor may see, in plan, group and id
// order, with the total matching the filter.
func (db *DB) PlanTasks(ctx context.Context, actor coop.Actor, f TaskFilter) ([]PlanTask, int, error) {
	if !coop.Can(actor, coop.PermProgrammeRead) {
		return nil, 0, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem kế hoạch.")
	}
	where, args := []string{"1=1"}, []any{}
	add := func(c string, a ...any) {
		where = append(where, c)
		args = append(args, a...)
	}
	if !actor.National() {
		add("(t.province = '' OR t.province = ?)", actor.Province)
	}
	switch {
	case f.Province == ProvinceCentral:
		add("t.province = ''")
	case f.Province != "":
		add("t.province = ?", f.Province)
	}
	if f.Phase != "" {
		add("p.phase = ?", f.Phase)
	}
	if f.PlanID != 0 {
		add("t.plan_id = ?", f.PlanID)
	}
	if f.Group != "" {
		add("t.task_group = ?", f.Group)
	}
	for _, w := range coop.SearchWords(f.Q) {
		add(`t.search_key LIKE ? ESCAPE '\'`, likePattern(w))
	}
	cond := strings.Join(where, " AND ")
	page, per := pageBounds(f.Page, f.PerPage)
	var total int
	if err := db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM plan_tasks t JOIN plans p ON p.id = t.plan_id WHERE `+cond), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count tasks: %w", err)
	}
	out := []PlanTask{}
	if total == 0 {
		return out, 0, nil
	}
	page = lastPage(page, per, total)
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT `+taskColumns+` FROM plan_tasks t JOIN plans p ON p.id = t.plan_id WHERE `+cond+`
		ORDER BY p.phase DESC, t.province, t.plan_id, CASE t.task_group WHEN 'communication' THEN 1 WHEN 'legal_founding' THEN 2 ELSE 3 END, t.id
		LIMIT ? OFFSET ?`), append(args, per, (page-1)*per)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: tasks: %w", err)
	}
	byID := map[int64]int{}
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		byID[t.ID] = len(out)
		out = append(out, *t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if err := db.loadBudgets(ctx, db.read(ctx), out, byID); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

func (db *DB) loadBudgets(ctx context.Context, q queryer, tasks []coop.Task, byID map[int64]int) error {
	if len(tasks) == 0 {
		return nil
	}
	ids := make([]any, 0, len(tasks))
	for _, t := range tasks {
		ids = append(ids, t.ID)
	}
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT task_id, source, amount FROM task_budgets WHERE task_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`), ids...)
	if err != nil {
		return fmt.Errorf("store: budgets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, amount int64
		var src string
		if err := rows.Scan(&id, &src, &amount); err != nil {
			return err
		}
		tasks[byID[id]].Budget[src] = amount
	}
	return rows.Err()
}

// Task returns one task the actor may see.
func (db *DB) Task(ctx context.Context, actor coop.Actor, id int64) (*coop.Task, error) {
	return db.getTask(ctx, db.read(ctx), actor, id)
}

func (db *DB) getTask(ctx context.Context, q queryer, actor coop.Actor, id int64) (*coop.Task, error) {
	t, err := scanTask(q.QueryRowContext(ctx, db.rebind(`SELECT `+taskColumns+` FROM plan_tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResPlan, Province: t.Province})) {
		return nil, coop.NotFound("nhiệm vụ")
	}
	if err != nil {
		return nil, fmt.Errorf("store: task %d: %w", id, err)
	}
	list := []coop.Task{*t}
	if err := db.loadBudgets(ctx, q, list, map[int64]int{t.ID: 0}); err != nil {
		return nil, err
	}
	return &list[0], nil
}

func taskSearchKey(t *coop.Task) string {
	return coop.Fold(t.Title + " " + t.ResponsibleUnit)
}

// CreateTask adds a task to a plan: the plan must be visible (else not
// found) and writable by the actor (else forbidden).
func (db *DB) CreateTask(ctx context.Context, actor coop.Actor, t *coop.Task) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		plan, err := db.getPlan(ctx, tx.tx, actor, t.PlanID)
		if err != nil {
			return err
		}
		// Input is checked before the right to write: the plan is visible,
		// so its messages disclose nothing.
		if t.Budget == nil {
			t.Budget = map[string]int64{}
		}
		t.Normalize()
		if err := t.Validate(); err != nil {
			return err
		}
		if !coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResPlan, Province: plan.Province}) {
			return forbidWrite(plan.Province)
		}
		t.ID, t.Province, t.Phase, t.Version, t.CreatedAt, t.UpdatedAt = 0, plan.Province, plan.Phase, 1, tx.now, tx.now
		id, err := tx.insert(ctx, `INSERT INTO plan_tasks (plan_id, province, task_group, title, responsible_unit, partners, starts_on, ends_on, status,
			indicators, search_key, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
			plan.ID, plan.Province, t.Group, t.Title, t.ResponsibleUnit, t.Partners, t.StartsOn, t.EndsOn, t.Status,
			strings.Join(t.Indicators, ","), taskSearchKey(t), tx.now, tx.now)
		if err != nil {
			return fmt.Errorf("store: insert task: %w", err)
		}
		t.ID = id
		if err := tx.saveBudget(ctx, t.ID, nil, t.Budget); err != nil {
			return err
		}
		return tx.audit(ctx, "create", "plan_task", t.ID, t.Province, nil, t)
	})
}

// UpdateTask saves a task. t.Version must be the version read; the plan and
// province cannot change.
func (db *DB) UpdateTask(ctx context.Context, actor coop.Actor, t *coop.Task) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		cur, err := db.getTask(ctx, tx.tx, actor, t.ID)
		if err != nil {
			return err
		}
		if err := missingVersion("nhiệm vụ", t.Version); err != nil {
			return err
		}
		next := *t
		if next.Budget == nil {
			next.Budget = map[string]int64{}
		}
		next.ID, next.PlanID, next.Province, next.Phase, next.CreatedAt = cur.ID, cur.PlanID, cur.Province, cur.Phase, cur.CreatedAt
		next.Normalize()
		if err := next.Validate(); err != nil {
			return err
		}
		if !coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResPlan, Province: cur.Province}) {
			return forbidWrite(cur.Province)
		}
		if t.Version != cur.Version {
			return conflict(t.Version, cur.Version)
		}
		res, err := tx.exec(ctx, `UPDATE plan_tasks SET task_group = ?, title = ?, responsible_unit = ?, partners = ?, starts_on = ?, ends_on = ?,
			status = ?, indicators = ?, search_key = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			next.Group, next.Title, next.ResponsibleUnit, next.Partners, next.StartsOn, next.EndsOn, next.Status,
			strings.Join(next.Indicators, ","), taskSearchKey(&next), tx.now, cur.ID, cur.Version)
		if err != nil {
			return fmt.Errorf("store: update task: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict(t.Version, cur.Version+1)
		}
		next.Version, next.UpdatedAt = cur.Version+1, tx.now
		if err := tx.saveBudget(ctx, cur.ID, cur.Budget, next.Budget); err != nil {
			return err
		}
		if err := tx.applyTaskGroup(ctx, cur.ID, cur.Group, next.Group); err != nil {
			return err
		}
		if err := tx.audit(ctx, "update", "plan_task", cur.ID, cur.Province, cur, next); err != nil {
			return err
		}
		*t = next
		return nil
	})
}

// saveBudget writes the difference between the old and new budgets.
func (tx *Tx) saveBudget(ctx context.Context, taskID int64, old, next map[string]int64) error {
	srcs := map[string]bool{}
	for s := range old {
		srcs[s] = true
	}
	for s := range next {
		srcs[s] = true
	}
	keys := make([]string, 0, len(srcs))
	for s := range srcs {
		keys = append(keys, s)
	}
	sort.Strings(keys)
	for _, s := range keys {
		o, had := old[s]
		n, has := next[s]
		switch {
		case has && had && o == n:
		case has:
			if _, err := tx.exec(ctx, `INSERT INTO task_budgets (task_id, source, amount) VALUES (?, ?, ?)
				ON CONFLICT (task_id, source) DO UPDATE SET amount = excluded.amount`, taskID, s, n); err != nil {
				return fmt.Errorf("store: budget: %w", err)
			}
		case had:
			if _, err := tx.exec(ctx, `DELETE FROM task_budgets WHERE task_id = ? AND source = ?`, taskID, s); err != nil {
				return fmt.Errorf("store: budget: %w", err)
			}
		}
	}
	return nil
}

// TaskProgress is what has been done of a task: the activities recorded
// under it and the money they spent, by funding source.
type TaskProgress struct {
	Activities int              `json:"activities"`
	Spent      int64            `json:"spent"`
	BySource   map[string]int64 `json:"spent_by_source"`
	Known      bool             `json:"known"` // false while activities are not recorded in this database
}

// TasksProgress returns the progress of the given tasks (the caller has
// read them, so scope is already applied).
func (db *DB) TasksProgress(ctx context.Context, ids []int64) (map[int64]TaskProgress, error) {
	out := map[int64]TaskProgress{}
	for _, id := range ids {
		out[id] = TaskProgress{BySource: map[string]int64{}}
	}
	if len(ids) == 0 {
		return out, nil
	}
	src, err := db.sources(ctx)
	if err != nil {
		return nil, err
	}
	if !src.activities {
		return out, nil
	}
	list, args := idList(ids)
	in := "(" + list + ")"
	// The tasks' activities from activities_task_archived: "+" keeps the archived
	// flag from choosing an index of every activity, which SQLite's rough
	// statistics (analysis_limit) may take for a few rows (455 ms for a
	// province's plan at 100,000 activities).
	counts, err := queryAll(ctx, db, "task progress", `SELECT task_id, COUNT(*) FROM activities WHERE +archived = 0 AND task_id IN `+in+` GROUP BY task_id`, args,
		func(s scanner) (c [2]int64, err error) {
			err = s.Scan(&c[0], &c[1])
			return
		})
	if err != nil {
		return nil, err
	}
	for id, p := range out {
		p.Known = true
		out[id] = p
	}
	for _, c := range counts {
		p := out[c[0]]
		p.Activities = int(c[1])
		out[c[0]] = p
	}
	if !src.costs {
		return out, nil
	}
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT a.task_id, c.source, COALESCE(SUM(c.amount), 0) FROM activity_costs c JOIN activities a ON a.id = c.activity_id
		WHERE +a.archived = 0 AND a.task_id IN `+in+` GROUP BY a.task_id, c.source`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: task spending: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, amount int64
		var s string
		if err := rows.Scan(&id, &s, &amount); err != nil {
			return nil, err
		}
		p := out[id]
		p.BySource[s] += amount
		p.Spent += amount
		out[id] = p
	}
	return out, rows.Err()
}
