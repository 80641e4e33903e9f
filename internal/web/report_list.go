package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// The list of reports, and opening a draft.

func reportFilterOf(q url.Values) (store.ReportFilter, error) {
	f := store.ReportFilter{Province: q.Get("province"), Kind: q.Get("kind"), Status: q.Get("status"), Sort: q.Get("sort")}
	n := numbersOf(q)
	f.Year, f.Page, f.PerPage = n.int("year"), n.int("page"), n.int("per_page")
	if q.Get("tab") == "review" {
		f.Status = coop.ReportSubmitted
	}
	return f, n.err()
}

func (s *Server) reportList(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	q := r.URL.Query()
	if q.Get("tab") == "" && coop.Can(a, coop.PermReportReview) && a.National() && len(q) == 0 {
		q.Set("tab", "review") // central staff start with what waits for them
	}
	f, qerr := reportFilterOf(q)
	page, err := s.db.Reports(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"Page": page, "Query": q, "Filter": f, "Tab": q.Get("tab"),
		"Reviewer": coop.Can(a, coop.PermReportReview) && a.National(), "Years": reportYears()}
	if a.Province != "" {
		if next, err := s.nextReport(r, a); err == nil {
			data["Next"] = next
		}
	}
	s.renderQueried(w, r, qerr, "report_list", data)
}

// dueReport is the report a province owes next: the period, its window
// and deadline, and the report when it is already open.
type dueReport struct {
	coop.Period
	Name               string
	From, To, Deadline string
	ID                 int64 // 0 while nobody has opened it
	Status             string
	StatusLabel        string
	CanOpen            bool // the reader may open the draft
}

// nextReport finds the report the reader's province owes next.
func (s *Server) nextReport(r *http.Request, a coop.Actor) (*dueReport, error) {
	p := store.DefaultPeriod(coop.Today())
	p.Normalize()
	d := &dueReport{Period: p, Name: p.Name(""), CanOpen: coop.Can(a, coop.PermReportWrite)}
	if tpls, err := s.db.ReportTemplates(r.Context(), a); err == nil {
		for _, t := range tpls {
			if t.Kind == p.Kind {
				d.From, d.To = p.Window(t.Convention)
				d.Deadline = coop.Deadline(d.To, t.Days(coop.LevelProvince))
			}
		}
	}
	if it, err := s.existingReport(r, a, &coop.Report{Province: a.Province, Period: p}); err != nil {
		return nil, err
	} else if it != nil {
		d.ID, d.Status, d.StatusLabel, d.From, d.To, d.Deadline = it.ID, it.Status, it.StatusLabel, it.WindowFrom, it.WindowTo, it.Deadline
	}
	return d, nil
}

// existingReport finds the report of the same province and period as rep,
// or nil.
func (s *Server) existingReport(r *http.Request, a coop.Actor, rep *coop.Report) (*store.ReportItem, error) {
	p := rep.Period
	p.Normalize()
	province := rep.Province
	if province == "" {
		province = store.ProvinceNational
	}
	key := p.Key(rep.Title)
	for page := 1; page <= 20; page++ {
		res, err := s.db.Reports(r.Context(), a, store.ReportFilter{Province: province, Kind: p.Kind, Year: p.Year, Page: page, PerPage: 100})
		if err != nil {
			return nil, err
		}
		for i := range res.Items {
			it := &res.Items[i]
			if it.Period.Key(it.Title) == key {
				return it, nil
			}
		}
		if page >= res.Pages() {
			break
		}
	}
	return nil, nil
}

func reportYears() []int {
	var ys []int
	for y := coop.LastReportYear; y >= coop.FirstReportYear; y-- {
		ys = append(ys, y)
	}
	return ys
}

