package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// activityFilter reads the list filters from a query string (page and API).
func activityFilter(q url.Values) (store.ActivityFilter, error) {
	f := store.ActivityFilter{
		Type: q.Get("type"), Province: q.Get("province"), Q: q.Get("q"),
		From: coop.ParseDateVN(q.Get("from")), To: coop.ParseDateVN(q.Get("to")),
		Archived: q.Get("archived") == "1" || q.Get("archived") == "true",
		// Drill-down from T3, T4 and the loans (see store.ActivityFilter).
		HasJobsWomen: strings.ToUpper(q.Get("jobs")),
		Loans:        q.Get("loans") == "1" || q.Get("loans") == "true",
	}
	n := numbersOf(q)
	f.TaskID, f.OrganisationID = n.int64("task_id"), n.int64("organisation_id")
	f.Page, f.PerPage = n.int("page"), n.int("per_page")
	return f, n.err()
}

func reachFilter(q url.Values) store.ReachFilter {
	return store.ReachFilter{Province: q.Get("province"), Type: q.Get("type"),
		From: coop.ParseDateVN(q.Get("from")), To: coop.ParseDateVN(q.Get("to"))}
}

func (s *Server) activityList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, qerr := activityFilter(q)
	if f.PerPage == 0 {
		f.PerPage = 25
	}
	a := actor(r)
	page, err := s.db.Activities(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reach, err := s.db.ReachSummary(r.Context(), a, reachFilter(q))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var chips []drillChip
	var keep []url.Values
	switch f.HasJobsWomen {
	case coop.KindHTX:
		chips = append(chips, drillChip{"T3 – hoạt động có việc làm cho lao động nữ trong HTX: " + coop.FormatInt(page.JobsWomenHTX) + " việc làm",
			"/activities" + without(q, "jobs")})
		keep = append(keep, url.Values{"jobs": {f.HasJobsWomen}})
	case coop.KindTHT:
		chips = append(chips, drillChip{"T4 – hoạt động có việc làm cho lao động nữ trong tổ hợp tác: " + coop.FormatInt(page.JobsWomenTHT) + " việc làm",
			"/activities" + without(q, "jobs")})
		keep = append(keep, url.Values{"jobs": {f.HasJobsWomen}})
	}
	if f.Loans {
		chips = append(chips, drillChip{fmt.Sprintf("Khoản vay được duyệt: %s khoản, %s đồng", coop.FormatInt(page.Loans), coop.FormatInt(page.LoanAmount)),
			"/activities" + without(q, "loans")})
		keep = append(keep, url.Values{"loans": {"1"}})
	}
	s.renderQueried(w, r, qerr, "activity_list", map[string]any{"Page": page, "Query": q, "Filter": f, "Reach": reach,
		"CanWrite": coop.Can(a, coop.PermActivityWrite), "Chips": chips, "Keep": keep})
}

var activityFlash = map[string]string{
	"created":  "Đã ghi nhận hoạt động. Số liệu tổng hợp đã được cập nhật.",
	"saved":    "Đã lưu thay đổi.",
	"archived": "Đã lưu trữ hoạt động. Hoạt động không còn được tính trong các số liệu.",
}

func (s *Server) activityShow(w http.ResponseWriter, r *http.Request) {
	act, ok := recordAt(s, w, r, s.db.Activity)
	if !ok {
		return
	}
	a := actor(r)
	data := map[string]any{"Act": act, "CanWrite": coop.Allows(a, coop.ActEdit, coop.Record{Kind: coop.ResActivity, Province: act.Province})}
	data["Flash"] = flash(activityFlash, r)
	s.render(w, r, "activity_detail", data)
}

// activityForm turns an activity into the values of its form.
func activityForm(a *coop.Activity) url.Values {
	n := func(v int64) string {
		if v == 0 {
			return ""
		}
		return formatID(v)
	}
	f := url.Values{
		"type": {a.Type}, "title": {a.Title}, "task_id": {n(a.TaskID)}, "province": {a.Province}, "commune": {a.Commune},
		"starts_on": {a.StartsOn}, "ends_on": {a.EndsOn}, "organiser": {a.Organiser}, "partners": {a.Partners},
		"participants_total": {n(a.ParticipantsTotal)}, "participants_female": {n(a.ParticipantsFemale)},
		"beneficiaries_total": {n(a.BeneficiariesTotal)}, "beneficiaries_female": {n(a.BeneficiariesFemale)},
		"notes": {a.Notes}, "attachments": {a.Attachments}, "target_group": {a.TargetGroup},
		"managers_trained_female": {n(a.ManagersTrainedFemale)}, "jobs_women_htx": {n(a.JobsWomenHTX)}, "jobs_women_tht": {n(a.JobsWomenTHT)},
		"jobs_additional": {map[bool]string{true: "1"}[a.JobsAdditional]},
		"loan_fund":       {a.LoanFund}, "loan_amount": {n(a.LoanAmount)}, "loan_term_months": {n(a.LoanTermMonths)},
		"loan_purpose": {a.LoanPurpose}, "loan_status": {a.LoanStatus}, "version": {formatID(a.Version)},
	}
	for _, c := range a.Costs {
		f.Set("cost_"+c.Source, n(c.Amount))
	}
	for _, id := range a.Beneficiaries {
		f.Add("beneficiary", formatID(id))
	}
	return f
}

