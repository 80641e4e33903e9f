package store

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"htxnu/internal/coop"
)

// Reading the reach summary from the rollups that reach.go keeps.

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

// ReachSummary reads the figures of support activities from the rollups:
// the sums from activity_rollup, the distinct organisations from
// reach_distinct (a provincial actor asking for its province and the
// centre's activities together reads the centre's grouping and its
// province's union grouping). A province the actor may not see answers
// nothing, from org_reach.
func (db *DB) ReachSummary(ctx context.Context, actor coop.Actor, f ReachFilter) (*ReachResult, error) {
	col := func(c string) string { return c }
	cond, args := reachWhere(actor, f, col)
	sumsQ := reachSums(actor, f)
	distinct, total, ok := distinctQueries(actor, f)
	if !ok {
		orgs := `SELECT %s, COUNT(DISTINCT organisation_id) FROM org_reach WHERE ` + cond + ` GROUP BY %s`
		for _, g := range []string{"type", "province"} {
			distinct[g] = sqlQuery{fmt.Sprintf(orgs, g, g), args}
		}
		total = sqlQuery{`SELECT COUNT(DISTINCT organisation_id) FROM org_reach WHERE ` + cond, args}
	}
	return db.reachResult(ctx, f, sumsQ, func(group string) sqlQuery { return distinct[group] }, total)
}

// reachSums returns the query of the sums by province and type over the
// filter's window: whole years from activity_year_rollup, the other months
// from activity_rollup.
func reachSums(actor coop.Actor, f ReachFilter) sqlQuery {
	rows := rollupRows(actor, f)
	return sqlQuery{`SELECT province, type, SUM(activities), SUM(participants_total), SUM(participants_female), SUM(managers_trained_female),
		SUM(jobs_women_htx), SUM(jobs_women_tht), SUM(loans), SUM(loan_amount), SUM(cost) FROM (` + rows.q +
		`) s GROUP BY province, type`, rows.args}
}

// rollupRows returns the query of the rollup rows whose sums are the
// activities of the filter's scope and window (columns province, type and
// the rollups' sums): whole years from activity_year_rollup, the other
// months from activity_rollup.
func rollupRows(actor coop.Actor, f ReachFilter) sqlQuery {
	whole := f
	whole.From, whole.To = "", ""
	cond, args := reachWhere(actor, whole, func(c string) string { return c })
	from, to := month(f.From), month(f.To)
	type segment struct{ table, col, lo, hi string } // bounds inclusive, "" open
	var segs []segment
	months := func(lo, hi string) { segs = append(segs, segment{"activity_rollup", "period", lo, hi}) }
	if from != "" && to != "" && from[:4] == to[:4] && (from[5:] != "01" || to[5:] != "12") {
		months(from, to) // within one year
	} else {
		yLo, yHi := "", ""
		switch {
		case from != "" && from[5:] != "01":
			months(from, from[:4]+"-12")
			yLo = nextYear(from[:4])
		case from != "":
			yLo = from[:4]
		}
		switch {
		case to != "" && to[5:] != "12":
			months(to[:4]+"-01", to)
			yHi = prevYear(to[:4])
		case to != "":
			yHi = to[:4]
		}
		if yLo == "" || yHi == "" || yLo <= yHi {
			segs = append(segs, segment{"activity_year_rollup", "year", yLo, yHi})
		}
	}
	cols := `province, type, activities, participants_total, participants_female, managers_trained_female, jobs_women_htx, jobs_women_tht,
		loans, loan_amount, cost`
	var parts []string
	var all []any
	for _, s := range segs {
		q := `SELECT ` + cols + ` FROM ` + s.table + ` WHERE ` + cond
		all = append(all, args...)
		if s.lo != "" {
			q += ` AND ` + s.col + ` >= ?`
			all = append(all, s.lo)
		}
		if s.hi != "" {
			q += ` AND ` + s.col + ` <= ?`
			all = append(all, s.hi)
		}
		parts = append(parts, q)
	}
	return sqlQuery{strings.Join(parts, " UNION ALL "), all}
}

func nextYear(y string) string { n, _ := strconv.Atoi(y); return fmt.Sprintf("%04d", n+1) }
func prevYear(y string) string { n, _ := strconv.Atoi(y); return fmt.Sprintf("%04d", n-1) }

