package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// orgFilter reads the registry filters from a query string (pages and API
// share them); a malformed number is an error (see queryNumbers).
func orgFilter(q url.Values) (store.OrgFilter, error) {
	f := store.OrgFilter{
		Q:        q.Get("q"),
		Province: q.Get("province"),
		Kind:     strings.ToUpper(q.Get("kind")),
		Sector:   q.Get("sector"),
		Status:   q.Get("status"),
		Archived: q.Get("archived") == "1" || q.Get("archived") == "true",
		WIMRule:  q.Get("women_managed_rule"),
		HFLRule:  q.Get("high_female_labour_rule"),
		// Drill-down from a figure (see store.OrgFilter).
		Indicator:   strings.ToUpper(q.Get("indicator")),
		ReachedType: q.Get("reached_type"),
		ReachedFrom: q.Get("reached_from"),
		ReachedTo:   q.Get("reached_to"),
	}
	f.WomenManaged = boolParam(q.Get("women_managed"))
	f.HighFemaleLabour = boolParam(q.Get("high_female_labour"))
	n := numbersOf(q)
	f.Page, f.PerPage, f.ParentID = n.int("page"), n.int("per_page"), n.int64("parent_id")
	if _, ok := coop.RuleByID(f.WIMRule); !ok {
		f.WIMRule = ""
	}
	if _, ok := coop.RuleByID(f.HFLRule); !ok {
		f.HFLRule = ""
	}
	return f, n.err()
}

func boolParam(s string) *bool {
	switch s {
	case "1", "true", "yes":
		t := true
		return &t
	case "0", "false", "no":
		f := false
		return &f
	}
	return nil
}

// orgFromForm reads the organisation's own fields from a posted form; a
// parent or version that is not a number is a field error returned apart
// (a malformed parent is not taken as "no parent").
func orgFromForm(r *http.Request) (*coop.Organisation, coop.Problems) {
	o := &coop.Organisation{
		Kind:           r.PostFormValue("kind"),
		Name:           r.PostFormValue("name"),
		RegistrationNo: r.PostFormValue("registration_no"),
		Sector:         r.PostFormValue("sector"),
		Governance:     r.PostFormValue("governance"),
		Province:       r.PostFormValue("province"),
		Commune:        r.PostFormValue("commune"),
		Address:        r.PostFormValue("address"),
		FoundedOn:      coop.ParseDateVN(r.PostFormValue("founded_on")),
		Status:         r.PostFormValue("status"),
		Phone:          r.PostFormValue("phone"),
		EffectiveOn:    r.PostFormValue("effective_on"),
	}
	p := coop.Problems{}
	o.ParentID = wholeNumber(p, "parent_id", r.PostFormValue("parent_id"))
	o.Version = wholeNumber(p, "version", r.PostFormValue("version"))
	return o, p
}

// home is the registry overview of a signed-in user and, to anyone else,
// the public home page. The answer depends on the session, so caches must
// key it by the session's cookie or token (see setPublicCache).
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	if !coop.Can(a, coop.PermRegistryRead) {
		s.publicHome(w, r)
		return
	}
	w.Header().Set("Vary", "Cookie, Authorization")
	w.Header().Set("Cache-Control", "private, no-store")
	counts, err := s.db.Counts(r.Context(), a, store.CountsFilter{GroupBy: "province"})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byKind, err := s.db.Counts(r.Context(), a, store.CountsFilter{GroupBy: "kind"})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "home", map[string]any{"Counts": counts, "ByKind": byKind})
}

func (s *Server) orgList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, qerr := orgFilter(q)
	if f.PerPage == 0 {
		f.PerPage = 25
	}
	page, err := s.db.Organisations(r.Context(), actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	chips, keep := orgDrillChips(f, page, q)
	s.renderQueried(w, r, qerr, "org_list", map[string]any{"Page": page, "Query": q, "Filter": f, "Chips": chips, "Keep": keep})
}

// drillChip is an active drill-down filter shown above a list, with the
// address of the list without it.
type drillChip struct{ Label, Clear string }

// orgIndicatorLabels name what each drill-down lists.
var orgIndicatorLabels = map[string]string{
	"T1": "T1 – HTX có phụ nữ tham gia quản lý được củng cố, nâng cao chất lượng hoạt động",
	"T2": "T2 – Tổ hợp tác được hỗ trợ hoặc thành lập từ 01/01/2023",
	"T5": "T5 – HTX có nữ cán bộ quản lý đang giữ chức danh",
	"T6": "T6 – Tổ chức có phụ nữ tham gia quản lý được hỗ trợ thành lập mới",
}

