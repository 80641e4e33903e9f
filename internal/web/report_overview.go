package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// The pages over many reports: the calendar of what each province owes,
// the reporting rates, and the national consolidation of a period.

// calendarRow is one province's line of the calendar: its expected
// reports in the order of the year's periods.
type calendarRow struct {
	Province, Name string
	Cells          []*store.CalendarEntry
}

func (s *Server) reportCalendar(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	year, qerr := queryInt(r.URL.Query(), "year")
	entries, err := s.db.ReportCalendar(r.Context(), a, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if year == 0 {
		year = thisYear()
		if year < coop.FirstReportYear {
			year = coop.FirstReportYear
		} else if year > coop.LastReportYear {
			year = coop.LastReportYear
		}
	}
	periods := coop.ExpectedPeriods(year)
	var rows []calendarRow
	index := map[string]int{}
	var others []store.CalendarEntry
	for i := range entries {
		e := &entries[i]
		col := -1
		for j, p := range periods {
			if e.Kind == p.Kind && e.Key("") == p.Key("") {
				col = j
			}
		}
		if col < 0 {
			others = append(others, *e)
			continue
		}
		k, ok := index[e.Province]
		if !ok {
			k = len(rows)
			index[e.Province] = k
			rows = append(rows, calendarRow{Province: e.Province, Name: e.ProvinceName, Cells: make([]*store.CalendarEntry, len(periods))})
		}
		rows[k].Cells[col] = e
	}
	// Provinces in code order, VCA's national report last.
	sorted := make([]calendarRow, 0, len(rows))
	for _, p := range coop.Provinces() {
		if k, ok := index[p.Code]; ok {
			sorted = append(sorted, rows[k])
		}
	}
	if k, ok := index[""]; ok {
		sorted = append(sorted, rows[k])
	}
	var names []string
	for _, p := range periods {
		names = append(names, p.Name(""))
	}
	s.renderQueried(w, r, qerr, "report_calendar", map[string]any{"Year": year, "Years": reportYears(), "Periods": names,
		"Rows": sorted, "Others": others, "Entries": entries})
}

func (s *Server) reportRates(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	q := r.URL.Query()
	year, qerr := queryInt(q, "year")
	f := store.RatesFilter{Year: year, Kind: q.Get("kind"), Province: q.Get("province")}
	res, err := s.db.ReportingRates(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderQueried(w, r, qerr, "report_rates", map[string]any{"R": res, "Filter": f, "Years": reportYears()})
}

// reportListURL is the reports list filtered as the rates page counts.
func reportListURL(province, kind string, year int, status string) string {
	return link("/reports", "tab", "all", "province", province, "kind", kind, "year", strconv.Itoa(year), "status", status)
}

// periodOf reads a period (kind, year, half, phase) from a query.
func periodOf(q url.Values) (coop.Period, error) {
	n, err := queryInts(q, "year", "half")
	if err != nil {
		return coop.Period{}, err
	}
	return coop.Period{Kind: q.Get("kind"), Year: n[0], Half: n[1], Phase: q.Get("phase")}, nil
}

func (s *Server) reportNational(w http.ResponseWriter, r *http.Request) {
	p, err := periodOf(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderNational(w, r, http.StatusOK, p, nil)
}

func (s *Server) renderNational(w http.ResponseWriter, r *http.Request, code int, p coop.Period, failed error) {
	t, err := s.db.NationalReport(r.Context(), actor(r), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The periods to choose from: those begun by this year, newest first.
	this := thisYear()
	var periods []coop.Period
	for _, y := range reportYears() {
		if y <= this || y == coop.FirstReportYear {
			periods = append(periods, coop.ExpectedPeriods(y)...)
		}
	}
	data := map[string]any{"T": t, "Periods": periods, "Selected": t.Key("")}
	if failed != nil {
		data["Error"] = coop.ErrorMessage(failed)
	}
	if code != http.StatusOK {
		w.WriteHeader(code)
	}
	s.render(w, r, "report_national", data)
}

// reportNationalCreate opens VCA's national report for a period.
func (s *Server) reportNationalCreate(w http.ResponseWriter, r *http.Request) {
	rep, p := reportFromForm(r.PostForm)
	rep.Province = ""
	err := formErr(p)
	if err == nil {
		err = s.db.CreateReport(r.Context(), actor(r), rep)
	}
	if err != nil {
		switch coop.ErrorCode(err) {
		case coop.EINVALID, coop.ECONFLICT:
			s.renderNational(w, r, status(err), rep.Period, err)
		default:
			s.fail(w, r, err)
		}
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/reports/%d?done=created", rep.ID), http.StatusSeeOther)
}

// reportSaveURL is where a report's narrative and override forms post: a
// province's report to its own address, VCA's national report to the
// reviewers' one.
func reportSaveURL(national bool, id int64) string {
	if national {
		return fmt.Sprintf("/reports/national/%d/save", id)
	}
	return fmt.Sprintf("/reports/%d", id)
}
