package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// The report's page: the figures grouped by section with their comments
// and overrides, the narrative, the conversation and the actions its
// reader may take. Every action is a POST form calling the same store
// method as the API; a refused one shows the page again with what was
// typed and the messages beside the form.

var reportFlash = map[string]string{
	"created":     "Đã mở dự thảo báo cáo. Số liệu đã được tổng hợp từ dữ liệu của kỳ báo cáo.",
	"exists":      "Báo cáo của kỳ này đã được lập: đây là báo cáo đó.",
	"saved":       "Đã lưu báo cáo.",
	"override":    "Đã lưu số liệu điều chỉnh.",
	"unoverride":  "Đã bỏ điều chỉnh; số liệu trở về số tổng hợp.",
	"submitted":   "Đã gửi báo cáo đến Liên minh HTX Việt Nam.",
	"resubmitted": "Đã gửi lại báo cáo.",
	"commented":   "Đã ghi góp ý.",
	"replied":     "Đã gửi trả lời.",
	"returned":    "Đã trả lại báo cáo để tỉnh chỉnh sửa.",
	"approved":    "Đã phê duyệt báo cáo.",
	"issued":      "Đã ban hành báo cáo toàn quốc.",
	"reopened":    "Đã mở lại báo cáo.",
}

// commentView is a comment with the replies that answer it.
type commentView struct {
	*coop.ReportComment
	Replies []*coop.ReportComment
}

// figureView is a figure of the page with the comments about it.
type figureView struct {
	coop.Figure
	Comments []commentView
}

type figureGroup struct {
	Code, Label string
	Figures     []figureView
}

type sectionView struct {
	Code, Label, Hint, Text string
	Comments                []commentView
}

// reportView arranges a report's figures and comments for its page.
type reportView struct {
	Groups   []figureGroup
	Sections []sectionView
	General  []commentView // about the whole report
	Comments int
}

// threads groups comments with their replies, by anchor ("figure:key",
// "section:key", "report").
func threads(cs []*coop.ReportComment) map[string][]commentView {
	out := map[string][]commentView{}
	index := map[int64][2]any{}
	for _, c := range cs {
		if c.ParentID != 0 {
			continue
		}
		k := c.AnchorKind
		if c.AnchorKey != "" {
			k += ":" + c.AnchorKey
		}
		out[k] = append(out[k], commentView{ReportComment: c})
		index[c.ID] = [2]any{k, len(out[k]) - 1}
	}
	for _, c := range cs {
		if c.ParentID == 0 {
			continue
		}
		if at, ok := index[c.ParentID]; ok {
			k, i := at[0].(string), at[1].(int)
			out[k][i].Replies = append(out[k][i].Replies, c)
		}
	}
	return out
}

func newReportView(d *store.ReportDetail) reportView {
	th := threads(d.Comments)
	v := reportView{General: th[coop.AnchorReport], Comments: len(d.Comments)}
	byGroup := map[string]*figureGroup{}
	for _, g := range coop.FigureGroups {
		v.Groups = append(v.Groups, figureGroup{Code: g.Code, Label: g.Label})
	}
	for i := range v.Groups {
		byGroup[v.Groups[i].Code] = &v.Groups[i]
	}
	for _, f := range d.Figures {
		g := byGroup[f.Group]
		if g == nil {
			v.Groups = append(v.Groups, figureGroup{Code: f.Group, Label: f.Group})
			g = &v.Groups[len(v.Groups)-1]
			byGroup[f.Group] = g
		}
		g.Figures = append(g.Figures, figureView{Figure: f, Comments: th[coop.AnchorFigure+":"+f.Key]})
	}
	groups := v.Groups[:0]
	for _, g := range v.Groups {
		if len(g.Figures) > 0 {
			groups = append(groups, g)
		}
	}
	v.Groups = groups
	for _, s := range coop.ReportSections {
		v.Sections = append(v.Sections, sectionView{Code: s.Code, Label: s.Label, Hint: coop.SectionHint(s.Code),
			Text: d.Narrative[s.Code], Comments: th[coop.AnchorSection+":"+s.Code]})
	}
	return v
}

func (s *Server) reportShow(w http.ResponseWriter, r *http.Request) {
	s.showReport(w, r, http.StatusOK, "", nil, nil)
}

