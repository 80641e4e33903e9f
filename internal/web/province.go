package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// Provinces may be given everywhere — list filters (?province=), HTML
// forms and API bodies ("province" at any depth) — as a 2025 code or name
// or as one of the 63 provinces before 1 July 2025, with or without
// "Tỉnh"/"Thành phố"/"TP." and accents. The provinces middleware resolves
// them once, before any handler runs, so that handlers and the store only
// ever see 2025 codes:
//
//   - the value is replaced by the 2025 code;
//   - when an old province was given, the answer says so: an API object
//     answer gets "province_note" ("Tỉnh Bình Dương (74) nay thuộc Thành
//     phố Hồ Chí Minh (79)"), a page shows the note, also on the page a
//     form post redirects to;
//   - every audit event of the request keeps the province as given in its
//     after-state ("province_given").
//
// A value that names no province is left as it is for the handler to
// refuse; a list filter with one shows why it matches nothing.

func init() {
	fieldLabels["province_given"] = "Tỉnh, thành phố như đã nhập"
}

type provinceNotesKey struct{}

// provinceNotes are the notes about the provinces of a request.
type provinceNotes struct {
	notes []string
}

func (n *provinceNotes) add(note string) {
	for _, x := range n.notes {
		if x == note {
			return
		}
	}
	n.notes = append(n.notes, note)
}

// ProvinceNote is the note about the provinces given in the request, "" if
// none was an old (or unknown) one.
func provinceNote(r *http.Request) string {
	if n, ok := r.Context().Value(provinceNotesKey{}).(*provinceNotes); ok {
		return strings.Join(n.notes, "; ")
	}
	return ""
}

// provinceNoteCookie carries the note of a form post to the page it
// redirects to.
const provinceNoteCookie = "htxnu_province_note"

