package web

import (
	"context"
	"net/http"
	"net/url"

	"htxnu/internal/coop"
)

// The JSON API of a record kind is the same five steps each time: decode
// the body, call the store as the actor, answer the record read back (or
// the store's refusal). These helpers are those steps once; each kind's
// handlers name only its own store methods.

// reader reads one record as the actor sees it.
type reader[R any] func(ctx context.Context, a coop.Actor, id int64) (R, error)

// apiList answers a list filtered by the query string; a filter that does
// not read (a malformed number) is the error.
func apiList[F, P any](s *Server, w http.ResponseWriter, r *http.Request, filter func(url.Values) (F, error),
	list func(context.Context, coop.Actor, F) (P, error)) {
	f, err := filter(r.URL.Query())
	var page P
	if err == nil {
		page, err = list(r.Context(), actor(r), f)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

// apiGet answers the record named by the path's id.
func apiGet[R any](s *Server, w http.ResponseWriter, r *http.Request, read reader[R]) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeRecord(s, w, r, http.StatusOK, id, read)
}

// apiCreate decodes a new record, creates it and answers it read back, with
// its address (under path) in Location.
func apiCreate[T, R any](s *Server, w http.ResponseWriter, r *http.Request, path string, id func(*T) *int64,
	create func(context.Context, coop.Actor, *T) error, read reader[R]) {
	var rec T
	if err := decodeJSON(r, &rec); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := create(r.Context(), actor(r), &rec); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", path+itoa(*id(&rec)))
	writeRecord(s, w, r, http.StatusCreated, *id(&rec), read)
}

// apiUpdate decodes the record named by the path's id, saves it and
// answers it read back. The store refuses a change without the version it
// was made on.
func apiUpdate[T, R any](s *Server, w http.ResponseWriter, r *http.Request, id func(*T) *int64,
	update func(context.Context, coop.Actor, *T) error, read reader[R]) {
	pid, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var rec T
	if err := decodeJSON(r, &rec); err != nil {
		s.fail(w, r, err)
		return
	}
	*id(&rec) = pid
	if err := update(r.Context(), actor(r), &rec); err != nil {
		s.fail(w, r, err)
		return
	}
	writeRecord(s, w, r, http.StatusOK, pid, read)
}

// apiAction decodes the body of an action (a workflow move, an archive) on
// the record named by the path's id, takes it and answers what it returns.
func apiAction[In, Out any](s *Server, w http.ResponseWriter, r *http.Request, do func(context.Context, coop.Actor, int64, In) (Out, error)) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in In
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := do(r.Context(), actor(r), id, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// writeRecord answers the record read as the actor sees it.
func writeRecord[R any](s *Server, w http.ResponseWriter, r *http.Request, code int, id int64, read reader[R]) {
	rec, err := read(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, code, rec)
}

// versionBody is the body of an action that needs only the version the
// record was read at.
type versionBody struct {
	Version int64 `json:"version"`
}
