package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
	"htxnu/internal/web"
)

// hostile sends a request as the server's administrator (or with the
// headers given) and returns the status, headers and body.
func hostile(t *testing.T, ts *httptest.Server, method, path, ctype, body string, hdr ...string) (int, http.Header, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	c := *ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

// listPaths are the lists a page number or a search text reaches.
var listPaths = []string{
	"/admin/users", "/organisations", "/api/v1/organisations", "/activities", "/api/v1/activities",
	"/obstacles", "/api/v1/obstacles", "/pipeline", "/api/v1/founding-cases", "/plans", "/api/v1/plans",
	"/api/v1/tasks", "/reports", "/api/v1/reports", "/audit", "/api/v1/audit", "/showcase", "/api/v1/showcase",
	"/showcase/manage", "/targets", "/api/v1/targets",
}

func TestListsClampPageNumbers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", true)
		for _, p := range listPaths {
			for _, page := range []string{"9223372036854775807", "-9223372036854775808", "99999999999", "0"} {
				code, _, body := hostile(t, ts, "GET", p+"?page="+page, "", "")
				if code != http.StatusOK {
					t.Errorf("%s?page=%s: status %d\n%.300s", p, page, code, body)
				}
			}
		}
	})
}

func TestSearchTextIsBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		seedOrg(t, db, "Hợp tác xã Dệt thổ cẩm Bản Lác", "08", true)
		manyWords := strings.Repeat("ab ", 1000)
		longWord := strings.Repeat("a", 50_001)
		for _, p := range listPaths {
			for _, q := range []string{manyWords, longWord, "a\x00b", "a\xffb"} {
				code, _, body := hostile(t, ts, "GET", p+"?q="+url.QueryEscape(q), "", "")
				if code != http.StatusUnprocessableEntity {
					t.Errorf("%s?q=%.20q: status %d, want 422\n%.300s", p, q, code, body)
				}
				if strings.HasPrefix(p, "/api/") && !strings.Contains(body, `"q":`) {
					t.Errorf("%s?q=%.20q: the error does not name q\n%.300s", p, q, body)
				}
			}
		}
		// Within the bounds, search still works, accents optional.
		code, _, body := hostile(t, ts, "GET", "/api/v1/organisations?q="+url.QueryEscape("ban lac  det"), "", "")
		if code != 200 || !strings.Contains(body, `"total":1`) {
			t.Fatalf("search: %d %s", code, body)
		}
	})
}

func TestControlCharactersRefusedAtTheBoundary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		org := func(name string) string {
			return `{"kind":"HTX","name":"` + name + `","sector":"agriculture","governance":"full","province":"08","status":"active"}`
		}
		for _, c := range []struct{ name, body, field string }{
			{"escaped NUL", org(`Hợp tác xã A\u0000B`), `"name":`},
			{"BEL", org(`Hợp tác xã A\u0007B`), `"name":`},
			{"ESC", org(`Hợp tác xã A\u001bB`), `"name":`},
			{"C1", org(`Hợp tác xã A\u0085B`), `"name":`},
			{"bidi override", org("Hợp tác xã \u202eABC"), `"name":`},
			{"invalid UTF-8", org("Hợp tác xã \xff\xfe"), `"_":`},
			{"nested", `{"kind":"HTX","name":"Hợp tác xã Ổn","sector":"agriculture","governance":"full","province":"08","status":"active","positions":[{"role":"director","holder":"A\u0000","sex":"female"}]}`, `"positions[0].holder":`},
		} {
			code, _, body := hostile(t, ts, "POST", "/api/v1/organisations", "application/json", c.body)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, c.field) {
				t.Errorf("%s: status %d, want 422 naming %s\n%s", c.name, code, c.field, body)
			}
		}
		// Forms: NUL, %FF and a bidi override in a name are refused, naming it.
		for _, v := range []string{"Hợp tác xã A\x00B", "Hợp tác xã \xff", "Hợp tác xã \u202eABC", "Hợp tác xã \x1b[31m"} {
			form := url.Values{"kind": {"HTX"}, "name": {v}, "sector": {"agriculture"}, "governance": {"full"}, "province": {"08"}, "status": {"active"}}
			code, _, body := hostile(t, ts, "POST", "/organisations", "application/x-www-form-urlencoded", form.Encode())
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "name") {
				t.Errorf("form name %q: status %d, want 422 naming name\n%.400s", v, code, body)
			}
		}
		// Nothing of the above was stored.
		code, _, body := hostile(t, ts, "GET", "/api/v1/organisations", "", "")
		if code != 200 || !strings.Contains(body, `"total":0`) {
			t.Fatalf("after refusals: %d %s", code, body)
		}
		// Tab and line feed in a multi-line field and between JSON tokens are fine.
		code, _, body = hostile(t, ts, "POST", "/api/v1/organisations", "application/json", "{\n\t"+strings.TrimPrefix(org("Hợp tác xã Ổn Định"), "{"))
		if code != http.StatusCreated {
			t.Fatalf("white space between tokens: %d %s", code, body)
		}
	})
}

