package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"htxnu/internal/coop"
)

// report_reach_halves (migration 0020) answers "organisations reached,
// each once" over the windows of Decree 09's reports without reading their
// links. A report year Y runs from 15/12 of Y-1 to 14/12 of Y; its first
// half ends on 14/06. For each organisation and each grouping (province,
// type) and (province, '*') — the centre is province '' — the table counts
// the organisation once, in the half of Y in which the grouping's
// activities first reached it that year. So the organisations reached
// over the six-monthly window of Y are the rows of (Y, 1), and over the
// annual window the rows of (Y, 1) and (Y, 2): a few hundred rows for the
// whole country, against the links of the window's days that reach_distinct
// (whole months only) leaves to read.
//
// Like reach_distinct it counts every organisation a current activity
// reached; a report counts current organisations, so the archived ones
// reached in the window are read from their links and taken away.

// reachHalvesSpec is the table's key and value columns for addRows.
var reachHalvesSpec = addSpec{"report_reach_halves", []string{"province", "type", "year", "half"}, []string{"organisations"}}

// halfKey is one row of report_reach_halves.
type halfKey struct {
	Province, Type string
	Year, Half     int64
}

func (k halfKey) cols() []any { return []any{k.Province, k.Type, k.Year, k.Half} }

func (k halfKey) compare(o halfKey) int {
	return cmp.Or(cmp.Compare(k.Province, o.Province), cmp.Compare(k.Type, o.Type), cmp.Compare(k.Year, o.Year), cmp.Compare(k.Half, o.Half))
}

// reportHalf is the report year and half (1 or 2) of a day (YYYY-MM-DD).
func reportHalf(day string) (int64, int64) {
	if len(day) < 10 {
		return 0, 1 // as the rebuild's SQL reads a day it cannot
	}
	y, _ := strconv.ParseInt(day[:4], 10, 64)
	md := day[5:10]
	switch {
	case md >= "12-15":
		return y + 1, 1
	case md >= "06-15":
		return y, 2
	}
	return y, 1
}

// halvesOfWindow is the report year and halves a window covers exactly:
// Decree 09's six-monthly window of Y (half 1) or its annual one (1 and 2).
func halvesOfWindow(from, to string) (year int64, halves int64, ok bool) {
	if len(from) != 10 || len(to) != 10 || from[5:] != "12-15" {
		return 0, 0, false
	}
	y, err := strconv.ParseInt(from[:4], 10, 64)
	if err != nil {
		return 0, 0, false
	}
	switch to {
	case strconv.FormatInt(y+1, 10) + "-06-14":
		return y + 1, 1, true
	case strconv.FormatInt(y+1, 10) + "-12-14":
		return y + 1, 2, true
	}
	return 0, 0, false
}

// reachLink is one link of an organisation to a current activity.
type reachLink struct {
	org                int64
	province, typ, day string
}

// halfRows adds sign times each organisation's rows, computed from its
// links, to out.
func halfRows(links []reachLink, sign int64, out *deltas[halfKey, tally]) {
	type group struct {
		org           int64
		province, typ string
		year          int64
	}
	first := map[group]string{}
	for _, l := range links {
		y, _ := reportHalf(l.day)
		for _, t := range []string{l.typ, allKey} {
			g := group{l.org, l.province, t, y}
			if d, ok := first[g]; !ok || l.day < d {
				first[g] = l.day
			}
		}
	}
	for g, d := range first {
		_, h := reportHalf(d)
		out.add(halfKey{g.province, g.typ, g.year, h}, 1, sign)
	}
}

// activityLinks is the links of a current activity (none when it is nil or
// archived).
func activityLinks(a *coop.Activity) []reachLink {
	if _, _, ok := activityContribution(a); !ok {
		return nil
	}
	out := make([]reachLink, 0, len(a.Beneficiaries))
	for _, org := range a.Beneficiaries {
		out = append(out, reachLink{org, a.Province, a.Type, a.StartsOn})
	}
	return out
}

// applyReachHalves moves report_reach_halves from before to after (either
// may be nil): the rows of the organisations either reaches are computed
// from their links to the other activities with the activity as it was,
// then as it is.
func (tx *Tx) applyReachHalves(ctx context.Context, before, after *coop.Activity) error {
	was, now := activityLinks(before), activityLinks(after)
	if (len(was) == 0 && len(now) == 0) || sameReach(before, after) {
		return nil
	}
	orgs := map[int64]bool{}
	for _, l := range append(append([]reachLink{}, was...), now...) {
		orgs[l.org] = true
	}
	ids := make([]int64, 0, len(orgs))
	for id := range orgs {
		ids = append(ids, id)
	}
	var id int64
	if after != nil {
		id = after.ID
	} else {
		id = before.ID
	}
	others, err := tx.otherLinks(ctx, ids, id)
	if err != nil {
		return err
	}
	var d deltas[halfKey, tally]
	halfRows(append(append([]reachLink{}, others...), was...), -1, &d)
	halfRows(append(others, now...), 1, &d)
	return tx.addRows(ctx, reachHalvesSpec, d.rows())
}

