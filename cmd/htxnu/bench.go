package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/web"
)

// The scale harness: `htxnu bench pages` generates a dataset at a chosen
// scale (1 = Vietnam: 100,000 organisations, 20,000 activities, 500,000
// beneficiary links, reports in every state), starts the server on
// loopback, opens every GET route of the route table as a national and as
// a provincial account with the filters each page takes, prints p50/p95 per
// page and fails when a page is over its budget. `htxnu bench load` runs
// the reporting-day load against the same kind of dataset.

// Scale 1 is Vietnam's.
const (
	scaleOrganisations = 100_000
	scaleActivities    = 20_000
	scaleLinks         = 500_000
)

// benchOptions are the flags both modes share.
type benchOptions struct {
	dsn                        string
	keep                       bool
	scale                      float64
	organisations, acts, links int
	province                   string
	requests                   int
	slack                      float64
	only                       string
	exclude                    string
	withoutStats               bool
	users, writePercent        int
	duration                   time.Duration
	dashboardP99               time.Duration
}

// idPair is a record to open for a route with an {id}: one anywhere (for
// the national account) and one of the provincial account's province.
type idPair struct{ national, provincial string }

func benchCmd(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "pages" && args[0] != "load") {
		return errors.New("bench: say which: bench pages, or bench load (see htxnu help)")
	}
	mode := args[0]
	fs := flag.NewFlagSet("bench "+mode, flag.ContinueOnError)
	o := &benchOptions{}
	fs.StringVar(&o.dsn, "db", "", "database (SQLite file or postgres:// URL); empty: a new SQLite file in the temporary folder, removed afterwards")
	fs.BoolVar(&o.keep, "keep", false, "keep the generated SQLite file (with --db empty)")
	fs.Float64Var(&o.scale, "scale", 1, "dataset scale: 1 is Vietnam's (100,000 organisations, 20,000 activities, 500,000 links)")
	fs.IntVar(&o.organisations, "organisations", 0, "organisations to generate (default: 100,000 × scale)")
	fs.IntVar(&o.acts, "activities", 0, "activities to generate (default: 20,000 × scale)")
	fs.IntVar(&o.links, "links", 0, "beneficiary links to generate (default: 500,000 × scale)")
	fs.StringVar(&o.province, "province", "01", "the provincial account's province")
	fs.IntVar(&o.requests, "requests", 20, "timed requests per page (after two untimed ones)")
	fs.Float64Var(&o.slack, "slack", 1, "multiply every budget by this (a busy machine)")
	fs.StringVar(&o.only, "only", "", "pages mode: time only the routes whose pattern matches this regular expression")
	fs.StringVar(&o.exclude, "exclude", "", "pages mode: time the pages whose address matches this regular expression but do not fail on them")
	fs.BoolVar(&o.withoutStats, "without-stats", false, "drop the planner statistics before measuring (SQLite: sqlite_stat tables)")
	fs.IntVar(&o.users, "users", 200, "load mode: concurrent users")
	fs.IntVar(&o.writePercent, "writes", 30, "load mode: percent of requests that write")
	fs.DurationVar(&o.duration, "duration", 60*time.Second, "load mode: how long")
	fs.DurationVar(&o.dashboardP99, "dashboard-p99", 300*time.Millisecond, "load mode: budget of the dashboard's 99th percentile")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if o.scale <= 0 {
		return errors.New("bench: --scale must be positive")
	}
	at := func(given, base int) int {
		if given > 0 {
			return given
		}
		return int(math.Round(float64(base) * o.scale))
	}
	o.organisations, o.acts, o.links = at(o.organisations, scaleOrganisations), at(o.acts, scaleActivities), at(o.links, scaleLinks)

	if o.dsn == "" {
		dir, err := os.MkdirTemp("", "htxnu-bench-")
		if err != nil {
			return err
		}
		o.dsn = filepath.Join(dir, "bench.db")
		if o.keep {
			fmt.Fprintf(stdout, "database: %s (kept)\n", o.dsn)
		} else {
			defer os.RemoveAll(dir)
		}
	}
	db, _, err := openDB(ctx, o.dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := benchData(ctx, db, o, stdout); err != nil {
		return err
	}
	if o.withoutStats {
		if err := dropStats(ctx, db); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "planner statistics dropped")
	}
	srv, err := web.New(db, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: version})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	defer hs.Close()
	// As serve does: the first pages are computed beside the first requests.
	defer warmBeside(ctx, srv, func(d time.Duration, err error) {
		fmt.Fprintf(os.Stderr, "bench: first pages computed in %s (%v)\n", d.Round(time.Millisecond), err)
	})()
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(os.Stderr, "bench: serving at %s\n", base)

	accounts, err := benchAccounts(ctx, db, o.province)
	if err != nil {
		return err
	}
	if mode == "load" {
		return benchLoad(ctx, db, base, accounts, o, stdout)
	}
	return benchPages(ctx, db, base, srv.Routes(), accounts, o, stdout)
}

