package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"htxnu/internal/coop"
)

// The computation of T5 from the rows that manager_spans replaced, kept as
// the oracle of the tests.

// T5Figure is T5 of a province: the women managers and the trained among
// them.
type T5Figure struct{ Num, Den int64 }

// T5Both returns T5 by province as of day, for one province or all (only
// ""), from manager_spans and recomputed from the positions, the
// organisations, their changes and the attendance.
func (db *DB) T5Both(ctx context.Context, only, day string) (kept, recomputed map[string]T5Figure, err error) {
	collect := func(f func(put func(p, code string, f func(*indicatorValue))) error) (map[string]T5Figure, error) {
		out := map[string]T5Figure{}
		err := f(func(p, code string, f func(*indicatorValue)) {
			var v indicatorValue
			f(&v)
			t := out[p]
			t.Num, t.Den = t.Num+v.num, t.Den+v.den
			if t != (T5Figure{}) {
				out[p] = t
			}
		})
		return out, err
	}
	if kept, err = collect(func(put func(p, code string, f func(*indicatorValue))) error {
		return db.managersOn(ctx, db.sql, only, coop.CountingStart, day, put)
	}); err != nil {
		return nil, nil, err
	}
	recomputed, err = collect(func(put func(p, code string, f func(*indicatorValue))) error {
		return db.t5Recompute(ctx, db.sql, only, coop.CountingStart, day, put)
	})
	return kept, recomputed, err
}

// statusOn is the same for the status.
const statusOn = `COALESCE((SELECT c.from_status FROM org_status_changes c WHERE c.organisation_id = o.id AND c.effective_on > ?
	ORDER BY c.effective_on, c.id LIMIT 1), o.status)`

// existsOn is the condition that organisation o existed on a day: founded
// on or before it, or, without a founding date, recorded before its end.
// Its arguments are existsArgs(day). The column is concatenated with an
// empty string so that no index serves it: on SQLite a range of
// organisations_founded would otherwise win over a province's
// organisations and read the whole registry.
const existsOn = `((o.founded_on || '' <> '' AND o.founded_on || '' <= ?) OR (o.founded_on || '' = '' AND o.created_at < ?))`

func existsArgs(day string) []any {
	t, err := time.ParseInLocation("2006-01-02", day, vnZone)
	if err != nil {
		return []any{day, time.Time{}}
	}
	return []any{day, t.AddDate(0, 0, 1).UTC()}
}

// inProvinceOn is the condition that organisation o was in province on
// day, with its arguments. The organisations in the province on the day are
// among those in it now or those that left it after the day: that prefilter
// reads the province's index instead of every organisation, and provinceOn
// then decides exactly.
func inProvinceOn(province, day string) (string, []any) {
	return ` AND (o.province = ? OR o.id IN (SELECT c.organisation_id FROM org_status_changes c
		WHERE c.from_province = ? AND c.effective_on > ?)) AND ` + provinceOn + " = ?", []any{province, province, day, day, province}
}

// t5Recompute puts T5 by province as t5AsOf does, from the rows: the
// women holding a management position in an active HTX on day (the
// denominator) and those of them named among the participants of a
// training since start (the numerator), matched by organisation and folded
// name.
func (db *DB) t5Recompute(ctx context.Context, q queryer, only, start, day string, put func(p, code string, f func(*indicatorValue))) error {
	rs := strings.TrimSuffix(strings.Repeat("?, ", len(t5Roles)), ", ")
	args := append(append([]any{day, day}, existsArgs(day)...), coop.SexFemale, day, day)
	for _, r := range t5Roles {
		args = append(args, r)
	}
	// The country: the women's positions first (positions_sex_role); one
	// province: its organisations first, then their positions. CROSS JOIN
	// keeps that order on SQLite whatever the statistics.
	cond, cargs := "", []any(nil)
	from := `positions p CROSS JOIN organisations o`
	if only != "" {
		cond, cargs = inProvinceOn(only, day)
		args = append(args, cargs...)
		from = `organisations o CROSS JOIN positions p`
	}
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+provinceOn+`, o.id, p.holder FROM `+from+`
		WHERE p.organisation_id = o.id AND o.kind = 'HTX' AND o.archived = 0 AND `+statusOn+` = 'active' AND `+existsOn+`
		AND p.sex = ? AND (p.from_date = '' OR p.from_date <= ?) AND (p.to_date = '' OR p.to_date >= ?)
		AND p.role IN (`+rs+`)`+cond), args...)
	if err != nil {
		return fmt.Errorf("store: T5: %w", err)
	}
	type person struct {
		org  int64
		name string
	}
	managers := map[person]string{} // → province
	for rows.Next() {
		var p, holder string
		var id int64
		if err := rows.Scan(&p, &id, &holder); err != nil {
			rows.Close()
			return err
		}
		managers[person{id, coop.Fold(holder)}] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	args = append([]any{start, day}, cargs...)
	rows, err = q.QueryContext(ctx, db.rebind(`SELECT DISTINCT t.organisation_id, t.name_key FROM activity_attendance t
		JOIN activities a ON a.id = t.activity_id JOIN organisations o ON o.id = t.organisation_id
		WHERE a.archived = 0 AND a.type = 'training' AND a.starts_on >= ? AND a.starts_on <= ?`+cond), args...)
	if err != nil {
		return fmt.Errorf("store: T5 attendance: %w", err)
	}
	trained := map[person]bool{}
	for rows.Next() {
		var k person
		if err := rows.Scan(&k.org, &k.name); err != nil {
			rows.Close()
			return err
		}
		trained[k] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for k, p := range managers {
		put(p, "T5", func(v *indicatorValue) {
			v.den++
			if trained[k] {
				v.num++
			}
		})
	}
	return nil
}
