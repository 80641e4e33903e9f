package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"htxnu/internal/coop"
)

func (s *Server) noticesPage(w http.ResponseWriter, r *http.Request) {
	page, qerr := queryInt(r.URL.Query(), "page")
	const per = 30
	items, total, unread, err := s.db.Notices(r.Context(), actor(r), page, per)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, pages := pageOf(page, per, total)
	s.renderQueried(w, r, qerr, "notices", map[string]any{"Items": items, "Total": total, "UnreadCount": unread,
		"Page": page, "Pages": pages, "Query": r.URL.Query(), "MailOn": s.mail.Configured()})
}

// noticesRead marks every notice read.
func (s *Server) noticesRead(w http.ResponseWriter, r *http.Request) {
	if err := s.db.MarkNoticesRead(r.Context(), actor(r), 0); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/notices", http.StatusSeeOther)
}

// noticeOpen marks one notice read and opens what it is about.
func (s *Server) noticeOpen(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, &coop.Error{Code: coop.EINVALID, Message: "Không rõ thông báo nào.", Fields: map[string]string{"id": "Thiếu số hiệu thông báo."}})
		return
	}
	if err := s.db.MarkNoticesRead(r.Context(), actor(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	next := r.PostFormValue("next")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		next = "/notices"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// DeliverNotices emails the notices not yet sent, when a mail server is
// configured, and answers how many were sent. A notice that fails stays
// pending for the next round.
func (s *Server) DeliverNotices(ctx context.Context) (int, error) {
	if !s.mail.Configured() {
		return 0, nil
	}
	pending, err := s.db.PendingMail(ctx, 100)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, m := range pending {
		body := "Kính gửi " + m.Name + ",\n\n" + m.Subject + "."
		if m.Body != "" {
			body += "\n" + m.Body
		}
		if m.Link != "" {
			body += "\n\nXem tại: " + s.baseURL + m.Link
		}
		body += "\n\nThư này được gửi tự động từ hệ thống htxnu của Liên minh Hợp tác xã Việt Nam. Xem mọi thông báo tại " + s.baseURL + "/notices."
		if err := s.mail.Send(m.To, m.Subject, body); err != nil {
			s.log.Warn("send notice", "notice", m.NoticeID, "err", err)
			continue
		}
		if err := s.db.MarkMailed(ctx, m.NoticeID); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}
