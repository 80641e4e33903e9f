package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"htxnu/internal/coop"
)

// Buckets of a time series.
const (
	BucketMonth   = "month"
	BucketQuarter = "quarter"
	BucketYear    = "year"
)

// PeriodRow is the figures of support activities in one period of a time
// series.
type PeriodRow struct {
	Period             string `json:"period"` // YYYY-MM, YYYY-Qn or YYYY
	From               string `json:"from"`   // first month, YYYY-MM
	To                 string `json:"to"`     // last month, YYYY-MM
	Activities         int64  `json:"activities"`
	ParticipantsTotal  int64  `json:"participants_total"`
	ParticipantsFemale int64  `json:"participants_female"`
	Organisations      int64  `json:"organisations_reached"` // distinct within the period
}

// ActivitySeries returns the figures of support activities by period
// (month, quarter or year) over the filter's window, read from the rollups
// and scoped as ReachSummary is. An organisation reached several times in a
// period counts once in it. Every period from the window's start (or the
// first with data) to its end (or the last with data) is listed, with
// zeros where nothing happened.
func (db *DB) ActivitySeries(ctx context.Context, actor coop.Actor, f ReachFilter, bucket string) ([]PeriodRow, error) {
	var key string
	switch bucket {
	case BucketMonth:
		key = "period"
	case BucketQuarter:
		key = `substr(period, 1, 4) || '-Q' || CAST((CAST(substr(period, 6, 2) AS INTEGER) + 2) / 3 AS TEXT)`
	case BucketYear:
		key = "substr(period, 1, 4)"
	default:
		return nil, coop.Errorf(coop.EINVALID, "Kỳ của chuỗi số liệu phải là tháng, quý hoặc năm.")
	}
	cond, args := reachWhere(actor, f, func(c string) string { return c })
	byKey := map[string]*PeriodRow{}
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT `+key+`, SUM(activities), SUM(participants_total), SUM(participants_female)
		FROM activity_rollup WHERE `+cond+` GROUP BY `+key), args...)
	if err != nil {
		return nil, fmt.Errorf("store: activity series: %w", err)
	}
	for rows.Next() {
		r := &PeriodRow{}
		if err := rows.Scan(&r.Period, &r.Activities, &r.ParticipantsTotal, &r.ParticipantsFemale); err != nil {
			rows.Close()
			return nil, err
		}
		byKey[r.Period] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	orgs := sqlQuery{`SELECT ` + key + `, COUNT(DISTINCT organisation_id) FROM org_reach WHERE ` + cond + ` GROUP BY ` + key, args}
	if q, ok := seriesDistinct(actor, f, key); ok {
		orgs = q
	}
	rows, err = db.read(ctx).QueryContext(ctx, db.rebind(orgs.q), orgs.args...)
	if err != nil {
		return nil, fmt.Errorf("store: reach series: %w", err)
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
			byKey[k] = &PeriodRow{Period: k, Organisations: n}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// The months the series covers: the window, or the data's span.
	first, last := month(f.From), month(f.To)
	for k, r := range byKey {
		if *r == (PeriodRow{Period: k}) {
			delete(byKey, k) // rollup rows that went back to zero
			continue
		}
		lo, hi := bucketMonths(k)
		if month(f.From) == "" && (first == "" || lo < first) {
			first = lo
		}
		if month(f.To) == "" && (last == "" || hi > last) {
			last = hi
		}
	}
	out := []PeriodRow{}
	if first == "" || last == "" || first > last {
		return out, nil
	}
	start, _ := time.Parse("2006-01", first)
	end, _ := time.Parse("2006-01", last)
	if end.Sub(start) > 100*366*24*time.Hour {
		return nil, coop.Errorf(coop.EINVALID, "Khoảng thời gian quá dài.")
	}
	for m := start; !m.After(end); {
		k := bucketOf(bucket, m)
		lo, hi := bucketMonths(k)
		r := PeriodRow{Period: k}
		if x, ok := byKey[k]; ok {
			r = *x
		}
		r.From, r.To = lo, hi
		out = append(out, r)
		next, _ := time.Parse("2006-01", hi)
		m = next.AddDate(0, 1, 0)
	}
	return out, nil
}

// bucketOf returns the key of the period containing month m.
func bucketOf(bucket string, m time.Time) string {
	switch bucket {
	case BucketQuarter:
		return fmt.Sprintf("%04d-Q%d", m.Year(), (int(m.Month())+2)/3)
	case BucketYear:
		return fmt.Sprintf("%04d", m.Year())
	}
	return m.Format("2006-01")
}

// bucketMonths returns the first and last month (YYYY-MM) of a period key.
func bucketMonths(k string) (string, string) {
	switch {
	case len(k) == 4:
		return k + "-01", k + "-12"
	case len(k) == 7 && k[5] == 'Q':
		q, _ := strconv.Atoi(k[6:])
		return fmt.Sprintf("%s-%02d", k[:4], 3*q-2), fmt.Sprintf("%s-%02d", k[:4], 3*q)
	}
	return k, k
}

// seriesDistinct is the query of the organisations reached by period of
// the series from reach_distinct, when one of its groups answers the
// filter (as distinctQueries decides): an organisation counts in a period
// in the first month it was reached in it, the month whose previous reach
// is in an earlier period, or before the window, or none. It reads a few
// rows per month, not every organisation reached.
func seriesDistinct(actor coop.Actor, f ReachFilter, key string) (sqlQuery, bool) {
	if !coop.Can(actor, coop.PermProgrammeRead) {
		return sqlQuery{}, false
	}
	prov := allKey
	switch f.Province {
	case "":
		if !actor.National() {
			return sqlQuery{}, false
		}
	case "central":
		prov = ""
	default:
		if !actor.National() && f.Province != actor.Province {
			return sqlQuery{}, false
		}
		prov = f.Province
	}
	typ := allKey
	if f.Type != "" {
		typ = f.Type
	}
	prevKey := strings.ReplaceAll(key, "period", "prev")
	first := "prev = '' OR " + prevKey + " <> " + key
	cond, args := "province = ? AND type = ?", []any{prov, typ}
	if m := month(f.From); m != "" {
		cond, first = cond+" AND period >= ?", first+" OR prev < ?"
		args = append(args, m)
	}
	if m := month(f.To); m != "" {
		cond += " AND period <= ?"
		args = append(args, m)
	}
	if m := month(f.From); m != "" {
		args = append(args, m)
	}
	return sqlQuery{`SELECT ` + key + `, SUM(organisations) FROM reach_distinct WHERE ` + cond + ` AND (` + first + `) GROUP BY ` + key, args}, true
}
