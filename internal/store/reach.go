package store

import (
	"context"
	"fmt"
	"sort"

	"htxnu/internal/coop"
)

// The figures of support activities are read from three tables kept in the
// write transaction:
//
//   - activity_rollup: per province, type and month, the sums of the
//     activities (count, participants, managers trained, jobs, loans, cost);
//   - org_reach: per organisation, type, province and month, how many
//     current activities reached it — a row exists while that is above 0;
//   - reach_rollup: per province, type and month, how many org_reach rows
//     there are, changed only when a row appears or goes.
//
// An organisation helped three times counts once: organisations reached over
// a window of months are COUNT(DISTINCT organisation_id) over org_reach for
// those months, never the sum of monthly counts.

type activityKey struct{ Province, Type, Period string }

type activityVec struct {
	Activities, ParticipantsTotal, ParticipantsFemale, ManagersTrainedFemale int64
	JobsWomenHTX, JobsWomenTHT, Loans, LoanAmount, Cost                      int64
}

func (v *activityVec) add(o activityVec, sign int64) {
	v.Activities += sign * o.Activities
	v.ParticipantsTotal += sign * o.ParticipantsTotal
	v.ParticipantsFemale += sign * o.ParticipantsFemale
	v.ManagersTrainedFemale += sign * o.ManagersTrainedFemale
	v.JobsWomenHTX += sign * o.JobsWomenHTX
	v.JobsWomenTHT += sign * o.JobsWomenTHT
	v.Loans += sign * o.Loans
	v.LoanAmount += sign * o.LoanAmount
	v.Cost += sign * o.Cost
}

func activityContribution(a *coop.Activity) (activityKey, activityVec, bool) {
	if a == nil || a.Archived {
		return activityKey{}, activityVec{}, false
	}
	v := activityVec{Activities: 1, ParticipantsTotal: a.ParticipantsTotal, ParticipantsFemale: a.ParticipantsFemale,
		ManagersTrainedFemale: a.ManagersTrainedFemale, JobsWomenHTX: a.JobsWomenHTX, JobsWomenTHT: a.JobsWomenTHT, Cost: a.TotalCost()}
	if a.Type == coop.ActivityCapital && coop.LoanCounts(a.LoanStatus) {
		v.Loans, v.LoanAmount = 1, a.LoanAmount
	}
	return activityKey{a.Province, a.Type, a.Period()}, v, true
}

type reachKey struct {
	Org int64
	activityKey
}

// applyActivityRollup moves an activity's contribution from before to
// after (either may be nil) in the write transaction. Rows are touched in
// key order so that concurrent writers cannot deadlock.
func (tx *Tx) applyActivityRollup(ctx context.Context, before, after *coop.Activity) error {
	if err := tx.lockActivityLinks(ctx, before, after); err != nil {
		return err
	}
	deltas := map[activityKey]activityVec{}
	reach := map[reachKey]int64{}
	for _, side := range []struct {
		a    *coop.Activity
		sign int64
	}{{before, -1}, {after, 1}} {
		k, v, ok := activityContribution(side.a)
		if !ok {
			continue
		}
		d := deltas[k]
		d.add(v, side.sign)
		deltas[k] = d
		for _, org := range side.a.Beneficiaries {
			reach[reachKey{org, k}] += side.sign
		}
	}
	if err := tx.applyActivitySums(ctx, deltas); err != nil {
		return err
	}
	moved, err := tx.applyOrgReach(ctx, reach)
	if err != nil {
		return err
	}
	if err := tx.applyReachDistinct(ctx, moved); err != nil {
		return err
	}
	return tx.applyActivityIndicators(ctx, before, after)
}