// reportFromForm reads the period of a new report from a form or a query;
// a year or half that is not a number is a problem returned apart.
func reportFromForm(v url.Values) (*coop.Report, coop.Problems) {
	rep := &coop.Report{Province: strings.TrimSpace(v.Get("province")), Title: v.Get("title"), Convention: v.Get("convention"),
		Period: coop.Period{Kind: v.Get("kind"), Phase: v.Get("phase"), From: v.Get("from"), To: v.Get("to")}}
	p := coop.Problems{}
	rep.Year = int(wholeNumber(p, "year", v.Get("year")))
	rep.Half = int(wholeNumber(p, "half", v.Get("half")))
	return rep, p
}

func (s *Server) reportNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("kind") == "" {
		p := store.DefaultPeriod(coop.Today())
		q.Set("kind", p.Kind)
		q.Set("year", strconv.Itoa(p.Year))
	}
	if _, p := reportFromForm(q); len(p) > 0 {
		s.renderReportNew(w, r, http.StatusBadRequest, q, formErr(p))
		return
	}
	s.renderReportNew(w, r, http.StatusOK, q, nil)
}

// renderReportNew shows the form with the window and deadline the period
// would have under its convention (the template's by default).
func (s *Server) renderReportNew(w http.ResponseWriter, r *http.Request, code int, v url.Values, err error) {
	a := actor(r)
	rep, _ := reportFromForm(v) // the caller names a malformed number
	if rep.Province == "" {
		rep.Province = a.Province
	}
	data := map[string]any{"Form": v, "Errors": coop.ErrorFields(err), "Years": reportYears(), "Province": rep.Province}
	if err != nil {
		data["Error"] = coop.ErrorMessage(err)
	}
	p := rep.Period
	p.Normalize()
	if tpls, terr := s.db.ReportTemplates(r.Context(), a); terr == nil && p.Validate() == nil {
		for _, t := range tpls {
			if t.Kind == p.Kind {
				conv := rep.Convention
				if conv == "" {
					conv = t.Convention
				}
				from, to := p.Window(conv)
				data["Preview"] = map[string]any{"Name": p.Name(rep.Title), "From": from, "To": to, "Convention": conv,
					"Deadline": coop.Deadline(to, t.Days(coop.LevelProvince)), "Days": t.Days(coop.LevelProvince)}
				if rep.Province != "" {
					if it, ferr := s.existingReport(r, a, rep); ferr == nil && it != nil {
						data["Existing"] = it
					}
				}
				if v.Get("convention") == "" {
					data["DefaultConvention"] = t.Convention
				}
			}
		}
	}
	s.renderCode(w, r, code, "report_new", data)
}

func (s *Server) reportCreate(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("action") == "preview" {
		s.renderReportNew(w, r, http.StatusOK, r.PostForm, nil)
		return
	}
	a := actor(r)
	rep, p := reportFromForm(r.PostForm)
	if err := formErr(p); err != nil {
		s.renderReportNew(w, r, status(err), r.PostForm, err)
		return
	}
	if rep.Province == "" {
		rep.Province = a.Province
	}
	if rep.Province == "" {
		s.renderReportNew(w, r, http.StatusUnprocessableEntity, r.PostForm, &coop.Error{Code: coop.EINVALID,
			Message: "Chọn tỉnh, thành phố của báo cáo.", Fields: map[string]string{"province": "Chọn tỉnh, thành phố."}})
		return
	}
	if err := s.db.CreateReport(r.Context(), a, rep); err != nil {
		if coop.ErrorCode(err) == coop.ECONFLICT {
			// The report is already open: go to it rather than stop at
			// the error.
			if it, ferr := s.existingReport(r, a, rep); ferr == nil && it != nil {
				http.Redirect(w, r, fmt.Sprintf("/reports/%d?done=exists", it.ID), http.StatusSeeOther)
				return
			}
		}
		switch coop.ErrorCode(err) {
		case coop.EINVALID, coop.ECONFLICT, coop.EFORBIDDEN:
			s.renderReportNew(w, r, status(err), r.PostForm, err)
		default:
			s.fail(w, r, err)
		}
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/reports/%d?done=created", rep.ID), http.StatusSeeOther)
}
