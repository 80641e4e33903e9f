package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"htxnu/internal/coop"
)

// compileRun is one compilation's grouped queries over q, for one province
// or for every province and the centre (only ""), over the window
// [from, to]; each puts its values in st by province and figure key.
type compileRun struct {
	db       *DB
	ctx      context.Context
	q        queryer
	only     string
	from, to string
	st       *compileState
	planned  map[string]map[string]int64 // planned budgets by province and funding source
	prov     string                      // the scanned row's province,
	key      string                      // its key part,
	n        [9]int64                    // and its values
}

// where returns the province condition on a column, with its argument.
func (r *compileRun) where(col string) (string, []any) {
	if r.only == "" {
		return "1 = 1", nil
	}
	return col + " = ?", []any{r.only}
}

// window is the arguments of a condition on a day column within the
// window followed by the province condition's.
func (r *compileRun) window(col string) (string, []any) {
	cond, args := r.where(col)
	return cond, append([]any{r.from, r.to}, args...)
}

// run scans rows of (province, key parts…, values…) into dest, calling put
// after each.
func (r *compileRun) run(what, query string, args []any, dest []any, put func()) error {
	rows, err := r.q.QueryContext(r.ctx, r.db.rebind(query), args...)
	if err != nil {
		return fmt.Errorf("store: compile %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("store: compile %s: %w", what, err)
		}
		put()
	}
	return rows.Err()
}

// registry counts the registry on the window's last day: active
// organisations from registry_asof, rows (province, kind, '*').
func (r *compileRun) registry(wimCol, hflCol string) error {
	provinces := provinceCodes()
	if r.only != "" {
		provinces = []string{r.only}
	}
	keys, kargs := asofKeys(provinces, kindCodes(), []string{allKey})
	from, args := asofRows(keys+" AND status = 'active'", kargs, r.to)
	n, st := &r.n, r.st
	return r.run("registry", `SELECT province, kind, COALESCE(SUM(orgs), 0), COALESCE(SUM(`+wimCol+`), 0), COALESCE(SUM(`+hflCol+`), 0),
		COALESCE(SUM(members_total), 0), COALESCE(SUM(members_female), 0), COALESCE(SUM(workers_total), 0), COALESCE(SUM(workers_female), 0)
		FROM `+from+` GROUP BY province, kind`, args,
		[]any{&r.prov, &r.key, &n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6]},
		func() {
			k := "registry." + r.key
			st.addEach(r.prov, n[:7], k+".orgs", k+".women_managed", k+".high_female_labour",
				"registry.members_total", "registry.members_female", "registry.workers_total", "registry.workers_female")
		})
}

// founded counts the organisations founded in the window, in the province
// they belonged to on its last day.
func (r *compileRun) founded() error {
	args := []any{r.to, r.from, r.to}
	cond := ""
	if r.only != "" {
		cond, args = " AND "+provinceOn+" = ?", append(args, r.to, r.only)
	}
	return r.run("founded", `SELECT `+provinceOn+`, o.kind, COUNT(*) FROM organisations o
		WHERE o.archived = 0 AND o.founded_on >= ? AND o.founded_on <= ?`+cond+` GROUP BY 1, o.kind`, args,
		[]any{&r.prov, &r.key, &r.n[0]},
		func() { r.st.add(r.prov, "registry."+r.key+".founded", r.n[0]) })
}

// byMonths is the UNION ALL of the rows query over each span of the
// window's days outside its whole months and of the rollup query over its
// whole months: each query ends with its bounds (the span's first and last
// day, or month), and the province condition on a.province follows them.
// A monthly rollup kept by the writes reads a few hundred rows where the
// window's activities would be read one by one.
func (r *compileRun) byMonths(rows, rollup string) (string, []any) {
	split := splitWindow(r.from, r.to)
	cond, args := r.where("a.province")
	var parts []string
	var all []any
	for _, d := range split.days {
		parts = append(parts, rows+` >= ? AND a.starts_on <= ? AND `+cond)
		all = append(append(all, d.from, d.to), args...)
	}
	if split.whole {
		parts = append(parts, rollup+` >= ? AND a.period <= ? AND `+cond)
		all = append(append(all, split.first, split.last), args...)
	}
	return strings.Join(parts, " UNION ALL "), all
}

// activities sums the activities by the day they start: the window's whole
// months from activity_rollup (kept by the activity writes: the same sums
// over the same current activities), its other days from the rows.
func (r *compileRun) activities() error {
	loan := `CASE WHEN a.type = 'capital' AND a.loan_status IN ('approved', 'disbursed', 'repaid') THEN %s ELSE 0 END`
	union, args := r.byMonths(`SELECT a.province, a.type, 1 AS activities, a.participants_total, a.participants_female,
		a.managers_trained_female, a.jobs_women_htx, a.jobs_women_tht, `+fmt.Sprintf(loan, "1")+` AS loans, `+fmt.Sprintf(loan, "a.loan_amount")+` AS loan_amount
		FROM activities a WHERE a.archived = 0 AND a.starts_on`,
		`SELECT a.province, a.type, a.activities, a.participants_total, a.participants_female, a.managers_trained_female,
		a.jobs_women_htx, a.jobs_women_tht, a.loans, a.loan_amount FROM activity_rollup a WHERE a.period`)
	n, st := &r.n, r.st
	return r.run("activities", `SELECT province, type, COALESCE(SUM(activities), 0), COALESCE(SUM(participants_total), 0),
		COALESCE(SUM(participants_female), 0), COALESCE(SUM(managers_trained_female), 0), COALESCE(SUM(jobs_women_htx), 0),
		COALESCE(SUM(jobs_women_tht), 0), COALESCE(SUM(loans), 0), COALESCE(SUM(loan_amount), 0)
		FROM (`+union+`) s GROUP BY province, type`, args,
		[]any{&r.prov, &r.key, &n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6], &n[7]},
		func() {
			p := r.prov
			for _, k := range []string{"activities." + r.key, "activities.total"} {
				st.addEach(p, n[:3], k+".count", k+".participants_total", k+".participants_female")
			}
			if r.key == coop.ActivityTraining {
				st.addEach(p, n[:3], "training.courses", "training.participants_total", "training.participants_female")
			}
			st.addEach(p, n[3:8], "training.managers_trained_female", "jobs.htx", "jobs.tht", "loans.count", "loans.amount")
		})
}

