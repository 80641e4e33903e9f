package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// Fuzz targets for the decoders of outside input at the HTTP boundary. CI
// runs each for a few seconds (scripts/test.sh); `go test` runs the seeds.

// apiWrites are fresh values of the types the API writes decode into.
var apiWrites = []func() any{
	func() any { return &coop.Organisation{} },
	func() any { return &coop.Activity{} },
	func() any { return &coop.Obstacle{} },
	func() any { return &coop.FoundingCase{} },
	func() any { return &store.User{} },
	func() any {
		return &struct {
			Version int64 `json:"version"`
		}{}
	},
}

func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"kind":"HTX","name":"Hợp tác xã Chè","province":"08","positions":[{"holder":"Lan"}]}`,
		`{"name":"a\u0000b"}`, `{"name":"\u202e"}`, "{\"name\":\"\xff\"}", `{"role":"admin"}`, `{} {}`, `{"version":1}x`,
		`[1,2]`, `"x"`, `{"workforce":[{"members_total":1e300}]}`, `{"a":{"b":[{"c":"\u0007"}]}}`, ``, `null`,
		`{"kind":"press","title":"Tọa đàm","starts_on":"2025-03-01","costs":[{"source":"local_budget","amount":5}]}`,
	} {
		for i := range apiWrites {
			f.Add(i, []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, which int, body []byte) {
		if which < 0 {
			which = -which
		}
		v := apiWrites[which%len(apiWrites)]()
		err := decodeJSONBytes(body, v)
		if err == nil {
			// What was accepted holds no text the boundary refuses.
			if o, ok := v.(*coop.Organisation); ok {
				for _, s := range []string{o.Name, o.Commune, o.Address, o.Phone, o.RegistrationNo} {
					if m := coop.TextProblem(s); m != "" {
						t.Fatalf("accepted %q: %s", s, m)
					}
				}
			}
			return
		}
		switch coop.ErrorCode(err) {
		case coop.EINVALID, coop.EMALFORMED:
		default:
			t.Fatalf("%q: %v", body, err)
		}
	})
}

func FuzzCheckInput(f *testing.F) {
	for _, s := range []string{"name=H%E1%BB%A3p+t%C3%A1c+x%C3%A3&province=08", "name=a%00b", "q=%FF", "q=" + strings.Repeat("a+", 30), "%zz=1", "a=1;b=2", "next=%2F%09%2Fevil", ""} {
		f.Add(s, "q=dong&page=2")
	}
	f.Fuzz(func(t *testing.T, form, query string) {
		r := httptest.NewRequest("POST", "/organisations?"+url.PathEscape(query), strings.NewReader(form))
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		err := checkInput(r)
		if err == nil {
			for k, vs := range r.PostForm {
				for _, v := range vs {
					if coop.TextProblem(k) != "" || coop.TextProblem(v) != "" {
						t.Fatalf("accepted %q=%q", k, v)
					}
				}
			}
			return
		}
		if c := status(err); c < 400 || c >= 500 {
			t.Fatalf("%q: status %d (%v)", form, c, err)
		}
	})
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "/organisations?q=dong", "/\t/evil.example", "//evil", "/\\evil", "/%5Cevil", "/%2F/evil", "https://evil", "\\\\evil", "/%09/x", "/%zz", "/a\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got == "/" {
			return
		}
		u, err := url.Parse(got)
		if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\t\r\n\x00") {
			t.Fatalf("safeNext(%q) = %q", next, got)
		}
		if dec, err := url.PathUnescape(got); err != nil || strings.HasPrefix(dec, "//") || strings.ContainsAny(dec, "\\\t\r\n") {
			t.Fatalf("safeNext(%q) = %q decodes to %q", next, got, dec)
		}
	})
}

func FuzzDashboardFilter(f *testing.F) {
	for _, s := range []string{"period=2026", "period=2026-H1", "period=phase-2026-2030", "from=01/2025&to=2025-12", "from=9999-99&to=0000-00", "province=99&kind=x&sort=%00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		_, _, _ = parseDashFilter(q, coop.System)
		for _, v := range q["from"] {
			if m := parseMonth(v); m != "" && len(m) != 7 {
				t.Fatalf("parseMonth(%q) = %q", v, m)
			}
		}
	})
}

func FuzzTrustedProxies(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "10.0.0.0/8, ::1", "x", "", "1.2.3.4/99", "::ffff:10.0.0.1"} {
		f.Add(s, "203.0.113.7, 10.0.0.2", "https")
	}
	f.Fuzz(func(t *testing.T, list, xff, proto string) {
		proxies, err := ParseTrustedProxies(list)
		if err != nil {
			return
		}
		s := &Server{proxies: proxies}
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("X-Forwarded-For", xff)
		r.Header.Set("X-Forwarded-Proto", proto)
		var got peer
		s.forwarded(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got = r.Context().Value(peerKey).(peer)
		})).ServeHTTP(httptest.NewRecorder(), r)
		if got.addr == "" {
			t.Fatal("no client address")
		}
	})
}
