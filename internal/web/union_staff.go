package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// The Union staff page (T7, T8): the Women's Union partner and the
// provincial staff record, per province and date, how many Union staff
// work on economic support and how many of them were trained (T7), and how
// many do communication and how many improved their skills (T8); the
// centre reads every province's.

var unionStaffFlash = map[string]string{
	"created": "Đã ghi số liệu cán bộ Hội.",
	"saved":   "Đã lưu thay đổi số liệu cán bộ Hội.",
}

// unionStaffCounts are the form's number fields with what they count.
var unionStaffCounts = []struct{ Field, Label string }{
	{"economic_total", "Cán bộ Hội làm công tác hỗ trợ phát triển kinh tế"},
	{"economic_trained", "Trong đó được tập huấn, bồi dưỡng (T7)"},
	{"communication_total", "Cán bộ Hội làm công tác tuyên truyền, vận động"},
	{"communication_improved", "Trong đó được nâng cao kỹ năng (T8)"},
}

func (s *Server) unionStaffList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, qerr := queryInt(q, "page")
	p, err := s.db.UnionStaffList(r.Context(), actor(r), store.UnionStaffFilter{Province: strings.TrimSpace(q.Get("province")), Page: page, PerPage: 20})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderQueried(w, r, qerr, "union_staff_list", map[string]any{"Page": p, "Query": q, "Province": q.Get("province"),
		"Flash": unionStaffFlash[q.Get("done")]})
}

func (s *Server) unionStaffNew(w http.ResponseWriter, r *http.Request) {
	rec := &coop.UnionStaffRecord{Province: actor(r).Province, RecordedOn: coop.Today()}
	s.renderUnionStaffForm(w, r, http.StatusOK, rec, unionStaffValues(rec), nil)
}

func (s *Server) unionStaffEdit(w http.ResponseWriter, r *http.Request) {
	withRecord(s, w, r, s.db.UnionStaff, func(rec *coop.UnionStaffRecord) {
		s.renderUnionStaffForm(w, r, http.StatusOK, rec, unionStaffValues(rec), nil)
	})
}

func (s *Server) unionStaffCreate(w http.ResponseWriter, r *http.Request) {
	rec, err := unionStaffFromForm(r)
	if err == nil {
		err = s.db.CreateUnionStaff(r.Context(), actor(r), rec)
	}
	if err != nil {
		s.unionStaffFormError(w, r, rec, err)
		return
	}
	http.Redirect(w, r, link("/union-staff", "province", rec.Province, "done", "created"), http.StatusSeeOther)
}

func (s *Server) unionStaffUpdate(w http.ResponseWriter, r *http.Request) {
	old, ok := recordAt(s, w, r, s.db.UnionStaff)
	if !ok {
		return
	}
	rec, err := unionStaffFromForm(r)
	rec.ID, rec.Province, rec.RecordedOn = old.ID, old.Province, old.RecordedOn
	if err == nil {
		err = s.db.UpdateUnionStaff(r.Context(), actor(r), old.ID, rec.Version, rec)
	}
	if err != nil {
		s.unionStaffFormError(w, r, rec, err)
		return
	}
	http.Redirect(w, r, link("/union-staff", "province", rec.Province, "done", "saved"), http.StatusSeeOther)
}

// unionStaffFromForm reads the form; a count that is not a whole number is
// an error on its field (the form shows again with what was typed).
func unionStaffFromForm(r *http.Request) (*coop.UnionStaffRecord, error) {
	rec := &coop.UnionStaffRecord{Province: r.PostFormValue("province"), RecordedOn: coop.ParseDateVN(r.PostFormValue("recorded_on")),
		Notes: r.PostFormValue("notes")}
	if rec.RecordedOn == "" {
		rec.RecordedOn = strings.TrimSpace(r.PostFormValue("recorded_on"))
	}
	p := coop.Problems{}
	rec.Version = wholeNumber(p, "version", r.PostFormValue("version"))
	targets := []*int64{&rec.EconomicTotal, &rec.EconomicTrained, &rec.CommunicationTotal, &rec.CommunicationImproved}
	for i, c := range unionStaffCounts {
		raw := strings.NewReplacer(".", "", " ", "").Replace(strings.TrimSpace(r.PostFormValue(c.Field)))
		if raw == "" {
			continue
		}
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			p.Add(c.Field, "Nhập số người là số nguyên, ví dụ 25.")
			continue
		}
		*targets[i] = n
	}
	return rec, p.Err()
}

// unionStaffValues are the form's values of a record.
func unionStaffValues(rec *coop.UnionStaffRecord) map[string]string {
	return map[string]string{"province": rec.Province, "recorded_on": rec.RecordedOn, "notes": rec.Notes,
		"economic_total": fmt.Sprint(rec.EconomicTotal), "economic_trained": fmt.Sprint(rec.EconomicTrained),
		"communication_total": fmt.Sprint(rec.CommunicationTotal), "communication_improved": fmt.Sprint(rec.CommunicationImproved)}
}

func (s *Server) unionStaffFormError(w http.ResponseWriter, r *http.Request, rec *coop.UnionStaffRecord, err error) {
	switch coop.ErrorCode(err) {
	case coop.EINVALID, coop.ECONFLICT, coop.EFORBIDDEN:
		v := map[string]string{}
		for k := range unionStaffValues(rec) {
			v[k] = r.PostFormValue(k)
		}
		v["recorded_on"] = rec.RecordedOn // as read: a date field shows YYYY-MM-DD
		if rec.ID != 0 {
			v["province"] = rec.Province
		}
		s.renderUnionStaffForm(w, r, status(err), rec, v, err)
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) renderUnionStaffForm(w http.ResponseWriter, r *http.Request, code int, rec *coop.UnionStaffRecord, v map[string]string, err error) {
	data := map[string]any{"Rec": rec, "V": v, "Counts": unionStaffCounts, "Errors": coop.ErrorFields(err)}
	if err != nil {
		data["Error"] = coop.ErrorMessage(err)
	}
	if code != http.StatusOK {
		w.WriteHeader(code)
	}
	s.render(w, r, "union_staff_form", data)
}

// unionStaffFuncs are the template functions of this file.
func unionStaffFuncs() template.FuncMap {
	fm := template.FuncMap{}
	// unionStaffShare writes part of total as a percentage, "–" without a
	// total.
	fm["unionStaffShare"] = func(part, total int64) string {
		if total <= 0 {
			return "–"
		}
		return coop.FormatFigure(coop.FigurePercent, coop.BasisPoints(part, total))
	}
	return fm
}