// applyActivitySums adds the deltas of the activities' sums to
// activity_rollup (by month) and activity_year_rollup (by year).
func (tx *Tx) applyActivitySums(ctx context.Context, deltas map[activityKey]activityVec) error {
	keys := make([]activityKey, 0, len(deltas))
	years := map[activityKey]activityVec{}
	for k, d := range deltas {
		if d != (activityVec{}) {
			keys = append(keys, k)
			y := activityKey{k.Province, k.Type, prefix(k.Period, 4)}
			v := years[y]
			v.add(d, 1)
			years[y] = v
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].less(keys[j]) })
	for _, k := range keys {
		d := deltas[k]
		if _, err := tx.exec(ctx, `INSERT INTO activity_rollup (province, type, period, activities, participants_total, participants_female,
			managers_trained_female, jobs_women_htx, jobs_women_tht, loans, loan_amount, cost)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (province, type, period) DO UPDATE SET
			activities = activity_rollup.activities + excluded.activities,
			participants_total = activity_rollup.participants_total + excluded.participants_total,
			participants_female = activity_rollup.participants_female + excluded.participants_female,
			managers_trained_female = activity_rollup.managers_trained_female + excluded.managers_trained_female,
			jobs_women_htx = activity_rollup.jobs_women_htx + excluded.jobs_women_htx,
			jobs_women_tht = activity_rollup.jobs_women_tht + excluded.jobs_women_tht,
			loans = activity_rollup.loans + excluded.loans, loan_amount = activity_rollup.loan_amount + excluded.loan_amount,
			cost = activity_rollup.cost + excluded.cost`,
			k.Province, k.Type, k.Period, d.Activities, d.ParticipantsTotal, d.ParticipantsFemale, d.ManagersTrainedFemale,
			d.JobsWomenHTX, d.JobsWomenTHT, d.Loans, d.LoanAmount, d.Cost); err != nil {
			return fmt.Errorf("store: activity rollup: %w", err)
		}
	}
	return tx.addRows(ctx, activityYearSpec, activityRows(years))
}

// applyOrgReach adds the deltas of the activities reaching each
// organisation to org_reach, and the rows that appeared or went to
// reach_rollup. It returns, by organisation, the org_reach rows that
// appeared (+1) or went (-1).
func (tx *Tx) applyOrgReach(ctx context.Context, reach map[reachKey]int64) (map[int64]map[activityKey]int64, error) {
	rkeys := make([]reachKey, 0, len(reach))
	for k, d := range reach {
		if d != 0 {
			rkeys = append(rkeys, k)
		}
	}
	sort.Slice(rkeys, func(i, j int) bool {
		if rkeys[i].Org != rkeys[j].Org {
			return rkeys[i].Org < rkeys[j].Org
		}
		return rkeys[i].activityKey.less(rkeys[j].activityKey)
	})
	// How many org_reach rows appear (+1) or go (-1) per rollup key, and
	// which rows of each organisation appeared (+1) or went (-1).
	rows := map[activityKey]int64{}
	moved := map[int64]map[activityKey]int64{}
	for _, k := range rkeys {
		d := reach[k]
		var n int64
		if err := tx.queryRow(ctx, `INSERT INTO org_reach (organisation_id, type, province, period, activities) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (organisation_id, type, province, period) DO UPDATE SET activities = org_reach.activities + excluded.activities
			RETURNING activities`, k.Org, k.Type, k.Province, k.Period, d).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: org reach: %w", err)
		}
		switch {
		case n < 0:
			return nil, fmt.Errorf("store: org reach of organisation %d went below zero", k.Org)
		case n == 0:
			if _, err := tx.exec(ctx, `DELETE FROM org_reach WHERE organisation_id = ? AND type = ? AND province = ? AND period = ?`,
				k.Org, k.Type, k.Province, k.Period); err != nil {
				return nil, fmt.Errorf("store: org reach: %w", err)
			}
			rows[k.activityKey]--
			movedRow(moved, k, -1)
		case n == d:
			rows[k.activityKey]++ // the row was new
			movedRow(moved, k, 1)
		}
	}
	keys := make([]activityKey, 0, len(rows))
	for k, d := range rows {
		if d != 0 {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].less(keys[j]) })
	for _, k := range keys {
		if _, err := tx.exec(ctx, `INSERT INTO reach_rollup (province, type, period, organisations) VALUES (?, ?, ?, ?)
			ON CONFLICT (province, type, period) DO UPDATE SET organisations = reach_rollup.organisations + excluded.organisations`,
			k.Province, k.Type, k.Period, rows[k]); err != nil {
			return nil, fmt.Errorf("store: reach rollup: %w", err)
		}
	}
	return moved, nil
}

