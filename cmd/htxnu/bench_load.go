package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// benchLoad is reporting day: o.users users on loopback for o.duration,
// o.writePercent percent of their requests writes — the provinces'
// leaders submitting their reports and the centre returning them (each
// submission compiles and freezes the province's figures), officers saving
// organisations — the rest reading the national and provincial
// dashboards, the national report and the lists. Every write is checked on
// the very next request. Then, with nothing changing, the national
// dashboard's throughput.
func benchLoad(ctx context.Context, db *store.DB, base string, _ []benchAccount, o *benchOptions, stdout io.Writer) error {
	r, err := newLoadRun(ctx, db, base, o.users)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "reporting day: %d users, %d%% writes, %s\n", o.users, o.writePercent, o.duration)
	start := time.Now()
	r.together(o.users, o.duration, func(rng *rand.Rand, user int) {
		if rng.IntN(100) < o.writePercent {
			r.write(rng, user)
		} else {
			r.read(rng, user)
		}
	})
	elapsed := time.Since(start)
	fmt.Fprintf(stdout, "%d requests in %s (%.0f/s)\n", r.total.Load(), elapsed.Round(time.Millisecond), float64(r.total.Load())/elapsed.Seconds())
	dashP99 := r.summary(stdout)
	fmt.Fprintf(stdout, "errors: %d; saved records not visible on the next request: %d; dashboard p99 %s ms (budget %s ms)\n",
		len(r.errs), r.stale.Load(), ms(dashP99), ms(o.dashboardP99))

	// Nothing changes: the national dashboard's throughput.
	quiet := 10 * time.Second
	var served atomic.Int64
	r.together(o.users, quiet, func(*rand.Rand, int) {
		if st, _, _, err := r.do("GET", "/dashboard", r.central, nil); err == nil && st == 200 {
			served.Add(1)
		}
	})
	fmt.Fprintf(stdout, "national dashboard with nothing changing: %.0f requests/s (%d users, %s)\n", float64(served.Load())/quiet.Seconds(), o.users, quiet)

	var fails []string
	if len(r.errs) > 0 {
		fails = append(fails, fmt.Sprintf("%d errors, first: %s", len(r.errs), strings.Join(r.errs[:min(5, len(r.errs))], "; ")))
	}
	if r.stale.Load() > 0 {
		fails = append(fails, fmt.Sprintf("%d saved records not visible on the next request", r.stale.Load()))
	}
	if dashP99 > time.Duration(float64(o.dashboardP99)*o.slack) {
		fails = append(fails, fmt.Sprintf("dashboard p99 %s ms over %s ms", ms(dashP99), ms(o.dashboardP99)))
	}
	if len(fails) > 0 {
		return errors.New("bench load: " + strings.Join(fails, "; "))
	}
	return nil
}

// loadRun is one reporting day: the accounts and records the users work
// on, the HTTP client, and what the requests measured.
type loadRun struct {
	ctx        context.Context
	base       string
	client     *http.Client
	central    string // the centre's token
	ps         []*loadProvince
	reportLock []sync.Mutex // one writer at a time on a province's report
	orgLock    sync.Map     // one writer at a time on an organisation

	mu    sync.Mutex
	lat   map[string][]time.Duration // by kind of request
	errs  []string
	stale atomic.Int64 // saved records not visible on the next request
	total atomic.Int64
}

// loadProvince is a province's officer and leader, its 2026 annual report
// and some of its organisations.
type loadProvince struct {
	code, officer, lead string
	report              int64
	orgs                []int64
}