// sqlQuery is a query with its arguments.
type sqlQuery struct {
	q    string
	args []any
}

// distinctQueries returns the queries of distinct organisations reached,
// by type, by province and in total, over reach_distinct, and false when
// the actor may not read the programme or asks for a province it may not
// see. A provincial actor asking for no province sees its province's
// activities and the centre's: the centre's grouping plus the province's
// union grouping (see reachPairs).
func distinctQueries(actor coop.Actor, f ReachFilter) (map[string]sqlQuery, sqlQuery, bool) {
	by := map[string]sqlQuery{}
	if !coop.Can(actor, coop.PermProgrammeRead) {
		return by, sqlQuery{}, false
	}
	prov := allKey
	switch f.Province {
	case "":
	case "central":
		prov = ""
	default:
		if !actor.National() && f.Province != actor.Province {
			return by, sqlQuery{}, false
		}
		prov = f.Province
	}
	typ := allKey
	if f.Type != "" {
		typ = f.Type
	}
	// Organisations reached in [from, to]: pairs whose month is in the
	// window and whose previous month is before it ('' sorts before any).
	win, wargs := "prev = ''", []any{}
	if m := month(f.From); m != "" {
		win, wargs = "period >= ? AND prev < ?", []any{m, m}
	}
	if m := month(f.To); m != "" {
		win += " AND period <= ?"
		wargs = append(wargs, m)
	}
	types := []string{f.Type}
	if f.Type == "" {
		types = types[:0]
		for _, t := range coop.ActivityTypes {
			types = append(types, t.Code)
		}
	}
	provinces := []string{prov}
	switch {
	case f.Province == "" && !actor.National():
		provinces = []string{"", actor.Province}
	case prov == allKey:
		provinces = append([]string{""}, provinceCodes()...)
	}
	typeIn, typeArgs := inList("type", types)
	provIn, provArgs := inList("province", provinces)
	by["province"] = sqlQuery{`SELECT province, SUM(organisations) FROM reach_distinct WHERE ` + provIn + ` AND type = ? AND ` + win +
		` GROUP BY province`, append(append(provArgs, typ), wargs...)}
	// The groupings whose sum is the set asked: the province's activities
	// and the centre's for a provincial reader asking for no province.
	sets := []string{prov}
	if f.Province == "" && !actor.National() {
		sets = []string{"", unionKey(actor.Province)}
	}
	setIn, setArgs := inList("province", sets)
	by["type"] = sqlQuery{`SELECT type, SUM(organisations) FROM reach_distinct WHERE ` + setIn + ` AND ` + typeIn + ` AND ` + win +
		` GROUP BY type`, append(append(setArgs, typeArgs...), wargs...)}
	total := sqlQuery{`SELECT COALESCE(SUM(organisations), 0) FROM reach_distinct WHERE ` + setIn + ` AND type = ? AND ` + win,
		append(append(setArgs, typ), wargs...)}
	return by, total, true
}

// inList is "col IN (?, …)" with the values as arguments: each key an index
// seek, where "<> '*'" made SQLite scan the whole table.
func inList(col string, vals []string) (string, []any) {
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = v
	}
	return col + " IN (?" + strings.Repeat(", ?", len(vals)-1) + ")", args
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
	return db.reachResult(ctx, f, sqlQuery{`SELECT a.province, a.type, ` + sums + ` FROM activities a WHERE ` + cond + ` GROUP BY a.province, a.type`, args},
		func(group string) sqlQuery {
			g := "a." + group
			return sqlQuery{`SELECT ` + g + `, COUNT(DISTINCT b.organisation_id)` + from + cond + ` GROUP BY ` + g, args}
		}, sqlQuery{`SELECT COUNT(DISTINCT b.organisation_id)` + from + cond, args})
}

