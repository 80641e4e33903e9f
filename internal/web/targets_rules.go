package web

import (
	"context"
	"net/http"

	"htxnu/internal/coop"
)

func (s *Server) apiAttendance(w http.ResponseWriter, r *http.Request) {
	apiGet(s, w, r, func(ctx context.Context, a coop.Actor, id int64) (map[string]any, error) {
		out, err := s.db.Attendance(ctx, a, id)
		return map[string]any{"attendees": out}, err
	})
}

// apiAttendanceAdd records attendees: {"attendees": [{"name", "sex",
// "role", "organisation_id"}, …]}.
func (s *Server) apiAttendanceAdd(w http.ResponseWriter, r *http.Request) {
	// Another province's activity is not found before the body is read.
	act, ok := recordAt(s, w, r, s.db.Activity)
	if !ok {
		return
	}
	var in struct {
		Attendees []coop.Attendee `json:"attendees"`
	}
	err := decodeJSON(r, &in)
	var out []coop.Attendee
	if err == nil {
		out, err = s.db.AddAttendance(r.Context(), actor(r), act.ID, in.Attendees)
	}
	s.reply(w, r, http.StatusCreated, map[string]any{"attendees": out}, err)
}

func (s *Server) apiUnionStaff(w http.ResponseWriter, r *http.Request) {
	out, err := s.db.UnionStaffRecords(r.Context(), actor(r), r.URL.Query().Get("province"))
	s.reply(w, r, http.StatusOK, map[string]any{"records": out}, err)
}

func (s *Server) apiUnionStaffRecord(w http.ResponseWriter, r *http.Request) {
	var rec coop.UnionStaffRecord
	err := decodeJSON(r, &rec)
	if err == nil {
		err = s.db.RecordUnionStaff(r.Context(), actor(r), &rec)
	}
	s.reply(w, r, http.StatusCreated, rec, err)
}

func (s *Server) apiTargetRules(w http.ResponseWriter, r *http.Request) {
	jobs, err := s.db.JobsRule(r.Context())
	s.reply(w, r, http.StatusOK, map[string]any{"rules": coop.TargetRules, "jobs_rule": jobs, "jobs_rules": coop.JobsRules,
		"counting_start": coop.CountingStart}, err)
}

// jobsBody picks the rule of T3 and T4: {"jobs_rule": id}.
type jobsBody struct {
	JobsRule string `json:"jobs_rule"`
}

func (s *Server) apiTargetRulesUpdate(w http.ResponseWriter, r *http.Request) {
	apiSet(s, w, r, func(ctx context.Context, a coop.Actor, b jobsBody) error { return s.db.SetJobsRule(ctx, a, b.JobsRule) }, s.apiTargetRules)
}
