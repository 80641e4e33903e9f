package store

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"htxnu/internal/coop"
)

// indicator_since (migration 0014) holds, for T1 under each
// women-in-management rule and for T2, every organisation that counts
// with the first day it counts, as the target rules define them
// (indicator_asof.go):
//
//   - T1: a current cooperative (HTX) reached, from coop.CountingStart, by a
//     consolidation-type support on whose day a woman held a management
//     position of the rule: since is the first such day;
//   - T2: a current cooperative group (THT) registered through the founding
//     pipeline or reached by a support from coop.CountingStart: since is
//     the first of those days, or the day the group came into existence
//     when that is later.
//
// An organisation's rows depend on its own row and positions, the
// activities reaching it and its founding cases: every write of one of
// them recomputes the rows of the organisations concerned (refreshSince),
// from their own links and positions through their indexes.

// sinceMigration is the migration creating indicator_since: a database
// migrated across it fills the table from its rows.
const sinceMigration = 14

// sinceT2 is the indicator of T2 in indicator_since.
const sinceT2 = "t2"

// sinceT1 is the indicator of T1 under the rule column ("wim_default" or
// "wim_strict").
func sinceT1(wimCol string) string { return "t1_" + wimCol }

// sinceRow is one row of indicator_since.
type sinceRow struct {
	org                 int64
	indicator, province string
	since               string
}

// sinceQueries are the queries computing the rows of the organisations
// whose ids in, a list of placeholders, binds after their arguments, or of
// every organisation (in empty).
func sinceQueries(in string) []struct {
	indicator string
	query     string
	args      []any
} {
	cond := ""
	if in != "" {
		cond = " AND o.id IN (" + in + ")"
	}
	types := strings.TrimSuffix(strings.Repeat("?, ", len(coop.ConsolidationTypes)), ", ")
	var out []struct {
		indicator string
		query     string
		args      []any
	}
	for _, rule := range []string{coop.RuleWIMDefault, coop.RuleWIMStrict} {
		col, _ := ruleColumn(rule)
		roles := coop.WomenManagedRoles(rule, coop.KindHTX)
		args := []any{coop.CountingStart}
		for _, t := range coop.ConsolidationTypes {
			args = append(args, t)
		}
		args = append(args, coop.SexFemale)
		for _, r := range roles {
			args = append(args, r)
		}
		out = append(out, struct {
			indicator string
			query     string
			args      []any
		}{sinceT1(col), `SELECT o.id, o.province, MIN(a.starts_on), '', NULL FROM organisations o
			CROSS JOIN activity_beneficiaries b CROSS JOIN activities a
			WHERE b.organisation_id = o.id AND a.id = b.activity_id AND o.kind = 'HTX' AND o.archived = 0
			AND a.archived = 0 AND a.starts_on >= ? AND a.type IN (` + types + `)
			AND EXISTS (SELECT 1 FROM positions p WHERE p.organisation_id = o.id AND p.sex = ?
				AND p.role IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(roles)), ", ") + `)
				AND (p.from_date = '' OR p.from_date <= a.starts_on) AND (p.to_date = '' OR p.to_date >= a.starts_on))` + cond + `
			GROUP BY o.id, o.province`, args})
	}
	out = append(out, struct {
		indicator string
		query     string
		args      []any
	}{sinceT2, `SELECT o.id, o.province,
		(SELECT MIN(d) FROM (SELECT MIN(f.registered_on) AS d FROM founding_cases f
			WHERE f.organisation_id = o.id AND f.status = 'registered' AND f.registered_on >= ?
			UNION ALL SELECT MIN(a.starts_on) FROM activity_beneficiaries b CROSS JOIN activities a
			WHERE b.organisation_id = o.id AND a.id = b.activity_id AND a.archived = 0 AND a.starts_on >= ?) x),
		o.founded_on, o.created_at
		FROM organisations o WHERE o.kind = 'THT' AND o.archived = 0` + cond, []any{coop.CountingStart, coop.CountingStart}})
	return out
}

// sinceRows computes over q the rows of the organisations whose ids
// (bound by in) are ids, or of every organisation (in empty).
func (db *DB) sinceRows(ctx context.Context, q queryer, in string, ids []any) ([]sinceRow, error) {
	var out []sinceRow
	for _, s := range sinceQueries(in) {
		args := s.args
		if in != "" {
			args = append(slices.Clone(args), ids...)
		}
		rows, err := q.QueryContext(ctx, db.rebind(s.query), args...)
		if err != nil {
			return nil, fmt.Errorf("store: indicator since: %w", err)
		}
		for rows.Next() {
			var r sinceRow
			var first *string
			var founded string
			var created *time.Time
			if err := rows.Scan(&r.org, &r.province, &first, &founded, &created); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: indicator since: %w", err)
			}
			if first == nil || *first == "" {
				continue
			}
			r.indicator, r.since = s.indicator, *first
			if s.indicator == sinceT2 {
				// Counted from the day the group existed, if later.
				exists := founded
				if exists == "" && created != nil {
					exists = created.In(vnZone).Format("2006-01-02")
				}
				if exists > r.since {
					r.since = exists
				}
			}
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// insertSince writes rows into indicator_since, a hundred a statement.
func (tx *Tx) insertSince(ctx context.Context, rows []sinceRow) error {
	for len(rows) > 0 {
		n := min(len(rows), 100)
		args := make([]any, 0, 4*n)
		for _, r := range rows[:n] {
			args = append(args, r.org, r.indicator, r.province, r.since)
		}
		q := `INSERT INTO indicator_since (organisation_id, indicator, province, since) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", n), ", ")
		if _, err := tx.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("store: indicator since: %w", err)
		}
		rows = rows[n:]
	}
	return nil
}

