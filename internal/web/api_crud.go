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

// writer saves a record as the actor.
type writer[T any] func(ctx context.Context, a coop.Actor, rec *T) error

// apiList answers a list filtered by the query string; a filter that does
// not read (a malformed number) is the error.
func apiList[F, P any](s *Server, w http.ResponseWriter, r *http.Request, filter func(url.Values) (F, error),
	list func(context.Context, coop.Actor, F) (P, error)) {
	f, err := filter(r.URL.Query())
	var page P
	if err == nil {
		page, err = list(r.Context(), actor(r), f)
	}
	s.reply(w, r, http.StatusOK, page, err)
}

// apiGet answers the record named by the path's id; read may also be an
// action that needs no body and answers the record it changed.
func apiGet[R any](s *Server, w http.ResponseWriter, r *http.Request, read reader[R]) {
	id, err := pathID(r, "id")
	var rec R
	if err == nil {
		rec, err = read(r.Context(), actor(r), id)
	}
	s.reply(w, r, http.StatusOK, rec, err)
}

// reply answers v with the status code, or err when there is one.
func (s *Server) reply(w http.ResponseWriter, r *http.Request, code int, v any, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, code, v)
}

// actionInput reads the path's id and decodes the body into in, with
// decode: decodeJSON, or decodeOptionalJSON where the body may be left out.
func actionInput(r *http.Request, decode func(*http.Request, any) error, in any) (int64, error) {
	id, err := pathID(r, "id")
	if err == nil {
		err = decode(r, in)
	}
	return id, err
}

// apiWrite decodes a record, lets set fill what the address says (given
// the path's id when byID, else 0), saves it as the actor and hands it to
// answer. The store refuses a change without the version it was made on.
func apiWrite[T any](s *Server, w http.ResponseWriter, r *http.Request, byID bool, set func(rec *T, pathID int64),
	save writer[T], answer func(*T)) {
	pid, err := pathIDIf(r, byID)
	var rec T
	if err == nil {
		err = decodeJSON(r, &rec)
	}
	if err == nil {
		set(&rec, pid)
		err = save(r.Context(), actor(r), &rec)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	answer(&rec)
}

// created says where a new record is (path and id) and that it is new.
func created(w http.ResponseWriter, path string, id int64) int {
	w.Header().Set("Location", path+itoa(id))
	return http.StatusCreated
}

// apiCreate decodes a new record, creates it and answers it read back, with
// its address (under path) in Location.
func apiCreate[T, R any](s *Server, w http.ResponseWriter, r *http.Request, path string, id func(*T) *int64,
	create writer[T], read reader[R]) {
	apiWrite(s, w, r, false, func(*T, int64) {}, create, func(rec *T) {
		writeRecord(s, w, r, created(w, path, *id(rec)), *id(rec), read)
	})
}

// apiUpdate decodes the record named by the path's id, saves it and
// answers it read back.
func apiUpdate[T, R any](s *Server, w http.ResponseWriter, r *http.Request, id func(*T) *int64,
	update writer[T], read reader[R]) {
	apiWrite(s, w, r, true, func(rec *T, pid int64) { *id(rec) = pid }, update, func(rec *T) {
		writeRecord(s, w, r, http.StatusOK, *id(rec), read)
	})
}

// apiAction decodes the body of an action (a workflow move, an archive) on
// the record named by the path's id, takes it and answers what it returns.
func apiAction[In, Out any](s *Server, w http.ResponseWriter, r *http.Request, do func(context.Context, coop.Actor, int64, In) (Out, error)) {
	var in In
	id, err := actionInput(r, decodeJSON, &in)
	var out Out
	if err == nil {
		out, err = do(r.Context(), actor(r), id, in)
	}
	s.reply(w, r, http.StatusOK, out, err)
}

// recordAPI is the JSON API of a record kind: its list filtered by the
// query string, one record, a new record and a change. routes.go puts its
// methods on the kind's addresses.
type recordAPI[F, P, T, R any] struct {
	s              *Server
	path           string // a record's address before its id
	filter         func(url.Values) (F, error)
	list           func(context.Context, coop.Actor, F) (P, error)
	read           reader[R]
	create, update writer[T]
	id             func(*T) *int64
}

func (k recordAPI[F, P, T, R]) List(w http.ResponseWriter, r *http.Request) {
	apiList(k.s, w, r, k.filter, k.list)
}

func (k recordAPI[F, P, T, R]) Get(w http.ResponseWriter, r *http.Request) { apiGet(k.s, w, r, k.read) }

func (k recordAPI[F, P, T, R]) Create(w http.ResponseWriter, r *http.Request) {
	apiCreate(k.s, w, r, k.path, k.id, k.create, k.read)
}

func (k recordAPI[F, P, T, R]) Update(w http.ResponseWriter, r *http.Request) {
	apiUpdate(k.s, w, r, k.id, k.update, k.read)
}

// writeRecord answers the record read as the actor sees it.
func writeRecord[R any](s *Server, w http.ResponseWriter, r *http.Request, code int, id int64, read reader[R]) {
	rec, err := read(r.Context(), actor(r), id)
	s.reply(w, r, code, rec, err)
}

// apiSet decodes the body of a setting (a rule picked, a template), saves
// it as the actor and answers as get does.
func apiSet[In any](s *Server, w http.ResponseWriter, r *http.Request, set func(context.Context, coop.Actor, In) error,
	get http.HandlerFunc) {
	var in In
	err := decodeJSON(r, &in)
	if err == nil {
		err = set(r.Context(), actor(r), in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	get(w, r)
}

// versionBody is the body of an action that needs only the version the
// record was read at.
type versionBody struct {
	Version int64 `json:"version"`
}
