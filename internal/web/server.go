// Package web serves htxnu over HTTP: server-rendered pages in Vietnamese
// and the JSON API under /api/v1, with every route's permission named in
// routes.go.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/mail"
	"htxnu/internal/store"
)

// Server is the HTTP side of htxnu.
type Server struct {
	db      *store.DB
	log     *slog.Logger
	pages   *pages
	mux     *http.ServeMux
	version string
	mail    *mail.Sender // nil or unconfigured: no email
	baseURL string       // how links in emails begin, e.g. https://htxnu.vca.org.vn
	proxies []netip.Prefix
	cache   renderCache // the dashboards and the national report (cache.go)
}

// Options configure a Server.
type Options struct {
	Logger  *slog.Logger
	Version string
	// Mail sends notices and password-reset links when it names an SMTP
	// server; BaseURL begins the links they carry.
	Mail    *mail.Sender
	BaseURL string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed (see ParseTrustedProxies).
	TrustedProxies []netip.Prefix
}

// New returns a Server over db with every route registered.
func New(db *store.DB, opt Options) (*Server, error) {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{db: db, log: opt.Logger, pages: p, mux: http.NewServeMux(), version: opt.Version, proxies: opt.TrustedProxies,
		mail: opt.Mail, baseURL: strings.TrimSuffix(opt.BaseURL, "/")}
	s.register()
	return s, nil
}

// Handler returns the server's handler with its middleware.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, coop.Errorf(coop.EFORBIDDEN, "Yêu cầu gửi từ một trang web khác nên đã bị từ chối. Hãy mở lại trang trên htxnu rồi gửi lại."))
	}))
	var h http.Handler = http.HandlerFunc(s.route)
	h = cop.Handler(h)
	h = s.secure(h)
	h = s.requestLog(h)
	h = s.forwarded(h)
	return h
}

// route serves the request through the routing table; an address or a
// method it does not know gets the application's own refusal (a page in
// Vietnamese, or a JSON error under /api/) instead of the mux's plain text.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	h, pattern := s.mux.Handler(r)
	if pattern != "" {
		s.mux.ServeHTTP(w, r)
		return
	}
	rec := &refusal{header: http.Header{}}
	h.ServeHTTP(rec, r)
	r = r.WithContext(context.WithValue(r.Context(), actorKey, s.authenticate(r)))
	switch rec.code {
	case http.StatusMethodNotAllowed:
		if allow := rec.header.Get("Allow"); allow != "" {
			w.Header().Set("Allow", allow)
		}
		s.fail(w, r, coop.Errorf(coop.EMETHOD, "Địa chỉ này không nhận phương thức %s.", r.Method))
	case http.StatusNotFound:
		s.fail(w, r, coop.NotFound("trang bạn yêu cầu"))
	default:
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.code)
	}
}

// refusal records what the mux would answer to a request no route matches.
type refusal struct {
	header http.Header
	code   int
}

func (r *refusal) Header() http.Header { return r.header }
func (r *refusal) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return len(b), nil
}
func (r *refusal) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}

type ctxKey int

const actorKey ctxKey = 1

// actor returns the acting user of the request.
func actor(r *http.Request) coop.Actor {
	if a, ok := r.Context().Value(actorKey).(coop.Actor); ok {
		return a
	}
	return coop.Anonymous
}

// guard resolves the actor and checks the route's permission before the
// handler runs. Without a valid session or token a page redirects to the
// sign-in page and the API answers 401.
func (s *Server) guard(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := s.authenticate(r)
		ctx := context.WithValue(r.Context(), actorKey, a)
		r = r.WithContext(ctx)
		if !coop.Can(a, rt.Perm) {
			if a.Role == coop.RoleAnonymous {
				if !isAPI(r) && r.Method == http.MethodGet {
					http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
				s.fail(w, r, coop.Errorf(coop.EUNAUTH, "Vui lòng đăng nhập."))
				return
			}
			s.fail(w, r, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền thực hiện thao tác này."))
			return
		}
		if a.Role != coop.RoleAnonymous {
			// Pages and answers for a signed-in user hold personal or
			// unpublished data: no cache keeps them. A handler serving
			// public content may say otherwise.
			w.Header().Set("Cache-Control", "private, no-store")
		}
		if err := checkInput(r); err != nil {
			s.fail(w, r, err)
			return
		}
		rt.Handler(w, r)
	})
}

