package store

import (
	"cmp"
	"context"
	"fmt"
	"sort"
	"strings"

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

func (k activityKey) cols() []any { return []any{k.Province, k.Type, k.Period} }

func (k activityKey) compare(o activityKey) int {
	return cmp.Or(cmp.Compare(k.Province, o.Province), cmp.Compare(k.Type, o.Type), cmp.Compare(k.Period, o.Period))
}

type activityVec struct {
	Activities, ParticipantsTotal, ParticipantsFemale, ManagersTrainedFemale int64
	JobsWomenHTX, JobsWomenTHT, Loans, LoanAmount, Cost                      int64
}

// fields lists the vector's counters in column order.
func (v *activityVec) fields() [9]*int64 {
	return [9]*int64{&v.Activities, &v.ParticipantsTotal, &v.ParticipantsFemale, &v.ManagersTrainedFemale,
		&v.JobsWomenHTX, &v.JobsWomenTHT, &v.Loans, &v.LoanAmount, &v.Cost}
}

func (v activityVec) plus(o activityVec, sign int64) activityVec {
	dst, src := v.fields(), o.fields()
	addCounters(dst[:], src[:], sign)
	return v
}

func (v activityVec) vals() []any {
	f := v.fields()
	return counterVals(f[:])
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

// reachKey is one row of org_reach.
type reachKey struct {
	Org int64
	activityKey
}

func (k reachKey) cols() []any { return []any{k.Org, k.Type, k.Province, k.Period} }

func (k reachKey) compare(o reachKey) int {
	return cmp.Or(cmp.Compare(k.Org, o.Org), k.activityKey.compare(o.activityKey))
}

// applyActivityRollup moves an activity's contribution from before to
// after (either may be nil) in the write transaction. Rows are touched in
// key order so that concurrent writers cannot deadlock.
func (tx *Tx) applyActivityRollup(ctx context.Context, before, after *coop.Activity) error {
	if err := tx.lockActivityLinks(ctx, before, after); err != nil {
		return err
	}
	var sums, years deltas[activityKey, activityVec]
	var reach deltas[reachKey, tally]
	for _, side := range []struct {
		a    *coop.Activity
		sign int64
	}{{before, -1}, {after, 1}} {
		k, v, ok := activityContribution(side.a)
		if !ok {
			continue
		}
		sums.add(k, v, side.sign)
		for _, org := range side.a.Beneficiaries {
			reach.add(reachKey{org, k}, 1, side.sign)
		}
	}
	for _, k := range sums.keys() {
		years.add(activityKey{k.Province, k.Type, prefix(k.Period, 4)}, sums.m[k], 1)
	}
	if err := tx.addRows(ctx, activityRollupSpec, sums.rows()); err != nil {
		return err
	}
	if err := tx.addRows(ctx, activityYearSpec, years.rows()); err != nil {
		return err
	}

	// How many org_reach rows appear (+1) or go (-1) per rollup key, and
	// which rows of each organisation appeared (+1) or went (-1).
	var rows deltas[activityKey, tally]
	moved := map[int64]map[activityKey]int64{}
	keys := reach.keys()
	counts, err := tx.moveOrgReach(ctx, keys, reach.m)
	if err != nil {
		return err
	}
	var emptied []int64
	for _, k := range keys {
		d, n := int64(reach.m[k]), counts[k]
		switch {
		case n < 0:
			return fmt.Errorf("store: org reach of organisation %d went below zero", k.Org)
		case n == 0:
			if len(emptied) == 0 || emptied[len(emptied)-1] != k.Org {
				emptied = append(emptied, k.Org)
			}
			rows.add(k.activityKey, 1, -1)
			movedRow(moved, k, -1)
		case n == d:
			rows.add(k.activityKey, 1, 1) // the row was new
			movedRow(moved, k, 1)
		}
	}
	// A row exists while its count is above zero: those the changes
	// brought to zero go, a chunk of organisations a statement.
	if err := eachIDChunk(emptied, func(in string, args []any) error {
		_, err := tx.exec(ctx, `DELETE FROM org_reach WHERE organisation_id IN (`+in+`) AND activities = 0`, args...)
		return err
	}); err != nil {
		return fmt.Errorf("store: org reach: %w", err)
	}
	if err := tx.addRows(ctx, reachRollupSpec, rows.rows()); err != nil {
		return err
	}
	if err := tx.applyReachDistinct(ctx, moved); err != nil {
		return err
	}
	if err := tx.applyReachHalves(ctx, before, after); err != nil {
		return err
	}
	if err := tx.applyReportJobs(ctx, before, after); err != nil {
		return err
	}
	if err := tx.applyCostRollup(ctx, before, after); err != nil {
		return err
	}
	return tx.applyActivityIndicators(ctx, before, after)
}

// moveOrgReach adds the changes to the org_reach rows of keys (in the
// primary key's order), inserting the rows that are missing, in multi-row
// statements, and returns each row's count after the change.
func (tx *Tx) moveOrgReach(ctx context.Context, keys []reachKey, change map[reachKey]tally) (map[reachKey]int64, error) {
	counts := make(map[reachKey]int64, len(keys))
	for rest := keys; len(rest) > 0; {
		n := min(len(rest), idChunk)
		args := make([]any, 0, 5*n)
		for _, k := range rest[:n] {
			args = append(args, k.Org, k.Type, k.Province, k.Period, int64(change[k]))
		}
		err := tx.scanEach(ctx, `INSERT INTO org_reach (organisation_id, type, province, period, activities) VALUES (?, ?, ?, ?, ?)`+
			strings.Repeat(", (?, ?, ?, ?, ?)", n-1)+`
			ON CONFLICT (organisation_id, type, province, period) DO UPDATE SET activities = org_reach.activities + excluded.activities
			RETURNING organisation_id, type, province, period, activities`, args,
			func(scan func(...any) error) error {
				var k reachKey
				var c int64
				if err := scan(&k.Org, &k.Type, &k.Province, &k.Period, &c); err != nil {
					return err
				}
				counts[k] = c
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("store: org reach: %w", err)
		}
		rest = rest[n:]
	}
	if len(counts) != len(keys) {
		return nil, fmt.Errorf("store: org reach: %d rows moved, %d returned", len(keys), len(counts))
	}
	return counts, nil
}

var (
	activityVals       = []string{"activities", "participants_total", "participants_female", "managers_trained_female", "jobs_women_htx", "jobs_women_tht", "loans", "loan_amount", "cost"}
	activityRollupSpec = addSpec{"activity_rollup", []string{"province", "type", "period"}, activityVals}
	activityYearSpec   = addSpec{"activity_year_rollup", []string{"province", "type", "year"}, activityVals}
	reachRollupSpec    = addSpec{"reach_rollup", []string{"province", "type", "period"}, []string{"organisations"}}
)

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

func (k distinctKey) cols() []any { return []any{k.Province, k.Type, k.Period, k.Prev} }

func (k distinctKey) compare(o distinctKey) int {
	return cmp.Or(cmp.Compare(k.Province, o.Province), cmp.Compare(k.Type, o.Type), cmp.Compare(k.Period, o.Period), cmp.Compare(k.Prev, o.Prev))
}

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
func reachPairs(rows map[activityKey]bool, sign int64, out *deltas[distinctKey, tally]) {
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
func monthPairs(months map[[2]string]map[string]bool, sign int64, out *deltas[distinctKey, tally]) {
	for g, set := range months {
		list := make([]string, 0, len(set))
		for m := range set {
			list = append(list, m)
		}
		sort.Strings(list)
		prev := ""
		for _, m := range list {
			out.add(distinctKey{g[0], g[1], m, prev}, 1, sign)
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
	// Their rows as they are now, a chunk of organisations a statement.
	now := make(map[int64]map[activityKey]bool, len(orgs))
	err := eachIDChunk(orgs, func(in string, args []any) error {
		return tx.scanEach(ctx, `SELECT organisation_id, type, province, period FROM org_reach WHERE organisation_id IN (`+in+`)`, args,
			func(scan func(...any) error) error {
				var id int64
				var k activityKey
				if err := scan(&id, &k.Type, &k.Province, &k.Period); err != nil {
					return err
				}
				if now[id] == nil {
					now[id] = map[activityKey]bool{}
				}
				now[id][k] = true
				return nil
			})
	})
	if err != nil {
		return fmt.Errorf("store: org reach: %w", err)
	}
	var pairs deltas[distinctKey, tally]
	for _, id := range orgs {
		was := make(map[activityKey]bool, len(now[id]))
		for k := range now[id] {
			was[k] = true
		}
		for k, d := range moved[id] {
			was[k] = d < 0 // appeared: not there before; went: there before
		}
		reachPairs(was, -1, &pairs)
		reachPairs(now[id], 1, &pairs)
	}
	return tx.addRows(ctx, reachDistinctSpec, pairs.rows())
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