var activityYearSpec = addSpec{"activity_year_rollup", []string{"province", "type", "year"}, []string{"activities", "participants_total",
	"participants_female", "managers_trained_female", "jobs_women_htx", "jobs_women_tht", "loans", "loan_amount", "cost"}}

// activityRows returns the rows of deltas in key order.
func activityRows(deltas map[activityKey]activityVec) [][]any {
	keys := make([]activityKey, 0, len(deltas))
	for k, d := range deltas {
		if d != (activityVec{}) {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].less(keys[j]) })
	out := make([][]any, len(keys))
	for i, k := range keys {
		d := deltas[k]
		out[i] = []any{k.Province, k.Type, k.Period, d.Activities, d.ParticipantsTotal, d.ParticipantsFemale, d.ManagersTrainedFemale,
			d.JobsWomenHTX, d.JobsWomenTHT, d.Loans, d.LoanAmount, d.Cost}
	}
	return out
}

func movedRow(moved map[int64]map[activityKey]int64, k reachKey, sign int64) {
	m := moved[k.Org]
	if m == nil {
		m = map[activityKey]int64{}
		moved[k.Org] = m
	}
	m[k.activityKey] += sign
}

var reachDistinctSpec = addSpec{"reach_distinct", []string{"province", "type", "period", "prev"}, []string{"organisations"}}

// distinctKey is one row of reach_distinct.
type distinctKey struct{ Province, Type, Period, Prev string }

// reachPairs adds (sign 1) or takes away (sign -1) the pairs (month,
// previous month) of one organisation's org_reach rows, for its
// (province, type) and the groupings (province, *), (*, type) and (*, *).
//
// A provincial reader sees its province's activities and the centre's
// together, a union the groupings above do not keep. For each province P
// of the rows, the groupings (unionKey(P), type) and (unionKey(P), *) hold
// the pairs of the organisation's rows of P and of the centre less the
// pairs of its rows of the centre: added to the centre's grouping they
// count the union, and a central activity moves them only for the
// provinces whose activities also reached the organisation.
func reachPairs(rows map[activityKey]bool, sign int64, out map[distinctKey]int64) {
	months, central := map[[2]string]map[string]bool{}, map[[2]string]map[string]bool{}
	provinces := map[string]bool{}
	for r, ok := range rows {
		if ok {
			addMonth(months, r.Period, [2]string{r.Province, r.Type}, [2]string{r.Province, allKey}, [2]string{allKey, r.Type}, [2]string{allKey, allKey})
			provinces[r.Province] = r.Province != ""
		}
	}
	for p, ok := range provinces {
		if !ok {
			continue
		}
		u := unionKey(p)
		for r, ok := range rows {
			if ok && (r.Province == p || r.Province == "") {
				addMonth(months, r.Period, [2]string{u, r.Type}, [2]string{u, allKey})
			}
			if ok && r.Province == "" {
				addMonth(central, r.Period, [2]string{u, r.Type}, [2]string{u, allKey})
			}
		}
	}
	monthPairs(months, sign, out)
	monthPairs(central, -sign, out)
}

// unionKey is the province key of reach_distinct's groupings of a
// province's activities and the centre's (see reachPairs).
func unionKey(province string) string { return "+" + province }

// addMonth adds a month to the sets of the groupings.
func addMonth(months map[[2]string]map[string]bool, month string, groups ...[2]string) {
	for _, g := range groups {
		if months[g] == nil {
			months[g] = map[string]bool{}
		}
		months[g][month] = true
	}
}

// monthPairs adds sign times the pairs (month, previous month) of each
// grouping's months to out.
func monthPairs(months map[[2]string]map[string]bool, sign int64, out map[distinctKey]int64) {
	for g, set := range months {
		list := make([]string, 0, len(set))
		for m := range set {
			list = append(list, m)
		}
		sort.Strings(list)
		prev := ""
		for _, m := range list {
			out[distinctKey{g[0], g[1], m, prev}] += sign
			prev = m
		}
	}
}