// showReport renders the report's page; after a refused action, with the
// form that was posted (named by form), what was typed and the messages.
func (s *Server) showReport(w http.ResponseWriter, r *http.Request, code int, form string, posted url.Values, errs map[string]string) {
	d, ok := recordAt(s, w, r, s.db.Report)
	if !ok {
		return
	}
	if posted == nil {
		posted = url.Values{}
	}
	data := map[string]any{"R": d, "V": newReportView(d), "S": newReportSummary(d), "Form": form, "Posted": posted, "Errors": errs}
	if form == "" {
		// A figure's comment or override form is drawn only when asked
		// for (?open=comment:figure:KEY or override:KEY), which keeps the
		// page light.
		if open := r.URL.Query().Get("open"); openable(open) && formShown(open, d.Actions) {
			data["Form"] = open
		}
	} else if !formShown(form, d.Actions) {
		// The form is no longer on the page (the report moved on): its
		// message goes at the top, with what was typed so that it can be
		// copied.
		data["TopError"], data["Form"] = errs["_"], ""
		data["Unsaved"] = unsavedText(posted)
	}
	data["Flash"] = flash(reportFlash, r)
	if code != http.StatusOK {
		w.WriteHeader(code)
	}
	s.render(w, r, "report_detail", data)
}

// reportActionFailed shows the page again after a refused action when the
// refusal is the user's to correct, or the error page otherwise.
func (s *Server) reportActionFailed(w http.ResponseWriter, r *http.Request, form string, err error) {
	if errs, ok := formProblems(err); ok {
		s.showReport(w, r, status(err), form, r.PostForm, errs)
		return
	}
	if coop.ErrorCode(err) == coop.EFORBIDDEN {
		s.showReport(w, r, http.StatusForbidden, form, r.PostForm, map[string]string{"_": coop.ErrorMessage(err)})
		return
	}
	s.fail(w, r, err)
}

// parseFigureValue reads a figure typed the Vietnamese way: "1.234" for a
// count, "84,5" for a percent (stored in basis points).
func parseFigureValue(unit, s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	bad := &coop.Error{Code: coop.EINVALID, Message: "Số liệu điều chỉnh không hợp lệ.",
		Fields: map[string]string{"value": "Nhập một số (ví dụ 1.234" + map[bool]string{true: " hoặc 84,5", false: ""}[unit == coop.FigurePercent] + ")."}}
	if s == "" {
		bad.Fields["value"] = "Nhập số liệu điều chỉnh."
		return 0, bad
	}
	s = strings.ReplaceAll(s, " ", "")
	if unit == coop.FigurePercent {
		whole, frac, _ := strings.Cut(strings.ReplaceAll(s, ".", ""), ",")
		if len(frac) > 2 {
			return 0, bad
		}
		frac = (frac + "00")[:2]
		w, err1 := strconv.ParseInt(whole, 10, 64)
		f, err2 := strconv.ParseInt(frac, 10, 64)
		if err1 != nil || err2 != nil || w < 0 {
			return 0, bad
		}
		return w*100 + f, nil
	}
	n, err := strconv.ParseInt(strings.NewReplacer(".", "", ",", "").Replace(s), 10, 64)
	if err != nil {
		return 0, bad
	}
	return n, nil
}

// reportEditFromForm reads the narrative and document fields of the save
// form.
func reportEditFromForm(r *http.Request) store.ReportEdit {
	n := coop.Narrative{}
	for _, sec := range coop.ReportSections {
		n[sec.Code] = r.PostFormValue("narrative." + sec.Code)
	}
	e := store.ReportEdit{Narrative: n}
	if _, ok := r.PostForm["title"]; ok {
		t := r.PostFormValue("title")
		e.Title = &t
	}
	if _, ok := r.PostForm["meta.number"]; ok {
		e.Meta = &coop.ReportMeta{Number: r.PostFormValue("meta.number"), Place: r.PostFormValue("meta.place"),
			Date: r.PostFormValue("meta.date"), SignerName: r.PostFormValue("meta.signer_name"),
			SignerTitle: r.PostFormValue("meta.signer_title"), Recipients: strings.Split(r.PostFormValue("meta.recipients"), "\n")}
	}
	return e
}