// benchData generates the dataset when the database has no organisation,
// and the reports when it has none.
func benchData(ctx context.Context, db *store.DB, o *benchOptions, stdout io.Writer) error {
	var orgs int
	if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations`).Scan(&orgs); err != nil {
		return err
	}
	if orgs == 0 {
		start := time.Now()
		if err := demo.Generate(ctx, db, o.organisations, 1, nil); err != nil {
			return err
		}
		if o.acts > 0 {
			if err := demo.GenerateActivities(ctx, db, o.acts, o.links, 1, nil); err != nil {
				return err
			}
		}
		fmt.Fprintf(stdout, "generated %d organisations, %d activities, %d links in %s\n", o.organisations, o.acts, o.links, time.Since(start).Round(time.Millisecond))
	} else {
		fmt.Fprintf(stdout, "database has %d organisations: not generating\n", orgs)
	}
	start := time.Now()
	if err := demo.GenerateReports(ctx, db); err != nil {
		return err
	}
	if err := db.AfterBulkLoad(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "reports and statistics in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// dropStats removes the planner statistics, to measure the pages as a
// database that was never analysed would serve them.
func dropStats(ctx context.Context, db *store.DB) error {
	if db.Dialect() == store.Postgres {
		return errors.New("bench: --without-stats is for SQLite (PostgreSQL's autovacuum gathers statistics by itself)")
	}
	for _, t := range []string{"sqlite_stat1", "sqlite_stat4"} {
		var n int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = ?`, t).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			if _, err := db.SQL().ExecContext(ctx, `DELETE FROM `+t); err != nil {
				return err
			}
		}
	}
	// Connections already open keep the statistics they loaded: make them
	// reload the schema.
	_, err := db.SQL().ExecContext(ctx, `ANALYZE sqlite_schema`)
	return err
}

// benchAccount is a signed-in account of the harness.
type benchAccount struct {
	name     string // "national" or "provincial"
	token    string
	province string
	admin    string // a national administrator's token, for pages the central role may not open
}

func benchAccounts(ctx context.Context, db *store.DB, province string) ([]benchAccount, error) {
	suffix := make([]byte, 4)
	rand.Read(suffix)
	token := func(role, province string) (string, error) {
		u := &store.User{Email: role + province + "-" + hex.EncodeToString(suffix) + "@bench.invalid", Name: "Đo hiệu năng " + role, Role: role, Province: province}
		if err := db.CreateUser(ctx, coop.System, u, "mật-khẩu-đo-hiệu-năng-"+hex.EncodeToString(suffix)); err != nil {
			return "", err
		}
		t, _, err := db.CreateAPIToken(ctx, u.Actor(), "bench")
		return t, err
	}
	admin, err := token(coop.RoleAdmin, "")
	if err != nil {
		return nil, err
	}
	central, err := token(coop.RoleCentral, "")
	if err != nil {
		return nil, err
	}
	officer, err := token(coop.RoleProvincial, province)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "bench: administrator token (for /debug/pprof/): %s\n", admin)
	return []benchAccount{{name: "national", token: central, admin: admin}, {name: "provincial", token: officer, province: province}}, nil
}

