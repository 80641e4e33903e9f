package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

func planFilter(q url.Values) (store.PlanFilter, error) {
	f := store.PlanFilter{Province: q.Get("province"), Phase: q.Get("phase")}
	n := numbersOf(q)
	f.Page, f.PerPage = n.int("page"), n.int("per_page")
	if !coop.Phases.Valid(f.Phase) {
		f.Phase = ""
	}
	return f, n.err()
}

func (s *Server) plansPage(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	q := r.URL.Query()
	f, qerr := planFilter(q)
	items, total, err := s.db.Plans(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The plans the actor's unit should have but does not yet: a button
	// makes each.
	owner := a.Province
	var missing []string
	if coop.Allows(a, coop.ActEdit, coop.Record{Kind: coop.ResPlan, Province: owner}) {
		for _, ph := range coop.Phases {
			if _, err := s.db.PlanFor(r.Context(), a, owner, ph.Code); coop.ErrorCode(err) == coop.ENOTFOUND {
				missing = append(missing, ph.Code)
			}
		}
	}
	per := f.PerPage
	if per <= 0 {
		per = 25
	}
	page, pages := pageOf(f.Page, per, total)
	s.renderQueried(w, r, qerr, "plans", map[string]any{
		"Items": items, "Total": total, "Filter": f, "Query": q, "Missing": missing, "Owner": owner,
		"Page": page, "Pages": pages, "Flash": flash(planFlash, r),
	})
}

var planFlash = map[string]string{
	"plan_created": "Đã lập kế hoạch. Thêm các nhiệm vụ của kế hoạch.",
	"task_created": "Đã thêm nhiệm vụ.",
	"task_saved":   "Đã lưu nhiệm vụ.",
	"plan_saved":   "Đã lưu tên và trạng thái của kế hoạch.",
}

func (s *Server) planCreate(w http.ResponseWriter, r *http.Request) {
	p := &coop.Plan{Province: r.PostFormValue("province"), Phase: r.PostFormValue("phase"), Title: r.PostFormValue("title")}
	if err := s.db.CreatePlan(r.Context(), actor(r), p); err != nil {
		if coop.ErrorCode(err) == coop.ECONFLICT {
			if existing, gerr := s.db.PlanFor(r.Context(), actor(r), p.Province, p.Phase); gerr == nil {
				http.Redirect(w, r, fmt.Sprintf("/plans/%d", existing.ID), http.StatusSeeOther)
				return
			}
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/plans/%d?done=plan_created", p.ID), http.StatusSeeOther)
}

// planGroup is one of the three task groups on a plan page.
type planGroup struct {
	Code, Label string
	Tasks       []coop.Task
	Budget      map[string]int64
	Total       int64
}

// planView gathers a plan with its tasks grouped, budgets per source and
// progress.
func (s *Server) planView(r *http.Request, id int64, page, per int) (map[string]any, error) {
	a := actor(r)
	plan, err := s.db.Plan(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	if per <= 0 {
		per = 100
	}
	tasks, total, err := s.db.PlanTasks(r.Context(), a, store.TaskFilter{PlanID: id, Page: page, PerPage: per})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(tasks))
	for _, t := range tasks {
		ids = append(ids, t.ID)
	}
	prog, err := s.db.TasksProgress(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	groups := []*planGroup{}
	byGroup := map[string]*planGroup{}
	for _, g := range coop.TaskGroups {
		pg := &planGroup{Code: g.Code, Label: g.Label, Budget: map[string]int64{}}
		groups = append(groups, pg)
		byGroup[g.Code] = pg
	}
	budget := map[string]int64{}
	var budgetTotal, spent int64
	activities := 0
	for _, t := range tasks {
		g := byGroup[t.Group]
		if g == nil {
			continue
		}
		g.Tasks = append(g.Tasks, t)
		for src, v := range t.Budget {
			g.Budget[src] += v
			g.Total += v
			budget[src] += v
			budgetTotal += v
		}
		spent += prog[t.ID].Spent
		activities += prog[t.ID].Activities
	}
	page, pages := pageOf(page, per, total)
	return map[string]any{
		"Plan": plan, "Groups": groups, "Progress": prog, "Budget": budget, "BudgetTotal": budgetTotal,
		"Spent": spent, "Activities": activities, "Total": total, "Page": page, "Pages": pages,
		"CanWrite": coop.Allows(a, coop.ActEdit, coop.Record{Kind: coop.ResPlan, Province: plan.Province}),
	}, nil
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idAt(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	page, qerr := queryInts(q, "page")
	data, err := s.planView(r, id, page[0], 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data["Query"] = q
	data["Flash"] = flash(planFlash, r)
	s.renderQueried(w, r, qerr, "plan", data)
}

// planUpdate renames a plan or changes its status; a refused change shows
// the plan page again with the messages beside the form.
func (s *Server) planUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idAt(w, r)
	if !ok {
		return
	}
	p := &coop.Plan{ID: id, Title: r.PostFormValue("title"), Status: r.PostFormValue("status")}
	var err error
	if p.Version, err = formNumber(r, "version"); err == nil {
		err = s.db.UpdatePlan(r.Context(), actor(r), p)
	}
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/plans/%d?done=plan_saved", id), http.StatusSeeOther)
		return
	}
	errs, ok := formProblems(err)
	if !ok {
		s.fail(w, r, err)
		return
	}
	data, verr := s.planView(r, id, 0, 100)
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	data["Query"] = r.URL.Query()
	data["PlanErrors"] = errs
	data["PlanForm"] = p
	w.WriteHeader(http.StatusUnprocessableEntity)
	s.render(w, r, "plan", data)
}

// taskFromForm reads a task from a posted form; numbers that do not parse
// become field errors returned apart, so the form keeps what was typed.
func taskFromForm(r *http.Request) (*coop.Task, coop.Problems) {
	r.ParseForm()
	t := &coop.Task{
		Group: r.PostFormValue("task_group"), Title: r.PostFormValue("title"),
		ResponsibleUnit: r.PostFormValue("responsible_unit"), Partners: r.PostFormValue("partners"),
		StartsOn: coop.ParseDateVN(r.PostFormValue("starts_on")), EndsOn: coop.ParseDateVN(r.PostFormValue("ends_on")),
		Status: r.PostFormValue("status"), Indicators: r.PostForm["indicators"], Budget: map[string]int64{},
	}
	p := coop.Problems{}
	t.Version = wholeNumber(p, "version", r.PostFormValue("version"))
	for _, src := range coop.FundingSources {
		v, ok := parseAmount(r.PostFormValue("budget_" + src.Code))
		if !ok {
			p.Add("budget."+src.Code, "Nhập số tiền (đồng), chỉ gồm chữ số.")
			continue
		}
		if v != nil {
			t.Budget[src.Code] = *v
		}
	}
	return t, p
}

func (s *Server) taskNew(w http.ResponseWriter, r *http.Request) {
	withRecord(s, w, r, s.db.Plan, func(plan *coop.Plan) {
		g := r.URL.Query().Get("group")
		if !coop.TaskGroups.Valid(g) {
			g = coop.TaskGroups[0].Code
		}
		s.renderTaskForm(w, r, http.StatusOK, plan, &coop.Task{PlanID: plan.ID, Group: g, Status: "planned", Budget: map[string]int64{}}, nil, nil)
	})
}

func (s *Server) renderTaskForm(w http.ResponseWriter, r *http.Request, code int, plan *coop.Plan, t *coop.Task, form url.Values, err error) {
	s.renderForm(w, r, code, "task_form", map[string]any{"Plan": plan, "Task": t, "Form": form}, err)
}

// taskOf reads the task the path names and its plan.
func (s *Server) taskOf(r *http.Request) (*coop.Task, *coop.Plan, error) {
	id, err := pathID(r, "id")
	var t *coop.Task
	if err == nil {
		t, err = s.db.Task(r.Context(), actor(r), id)
	}
	if err != nil {
		return nil, nil, err
	}
	plan, err := s.db.Plan(r.Context(), actor(r), t.PlanID)
	return t, plan, err
}

// saveTask saves the task form of a plan; refused, the form shows again
// with what was typed and the messages.
func (s *Server) saveTask(w http.ResponseWriter, r *http.Request, plan *coop.Plan, id int64, save writer[coop.Task], done string) {
	t, probs := taskFromForm(r)
	t.ID, t.PlanID = id, plan.ID
	s.saveForm(w, r, probs, func() error { return save(r.Context(), actor(r), t) },
		func(code int, err error) { s.renderTaskForm(w, r, code, plan, t, r.PostForm, err) },
		func() string { return fmt.Sprintf("/plans/%d?done=%s#task-%d", plan.ID, done, t.ID) })
}

func (s *Server) taskCreate(w http.ResponseWriter, r *http.Request) {
	withRecord(s, w, r, s.db.Plan, func(plan *coop.Plan) { s.saveTask(w, r, plan, 0, s.db.CreateTask, "task_created") })
}

func (s *Server) taskEdit(w http.ResponseWriter, r *http.Request) {
	t, plan, err := s.taskOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderTaskForm(w, r, http.StatusOK, plan, t, nil, nil)
}

func (s *Server) taskUpdate(w http.ResponseWriter, r *http.Request) {
	t, plan, err := s.taskOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveTask(w, r, plan, t.ID, s.db.UpdateTask, "task_saved")
}

// API.

func (s *Server) apiPlans(w http.ResponseWriter, r *http.Request) {
	apiList(s, w, r, planFilter, func(ctx context.Context, a coop.Actor, f store.PlanFilter) (any, error) {
		items, total, err := s.db.Plans(ctx, a, f)
		return map[string]any{"items": items, "total": total}, err
	})
}

func (s *Server) apiPlanCreate(w http.ResponseWriter, r *http.Request) {
	apiWrite(s, w, r, false, func(p *coop.Plan, _ int64) { p.ID = 0 }, s.db.CreatePlan, func(p *coop.Plan) {
		writeJSON(w, created(w, "/api/v1/plans/", p.ID), p)
	})
}

func (s *Server) apiPlanGet(w http.ResponseWriter, r *http.Request) {
	id, n, err := idAndInts(r, "page", "per_page")
	var v map[string]any
	if err == nil {
		v, err = s.planView(r, id, n[0], n[1])
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var tasks []map[string]any
	prog := v["Progress"].(map[int64]store.TaskProgress)
	for _, g := range v["Groups"].([]*planGroup) {
		for _, t := range g.Tasks {
			tasks = append(tasks, map[string]any{"task": t, "budget_total": t.BudgetTotal(), "progress": prog[t.ID]})
		}
	}
	if tasks == nil {
		tasks = []map[string]any{}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"plan": v["Plan"], "tasks": tasks, "total": v["Total"], "budget": v["Budget"], "budget_total": v["BudgetTotal"],
		"spent": v["Spent"], "activities": v["Activities"],
	})
}

func (s *Server) apiTaskCreate(w http.ResponseWriter, r *http.Request) {
	apiWrite(s, w, r, true, func(t *coop.Task, plan int64) { t.PlanID = plan }, s.db.CreateTask, func(t *coop.Task) {
		writeJSON(w, created(w, "/api/v1/tasks/", t.ID), t)
	})
}

func taskFilter(q url.Values) (store.TaskFilter, error) {
	f := store.TaskFilter{Province: q.Get("province"), Phase: q.Get("phase"), Q: q.Get("q"), Group: q.Get("task_group")}
	n := numbersOf(q)
	f.Page, f.PerPage, f.PlanID = n.int("page"), n.int("per_page"), n.int64("plan_id")
	return f, n.err()
}

func (s *Server) apiTasks(w http.ResponseWriter, r *http.Request) {
	apiList(s, w, r, taskFilter, func(ctx context.Context, a coop.Actor, f store.TaskFilter) (any, error) {
		items, total, err := s.db.PlanTasks(ctx, a, f)
		return map[string]any{"items": items, "total": total}, err
	})
}

func (s *Server) apiTaskGet(w http.ResponseWriter, r *http.Request) {
	withRecord(s, w, r, s.db.Task, func(t *coop.Task) {
		prog, err := s.db.TasksProgress(r.Context(), []int64{t.ID})
		s.reply(w, r, http.StatusOK, map[string]any{"task": t, "budget_total": t.BudgetTotal(), "progress": prog[t.ID]}, err)
	})
}

func (s *Server) apiPlanUpdate(w http.ResponseWriter, r *http.Request) {
	apiWrite(s, w, r, true, func(p *coop.Plan, id int64) { p.ID = id }, s.db.UpdatePlan, func(p *coop.Plan) { writeJSON(w, http.StatusOK, p) })
}

func (s *Server) apiTaskUpdate(w http.ResponseWriter, r *http.Request) {
	apiWrite(s, w, r, true, func(t *coop.Task, id int64) { t.ID = id }, s.db.UpdateTask, func(t *coop.Task) { writeJSON(w, http.StatusOK, t) })
}
