package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"time"

	"htxnu/internal/coop"
)

// The national report consolidates, for one period, each province's
// figures: those of its APPROVED report (the last frozen version) or, when
// none is approved, the figures compiled live from its data, marked as such;
// plus the centre's own records (activities of VCA). Central staff write
// its narrative and issue it; once issued its table is frozen with it.

// consolidate builds the national table for the period over the window,
// from inputs read for every province (only "").
func (db *DB) consolidate(ctx context.Context, q queryer, p coop.Period, from, to string, in *compileInputs) (*coop.Consolidation, *compiled, error) {
	c, err := db.compileWith(ctx, q, in, from, to)
	if err != nil {
		return nil, nil, err
	}
	return db.consolidateCompiled(ctx, q, p, from, to, c)
}

// consolidateCompiled is consolidate from the provinces' live figures
// compiled in live, which it leaves as it was (the figures it returns are
// a copy, with the approved versions in place of the live ones).
func (db *DB) consolidateCompiled(ctx context.Context, q queryer, p coop.Period, from, to string, live *compiled) (*coop.Consolidation, *compiled, error) {
	c := *live
	c.figures = maps.Clone(live.figures)
	cond, args := "kind = ? AND period_key = ?", []any{p.Kind, p.Key("")}
	if !p.Periodic() {
		cond, args = "kind = ? AND window_from = ? AND window_to = ?", []any{p.Kind, from, to}
	}
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT id, province, status, version, window_from, window_to FROM reports
		WHERE province <> '' AND `+cond+` ORDER BY id`), args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: consolidate: %w", err)
	}
	type found struct {
		id         int64
		status     string
		version    int
		wfrom, wto string
	}
	reports := map[string]found{}
	for rows.Next() {
		var f found
		var prov string
		if err := rows.Scan(&f.id, &prov, &f.status, &f.version, &f.wfrom, &f.wto); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if _, seen := reports[prov]; !seen || f.status == coop.ReportApproved {
			reports[prov] = f
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	var sources []coop.ConsolidationSource
	for _, prov := range c.provinces {
		if prov == "" {
			continue
		}
		s := coop.ConsolidationSource{Province: prov, ProvinceName: coop.ProvinceName(prov), Label: "Số liệu trực tiếp, chưa có báo cáo"}
		if f, ok := reports[prov]; ok {
			s.ReportID, s.Status = f.id, f.status
			s.Label = "Số liệu trực tiếp, báo cáo chưa được phê duyệt (" + coop.ReportStatuses.Label(f.status) + ")"
			if f.status == coop.ReportApproved {
				v, err := db.reportVersion(ctx, q, f.id, f.version)
				if err != nil {
					return nil, nil, err
				}
				s.Approved, s.Version = true, f.version
				s.Label = "Đã phê duyệt (phiên bản " + strconv.Itoa(f.version) + ")"
				if f.wfrom != from || f.wto != to {
					s.Label += fmt.Sprintf(", kỳ số liệu %s–%s", coop.FormatDateVN(f.wfrom), coop.FormatDateVN(f.wto))
				}
				c.figures[prov] = v.Figures
			}
		}
		sources = append(sources, s)
	}
	return c.national(sources), &c, nil
}

// NationalTable is the national picture of a period: the consolidated
// figures by province with where each province's come from, and VCA's
// national report for the period once opened.
type NationalTable struct {
	coop.Period
	Name          string              `json:"name"`
	Convention    string              `json:"convention"`
	WindowFrom    string              `json:"window_from"`
	WindowTo      string              `json:"window_to"`
	Deadline      string              `json:"deadline"`
	Scope         string              `json:"scope"`            // "" national; a province code when the reader sees one province only
	Report        *ReportItem         `json:"report,omitempty"` // VCA's national report for the period
	Source        string              `json:"source"`           // "live", or "frozen" once the national report is issued
	CompiledAt    time.Time           `json:"compiled_at"`
	Consolidation *coop.Consolidation `json:"consolidation"`
}

// NationalReport returns the consolidated table of the period. A
// provincial account sees its own province's column only (and totals of
// what it sees). Once VCA's national report for the period is issued, the
// table is the one frozen with it.
func (db *DB) NationalReport(ctx context.Context, actor coop.Actor, p coop.Period) (*NationalTable, error) {
	if !coop.Can(actor, coop.PermReportRead) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem báo cáo.")
	}
	if p.Kind == "" {
		p = DefaultPeriod(db.today())
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		return nil, err
	}
	out := &NationalTable{Period: p, Name: p.Name(""), Source: "live", CompiledAt: db.now().UTC()}
	r, err := scanReport(db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT `+reportColumns+` FROM reports WHERE province = '' AND kind = ? AND period_key = ?`),
		p.Kind, p.Key("")))
	switch {
	case errors.Is(err, sql.ErrNoRows) || (err == nil && !p.Periodic()):
		tpl, err := db.reportTemplate(ctx, db.read(ctx), p.Kind)
		if err != nil {
			return nil, err
		}
		out.Convention = tpl.Convention
		out.WindowFrom, out.WindowTo = p.Window(tpl.Convention)
		out.Deadline = coop.Deadline(out.WindowTo, tpl.NationalDays)
	case err != nil:
		return nil, fmt.Errorf("store: national report: %w", err)
	default:
		out.Convention, out.WindowFrom, out.WindowTo, out.Deadline = r.Convention, r.WindowFrom, r.WindowTo, r.Deadline
		if actor.National() {
			it := reportItem(r, db.today())
			out.Report = &it
		}
		if !r.Editable() {
			v, err := db.reportVersion(ctx, db.read(ctx), r.ID, r.Version)
			if err != nil {
				return nil, err
			}
			out.Source, out.CompiledAt, out.Consolidation = "frozen", v.FrozenAt, v.Consolidation
		}
	}
	if out.Consolidation == nil {
		// The live consolidation compiles every province's data: computed
		// once per generation of the figures it reads and shared by every
		// reader. The compilation moves with the organisations and the
		// activities alone (report_compile.go), the consolidation with the
		// reports too (a province's approved version replaces its live
		// figures): a report's move consolidates again without compiling.
		fg, err := db.FamilyGenerations(ctx, "")
		if err != nil {
			return nil, err
		}
		cgen, gen := fg.Of(FamilyRegistry, FamilyActivity), fg.Of(FamilyRegistry, FamilyActivity, FamilyReport)
		key := p.Kind + "|" + p.Key("") + "|" + out.WindowFrom + "|" + out.WindowTo
		cons, ok := db.national.cons.get(key, gen)
		if !ok {
			c, ok := db.national.compiled.get(key, cgen)
			if !ok {
				in, err := db.compileInputs(ctx, db.read(ctx), "", out.WindowTo)
				if err != nil {
					return nil, err
				}
				if c, err = db.compileWith(ctx, db.read(ctx), in, out.WindowFrom, out.WindowTo); err != nil {
					return nil, err
				}
				db.national.compiled.put(key, cgen, c)
			}
			if cons, _, err = db.consolidateCompiled(ctx, db.read(ctx), p, out.WindowFrom, out.WindowTo, c); err != nil {
				return nil, err
			}
			db.national.cons.put(key, gen, cons)
		}
		out.Consolidation = cons
	}
	if !actor.National() {
		out.Scope = actor.Province
		out.Consolidation = scopeConsolidation(out.Consolidation, actor.Province)
	}
	return out, nil
}