// refreshSince recomputes the rows of the organisations, in id order, a
// chunk of them at a time: it computes their rows, reads those kept, and
// deletes and inserts only the rows that differ — most writes reaching an
// organisation leave its rows as they were, and a row rewritten unchanged
// costs its pages in the table and its three indexes all the same.
func (tx *Tx) refreshSince(ctx context.Context, ids []int64) error {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	type key struct {
		org       int64
		indicator string
	}
	return eachIDChunk(ids, func(in string, args []any) error {
		want, err := tx.db.sinceRows(ctx, txQueryer{tx}, in, args)
		if err != nil {
			return err
		}
		have := map[key]sinceRow{}
		err = tx.scanEach(ctx, `SELECT organisation_id, indicator, province, since FROM indicator_since WHERE organisation_id IN (`+in+`)`, args,
			func(scan func(...any) error) error {
				var r sinceRow
				if err := scan(&r.org, &r.indicator, &r.province, &r.since); err != nil {
					return err
				}
				have[key{r.org, r.indicator}] = r
				return nil
			})
		if err != nil {
			return fmt.Errorf("store: indicator since: %w", err)
		}
		var fresh []sinceRow
		for _, r := range want {
			k := key{r.org, r.indicator}
			if h, ok := have[k]; ok && h == r {
				delete(have, k) // kept as it is
				continue
			}
			fresh = append(fresh, r)
		}
		// What is left of have is stale (gone, or to be written anew), by
		// indicator.
		stale := map[string][]int64{}
		for k := range have {
			stale[k.indicator] = append(stale[k.indicator], k.org)
		}
		for _, ind := range slices.Sorted(maps.Keys(stale)) {
			orgs := stale[ind]
			slices.Sort(orgs)
			in, oargs := idList(orgs)
			if _, err := tx.exec(ctx, `DELETE FROM indicator_since WHERE indicator = ? AND organisation_id IN (`+in+`)`,
				append([]any{ind}, oargs...)...); err != nil {
				return fmt.Errorf("store: indicator since: %w", err)
			}
		}
		slices.SortStableFunc(fresh, func(a, b sinceRow) int { return cmp.Compare(a.org, b.org) })
		return tx.insertSince(ctx, fresh)
	})
}

