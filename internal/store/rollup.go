package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"time"

	"htxnu/internal/coop"
)

var (
	// rollupVals are the value columns of org_rollup, registry_series and
	// registry_asof, in the order of rollupVec.
	rollupVals = []string{"orgs", "wim_default", "wim_strict", "hfl_tiers", "hfl_share50",
		"members_total", "members_female", "workers_total", "workers_female", "regular_total", "regular_female"}
	rollupSpec = addSpec{"org_rollup", []string{"province", "kind", "sector", "status"}, rollupVals}
)

// rollupKey identifies one row of org_rollup.
type rollupKey struct{ Province, Kind, Sector, Status string }

func (k rollupKey) cols() []any { return []any{k.Province, k.Kind, k.Sector, k.Status} }

func (k rollupKey) compare(o rollupKey) int {
	return cmp.Or(cmp.Compare(k.Province, o.Province), cmp.Compare(k.Kind, o.Kind), cmp.Compare(k.Sector, o.Sector), cmp.Compare(k.Status, o.Status))
}

// rollupVec is what one organisation contributes to its rollup row (of
// org_rollup, registry_series and registry_asof).
type rollupVec struct {
	Orgs, WIMDefault, WIMStrict, HFLTiers, HFLShare50                                     int64
	MembersTotal, MembersFemale, WorkersTotal, WorkersFemale, RegularTotal, RegularFemale int64
}

// fields lists the vector's counters in column order.
func (v *rollupVec) fields() [11]*int64 {
	return [11]*int64{&v.Orgs, &v.WIMDefault, &v.WIMStrict, &v.HFLTiers, &v.HFLShare50,
		&v.MembersTotal, &v.MembersFemale, &v.WorkersTotal, &v.WorkersFemale, &v.RegularTotal, &v.RegularFemale}
}

func (v rollupVec) plus(o rollupVec, sign int64) rollupVec {
	dst, src := v.fields(), o.fields()
	addCounters(dst[:], src[:], sign)
	return v
}

func (v rollupVec) vals() []any {
	f := v.fields()
	return counterVals(f[:])
}

// contribution returns the organisation's rollup key and vector; archived
// organisations contribute nothing.
func contribution(o *coop.Organisation) (rollupKey, rollupVec, bool) {
	if o == nil || o.Archived {
		return rollupKey{}, rollupVec{}, false
	}
	v := rollupVec{Orgs: 1, WIMDefault: int64(b2i(o.Flags.WIMDefault)), WIMStrict: int64(b2i(o.Flags.WIMStrict)),
		HFLTiers: int64(b2i(o.Flags.HFLTiers)), HFLShare50: int64(b2i(o.Flags.HFLShare50))}
	if w := o.Workforce; w != nil {
		v.MembersTotal, v.MembersFemale = w.MembersTotal, w.MembersFemale
		v.WorkersTotal, v.WorkersFemale = w.WorkersTotal, w.WorkersFemale
		v.RegularTotal, v.RegularFemale = w.RegularTotal, w.RegularFemale
	}
	return rollupKey{o.Province, o.Kind, o.Sector, o.Status}, v, true
}

// applyRollup moves an organisation's contribution from before to after
// (either may be nil) in the same transaction as the write: org_rollup, the
// indicator tables (T1 and T2's indicator_since, T5's manager_spans) and
// the registry series.
// Rows are touched in key order so concurrent writers cannot deadlock.
func (tx *Tx) applyRollup(ctx context.Context, before, after *coop.Organisation) error {
	if err := tx.applyOrgRollup(ctx, before, after); err != nil {
		return err
	}
	if err := tx.applyOrgIndicators(ctx, before, after); err != nil {
		return err
	}
	if err := tx.applySeries(ctx, before, after); err != nil {
		return err
	}
	return tx.applyAsOf(ctx, before, after)
}