// scopeConsolidation keeps one province's column, its source and totals of
// it alone.
func scopeConsolidation(c *coop.Consolidation, province string) *coop.Consolidation {
	var sources []coop.ConsolidationSource
	for _, s := range c.Sources {
		if s.Province == province {
			sources = append(sources, s)
		}
	}
	out := &coop.Consolidation{Sources: sources, Figures: []coop.ConsolidatedFigure{}}
	for _, s := range sources {
		if s.Approved {
			out.Approved++
		}
	}
	for _, f := range c.Figures {
		g := f
		g.ByProvince = map[string]int64{}
		g.Central, g.Value, g.Num, g.Den, g.Target = 0, 0, 0, 0, nil
		if v, ok := f.ByProvince[province]; ok {
			g.ByProvince[province], g.Value = v, v
		}
		out.Figures = append(out.Figures, g)
	}
	return out
}

// DefaultPeriod is the periodic report most recently due on the day: the
// annual report from mid-December, the six-monthly one from mid-June.
func DefaultPeriod(today string) coop.Period {
	year, _ := strconv.Atoi(today[:4])
	switch {
	case year > coop.LastReportYear:
		return coop.Period{Kind: coop.ReportAnnual, Year: coop.LastReportYear}
	case year < coop.FirstReportYear || (year == coop.FirstReportYear && today[5:] < "06-15"):
		return coop.Period{Kind: coop.ReportSixMonthly, Year: coop.FirstReportYear, Half: 1}
	case today[5:] >= "12-15":
		return coop.Period{Kind: coop.ReportAnnual, Year: year}
	case today[5:] >= "06-15":
		return coop.Period{Kind: coop.ReportSixMonthly, Year: year, Half: 1}
	}
	return coop.Period{Kind: coop.ReportAnnual, Year: year - 1}
}
