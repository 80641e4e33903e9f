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

func reportFilterOf(q url.Values) store.ReportFilter {
	f := store.ReportFilter{Province: q.Get("province"), Kind: q.Get("kind"), Status: q.Get("status"), Sort: q.Get("sort")}
	f.Year, _ = strconv.Atoi(q.Get("year"))
	f.Page, _ = strconv.Atoi(q.Get("page"))
	if q.Get("tab") == "review" {
		f.Status = coop.ReportSubmitted
	}
	return f
}

func (s *Server) reportList(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	q := r.URL.Query()
	if q.Get("tab") == "" && coop.Can(a, coop.PermReportReview) && a.National() && len(q) == 0 {
		q.Set("tab", "review") // central staff start with what waits for them
	}
	f := reportFilterOf(q)
	page, err := s.db.Reports(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"Page": page, "Query": q, "Filter": f, "Tab": q.Get("tab"),
		"Reviewer": coop.Can(a, coop.PermReportReview) && a.National(), "Years": reportYears()}
	if a.Province != "" && coop.Can(a, coop.PermReportWrite) {
		data["Next"] = store.DefaultPeriod(coop.Today())
	}
	s.render(w, r, "report_list", data)
}

func reportYears() []int {
	var ys []int
	for y := coop.LastReportYear; y >= coop.FirstReportYear; y-- {
		ys = append(ys, y)
	}
	return ys
}

// reportFromForm reads the period of a new report from a form or a query.
func reportFromForm(v url.Values) *coop.Report {
	rep := &coop.Report{Province: strings.TrimSpace(v.Get("province")), Title: v.Get("title"), Convention: v.Get("convention"),
		Period: coop.Period{Kind: v.Get("kind"), Phase: v.Get("phase"), From: v.Get("from"), To: v.Get("to")}}
	rep.Year, _ = strconv.Atoi(v.Get("year"))
	rep.Half, _ = strconv.Atoi(v.Get("half"))
	return rep
}

func (s *Server) reportNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("kind") == "" {
		p := store.DefaultPeriod(coop.Today())
		q.Set("kind", p.Kind)
		q.Set("year", strconv.Itoa(p.Year))
	}
	s.renderReportNew(w, r, http.StatusOK, q, nil)
}

// renderReportNew shows the form with the window and deadline the period
// would have under its convention (the template's by default).
func (s *Server) renderReportNew(w http.ResponseWriter, r *http.Request, code int, v url.Values, err error) {
	a := actor(r)
	rep := reportFromForm(v)
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
				if v.Get("convention") == "" {
					data["DefaultConvention"] = t.Convention
				}
			}
		}
	}
	if code != http.StatusOK {
		w.WriteHeader(code)
	}
	s.render(w, r, "report_new", data)
}

func (s *Server) reportCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, coop.Errorf(coop.EINVALID, "Không đọc được dữ liệu biểu mẫu."))
		return
	}
	if r.PostFormValue("action") == "preview" {
		s.renderReportNew(w, r, http.StatusOK, r.PostForm, nil)
		return
	}
	a := actor(r)
	rep := reportFromForm(r.PostForm)
	if rep.Province == "" {
		rep.Province = a.Province
	}
	if rep.Province == "" {
		s.renderReportNew(w, r, http.StatusUnprocessableEntity, r.PostForm, &coop.Error{Code: coop.EINVALID,
			Message: "Chọn tỉnh, thành phố của báo cáo.", Fields: map[string]string{"province": "Chọn tỉnh, thành phố."}})
		return
	}
	if err := s.db.CreateReport(r.Context(), a, rep); err != nil {
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
