package web

import (
	"net/http"

	"htxnu/internal/coop"
)

func (s *Server) apiAttendance(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.db.Attendance(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"attendees": out})
}

// apiAttendanceAdd records attendees: {"attendees": [{"name", "sex",
// "role", "organisation_id"}, …]}.
func (s *Server) apiAttendanceAdd(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Another province's activity is not found before the body is read.
	if _, err := s.db.Activity(r.Context(), actor(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		Attendees []coop.Attendee `json:"attendees"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.db.AddAttendance(r.Context(), actor(r), id, in.Attendees)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"attendees": out})
}

func (s *Server) apiUnionStaff(w http.ResponseWriter, r *http.Request) {
	out, err := s.db.UnionStaffRecords(r.Context(), actor(r), r.URL.Query().Get("province"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"records": out})
}

func (s *Server) apiUnionStaffRecord(w http.ResponseWriter, r *http.Request) {
	var rec coop.UnionStaffRecord
	if err := decodeJSON(r, &rec); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.RecordUnionStaff(r.Context(), actor(r), &rec); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, rec)
}

func (s *Server) apiTargetRules(w http.ResponseWriter, r *http.Request) {
	jobs, err := s.db.JobsRule(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"rules": coop.TargetRules, "jobs_rule": jobs, "jobs_rules": coop.JobsRules,
		"counting_start": coop.CountingStart})
}

// apiTargetRulesUpdate picks the rule of T3 and T4: {"jobs_rule": id}.
func (s *Server) apiTargetRulesUpdate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		JobsRule string `json:"jobs_rule"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.SetJobsRule(r.Context(), actor(r), in.JobsRule); err != nil {
		s.fail(w, r, err)
		return
	}
	s.apiTargetRules(w, r)
}
