package web_test

// Every page of the route table, as every role, on a phone and on a
// desktop, over the demo data: no page scrolls sideways, offers an action
// the role cannot take, shows an internal code, or takes the server over
// 300 ms.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/web"
)

const (
	desktopWidth  = 1366
	desktopHeight = 900
	// slowPage is the server time past which the tour names a page in its
	// log. Time budgets are the pages harness's (htxnu bench pages, run at a
	// small scale by make test), which times every route alone; this tour
	// shares the machine with the whole suite and only reports.
	slowPage = 300 * time.Millisecond
)

// internalCodes are words of the code that must never reach a page.
var internalCodes = []string{"wim-default-v1", "wim-strict-v1", "hfl-tiers-v1", "hfl-share50-v1", "showcase #", "(VCA)",
	"row_version", "anchor_key", "user #", "submitted", "approve", "allocate", "draft", "returned", "escalated", "founding_case"}

// pageReport is what the browser reads of a page.
type pageReport struct {
	Width     int      `json:"width"`     // the document's scroll width
	Viewport  int      `json:"viewport"`  // the window's width
	Wide      []string `json:"wide"`      // elements reaching past the right edge
	Forms     []string `json:"forms"`     // "POST /path" of every form
	Links     []string `json:"links"`     // every same-site link's path
	Text      string   `json:"text"`      // the visible text
	ServerMS  float64  `json:"serverMs"`  // request start to first byte
	TitleText string   `json:"titleText"` // the h1
}

const readPageJS = `(() => {
  const vw = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > vw + 1) {
      let p = el.parentElement, clipped = false;
      while (p && p !== document.body) {
        const s = getComputedStyle(p);
        if (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') { clipped = true; break; }
        p = p.parentElement;
      }
      if (!clipped && wide.length < 8) wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + ' ' + Math.round(r.right) + 'px');
    }
  }
  const forms = Array.from(document.querySelectorAll('form')).filter(f => (f.getAttribute('method') || 'get').toLowerCase() === 'post')
    .map(f => 'POST ' + new URL(f.getAttribute('action') || location.pathname, location.href).pathname);
  const links = Array.from(document.querySelectorAll('a[href]')).map(a => new URL(a.getAttribute('href'), location.href))
    .filter(u => u.origin === location.origin).map(u => u.pathname);
  const nav = performance.getEntriesByType('navigation')[0];
  const h1 = document.querySelector('h1');
  return {width: document.documentElement.scrollWidth, viewport: vw, wide, forms, links,
    text: document.body.innerText, serverMs: nav ? nav.responseStart - nav.requestStart : 0, titleText: h1 ? h1.innerText : ''};
})()`

