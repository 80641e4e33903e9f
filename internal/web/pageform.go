package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"htxnu/internal/coop"
)

// The pages of a record kind take the same steps each time: read the
// record the path names, show its form with what was typed and the
// messages, save it and go to where it is shown. These helpers are those
// steps once; each kind names only its own store methods and templates.

// pathID reads the id a path names: anything but a positive whole number
// names no record.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, coop.NotFound("bản ghi")
	}
	return id, nil
}

// pathIDIf reads the id the path names when byID (see pathID); else 0.
func pathIDIf(r *http.Request, byID bool) (int64, error) {
	if !byID {
		return 0, nil
	}
	return pathID(r, "id")
}

// idAt reads the id the path names; one that is not (see pathID) is the
// error page (and false).
func (s *Server) idAt(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return 0, false
	}
	return id, true
}

// recordAt reads the record named by the path's id as the actor sees it;
// an id that is not one, or a record the actor may not see, is the error
// page (and false).
func recordAt[R any](s *Server, w http.ResponseWriter, r *http.Request, read reader[R]) (R, bool) {
	id, err := pathID(r, "id")
	if err == nil {
		var rec R
		if rec, err = read(r.Context(), actor(r), id); err == nil {
			return rec, true
		}
	}
	s.fail(w, r, err)
	var none R
	return none, false
}

// refusedAt reads again the record id names, to show its page with the
// reason an action on it was refused (err). A refusal that is not for the
// input (see formProblems), or a read that fails, is the error page (and
// false).
func refusedAt[R any](s *Server, w http.ResponseWriter, r *http.Request, read reader[R], id int64, err error) (R, bool) {
	if _, ok := formProblems(err); ok {
		rec, rerr := read(r.Context(), actor(r), id)
		if rerr == nil {
			return rec, true
		}
		err = rerr
	}
	s.fail(w, r, err)
	var none R
	return none, false
}

// withRecord hands the record the path names (see recordAt) to show.
func withRecord[R any](s *Server, w http.ResponseWriter, r *http.Request, read reader[R], show func(R)) {
	if rec, ok := recordAt(s, w, r, read); ok {
		show(rec)
	}
}

// recordForm is how the pages of a record kind read and show its form.
type recordForm[T any] struct {
	read func(*http.Request) (*T, coop.Problems) // the record typed, and the numbers that do not read
	id   func(*T) *int64
	show func(w http.ResponseWriter, r *http.Request, code int, rec *T, err error)
	page string // where a saved record is shown: a format of its id and the done code
}

// saveRecord saves the record a form typed: a new one, or (byID) the one
// the path names.
func saveRecord[T any](s *Server, w http.ResponseWriter, r *http.Request, f recordForm[T], byID bool, save writer[T], done string) {
	id, err := pathIDIf(r, byID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rec, p := f.read(r)
	*f.id(rec) = id
	s.saveForm(w, r, p, func() error { return save(r.Context(), actor(r), rec) },
		func(code int, err error) { f.show(w, r, code, rec, err) },
		func() string { return fmt.Sprintf(f.page, *f.id(rec), done) })
}

// pageAction takes an action posted from a record's page (do) on the
// record the path names. Refused for its input, the page shows again
// (again, when given) with what was typed and the messages; any other
// refusal is the error page. Done, it goes to done, a format of the id.
func (s *Server) pageAction(w http.ResponseWriter, r *http.Request, do func(id int64) error,
	again func(w http.ResponseWriter, r *http.Request, code int, form url.Values, errs map[string]string), done string) {
	s.actAt(w, r, func(id int64) (string, error) { return fmt.Sprintf(done, id), do(id) },
		func(w http.ResponseWriter, r *http.Request, _ int64, err error) {
			if errs, ok := formProblems(err); ok && again != nil {
				again(w, r, status(err), r.PostForm, errs)
				return
			}
			s.fail(w, r, err)
		})
}

// actAt takes an action (do) on the record the path names and goes to the
// address do answers; refused, refused shows why.
func (s *Server) actAt(w http.ResponseWriter, r *http.Request, do func(id int64) (string, error),
	refused func(w http.ResponseWriter, r *http.Request, id int64, err error)) {
	id, ok := s.idAt(w, r)
	if !ok {
		return
	}
	to, err := do(id)
	if err != nil {
		refused(w, r, id, err)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// renderForm renders a form page with the messages of err: "Error" the
// general one, "Errors" those by field.
func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, code int, name string, data map[string]any, err error) {
	data["Errors"] = coop.ErrorFields(err)
	if err != nil {
		data["Error"] = coop.ErrorMessage(err)
	}
	s.renderCode(w, r, code, name, data)
}

// saveForm saves what a form typed. Problems already found in reading it
// (p), or the store's refusal of the input, a stale version or a scope the
// actor may not write, show the form again (again, with the status and the
// error); any other error is the error page. Saved, it goes to the address
// done gives.
func (s *Server) saveForm(w http.ResponseWriter, r *http.Request, p coop.Problems, save func() error,
	again func(code int, err error), done func() string) {
	err := formErr(p)
	if err == nil {
		err = save()
	}
	switch coop.ErrorCode(err) {
	case "":
		http.Redirect(w, r, done(), http.StatusSeeOther)
	case coop.EINVALID, coop.ECONFLICT, coop.EFORBIDDEN:
		again(status(err), err)
	default:
		s.fail(w, r, err)
	}
}

// renderQueried renders a page read from a query string: with a malformed
// number (qerr, from queryNumbers), 400 and the message above the page.
func (s *Server) renderQueried(w http.ResponseWriter, r *http.Request, qerr error, name string, data map[string]any) {
	code := http.StatusOK
	if qerr != nil {
		data["QueryError"] = coop.ErrorMessage(qerr)
		code = status(qerr)
	}
	s.renderCode(w, r, code, name, data)
}

// renderCode renders a page with the status code given.
func (s *Server) renderCode(w http.ResponseWriter, r *http.Request, code int, name string, data map[string]any) {
	if code != http.StatusOK {
		w.WriteHeader(code)
	}
	s.render(w, r, name, data)
}