// orgDrillChips returns the chips of the registry list's drill-down filters
// and the query parameters the filter form must carry to keep them.
func orgDrillChips(f store.OrgFilter, page *store.OrgPage, q url.Values) ([]drillChip, []url.Values) {
	var chips []drillChip
	var keep []url.Values
	if l, ok := orgIndicatorLabels[f.Indicator]; ok {
		if f.Indicator == "T5" {
			l += fmt.Sprintf(" (%s chức danh)", coop.FormatInt(page.FemaleManagers))
		}
		chips = append(chips, drillChip{l, "/organisations" + without(q, "indicator")})
		keep = append(keep, url.Values{"indicator": {f.Indicator}})
	}
	if f.Reached() {
		l := "Được hỗ trợ: "
		if f.ReachedType != "" {
			l += coop.ActivityTypes.Label(f.ReachedType)
		} else {
			l += "mọi loại hoạt động"
		}
		if f.ReachedFrom != "" {
			l += ", từ tháng " + monthVN(f.ReachedFrom)
		}
		if f.ReachedTo != "" {
			l += ", đến tháng " + monthVN(f.ReachedTo)
		}
		chips = append(chips, drillChip{l, "/organisations" + without(q, "reached_type", "reached_from", "reached_to")})
		keep = append(keep, url.Values{"reached_type": {f.ReachedType}, "reached_from": {f.ReachedFrom}, "reached_to": {f.ReachedTo}})
	}
	return chips, keep
}

// without returns the query string of q without the keys and the page.
func without(q url.Values, keys ...string) string {
	c := url.Values{}
	for k, v := range q {
		c[k] = v
	}
	for _, k := range append(keys, "page") {
		c.Del(k)
	}
	if len(c) == 0 {
		return ""
	}
	return "?" + c.Encode()
}

// monthVN renders YYYY-MM as MM/YYYY.
func monthVN(m string) string {
	if len(m) >= 7 {
		return m[5:7] + "/" + m[:4]
	}
	return m
}

func (s *Server) orgShow(w http.ResponseWriter, r *http.Request) {
	s.showOrg(w, r, http.StatusOK, nil, "", nil)
}

// showOrg renders the detail page; on a failed sub-form it re-renders with
// the user's input and the messages, so nothing typed is lost.
func (s *Server) showOrg(w http.ResponseWriter, r *http.Request, code int, form url.Values, open string, errs map[string]string) {
	o, ok := recordAt(s, w, r, s.db.Organisation)
	if !ok {
		return
	}
	a := actor(r)
	rules, err := s.db.ActiveRules(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"Org": o, "Form": form, "Open": open, "Errors": errs}
	today := coop.Today()
	wim, _ := coop.RuleByID(rules[coop.FamilyWomenManaged])
	hfl, _ := coop.RuleByID(rules[coop.FamilyHighFemaleLabour])
	wOn, wWhy := wim.Evaluate(o, today)
	hOn, hWhy := hfl.Evaluate(o, today)
	data["WIM"] = map[string]any{"On": wOn, "Reason": wWhy, "Rule": wim}
	data["HFL"] = map[string]any{"On": hOn, "Reason": hWhy, "Rule": hfl}
	data["Roles"] = coop.RolesFor(o.Kind, o.Governance)
	data["Today"] = today
	if o.ParentID != 0 {
		if p, err := s.db.Organisation(r.Context(), a, o.ParentID); err == nil {
			data["Parent"] = p
		}
	}
	if o.Kind == coop.KindLHHTX {
		members, err := s.db.Organisations(r.Context(), a, store.OrgFilter{ParentID: o.ID, PerPage: 100})
		if err == nil {
			data["Members"] = members
		}
	}
	if supports, err := s.db.OrganisationSupports(r.Context(), a, o.ID); err == nil {
		data["Supports"] = supports
	}
	if sc, err := s.db.Showcase(r.Context(), a, o.ID); err == nil {
		data["Showcase"] = sc
		data["CanShowcase"] = coop.Allows(a, coop.ActEdit, coop.Record{Kind: coop.ResShowcase, Province: o.Province})
	}
	data["Can"] = coop.Actions(a, orgRecord(o))
	s.renderCode(w, r, code, "org_detail", data)
}

func (s *Server) orgNew(w http.ResponseWriter, r *http.Request) {
	// The form may be prefilled from a link (a founding case being
	// registered passes its group's name, kind, province, commune, phone).
	q := r.URL.Query()
	o := &coop.Organisation{Kind: coop.KindHTX, Status: coop.StatusActive, Governance: coop.GovernanceFull, Province: actor(r).Province,
		Name: q.Get("name"), Commune: q.Get("commune"), Phone: q.Get("phone")}
	if k := strings.ToUpper(q.Get("kind")); coop.Kinds.Valid(k) {
		o.Kind = k
		if k == coop.KindTHT {
			o.Governance = ""
		}
	}
	if p := q.Get("province"); o.Province == "" && p != "" {
		o.Province = p
	}
	s.renderOrgForm(w, r, http.StatusOK, o, nil)
}