func TestEveryPageAsEveryRole(t *testing.T) {
	if testing.Short() {
		t.Skip("the every-page tour loads the demo data")
	}
	a := newBrowserApp(t, 20*time.Minute)
	ctx := context.Background()
	if _, err := demo.Demo(ctx, a.DB); err != nil {
		t.Fatal(err)
	}
	for _, load := range []func(context.Context, *store.DB) error{demo.Plans, demo.Activities, demo.Founding, demo.Obstacles, demo.Reports, demo.Publish} {
		if err := load(ctx, a.DB); err != nil {
			t.Fatal(err)
		}
	}
	// Tuyên Quang's Union staff figures (T7, T8), so their page has a record to open.
	if err := a.DB.CreateUnionStaff(ctx, coop.System, &coop.UnionStaffRecord{Province: "08", RecordedOn: "2026-06-01", EconomicTotal: 40,
		EconomicTrained: 30, CommunicationTotal: 25, CommunicationImproved: 20, Notes: "Theo báo cáo của Hội LHPN tỉnh"}); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(a.DB, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The route table as a mux, to name the route of every link and form.
	mux := http.NewServeMux()
	perms := map[string]coop.Permission{}
	var pages []string
	for _, r := range srv.Routes() {
		perms[r.Pattern] = r.Perm
		mux.HandleFunc(r.Pattern, func(http.ResponseWriter, *http.Request) {})
		if strings.HasPrefix(r.Pattern, "GET /") && pageRoute(r.Pattern) {
			pages = append(pages, strings.TrimPrefix(r.Pattern, "GET "))
		}
	}
	routeOf := func(method, path string) (string, bool) {
		req, _ := http.NewRequest(method, path, nil)
		_, pattern := mux.Handler(req)
		_, ok := perms[pattern]
		return pattern, ok
	}

	shots := os.Getenv("HTXNU_README_SCREENSHOTS") != ""
	roles := []struct{ role, province, name string }{
		{coop.RoleViewer, "08", "Phạm Văn Đức"}, {coop.RolePartner, "08", "Lương Thị Hoa"}, {coop.RoleProvincial, "08", "Ma Thị Hương"},
		{coop.RoleProvincialLead, "08", "Hoàng Văn Minh"}, {coop.RoleCentral, "", "Trần Thị Thu"}, {coop.RoleAdmin, "", "Quản trị hệ thống"},
	}
	for _, r := range roles {
		actor := a.signInNamed(r.role, r.province, r.name).Actor()
		ids := a.findIDs()
		for _, pattern := range pages {
			if !coop.Can(actor, perms["GET "+pattern]) {
				continue
			}
			path, record, ok := fillPath(pattern, ids)
			if !ok {
				t.Logf("%s: no record to open %s", r.role, pattern)
				continue
			}
			status := a.openStatus(path)
			if status != http.StatusOK {
				// A record page may not be this role's to edit (central
				// staff edit central records only); every other page must open.
				if record && (status == http.StatusNotFound || status == http.StatusForbidden) {
					continue
				}
				t.Errorf("%s %s: status %d", r.role, path, status)
				continue
			}
			where := r.role + " " + path
			for _, vp := range []struct {
				name string
				w, h int64
			}{{"phone", phoneWidth, phoneHeight}, {"desktop", desktopWidth, desktopHeight}} {
				opts := []chromedp.EmulateViewportOption{chromedp.EmulatePortrait}
				if vp.name == "phone" {
					opts = append(opts, chromedp.EmulateMobile)
				}
				a.do("viewport", chromedp.EmulateViewport(vp.w, vp.h, opts...))
				p := a.readPage()
				if p.Width > p.Viewport {
					t.Errorf("%s at %s: the page is %d px wide on a %d px screen: %v", where, vp.name, p.Width, p.Viewport, p.Wide)
				}
				if vp.name == "desktop" {
					// The targets table fits a desktop screen whole.
					if path == "/targets" {
						fits, err := chromedp.Run(a.Ctx, chromedp.Evaluate[bool](`(() => { const t = document.getElementById('targets'); return !!t && t.parentElement.scrollWidth <= t.parentElement.clientWidth + 1; })()`))
						if err != nil || !fits {
							t.Errorf("%s: the targets table is cut off at %d px (%v)", where, vp.w, err)
						}
					}
					continue
				}
				if shots && r.role == coop.RoleProvincial && (path == "/" || strings.HasPrefix(path, "/organisations/") && !strings.Contains(path[len("/organisations/"):], "/")) {
					a.readmeShot(path)
				}
				for _, code := range internalCodes {
					if containsWord(p.Text, code) {
						t.Errorf("%s: the page shows the internal code %q", where, code)
					}
				}
				for _, f := range p.Forms {
					method, fpath, _ := strings.Cut(f, " ")
					if pat, ok := routeOf(method, fpath); ok && !coop.Can(actor, perms[pat]) {
						t.Errorf("%s: offers %s, which a %s may not do", where, f, r.role)
					}
				}
				for _, l := range p.Links {
					if pat, ok := routeOf("GET", l); ok && !coop.Can(actor, perms[pat]) {
						t.Errorf("%s: links to %s, which a %s may not open", where, l, r.role)
					}
				}
				if ms := p.ServerMS; ms > float64(slowPage.Milliseconds()) {
					t.Logf("%s: the server took %.0f ms", where, ms)
				}
			}
			a.do("phone", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait))
		}
		a.signOut()
	}
}

// pageRoute: a GET route that answers an HTML page (not a file, the API,
// the sign-in page or static files).
func pageRoute(pattern string) bool {
	p := strings.TrimPrefix(pattern, "GET ")
	switch {
	case strings.HasPrefix(p, "/api/"), strings.HasPrefix(p, "/static/"), p == "/healthz", p == "/login",
		strings.HasPrefix(p, "/debug/"): // the profiler's endpoints are not pages
		return false
	case strings.HasSuffix(p, ".js"), strings.HasSuffix(p, ".pdf"), strings.HasSuffix(p, ".xlsx"), strings.HasSuffix(p, ".csv"),
		strings.HasSuffix(p, "/template"): // files to download
		return false
	}
	return true
}