// activityFromForm reads an activity from form values; numbers that do not
// parse are reported per field.
func activityFromForm(f url.Values) (*coop.Activity, coop.Problems) {
	p := coop.Problems{}
	num := func(key string) int64 {
		x, ok := parseAmount(f.Get(key))
		if !ok {
			p.Add(key, "Nhập một số nguyên (không có chữ).")
		}
		if x == nil {
			return 0
		}
		return *x
	}
	a := &coop.Activity{
		Type: f.Get("type"), Title: f.Get("title"), Province: f.Get("province"), Commune: f.Get("commune"),
		StartsOn: coop.ParseDateVN(f.Get("starts_on")), EndsOn: coop.ParseDateVN(f.Get("ends_on")),
		Organiser: f.Get("organiser"), Partners: f.Get("partners"),
		ParticipantsTotal: num("participants_total"), ParticipantsFemale: num("participants_female"),
		BeneficiariesTotal: num("beneficiaries_total"), BeneficiariesFemale: num("beneficiaries_female"),
		Notes: f.Get("notes"), Attachments: f.Get("attachments"), TargetGroup: f.Get("target_group"),
		ManagersTrainedFemale: num("managers_trained_female"), JobsWomenHTX: num("jobs_women_htx"), JobsWomenTHT: num("jobs_women_tht"),
		JobsAdditional: f.Get("jobs_additional") == "1",
		LoanFund:       f.Get("loan_fund"), LoanAmount: num("loan_amount"), LoanTermMonths: num("loan_term_months"),
		LoanPurpose: f.Get("loan_purpose"), LoanStatus: f.Get("loan_status"),
		TaskID: num("task_id"), Version: num("version"),
		Costs: []coop.Cost{}, Beneficiaries: []int64{},
	}
	for _, src := range coop.FundingSources {
		if amt := num("cost_" + src.Code); amt != 0 {
			a.Costs = append(a.Costs, coop.Cost{Source: src.Code, Amount: amt})
		}
	}
	for _, v := range f["beneficiary"] {
		if id := wholeNumber(p, "beneficiary", v); id > 0 {
			a.Beneficiaries = append(a.Beneficiaries, id)
		}
	}
	return a, p
}

func (s *Server) activityNew(w http.ResponseWriter, r *http.Request) {
	f := r.URL.Query()
	if len(f) == 0 {
		f = url.Values{"type": {coop.ActivityTraining}, "province": {actor(r).Province}, "version": {"0"}}
	}
	s.renderActivityForm(w, r, http.StatusOK, 0, f, nil)
}

func (s *Server) activityEdit(w http.ResponseWriter, r *http.Request) {
	withRecord(s, w, r, s.db.Activity, func(act *store.Activity) {
		f := r.URL.Query()
		if f.Get("version") == "" {
			f = activityForm(&act.Activity)
		}
		s.renderActivityForm(w, r, http.StatusOK, act.ID, f, nil)
	})
}

// The beneficiary picker shows matches a page at a time and ticks at most
// pickerMax organisations at once.
const pickerPage, pickerMax = 50, 500

// renderActivityForm shows the form with the values given (what the user
// typed), the messages of err, the plan tasks to pick from and the
// beneficiary picker: the organisations ticked, and the results of the
// registry search typed in org_q.
func (s *Server) renderActivityForm(w http.ResponseWriter, r *http.Request, code int, id int64, f url.Values, err error) {
	ctx, a := r.Context(), actor(r)
	data := map[string]any{"ID": id, "Form": f}
	province := f.Get("province")
	taskProvince := province
	if taskProvince == "" {
		taskProvince = store.ProvinceCentral
	}
	if tasks, _, terr := s.db.PlanTasks(ctx, a, store.TaskFilter{Province: taskProvince, PerPage: 200}); terr == nil {
		data["Tasks"] = tasks
	}
	type pick struct {
		ID      int64
		Name    string
		Kind    string
		Place   string
		Checked bool
	}
	var picks []pick
	seen := map[int64]bool{}
	var ticked []int64
	for _, v := range f["beneficiary"] {
		oid := wholeNumber(coop.Problems{}, "beneficiary", v) // saving names a malformed one
		if oid <= 0 || seen[oid] || len(ticked) >= pickerMax {
			continue
		}
		seen[oid] = true
		ticked = append(ticked, oid)
	}
	// The ticked organisations' names in one read, not one each.
	briefs, _ := s.db.OrganisationBriefs(ctx, a, ticked)
	for _, oid := range ticked {
		p := pick{ID: oid, Name: fmt.Sprintf("Tổ chức số %d", oid), Checked: true}
		if o, ok := briefs[oid]; ok {
			p.Name, p.Kind, p.Place = o.Name, o.Kind, coop.ProvinceName(o.Province)
		}
		picks = append(picks, p)
	}
	if q := strings.TrimSpace(f.Get("org_q")); q != "" || f.Get("org_women") == "1" {
		// The search: a page of matches to tick, or every match at once.
		of := store.OrgFilter{Q: q, Province: province, PerPage: pickerPage}
		if f.Get("org_women") == "1" {
			yes := true
			of.WomenManaged = &yes
		}
		all := f.Get("org_all") == "1"
		pp := coop.Problems{}
		if of.Page = int(wholeNumber(pp, "org_page", f.Get("org_page"))); len(pp) > 0 {
			data["Error"] = pp["org_page"]
		}
		if all {
			of.Page, of.PerPage = 1, 200
		}
		for {
			res, serr := s.db.Organisations(ctx, a, of)
			if serr != nil {
				break
			}
			data["Found"], data["FoundMore"], data["OrgPage"], data["OrgPages"] = res.Total, res.TotalCapped, res.Page, res.Pages()
			for _, o := range res.Items {
				if !seen[o.ID] && len(picks) < pickerMax {
					seen[o.ID] = true
					picks = append(picks, pick{ID: o.ID, Name: o.Name, Kind: o.Kind, Place: coop.ProvinceName(o.Province), Checked: all})
				}
			}
			if !all || res.Page >= res.Pages() || len(picks) >= pickerMax {
				break
			}
			of.Page = res.Page + 1
		}
		if all {
			data["OrgPages"] = 1
		}
		data["Searched"] = true
	}
	data["Picks"] = picks
	action, formPath := "/activities", "/activities/new"
	if id != 0 {
		action = fmt.Sprintf("/activities/%d", id)
		formPath = action + "/edit"
	}
	data["Action"], data["FormPath"] = action, formPath
	s.renderForm(w, r, code, "activity_form", data, err)
}