// reachResult runs the grouped queries (by type, by province) and the
// distinct total, and assembles the result in reference order.
func (db *DB) reachResult(ctx context.Context, f ReachFilter, sums sqlQuery, orgs func(group string) sqlQuery, totalOrgs sqlQuery) (*ReachResult, error) {
	res := &ReachResult{From: month(f.From), To: month(f.To), Total: ReachRow{Key: "total", Label: "Tổng cộng"}}
	// One pass over the sums by (province, type) gives both groupings.
	grouped := map[string]map[string]*ReachRow{"type": {}, "province": {}}
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(sums.q), sums.args...)
	if err != nil {
		return nil, fmt.Errorf("store: reach sums: %w", err)
	}
	for rows.Next() {
		var province, typ string
		var v ReachRow
		if err := rows.Scan(&province, &typ, &v.Activities, &v.ParticipantsTotal, &v.ParticipantsFemale, &v.ManagersTrainedFemale,
			&v.JobsWomenHTX, &v.JobsWomenTHT, &v.Loans, &v.LoanAmount, &v.Cost); err != nil {
			rows.Close()
			return nil, err
		}
		for g, k := range map[string]string{"type": typ, "province": province} {
			r := grouped[g][k]
			if r == nil {
				r = &ReachRow{Key: k}
				grouped[g][k] = r
			}
			r.addSums(v)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, g := range []string{"type", "province"} {
		if err := db.reachOrgs(ctx, g, orgs(g), grouped[g]); err != nil {
			return nil, err
		}
	}
	res.ByType, res.ByProvince = reachRows("type", grouped["type"]), reachRows("province", grouped["province"])
	for _, r := range res.ByType {
		res.Total.addSums(r)
	}
	if err := db.read(ctx).QueryRowContext(ctx, db.rebind(totalOrgs.q), totalOrgs.args...).Scan(&res.Total.Organisations); err != nil {
		return nil, fmt.Errorf("store: reach total: %w", err)
	}
	return res, nil
}

// addSums adds the sums of v (every figure but the organisations reached,
// which do not add up) to r.
func (r *ReachRow) addSums(v ReachRow) {
	dst, src := r.sums(), v.sums()
	addCounters(dst[:], src[:], 1)
}

// sums lists the figures of the row that add up.
func (r *ReachRow) sums() [9]*int64 {
	return [9]*int64{&r.Activities, &r.ParticipantsTotal, &r.ParticipantsFemale, &r.ManagersTrainedFemale,
		&r.JobsWomenHTX, &r.JobsWomenTHT, &r.Loans, &r.LoanAmount, &r.Cost}
}

// reachOrgs runs the query of the organisations reached by group (key,
// count) and sets them on the rows of byKey, adding a row for a key with
// no sums.
func (db *DB) reachOrgs(ctx context.Context, group string, q sqlQuery, byKey map[string]*ReachRow) error {
	err := scanPairs(ctx, db.read(ctx), db.rebind(q.q), q.args, func(k string, n int64) {
		if r, ok := byKey[k]; ok {
			r.Organisations = n
		} else {
			byKey[k] = &ReachRow{Key: k, Organisations: n}
		}
	})
	if err != nil {
		return fmt.Errorf("store: reach orgs by %s: %w", group, err)
	}
	return nil
}

// reachRows returns the rows of a grouping ("type" or "province") that are
// not all zero, labelled, in reference order: the types in the order of
// coop.ActivityTypes, the provinces by code.
func reachRows(group string, byKey map[string]*ReachRow) []ReachRow {
	out := []ReachRow{}
	for _, r := range byKey {
		if *r == (ReachRow{Key: r.Key}) {
			continue // rollup rows that went back to zero
		}
		if group == "type" {
			r.Label = coop.ActivityTypes.Label(r.Key)
		} else {
			r.Label = provinceLabel(r.Key)
		}
		out = append(out, *r)
	}
	order := func(k string) string { return k }
	if group == "type" {
		pos := map[string]int{}
		for i, t := range coop.ActivityTypes {
			pos[t.Code] = i
		}
		order = func(k string) string { return fmt.Sprintf("%03d%s", pos[k], k) }
	}
	sort.Slice(out, func(i, j int) bool { return order(out[i].Key) < order(out[j].Key) })
	return out
}

func provinceLabel(code string) string {
	if code == "" {
		return "Cấp trung ương"
	}
	return coop.ProvinceName(code)
}

// provinceCodes returns the codes of the 34 provinces.
func provinceCodes() []string {
	ps := coop.Provinces()
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Code
	}
	return out
}
