package web_test

// The harness of the browser tests: the application in-process over a fresh
// SQLite database, and Debian's Chromium headless, driven with chromedp.

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
	"htxnu/internal/web"
)

// Phone viewport: provincial and commune officers work on phones.
const (
	phoneWidth  = 390
	phoneHeight = 844
)

// browserApp is the application under test and a browser tab on it.
type browserApp struct {
	t   *testing.T
	DB  *store.DB
	URL string
	Ctx context.Context // the tab; ends when the test's time budget does
}

// newBrowserApp starts the application over a fresh migrated SQLite database
// and a headless Chromium with a fresh profile, both stopped when the test
// ends. Every browser action runs within timeout. Without a browser the test
// is skipped, except under CI, where it fails: a browser test that skips in
// CI tests nothing.
func newBrowserApp(t *testing.T, timeout time.Duration) *browserApp {
	t.Helper()
	exe := chromiumPath()
	if exe == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but no Chromium was found (set HTXNU_CHROME or put chromium on PATH): the browser tests would not run")
		}
		t.Skip("no Chromium found (set HTXNU_CHROME or install chromium); skipping browser test")
	}

	db := storetest.SQLite(t)
	srv, err := web.New(db, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)

	out := &lockedBuffer{}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.WindowSize(phoneWidth, phoneHeight),
		chromedp.CombinedOutput(out),
	)
	// No UserDataDir option: the allocator makes a fresh temporary profile
	// and removes it (retrying while Chromium's helpers exit).
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancel()
	})
	// The first Do starts the browser; its life is bound to ctx.
	if err := chromedp.Do(tabCtx, chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait)); err != nil {
		t.Fatalf("start Chromium (%s): %v\nbrowser output:\n%s", exe, err, out.String())
	}
	return &browserApp{t: t, DB: db, URL: ts.URL, Ctx: tabCtx}
}

// chromiumPath finds the browser: HTXNU_CHROME, then chromium (Debian) and
// its usual other names on PATH.
func chromiumPath() string {
	if p := os.Getenv("HTXNU_CHROME"); p != "" {
		if full, err := exec.LookPath(p); err == nil {
			return full
		}
		return ""
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if full, err := exec.LookPath(name); err == nil {
			return full
		}
	}
	return ""
}

// lockedBuffer collects the browser's output for failure messages.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// do runs steps that return nothing, failing the test on error.
func (a *browserApp) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	a.t.Helper()
	if err := chromedp.Do(a.Ctx, steps...); err != nil {
		a.fail(what, err)
	}
}

// open navigates to path and checks the page answered 200.
func (a *browserApp) open(path string) {
	a.t.Helper()
	if status := a.openStatus(path); status != 200 {
		a.fail("open "+path, nil, "status", status)
	}
}

// openStatus navigates to path and returns the HTTP status of the page.
func (a *browserApp) openStatus(path string) int64 {
	a.t.Helper()
	resp, err := chromedp.Run(a.Ctx, chromedp.NavigateResponse(a.URL+path))
	if err != nil {
		a.fail("open "+path, err)
	}
	return resp.Status
}

// submit runs steps that load a new page (a click on a submit button or a
// link, Enter in a field) and returns the HTTP status of the page loaded.
func (a *browserApp) submit(what string, steps ...chromedp.Action[chromedp.Void]) int64 {
	a.t.Helper()
	resp, err := chromedp.RunResponse(a.Ctx, steps...)
	if err != nil {
		a.fail(what, err)
	}
	return resp.Status
}

// location returns the URL of the page shown.
func (a *browserApp) location() string {
	a.t.Helper()
	loc, err := chromedp.Run(a.Ctx, chromedp.Location())
	if err != nil {
		a.fail("read location", err)
	}
	return loc
}

// text returns the visible text of the first element matching sel, a CSS
// selector or, when it starts with "/", an XPath; it waits for the element
// to be present.
func (a *browserApp) text(sel string) string {
	a.t.Helper()
	var s string
	var err error
	if strings.HasPrefix(sel, "/") {
		s, err = chromedp.Run(a.Ctx, chromedp.Text(chromedp.Search(sel), chromedp.NodeReady))
	} else {
		s, err = chromedp.Run(a.Ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeReady))
	}
	if err != nil {
		a.fail("read text of "+sel, err)
	}
	return strings.TrimSpace(s)
}

// value returns the current value of the form field matching the selector.
func (a *browserApp) value(css string) string {
	a.t.Helper()
	s, err := chromedp.Run(a.Ctx, chromedp.Value(chromedp.CSS(css), chromedp.NodeReady))
	if err != nil {
		a.fail("read value of "+css, err)
	}
	return s
}

// count returns how many elements match the CSS selector now.
func (a *browserApp) count(css string) int {
	a.t.Helper()
	n, err := chromedp.Run(a.Ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(css)+`).length`))
	if err != nil {
		a.fail("count "+css, err)
	}
	return n
}

// hasClass reports whether the first element matching css has class c.
func (a *browserApp) hasClass(css, c string) bool {
	a.t.Helper()
	attrs, err := chromedp.Run(a.Ctx, chromedp.Attributes(chromedp.CSS(css), chromedp.NodeReady))
	if err != nil {
		a.fail("read attributes of "+css, err)
	}
	for _, f := range strings.Fields(attrs["class"]) {
		if f == c {
			return true
		}
	}
	return false
}

// screenshot saves a full-page PNG when HTXNU_SCREENSHOTS names a directory
// (to look at a page's layout at phone width) and does nothing otherwise.
func (a *browserApp) screenshot(name string) {
	a.t.Helper()
	dir := os.Getenv("HTXNU_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(a.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		a.fail("screenshot "+name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		a.t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		a.t.Fatal(err)
	}
	a.t.Logf("screenshot: %s", path)
}

// fail stops the test with what was being done, the error, and where the
// browser was, so a failure can be understood from the log alone.
func (a *browserApp) fail(what string, err error, kv ...any) {
	a.t.Helper()
	loc, _ := chromedp.Run(a.Ctx, chromedp.Location())
	if err != nil {
		kv = append(kv, "err", err)
	}
	a.t.Fatalf("%s: %v (page %s)", what, kv, loc)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`)
	return "'" + r.Replace(s) + "'"
}

// signInAs creates an account with the role (and province) and signs in
// through the sign-in page, as a person does.
func (a *browserApp) signInAs(role, province string) *store.User {
	a.t.Helper()
	return a.signInNamed(role, province, "Cán bộ "+role)
}

// signInNamed is signInAs for an account with the given name.
func (a *browserApp) signInNamed(role, province, name string) *store.User {
	a.t.Helper()
	u := &store.User{Email: role + province + "@htxnu.test", Name: name, Role: role, Province: province}
	const password = "mật-khẩu-đủ-dài"
	if err := a.DB.CreateUser(context.Background(), coop.System, u, password); err != nil {
		a.t.Fatalf("create user: %v", err)
	}
	a.open("/login")
	if got := a.submit("sign in",
		chromedp.SendKeys(chromedp.CSS(`#login-form input[name=email]`), u.Email),
		chromedp.SendKeys(chromedp.CSS(`#login-form input[name=password]`), password),
		chromedp.Click(chromedp.CSS(`#login-form button[type=submit]`)),
	); got != 200 {
		a.t.Fatalf("sign in: status %d: %s", got, a.text(`main`))
	}
	if loc := a.location(); strings.Contains(loc, "/login") {
		a.t.Fatalf("still on the sign-in page after signing in: %s", a.text(`main`))
	}
	return u
}