// applyReachDistinct moves reach_distinct for the organisations whose
// org_reach rows appeared or went (moved, by organisation: +1 appeared, -1
// went): it reads each one's rows as they are now, rebuilds them as they
// were, and applies the difference of their pairs.
func (tx *Tx) applyReachDistinct(ctx context.Context, moved map[int64]map[activityKey]int64) error {
	orgs := make([]int64, 0, len(moved))
	for id := range moved {
		orgs = append(orgs, id)
	}
	sort.Slice(orgs, func(i, j int) bool { return orgs[i] < orgs[j] })
	deltas := map[distinctKey]int64{}
	for _, id := range orgs {
		rs, err := tx.query(ctx, `SELECT type, province, period FROM org_reach WHERE organisation_id = ?`, id)
		if err != nil {
			return fmt.Errorf("store: org reach: %w", err)
		}
		now := map[activityKey]bool{}
		for rs.Next() {
			var k activityKey
			if err := rs.Scan(&k.Type, &k.Province, &k.Period); err != nil {
				rs.Close()
				return err
			}
			now[k] = true
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
		was := make(map[activityKey]bool, len(now))
		for k := range now {
			was[k] = true
		}
		for k, d := range moved[id] {
			was[k] = d < 0 // appeared: not there before; went: there before
		}
		reachPairs(was, -1, deltas)
		reachPairs(now, 1, deltas)
	}
	keys := make([]distinctKey, 0, len(deltas))
	for k, d := range deltas {
		if d != 0 {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.Province != b.Province {
			return a.Province < b.Province
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.Period != b.Period {
			return a.Period < b.Period
		}
		return a.Prev < b.Prev
	})
	out := make([][]any, len(keys))
	for i, k := range keys {
		out[i] = []any{k.Province, k.Type, k.Period, k.Prev, deltas[k]}
	}
	return tx.addRows(ctx, reachDistinctSpec, out)
}

func (a activityKey) less(b activityKey) bool {
	if a.Province != b.Province {
		return a.Province < b.Province
	}
	if a.Type != b.Type {
		return a.Type < b.Type
	}
	return a.Period < b.Period
}

// reachUnionRebuild fills reach_distinct's groupings of a province's
// activities and the centre's (see reachPairs) from org_reach: for each
// organisation and province P whose activities reached it, the pairs of its
// rows of P and of the centre (sign 1) and of its rows of the centre (sign
// -1), by type and for every type. Migration 0018 runs the same statements.
var reachUnionRebuild = []string{
	`INSERT INTO reach_distinct (province, type, period, prev, organisations)
		SELECT '+' || province, type, period, prev, SUM(sign) FROM (SELECT province, type, period, sign,
		COALESCE(LAG(period) OVER (PARTITION BY organisation_id, province, type, sign ORDER BY period), '') AS prev
		FROM (SELECT DISTINCT p.organisation_id, p.province, r.type, r.period, s.sign
		FROM (SELECT DISTINCT organisation_id, province FROM org_reach WHERE province <> '') p
		CROSS JOIN (SELECT 1 AS sign UNION ALL SELECT -1) s
		JOIN org_reach r ON r.organisation_id = p.organisation_id AND (r.province = '' OR (s.sign = 1 AND r.province = p.province))) d) x
		GROUP BY province, type, period, prev HAVING SUM(sign) <> 0`,
	`INSERT INTO reach_distinct (province, type, period, prev, organisations)
		SELECT '+' || province, '*', period, prev, SUM(sign) FROM (SELECT province, period, sign,
		COALESCE(LAG(period) OVER (PARTITION BY organisation_id, province, sign ORDER BY period), '') AS prev
		FROM (SELECT DISTINCT p.organisation_id, p.province, r.period, s.sign
		FROM (SELECT DISTINCT organisation_id, province FROM org_reach WHERE province <> '') p
		CROSS JOIN (SELECT 1 AS sign UNION ALL SELECT -1) s
		JOIN org_reach r ON r.organisation_id = p.organisation_id AND (r.province = '' OR (s.sign = 1 AND r.province = p.province))) d) x
		GROUP BY province, period, prev HAVING SUM(sign) <> 0`,
}