func TestJSONBodiesAreStrict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		good := `{"kind":"HTX","name":"Hợp tác xã Chè Tân Cương","sector":"agriculture","governance":"full","province":"08","status":"active"}`
		for _, c := range []struct {
			name, ctype, body string
			want              int
			contains          string
		}{
			{"unknown field role", "application/json", strings.TrimSuffix(good, "}") + `,"role":"admin"}`, 422, `"role":`},
			{"unknown field admin", "application/json", strings.TrimSuffix(good, "}") + `,"admin":true}`, 422, `"admin":`},
			{"trailing object", "application/json", good + `{"name":"x"}`, 400, "malformed"},
			{"trailing garbage", "application/json", good + `xyz`, 400, "malformed"},
			{"text/plain", "text/plain", good, 415, "unsupported_media_type"},
			{"no content type", "", good, 415, "unsupported_media_type"},
			{"form type", "application/x-www-form-urlencoded", good, 415, "unsupported_media_type"},
			{"wrong type", "application/json", `{"name": 5}`, 422, "JSON"},
		} {
			code, _, body := hostile(t, ts, "POST", "/api/v1/organisations", c.ctype, c.body)
			if code != c.want || !strings.Contains(body, c.contains) {
				t.Errorf("%s: status %d, want %d with %q\n%s", c.name, code, c.want, c.contains, body)
			}
		}
		// "id" is known to the organisation but not settable: a create ignores it.
		code, _, body := hostile(t, ts, "POST", "/api/v1/organisations", "application/json; charset=utf-8", good)
		if code != http.StatusCreated {
			t.Fatalf("good body: %d %s", code, body)
		}
	})
}

func TestOversizedFormsAre413(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		u := &store.User{Email: "can.bo@htxnu.test", Name: "Cán bộ", Role: coop.RoleProvincial, Province: "08"}
		if err := db.CreateUser(t.Context(), coop.System, u, "mật-khẩu-thử-nghiệm"); err != nil {
			t.Fatal(err)
		}
		big := url.Values{"email": {u.Email}, "password": {"sai-mật-khẩu-rồi"}, "pad": {strings.Repeat("x", coop.MaxFormBytes)}}.Encode()
		for i := 0; i < 8; i++ {
			code, _, body := hostile(t, ts, "POST", "/login", "application/x-www-form-urlencoded", big, "Authorization", "")
			if code != http.StatusRequestEntityTooLarge || !strings.Contains(body, "quá lớn") {
				t.Fatalf("big sign-in form: status %d, want 413\n%.300s", code, body)
			}
		}
		// None of them counted as a failed sign-in: the right password works.
		form := url.Values{"email": {u.Email}, "password": {"mật-khẩu-thử-nghiệm"}}.Encode()
		code, hdr, _ := hostile(t, ts, "POST", "/login", "application/x-www-form-urlencoded", form)
		if code != http.StatusSeeOther || hdr.Get("Set-Cookie") == "" {
			t.Fatalf("sign-in after big forms: %d", code)
		}
		code, _, body := hostile(t, ts, "POST", "/organisations", "application/x-www-form-urlencoded", big)
		if code != http.StatusRequestEntityTooLarge || strings.Contains(body, "Nhập tên") {
			t.Fatalf("big organisation form: %d\n%.300s", code, body)
		}
		code, _, body = hostile(t, ts, "POST", "/api/v1/organisations", "application/json", `{"name":"`+strings.Repeat("x", coop.MaxFormBytes)+`"}`)
		if code != http.StatusRequestEntityTooLarge || !strings.Contains(body, "too_large") {
			t.Fatalf("big JSON: %d\n%.300s", code, body)
		}
	})
}