// reportSave saves the narrative and document fields, or sets or removes
// one figure's override (action=override / unoverride, key=…).
func (s *Server) reportSave(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idAt(w, r)
	if !ok {
		return
	}
	a := actor(r)
	rowVersion, err := formNumber(r, "row_version")
	if err != nil {
		s.reportActionFailed(w, r, "save", err)
		return
	}
	update := s.db.UpdateReport
	if r.PathValue("national") != "" || strings.HasPrefix(r.URL.Path, "/reports/national/") {
		update = s.db.UpdateNationalReport
	}
	switch action := r.PostFormValue("action"); action {
	case "override", "unoverride":
		key := r.PostFormValue("key")
		d, err := s.db.Report(r.Context(), a, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ov := map[string]coop.Override{}
		for k, o := range d.Overrides {
			ov[k] = o
		}
		if action == "unoverride" {
			delete(ov, key)
		} else {
			unit := ""
			for _, f := range d.Figures {
				if f.Key == key {
					unit = f.Unit
				}
			}
			v, err := parseFigureValue(unit, r.PostFormValue("value"))
			if err != nil {
				s.reportActionFailed(w, r, "override:"+key, err)
				return
			}
			ov[key] = coop.Override{Value: v, Justification: r.PostFormValue("justification")}
		}
		if _, err := update(r.Context(), a, id, rowVersion, store.ReportEdit{Overrides: ov}); err != nil {
			s.reportActionFailed(w, r, "override:"+key, overrideProblems(err, key))
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/reports/%d?done=%s#fig-%s", id, action, anchorID(key)), http.StatusSeeOther)
	default:
		if _, err := update(r.Context(), a, id, rowVersion, reportEditFromForm(r)); err != nil {
			s.reportActionFailed(w, r, "save", err)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/reports/%d?done=saved#narrative", id), http.StatusSeeOther)
	}
}

// overrideProblems names the messages of one figure's override by the
// fields of its form ("value", "justification").
func overrideProblems(err error, key string) error {
	var ce *coop.Error
	if e, ok := err.(*coop.Error); ok {
		ce = e
	}
	if ce == nil || len(ce.Fields) == 0 {
		return err
	}
	out := &coop.Error{Code: ce.Code, Message: ce.Message, Fields: map[string]string{}}
	for k, v := range ce.Fields {
		switch k {
		case "overrides." + key:
			out.Fields["value"] = v
		case "overrides." + key + ".justification":
			out.Fields["justification"] = v
		default:
			out.Fields[k] = v
		}
	}
	return out
}

// anchorID makes a figure key usable as an HTML id.
func anchorID(key string) string { return strings.NewReplacer(".", "-", " ", "-").Replace(key) }

// reportMove runs a workflow action (step) from its form and comes back
// to the page.
func (s *Server) reportMove(w http.ResponseWriter, r *http.Request, form, done string, step reportStep) {
	s.reportAct(w, r, form, func(id int64) (string, error) {
		rowVersion, err := formNumber(r, "row_version")
		if err == nil {
			err = step(r.Context(), actor(r), id, moveBody{RowVersion: rowVersion, Note: r.PostFormValue("note"), Reason: r.PostFormValue("reason")})
		}
		return done, err
	})
}

// reportAct takes an action posted from a report's form (form names it)
// on the report the path names, and comes back to the page with what do
// answers: the done code and, for a comment, its anchor. Refused, the
// page shows again with the messages (see reportActionFailed). The form
// itself is read at the boundary (checkInput).
func (s *Server) reportAct(w http.ResponseWriter, r *http.Request, form string, do func(id int64) (string, error)) {
	s.actAt(w, r, func(id int64) (string, error) {
		back, err := do(id)
		return fmt.Sprintf("/reports/%d?done=%s", id, back), err
	}, func(w http.ResponseWriter, r *http.Request, _ int64, err error) {
		s.reportActionFailed(w, r, form, err)
	})
}

func (s *Server) reportSubmitPage(w http.ResponseWriter, r *http.Request) {
	s.reportMove(w, r, "submit", "submitted", versionStep(s.db.SubmitReport))
}

func (s *Server) reportResubmitPage(w http.ResponseWriter, r *http.Request) {
	s.reportMove(w, r, "submit", "resubmitted", versionStep(s.db.ResubmitReport))
}

func (s *Server) reportReturnPage(w http.ResponseWriter, r *http.Request) {
	s.reportMove(w, r, "return", "returned", s.stepReturn)
}

func (s *Server) reportApprovePage(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idAt(w, r)
	if !ok {
		return
	}
	done := "approved"
	if d, err := s.db.Report(r.Context(), actor(r), id); err == nil && d.National() {
		done = "issued"
	}
	s.reportMove(w, r, "approve", done, versionStep(s.db.ApproveReport))
}

func (s *Server) reportReopenPage(w http.ResponseWriter, r *http.Request) {
	s.reportMove(w, r, "reopen", "reopened", s.stepReopen)
}

// reportCommentPage adds the centre's comment on a figure, a section or the
// whole report.
func (s *Server) reportCommentPage(w http.ResponseWriter, r *http.Request) {
	c := &coop.ReportComment{AnchorKind: r.PostFormValue("anchor_kind"), AnchorKey: r.PostFormValue("anchor_key"), Body: r.PostFormValue("body")}
	s.reportAct(w, r, "comment:"+c.AnchorKind+":"+c.AnchorKey, func(id int64) (string, error) {
		err := s.db.CommentReport(r.Context(), actor(r), id, c)
		return fmt.Sprintf("commented#comment-%d", c.ID), err
	})
}

// reportReplyPage adds the province's answer to a comment.
func (s *Server) reportReplyPage(w http.ResponseWriter, r *http.Request) {
	parent, perr := formNumber(r, "comment_id")
	s.reportAct(w, r, fmt.Sprintf("reply:%d", parent), func(id int64) (string, error) {
		if perr != nil {
			return "", perr
		}
		c, err := s.db.ReplyReport(r.Context(), actor(r), id, parent, r.PostFormValue("body"))
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("replied#comment-%d", c.ID), nil
	})
}

// reportCompare shows two versions side by side with what changed.
func (s *Server) reportCompare(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idAt(w, r)
	if !ok {
		return
	}
	a := actor(r)
	d, err := s.db.Report(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := queryInts(r.URL.Query(), "a", "b")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	va, vb := n[0], n[1]
	if vb == 0 && len(d.Versions) > 0 {
		vb = d.Versions[len(d.Versions)-1].Version
	}
	if va == 0 {
		va = vb - 1
	}
	data := map[string]any{"R": d, "A": va, "B": vb}
	if len(d.Versions) < 2 {
		data["TooFew"] = true
		s.render(w, r, "report_compare", data)
		return
	}
	diff, err := s.db.CompareReportVersions(r.Context(), a, id, va, vb)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	verA, err := s.db.ReportVersion(r.Context(), a, id, va)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	verB, err := s.db.ReportVersion(r.Context(), a, id, vb)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	changed := map[string]bool{}
	for _, f := range diff.Figures {
		changed[f.Key] = true
	}
	var onA []*coop.ReportComment
	for _, c := range d.Comments {
		if c.Version == va {
			onA = append(onA, c)
		}
	}
	// Replies to version a's comments are shown with them, whatever
	// version they were written on.
	ids := map[int64]bool{}
	for _, c := range onA {
		ids[c.ID] = true
	}
	for _, c := range d.Comments {
		if c.ParentID != 0 && ids[c.ParentID] && c.Version != va {
			onA = append(onA, c)
		}
	}
	var all []commentView
	at := map[int64]int{}
	for _, c := range onA {
		if c.ParentID == 0 {
			at[c.ID] = len(all)
			all = append(all, commentView{ReportComment: c})
		}
	}
	for _, c := range onA {
		if i, ok := at[c.ParentID]; ok && c.ParentID != 0 {
			all[i].Replies = append(all[i].Replies, c)
		}
	}
	data["Diff"], data["VA"], data["VB"], data["Changed"], data["CommentsA"] = diff, verA, verB, changed, all
	s.render(w, r, "report_compare", data)
}

// openable reports whether a form may be opened from a link: a figure's
// comment or override form.
func openable(form string) bool {
	return strings.HasPrefix(form, "comment:"+coop.AnchorFigure+":") || strings.HasPrefix(form, "override:")
}

// unsavedField is a text typed into a form that could not be saved.
type unsavedField struct{ Label, Text string }

// unsavedText lists the texts of a refused form, labelled, so that the page
// can hand them back when the form itself is no longer offered.
func unsavedText(posted map[string][]string) []unsavedField {
	var out []unsavedField
	add := func(label, name string) {
		if v := strings.TrimSpace(firstValue(posted[name])); v != "" {
			out = append(out, unsavedField{label, v})
		}
	}
	add("Trích yếu", "title")
	for _, s := range coop.ReportSections {
		add(s.Label, "narrative."+s.Code)
	}
	add("Nội dung", "body")
	add("Lý do điều chỉnh", "justification")
	add("Lý do trả lại", "note")
	add("Lý do mở lại", "reason")
	return out
}

func firstValue(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// formShown reports whether the page shows the named form to a reader who
// may take the actions.
func formShown(form string, actions coop.ActionSet) bool {
	has := func(a coop.Action) bool { return slices.Contains(actions, a) }
	kind, _, _ := strings.Cut(form, ":")
	switch kind {
	case "":
		return false
	case "save", "override":
		return has("edit")
	case "submit":
		return has(coop.ActionSubmit) || has(coop.ActionResubmit)
	default:
		return has(coop.Action(kind))
	}
}
