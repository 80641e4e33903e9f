package web

import (
	"context"
	"html/template"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// A report period on the dashboard: the window of the six-monthly or
// annual report under Decree 09/2019 (15/12 of the previous year to 14/06
// or 14/12). Its support activities and loans are the report's own
// figures, compiled over the window's days as the report compiles them,
// and the registry is read as of the window's last day, so the dashboard
// and the report of the period say the same.

// reachOf returns the figures of support activities over the dashboard's
// window: from the monthly rollups, or for a report period from the
// report's compilation of its days.
func (s *Server) reachOf(ctx context.Context, a coop.Actor, d *dashboard) (*store.ReachResult, error) {
	f := d.Filter
	if f.WindowFrom == "" {
		return s.db.ReachSummary(ctx, a, store.ReachFilter{Province: d.Province, From: f.From, To: f.To})
	}
	c, err := s.db.CompileReport(ctx, a, d.Province, f.WindowFrom, f.WindowTo)
	if err != nil {
		return nil, err
	}
	fig := map[string]int64{}
	for _, x := range c.Figures {
		fig[x.Key] = x.Value
	}
	row := func(key, label, prefix string) store.ReachRow {
		return store.ReachRow{Key: key, Label: label, Activities: fig[prefix+".count"], ParticipantsTotal: fig[prefix+".participants_total"],
			ParticipantsFemale: fig[prefix+".participants_female"], Organisations: fig[prefix+".organisations"]}
	}
	res := &store.ReachResult{From: f.WindowFrom, To: f.WindowTo, ByType: []store.ReachRow{}}
	for _, t := range coop.ActivityTypes {
		if r := row(t.Code, t.Label, "activities."+t.Code); r.Activities > 0 {
			res.ByType = append(res.ByType, r)
		}
	}
	res.Total = row("total", "Tổng cộng", "activities.total")
	res.Total.Loans, res.Total.LoanAmount = fig["loans.count"], fig["loans.amount"]
	return res, nil
}

// windowDays returns the days an activity list link covers for the months
// from–to: the report window's days when they are the window's months.
func (f dashFilter) windowDays(from, to string) (string, string) {
	if f.WindowFrom != "" && from == f.From && to == f.To {
		return f.WindowFrom, f.WindowTo
	}
	return firstDay(from), lastDay(to)
}

// reportWindowRegistry reads the registry of a report period as of the
// window's last day, as the report does, unless a day was chosen or the
// window has not closed.
func (d *dashboard) reportWindowRegistry(today string) {
	f := &d.Filter
	if f.WindowTo != "" && f.AsOf == "" && f.WindowTo < today {
		f.AsOf, f.windowAsOf = f.WindowTo, true
	}
}

// dashboardWindowFuncs are the template functions of this file.
func dashboardWindowFuncs() template.FuncMap {
	fm := template.FuncMap{}
	// dashAsOfChosen is the registry day the reader chose, for the form.
	fm["dashAsOfChosen"] = func(f dashFilter) string {
		if f.windowAsOf {
			return ""
		}
		return f.AsOf
	}
	return fm
}