// sessionCookie is the name of the cookie that holds the session token.
const sessionCookie = "htxnu_session"

// authenticate returns the actor of the request: from a personal API token
// (Authorization: Bearer …) or the session cookie; anonymous otherwise.
func (s *Server) authenticate(r *http.Request) coop.Actor {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		a, err := s.db.TokenActor(r.Context(), strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")))
		if err != nil {
			return coop.Anonymous
		}
		return a
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return coop.Anonymous
	}
	a, err := s.db.SessionActor(r.Context(), c.Value)
	if err != nil {
		return coop.Anonymous
	}
	return a
}

// secure sets security headers and a CSP, and limits request bodies.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
		if isHTTPS(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		limit := int64(coop.MaxFormBytes)
		if isUpload(r) {
			limit = uploadLimit
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// requestLog gives each request an id, recovers panics and logs one line.
func (s *Server) requestLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		rand.Read(b)
		id := hex.EncodeToString(b)
		w.Header().Set("X-Request-Id", id)
		ctx := store.WithRequestID(r.Context(), id)
		sw := &statusWriter{ResponseWriter: w, status: 200}
		start := time.Now()
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "request_id", id, "panic", p, "stack", string(debug.Stack()))
				http.Error(sw, "Đã có lỗi hệ thống.", http.StatusInternalServerError)
			}
			s.log.Debug("request", "request_id", id, "method", r.Method, "path", r.URL.Path, "status", sw.status, "ms", time.Since(start).Milliseconds())
		}()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

// statuses are the HTTP statuses of the error codes; any other error is
// 500.
var statuses = map[string]int{
	coop.ENOTFOUND: http.StatusNotFound, coop.EINVALID: http.StatusUnprocessableEntity,
	coop.EFORBIDDEN: http.StatusForbidden, coop.ECONFLICT: http.StatusConflict,
	coop.EUNAUTH: http.StatusUnauthorized, coop.EMALFORMED: http.StatusBadRequest,
	coop.ETOOLARGE: http.StatusRequestEntityTooLarge, coop.EMETHOD: http.StatusMethodNotAllowed,
	coop.EMEDIATYPE: http.StatusUnsupportedMediaType,
}

// status maps an error code to its HTTP status: the one place that does.
func status(err error) int {
	if code, ok := statuses[coop.ErrorCode(err)]; ok {
		return code
	}
	return http.StatusInternalServerError
}

// fail answers an error: JSON under /api/, an error page otherwise.
// Internal errors are logged once and shown as a generic message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = errTooLarge()
	}
	code := status(err)
	if code == http.StatusInternalServerError {
		s.log.Error("request failed", "request_id", store.RequestID(r.Context()), "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if isAPI(r) {
		body := map[string]any{"error": map[string]any{"code": coop.ErrorCode(err), "message": coop.ErrorMessage(err)}}
		if f := coop.ErrorFields(err); len(f) > 0 {
			body["error"].(map[string]any)["fields"] = f
		}
		writeJSON(w, code, body)
		return
	}
	w.WriteHeader(code)
	s.render(w, r, "error", map[string]any{"Status": code, "Message": coop.ErrorMessage(err)})
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		slog.Error("write json", "err", err)
	}
}

// formProblems returns, for an error the user can fix by editing the form
// (invalid input, or a record saved by someone else meanwhile), the
// messages to show beside it: "_" holds the general message, the rest are
// per field. ok is false for any other error.
func formProblems(err error) (errs map[string]string, ok bool) {
	switch coop.ErrorCode(err) {
	case coop.EINVALID, coop.ECONFLICT:
		errs = map[string]string{"_": coop.ErrorMessage(err)}
		for k, v := range coop.ErrorFields(err) {
			errs[k] = v
		}
		return errs, true
	}
	return nil, false
}
