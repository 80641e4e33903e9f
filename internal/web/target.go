package web

import (
	"fmt"
	"net/http"
	"net/url"

	"htxnu/internal/coop"
)

// milestoneOf reads the milestone in v: 2030 when there is none or it is
// not a milestone; one that is not a number is also an error.
func milestoneOf(v url.Values) (int, error) {
	m, err := queryInt(v, "milestone")
	if !coop.ValidMilestone(m) {
		m = 2030
	}
	return m, err
}

func (s *Server) targetsPage(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	province := r.URL.Query().Get("province")
	ov, err := s.db.Targets(r.Context(), a, province)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "targets", map[string]any{"Overview": ov, "Flash": flash(targetFlash, r)})
}

var targetFlash = map[string]string{
	"national":  "Đã lưu chỉ tiêu toàn quốc.",
	"allocated": "Đã lưu chỉ tiêu giao cho các tỉnh, thành phố.",
	"proposed":  "Đã gửi đề xuất chỉ tiêu. Trung ương sẽ xem xét.",
	"accepted":  "Đã chấp nhận đề xuất của tỉnh.",
	"rejected":  "Đã không chấp nhận đề xuất; giữ chỉ tiêu đã giao.",
}

// targetPage shows one indicator: its national values, the allocation of
// every province for a milestone against the national value, proposals, and
// the forms the actor may use.
func (s *Server) targetPage(w http.ResponseWriter, r *http.Request) {
	s.showTarget(w, r, http.StatusOK, nil, nil)
}