// pageFilters are the query strings each page is opened with, besides none.
var pageFilters = map[string][]string{
	"/organisations":             {"q=hop+tac+xa", "q=det+may", "province=01", "kind=HTX&status=active", "women_managed=1", "sector=agriculture"},
	"/api/v1/organisations":      {"q=hop+tac+xa", "province=01", "kind=HTX&status=active"},
	"/activities":                {"q=tap+huan", "type=training", "province=01", "from=2025-01-01&to=2025-12-31", "loans=1"},
	"/api/v1/activities":         {"q=tap+huan", "type=training", "from=2025-01-01&to=2025-12-31"},
	"/dashboard":                 {"period=2026", "period=2025", "province=08", "kind=HTX", "sector=agriculture", "sort=wim&dir=desc"},
	"/api/v1/dashboard":          {"period=2026", "province=08", "kind=HTX"},
	"/reports/national":          {"kind=annual&year=2025"},
	"/api/v1/reports/national":   {"kind=annual&year=2025"},
	"/reports":                   {"tab=all", "tab=all&status=submitted", "tab=all&kind=annual&year=2025"},
	"/api/v1/reports":            {"status=approved"},
	"/obstacles":                 {"status=open", "q=von", "overdue=1"},
	"/pipeline":                  {"q=a", "year=2025"},
	"/plans":                     {"phase=2026-2030"},
	"/api/v1/tasks":              {"q=tap+huan"},
	"/audit":                     {"entity=organisation"},
	"/showcase":                  {"q=det"},
	"/api/v1/counts":             {"group_by=province"},
	"/admin/users":               {"q=do"},
	"/reports/rates":             {"kind=annual"},
	"/api/v1/reports/rates":      {"kind=annual"},
	"/api/v1/reach":              {"from=2025-01&to=2025-12"},
	"/api/v1/organisations/{id}": nil,
}

// downloads are the routes that write every row of a list to a file — the
// list downloads, and the import template, which a provincial officer gets
// filled with the province's registry: their time grows with the rows by
// design (docs/performance.md, "List downloads", times them), so the
// harness lists them without timing them.
var downloads = regexp.MustCompile(`/export\.(csv|xlsx)$|/imports/template$`)

// listPages are the lists whose first page has the list budget.
var listPages = []string{"/organisations", "/api/v1/organisations", "/activities", "/api/v1/activities", "/obstacles", "/api/v1/obstacles",
	"/pipeline", "/api/v1/founding-cases", "/plans", "/api/v1/plans", "/api/v1/tasks", "/reports", "/api/v1/reports", "/showcase",
	"/api/v1/showcase", "/audit", "/api/v1/audit", "/admin/users", "/targets", "/api/v1/targets", "/showcase/manage"}

// budget is a page's p95 budget at the scale, from the goals: at 1× and at
// 10×, interpolated on a log scale between, the 1× figure below.
func budget(class string, scale float64) time.Duration {
	b := map[string][2]float64{
		"national dashboard":   {30, 50},
		"provincial dashboard": {15, 30},
		"national report":      {100, 300},
		"list":                 {30, 50},
		"other":                {50, 100},
	}[class]
	f := math.Log10(min(max(scale, 1), 10))
	return time.Duration((b[0] + (b[1]-b[0])*f) * float64(time.Millisecond))
}

func pageClass(pattern string, acc benchAccount, query string) string {
	path := strings.TrimPrefix(pattern, "GET ")
	switch {
	case path == "/dashboard" || path == "/api/v1/dashboard":
		if acc.province != "" || strings.Contains(query, "province=") {
			return "provincial dashboard"
		}
		return "national dashboard"
	case path == "/reports/national" || path == "/api/v1/reports/national":
		if acc.province != "" {
			return "provincial dashboard" // one column: a provincial page
		}
		return "national report"
	case slices.Contains(listPages, path):
		return "list"
	}
	return "other"
}