func TestNextStaysOnTheSite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		u := &store.User{Email: "lan@htxnu.test", Name: "Nguyễn Thị Lan", Role: coop.RoleProvincial, Province: "08"}
		if err := db.CreateUser(t.Context(), coop.System, u, "mật-khẩu-thử-nghiệm"); err != nil {
			t.Fatal(err)
		}
		for _, next := range []string{"/\t/evil.example/x", "/%09/evil.example/x", "//evil.example", "/\\evil.example", "/%5Cevil.example",
			"/%2F/evil.example", "https://evil.example/", "\\\\evil.example", "/\n/evil.example", "/\r\n/evil.example", "javascript:alert(1)", "evil.example"} {
			form := url.Values{"email": {u.Email}, "password": {"mật-khẩu-thử-nghiệm"}, "next": {next}}.Encode()
			code, hdr, _ := hostile(t, ts, "POST", "/login", "application/x-www-form-urlencoded", form, "Authorization", "")
			if code != http.StatusSeeOther || hdr.Get("Location") != "/" {
				t.Errorf("next=%q: %d Location %q, want /", next, code, hdr.Get("Location"))
			}
			// A signed-in visit to /login?next=… goes to the same place.
			code, hdr, _ = hostile(t, ts, "GET", "/login?next="+url.QueryEscape(next), "", "")
			if code == http.StatusSeeOther && hdr.Get("Location") != "/" {
				t.Errorf("GET /login?next=%q: Location %q", next, hdr.Get("Location"))
			}
		}
		form := url.Values{"email": {u.Email}, "password": {"mật-khẩu-thử-nghiệm"}, "next": {"/organisations?q=dong&page=2"}}.Encode()
		if code, hdr, _ := hostile(t, ts, "POST", "/login", "application/x-www-form-urlencoded", form, "Authorization", ""); code != 303 || hdr.Get("Location") != "/organisations?q=dong&page=2" {
			t.Fatalf("local next: %d %q", code, hdr.Get("Location"))
		}
	})
}

func TestRefusalsInVietnamese(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		code, hdr, body := hostile(t, ts, "GET", "/khong-co-trang-nay", "", "")
		if code != 404 || !strings.Contains(hdr.Get("Content-Type"), "text/html") || !strings.Contains(body, "Không tìm thấy") || strings.Contains(body, "404 page not found") {
			t.Errorf("unknown page: %d %s\n%.300s", code, hdr.Get("Content-Type"), body)
		}
		code, hdr, body = hostile(t, ts, "GET", "/api/v1/khong-co", "", "")
		if code != 404 || !strings.Contains(hdr.Get("Content-Type"), "application/json") || !strings.Contains(body, `"not_found"`) {
			t.Errorf("unknown API: %d %s\n%.300s", code, hdr.Get("Content-Type"), body)
		}
		code, _, body = hostile(t, ts, "DELETE", "/api/v1/organisations", "", "")
		if code != 405 || !strings.Contains(body, `"error"`) {
			t.Errorf("wrong method on API: %d\n%.300s", code, body)
		}
		code, hdr, body = hostile(t, ts, "POST", "/organisations", "application/x-www-form-urlencoded", "name=x", "Sec-Fetch-Site", "cross-site")
		if code != 403 || !strings.Contains(hdr.Get("Content-Type"), "text/html") || !strings.Contains(body, "trang web khác") {
			t.Errorf("cross-origin form: %d %s\n%.300s", code, hdr.Get("Content-Type"), body)
		}
		code, hdr, body = hostile(t, ts, "POST", "/api/v1/organisations", "application/json", "{}", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
		if code != 403 || !strings.Contains(hdr.Get("Content-Type"), "application/json") || !strings.Contains(body, `"forbidden"`) {
			t.Errorf("cross-origin API: %d %s\n%.300s", code, hdr.Get("Content-Type"), body)
		}
	})
}

func TestSignedInPagesAreNotCached(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		for _, p := range []string{"/", "/account", "/organisations", "/admin/users", "/api/v1/me", "/api/v1/organisations", "/dashboard", "/reports"} {
			code, hdr, _ := hostile(t, ts, "GET", p, "", "")
			cc := hdr.Get("Cache-Control")
			if code != 200 || !strings.Contains(cc, "no-store") || !strings.Contains(cc, "private") {
				t.Errorf("%s: %d Cache-Control %q, want private, no-store", p, code, cc)
			}
		}
	})
}