func (s *Server) showTarget(w http.ResponseWriter, r *http.Request, code int, form url.Values, fail error) {
	a := actor(r)
	ind, err := s.db.Indicator(r.Context(), a, r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	milestone, qerr := milestoneOf(r.URL.Query())
	if form != nil && form.Get("milestone") != "" {
		milestone, _ = milestoneOf(form) // the write names a malformed one
	}
	allocs, err := s.db.Allocations(r.Context(), a, ind.Code, milestone)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sum, err := s.db.AllocationSummary(r.Context(), a, ind.Code, milestone)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	actuals, err := s.db.IndicatorsAsOfByProvince(r.Context(), a, coop.Today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{
		"Ind": ind, "Milestone": milestone, "Allocations": allocs, "Sum": sum, "Actuals": actuals, "Form": form,
		"CanManage":  coop.Can(a, coop.PermTargetsManage) && a.National(),
		"CanPropose": coop.Can(a, coop.PermTargetsPropose) && a.Province != "",
		"Flash":      flash(targetFlash, r),
	}
	if fail != nil {
		data["Error"], data["Errors"] = coop.ErrorMessage(fail), coop.ErrorFields(fail)
	}
	if qerr != nil {
		data["QueryError"], code = coop.ErrorMessage(qerr), status(qerr)
	}
	s.renderCode(w, r, code, "target_edit", data)
}

// formFail re-renders the indicator page with what was typed on input
// errors; other errors go to the error page.
func (s *Server) targetFormFail(w http.ResponseWriter, r *http.Request, err error) {
	switch coop.ErrorCode(err) {
	case coop.EINVALID, coop.ECONFLICT:
		s.showTarget(w, r, status(err), r.PostForm, err)
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) targetUpdate(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	p := coop.Problems{}
	version := wholeNumber(p, "version", r.PostFormValue("version"))
	t25, ok25 := parseAmount(r.PostFormValue("target_2025"))
	t30, ok30 := parseAmount(r.PostFormValue("target_2030"))
	if !ok25 || !ok30 || len(p) > 0 {
		if !ok25 {
			p.Add("target_2025", "Nhập một số nguyên.")
		}
		if !ok30 {
			p.Add("target_2030", "Nhập một số nguyên.")
		}
		s.targetFormFail(w, r, p.Err())
		return
	}
	if _, err := s.db.UpdateIndicator(r.Context(), actor(r), code, version, t25, t30); err != nil {
		s.targetFormFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/targets/"+url.PathEscape(code)+"?done=national", http.StatusSeeOther)
}

// targetAct takes an action posted from an indicator's page on the
// milestone the form names: do, given the indicator's code, the milestone
// and the problems found in reading the form so far, answers the done code
// (and anchor) the page comes back with. Refused, the page shows again
// with the messages (see targetFormFail).
func (s *Server) targetAct(w http.ResponseWriter, r *http.Request, do func(code string, milestone int, p coop.Problems) (string, error)) {
	code := r.PathValue("code")
	p := coop.Problems{}
	milestone := int(wholeNumber(p, "milestone", r.PostFormValue("milestone")))
	done, err := do(code, milestone, p)
	if err != nil {
		s.targetFormFail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/targets/%s?milestone=%d&done=%s", url.PathEscape(code), milestone, done), http.StatusSeeOther)
}

func (s *Server) targetAllocate(w http.ResponseWriter, r *http.Request) {
	s.targetAct(w, r, func(code string, milestone int, p coop.Problems) (string, error) {
		values := map[string]*int64{}
		for _, pr := range coop.Provinces() {
			k := "value_" + pr.Code
			if _, sent := r.PostForm[k]; !sent {
				continue
			}
			v, ok := parseAmount(r.PostFormValue(k))
			if !ok {
				p.Add("values."+pr.Code, "Nhập một số nguyên.")
				continue
			}
			values[pr.Code] = v
		}
		if len(p) > 0 {
			// Say everything wrong at once: the values that are not numbers,
			// and those out of range among the rest.
			if ind, err := s.db.Indicator(r.Context(), actor(r), code); err == nil {
				for prov, v := range values {
					if v == nil {
						continue
					}
					if m := coop.ValidateTargetValue(*ind, v); m != "" {
						p.Add("values."+prov, m)
					}
				}
			}
			return "", p.Err()
		}
		return "allocated#allocations", s.db.SetAllocations(r.Context(), actor(r), code, milestone, values)
	})
}

func (s *Server) targetPropose(w http.ResponseWriter, r *http.Request) {
	s.targetAct(w, r, func(code string, milestone int, p coop.Problems) (string, error) {
		v, ok := parseAmount(r.PostFormValue("proposed_value"))
		if !ok || v == nil {
			p.Add("value", "Nhập chỉ tiêu đề xuất (số nguyên).")
		}
		err := formErr(p)
		if err == nil {
			_, err = s.db.ProposeAllocation(r.Context(), actor(r), code, milestone, r.PostFormValue("province"), *v, r.PostFormValue("note"))
		}
		return "proposed", err
	})
}

func (s *Server) targetDecide(w http.ResponseWriter, r *http.Request) {
	s.targetAct(w, r, func(code string, milestone int, p coop.Problems) (string, error) {
		version := wholeNumber(p, "version", r.PostFormValue("version"))
		if err := formErr(p); err != nil {
			return "", err
		}
		province := r.PostFormValue("province")
		if r.PostFormValue("decision") == "reject" {
			_, err := s.db.RejectProposal(r.Context(), actor(r), code, milestone, province, version)
			return "rejected#allocations", err
		}
		_, err := s.db.AcceptProposal(r.Context(), actor(r), code, milestone, province, version)
		return "accepted#allocations", err
	})
}

// API.

func (s *Server) apiTargets(w http.ResponseWriter, r *http.Request) {
	ov, err := s.db.Targets(r.Context(), actor(r), r.URL.Query().Get("province"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": ov.Items, "total": len(ov.Items), "province": ov.Province, "women_managed_rule": ov.Rule})
}

func (s *Server) apiAllocations(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	milestone, err := milestoneOf(r.URL.Query())
	var allocs []coop.Allocation
	if err == nil {
		allocs, err = s.db.Allocations(r.Context(), actor(r), code, milestone)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sum, err := s.db.AllocationSummary(r.Context(), actor(r), code, milestone)
	s.reply(w, r, http.StatusOK, map[string]any{"items": allocs, "total": len(allocs), "sum": sum}, err)
}

func (s *Server) apiTargetUpdate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Version    int64  `json:"version"`
		Target2025 *int64 `json:"target_2025"`
		Target2030 *int64 `json:"target_2030"`
	}
	err := decodeJSON(r, &in)
	var ind *coop.Indicator
	if err == nil {
		ind, err = s.db.UpdateIndicator(r.Context(), actor(r), r.PathValue("code"), in.Version, in.Target2025, in.Target2030)
	}
	s.reply(w, r, http.StatusOK, ind, err)
}

func (s *Server) apiAllocate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Milestone int               `json:"milestone"`
		Values    map[string]*int64 `json:"values"`
	}
	code := r.PathValue("code")
	err := decodeJSON(r, &in)
	if err == nil {
		err = s.db.SetAllocations(r.Context(), actor(r), code, in.Milestone, in.Values)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sum, err := s.db.AllocationSummary(r.Context(), actor(r), code, in.Milestone)
	s.reply(w, r, http.StatusOK, map[string]any{"sum": sum}, err)
}

func (s *Server) apiPropose(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Milestone int    `json:"milestone"`
		Province  string `json:"province"`
		Value     *int64 `json:"value"`
		Note      string `json:"note"`
	}
	err := decodeJSON(r, &in)
	if err == nil && in.Value == nil {
		err = (coop.Problems{"value": "Nhập chỉ tiêu đề xuất."}).Err()
	}
	var a *coop.Allocation
	if err == nil {
		a, err = s.db.ProposeAllocation(r.Context(), actor(r), r.PathValue("code"), in.Milestone, in.Province, *in.Value, in.Note)
	}
	s.reply(w, r, http.StatusCreated, a, err)
}

func (s *Server) apiDecide(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Milestone int    `json:"milestone"`
		Province  string `json:"province"`
		Version   int64  `json:"version"`
		Decision  string `json:"decision"` // accept or reject
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	decide := s.db.AcceptProposal
	switch in.Decision {
	case "accept", "":
	case "reject":
		decide = s.db.RejectProposal
	default:
		s.fail(w, r, (coop.Problems{"decision": "Chọn accept hoặc reject."}).Err())
		return
	}
	a, err := decide(r.Context(), actor(r), r.PathValue("code"), in.Milestone, in.Province, in.Version)
	s.reply(w, r, http.StatusOK, a, err)
}
