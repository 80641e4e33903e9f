package store

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"htxnu/internal/coop"
)

// The registry over time is kept in registry_series as monthly changes of
// the org_rollup figures, written in the transaction of every organisation
// write: an organisation counts from the month it was founded (or created,
// when its founding date is unknown); a later change counts from the month
// it was saved. The state at the end of a month is the sum of the changes
// up to it, so the last point of a series always equals Counts now.

// allKey stands for "every value" in the grouped rows of registry_series and
// reach_distinct.
const allKey = "*"

var seriesSpec = addSpec{"registry_series", []string{"province", "kind", "sector", "month"}, rollupVals}

type seriesKey struct{ Province, Kind, Sector, Month string }

func (k seriesKey) cols() []any { return []any{k.Province, k.Kind, k.Sector, k.Month} }

func (k seriesKey) compare(o seriesKey) int {
	return cmp.Or(cmp.Compare(k.Province, o.Province), cmp.Compare(k.Kind, o.Kind), cmp.Compare(k.Sector, o.Sector), cmp.Compare(k.Month, o.Month))
}

// seriesDeltas are changes of registry_series.
type seriesDeltas struct{ deltas[seriesKey, rollupVec] }

// add records v (times sign) at month for the organisation's key and for
// the grouped rows: (province, *, *), (*, kind, *) and (*, *, *).
func (d *seriesDeltas) add(k rollupKey, month string, v rollupVec, sign int64) {
	for _, s := range []seriesKey{{k.Province, k.Kind, k.Sector, month}, {k.Province, allKey, allKey, month},
		{allKey, k.Kind, allKey, month}, {allKey, allKey, allKey, month}} {
		d.deltas.add(s, v, sign)
	}
}

// org moves an organisation's contribution from before to after (either may
// be nil) at month.
func (d *seriesDeltas) org(before, after *coop.Organisation, month string) {
	if k, v, ok := contribution(before); ok {
		d.add(k, month, v, -1)
	}
	if k, v, ok := contribution(after); ok {
		d.add(k, month, v, 1)
	}
}

// firstMonth is the month an organisation starts to count: its founding
// month, else the month it is created (today).
func firstMonth(o *coop.Organisation, today string) string {
	if m := month(o.FoundedOn); m != "" {
		return m
	}
	return prefix(today, 7)
}

// applySeries moves an organisation's contribution in registry_series: a
// new one from its first month, a change from this month. applyRollup
// calls it.
func (tx *Tx) applySeries(ctx context.Context, before, after *coop.Organisation) error {
	m := prefix(tx.today, 7)
	if before == nil && after != nil {
		m = firstMonth(after, tx.today)
	}
	d := seriesDeltas{}
	d.org(before, after, m)
	return tx.addRows(ctx, seriesSpec, d.rows())
}

// SeriesFilter selects a registry series.
type SeriesFilter struct {
	Province string
	Kind     string
	Sector   string
	WIMRule  string // default: the active rule
	HFLRule  string
	From, To string // months YYYY-MM, inclusive; default 2023-01 to this month
	Step     string // "half" (default) or "year"
}

// SeriesPoint is the registry at the end of one period.
type SeriesPoint struct {
	Period           string `json:"period"` // "2025-H1" or "2025"
	End              string `json:"end"`    // last day of the period
	Orgs             int64  `json:"organisations"`
	WomenManaged     int64  `json:"women_managed"`
	HighFemaleLabour int64  `json:"high_female_labour"`
	MembersTotal     int64  `json:"members_total"`
	MembersFemale    int64  `json:"members_female"`
	WorkersTotal     int64  `json:"workers_total"`
	WorkersFemale    int64  `json:"workers_female"`
}

// seriesStart is where a series starts by default: Decision 01's first
// year.
const seriesStart = "2023-01"