func (s *Server) orgEdit(w http.ResponseWriter, r *http.Request) {
	withRecord(s, w, r, s.db.Organisation, func(o *coop.Organisation) { s.renderOrgForm(w, r, http.StatusOK, o, nil) })
}

func (s *Server) renderOrgForm(w http.ResponseWriter, r *http.Request, code int, o *coop.Organisation, err error) {
	data := map[string]any{"Org": o}
	if unions, lerr := s.db.Unions(r.Context(), actor(r)); lerr == nil {
		data["Unions"] = unions
	}
	s.renderForm(w, r, code, "org_form", data, err)
}

func (s *Server) orgForm() recordForm[coop.Organisation] {
	return recordForm[coop.Organisation]{read: orgFromForm, id: orgID, show: s.renderOrgForm, page: "/organisations/%d?done=%s"}
}

func orgID(o *coop.Organisation) *int64 { return &o.ID }

func (s *Server) orgCreate(w http.ResponseWriter, r *http.Request) {
	saveRecord(s, w, r, s.orgForm(), false, s.db.CreateOrganisation, "created")
}

func (s *Server) orgUpdate(w http.ResponseWriter, r *http.Request) {
	saveRecord(s, w, r, s.orgForm(), true, s.db.UpdateOrganisation, "saved")
}

func (s *Server) orgArchive(w http.ResponseWriter, r *http.Request) {
	s.orgArchiveRestore(w, r, true)
}

func (s *Server) orgRestore(w http.ResponseWriter, r *http.Request) {
	s.orgArchiveRestore(w, r, false)
}

func (s *Server) orgArchiveRestore(w http.ResponseWriter, r *http.Request, archive bool) {
	change, done := s.db.RestoreOrganisation, "restored"
	if archive {
		change, done = s.db.ArchiveOrganisation, "archived"
	}
	s.pageAction(w, r, func(id int64) error {
		version, err := formNumber(r, "version")
		if err == nil {
			_, err = change(r.Context(), actor(r), id, version)
		}
		return err
	}, nil, "/organisations/%d?done="+done)
}