// applyOrgRollup moves the organisation's contribution in org_rollup.
func (tx *Tx) applyOrgRollup(ctx context.Context, before, after *coop.Organisation) error {
	var d deltas[rollupKey, rollupVec]
	if k, v, ok := contribution(before); ok {
		d.add(k, v, -1)
	}
	if k, v, ok := contribution(after); ok {
		d.add(k, v, 1)
	}
	return tx.addRows(ctx, rollupSpec, d.rows())
}

// Counts are registry figures for one group (a province, a kind, …) under
// the active classification rules.
type Counts struct {
	Key              string `json:"key"`
	Label            string `json:"label"`
	Organisations    int64  `json:"organisations"`
	WomenManaged     int64  `json:"women_managed"`
	HighFemaleLabour int64  `json:"high_female_labour"`
	MembersTotal     int64  `json:"members_total"`
	MembersFemale    int64  `json:"members_female"`
	WorkersTotal     int64  `json:"workers_total"`
	WorkersFemale    int64  `json:"workers_female"`
	RegularTotal     int64  `json:"regular_workers_total"`
	RegularFemale    int64  `json:"regular_workers_female"`
}

// CountsFilter narrows the rollup figures.
type CountsFilter struct {
	Province string
	Kind     string
	Sector   string
	Status   string
	GroupBy  string // "province" (default), "kind", "sector", "status"
	WIMRule  string // default: the active rule
	HFLRule  string
	// AsOf (YYYY-MM-DD or DD/MM/YYYY), when set, asks for the registry as
	// it stood on that day (CountsAsOf) instead of as it stands now.
	AsOf string
}

// CountsResult is a grouped table of counts with its totals and the rule
// versions that produced it.
type CountsResult struct {
	Rows    []Counts `json:"rows"`
	Total   Counts   `json:"total"`
	WIMRule string   `json:"women_managed_rule"`
	HFLRule string   `json:"high_female_labour_rule"`
}

