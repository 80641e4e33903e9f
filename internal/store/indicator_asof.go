package store

import (
	"context"
	"fmt"
	"strings"

	"htxnu/internal/coop"
)

// T1–T8 as of the last day of a report's window, as the target rules of
// coop/target_rule.go define them: each count runs from coop.CountingStart
// to that day and reads only records dated in it, so a report for a
// closed window reads the same whenever it is compiled.

// indicatorValue is one indicator of one province as of a day.
type indicatorValue struct {
	value    int64
	num, den int64
	recorded int64 // T5: female managers trained as typed on the trainings
}

// provinceOn is the SQL expression of organisation o's province on the
// day bound to its one placeholder: the "before" of the first change after
// it, else the current province.
const provinceOn = `COALESCE((SELECT c.from_province FROM org_status_changes c WHERE c.organisation_id = o.id AND c.effective_on > ?
	ORDER BY c.effective_on, c.id LIMIT 1), o.province)`

// indicatorsAsOf computes T1–T8 by province ("" for the centre's own
// activities) as of day, for one province or all (only ""), over q.
func (db *DB) indicatorsAsOf(ctx context.Context, q queryer, only, day, wimRule, jobsRule string) (map[string]map[string]indicatorValue, error) {
	start := coop.CountingStart
	out := map[string]map[string]indicatorValue{}
	put := func(p, code string, f func(v *indicatorValue)) {
		m := out[p]
		if m == nil {
			m = map[string]indicatorValue{}
			out[p] = m
		}
		v := m[code]
		f(&v)
		m[code] = v
	}
	provCond := func(col string) (string, []any) {
		if only == "" {
			return "", nil
		}
		return " AND " + col + " = ?", []any{only}
	}
	in := func(list []string) (string, []any) {
		args := make([]any, len(list))
		for i, s := range list {
			args[i] = s
		}
		return "(" + strings.TrimSuffix(strings.Repeat("?, ", len(list)), ", ") + ")", args
	}
	// heldOn is the condition that a woman holds one of the roles on the
	// day given by the column expression dayExpr.
	heldOn := func(orgCol, dayExpr string, roles []string) (string, []any) {
		rs, rargs := in(roles)
		return `EXISTS (SELECT 1 FROM positions p WHERE p.organisation_id = ` + orgCol + ` AND p.sex = ? AND p.role IN ` + rs + `
			AND (p.from_date = '' OR p.from_date <= ` + dayExpr + `) AND (p.to_date = '' OR p.to_date >= ` + dayExpr + `))`,
			append([]any{coop.SexFemale}, rargs...)
	}
	count := func(what, query string, args []any, code string) error {
		err := scanCounts(ctx, q, db.rebind(query), args, func(p string, n int64) { put(p, code, func(v *indicatorValue) { v.value += n }) })
		if err != nil {
			return fmt.Errorf("store: %s: %w", what, err)
		}
		return nil
	}
	htxRoles := coop.WomenManagedRoles(wimRule, coop.KindHTX)

	// T1 and T2: from indicator_since, kept by the writes.
	wimCol, ok := ruleColumn(wimRule)
	if !ok {
		return nil, coop.Errorf(coop.EINVALID, "Quy tắc phân loại không hợp lệ.")
	}
	if err := db.sinceCounts(ctx, q, only, day, wimCol, put); err != nil {
		return nil, err
	}

	// T6: new HTX registered through the pipeline with a woman in
	// management on the day of registration (a position without a start
	// day counts from the founding).
	held, hargs := heldOn("o.id", "fc.registered_on", htxRoles)
	pc, pargs := provCond("fc.province")
	args := append(append([]any{start, day}, hargs...), pargs...)
	if err := count("T6", `SELECT fc.province, COUNT(*) FROM founding_cases fc JOIN organisations o ON o.id = fc.organisation_id
		WHERE fc.status = 'registered' AND fc.registered_on >= ? AND fc.registered_on <= ? AND o.kind = 'HTX' AND o.archived = 0
		AND `+held+pc+` GROUP BY fc.province`, args, "T6"); err != nil {
		return nil, err
	}

	// T3, T4 under the chosen rule.
	if err := db.jobsAsOf(ctx, q, only, start, day, jobsRule, put); err != nil {
		return nil, err
	}

	// T5: persons.
	if err := db.t5AsOf(ctx, q, only, start, day, put); err != nil {
		return nil, err
	}

	// T7, T8: the latest record of each province on or before day.
	pc, pargs = provCond("r.province")
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT r.province, r.economic_total, r.economic_trained, r.communication_total, r.communication_improved
		FROM union_staff_records r WHERE r.recorded_on = (SELECT MAX(l.recorded_on) FROM union_staff_records l
		WHERE l.province = r.province AND l.recorded_on <= ?)`+pc), append([]any{day}, pargs...)...)
	if err != nil {
		return nil, fmt.Errorf("store: T7, T8: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		var et, etr, ct, ci int64
		if err := rows.Scan(&p, &et, &etr, &ct, &ci); err != nil {
			return nil, err
		}
		put(p, "T7", func(v *indicatorValue) { v.num, v.den = etr, et })
		put(p, "T8", func(v *indicatorValue) { v.num, v.den = ci, ct })
	}
	return out, rows.Err()
}

// jobsAsOf puts T3 and T4 by province under the rule.
func (db *DB) jobsAsOf(ctx context.Context, q queryer, only, start, day, rule string, put func(p, code string, f func(*indicatorValue))) error {
	if rule == coop.RuleJobsWorkforce {
		// The net increase of female workers in active organisations'
		// latest snapshots since the day before the Scheme began.
		base := "2023-01-02"
		for _, c := range []struct {
			day  string
			sign int64
		}{{day, 1}, {base, -1}} {
			// By (province, kind): the rows (province, kind, '*').
			provinces := provinceCodes()
			if only != "" {
				provinces = []string{only}
			}
			where, args := asofKeys(provinces, []string{coop.KindHTX, coop.KindTHT}, []string{allKey})
			from, args := asofRows(where+" AND status = 'active'", args, c.day)
			rows, err := q.QueryContext(ctx, db.rebind(`SELECT province, kind, COALESCE(SUM(workers_female), 0) FROM `+from+`
				GROUP BY province, kind`), args...)
			if err != nil {
				return fmt.Errorf("store: jobs as of: %w", err)
			}
			for rows.Next() {
				var p, k string
				var n int64
				if err := rows.Scan(&p, &k, &n); err != nil {
					rows.Close()
					return err
				}
				code := map[string]string{coop.KindHTX: "T3", coop.KindTHT: "T4"}[k]
				if code != "" {
					put(p, code, func(v *indicatorValue) { v.value += c.sign * n })
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	}
	// Each current activity with jobs is a row of report_jobs, with its
	// first beneficiary: summed as jobsTyped does, in SQL, so that only a
	// row per province reaches Go.
	cond, args := "", []any{start, day}
	if only != "" {
		cond, args = " AND a.province = ?", append(args, only)
	}
	window := `FROM report_jobs a WHERE a.starts_on >= ? AND a.starts_on <= ?` + cond
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT province, SUM(htx), SUM(tht) FROM (
		SELECT a.province, MAX(a.jobs_women_htx) AS htx, MAX(a.jobs_women_tht) AS tht `+window+` AND a.jobs_additional = 0
		GROUP BY a.province, CASE WHEN a.first_org = 0 THEN -a.activity_id ELSE a.first_org END, substr(a.starts_on, 1, 4), substr(a.starts_on, 6, 2) > '06'
		UNION ALL SELECT a.province, SUM(a.jobs_women_htx), SUM(a.jobs_women_tht) `+window+` AND a.jobs_additional <> 0 GROUP BY a.province) s
		GROUP BY province`), append(args, args...)...)
	if err != nil {
		return fmt.Errorf("store: jobs as of: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		var htx, tht int64
		if err := rows.Scan(&p, &htx, &tht); err != nil {
			return err
		}
		put(p, "T3", func(v *indicatorValue) { v.value += htx })
		put(p, "T4", func(v *indicatorValue) { v.value += tht })
	}
	return rows.Err()
}