// changeChild applies a sub-form (position, workforce, product) as one
// audited change of the organisation. On a validation error the detail page
// is shown again with the form open and filled in.
func (s *Server) changeChild(w http.ResponseWriter, r *http.Request, open, prefix string, change func(o *coop.Organisation) error) {
	id, ok := s.idAt(w, r)
	if !ok {
		return
	}
	version, err := formNumber(r, "version")
	if err == nil {
		_, err = s.db.ChangeOrganisation(r.Context(), actor(r), id, version, "update", change)
	}
	if err != nil {
		if problems, ok := formProblems(err); ok {
			// "positions[3].role" is the sub-form's "role".
			errs := map[string]string{}
			for k, v := range problems {
				if i := strings.Index(k, "]."); i > 0 && strings.HasPrefix(k, prefix+"[") {
					k = k[i+2:]
				}
				errs[k] = v
			}
			s.showOrg(w, r, status(err), r.PostForm, open, errs)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/organisations/%d?done=saved#%s", id, open), http.StatusSeeOther)
}

func (s *Server) positionAdd(w http.ResponseWriter, r *http.Request) {
	s.changeChild(w, r, "positions", "positions", func(o *coop.Organisation) error {
		o.Positions = append(o.Positions, coop.Position{
			Role: r.PostFormValue("role"), Holder: r.PostFormValue("holder"), Sex: r.PostFormValue("sex"),
			From: coop.ParseDateVN(r.PostFormValue("from")), To: coop.ParseDateVN(r.PostFormValue("to")),
		})
		return nil
	})
}

func (s *Server) positionEnd(w http.ResponseWriter, r *http.Request) {
	pid, err := pathID(r, "pid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.changeChild(w, r, "positions", "positions", func(o *coop.Organisation) error {
		for i := range o.Positions {
			if o.Positions[i].ID == pid {
				to := coop.ParseDateVN(r.PostFormValue("to"))
				if to == "" {
					return &coop.Error{Code: coop.EINVALID, Message: "Nhập ngày thôi giữ chức danh.", Fields: map[string]string{"end_to": "Nhập ngày kết thúc."}}
				}
				o.Positions[i].To = to
				return nil
			}
		}
		return coop.NotFound("chức danh")
	})
}

func (s *Server) positionDelete(w http.ResponseWriter, r *http.Request) {
	deleteChild(s, w, r, "pid", "positions", func(o *coop.Organisation) *[]coop.Position { return &o.Positions },
		func(p coop.Position) int64 { return p.ID })
}

func (s *Server) snapshotAdd(w http.ResponseWriter, r *http.Request) {
	// A blank field means "unchanged since the previous figures": officers
	// often update only the workers after an assembly.
	n := func(k string, prev int64) int64 { return typedCount(r.PostFormValue(k), prev) }
	s.changeChild(w, r, "workforce", "workforce", func(o *coop.Organisation) error {
		asOf := coop.ParseDateVN(r.PostFormValue("as_of"))
		var prev coop.Snapshot
		for _, x := range o.Snapshots {
			if x.AsOf <= asOf && x.AsOf > prev.AsOf {
				prev = x
			}
		}
		sn := coop.Snapshot{
			AsOf:                asOf,
			MembersTotal:        n("members_total", prev.MembersTotal),
			MembersFemale:       n("members_female", prev.MembersFemale),
			WorkersTotal:        n("workers_total", prev.WorkersTotal),
			WorkersFemale:       n("workers_female", prev.WorkersFemale),
			RegularTotal:        n("regular_workers_total", prev.RegularTotal),
			RegularFemale:       n("regular_workers_female", prev.RegularFemale),
			FemaleMonthlyIncome: n("female_avg_monthly_income", prev.FemaleMonthlyIncome),
		}
		// Carried-forward regular workers must still fit the new totals.
		if r.PostFormValue("regular_workers_total") == "" && sn.RegularTotal > sn.WorkersTotal {
			sn.RegularTotal = 0
		}
		if r.PostFormValue("regular_workers_female") == "" && (sn.RegularFemale > sn.WorkersFemale || sn.RegularFemale > sn.RegularTotal) {
			sn.RegularFemale = 0
		}
		// Entering a snapshot for a date that exists replaces it.
		for i := range o.Snapshots {
			if o.Snapshots[i].AsOf == sn.AsOf {
				sn.ID = o.Snapshots[i].ID
				o.Snapshots[i] = sn
				return nil
			}
		}
		o.Snapshots = append(o.Snapshots, sn)
		return nil
	})
}

func (s *Server) snapshotDelete(w http.ResponseWriter, r *http.Request) {
	deleteChild(s, w, r, "sid", "workforce", func(o *coop.Organisation) *[]coop.Snapshot { return &o.Snapshots },
		func(sn coop.Snapshot) int64 { return sn.ID })
}

func (s *Server) productAdd(w http.ResponseWriter, r *http.Request) {
	s.changeChild(w, r, "products", "ocop_products", func(o *coop.Organisation) error {
		stars, err := formNumber(r, "stars")
		if err != nil {
			return err
		}
		o.Products = append(o.Products, coop.Product{
			Name: r.PostFormValue("product_name"), Group: r.PostFormValue("group"), Stars: int(stars),
			CertifiedOn: coop.ParseDateVN(r.PostFormValue("certified_on")), ExpiresOn: coop.ParseDateVN(r.PostFormValue("expires_on")),
		})
		return nil
	})
}

func (s *Server) productDelete(w http.ResponseWriter, r *http.Request) {
	deleteChild(s, w, r, "pid", "products", func(o *coop.Organisation) *[]coop.Product { return &o.Products },
		func(p coop.Product) int64 { return p.ID })
}

// deleteChild removes the child the path's param names from the list of
// the organisation's children (list) it is in, as one audited change.
func deleteChild[T any](s *Server, w http.ResponseWriter, r *http.Request, param, open string,
	list func(*coop.Organisation) *[]T, id func(T) int64) {
	cid, err := pathID(r, param)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.changeChild(w, r, open, open, func(o *coop.Organisation) error {
		l := list(o)
		i := slices.IndexFunc(*l, func(x T) bool { return id(x) == cid })
		if i < 0 {
			return coop.NotFound("bản ghi")
		}
		*l = append((*l)[:i], (*l)[i+1:]...)
		return nil
	})
}

func (s *Server) rulesPage(w http.ResponseWriter, r *http.Request) {
	rules, err := s.db.ActiveRules(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "rules", map[string]any{"Active": rules, "CanManage": coop.Allows(actor(r), coop.ActEdit, coop.Record{Kind: coop.ResRules})})
}

func (s *Server) rulesUpdate(w http.ResponseWriter, r *http.Request) {
	for _, fam := range []string{coop.FamilyWomenManaged, coop.FamilyHighFemaleLabour} {
		if id := r.PostFormValue(fam); id != "" {
			if err := s.db.SetActiveRule(r.Context(), actor(r), id); err != nil {
				s.fail(w, r, err)
				return
			}
		}
	}
	http.Redirect(w, r, "/settings/rules?done=rules", http.StatusSeeOther)
}

// orgRecord is what the permission policy needs of an organisation.
func orgRecord(o *coop.Organisation) coop.Record {
	return coop.Record{Kind: coop.ResOrganisation, Province: o.Province, Archived: o.Archived}
}