// newLoadRun makes the accounts (with API tokens) of the centre and of
// every province, and finds or opens each province's report.
func newLoadRun(ctx context.Context, db *store.DB, base string, users int) (*loadRun, error) {
	r := &loadRun{ctx: ctx, base: base, lat: map[string][]time.Duration{},
		client: &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: users + 10, DisableCompression: true}}}
	suffix := strconv.FormatInt(time.Now().UnixNano(), 36)
	token := func(role, province string) (string, error) {
		u := &store.User{Email: role + province + "-" + suffix + "@load.invalid", Name: "Tải " + role + " " + province, Role: role, Province: province}
		if err := db.CreateUser(ctx, coop.System, u, "mật-khẩu-tải-"+suffix); err != nil {
			return "", err
		}
		t, _, err := db.CreateAPIToken(ctx, u.Actor(), "load")
		return t, err
	}
	var err error
	if r.central, err = token(coop.RoleCentral, ""); err != nil {
		return nil, err
	}
	for _, p := range coop.Provinces() {
		pr := &loadProvince{code: p.Code}
		if pr.officer, err = token(coop.RoleProvincial, p.Code); err != nil {
			return nil, err
		}
		if pr.lead, err = token(coop.RoleProvincialLead, p.Code); err != nil {
			return nil, err
		}
		if err := pr.records(ctx, db, p.Name); err != nil {
			return nil, err
		}
		r.ps = append(r.ps, pr)
	}
	r.reportLock = make([]sync.Mutex, len(r.ps))
	return r, nil
}

// records opens the report of reporting day, the 2026 annual report in
// draft (or finds the one an earlier run opened), and reads the ids of
// some of the province's organisations.
func (pr *loadProvince) records(ctx context.Context, db *store.DB, name string) error {
	r := &coop.Report{Province: pr.code, Period: coop.Period{Kind: coop.ReportAnnual, Year: 2026}}
	officer := coop.Actor{Name: "Cán bộ " + pr.code, Role: coop.RoleProvincial, Province: pr.code}
	if err := db.CreateReport(ctx, officer, r); err != nil {
		var ce *coop.Error
		if !errors.As(err, &ce) || ce.Code != coop.ECONFLICT {
			return fmt.Errorf("bench load: open the report of %s: %w", name, err)
		}
		if err := db.SQL().QueryRowContext(ctx, rebind(db, `SELECT id FROM reports WHERE province = ? AND kind = 'annual' AND period_key = '2026'`), pr.code).Scan(&r.ID); err != nil {
			return err
		}
	}
	pr.report = r.ID
	if err := writeSections(ctx, db, officer, r.ID); err != nil {
		return fmt.Errorf("bench load: write the report of %s: %w", name, err)
	}
	rows, err := db.SQL().QueryContext(ctx, rebind(db, `SELECT id FROM organisations WHERE province = ? AND archived = 0 ORDER BY id LIMIT 20`), pr.code)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		pr.orgs = append(pr.orgs, id)
	}
	return nil
}

// writeSections writes the sections of a report left empty, while it can
// be edited: the load submits it, and a report is submitted only with
// every section written.
func writeSections(ctx context.Context, db *store.DB, officer coop.Actor, id int64) error {
	d, err := db.Report(ctx, officer, id)
	if err != nil || !d.Editable {
		return err
	}
	n := coop.Narrative{}
	maps.Copy(n, d.Narrative)
	empty := 0
	for _, s := range coop.ReportSections {
		if strings.TrimSpace(n[s.Code]) == "" {
			n[s.Code] = "Phần “" + s.Label + "” của báo cáo thử tải."
			empty++
		}
	}
	if empty == 0 {
		return nil
	}
	_, err = db.UpdateReport(ctx, officer, id, d.RowVersion, store.ReportEdit{Narrative: n})
	return err
}

// together runs users goroutines for d, each calling step until the time
// is up with its own random source.
func (r *loadRun) together(users int, d time.Duration, step func(rng *rand.Rand, user int)) {
	ctx, cancel := context.WithTimeout(r.ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	for u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(u), 7))
			for ctx.Err() == nil {
				step(rng, u)
			}
		}()
	}
	wg.Wait()
}

