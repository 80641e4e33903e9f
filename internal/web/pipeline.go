package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

var pipelineFlash = map[string]string{
	"created": "Đã thêm hồ sơ hỗ trợ thành lập.",
	"saved":   "Đã lưu thay đổi.",
	"moved":   "Đã chuyển hồ sơ sang bước mới.",
}

var foundingMoveLabels = map[string]string{
	coop.FoundingDossier:    "Chuyển sang hoàn thiện hồ sơ",
	coop.FoundingRegistered: "Ghi nhận đã đăng ký thành lập",
	coop.FoundingDropped:    "Dừng hỗ trợ",
}

func foundingFilter(q url.Values) (store.FoundingFilter, error) {
	f := store.FoundingFilter{Q: q.Get("q"), Province: q.Get("province"), Kind: strings.ToUpper(q.Get("kind")), Status: q.Get("status")}
	n := numbersOf(q)
	f.Year, f.Page, f.PerPage = n.int("year"), n.int("page"), n.int("per_page")
	return f, n.err()
}

// pipelineBoard shows the cases in columns by stage with their counts.
func (s *Server) pipelineBoard(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, qerr := foundingFilter(q)
	if !coop.FoundingStages.Valid(f.Status) {
		f.Status = ""
	}
	a := actor(r)
	type column struct {
		Stage coop.Code
		Page  *store.FoundingPage
	}
	var cols []column
	var all *store.FoundingPage
	for _, st := range coop.FoundingStages {
		g := f
		g.Status, g.PerPage = st.Code, 20
		if f.Status != "" && f.Status != st.Code {
			continue
		}
		p, err := s.db.FoundingCases(r.Context(), a, g)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		all = p
		cols = append(cols, column{st, p})
	}
	years := []int{}
	for y := thisYear(); y >= 2023; y-- {
		years = append(years, y)
	}
	s.renderQueried(w, r, qerr, "pipeline_board", map[string]any{"Columns": cols, "ByStage": all.ByStage, "Query": q, "Filter": f, "Years": years})
}

// foundingFromForm reads a case's fields from a posted form; a version
// that is not a number is a field error returned apart.
func foundingFromForm(r *http.Request) (*coop.FoundingCase, coop.Problems) {
	c := &coop.FoundingCase{
		Province: r.PostFormValue("province"), Commune: r.PostFormValue("commune"), GroupName: r.PostFormValue("group_name"),
		Kind: r.PostFormValue("kind"), ContactName: r.PostFormValue("contact_name"), ContactPhone: r.PostFormValue("contact_phone"),
		WomenLed: r.PostFormValue("women_led") == "1", AdvisedOn: coop.ParseDateVN(r.PostFormValue("advised_on")),
		Notes: r.PostFormValue("notes"),
	}
	c.MembersPlanned = typedCount(r.PostFormValue("members_planned"), 0)
	p := coop.Problems{}
	c.Version = wholeNumber(p, "version", r.PostFormValue("version"))
	return c, p
}

func (s *Server) pipelineNew(w http.ResponseWriter, r *http.Request) {
	c := &coop.FoundingCase{Province: actor(r).Province, Kind: coop.KindHTX, WomenLed: true, AdvisedOn: coop.Today()}
	s.renderFoundingForm(w, r, http.StatusOK, c, nil)
}

func (s *Server) pipelineEdit(w http.ResponseWriter, r *http.Request) {
	withRecord(s, w, r, s.db.FoundingCase, func(c *coop.FoundingCase) { s.renderFoundingForm(w, r, http.StatusOK, c, nil) })
}

func (s *Server) renderFoundingForm(w http.ResponseWriter, r *http.Request, code int, c *coop.FoundingCase, err error) {
	s.renderForm(w, r, code, "pipeline_form", map[string]any{"Case": c}, err)
}

func (s *Server) foundingForm() recordForm[coop.FoundingCase] {
	return recordForm[coop.FoundingCase]{read: foundingFromForm, id: foundingID, show: s.renderFoundingForm, page: "/pipeline/%d?done=%s"}
}

func (s *Server) pipelineCreate(w http.ResponseWriter, r *http.Request) {
	saveRecord(s, w, r, s.foundingForm(), false, s.db.CreateFoundingCase, "created")
}