// Counts reads registry figures from the rollups, scoped to the actor: as
// they stand now, or on f.AsOf from registry_asof.
func (db *DB) Counts(ctx context.Context, actor coop.Actor, f CountsFilter) (*CountsResult, error) {
	if f.AsOf != "" {
		day := f.AsOf
		if d := coop.ParseDateVN(day); d != "" {
			day = d
		}
		return db.CountsAsOf(ctx, actor, AsOfFilter{Day: day, Province: f.Province, Kind: f.Kind, Sector: f.Sector, Status: f.Status,
			GroupBy: f.GroupBy, WIMRule: f.WIMRule, HFLRule: f.HFLRule})
	}
	wimCol, hflCol, err := db.ruleColumns(ctx, &f.WIMRule, &f.HFLRule)
	if err != nil {
		return nil, err
	}
	group := countsGroup(f.GroupBy)
	where, args := countsWhere("orgs <> 0", actor, f)
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT `+group+`, SUM(orgs), SUM(`+wimCol+`), SUM(`+hflCol+`), `+workforceSums+`
		FROM org_rollup WHERE `+where+` GROUP BY `+group+` ORDER BY `+group), args...)
	if err != nil {
		return nil, fmt.Errorf("store: counts: %w", err)
	}
	return countsResult(rows, group, f.WIMRule, f.HFLRule, func(c Counts) bool { return c.Organisations != 0 })
}

// workforceSums are the sums of the workforce columns, in the order of
// Counts.
const workforceSums = `SUM(members_total), SUM(members_female), SUM(workers_total), SUM(workers_female), SUM(regular_total), SUM(regular_female)`

// countsGroup is the column a counts table groups by: province, unless
// by names another.
func countsGroup(by string) string {
	switch by {
	case "kind", "sector", "status":
		return by
	}
	return "province"
}

// countsWhere adds to base the actor's scope and the filter's conditions.
func countsWhere(base string, actor coop.Actor, f CountsFilter) (string, []any) {
	w := conds{clauses: []string{base}}
	w.ownProvince("province", actor)
	w.eq("province", f.Province)
	w.eq("kind", f.Kind)
	w.eq("sector", f.Sector)
	w.eq("status", f.Status)
	return w.where(), w.args
}

// countsResult reads the rows of a counts query (the key, organisations,
// women managed, high female labour, then the workforce sums) into a
// table with its total, leaving out the rows keep refuses.
func countsResult(rows *sql.Rows, group, wimRule, hflRule string, keep func(Counts) bool) (*CountsResult, error) {
	defer rows.Close()
	res := newCountsResult(wimRule, hflRule)
	for rows.Next() {
		var c Counts
		if err := rows.Scan(&c.Key, &c.Organisations, &c.WomenManaged, &c.HighFemaleLabour, &c.MembersTotal, &c.MembersFemale,
			&c.WorkersTotal, &c.WorkersFemale, &c.RegularTotal, &c.RegularFemale); err != nil {
			return nil, err
		}
		if keep(c) {
			res.add(group, c)
		}
	}
	return res, rows.Err()
}

func newCountsResult(wimRule, hflRule string) *CountsResult {
	return &CountsResult{WIMRule: wimRule, HFLRule: hflRule, Rows: []Counts{}, Total: Counts{Label: "Tổng cộng"}}
}

// add adds a row of the table, labelled, to its rows and its total.
func (r *CountsResult) add(group string, c Counts) {
	c.Label = groupLabel(group, c.Key)
	r.Rows = append(r.Rows, c)
	dst, src := r.Total.figures(), c.figures()
	addCounters(dst[:], src[:], 1)
}

// figures lists the counts of the row.
func (c *Counts) figures() [9]*int64 {
	return [9]*int64{&c.Organisations, &c.WomenManaged, &c.HighFemaleLabour, &c.MembersTotal, &c.MembersFemale,
		&c.WorkersTotal, &c.WorkersFemale, &c.RegularTotal, &c.RegularFemale}
}

func groupLabel(group, key string) string {
	switch group {
	case "province":
		return coop.ProvinceName(key)
	case "kind":
		return coop.Kinds.Label(key)
	case "sector":
		return coop.Sectors.Label(key)
	case "status":
		return coop.Statuses.Label(key)
	}
	return key
}

// RecomputeCounts computes the same figures as Counts straight from the
// organisation rows (no rollup). Tests use it to check the rollups; the
// benchmarks use it as the baseline.
func (db *DB) RecomputeCounts(ctx context.Context, actor coop.Actor, f CountsFilter) (*CountsResult, error) {
	if err := db.defaultRules(ctx, &f.WIMRule, &f.HFLRule); err != nil {
		return nil, err
	}
	wimCol, _ := ruleColumn(f.WIMRule)
	hflCol, _ := ruleColumn(f.HFLRule)
	group := countsGroup(f.GroupBy)
	where, args := countsWhere("archived = 0", actor, f)
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT `+group+`, COUNT(*), SUM(`+wimCol+`), SUM(`+hflCol+`), `+workforceSums+`
		FROM organisations WHERE `+where+` GROUP BY `+group+` ORDER BY `+group), args...)
	if err != nil {
		return nil, fmt.Errorf("store: recompute counts: %w", err)
	}
	return countsResult(rows, group, f.WIMRule, f.HFLRule, func(Counts) bool { return true })
}

// RebuildRollups recomputes every rollup from the rows in one transaction
// (after a bulk load, or to repair): org_rollup, the activity and reach
// rollups, the support counters, the indicator rollups and the registry
// series. The series loses the history of changes: each organisation
// counts from its founding month (or the month it was created) with what
// it holds now.
func (db *DB) RebuildRollups(ctx context.Context) error {
	return db.write(ctx, coop.System, func(tx *Tx) error { return tx.rebuildAll(ctx) })
}