// do sends one request with the token and a JSON body (when not nil) and
// returns the status, the body and the time it took.
func (r *loadRun) do(method, path, token string, body any) (int, []byte, time.Duration, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(r.ctx, method, r.base+path, rd)
	if err != nil {
		return 0, nil, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept-Encoding", "gzip")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := r.client.Do(req)
	if err != nil {
		return 0, nil, time.Since(start), err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, b, time.Since(start), err
}

// request sends a request, records its time under kind and counts it as
// an error unless it answers 200; it returns the status and the body.
func (r *loadRun) request(kind, method, path, token string, body any) (int, []byte) {
	st, b, d, err := r.do(method, path, token, body)
	r.total.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lat[kind] = append(r.lat[kind], d)
	if (err != nil || st != 200) && len(r.errs) < 1000 {
		r.errs = append(r.errs, fmt.Sprintf("%s: %d %v", kind, st, err))
	}
	return st, b
}

// field reads a value from a JSON object or its "report"/"organisation".
func field(b []byte, key string) any {
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	if v, ok := m[key]; ok {
		return v
	}
	for _, k := range []string{"report", "organisation"} {
		if in, ok := m[k].(map[string]any); ok {
			return in[key]
		}
	}
	return nil
}

// write is a write: moving the province's report one step (submit,
// return, resubmit), or saving an organisation, checked on the next
// request.
func (r *loadRun) write(rng *rand.Rand, user int) {
	i := user % len(r.ps)
	pr := r.ps[i]
	if rng.IntN(10) < 4 {
		r.reportLock[i].Lock()
		defer r.reportLock[i].Unlock()
		path := "/api/v1/reports/" + strconv.FormatInt(pr.report, 10)
		_, b := r.request("report read", "GET", path, pr.officer, nil)
		status, _ := field(b, "status").(string)
		rv, _ := field(b, "row_version").(float64)
		action, tok := "submit", pr.lead
		switch status {
		case coop.ReportSubmitted:
			action, tok = "return", r.central
		case coop.ReportReturned:
			action = "resubmit"
		}
		body := map[string]any{"row_version": int64(rv), "note": "Đề nghị rà soát lại số liệu (thử tải)."}
		r.request("report "+action, "POST", path+"/"+action, tok, body)
		return
	}
	if len(pr.orgs) == 0 {
		return
	}
	id := pr.orgs[rng.IntN(len(pr.orgs))]
	l, _ := r.orgLock.LoadOrStore(id, &sync.Mutex{})
	l.(*sync.Mutex).Lock()
	defer l.(*sync.Mutex).Unlock()
	path := "/api/v1/organisations/" + strconv.FormatInt(id, 10)
	_, b := r.request("organisation read", "GET", path, pr.officer, nil)
	var org map[string]any
	if json.Unmarshal(b, &org) != nil {
		return
	}
	phone := fmt.Sprintf("0%09d", rng.IntN(1_000_000_000))
	org["phone"] = phone
	if st, _ := r.request("organisation save", "PUT", path, pr.officer, org); st != 200 {
		return
	}
	_, b = r.request("organisation read", "GET", path, pr.officer, nil)
	if got, _ := field(b, "phone").(string); got != phone {
		r.stale.Add(1)
	}
}

// read is a read of a dashboard, the national report or a list.
func (r *loadRun) read(rng *rand.Rand, user int) {
	pr := r.ps[user%len(r.ps)]
	switch n := rng.IntN(10); {
	case n < 4:
		r.request("national dashboard", "GET", "/dashboard", r.central, nil)
	case n < 6:
		r.request("provincial dashboard", "GET", "/dashboard", pr.officer, nil)
	case n < 7:
		r.request("national report", "GET", "/reports/national", r.central, nil)
	case n < 9:
		r.request("organisation list", "GET", "/organisations?q=hop+tac+xa", pr.officer, nil)
	default:
		r.request("national dashboard", "GET", "/api/v1/dashboard", r.central, nil)
	}
}

// summary prints the quantiles of each kind of request and returns the
// dashboards' 99th percentile.
func (r *loadRun) summary(stdout io.Writer) time.Duration {
	for _, k := range slices.Sorted(maps.Keys(r.lat)) {
		ds := r.lat[k]
		slices.Sort(ds)
		fmt.Fprintf(stdout, "  %-22s n=%-6d p50 %7s ms  p95 %7s ms  p99 %7s ms\n", k, len(ds), ms(quantile(ds, .5)), ms(quantile(ds, .95)), ms(quantile(ds, .99)))
	}
	dash := slices.Concat(r.lat["national dashboard"], r.lat["provincial dashboard"])
	slices.Sort(dash)
	return quantile(dash, .99)
}
