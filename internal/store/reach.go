package store

import (
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
	keys := make([]activityKey, 0, len(deltas))
	for k, d := range deltas {
		if d != (activityVec{}) {
			keys = append(keys, k)
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
	// How many org_reach rows appear (+1) or go (-1) per rollup key.
	rows := map[activityKey]int64{}
	for _, k := range rkeys {
		d := reach[k]
		var n int64
		if err := tx.queryRow(ctx, `INSERT INTO org_reach (organisation_id, type, province, period, activities) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (organisation_id, type, province, period) DO UPDATE SET activities = org_reach.activities + excluded.activities
			RETURNING activities`, k.Org, k.Type, k.Province, k.Period, d).Scan(&n); err != nil {
			return fmt.Errorf("store: org reach: %w", err)
		}
		switch {
		case n < 0:
			return fmt.Errorf("store: org reach of organisation %d went below zero", k.Org)
		case n == 0:
			if _, err := tx.exec(ctx, `DELETE FROM org_reach WHERE organisation_id = ? AND type = ? AND province = ? AND period = ?`,
				k.Org, k.Type, k.Province, k.Period); err != nil {
				return fmt.Errorf("store: org reach: %w", err)
			}
			rows[k.activityKey]--
		case n == d:
			rows[k.activityKey]++ // the row was new
		}
	}
	keys = keys[:0]
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
			return fmt.Errorf("store: reach rollup: %w", err)
		}
	}
	return nil
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

// ReachFilter selects the window and the activities of a reach summary.
type ReachFilter struct {
	Province string // a province code, "central", or "" for every one the actor sees
	Type     string
	From, To string // months YYYY-MM (or dates, whose month is taken), inclusive; "" for open
}

// ReachRow is the figures of one group of activities.
type ReachRow struct {
	Key                   string `json:"key"`
	Label                 string `json:"label"`
	Activities            int64  `json:"activities"`
	ParticipantsTotal     int64  `json:"participants_total"`
	ParticipantsFemale    int64  `json:"participants_female"`
	Organisations         int64  `json:"organisations_reached"` // distinct over the window
	Loans                 int64  `json:"loans"`
	LoanAmount            int64  `json:"loan_amount"`
	JobsWomenHTX          int64  `json:"jobs_women_htx"`
	JobsWomenTHT          int64  `json:"jobs_women_tht"`
	ManagersTrainedFemale int64  `json:"managers_trained_female"`
	Cost                  int64  `json:"cost"`
}

// ReachResult is the summary of support activities over a window, by type
// and by province, with the totals (organisations counted once however many
// activities reached them).
type ReachResult struct {
	From       string     `json:"from"`
	To         string     `json:"to"`
	ByType     []ReachRow `json:"by_type"`
	ByProvince []ReachRow `json:"by_province"`
	Total      ReachRow   `json:"total"`
}

// month returns the YYYY-MM of a month or date, "" when it is neither.
func month(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 7 && coop.ValidDate(s[:7]+"-01") {
		return s[:7]
	}
	return ""
}

// reachWhere returns the condition (over columns province, type, period of
// the table aliased r) for the filter and the actor's scope.
func reachWhere(actor coop.Actor, f ReachFilter, col func(string) string) (string, []any) {
	where := []string{}
	var args []any
	if !coop.Can(actor, coop.PermProgrammeRead) {
		return "1 = 0", nil
	}
	if !actor.National() {
		where = append(where, col("province")+" IN (?, '')")
		args = append(args, actor.Province)
	}
	switch f.Province {
	case "":
	case "central":
		where = append(where, col("province")+" = ''")
	default:
		where = append(where, col("province")+" = ?")
		args = append(args, f.Province)
	}
	if f.Type != "" {
		where = append(where, col("type")+" = ?")
		args = append(args, f.Type)
	}
	if m := month(f.From); m != "" {
		where = append(where, col("period")+" >= ?")
		args = append(args, m)
	}
	if m := month(f.To); m != "" {
		where = append(where, col("period")+" <= ?")
		args = append(args, m)
	}
	if len(where) == 0 {
		return "1 = 1", nil
	}
	return strings.Join(where, " AND "), args
}

// ReachSummary reads the figures of support activities from the rollups.
func (db *DB) ReachSummary(ctx context.Context, actor coop.Actor, f ReachFilter) (*ReachResult, error) {
	col := func(c string) string { return c }
	cond, args := reachWhere(actor, f, col)
	sums := `SUM(activities), SUM(participants_total), SUM(participants_female), SUM(managers_trained_female),
		SUM(jobs_women_htx), SUM(jobs_women_tht), SUM(loans), SUM(loan_amount), SUM(cost)`
	orgs := `SELECT %s, COUNT(DISTINCT organisation_id) FROM org_reach WHERE ` + cond + ` GROUP BY %s`
	return db.reachResult(ctx, f, func(group string) (string, string) {
		return `SELECT ` + group + `, ` + sums + ` FROM activity_rollup WHERE ` + cond + ` GROUP BY ` + group,
			fmt.Sprintf(orgs, group, group)
	}, `SELECT COUNT(DISTINCT organisation_id) FROM org_reach WHERE `+cond, args)
}

// RecomputeReachSummary computes the same figures as ReachSummary from the
// activity, cost and beneficiary rows (for tests and checks).
func (db *DB) RecomputeReachSummary(ctx context.Context, actor coop.Actor, f ReachFilter) (*ReachResult, error) {
	period := `substr(a.starts_on, 1, 7)`
	col := func(c string) string {
		if c == "period" {
			return period
		}
		return "a." + c
	}
	cond, args := reachWhere(actor, f, col)
	cond = "a.archived = 0 AND " + cond
	loan := `CASE WHEN a.type = 'capital' AND a.loan_status IN ('approved', 'disbursed', 'repaid') THEN %s ELSE 0 END`
	sums := `COUNT(*), SUM(a.participants_total), SUM(a.participants_female), SUM(a.managers_trained_female),
		SUM(a.jobs_women_htx), SUM(a.jobs_women_tht), SUM(` + fmt.Sprintf(loan, "1") + `), SUM(` + fmt.Sprintf(loan, "a.loan_amount") + `),
		SUM((SELECT COALESCE(SUM(c.amount), 0) FROM activity_costs c WHERE c.activity_id = a.id))`
	from := ` FROM activities a JOIN activity_beneficiaries b ON b.activity_id = a.id WHERE `
	return db.reachResult(ctx, f, func(group string) (string, string) {
		g := "a." + group
		return `SELECT ` + g + `, ` + sums + ` FROM activities a WHERE ` + cond + ` GROUP BY ` + g,
			`SELECT ` + g + `, COUNT(DISTINCT b.organisation_id)` + from + cond + ` GROUP BY ` + g
	}, `SELECT COUNT(DISTINCT b.organisation_id)`+from+cond, args)
}

// reachResult runs the grouped queries (by type, by province) and the
// distinct total, and assembles the result in reference order.
func (db *DB) reachResult(ctx context.Context, f ReachFilter, queries func(group string) (sums, orgs string), totalOrgs string, args []any) (*ReachResult, error) {
	res := &ReachResult{From: month(f.From), To: month(f.To), Total: ReachRow{Key: "total", Label: "Tổng cộng"}}
	for _, g := range []string{"type", "province"} {
		sumsQ, orgsQ := queries(g)
		byKey := map[string]*ReachRow{}
		rows, err := db.sql.QueryContext(ctx, db.rebind(sumsQ), args...)
		if err != nil {
			return nil, fmt.Errorf("store: reach by %s: %w", g, err)
		}
		for rows.Next() {
			r := &ReachRow{}
			if err := rows.Scan(&r.Key, &r.Activities, &r.ParticipantsTotal, &r.ParticipantsFemale, &r.ManagersTrainedFemale,
				&r.JobsWomenHTX, &r.JobsWomenTHT, &r.Loans, &r.LoanAmount, &r.Cost); err != nil {
				rows.Close()
				return nil, err
			}
			byKey[r.Key] = r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		rows, err = db.sql.QueryContext(ctx, db.rebind(orgsQ), args...)
		if err != nil {
			return nil, fmt.Errorf("store: reach orgs by %s: %w", g, err)
		}
		for rows.Next() {
			var k string
			var n int64
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return nil, err
			}
			if r, ok := byKey[k]; ok {
				r.Organisations = n
			} else {
				byKey[k] = &ReachRow{Key: k, Organisations: n}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		var out []ReachRow
		for _, r := range byKey {
			if *r == (ReachRow{Key: r.Key}) {
				continue // rollup rows that went back to zero
			}
			if g == "type" {
				r.Label = coop.ActivityTypes.Label(r.Key)
			} else {
				r.Label = provinceLabel(r.Key)
			}
			out = append(out, *r)
		}
		order := func(k string) string { return k }
		if g == "type" {
			pos := map[string]int{}
			for i, t := range coop.ActivityTypes {
				pos[t.Code] = i
			}
			order = func(k string) string { return fmt.Sprintf("%03d%s", pos[k], k) }
		}
		sort.Slice(out, func(i, j int) bool { return order(out[i].Key) < order(out[j].Key) })
		if out == nil {
			out = []ReachRow{}
		}
		if g == "type" {
			res.ByType = out
			for _, r := range out {
				t := &res.Total
				t.Activities += r.Activities
				t.ParticipantsTotal += r.ParticipantsTotal
				t.ParticipantsFemale += r.ParticipantsFemale
				t.ManagersTrainedFemale += r.ManagersTrainedFemale
				t.JobsWomenHTX += r.JobsWomenHTX
				t.JobsWomenTHT += r.JobsWomenTHT
				t.Loans += r.Loans
				t.LoanAmount += r.LoanAmount
				t.Cost += r.Cost
			}
		} else {
			res.ByProvince = out
		}
	}
	if err := db.sql.QueryRowContext(ctx, db.rebind(totalOrgs), args...).Scan(&res.Total.Organisations); err != nil {
		return nil, fmt.Errorf("store: reach total: %w", err)
	}
	return res, nil
}

func provinceLabel(code string) string {
	if code == "" {
		return "Cấp trung ương"
	}
	return coop.ProvinceName(code)
}