func (s *Server) activityCreate(w http.ResponseWriter, r *http.Request) {
	s.saveActivityForm(w, r, 0)
}

func (s *Server) activityUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idAt(w, r)
	if !ok {
		return
	}
	s.saveActivityForm(w, r, id)
}

func (s *Server) saveActivityForm(w http.ResponseWriter, r *http.Request, id int64) {
	act, problems := activityFromForm(r.PostForm)
	save, done := s.db.CreateActivity, "created"
	if id != 0 {
		act.ID, save, done = id, s.db.UpdateActivity, "saved"
	}
	s.saveForm(w, r, problems, func() error { return save(r.Context(), actor(r), act) },
		func(code int, err error) { s.renderActivityForm(w, r, code, id, r.PostForm, err) },
		func() string { return fmt.Sprintf("/activities/%d?done=%s", act.ID, done) })
}

func (s *Server) activityArchive(w http.ResponseWriter, r *http.Request) {
	s.pageAction(w, r, func(id int64) error {
		version, err := formNumber(r, "version")
		if err == nil {
			_, err = s.db.ArchiveActivity(r.Context(), actor(r), id, version)
		}
		return err
	}, nil, "/activities/%d?done=archived")
}

// activityScript is the progressive enhancement of the activity form:
// fieldsets of other types hide, and the registry search answers in place.
// The form works without it.
func (s *Server) activityScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	fmt.Fprint(w, activityJS)
}

const activityJS = `(function () {
  var form = document.getElementById('activity-form');
  if (!form) return;
  var type = form.querySelector('select[name=type]');
  function sync() {
    form.querySelectorAll('[data-for]').forEach(function (el) {
      el.hidden = el.getAttribute('data-for').split(' ').indexOf(type.value) < 0;
    });
  }
  type.addEventListener('change', sync);
  sync();
  // Enter in the registry search searches (the server answers with the
  // form as typed and the matches to tick) instead of saving the activity.
  var box = form.querySelector('input[name=org_q]');
  var button = form.querySelector('button[name=org_search]');
  if (!box || !button) return;
  box.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') { ev.preventDefault(); form.requestSubmit ? form.requestSubmit(button) : button.click(); }
  });
})();
`

// API.

func (s *Server) activityAPI() recordAPI[store.ActivityFilter, *store.ActivityPage, coop.Activity, *store.Activity] {
	return recordAPI[store.ActivityFilter, *store.ActivityPage, coop.Activity, *store.Activity]{s: s, path: "/api/v1/activities/",
		filter: activityFilter, list: s.db.Activities, read: s.db.Activity, create: s.db.CreateActivity, update: s.db.UpdateActivity, id: activityID}
}

func activityID(a *coop.Activity) *int64 { return &a.ID }

// apiActivityArchive archives the activity and answers it read back.
func (s *Server) apiActivityArchive(w http.ResponseWriter, r *http.Request) {
	apiAction(s, w, r, func(ctx context.Context, a coop.Actor, id int64, in versionBody) (*store.Activity, error) {
		if _, err := s.db.ArchiveActivity(ctx, a, id, in.Version); err != nil {
			return nil, err
		}
		return s.db.Activity(ctx, a, id)
	})
}

func (s *Server) apiReach(w http.ResponseWriter, r *http.Request) {
	res, err := s.db.ReachSummary(r.Context(), actor(r), reachFilter(r.URL.Query()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