// spending sums the costs of the window's activities by funding source:
// its whole months from activity_cost_rollup, its other days from the rows.
func (r *compileRun) spending() error {
	union, args := r.byMonths(`SELECT a.province, c.source, c.amount FROM activities a CROSS JOIN activity_costs c
		WHERE c.activity_id = a.id AND a.archived = 0 AND a.starts_on`,
		`SELECT a.province, a.source, a.amount FROM activity_cost_rollup a WHERE a.period`)
	return r.run("spending", `SELECT province, source, COALESCE(SUM(amount), 0) FROM (`+union+`) s GROUP BY province, source`, args,
		[]any{&r.prov, &r.key, &r.n[0]},
		func() {
			r.st.add(r.prov, "spending."+r.key, r.n[0])
			r.st.add(r.prov, "spending.total", r.n[0])
		})
}

// plannedBudgets sums the planned budgets of the tasks of the phase's
// plans that run during the window.
func (r *compileRun) plannedBudgets() error {
	phase := "2026-2030"
	if r.to <= "2025-12-31" {
		phase = "2023-2025"
	}
	cond, args := r.where("t.province")
	return r.run("plan budgets", `SELECT t.province, b.source, COALESCE(SUM(b.amount), 0) FROM task_budgets b
		JOIN plan_tasks t ON t.id = b.task_id JOIN plans p ON p.id = t.plan_id
		WHERE p.phase = ? AND t.status <> 'cancelled' AND (t.starts_on = '' OR t.starts_on <= ?) AND (t.ends_on = '' OR t.ends_on >= ?)
		AND `+cond+` GROUP BY t.province, b.source`, append([]any{phase, r.to, r.from}, args...),
		[]any{&r.prov, &r.key, &r.n[0]},
		func() {
			m := r.planned[r.prov]
			if m == nil {
				m = map[string]int64{}
				r.planned[r.prov] = m
			}
			m[r.key] += r.n[0]
			m["total"] += r.n[0]
		})
}

// founding counts the founding cases opened and registered in the window,
// and where each case stands now.
func (r *compileRun) founding() error {
	cond, args := r.where("province")
	n, st := &r.n, r.st
	if err := r.run("founding", `SELECT province,
		COALESCE(SUM(CASE WHEN advised_on >= ? AND advised_on <= ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'registered' AND registered_on >= ? AND registered_on <= ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'registered' AND registered_on >= ? AND registered_on <= ? AND women_led = 1 THEN 1 ELSE 0 END), 0)
		FROM founding_cases WHERE `+cond+` GROUP BY province`, append([]any{r.from, r.to, r.from, r.to, r.from, r.to}, args...),
		[]any{&r.prov, &n[0], &n[1], &n[2]},
		func() {
			st.add(r.prov, "founding.advised", n[0])
			st.add(r.prov, "founding.registered", n[1])
			st.add(r.prov, "founding.registered_women_led", n[2])
		}); err != nil {
		return err
	}
	return r.run("founding stages", `SELECT province, status, COUNT(*) FROM founding_cases WHERE `+cond+` GROUP BY province, status`, args,
		[]any{&r.prov, &r.key, &n[0]},
		func() { st.add(r.prov, "founding.stage."+r.key, n[0]) })
}

// obstacles counts the obstacles as ObstacleCounts counts them: raised and
// answered in the window (Vietnam days), raised by its end and still open,
// and of those the overdue.
func (r *compileRun) obstacles() error {
	lo, err := time.ParseInLocation("2006-01-02", r.from, vnZone)
	if err != nil {
		return coop.Errorf(coop.EINVALID, "%s", coop.DateProblem(r.from, "Ngày bắt đầu kỳ"))
	}
	hi, err := time.ParseInLocation("2006-01-02", r.to, vnZone)
	if err != nil {
		return coop.Errorf(coop.EINVALID, "%s", coop.DateProblem(r.to, "Ngày kết thúc kỳ"))
	}
	lo, hi = lo.UTC(), hi.AddDate(0, 0, 1).UTC()
	cond, args := r.where("province")
	n, st := &r.n, r.st
	return r.run("obstacles", `SELECT province,
		COALESCE(SUM(CASE WHEN created_at >= ? AND created_at < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN answered_at IS NOT NULL AND answered_at >= ? AND answered_at < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN created_at < ? AND status NOT IN ('answered', 'closed') THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN created_at < ? AND status NOT IN ('answered', 'closed') AND due_on <> '' AND due_on < ? THEN 1 ELSE 0 END), 0)
		FROM obstacles WHERE `+cond+` GROUP BY province`, append([]any{lo, hi, lo, hi, hi, hi, r.db.today()}, args...),
		[]any{&r.prov, &n[0], &n[1], &n[2], &n[3]},
		func() {
			st.add(r.prov, "obstacles.raised", n[0])
			st.add(r.prov, "obstacles.answered", n[1])
			st.add(r.prov, "obstacles.open", n[2])
			st.add(r.prov, "obstacles.overdue", n[3])
		})
}
