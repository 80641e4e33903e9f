package web

import (
	"context"
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
	withRecord(s, w, r, s.db.Obstacle, func(o *coop.Obstacle) { s.renderObstacleForm(w, r, http.StatusOK, o, "", nil) })
}

// renderObstacleForm shows the obstacle form with what the user typed, the
// organisations already chosen and, after a search, the organisations of
// the province matching orgQ (accent-insensitive).
func (s *Server) renderObstacleForm(w http.ResponseWriter, r *http.Request, code int, o *coop.Obstacle, orgQ string, err error) {
	a := actor(r)
	data := map[string]any{"Ob": o, "OrgQ": orgQ}
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
	s.renderForm(w, r, code, "obstacle_form", data, err)
}

func hasInt(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// obstacleForm is the obstacle form; with action=search it shows again
// with the organisations matching org_q instead of saving.
func (s *Server) obstacleForm() recordForm[coop.Obstacle] {
	return recordForm[coop.Obstacle]{read: obstacleFromForm, id: obstacleID, page: "/obstacles/%d?done=%s",
		show: func(w http.ResponseWriter, r *http.Request, code int, o *coop.Obstacle, err error) {
			s.renderObstacleForm(w, r, code, o, "", err)
		}}
}

func (s *Server) obstacleCreate(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("action") == "search" {
		o, _ := obstacleFromForm(r)
		s.renderObstacleForm(w, r, http.StatusOK, o, r.PostFormValue("org_q"), nil)
		return
	}
	saveRecord(s, w, r, s.obstacleForm(), false, s.db.CreateObstacle, "created")
}

func (s *Server) obstacleUpdate(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("action") == "search" {
		withRecord(s, w, r, s.db.Obstacle, func(saved *coop.Obstacle) {
			o, _ := obstacleFromForm(r)
			o.ID = saved.ID
			s.renderObstacleForm(w, r, http.StatusOK, o, r.PostFormValue("org_q"), nil)
		})
		return
	}
	saveRecord(s, w, r, s.obstacleForm(), true, s.db.UpdateObstacle, "saved")
}

func (s *Server) obstacleShow(w http.ResponseWriter, r *http.Request) {
	s.showObstacle(w, r, http.StatusOK, nil, nil)
}

// showObstacle renders the obstacle's page with the moves the actor may
// make; after a refused move, with what was typed and the messages.
func (s *Server) showObstacle(w http.ResponseWriter, r *http.Request, code int, form url.Values, errs map[string]string) {
	o, ok := recordAt(s, w, r, s.db.Obstacle)
	if !ok {
		return
	}
	a := actor(r)
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
	data["Flash"] = flash(obstacleFlash, r)
	s.renderCode(w, r, code, "obstacle_detail", data)
}

func (s *Server) obstacleMove(w http.ResponseWriter, r *http.Request) {
	s.pageAction(w, r, func(id int64) error {
		version, err := formNumber(r, "version")
		if err == nil {
			m := coop.ObstacleMove{To: r.PostFormValue("to"), Comment: r.PostFormValue("comment"), Answer: r.PostFormValue("answer"),
				DueOn: r.PostFormValue("due_on")}
			_, err = s.db.MoveObstacle(r.Context(), actor(r), id, version, m)
		}
		return err
	}, s.showObstacle, "/obstacles/%d?done=moved#timeline")
}

func (s *Server) obstacleAPI() recordAPI[store.ObstacleFilter, *store.ObstaclePage, coop.Obstacle, *coop.Obstacle] {
	return recordAPI[store.ObstacleFilter, *store.ObstaclePage, coop.Obstacle, *coop.Obstacle]{s: s, path: "/api/v1/obstacles/",
		filter: obstacleFilter, list: s.db.Obstacles, read: s.db.Obstacle, create: s.db.CreateObstacle, update: s.db.UpdateObstacle, id: obstacleID}
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