// jobsTyped puts T3 and T4 by province under the activities rule (the oracle
// of jobsAsOf's sums over report_jobs), from the
// query of the activities with jobs from start to day (id, province,
// day, jobs in HTX and THT, additional, first beneficiary or 0): per
// organisation (the first beneficiary, or the activity itself without
// one) and half year, the largest figure, plus every figure marked
// additional.
func (db *DB) jobsTyped(ctx context.Context, q queryer, query, only, start, day string, put func(p, code string, f func(*indicatorValue))) error {
	cond, args := "", []any{start, day}
	if only != "" {
		cond, args = " AND a.province = ?", append(args, only)
	}
	rows, err := q.QueryContext(ctx, db.rebind(query+cond), args...)
	if err != nil {
		return fmt.Errorf("store: jobs as of: %w", err)
	}
	defer rows.Close()
	type key struct {
		province string
		org      int64
		half     string
	}
	type jobs struct{ htx, tht int64 }
	best, extra := map[key]jobs{}, map[string]jobs{}
	for rows.Next() {
		var id, htx, tht, additional, org int64
		var p, on string
		if err := rows.Scan(&id, &p, &on, &htx, &tht, &additional, &org); err != nil {
			return err
		}
		if additional != 0 {
			e := extra[p]
			e.htx, e.tht = e.htx+htx, e.tht+tht
			extra[p] = e
			continue
		}
		half := on[:4] + "-H1"
		if on[5:7] > "06" {
			half = on[:4] + "-H2"
		}
		k := key{p, org, half}
		if org == 0 {
			k.org = -id
		}
		b := best[k]
		b.htx, b.tht = max(b.htx, htx), max(b.tht, tht)
		best[k] = b
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for k, j := range best {
		put(k.province, "T3", func(v *indicatorValue) { v.value += j.htx })
		put(k.province, "T4", func(v *indicatorValue) { v.value += j.tht })
	}
	for p, j := range extra {
		put(p, "T3", func(v *indicatorValue) { v.value += j.htx })
		put(p, "T4", func(v *indicatorValue) { v.value += j.tht })
	}
	return nil
}

// t5AsOf puts T5 by province: the women holding a management position in
// an active HTX on day (the denominator) and those of them named among the
// participants of a training since start (the numerator), from
// manager_spans (indicator_managers.go); and the female managers the
// trainings recorded, for the warning.
func (db *DB) t5AsOf(ctx context.Context, q queryer, only, start, day string, put func(p, code string, f func(*indicatorValue))) error {
	if err := db.managersOn(ctx, q, only, start, day, put); err != nil {
		return err
	}
	// Recorded on activities: the female managers trained, as typed.
	cond, args := "", []any{start, day}
	if only != "" {
		cond, args = " AND province = ?", append(args, only)
	}
	return scanCounts(ctx, q, db.rebind(`SELECT province, COALESCE(SUM(managers_trained_female), 0) FROM activities
		WHERE archived = 0 AND type = 'training' AND starts_on >= ? AND starts_on <= ?`+cond+` GROUP BY province`), args,
		func(p string, n int64) { put(p, "T5", func(v *indicatorValue) { v.recorded = n }) })
}

// reportJobsCols are report_jobs' columns.
var reportJobsCols = []string{"activity_id", "province", "starts_on", "jobs_women_htx", "jobs_women_tht", "jobs_additional", "first_org"}

// applyReportJobs replaces the activity's row of report_jobs (a current
// activity with jobs has one) in the write transaction.
func (tx *Tx) applyReportJobs(ctx context.Context, before, after *coop.Activity) error {
	a := after
	if a == nil {
		a = before
	}
	if _, err := tx.exec(ctx, `DELETE FROM report_jobs WHERE activity_id = ?`, a.ID); err != nil {
		return fmt.Errorf("store: report jobs: %w", err)
	}
	if after == nil || after.Archived || (after.JobsWomenHTX <= 0 && after.JobsWomenTHT <= 0) {
		return nil
	}
	var first int64
	for i, id := range after.Beneficiaries {
		if i == 0 || id < first {
			first = id
		}
	}
	if _, err := tx.exec(ctx, `INSERT INTO report_jobs (`+strings.Join(reportJobsCols, ", ")+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		after.ID, after.Province, after.StartsOn, after.JobsWomenHTX, after.JobsWomenTHT, b2i(after.JobsAdditional), first); err != nil {
		return fmt.Errorf("store: report jobs: %w", err)
	}
	return nil
}

// reportJobsRebuild fills report_jobs from the activities; migration 0020
// runs the same statement.
const reportJobsRebuild = `INSERT INTO report_jobs (activity_id, province, starts_on, jobs_women_htx, jobs_women_tht, jobs_additional, first_org)
	SELECT a.id, a.province, a.starts_on, a.jobs_women_htx, a.jobs_women_tht, a.jobs_additional,
	COALESCE((SELECT MIN(b.organisation_id) FROM activity_beneficiaries b WHERE b.activity_id = a.id), 0)
	FROM activities a WHERE a.archived = 0 AND (a.jobs_women_htx > 0 OR a.jobs_women_tht > 0)`
