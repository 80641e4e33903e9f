package web_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/mail"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
	"htxnu/internal/web"
)

// smtpServer is the smallest SMTP server that accepts mail: enough to see
// what htxnu sends. It answers on 127.0.0.1 until the test ends.
func smtpServer(t *testing.T) (string, <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got := make(chan string, 16)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				r := bufio.NewReader(c)
				say := func(s string) { c.Write([]byte(s + "\r\n")) }
				say("220 test ESMTP")
				var msg strings.Builder
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					cmd := strings.ToUpper(strings.TrimSpace(line))
					switch {
					case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
						say("250 test")
					case strings.HasPrefix(cmd, "DATA"):
						say("354 go on")
						for {
							l, err := r.ReadString('\n')
							if err != nil {
								return
							}
							if l == ".\r\n" {
								break
							}
							msg.WriteString(l)
						}
						got <- msg.String()
						msg.Reset()
						say("250 queued")
					case strings.HasPrefix(cmd, "QUIT"):
						say("221 bye")
						return
					default:
						say("250 ok")
					}
				}
			}(c)
		}
	}()
	return ln.Addr().String(), got
}

// TestNoticesBellAndEmail: an escalated obstacle rings the centre's bell,
// lists on its notices page, and is emailed once with a link to it.
func TestNoticesBellAndEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		addr, inbox := smtpServer(t)
		srv, err := web.New(db, web.Options{Mail: &mail.Sender{Addr: addr, From: "htxnu@vca.test"}, BaseURL: "https://htxnu.test"})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		t.Cleanup(ts.Close)

		officer := &store.User{Email: "canbo@tq.test", Name: "Ma Thị Hương", Role: coop.RoleProvincial, Province: "08"}
		if err := db.CreateUser(ctx, coop.System, officer, "mật-khẩu-thông-báo"); err != nil {
			t.Fatal(err)
		}
		centreTok := userToken(t, db, "trunguong@vca.test", coop.RoleCentral, "")
		ob := &coop.Obstacle{Province: "08", Category: "credit", Title: "Hợp tác xã không vay được vốn Quỹ", Description: "Thiếu tài sản bảo đảm."}
		if err := db.CreateObstacle(ctx, officer.Actor(), ob); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MoveObstacle(ctx, officer.Actor(), ob.ID, 0, coop.ObstacleMove{To: coop.ObstacleEscalated, Comment: "Xin hướng dẫn"}); err != nil {
			t.Fatal(err)
		}
		page := getAs(t, ts, centreTok, "/organisations", http.StatusOK)
		if !strings.Contains(page, `<span class="count">1</span>`) {
			t.Error("the bell does not show one unread notice")
		}
		page = getAs(t, ts, centreTok, "/notices", http.StatusOK)
		link := "/obstacles/" + strconv.FormatInt(ob.ID, 10)
		if !strings.Contains(page, "được chuyển lên trung ương") || !strings.Contains(page, `value="`+link+`"`) {
			t.Errorf("the notices page lacks the escalation:\n%s", page)
		}

		n, err := srv.DeliverNotices(ctx)
		if err != nil || n != 1 {
			t.Fatalf("delivered %d, %v", n, err)
		}
		msg := <-inbox
		head, body, _ := strings.Cut(msg, "\r\n\r\n")
		if !strings.Contains(head, "To: trunguong@vca.test") {
			t.Errorf("mail to the wrong person:\n%s", head)
		}
		var subject string
		for _, l := range strings.Split(head, "\r\n") {
			if s, ok := strings.CutPrefix(l, "Subject: "); ok {
				subject, _ = new(mime.WordDecoder).DecodeHeader(s)
			}
		}
		text, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(strings.TrimSpace(body), "\r\n", ""))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(subject, "được chuyển lên trung ương") || !strings.Contains(string(text), "https://htxnu.test"+link) {
			t.Errorf("mail reads %q\n%s", subject, text)
		}
		if n, _ := srv.DeliverNotices(ctx); n != 0 {
			t.Errorf("%d notices mailed twice", n)
		}
	})
}

// TestPasswordResetByEmail: a forgotten password is reset through a link
// mailed to the account's address, once; an unknown address gets the same
// answer.
func TestPasswordResetByEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		addr, inbox := smtpServer(t)
		srv, err := web.New(db, web.Options{Mail: &mail.Sender{Addr: addr, From: "htxnu@vca.test"}, BaseURL: "https://htxnu.test"})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		t.Cleanup(ts.Close)
		c := ts.Client()
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		u := &store.User{Email: "canbo@tq.test", Name: "Ma Thị Hương", Role: coop.RoleProvincial, Province: "08"}
		if err := db.CreateUser(ctx, coop.System, u, "mật-khẩu-cũ-đã-quên"); err != nil {
			t.Fatal(err)
		}
		if body := getAs(t, ts, "", "/login", http.StatusOK); !strings.Contains(body, `href="/password/forgot"`) {
			t.Error("the sign-in page offers no reset when mail is configured")
		}
		code, _, unknown := postForm(t, c, ts.URL+"/password/forgot", url.Values{"email": {"khong-co@tq.test"}})
		code2, _, known := postForm(t, c, ts.URL+"/password/forgot", url.Values{"email": {"CanBo@tq.test"}})
		if code != 200 || code2 != 200 || unknown != known {
			t.Fatalf("the answers differ for a known and an unknown address (%d, %d)", code, code2)
		}
		msg := <-inbox
		_, body, _ := strings.Cut(msg, "\r\n\r\n")
		text, _ := base64.StdEncoding.DecodeString(strings.ReplaceAll(strings.TrimSpace(body), "\r\n", ""))
		_, link, ok := strings.Cut(string(text), "https://htxnu.test/password/reset?token=")
		if !strings.Contains(msg, "To: canbo@tq.test") || !ok {
			t.Fatalf("no reset link mailed to the account:\n%s", text)
		}
		token := strings.Fields(link)[0]
		form := url.Values{"token": {token}, "new_password": {"mật-khẩu-mới-dễ-nhớ"}, "confirm_password": {"mật-khẩu-mới-dễ-nhớ"}}
		if code, loc, _ := postForm(t, c, ts.URL+"/password/reset", form); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
			t.Fatalf("reset: %d %s", code, loc)
		}
		if _, _, err := db.SignIn(ctx, "canbo@tq.test", "mật-khẩu-mới-dễ-nhớ", "127.0.0.1", "test"); err != nil {
			t.Fatalf("sign in with the new password: %v", err)
		}
		if code, _, _ := postForm(t, c, ts.URL+"/password/reset", form); code != http.StatusUnprocessableEntity {
			t.Errorf("a used link worked again: %d", code)
		}
	})
}