func (s *Server) provinces(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		notes := &provinceNotes{}
		var given []string
		note := func(res coop.ProvinceResolution) {
			if res.Note != "" {
				notes.add(res.Note)
			}
			if res.Given != res.Code && !slices.Contains(given, res.Given) {
				given = append(given, res.Given)
			}
		}

		// The list filter.
		if q := r.URL.Query(); q.Has("province") {
			changed := false
			for i, v := range q["province"] {
				if strings.TrimSpace(v) == "" || provinceFilterWords[v] {
					continue
				}
				res, err := coop.ResolveProvince(v)
				if err != nil {
					notes.add(coop.ErrorMessage(err))
					continue
				}
				note(res)
				if res.Code != v {
					q["province"][i], changed = res.Code, true
				}
			}
			if changed {
				r.URL.RawQuery = q.Encode()
			}
		}

		if r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch {
			mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			switch {
			case mt == "application/x-www-form-urlencoded":
				err := r.ParseForm()
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					s.fail(w, r, errTooLarge())
					return
				}
				if err == nil {
					for i, v := range r.PostForm["province"] {
						if res, err := coop.ResolveProvince(v); err == nil && strings.TrimSpace(v) != "" {
							note(res)
							r.PostForm["province"][i] = res.Code
						}
					}
					for i, v := range r.Form["province"] {
						if res, err := coop.ResolveProvince(v); err == nil && strings.TrimSpace(v) != "" {
							r.Form["province"][i] = res.Code
						}
					}
				}
			case mt == "application/json" || mt == "" && isAPI(r):
				body, err := io.ReadAll(r.Body)
				r.Body.Close()
				if err != nil {
					// Too large: the handler reads the same error.
					r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{err}))
					break
				}
				if out, ok := resolveJSONProvinces(body, note); ok {
					body = out
					r.ContentLength = int64(len(out))
				}
				r.Body = io.NopCloser(bytes.NewReader(body))
			}
		}

		ctx := context.WithValue(r.Context(), provinceNotesKey{}, notes)
		if len(given) > 0 {
			ctx = store.WithProvinceGiven(ctx, strings.Join(given, "; "))
		}
		r = r.WithContext(ctx)
		if len(notes.notes) == 0 {
			next.ServeHTTP(w, r)
			return
		}
		if isAPI(r) {
			// The note goes into the JSON body, so the body must come plain
			// and whole: no gzip, no 304 from a cached page.
			r.Header.Del("Accept-Encoding")
			r.Header.Del("If-None-Match")
			next.ServeHTTP(&noteWriter{ResponseWriter: w, note: provinceNote(r)}, r)
			return
		}
		if r.Method == http.MethodPost {
			// A post that redirects leaves the note for the next page.
			next.ServeHTTP(&redirectNoteWriter{ResponseWriter: w, r: r}, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// provinceFilterWords are the filter values that are not provinces: the
// centre's activities, VCA's national reports, every province's reports.
var provinceFilterWords = map[string]bool{"central": true, store.ProvinceNational: true, store.ProvinceAllProvinces: true}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// resolveJSONProvinces replaces every string under a "province" key of a
// JSON document by its 2025 code. ok is false when nothing changed (or the
// body is not JSON), so that the body is passed on byte for byte.
func resolveJSONProvinces(body []byte, note func(coop.ProvinceResolution)) ([]byte, bool) {
	if !bytes.Contains(body, []byte(`"province"`)) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil || dec.More() {
		return nil, false
	}
	changed := false
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && k == "province" && strings.TrimSpace(s) != "" {
					if res, err := coop.ResolveProvince(s); err == nil {
						note(res)
						if res.Code != s {
							x[k], changed = res.Code, true
						}
					}
					continue
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(doc)
	if !changed {
		return nil, false
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return nil, false
	}
	return out, true
}

// noteWriter adds "province_note" to an API answer that is a JSON object.
type noteWriter struct {
	http.ResponseWriter
	note string
	done bool
}

func (w *noteWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// WriteHeader drops a Content-Length set for the body without the note.
func (w *noteWriter) WriteHeader(code int) {
	w.Header().Del("Content-Length")
	w.ResponseWriter.WriteHeader(code)
}

func (w *noteWriter) Write(b []byte) (int, error) {
	if w.done {
		return w.ResponseWriter.Write(b)
	}
	w.done = true
	w.Header().Del("Content-Length")
	ct := w.Header().Get("Content-Type")
	trim := bytes.TrimLeft(b, " \t\r\n")
	if !strings.HasPrefix(ct, "application/json") || len(trim) == 0 || trim[0] != '{' {
		return w.ResponseWriter.Write(b)
	}
	n, _ := json.Marshal(w.note)
	rest := trim[1:]
	sep := ","
	if r := bytes.TrimLeft(rest, " \t\r\n"); len(r) > 0 && r[0] == '}' {
		sep = ""
	}
	out := make([]byte, 0, len(b)+len(n)+20)
	out = append(out, `{"province_note":`...)
	out = append(out, n...)
	out = append(out, sep...)
	out = append(out, rest...)
	if _, err := w.ResponseWriter.Write(out); err != nil {
		return 0, err
	}
	return len(b), nil
}

// redirectNoteWriter sets the note cookie on a redirect.
type redirectNoteWriter struct {
	http.ResponseWriter
	r *http.Request
}

func (w *redirectNoteWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *redirectNoteWriter) WriteHeader(code int) {
	if code >= 300 && code < 400 {
		http.SetCookie(w.ResponseWriter, &http.Cookie{Name: provinceNoteCookie, Value: url.QueryEscape(provinceNote(w.r)), Path: "/",
			HttpOnly: true, Secure: w.r.TLS != nil, SameSite: http.SameSiteLaxMode, MaxAge: 60})
	}
	w.ResponseWriter.WriteHeader(code)
}

// pageProvinceNote is the note a page shows: the request's own, or the one
// the form post before the redirect left (then cleared).
func pageProvinceNote(w http.ResponseWriter, r *http.Request) string {
	clear := func() {
		http.SetCookie(w, &http.Cookie{Name: provinceNoteCookie, Value: "", Path: "/", HttpOnly: true, Secure: r.TLS != nil,
			SameSite: http.SameSiteLaxMode, MaxAge: -1})
	}
	if n := provinceNote(r); n != "" {
		return n
	}
	if c, err := r.Cookie(provinceNoteCookie); err == nil && c.Value != "" {
		clear()
		if n, err := url.QueryUnescape(c.Value); err == nil {
			return n
		}
	}
	return ""
}
