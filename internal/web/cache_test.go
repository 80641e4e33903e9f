package web_test

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// The dashboard is served from the render cache while nothing changes, and
// a saved record shows on the very next request.
func TestDashboardCacheStaysLive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dashSeed(t, db)
		ts := newServer(t, db)
		centre := userToken(t, db, "centre@htxnu.test", coop.RoleCentral, "")
		total := func() int64 {
			t.Helper()
			d := readDash(t, ts, centre, "")
			if d.Registry.Total == nil || len(d.Registry.Total.Cells) < 5 {
				t.Fatal("the dashboard has no registry total")
			}
			return cellN(t, d.Registry.Total.Cells[4]) // all organisations
		}
		get := func(header ...string) *http.Response {
			t.Helper()
			req, _ := http.NewRequest("GET", ts.URL+"/api/v1/dashboard", nil)
			req.Header.Set("Authorization", "Bearer "+centre)
			for i := 0; i+1 < len(header); i += 2 {
				req.Header.Set(header[i], header[i+1])
			}
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { resp.Body.Close() })
			return resp
		}

		before := total()
		first := get()
		etag := first.Header.Get("ETag")
		if first.StatusCode != 200 || etag == "" {
			t.Fatalf("dashboard: %d, ETag %q", first.StatusCode, etag)
		}
		if again := get("If-None-Match", etag); again.StatusCode != http.StatusNotModified {
			t.Fatalf("unchanged dashboard with its ETag: %d, want 304", again.StatusCode)
		}
		zipped := get("Accept-Encoding", "gzip")
		if zipped.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("dashboard not compressed for a browser that accepts gzip")
		}
		zr, err := gzip.NewReader(zipped.Body)
		if err != nil {
			t.Fatal(err)
		}
		plain, _ := io.ReadAll(first.Body)
		unzipped, _ := io.ReadAll(zr)
		if string(plain) != string(unzipped) {
			t.Fatal("the compressed dashboard differs from the plain one")
		}

		o := &coop.Organisation{Kind: coop.KindHTX, Name: "Hợp tác xã Mới thành lập", Sector: "agriculture", Governance: coop.GovernanceFull,
			Province: "01", Status: coop.StatusActive}
		if err := db.CreateOrganisation(context.Background(), coop.System, o); err != nil {
			t.Fatal(err)
		}
		if after := get("If-None-Match", etag); after.StatusCode != 200 || after.Header.Get("ETag") == etag {
			t.Fatalf("after a write the dashboard answered %d with the old ETag", after.StatusCode)
		}
		if got := total(); got != before+1 {
			t.Fatalf("registry total after saving an organisation: %d, want %d", got, before+1)
		}
	})
}

// TestCachedPageShowsTheNoteOfASave: the page a save redirects to shows,
// once, the note on an old province the save left in a cookie, even when
// the page is in the render cache, and the note is not kept there.
func TestCachedPageShowsTheNoteOfASave(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dashSeed(t, db)
		ts := newServer(t, db)
		centre := userToken(t, db, "centre@htxnu.test", coop.RoleCentral, "")
		const note = "Tỉnh Hà Giang (02) nay thuộc Tỉnh Tuyên Quang (08)"
		page := func(cookie string) string {
			t.Helper()
			req, _ := http.NewRequest("GET", ts.URL+"/targets/T1", nil)
			req.Header.Set("Authorization", "Bearer "+centre)
			if cookie != "" {
				req.AddCookie(&http.Cookie{Name: "htxnu_province_note", Value: cookie})
			}
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 {
				t.Fatalf("/targets/T1: %d", resp.StatusCode)
			}
			return string(b)
		}
		if strings.Contains(page(""), "nay thuộc") {
			t.Fatal("a note on a page no save led to")
		}
		if !strings.Contains(page(url.QueryEscape(note)), note) {
			t.Error("the cached page after a save lacks the save's note")
		}
		if strings.Contains(page(""), "nay thuộc") {
			t.Error("the note of a save comes back from the cache")
		}
	})
}

// The bell on a page served from the render cache is the reader's count
// of unread notices now: reminders come, and notices are read, without a
// write that moves the page's generation.
func TestCachedPageBellFollowsTheReadersNotices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dashSeed(t, db)
		ts := newServer(t, db)
		token := userToken(t, db, "canbo08@htxnu.test", coop.RoleProvincial, "08")
		officer, err := db.TokenActor(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		bell := func() string {
			t.Helper()
			req, _ := http.NewRequest("GET", ts.URL+"/dashboard", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 {
				t.Fatalf("dashboard: %d", resp.StatusCode)
			}
			page := string(b)
			i := strings.Index(page, `aria-label="Thông báo`)
			if i < 0 {
				t.Fatal("the dashboard has no bell")
			}
			label, _, _ := strings.Cut(page[i+len(`aria-label="`):], `"`)
			return label
		}
		if got := bell(); got != "Thông báo" {
			t.Fatalf("bell before any notice: %q", got)
		}
		bell() // served from the cache
		n, err := db.Remind(ctx)
		if err != nil {
			t.Fatal(err)
		}
		unread, err := db.UnreadNotices(ctx, officer)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 || unread == 0 {
			t.Fatalf("the reminders job wrote %d reminders, %d for the officer: the test proves nothing", n, unread)
		}
		if got, want := bell(), "Thông báo: "+strconv.Itoa(unread)+" chưa đọc"; got != want {
			t.Fatalf("bell after the reminders: %q, want %q", got, want)
		}
		if err := db.MarkNoticesRead(ctx, officer, 0); err != nil {
			t.Fatal(err)
		}
		if got := bell(); got != "Thông báo" {
			t.Fatalf("bell after reading every notice: %q", got)
		}
	})
}