// containsWord reports whether the text holds the code as a word of its
// own: not inside a longer word or a URL path (the API reference shows
// /api/v1/reports/{id}/approve, an address, not a label).
func containsWord(text, code string) bool {
	re := regexp.MustCompile(`(^|[^\p{L}\p{N}_/-])` + regexp.QuoteMeta(code) + `($|[^\p{L}\p{N}_/-])`)
	return re.MatchString(text)
}

var idInPath = regexp.MustCompile(`\{(id|code|topic)\}`)

// fillPath puts a record's id into the pattern: the first record of its
// list that the role can see.
func fillPath(pattern string, ids map[string]string) (string, bool, bool) {
	if !idInPath.MatchString(pattern) {
		return strings.TrimSuffix(pattern, "{$}"), false, true
	}
	prefix := pattern[:strings.Index(pattern, "{")]
	id, ok := ids[prefix]
	if !ok {
		return "", true, false
	}
	return prefix + id + pattern[strings.Index(pattern, "}")+1:], true, true
}

// findIDs opens each list and keeps the first record it links to.
func (a *browserApp) findIDs() map[string]string {
	a.t.Helper()
	ids := map[string]string{"/help/": "api"}
	for _, l := range []struct{ list, prefix, re string }{
		{"/organisations", "/organisations/", `^/organisations/(\d+)$`},
		{"/activities", "/activities/", `^/activities/(\d+)$`},
		{"/pipeline", "/pipeline/", `^/pipeline/(\d+)$`},
		{"/obstacles", "/obstacles/", `^/obstacles/(\d+)$`},
		{"/plans", "/plans/", `^/plans/(\d+)$`},
		{"/reports?tab=all", "/reports/", `^/reports/(\d+)$`},
		{"/targets", "/targets/", `^/targets/([A-Za-z0-9.]+)$`},
		{"/showcase", "/showcase/", `^/showcase/(\d+)$`},
		{"/admin/users", "/admin/users/", `^/admin/users/(\d+)$`},
		{"/union-staff", "/union-staff/", `^/union-staff/(\d+)/edit$`},
	} {
		if a.openStatus(l.list) != http.StatusOK {
			continue
		}
		re := regexp.MustCompile(l.re)
		for _, link := range a.readPage().Links {
			if m := re.FindStringSubmatch(link); m != nil {
				ids[l.prefix] = m[1]
				break
			}
		}
	}
	if plan, ok := ids["/plans/"]; ok && a.openStatus("/plans/"+plan) == http.StatusOK {
		re := regexp.MustCompile(`^/tasks/(\d+)/edit$`)
		for _, link := range a.readPage().Links {
			if m := re.FindStringSubmatch(link); m != nil {
				ids["/tasks/"] = m[1]
				break
			}
		}
	}
	return ids
}

// readPage reads the page shown.
func (a *browserApp) readPage() pageReport {
	a.t.Helper()
	raw, err := chromedp.Run(a.Ctx, chromedp.Evaluate[json.RawMessage](readPageJS))
	if err != nil {
		a.fail("read page", err)
	}
	var p pageReport
	if err := json.Unmarshal(raw, &p); err != nil {
		a.fail("decode page", err)
	}
	return p
}

// signOut ends the session through the sign-out form.
func (a *browserApp) signOut() {
	a.t.Helper()
	a.open("/account")
	if got := a.submit("sign out", chromedp.Evaluate[chromedp.Void](`document.querySelector('form[action="/logout"]').submit()`)); got != http.StatusOK {
		a.t.Fatalf("sign out: status %d", got)
	}
}

// readmeShot saves the screen as the README shows it: docs/screenshots/,
// one PNG per viewport.
func (a *browserApp) readmeShot(path string) {
	a.t.Helper()
	name := "home"
	if path != "/" {
		name = "organisation"
	}
	dir := filepath.Join("..", "..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		a.t.Fatal(err)
	}
	for _, vp := range []struct {
		name string
		w, h int64
		opts []chromedp.EmulateViewportOption
	}{
		{"phone", phoneWidth, phoneHeight, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulatePortrait}},
		{"desktop", desktopWidth, desktopHeight, []chromedp.EmulateViewportOption{chromedp.EmulatePortrait}},
	} {
		a.do("viewport", chromedp.EmulateViewport(vp.w, vp.h, vp.opts...))
		buf, err := chromedp.Run(a.Ctx, chromedp.CaptureScreenshot())
		if err != nil {
			a.fail("screenshot", err)
		}
		file := filepath.Join(dir, fmt.Sprintf("%s-%s.png", vp.name, name))
		if err := os.WriteFile(file, buf, 0o644); err != nil {
			a.t.Fatal(err)
		}
	}
	a.do("viewport", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait))
}