// rebuildAll recomputes every rollup listed in rollupTables in the
// transaction.
func (tx *Tx) rebuildAll(ctx context.Context) error {
	for _, t := range []string{"org_rollup", "registry_series"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t); err != nil {
			return fmt.Errorf("store: rebuild rollups: %w", err)
		}
	}
	if _, err := tx.exec(ctx, rebuildOrgRollup); err != nil {
		return fmt.Errorf("store: rebuild rollups: %w", err)
	}
	ser, err := tx.rebuildSeries(ctx)
	if err != nil {
		return err
	}
	if err := tx.addRows(ctx, seriesSpec, ser.rows()); err != nil {
		return err
	}
	if err := tx.rebuildAsOf(ctx); err != nil {
		return err
	}
	if err := tx.rebuildTrigrams(ctx); err != nil {
		return err
	}
	if err := tx.rebuildManagerSpans(ctx); err != nil {
		return err
	}
	return tx.rebuildActivityRollups(ctx)
}

// rebuildActivityRollups recomputes, in the transaction, every rollup that
// activities move: activity_rollup and activity_year_rollup, org_reach,
// reach_rollup, reach_distinct, org_support, indicator_since,
// report_reach_halves, report_jobs and activity_cost_rollup.
func (tx *Tx) rebuildActivityRollups(ctx context.Context) error {
	for _, t := range []string{"activity_rollup", "activity_year_rollup", "org_reach", "reach_rollup", "reach_distinct", "org_support",
		"report_reach_halves", "report_jobs", "activity_cost_rollup"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t); err != nil {
			return fmt.Errorf("store: rebuild rollups: %w", err)
		}
	}
	for _, q := range append(append(rebuildQueries, reachUnionRebuild...), append(reachHalvesRebuild, reportJobsRebuild, costRollupRebuild)...) {
		if _, err := tx.exec(ctx, q); err != nil {
			return fmt.Errorf("store: rebuild rollups: %w", err)
		}
	}
	return tx.rebuildSince(ctx)
}

const rebuildOrgRollup = `INSERT INTO org_rollup (province, kind, sector, status, orgs, wim_default, wim_strict, hfl_tiers, hfl_share50,
		members_total, members_female, workers_total, workers_female, regular_total, regular_female)
		SELECT province, kind, sector, status, COUNT(*), SUM(wim_default), SUM(wim_strict), SUM(hfl_tiers), SUM(hfl_share50),
		SUM(members_total), SUM(members_female), SUM(workers_total), SUM(workers_female), SUM(regular_total), SUM(regular_female)
		FROM organisations WHERE archived = 0 GROUP BY province, kind, sector, status`

