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

// obstacleMoveLabels names each move as a button does.
var obstacleMoveLabels = map[string]string{
	coop.ObstacleHandling:  "Tiếp nhận xử lý",
	coop.ObstacleEscalated: "Chuyển lên trung ương",
	coop.ObstacleAnswered:  "Trả lời",
	coop.ObstacleClosed:    "Đóng vướng mắc",
}

var obstacleFlash = map[string]string{
	"created": "Đã ghi nhận vướng mắc.",
	"saved":   "Đã lưu thay đổi.",
	"moved":   "Đã cập nhật bước xử lý.",
}

func obstacleFilter(q url.Values) (store.ObstacleFilter, error) {
	f := store.ObstacleFilter{Q: q.Get("q"), Province: q.Get("province"), Status: q.Get("status"), Category: q.Get("category"),
		OverdueOnly: q.Get("overdue") == "1" || q.Get("overdue") == "true"}
	if q.Get("tab") == "escalated" {
		f.Status = coop.ObstacleEscalated
	}
	n := numbersOf(q)
	f.Page, f.PerPage = n.int("page"), n.int("per_page")
	return f, n.err()
}

func (s *Server) obstacleList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, qerr := obstacleFilter(q)
	page, err := s.db.Obstacles(r.Context(), actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderQueried(w, r, qerr, "obstacle_list", map[string]any{"Page": page, "Query": q, "Filter": f, "Tab": q.Get("tab"),
		"Centre": coop.Can(actor(r), coop.PermObstacleAnswer)})
}

// obstacleFromForm reads the obstacle's fields from a posted form; an id
// that is not a number is a field error returned apart.
func obstacleFromForm(r *http.Request) (*coop.Obstacle, coop.Problems) {
	p := coop.Problems{}
	o := &coop.Obstacle{
		Province: r.PostFormValue("province"), Category: r.PostFormValue("category"), Policy: r.PostFormValue("policy"),
		Title: r.PostFormValue("title"), Description: r.PostFormValue("description"),
		Recommendation: r.PostFormValue("recommendation"), DueOn: coop.ParseDateVN(r.PostFormValue("due_on")),
	}
	o.FemaleWorkersAffected = typedCount(r.PostFormValue("female_workers_affected"), 0)
	o.RaisedByOrgID = wholeNumber(p, "raised_by_org_id", r.PostFormValue("raised_by_org_id"))
	o.Version = wholeNumber(p, "version", r.PostFormValue("version"))
	for _, v := range r.PostForm["organisation_ids"] {
		if id := wholeNumber(p, "organisation_ids", v); id > 0 {
			o.OrganisationIDs = append(o.OrganisationIDs, id)
		}
	}
	return o, p
}

func (s *Server) obstacleNew(w http.ResponseWriter, r *http.Request) {
	s.renderObstacleForm(w, r, http.StatusOK, &coop.Obstacle{Province: actor(r).Province}, "", nil)
}

func (s *Server) obstacleEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.db.Obstacle(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderObstacleForm(w, r, http.StatusOK, o, "", nil)
}

// renderObstacleForm shows the obstacle form with what the user typed, the
// organisations already chosen and, after a search, the organisations of
// the province matching orgQ (accent-insensitive).
func (s *Server) renderObstacleForm(w http.ResponseWriter, r *http.Request, code int, o *coop.Obstacle, orgQ string, err error) {
	a := actor(r)
	data := map[string]any{"Ob": o, "Errors": coop.ErrorFields(err), "OrgQ": orgQ}
	if err != nil {
		data["Error"] = coop.ErrorMessage(err)
	}
	var chosen []*coop.Organisation
	for _, id := range o.OrganisationIDs {
		if org, err := s.db.Organisation(r.Context(), a, id); err == nil {
			chosen = append(chosen, org)
		}
	}
	data["Chosen"] = chosen
	if strings.TrimSpace(orgQ) != "" {
		province := o.Province
		if province == "" {
			province = a.Province
		}
		res, err := s.db.Organisations(r.Context(), a, store.OrgFilter{Q: orgQ, Province: province, PerPage: 20})
		if err == nil {
			var found []*coop.Organisation
			for _, org := range res.Items {
				if !hasInt(o.OrganisationIDs, org.ID) {
					found = append(found, org)
				}
			}
			data["Found"], data["FoundTotal"] = found, res.Total
		}
	}
	if code != http.StatusOK {
		w.WriteHeader(code)
	}
	s.render(w, r, "obstacle_form", data)
}

