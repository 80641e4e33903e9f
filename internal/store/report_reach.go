package store

import (
	"strings"
	"time"

	"htxnu/internal/coop"
)

// The organisations a report's window reached, each once, by type and in
// total, without counting the window's links: a window is days (Decree
// 09's runs from 15/12 to 14/06), so it is read as its whole months and
// the days outside them.
//
//   - W, the organisations reached in the whole months, is the sum of the
//     reach_distinct rows of the months whose previous month (for the same
//     organisation and grouping) is before them, less the archived
//     organisations among them (reach_distinct counts every organisation
//     reached; a report counts current ones): those are read from org_reach.
//   - P, the current organisations reached on the other days, is read from
//     their links, and those of them also in W (an org_reach row in the
//     whole months, for the type or for any type) are left out.
//
// The count is |W| + |P \ W|, each organisation once.

// windowSplit is a window's whole months [first, last] (YYYY-MM; whole
// false when it has none) and the spans of its other days (the whole
// window when it has no whole month).
type windowSplit struct {
	whole       bool
	first, last string
	days        []daySpan
}

// splitWindow splits the window [from, to] (valid YYYY-MM-DD days).
func splitWindow(from, to string) windowSplit {
	f, err1 := time.Parse("2006-01-02", from)
	t, err2 := time.Parse("2006-01-02", to)
	if err1 != nil || err2 != nil {
		return windowSplit{days: []daySpan{{from, to}}}
	}
	start := time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, time.UTC)
	if f.Day() != 1 {
		start = start.AddDate(0, 1, 0) // the first whole month's first day
	}
	end := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, -1)
	if !end.Equal(t) {
		end = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1) // the last whole month's last day
	}
	if end.Before(start) {
		return windowSplit{days: []daySpan{{from, to}}}
	}
	s := windowSplit{whole: true, first: start.Format("2006-01"), last: end.Format("2006-01")}
	if f.Before(start) {
		s.days = append(s.days, daySpan{from, start.AddDate(0, 0, -1).Format("2006-01-02")})
	}
	if end.Before(t) {
		s.days = append(s.days, daySpan{end.AddDate(0, 0, 1).Format("2006-01-02"), to})
	}
	return s
}

// reachFigure is the figure key of the organisations reached by a type ("*":
// by any).
func reachFigure(typ string) string {
	if typ == allKey {
		return "activities.total.organisations"
	}
	return "activities." + typ + ".organisations"
}

// reach counts the organisations the window's activities reached, each
// once, by type and in total.
func (r *compileRun) reach() error {
	s := splitWindow(r.from, r.to)
	if s.whole {
		if err := r.reachWhole(s); err != nil {
			return err
		}
	}
	return r.reachDays(s)
}

// reachWhole adds W, the current organisations reached in the whole
// months, by province and type (and '*').
func (r *compileRun) reachWhole(s windowSplit) error {
	provinces := append([]string{""}, provinceCodes()...)
	if r.only != "" {
		provinces = []string{r.only}
	}
	types := []string{allKey}
	for _, t := range coop.ActivityTypes {
		types = append(types, t.Code)
	}
	// The groupings (province, type) and (province, '*') named one by one.
	provIn, pargs := inList("province", provinces)
	typeIn, targs := inList("type", types)
	args := append(append(pargs, targs...), s.first, s.last, s.first)
	if err := r.run("reach", `SELECT province, type, COALESCE(SUM(organisations), 0) FROM reach_distinct
		WHERE `+provIn+` AND `+typeIn+` AND period >= ? AND period <= ? AND prev < ? GROUP BY province, type`, args,
		[]any{&r.prov, &r.key, &r.n[0]},
		func() { r.st.add(r.prov, reachFigure(r.key), r.n[0]) }); err != nil {
		return err
	}
	// Archived organisations are in reach_distinct, not in a report.
	cond, args := r.where("r.province")
	return r.takeArchived("r", "r.organisation_id", ` FROM organisations o CROSS JOIN org_reach r WHERE o.archived = 1
		AND r.organisation_id = o.id AND r.period >= ? AND r.period <= ? AND `+cond, append([]any{s.first, s.last}, args...))
}

// reachDays adds P \ W: the current organisations reached on the days
// outside the whole months that no whole month reached, for the type and
// in total.
func (r *compileRun) reachDays(s windowSplit) error {
	if len(s.days) == 0 {
		return nil
	}
	cond, pargs := r.where("a.province")
	// CROSS JOIN keeps SQLite's join order whatever the statistics: the
	// activities of the days first (a range of activities_start), then
	// their links; otherwise it may start from every organisation and walk
	// all their links (10 s at 100,000 organisations). The few archived
	// organisations are read once, not each linked organisation's row.
	parts := make([]string, len(s.days))
	var args []any
	for i, d := range s.days {
		parts[i] = `SELECT DISTINCT a.province, a.type, b.organisation_id AS org
			FROM activities a CROSS JOIN activity_beneficiaries b WHERE b.activity_id = a.id AND a.archived = 0
			AND b.organisation_id NOT IN (SELECT id FROM organisations WHERE archived = 1)
			AND a.starts_on >= ? AND a.starts_on <= ? AND ` + cond
		args = append(append(args, d.from, d.to), pargs...)
	}
	// In the whole months: 2 for the type, 1 for another type only, 0 not
	// at all; one range of the organisation's org_reach rows.
	whole := "0"
	if s.whole {
		whole = `COALESCE((SELECT MAX(CASE WHEN w.type = x.type THEN 2 ELSE 1 END) FROM org_reach w
			WHERE w.organisation_id = x.org AND w.province = x.province AND w.period >= ? AND w.period <= ?), 0)`
		args = append([]any{s.first, s.last}, args...)
	}
	type pair struct {
		province string
		org      int64
	}
	var org, in int64
	seen := map[pair]bool{}
	return r.run("reach", `SELECT x.province, x.type, x.org, `+whole+` FROM (`+strings.Join(parts, " UNION ")+`) x`, args,
		[]any{&r.prov, &r.key, &org, &in},
		func() {
			if in < 2 {
				r.st.add(r.prov, reachFigure(r.key), 1)
			}
			if k := (pair{r.prov, org}); in == 0 && !seen[k] {
				seen[k] = true
				r.st.add(r.prov, reachFigure(allKey), 1)
			}
		})
}