func (s *Server) pipelineUpdate(w http.ResponseWriter, r *http.Request) {
	saveRecord(s, w, r, s.foundingForm(), true, s.db.UpdateFoundingCase, "saved")
}

func (s *Server) pipelineShow(w http.ResponseWriter, r *http.Request) {
	s.showFounding(w, r, http.StatusOK, nil, nil)
}

// showFounding renders a case with the moves the actor may make and, for
// registration, the organisations of the registry (same province and kind)
// matching the search org_q.
func (s *Server) showFounding(w http.ResponseWriter, r *http.Request, code int, form url.Values, errs map[string]string) {
	c, ok := recordAt(s, w, r, s.db.FoundingCase)
	if !ok {
		return
	}
	a := actor(r)
	if form == nil {
		form = url.Values{}
	}
	canWrite := coop.Allows(a, coop.ActEdit, coop.Record{Kind: coop.ResFounding, Province: c.Province})
	type move struct{ To, Label string }
	var moves []move
	if canWrite {
		for _, st := range coop.FoundingStages {
			m := coop.FoundingMove{To: st.Code, Reason: "–", OrganisationID: 1}
			if c.CheckMove(&m, coop.Today()) == nil {
				moves = append(moves, move{st.Code, foundingMoveLabels[st.Code]})
			}
		}
	}
	data := map[string]any{"Case": c, "Moves": moves, "Form": form, "Errors": errs, "CanEdit": canWrite && !c.Closed(), "Today": coop.Today()}
	if c.Status == coop.FoundingDossier && canWrite {
		orgQ := r.URL.Query().Get("org_q")
		if orgQ == "" {
			orgQ = form.Get("org_q")
		}
		data["OrgQ"] = orgQ
		res, err := s.db.Organisations(r.Context(), a, store.OrgFilter{Q: orgQ, Province: c.Province, Kind: c.Kind, PerPage: 20})
		if err == nil {
			data["Found"] = res.Items
		}
		data["NewOrgURL"] = "/organisations/new?" + url.Values{"kind": {c.Kind}, "name": {c.GroupName}, "province": {c.Province},
			"commune": {c.Commune}, "phone": {c.ContactPhone}}.Encode()
	}
	data["Flash"] = flash(pipelineFlash, r)
	s.renderCode(w, r, code, "pipeline_detail", data)
}

func (s *Server) pipelineMove(w http.ResponseWriter, r *http.Request) {
	s.pageAction(w, r, func(id int64) error {
		p := coop.Problems{}
		version := wholeNumber(p, "version", r.PostFormValue("version"))
		m := coop.FoundingMove{To: r.PostFormValue("to"), On: r.PostFormValue("on"), Comment: r.PostFormValue("comment"), Reason: r.PostFormValue("reason")}
		m.OrganisationID = wholeNumber(p, "organisation_id", r.PostFormValue("organisation_id"))
		err := formErr(p)
		if err == nil {
			_, err = s.db.MoveFoundingCase(r.Context(), actor(r), id, version, m)
		}
		return err
	}, s.showFounding, "/pipeline/%d?done=moved")
}

func (s *Server) foundingAPI() recordAPI[store.FoundingFilter, *store.FoundingPage, coop.FoundingCase, *coop.FoundingCase] {
	return recordAPI[store.FoundingFilter, *store.FoundingPage, coop.FoundingCase, *coop.FoundingCase]{s: s, path: "/api/v1/founding-cases/",
		filter: foundingFilter, list: s.db.FoundingCases, read: s.db.FoundingCase, create: s.db.CreateFoundingCase, update: s.db.UpdateFoundingCase, id: foundingID}
}

func foundingID(c *coop.FoundingCase) *int64 { return &c.ID }

// foundingMoveBody is a move as the API receives it.
type foundingMoveBody struct {
	coop.FoundingMove
	Version int64 `json:"version"`
}

func (s *Server) apiFoundingMove(w http.ResponseWriter, r *http.Request) {
	apiAction(s, w, r, func(ctx context.Context, a coop.Actor, id int64, in foundingMoveBody) (*coop.FoundingCase, error) {
		return s.db.MoveFoundingCase(ctx, a, id, in.Version, in.FoundingMove)
	})
}