// RegistrySeries returns the registry's figures at the end of each half
// year (or year) from From to To, scoped to the actor: a provincial actor
// sees its own province. It reads the monthly changes, never the
// organisation rows.
func (db *DB) RegistrySeries(ctx context.Context, actor coop.Actor, f SeriesFilter) ([]SeriesPoint, error) {
	if !coop.Can(actor, coop.PermRegistryRead) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem sổ đăng ký.")
	}
	province, err := actorProvince(actor, f.Province)
	if err != nil {
		return nil, err
	}
	f.Province = province
	wimCol, hflCol, err := db.ruleColumns(ctx, &f.WIMRule, &f.HFLRule)
	if err != nil {
		return nil, err
	}
	periods, err := seriesPeriods(f, prefix(db.today(), 7))
	if err != nil {
		return nil, err
	}
	// The grouped rows that answer the filter: detail rows when a sector is
	// asked (or a kind within a province), else the grouping kept for it.
	prov, kind, sector := allKey, allKey, allKey
	switch {
	case f.Sector != "" || (f.Kind != "" && f.Province != ""):
		prov, kind, sector = "", "", ""
	case f.Kind != "":
		kind = f.Kind
	case f.Province != "":
		prov = f.Province
	}
	where, args := []string{"month <= ?"}, []any{periods[len(periods)-1].lastMonth}
	for _, c := range []struct{ col, fixed, want string }{{"province", prov, f.Province}, {"kind", kind, f.Kind}, {"sector", sector, f.Sector}} {
		switch {
		case c.fixed != "":
			where, args = append(where, c.col+" = ?"), append(args, c.fixed)
		case c.want != "":
			where, args = append(where, c.col+" = ?"), append(args, c.want)
		default:
			where = append(where, c.col+" <> '"+allKey+"'")
		}
	}
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT month, SUM(orgs), SUM(`+wimCol+`), SUM(`+hflCol+`), SUM(members_total),
		SUM(members_female), SUM(workers_total), SUM(workers_female) FROM registry_series WHERE `+strings.Join(where, " AND ")+
		` GROUP BY month ORDER BY month`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: registry series: %w", err)
	}
	defer rows.Close()
	out := make([]SeriesPoint, len(periods))
	var run SeriesPoint
	i := 0
	for rows.Next() {
		var m string
		var d SeriesPoint
		if err := rows.Scan(&m, &d.Orgs, &d.WomenManaged, &d.HighFemaleLabour, &d.MembersTotal, &d.MembersFemale, &d.WorkersTotal, &d.WorkersFemale); err != nil {
			return nil, err
		}
		for i < len(periods) && m > periods[i].lastMonth {
			out[i] = run.at(periods[i])
			i++
		}
		dst, src := run.figures(), d.figures()
		addCounters(dst[:], src[:], 1)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for ; i < len(periods); i++ {
		out[i] = run.at(periods[i])
	}
	return out, nil
}

// figures lists the counts of the point.
func (p *SeriesPoint) figures() [7]*int64 {
	return [7]*int64{&p.Orgs, &p.WomenManaged, &p.HighFemaleLabour, &p.MembersTotal, &p.MembersFemale, &p.WorkersTotal, &p.WorkersFemale}
}

func (p SeriesPoint) at(s seriesPeriod) SeriesPoint {
	p.Period, p.End = s.label, s.end
	return p
}

type seriesPeriod struct{ label, lastMonth, end string }

// seriesPeriods lists the half years (or years) from f.From to f.To.
func seriesPeriods(f SeriesFilter, thisMonth string) ([]seriesPeriod, error) {
	from, to := seriesStart, thisMonth
	if f.From != "" {
		if from = month(f.From); from == "" {
			return nil, &coop.Error{Code: coop.EINVALID, Message: "Tháng bắt đầu không hợp lệ.", Fields: map[string]string{"from": "Nhập tháng dạng YYYY-MM."}}
		}
	}
	if f.To != "" {
		if to = month(f.To); to == "" {
			return nil, &coop.Error{Code: coop.EINVALID, Message: "Tháng kết thúc không hợp lệ.", Fields: map[string]string{"to": "Nhập tháng dạng YYYY-MM."}}
		}
	}
	if from > to {
		return nil, &coop.Error{Code: coop.EINVALID, Message: "Tháng bắt đầu phải trước tháng kết thúc.", Fields: map[string]string{"from": "Chọn tháng trước tháng kết thúc."}}
	}
	half := true
	switch f.Step {
	case "", "half":
	case "year":
		half = false
	default:
		return nil, &coop.Error{Code: coop.EINVALID, Message: "Bước thời gian phải là nửa năm hoặc năm.", Fields: map[string]string{"step": "Chọn “half” hoặc “year”."}}
	}
	y1, _ := strconv.Atoi(from[:4])
	y2, _ := strconv.Atoi(to[:4])
	if y2-y1 > 100 {
		return nil, &coop.Error{Code: coop.EINVALID, Message: "Khoảng thời gian quá dài (tối đa 100 năm).", Fields: map[string]string{"from": "Chọn khoảng ngắn hơn."}}
	}
	var out []seriesPeriod
	for y := y1; y <= y2; y++ {
		ys := fmt.Sprintf("%04d", y)
		if !half {
			out = append(out, seriesPeriod{ys, ys + "-12", ys + "-12-31"})
			continue
		}
		for _, h := range []seriesPeriod{{ys + "-H1", ys + "-06", ys + "-06-30"}, {ys + "-H2", ys + "-12", ys + "-12-31"}} {
			first := h.lastMonth[:5] + "01"
			if h.label[5:] == "H2" {
				first = h.lastMonth[:5] + "07"
			}
			if h.lastMonth >= from && first <= to {
				out = append(out, h)
			}
		}
	}
	return out, nil
}

// monthOf returns the YYYY-MM of t in Vietnam.
func monthOf(t time.Time) string { return t.In(vnZone).Format("2006-01") }
