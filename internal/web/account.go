package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"htxnu/internal/auth"
	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// safeNext returns a path on this site to go to after signing in: next if
// it is one, "/" otherwise. Browsers drop tabs and line breaks and read a
// backslash as a slash, so "/\t/evil.example" and "/\\evil.example" lead
// off the site: next is refused if, as sent or percent-decoded, it has a
// control character or a backslash, or starts with anything but one slash.
func safeNext(next string) string {
	if next == "" || len(next) > 2048 {
		return "/"
	}
	dec, err := url.PathUnescape(next)
	if err != nil {
		return "/"
	}
	for _, s := range []string{next, dec} {
		if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.Contains(s, "\\") || coop.TextProblem(s) != "" {
			return "/"
		}
		for _, r := range s {
			if r < 0x20 || r == 0x7f || unicode.IsSpace(r) && r != ' ' {
				return "/"
			}
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	return next
}

func (s *Server) setSession(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: isHTTPS(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int((7 * 24 * time.Hour).Seconds()),
	})
}

func clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: isHTTPS(r), SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if actor(r).Role != coop.RoleAnonymous {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, "login", map[string]any{"Next": r.URL.Query().Get("next"), "MailOn": s.mail.Configured()})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	email, next := r.PostFormValue("email"), r.PostFormValue("next")
	token, _, err := s.db.SignIn(r.Context(), email, r.PostFormValue("password"), clientAddress(r), r.UserAgent())
	if err != nil {
		code := status(err)
		if code == http.StatusInternalServerError {
			s.fail(w, r, err)
			return
		}
		w.WriteHeader(code)
		s.render(w, r, "login", map[string]any{"Next": next, "Email": email, "Error": coop.ErrorMessage(err)})
		return
	}
	s.setSession(w, r, token)
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.db.SignOut(r.Context(), c.Value); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	clearSession(w, r)
	http.Redirect(w, r, "/login?done=signed_out", http.StatusSeeOther)
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, map[string]any{})
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, code int, data map[string]any) {
	a := actor(r)
	u, err := s.db.User(r.Context(), a, a.UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tokens, err := s.db.APITokens(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data["User"], data["Tokens"] = u, tokens
	s.renderCode(w, r, code, "account", data)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	next := r.PostFormValue("new_password")
	if next != r.PostFormValue("confirm_password") {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, map[string]any{"Errors": map[string]string{"confirm_password": "Mật khẩu nhập lại không khớp."}})
		return
	}
	if err := s.db.ChangePassword(r.Context(), actor(r), r.PostFormValue("current_password"), next); err != nil {
		if coop.ErrorCode(err) == coop.EINVALID {
			s.renderAccount(w, r, status(err), map[string]any{"Errors": coop.ErrorFields(err), "Error": coop.ErrorMessage(err)})
			return
		}
		s.fail(w, r, err)
		return
	}
	clearSession(w, r)
	http.Redirect(w, r, "/login?done=password", http.StatusSeeOther)
}

func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request) {
	if err := s.db.SignOutEverywhere(r.Context(), actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	clearSession(w, r)
	http.Redirect(w, r, "/login?done=signed_out_all", http.StatusSeeOther)
}

func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) {
	token, _, err := s.db.CreateAPIToken(r.Context(), actor(r), r.PostFormValue("name"))
	if err != nil {
		if coop.ErrorCode(err) == coop.EINVALID {
			s.renderAccount(w, r, status(err), map[string]any{"Errors": coop.ErrorFields(err), "Error": coop.ErrorMessage(err)})
			return
		}
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.renderAccount(w, r, http.StatusOK, map[string]any{"NewToken": token})
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idAt(w, r)
	if !ok {
		return
	}
	if err := s.db.RevokeAPIToken(r.Context(), actor(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?done=token_revoked", http.StatusSeeOther)
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	u, err := s.db.User(r.Context(), a, a.UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

// Administration of accounts.

// userFromForm reads an account from a posted form; an agency or version
// that is not a number is a field error returned apart.
func userFromForm(r *http.Request) (*store.User, coop.Problems) {
	u := &store.User{
		Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Role: r.PostFormValue("role"),
		Province: r.PostFormValue("province"), Disabled: r.PostFormValue("disabled") == "1",
	}
	p := coop.Problems{}
	u.AgencyID = wholeNumber(p, "agency_id", r.PostFormValue("agency_id"))
	u.Version = wholeNumber(p, "version", r.PostFormValue("version"))
	return u, p
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, qerr := queryInt(q, "page")
	page = coop.ClampPage(page)
	f := store.UserFilter{Q: q.Get("q"), Role: q.Get("role"), Province: q.Get("province"), Page: page, PerPage: 50}
	users, total, err := s.db.Users(r.Context(), actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, pages := pageOf(page, 50, total)
	s.renderQueried(w, r, qerr, "users", map[string]any{"Users": users, "Total": total, "Filter": f, "Query": q, "Page": page, "Pages": pages})
}

func (s *Server) renderUserForm(w http.ResponseWriter, r *http.Request, code int, u *store.User, err error, password string) {
	agencies, aerr := s.db.Agencies(r.Context())
	if aerr != nil {
		s.fail(w, r, aerr)
		return
	}
	data := map[string]any{"U": u, "Agencies": agencies, "Errors": coop.ErrorFields(err), "NewPassword": password}
	if err != nil {
		data["Error"] = coop.ErrorMessage(err)
	}
	if code != http.StatusOK {
		w.WriteHeader(code)
	}
	if password != "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	s.render(w, r, "user_form", data)
}

func (s *Server) userNew(w http.ResponseWriter, r *http.Request) {
	s.renderUserForm(w, r, http.StatusOK, &store.User{Role: coop.RoleProvincial}, nil, "")
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) {
	u, p := userFromForm(r)
	password := r.PostFormValue("password")
	generated := password == ""
	if generated {
		password = newPassword()
	}
	err := formErr(p)
	if err == nil {
		err = s.db.CreateUser(r.Context(), actor(r), u, password)
	}
	if err != nil {
		s.userFormError(w, r, u, err)
		return
	}
	if generated {
		s.renderUserForm(w, r, http.StatusOK, u, nil, password)
		return
	}
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(u.ID, 10)+"?done=saved", http.StatusSeeOther)
}

func (s *Server) userFormError(w http.ResponseWriter, r *http.Request, u *store.User, err error) {
	switch coop.ErrorCode(err) {
	case coop.EINVALID, coop.ECONFLICT:
		s.renderUserForm(w, r, status(err), u, err, "")
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) userEdit(w http.ResponseWriter, r *http.Request) {
	withRecord(s, w, r, s.db.User, func(u *store.User) { s.renderUserForm(w, r, http.StatusOK, u, nil, "") })
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idAt(w, r)
	if !ok {
		return
	}
	u, p := userFromForm(r)
	u.ID = id
	err := formErr(p)
	if err == nil {
		err = s.db.UpdateUser(r.Context(), actor(r), u)
	}
	if err != nil {
		s.userFormError(w, r, u, err)
		return
	}
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10)+"?done=saved", http.StatusSeeOther)
}

func (s *Server) userResetPassword(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idAt(w, r)
	if !ok {
		return
	}
	password := newPassword()
	err := s.db.ResetPassword(r.Context(), actor(r), id, password)
	var u *store.User
	if err == nil {
		u, err = s.db.User(r.Context(), actor(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderUserForm(w, r, http.StatusOK, u, nil, password)
}

func newPassword() string {
	p, err := auth.NewPassword()
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return p
}