// rebuildQueries fill the activity rollups that SQL computes in one
// statement each, in order (each may read the ones before).
var rebuildQueries = []string{
	`INSERT INTO activity_rollup (province, type, period, activities, participants_total, participants_female,
		managers_trained_female, jobs_women_htx, jobs_women_tht, loans, loan_amount, cost)
		SELECT a.province, a.type, substr(a.starts_on, 1, 7), COUNT(*), SUM(a.participants_total), SUM(a.participants_female),
		SUM(a.managers_trained_female), SUM(a.jobs_women_htx), SUM(a.jobs_women_tht),
		SUM(CASE WHEN a.type = 'capital' AND a.loan_status IN ('approved', 'disbursed', 'repaid') THEN 1 ELSE 0 END),
		SUM(CASE WHEN a.type = 'capital' AND a.loan_status IN ('approved', 'disbursed', 'repaid') THEN a.loan_amount ELSE 0 END),
		SUM(COALESCE(c.cost, 0))
		FROM activities a LEFT JOIN (SELECT activity_id, SUM(amount) AS cost FROM activity_costs GROUP BY activity_id) c ON c.activity_id = a.id
		WHERE a.archived = 0 GROUP BY a.province, a.type, substr(a.starts_on, 1, 7)`,
	`INSERT INTO activity_year_rollup (province, type, year, activities, participants_total, participants_female,
		managers_trained_female, jobs_women_htx, jobs_women_tht, loans, loan_amount, cost)
		SELECT province, type, substr(period, 1, 4), SUM(activities), SUM(participants_total), SUM(participants_female),
		SUM(managers_trained_female), SUM(jobs_women_htx), SUM(jobs_women_tht), SUM(loans), SUM(loan_amount), SUM(cost)
		FROM activity_rollup GROUP BY province, type, substr(period, 1, 4)`,
	`INSERT INTO org_reach (organisation_id, type, province, period, activities)
		SELECT b.organisation_id, a.type, a.province, substr(a.starts_on, 1, 7), COUNT(*)
		FROM activity_beneficiaries b JOIN activities a ON a.id = b.activity_id WHERE a.archived = 0
		GROUP BY b.organisation_id, a.type, a.province, substr(a.starts_on, 1, 7)`,
	`INSERT INTO reach_rollup (province, type, period, organisations)
		SELECT province, type, period, COUNT(*) FROM org_reach GROUP BY province, type, period`,
	// reach_distinct for (province, type), (province, *), (*, type), (*, *).
	`INSERT INTO reach_distinct (province, type, period, prev, organisations)
		SELECT province, type, period, prev, COUNT(*) FROM (SELECT province, type, period,
		COALESCE(LAG(period) OVER (PARTITION BY organisation_id, type, province ORDER BY period), '') AS prev FROM org_reach) x
		GROUP BY province, type, period, prev`,
	`INSERT INTO reach_distinct (province, type, period, prev, organisations)
		SELECT province, '*', period, prev, COUNT(*) FROM (SELECT province, period,
		COALESCE(LAG(period) OVER (PARTITION BY organisation_id, province ORDER BY period), '') AS prev
		FROM (SELECT DISTINCT organisation_id, province, period FROM org_reach) d) x
		GROUP BY province, period, prev`,
	`INSERT INTO reach_distinct (province, type, period, prev, organisations)
		SELECT '*', type, period, prev, COUNT(*) FROM (SELECT type, period,
		COALESCE(LAG(period) OVER (PARTITION BY organisation_id, type ORDER BY period), '') AS prev
		FROM (SELECT DISTINCT organisation_id, type, period FROM org_reach) d) x
		GROUP BY type, period, prev`,
	`INSERT INTO reach_distinct (province, type, period, prev, organisations)
		SELECT '*', '*', period, prev, COUNT(*) FROM (SELECT period,
		COALESCE(LAG(period) OVER (PARTITION BY organisation_id ORDER BY period), '') AS prev
		FROM (SELECT DISTINCT organisation_id, period FROM org_reach) d) x
		GROUP BY period, prev`,
	`INSERT INTO org_support (organisation_id, supports, consolidations)
		SELECT b.organisation_id, COUNT(*), SUM(CASE WHEN t.task_group = 'consolidation' THEN 1 ELSE 0 END)
		FROM activity_beneficiaries b JOIN activities a ON a.id = b.activity_id LEFT JOIN plan_tasks t ON t.id = a.task_id
		WHERE a.archived = 0 GROUP BY b.organisation_id`,
}

// rebuildSeries computes registry_series from the organisations as they
// are: each from its founding month, or the month it was created.
func (tx *Tx) rebuildSeries(ctx context.Context) (*seriesDeltas, error) {
	rows, err := tx.query(ctx, `SELECT province, kind, sector, status, founded_on, created_at, wim_default, wim_strict, hfl_tiers, hfl_share50,
		members_total, members_female, workers_total, workers_female, regular_total, regular_female FROM organisations WHERE archived = 0`)
	if err != nil {
		return nil, fmt.Errorf("store: rebuild series: %w", err)
	}
	defer rows.Close()
	d := &seriesDeltas{}
	for rows.Next() {
		var k rollupKey
		var founded string
		var created time.Time
		v := rollupVec{Orgs: 1}
		if err := rows.Scan(&k.Province, &k.Kind, &k.Sector, &k.Status, &founded, &created, &v.WIMDefault, &v.WIMStrict, &v.HFLTiers, &v.HFLShare50,
			&v.MembersTotal, &v.MembersFemale, &v.WorkersTotal, &v.WorkersFemale, &v.RegularTotal, &v.RegularFemale); err != nil {
			return nil, err
		}
		m := month(founded)
		if m == "" {
			m = monthOf(created)
		}
		d.add(k, m, v, 1)
	}
	return d, rows.Err()
}