// benchIDs finds, for each kind of {id} in the routes, a record to open.
func benchIDs(ctx context.Context, db *store.DB, province string) map[string]idPair {
	q := func(query string, args ...any) string {
		var id sql.NullString
		if err := db.SQL().QueryRowContext(ctx, rebind(db, query), args...).Scan(&id); err != nil {
			return ""
		}
		return id.String
	}
	pair := func(table, where string) idPair {
		if where != "" {
			where = " AND " + where
		}
		return idPair{
			national:   q(`SELECT MIN(id) FROM ` + table + ` WHERE 1 = 1` + where),
			provincial: q(`SELECT MIN(id) FROM `+table+` WHERE province = ?`+where, province),
		}
	}
	ids := map[string]idPair{
		"organisations":  pair("organisations", "archived = 0"),
		"activities":     pair("activities", "archived = 0"),
		"obstacles":      pair("obstacles", ""),
		"founding-cases": pair("founding_cases", ""),
		"plans":          pair("plans", ""),
		"tasks":          pair("plan_tasks", ""),
		"reports":        pair("reports", "status = 'approved'"),
		"users":          {national: q(`SELECT MIN(id) FROM users`)},
		"showcase":       {national: q(`SELECT MIN(organisation_id) FROM showcase_profiles WHERE state = 'published'`)},
	}
	ids["pipeline"] = ids["founding-cases"]
	ids["targets"] = idPair{national: "T1", provincial: "T1"}
	return ids
}

var idParam = regexp.MustCompile(`\{[a-z]+\}`)

