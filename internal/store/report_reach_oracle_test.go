package store

import "context"

// The window's reach counted from its links, kept as the oracle of the
// tests of report_reach.go.

// WindowReachBoth returns the organisations reached in [from, to] by
// province and figure key (activities.<type>.organisations and
// activities.total.organisations), for one province or all (only ""), as
// the compilation reads them and recounted from the links.
func (db *DB) WindowReachBoth(ctx context.Context, only, from, to string) (kept, recomputed map[string]map[string]int64, err error) {
	run := func(f func(*compileRun) error) (map[string]map[string]int64, error) {
		r := &compileRun{db: db, ctx: ctx, q: db.sql, only: only, from: from, to: to, st: newCompileState()}
		if err := f(r); err != nil {
			return nil, err
		}
		for p, m := range r.st.vals {
			for k, v := range m {
				if v == 0 {
					delete(m, k)
				}
			}
			if len(m) == 0 {
				delete(r.st.vals, p)
			}
		}
		return r.st.vals, nil
	}
	if kept, err = run((*compileRun).reachReport); err != nil {
		return nil, nil, err
	}
	recomputed, err = run((*compileRun).reachRecompute)
	return kept, recomputed, err
}

// reachRecompute counts the organisations the window's activities
// reached, each once, by type and in total, from their links, as reach
// did before it read the rollups.
func (r *compileRun) reachRecompute() error {
	cond, args := r.window("a.province")
	// CROSS JOIN keeps SQLite's join order whatever the statistics: the
	// activities of the window first (a range of activities_start), then
	// their links; otherwise it may start from every organisation and walk
	// all their links (10 s at 100,000 organisations).
	reached := ` FROM activities a CROSS JOIN activity_beneficiaries b CROSS JOIN organisations o
		WHERE b.activity_id = a.id AND o.id = b.organisation_id AND a.archived = 0 AND o.archived = 0 AND a.starts_on >= ? AND a.starts_on <= ? AND ` + cond
	if err := r.run("reach by type", `SELECT a.province, a.type, COUNT(DISTINCT b.organisation_id)`+reached+` GROUP BY a.province, a.type`, args,
		[]any{&r.prov, &r.key, &r.n[0]},
		func() { r.st.add(r.prov, "activities."+r.key+".organisations", r.n[0]) }); err != nil {
		return err
	}
	return r.run("reach", `SELECT a.province, COUNT(DISTINCT b.organisation_id)`+reached+` GROUP BY a.province`, args,
		[]any{&r.prov, &r.n[0]},
		func() { r.st.add(r.prov, "activities.total.organisations", r.n[0]) })
}