// rebuildSince recomputes indicator_since from the rows.
func (tx *Tx) rebuildSince(ctx context.Context) error {
	if _, err := tx.exec(ctx, `DELETE FROM indicator_since`); err != nil {
		return fmt.Errorf("store: rebuild indicator since: %w", err)
	}
	rows, err := tx.db.sinceRows(ctx, tx.tx, "", nil)
	if err != nil {
		return err
	}
	return tx.insertSince(ctx, rows)
}

// activitySinceChanged reports whether an activity write can change the
// T1 or T2 rows of the organisations it reaches, and which those are.
func activitySinceChanged(before, after *coop.Activity) ([]int64, bool) {
	var ids []int64
	for _, a := range []*coop.Activity{before, after} {
		if a != nil {
			ids = append(ids, a.Beneficiaries...)
		}
	}
	if before == nil || after == nil {
		return ids, len(ids) > 0
	}
	same := before.Archived == after.Archived && before.StartsOn == after.StartsOn && before.Type == after.Type &&
		slices.Equal(sortedIDs(before.Beneficiaries), sortedIDs(after.Beneficiaries))
	return ids, !same && len(ids) > 0
}

func sortedIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// sinceCounts puts the T1 (under the rule column) and T2 figures as of day
// by province, for one province or all (only ""), read from
// indicator_since: the organisations counted since day or before, in the
// province they were in on day (those that moved after day are moved back
// by their changes).
func (db *DB) sinceCounts(ctx context.Context, q queryer, only, day, wimCol string, put func(p, code string, f func(*indicatorValue))) error {
	for _, ind := range []struct{ indicator, code string }{{sinceT1(wimCol), "T1"}, {sinceT2, "T2"}} {
		cond, args := "", []any{ind.indicator, day}
		if only != "" {
			cond, args = " AND province = ?", append(args, only)
		}
		counts := map[string]int64{}
		if err := scanCounts(ctx, q, db.rebind(`SELECT province, COUNT(*) FROM indicator_since WHERE indicator = ? AND since <= ?`+cond+`
			GROUP BY province`), args, func(p string, n int64) { counts[p] += n }); err != nil {
			return err
		}
		// Organisations changed after day: their province on day.
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT s.province, COALESCE((SELECT c.from_province FROM org_status_changes c
			WHERE c.organisation_id = s.organisation_id AND c.effective_on > ? ORDER BY c.effective_on, c.id LIMIT 1), s.province)
			FROM indicator_since s WHERE s.indicator = ? AND s.since <= ?
			AND s.organisation_id IN (SELECT organisation_id FROM org_status_changes WHERE effective_on > ?)`), day, ind.indicator, day, day)
		if err != nil {
			return fmt.Errorf("store: %s as of: %w", ind.code, err)
		}
		for rows.Next() {
			var now, then string
			if err := rows.Scan(&now, &then); err != nil {
				rows.Close()
				return err
			}
			if now != then {
				counts[now]--
				counts[then]++
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for p, n := range counts {
			if (only == "" || p == only) && n != 0 {
				put(p, ind.code, func(v *indicatorValue) { v.value += n })
			}
		}
	}
	return nil
}

// scanCounts runs a query of (province, count) rows through put.
func scanCounts(ctx context.Context, q queryer, query string, args []any, put func(p string, n int64)) error {
	if err := scanPairs(ctx, q, query, args, put); err != nil {
		return fmt.Errorf("store: counts: %w", err)
	}
	return nil
}

// scanPairs runs a query of two-column rows through put.
func scanPairs[K, V any](ctx context.Context, q queryer, query string, args []any, put func(k K, v V)) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k K
		var v V
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		put(k, v)
	}
	return rows.Err()
}
