package web

import (
	"context"
	"net/http"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// The periodic reports API: parse, call the store, answer JSON. Errors map
// to statuses in one place (status): 404 for another province's report,
// 403 for a role without the permission, 409 for a stale row version or a
// report that already exists, 422 for invalid input and for a transition
// the report's status does not allow.

func (s *Server) apiReportList(w http.ResponseWriter, r *http.Request) {
	apiList(s, w, r, reportFilterOf, s.db.Reports)
}

// writeReport answers the report in full, as its reader may see it.
func (s *Server) writeReport(w http.ResponseWriter, r *http.Request, code int, id int64) {
	writeRecord(s, w, r, code, id, s.db.Report)
}

func (s *Server) apiReportGet(w http.ResponseWriter, r *http.Request) {
	apiGet(s, w, r, s.db.Report)
}

func (s *Server) apiReportCreate(w http.ResponseWriter, r *http.Request) { s.createReport(w, r, false) }
func (s *Server) apiNationalCreate(w http.ResponseWriter, r *http.Request) {
	s.createReport(w, r, true)
}

// createReport opens a draft: a province's (the province is in the body)
// or VCA's national report.
func (s *Server) createReport(w http.ResponseWriter, r *http.Request, national bool) {
	var rep coop.Report
	if err := decodeJSON(r, &rep); err != nil {
		s.fail(w, r, err)
		return
	}
	if national {
		rep.Province = ""
	} else if strings.TrimSpace(rep.Province) == "" {
		rep.Province = actor(r).Province
		if rep.Province == "" {
			s.fail(w, r, &coop.Error{Code: coop.EINVALID, Message: "Chọn tỉnh, thành phố của báo cáo.",
				Fields: map[string]string{"province": "Chọn tỉnh, thành phố (báo cáo toàn quốc lập tại /api/v1/reports/national)."}})
			return
		}
	}
	if err := s.db.CreateReport(r.Context(), actor(r), &rep); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/reports/"+itoa(rep.ID))
	s.writeReport(w, r, http.StatusCreated, rep.ID)
}

// reportEditBody is the body of PUT: the row version read and the parts
// of the working copy to change.
type reportEditBody struct {
	RowVersion int64 `json:"row_version"`
	store.ReportEdit
}

func (s *Server) apiReportUpdate(w http.ResponseWriter, r *http.Request) { s.updateReport(w, r, false) }
func (s *Server) apiNationalUpdate(w http.ResponseWriter, r *http.Request) {
	s.updateReport(w, r, true)
}

func (s *Server) updateReport(w http.ResponseWriter, r *http.Request, national bool) {
	var in reportEditBody
	id, err := actionInput(r, decodeJSON, &in)
	if err == nil && in.RowVersion <= 0 {
		err = &coop.Error{Code: coop.EINVALID, Message: "Thiếu phiên bản của báo cáo được sửa.",
			Fields: map[string]string{"row_version": "Gửi kèm row_version đã đọc."}}
	}
	if err == nil {
		update := s.db.UpdateReport
		if national {
			update = s.db.UpdateNationalReport
		}
		_, err = update(r.Context(), actor(r), id, in.RowVersion, in.ReportEdit)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeReport(w, r, http.StatusOK, id)
}

// moveBody is the body of a workflow action: the row version read
// (optional, checked when given), and the note of a return or the reason
// of a reopening.
type moveBody struct {
	RowVersion int64  `json:"row_version"`
	Note       string `json:"note"`
	Reason     string `json:"reason"`
}

// reportStep is a workflow action on a report, the same from the API and
// from the page: the row version read, and the note of a return or the
// reason of a reopening.
type reportStep func(ctx context.Context, a coop.Actor, id int64, in moveBody) error

// versionStep is a step that takes only the row version read: a
// submission, a resubmission, an approval.
func versionStep(move func(ctx context.Context, a coop.Actor, id, rowVersion int64) (*coop.Report, error)) reportStep {
	return func(ctx context.Context, a coop.Actor, id int64, in moveBody) error {
		_, err := move(ctx, a, id, in.RowVersion)
		return err
	}
}

func (s *Server) stepReturn(ctx context.Context, a coop.Actor, id int64, in moveBody) error {
	_, err := s.db.ReturnReport(ctx, a, id, in.RowVersion, in.Note)
	return err
}

func (s *Server) stepReopen(ctx context.Context, a coop.Actor, id int64, in moveBody) error {
	_, err := s.db.ReopenReport(ctx, a, id, in.RowVersion, in.Reason)
	return err
}

// move runs a workflow action and answers the report.
func (s *Server) move(w http.ResponseWriter, r *http.Request, step reportStep) {
	var in moveBody
	id, err := actionInput(r, decodeOptionalJSON, &in)
	if err == nil {
		err = step(r.Context(), actor(r), id, in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeReport(w, r, http.StatusOK, id)
}

func (s *Server) apiReportSubmit(w http.ResponseWriter, r *http.Request) {
	s.move(w, r, versionStep(s.db.SubmitReport))
}

func (s *Server) apiReportResubmit(w http.ResponseWriter, r *http.Request) {
	s.move(w, r, versionStep(s.db.ResubmitReport))
}

func (s *Server) apiReportReturn(w http.ResponseWriter, r *http.Request) {
	s.move(w, r, s.stepReturn)
}

func (s *Server) apiReportApprove(w http.ResponseWriter, r *http.Request) {
	s.move(w, r, versionStep(s.db.ApproveReport))
}

func (s *Server) apiReportReopen(w http.ResponseWriter, r *http.Request) {
	s.move(w, r, s.stepReopen)
}

func (s *Server) apiReportComment(w http.ResponseWriter, r *http.Request) {
	var c coop.ReportComment
	id, err := actionInput(r, decodeJSON, &c)
	if err == nil {
		err = s.db.CommentReport(r.Context(), actor(r), id, &c)
	}
	s.reply(w, r, http.StatusCreated, c, err)
}

func (s *Server) apiReportReply(w http.ResponseWriter, r *http.Request) {
	var in struct {
		CommentID int64  `json:"comment_id"`
		Body      string `json:"body"`
	}
	id, err := actionInput(r, decodeJSON, &in)
	var c *coop.ReportComment
	if err == nil {
		c, err = s.db.ReplyReport(r.Context(), actor(r), id, in.CommentID, in.Body)
	}
	s.reply(w, r, http.StatusCreated, c, err)
}

// idAndInts reads the path's id and the whole numbers the query names
// (0 for those left out).
func idAndInts(r *http.Request, keys ...string) (int64, []int, error) {
	id, err := pathID(r, "id")
	var n []int
	if err == nil {
		n, err = queryInts(r.URL.Query(), keys...)
	}
	return id, n, err
}

// apiReportVersions lists the frozen versions, or answers version n.
func (s *Server) apiReportVersions(w http.ResponseWriter, r *http.Request) {
	id, n, err := idAndInts(r, "n")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if n[0] != 0 {
		v, err := s.db.ReportVersion(r.Context(), actor(r), id, n[0])
		s.reply(w, r, http.StatusOK, v, err)
		return
	}
	vs, err := s.db.ReportVersions(r.Context(), actor(r), id)
	s.reply(w, r, http.StatusOK, map[string]any{"items": vs}, err)
}

func (s *Server) apiReportCompare(w http.ResponseWriter, r *http.Request) {
	id, n, err := idAndInts(r, "a", "b")
	var d *coop.VersionDiff
	if err == nil {
		d, err = s.db.CompareReportVersions(r.Context(), actor(r), id, n[0], n[1])
	}
	s.reply(w, r, http.StatusOK, d, err)
}

func (s *Server) apiReportCalendar(w http.ResponseWriter, r *http.Request) {
	year, err := queryInt(r.URL.Query(), "year")
	var items []store.CalendarEntry
	if err == nil {
		items, err = s.db.ReportCalendar(r.Context(), actor(r), year)
	}
	s.reply(w, r, http.StatusOK, map[string]any{"items": items}, err)
}

func (s *Server) apiReportRates(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	year, err := queryInt(q, "year")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.db.ReportingRates(r.Context(), actor(r), store.RatesFilter{Year: year, Kind: q.Get("kind"), Province: q.Get("province")})
	s.reply(w, r, http.StatusOK, res, err)
}

// apiNationalReport answers the consolidated table of a period (kind,
// year, half or phase; by default the periodic report most recently due).
func (s *Server) apiNationalReport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	n, err := queryInts(q, "year", "half")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := coop.Period{Kind: q.Get("kind"), Year: n[0], Half: n[1], Phase: q.Get("phase"), From: q.Get("from"), To: q.Get("to")}
	res, err := s.db.NationalReport(r.Context(), actor(r), p)
	s.reply(w, r, http.StatusOK, res, err)
}

func (s *Server) apiReportTemplates(w http.ResponseWriter, r *http.Request) {
	ts, err := s.db.ReportTemplates(r.Context(), actor(r))
	s.reply(w, r, http.StatusOK, map[string]any{"items": ts, "kinds": coop.ReportKinds, "conventions": coop.ReportConventions,
		"statuses": coop.ReportStatuses, "sections": coop.ReportSections, "figure_groups": coop.FigureGroups, "figure_units": coop.FigureUnits}, err)
}

// apiReportTemplateUpdate changes one kind's template; the body carries
// the version read.
func (s *Server) apiReportTemplateUpdate(w http.ResponseWriter, r *http.Request) {
	apiSet(s, w, r, func(ctx context.Context, a coop.Actor, t coop.ReportTemplate) error {
		_, err := s.db.UpdateReportTemplate(ctx, a, t)
		return err
	}, s.apiReportTemplates)
}