func hasInt(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func (s *Server) obstacleCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, coop.Errorf(coop.EINVALID, "Không đọc được dữ liệu biểu mẫu."))
		return
	}
	o, p := obstacleFromForm(r)
	if r.PostFormValue("action") == "search" {
		s.renderObstacleForm(w, r, http.StatusOK, o, r.PostFormValue("org_q"), nil)
		return
	}
	err := formErr(p)
	if err == nil {
		err = s.db.CreateObstacle(r.Context(), actor(r), o)
	}
	if err != nil {
		s.obstacleFormError(w, r, o, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/obstacles/%d?done=created", o.ID), http.StatusSeeOther)
}

func (s *Server) obstacleUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, coop.Errorf(coop.EINVALID, "Không đọc được dữ liệu biểu mẫu."))
		return
	}
	o, p := obstacleFromForm(r)
	o.ID = id
	if r.PostFormValue("action") == "search" {
		if _, err := s.db.Obstacle(r.Context(), actor(r), id); err != nil {
			s.fail(w, r, err)
			return
		}
		s.renderObstacleForm(w, r, http.StatusOK, o, r.PostFormValue("org_q"), nil)
		return
	}
	err = formErr(p)
	if err == nil {
		err = s.db.UpdateObstacle(r.Context(), actor(r), o)
	}
	if err != nil {
		s.obstacleFormError(w, r, o, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/obstacles/%d?done=saved", id), http.StatusSeeOther)
}

func (s *Server) obstacleFormError(w http.ResponseWriter, r *http.Request, o *coop.Obstacle, err error) {
	switch coop.ErrorCode(err) {
	case coop.EINVALID, coop.ECONFLICT, coop.EFORBIDDEN:
		s.renderObstacleForm(w, r, status(err), o, "", err)
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) obstacleShow(w http.ResponseWriter, r *http.Request) {
	s.showObstacle(w, r, http.StatusOK, nil, nil)
}

// showObstacle renders the obstacle's page with the moves the actor may
// make; after a refused move, with what was typed and the messages.
func (s *Server) showObstacle(w http.ResponseWriter, r *http.Request, code int, form url.Values, errs map[string]string) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	o, err := s.db.Obstacle(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type move struct{ To, Label string }
	var moves []move
	today := coop.Today()
	for _, st := range coop.ObstacleStatuses {
		m := coop.ObstacleMove{To: st.Code, Comment: "–", Answer: "–"}
		if coop.ObstacleTransition(a, o.Province, o.Status, &m, today) == nil {
			moves = append(moves, move{st.Code, obstacleMoveLabels[st.Code]})
		}
	}
	if form == nil {
		form = url.Values{}
	}
	data := map[string]any{"Ob": o, "Moves": moves, "Form": form, "Errors": errs,
		"CanEdit": coop.Allows(a, coop.ActEdit, coop.Record{Kind: coop.ResObstacle, Province: o.Province}) && o.Status != coop.ObstacleClosed}
	if msg := obstacleFlash[r.URL.Query().Get("done")]; msg != "" {
		data["Flash"] = msg
	}
	if code != http.StatusOK {
		w.WriteHeader(code)
	}
	s.render(w, r, "obstacle_detail", data)
}

func obstacleMoveFromForm(r *http.Request) (coop.ObstacleMove, int64, error) {
	version, err := formNumber(r, "version")
	return coop.ObstacleMove{To: r.PostFormValue("to"), Comment: r.PostFormValue("comment"), Answer: r.PostFormValue("answer"),
		DueOn: r.PostFormValue("due_on")}, version, err
}

func (s *Server) obstacleMove(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, coop.Errorf(coop.EINVALID, "Không đọc được dữ liệu biểu mẫu."))
		return
	}
	m, version, err := obstacleMoveFromForm(r)
	if err == nil {
		_, err = s.db.MoveObstacle(r.Context(), actor(r), id, version, m)
	}
	if err != nil {
		if errs, ok := formProblems(err); ok {
			s.showObstacle(w, r, status(err), r.PostForm, errs)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/obstacles/%d?done=moved#timeline", id), http.StatusSeeOther)
}

func (s *Server) apiObstacleList(w http.ResponseWriter, r *http.Request) {
	apiList(s, w, r, obstacleFilter, s.db.Obstacles)
}

func (s *Server) apiObstacleGet(w http.ResponseWriter, r *http.Request) {
	apiGet(s, w, r, s.db.Obstacle)
}

func (s *Server) apiObstacleCreate(w http.ResponseWriter, r *http.Request) {
	apiCreate(s, w, r, "/api/v1/obstacles/", obstacleID, s.db.CreateObstacle, s.db.Obstacle)
}

func (s *Server) apiObstacleUpdate(w http.ResponseWriter, r *http.Request) {
	apiUpdate(s, w, r, obstacleID, s.db.UpdateObstacle, s.db.Obstacle)
}

func obstacleID(o *coop.Obstacle) *int64 { return &o.ID }

// obstacleMoveBody is a transition as the API receives it.
type obstacleMoveBody struct {
	coop.ObstacleMove
	Version int64 `json:"version"`
}

func (s *Server) apiObstacleMove(w http.ResponseWriter, r *http.Request) {
	apiAction(s, w, r, func(ctx context.Context, a coop.Actor, id int64, in obstacleMoveBody) (*coop.Obstacle, error) {
		return s.db.MoveObstacle(ctx, a, id, in.Version, in.ObstacleMove)
	})
}