// otherLinks reads the links of the organisations to the current
// activities other than the one given.
func (tx *Tx) otherLinks(ctx context.Context, orgs []int64, activity int64) ([]reachLink, error) {
	var out []reachLink
	for len(orgs) > 0 {
		n := min(len(orgs), 500)
		args := []any{activity}
		for _, id := range orgs[:n] {
			args = append(args, id)
		}
		err := tx.scanEach(ctx, `SELECT b.organisation_id, a.province, a.type, a.starts_on FROM activity_beneficiaries b
			JOIN activities a ON a.id = b.activity_id WHERE a.archived = 0 AND a.id <> ?
			AND b.organisation_id IN (?`+strings.Repeat(", ?", n-1)+`)`, args,
			func(scan func(...any) error) error {
				var l reachLink
				if err := scan(&l.org, &l.province, &l.typ, &l.day); err != nil {
					return err
				}
				out = append(out, l)
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("store: report reach: %w", err)
		}
		orgs = orgs[n:]
	}
	return out, nil
}

// reachHalvesYear is the SQL of a link's report year (a.starts_on).
const reachHalvesYear = `CAST(substr(a.starts_on, 1, 4) AS INTEGER) + CASE WHEN substr(a.starts_on, 6, 5) >= '12-15' THEN 1 ELSE 0 END`

// reachHalvesRebuild fills report_reach_halves from the links, by type and
// for every type. Migration 0020 runs the same statements.
var reachHalvesRebuild = []string{reachHalvesInsert("a.type"), reachHalvesInsert("'*'")}

func reachHalvesInsert(typ string) string {
	group := "b.organisation_id, a.province, "
	if typ != "'*'" {
		group += typ + ", " // PostgreSQL refuses a constant in GROUP BY
	}
	return `INSERT INTO report_reach_halves (province, type, year, half, organisations)
		SELECT province, rtype, ryear, CASE WHEN substr(rfirst, 6, 5) >= '06-15' AND substr(rfirst, 6, 5) < '12-15' THEN 2 ELSE 1 END, COUNT(*)
		FROM (SELECT b.organisation_id, a.province, ` + typ + ` AS rtype, ` + reachHalvesYear + ` AS ryear, MIN(a.starts_on) AS rfirst
		FROM activity_beneficiaries b JOIN activities a ON a.id = b.activity_id WHERE a.archived = 0
		GROUP BY ` + group + reachHalvesYear + `) x
		GROUP BY province, rtype, ryear, CASE WHEN substr(rfirst, 6, 5) >= '06-15' AND substr(rfirst, 6, 5) < '12-15' THEN 2 ELSE 1 END`
}

// sameReach reports whether two versions of an activity reach the same
// organisations in the same grouping on the same day.
func sameReach(before, after *coop.Activity) bool {
	return before != nil && after != nil && before.Archived == after.Archived && before.StartsOn == after.StartsOn &&
		before.Type == after.Type && before.Province == after.Province &&
		slices.Equal(sortedIDs(before.Beneficiaries), sortedIDs(after.Beneficiaries))
}

// reachReport counts the organisations the window's activities reached,
// each once, by type and in total: from report_reach_halves for Decree
// 09's six-monthly and annual windows, otherwise from the months and days
// of the window (reach).
func (r *compileRun) reachReport() error {
	year, halves, ok := halvesOfWindow(r.from, r.to)
	if !ok {
		return r.reach()
	}
	cond, args := r.where("province")
	if err := r.run("reach", `SELECT province, type, COALESCE(SUM(organisations), 0) FROM report_reach_halves
		WHERE year = ? AND half <= ? AND `+cond+` GROUP BY province, type`, append([]any{year, halves}, args...),
		[]any{&r.prov, &r.key, &r.n[0]},
		func() { r.st.add(r.prov, reachFigure(r.key), r.n[0]) }); err != nil {
		return err
	}
	// Archived organisations are in the table, not in a report: the few
	// archived first, then their links in the window.
	cond, args = r.where("a.province")
	return r.takeArchived("a", "o.id", ` FROM organisations o CROSS JOIN activity_beneficiaries b CROSS JOIN activities a
		WHERE o.archived = 1 AND b.organisation_id = o.id AND a.id = b.activity_id AND a.archived = 0
		AND a.starts_on >= ? AND a.starts_on <= ? AND `+cond, append([]any{r.from, r.to}, args...))
}

// takeArchived takes away the archived organisations (org, distinct)
// that from (with args) reads, by the province and type columns of the
// alias and in total.
func (r *compileRun) takeArchived(alias, org, from string, args []any) error {
	p, t := alias+".province", alias+".type"
	if err := r.run("reach archived", `SELECT `+p+`, `+t+`, COUNT(DISTINCT `+org+`)`+from+` GROUP BY `+p+`, `+t, args,
		[]any{&r.prov, &r.key, &r.n[0]},
		func() { r.st.add(r.prov, reachFigure(r.key), -r.n[0]) }); err != nil {
		return err
	}
	return r.run("reach archived", `SELECT `+p+`, COUNT(DISTINCT `+org+`)`+from+` GROUP BY `+p, args,
		[]any{&r.prov, &r.n[0]},
		func() { r.st.add(r.prov, reachFigure(allKey), -r.n[0]) })
}