func TestTrustedProxies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		proxies, err := web.ParseTrustedProxies("127.0.0.1, 10.0.0.0/8")
		if err != nil {
			t.Fatal(err)
		}
		u := &store.User{Email: "lan@htxnu.test", Name: "Nguyễn Thị Lan", Role: coop.RoleProvincial, Province: "08"}
		if err := db.CreateUser(t.Context(), coop.System, u, "mật-khẩu-thử-nghiệm"); err != nil {
			t.Fatal(err)
		}
		signIn := func(ts *httptest.Server, hdr ...string) (cookie string, hsts string) {
			t.Helper()
			form := url.Values{"email": {u.Email}, "password": {"mật-khẩu-thử-nghiệm"}}.Encode()
			code, h, _ := hostile(t, ts, "POST", "/login", "application/x-www-form-urlencoded", form, append([]string{"Authorization", ""}, hdr...)...)
			if code != http.StatusSeeOther {
				t.Fatalf("sign in: %d", code)
			}
			return h.Get("Set-Cookie"), h.Get("Strict-Transport-Security")
		}
		lastAddress := func() string {
			t.Helper()
			events, _, err := db.AuditEvents(t.Context(), coop.System, store.AuditFilter{Entity: "user", PerPage: 200})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range events {
				if e.Action == "sign_in" {
					return string(e.After)
				}
			}
			t.Fatal("no sign-in audited")
			return ""
		}

		// The test server's client connects from 127.0.0.1: trusted here.
		srv, err := web.New(db, web.Options{TrustedProxies: proxies})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		cookie, hsts := signIn(ts, "X-Forwarded-For", "203.0.113.7, 10.1.2.3", "X-Forwarded-Proto", "https")
		if !strings.Contains(cookie, "Secure") || !strings.Contains(hsts, "max-age") {
			t.Errorf("behind a trusted TLS proxy: cookie %q, HSTS %q", cookie, hsts)
		}
		if a := lastAddress(); !strings.Contains(a, "203.0.113.7") {
			t.Errorf("audited address %s, want the client's 203.0.113.7", a)
		}
		// A client forging the left of the header does not choose its address.
		signIn(ts, "X-Forwarded-For", "198.51.100.1, 203.0.113.9")
		if a := lastAddress(); !strings.Contains(a, "203.0.113.9") {
			t.Errorf("audited address %s, want 203.0.113.9", a)
		}

		// Without the proxy trusted, the headers are ignored.
		plain := newServer(t, db)
		cookie, hsts = signIn(plain, "X-Forwarded-For", "203.0.113.8", "X-Forwarded-Proto", "https")
		if strings.Contains(cookie, "Secure") || hsts != "" {
			t.Errorf("untrusted proxy headers believed: cookie %q, HSTS %q", cookie, hsts)
		}
		if a := lastAddress(); strings.Contains(a, "203.0.113.8") || !strings.Contains(a, "127.0.0.1") {
			t.Errorf("audited address %s, want 127.0.0.1", a)
		}
		if _, err := web.ParseTrustedProxies("10.0.0.0/8, not-an-address"); err == nil {
			t.Error("a bad proxy list is accepted")
		}
	})
}

func TestImplausibleValuesOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := newServer(t, db)
		for _, c := range []struct{ name, body, field string }{
			{"members 10^12", `{"kind":"HTX","name":"Hợp tác xã Chè","sector":"agriculture","governance":"full","province":"08","status":"active","workforce":[{"as_of":"2025-12-31","members_total":1000000000000}]}`, `"workforce[0].members_total":`},
			{"founded in year 1", `{"kind":"HTX","name":"Hợp tác xã Chè","sector":"agriculture","governance":"full","province":"08","status":"active","founded_on":"0001-01-01"}`, `"founded_on":`},
			{"zero-width name", `{"kind":"HTX","name":"\u200b\u200b\u200b","sector":"agriculture","governance":"full","province":"08","status":"active"}`, `"name":`},
			{"BOM name", `{"kind":"HTX","name":"\ufeff\ufeff\ufeff","sector":"agriculture","governance":"full","province":"08","status":"active"}`, `"name":`},
		} {
			code, _, body := hostile(t, ts, "POST", "/api/v1/organisations", "application/json", c.body)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, c.field) {
				t.Errorf("%s: %d, want 422 naming %s\n%s", c.name, code, c.field, body)
			}
		}
	})
}