// pageURL fills the pattern's parameters for the account, or says why it
// cannot.
func pageURL(pattern string, ids map[string]idPair, acc benchAccount) (string, bool) {
	path := strings.TrimSuffix(strings.TrimPrefix(pattern, "GET "), "{$}")
	if !strings.Contains(path, "{") {
		return path, true
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	ok := true
	for i, p := range parts {
		if !idParam.MatchString(p) {
			continue
		}
		kind := "organisations"
		if i > 0 {
			kind = parts[i-1]
		}
		pr := ids[kind]
		id := pr.national
		if acc.province != "" {
			id = pr.provincial
		}
		if kind == "showcase" || kind == "users" {
			id = pr.national
		}
		if id == "" {
			ok = false
		}
		parts[i] = id
	}
	return "/" + strings.Join(parts, "/"), ok
}

// pageResult is one page's timings for one account.
type pageResult struct {
	page, account, class string
	status               int
	first                time.Duration // the first request (cold: no page cached)
	p50, p95, budget     time.Duration
	note                 string
	excluded             bool // timed, but not failing the run (--exclude)
}

func benchPages(ctx context.Context, db *store.DB, base string, routes []web.RouteInfo, accounts []benchAccount, o *benchOptions, stdout io.Writer) error {
	var only, exclude *regexp.Regexp
	for _, re := range []struct {
		expr string
		to   **regexp.Regexp
	}{{o.only, &only}, {o.exclude, &exclude}} {
		if re.expr != "" {
			var err error
			if *re.to, err = regexp.Compile(re.expr); err != nil {
				return err
			}
		}
	}
	ids := benchIDs(ctx, db, o.province)
	client := &http.Client{Timeout: 5 * time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(url, token string) (int, time.Duration, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+url, nil)
		if err != nil {
			return 0, 0, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, 0, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, time.Since(start), err
	}
	var results []pageResult
	for _, r := range routes {
		if !strings.HasPrefix(r.Pattern, "GET ") || r.Pattern == "GET /static/" || strings.HasPrefix(r.Pattern, "GET /debug/") {
			continue
		}
		if only != nil && !only.MatchString(r.Pattern) {
			continue
		}
		if downloads.MatchString(r.Pattern) {
			results = append(results, pageResult{page: r.Pattern, account: "–", note: "download of every row: not timed here"})
			continue
		}
		for _, acc := range accounts {
			path, ok := pageURL(r.Pattern, ids, acc)
			if !ok {
				results = append(results, pageResult{page: r.Pattern, account: acc.name, note: "no record to open in this dataset"})
				continue
			}
			queries := append([]string{""}, pageFilters[strings.TrimPrefix(r.Pattern, "GET ")]...)
			for _, query := range queries {
				url := path
				if query != "" {
					url += "?" + query
				}
				token := acc.token
				status, first, err := get(url, token)
				if err != nil {
					return fmt.Errorf("bench: %s: %w", url, err)
				}
				if status == http.StatusForbidden && acc.admin != "" {
					token = acc.admin
					if status, first, err = get(url, token); err != nil {
						return fmt.Errorf("bench: %s: %w", url, err)
					}
				}
				res := pageResult{page: url, account: acc.name, class: pageClass(r.Pattern, acc, query), status: status, first: first}
				if status == http.StatusBadRequest {
					return fmt.Errorf("bench: %s: 400, the harness asks for a page the wrong way", url)
				}
				if status == http.StatusForbidden || status == http.StatusNotFound {
					res.note = "not open to this account"
					results = append(results, res)
					continue
				}
				get(url, token) // the second untimed request: warm
				durs := make([]time.Duration, 0, o.requests)
				for range o.requests {
					st, d, err := get(url, token)
					if err != nil {
						return fmt.Errorf("bench: %s: %w", url, err)
					}
					if st != status {
						return fmt.Errorf("bench: %s answered %d, then %d", url, status, st)
					}
					durs = append(durs, d)
				}
				slices.Sort(durs)
				res.p50, res.p95 = quantile(durs, 0.50), quantile(durs, 0.95)
				res.budget = time.Duration(float64(budget(res.class, o.scale)) * o.slack)
				if status >= 500 {
					res.note = "server error"
				}
				res.excluded = exclude != nil && exclude.MatchString(url)
				results = append(results, res)
			}
		}
	}
	return printPages(results, o, stdout)
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(i, 0)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }

func printPages(results []pageResult, o *benchOptions, stdout io.Writer) error {
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "page\taccount\tstatus\tfirst ms\tp50 ms\tp95 ms\tbudget ms\t")
	var over []string
	excludedOver := 0
	for _, r := range results {
		if r.note != "" && r.budget == 0 {
			fmt.Fprintf(tw, "%s\t%s\t%d\t\t\t\t\t%s\n", r.page, r.account, r.status, r.note)
			continue
		}
		verdict := "ok"
		if r.excluded && r.p95 > r.budget && r.status < 500 {
			verdict = "over (excluded)"
			excludedOver++
		} else if r.p95 > r.budget || r.status >= 500 {
			verdict = "OVER"
			if r.status >= 500 {
				verdict = fmt.Sprintf("FAILED (%d)", r.status)
			}
			over = append(over, fmt.Sprintf("%s (%s): p95 %s ms > %s ms", r.page, r.account, ms(r.p95), ms(r.budget)))
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", r.page, r.account, r.status, ms(r.first), ms(r.p50), ms(r.p95), ms(r.budget), verdict)
	}
	tw.Flush()
	if len(over) > 0 {
		return fmt.Errorf("bench: %d page(s) over budget:\n  %s", len(over), strings.Join(over, "\n  "))
	}
	fmt.Fprintf(stdout, "every page within budget (scale %g, %d requests each)", o.scale, o.requests)
	if excludedOver > 0 {
		fmt.Fprintf(stdout, " but %d excluded page(s), marked above", excludedOver)
	}
	fmt.Fprintln(stdout)
	return nil
}

// rebind writes the one placeholder of a harness query for the dialect.
func rebind(db *store.DB, query string) string {
	if db.Dialect() == store.Postgres {
		return strings.Replace(query, "?", "$1", 1)
	}
	return query
}
