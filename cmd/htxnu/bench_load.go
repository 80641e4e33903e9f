package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	provinces := coop.Provinces()
	suffix := strconv.FormatInt(time.Now().UnixNano(), 36)
	token := func(role, province string) (string, error) {
		u := &store.User{Email: role + province + "-" + suffix + "@load.invalid", Name: "Tải " + role + " " + province, Role: role, Province: province}
		if err := db.CreateUser(ctx, coop.System, u, "mật-khẩu-tải-"+suffix); err != nil {
			return "", err
		}
		t, _, err := db.CreateAPIToken(ctx, u.Actor(), "load")
		return t, err
	}
	central, err := token(coop.RoleCentral, "")
	if err != nil {
		return err
	}
	type province struct {
		code, officer, lead string
		report              int64
		orgs                []int64
	}
	var ps []*province
	for _, p := range provinces {
		pr := &province{code: p.Code}
		if pr.officer, err = token(coop.RoleProvincial, p.Code); err != nil {
			return err
		}
		if pr.lead, err = token(coop.RoleProvincialLead, p.Code); err != nil {
			return err
		}
		// The report of reporting day: the 2026 annual report, in draft.
		r := &coop.Report{Province: p.Code, Period: coop.Period{Kind: coop.ReportAnnual, Year: 2026}}
		officer := coop.Actor{Name: "Cán bộ " + p.Code, Role: coop.RoleProvincial, Province: p.Code}
		if err := db.CreateReport(ctx, officer, r); err != nil {
			var ce *coop.Error
			if !errors.As(err, &ce) || ce.Code != coop.ECONFLICT {
				return fmt.Errorf("bench load: open the report of %s: %w", p.Name, err)
			}
			// Opened by an earlier run: find it.
			if err := db.SQL().QueryRowContext(ctx, rebind(db, `SELECT id FROM reports WHERE province = ? AND kind = 'annual' AND period_key = '2026'`), p.Code).Scan(&r.ID); err != nil {
				return err
			}
		}
		pr.report = r.ID
		rows, err := db.SQL().QueryContext(ctx, rebind(db, `SELECT id FROM organisations WHERE province = ? AND archived = 0 ORDER BY id LIMIT 20`), p.Code)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			pr.orgs = append(pr.orgs, id)
		}
		rows.Close()
		ps = append(ps, pr)
	}

	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: o.users + 10, DisableCompression: true}}
	do := func(method, path, token string, body any) (int, []byte, time.Duration, error) {
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
		if err != nil {
			return 0, nil, 0, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Accept-Encoding", "gzip")
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, time.Since(start), err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, b, time.Since(start), err
	}

	var (
		mu         sync.Mutex
		lat        = map[string][]time.Duration{}
		errs       []string
		stale      atomic.Int64
		total      atomic.Int64
		reportLock = make([]sync.Mutex, len(ps))
		orgLock    sync.Map
	)
	record := func(kind string, d time.Duration, status int, err error, want ...int) {
		total.Add(1)
		mu.Lock()
		defer mu.Unlock()
		lat[kind] = append(lat[kind], d)
		if err != nil || !slices.Contains(want, status) {
			if len(errs) < 1000 {
				errs = append(errs, fmt.Sprintf("%s: %d %v", kind, status, err))
			}
		}
	}
	// field reads a value from a JSON object or its "report"/"organisation".
	field := func(b []byte, key string) any {
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

	// A write: saving an organisation (checked on the next request), or
	// moving the province's report one step (submit, return, resubmit).
	write := func(rng *rand.Rand, user int) {
		pr := ps[user%len(ps)]
		if rng.IntN(10) < 4 {
			i := user % len(ps)
			reportLock[i].Lock()
			defer reportLock[i].Unlock()
			st, b, d, err := do("GET", "/api/v1/reports/"+strconv.FormatInt(pr.report, 10), pr.officer, nil)
			record("report read", d, st, err, 200)
			status, _ := field(b, "status").(string)
			rv, _ := field(b, "row_version").(float64)
			action, tok := "submit", pr.lead
			switch status {
			case coop.ReportSubmitted:
				action, tok = "return", central
			case coop.ReportReturned:
				action = "resubmit"
			}
			body := map[string]any{"row_version": int64(rv), "note": "Đề nghị rà soát lại số liệu (thử tải)."}
			st, _, d, err = do("POST", "/api/v1/reports/"+strconv.FormatInt(pr.report, 10)+"/"+action, tok, body)
			record("report "+action, d, st, err, 200)
			return
		}
		if len(pr.orgs) == 0 {
			return
		}
		id := pr.orgs[rng.IntN(len(pr.orgs))]
		l, _ := orgLock.LoadOrStore(id, &sync.Mutex{})
		l.(*sync.Mutex).Lock()
		defer l.(*sync.Mutex).Unlock()
		path := "/api/v1/organisations/" + strconv.FormatInt(id, 10)
		st, b, d, err := do("GET", path, pr.officer, nil)
		record("organisation read", d, st, err, 200)
		var org map[string]any
		if json.Unmarshal(b, &org) != nil {
			return
		}
		phone := fmt.Sprintf("0%09d", rng.IntN(1_000_000_000))
		org["phone"] = phone
		st, _, d, err = do("PUT", path, pr.officer, org)
		record("organisation save", d, st, err, 200)
		if st != 200 {
			return
		}
		st, b, d, err = do("GET", path, pr.officer, nil)
		record("organisation read", d, st, err, 200)
		if got, _ := field(b, "phone").(string); got != phone {
			stale.Add(1)
		}
	}
	read := func(rng *rand.Rand, user int) {
		pr := ps[user%len(ps)]
		switch n := rng.IntN(10); {
		case n < 4:
			st, _, d, err := do("GET", "/dashboard", central, nil)
			record("national dashboard", d, st, err, 200)
		case n < 6:
			st, _, d, err := do("GET", "/dashboard", pr.officer, nil)
			record("provincial dashboard", d, st, err, 200)
		case n < 7:
			st, _, d, err := do("GET", "/reports/national", central, nil)
			record("national report", d, st, err, 200)
		case n < 9:
			st, _, d, err := do("GET", "/organisations?q=hop+tac+xa", pr.officer, nil)
			record("organisation list", d, st, err, 200)
		default:
			st, _, d, err := do("GET", "/api/v1/dashboard", central, nil)
			record("national dashboard", d, st, err, 200)
		}
	}

	fmt.Fprintf(stdout, "reporting day: %d users, %d%% writes, %s\n", o.users, o.writePercent, o.duration)
	loadCtx, cancel := context.WithTimeout(ctx, o.duration)
	var wg sync.WaitGroup
	start := time.Now()
	for u := range o.users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(u), 7))
			for loadCtx.Err() == nil {
				if rng.IntN(100) < o.writePercent {
					write(rng, u)
				} else {
					read(rng, u)
				}
			}
		}()
	}
	wg.Wait()
	cancel()
	elapsed := time.Since(start)
	fmt.Fprintf(stdout, "%d requests in %s (%.0f/s)\n", total.Load(), elapsed.Round(time.Millisecond), float64(total.Load())/elapsed.Seconds())
	var kinds []string
	for k := range lat {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		ds := lat[k]
		slices.Sort(ds)
		fmt.Fprintf(stdout, "  %-22s n=%-6d p50 %7s ms  p95 %7s ms  p99 %7s ms\n", k, len(ds), ms(quantile(ds, .5)), ms(quantile(ds, .95)), ms(quantile(ds, .99)))
	}
	var dash []time.Duration
	dash = append(dash, lat["national dashboard"]...)
	dash = append(dash, lat["provincial dashboard"]...)
	slices.Sort(dash)
	dashP99 := quantile(dash, .99)
	fmt.Fprintf(stdout, "errors: %d; saved records not visible on the next request: %d; dashboard p99 %s ms (budget %s ms)\n",
		len(errs), stale.Load(), ms(dashP99), ms(o.dashboardP99))

	// Nothing changes: the national dashboard's throughput.
	quiet := 10 * time.Second
	var served atomic.Int64
	qctx, qcancel := context.WithTimeout(ctx, quiet)
	var qwg sync.WaitGroup
	for range o.users {
		qwg.Add(1)
		go func() {
			defer qwg.Done()
			for qctx.Err() == nil {
				if st, _, _, err := do("GET", "/dashboard", central, nil); err == nil && st == 200 {
					served.Add(1)
				}
			}
		}()
	}
	qwg.Wait()
	qcancel()
	fmt.Fprintf(stdout, "national dashboard with nothing changing: %.0f requests/s (%d users, %s)\n", float64(served.Load())/quiet.Seconds(), o.users, quiet)

	var fails []string
	if len(errs) > 0 {
		fails = append(fails, fmt.Sprintf("%d errors, first: %s", len(errs), strings.Join(errs[:min(5, len(errs))], "; ")))
	}
	if stale.Load() > 0 {
		fails = append(fails, fmt.Sprintf("%d saved records not visible on the next request", stale.Load()))
	}
	if dashP99 > time.Duration(float64(o.dashboardP99)*o.slack) {
		fails = append(fails, fmt.Sprintf("dashboard p99 %s ms over %s ms", ms(dashP99), ms(o.dashboardP99)))
	}
	if len(fails) > 0 {
		return errors.New("bench load: " + strings.Join(fails, "; "))
	}
	return nil
}
