package web

import (
	"net/http"

	"htxnu/internal/coop"
)

// Self-service password reset, offered only when the server can send
// email; otherwise the administrator resets a forgotten password.

func (s *Server) passwordForgotPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "password", map[string]any{"Step": "forgot", "MailOn": s.mail.Configured()})
}

func (s *Server) passwordForgot(w http.ResponseWriter, r *http.Request) {
	if !s.mail.Configured() {
		s.fail(w, r, coop.Errorf(coop.EINVALID, "Hệ thống chưa gửi được email: hãy liên hệ quản trị hệ thống để đặt lại mật khẩu."))
		return
	}
	email := r.PostFormValue("email")
	token, u, err := s.db.RequestPasswordReset(r.Context(), email)
	if err != nil {
		if coop.ErrorCode(err) == coop.EINVALID {
			w.WriteHeader(http.StatusUnprocessableEntity)
			s.render(w, r, "password", map[string]any{"Step": "forgot", "MailOn": true, "Errors": coop.ErrorFields(err), "Email": email})
			return
		}
		s.fail(w, r, err)
		return
	}
	if token != "" {
		body := "Kính gửi " + u.Name + ",\n\nCó yêu cầu đặt lại mật khẩu tài khoản htxnu của bạn. Mở đường dẫn sau trong vòng 1 giờ để đặt mật khẩu mới:\n\n" +
			s.baseURL + "/password/reset?token=" + token + "\n\nNếu bạn không yêu cầu, hãy bỏ qua thư này; mật khẩu cũ vẫn dùng được."
		if err := s.mail.Send(u.Email, "Đặt lại mật khẩu htxnu", body); err != nil {
			s.log.Error("send password reset", "err", err)
		}
	}
	// The same answer whether or not the address has an account.
	s.render(w, r, "password", map[string]any{"Step": "sent"})
}

func (s *Server) passwordResetPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "password", map[string]any{"Step": "reset", "Token": r.URL.Query().Get("token")})
}

func (s *Server) passwordReset(w http.ResponseWriter, r *http.Request) {
	token, pw := r.PostFormValue("token"), r.PostFormValue("new_password")
	var err error
	if pw != r.PostFormValue("confirm_password") {
		err = &coop.Error{Code: coop.EINVALID, Message: "Hai lần nhập mật khẩu mới không khớp.", Fields: map[string]string{"confirm_password": "Nhập lại đúng mật khẩu mới."}}
	} else {
		err = s.db.ResetPasswordWithToken(r.Context(), token, pw)
	}
	if err != nil {
		if coop.ErrorCode(err) == coop.EINVALID {
			w.WriteHeader(http.StatusUnprocessableEntity)
			s.render(w, r, "password", map[string]any{"Step": "reset", "Token": token, "Errors": coop.ErrorFields(err), "Error": coop.ErrorMessage(err)})
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/login?done=password", http.StatusSeeOther)
}
