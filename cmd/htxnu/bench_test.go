package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"htxnu/internal/store/storetest"
)

// excludedPages are the pages the scale test times but does not fail on:
// each is over its budget for a reason being worked on elsewhere, and
// leaves this list (one alternative per line) when it is not. The national
// dashboard's first request is not judged anyway (only the warm p95 is).
var excludedPages = strings.Join([]string{
	// The dashboards and the national consolidation (store/dashboard*.go,
	// indicator_*.go, the render cache): their warm p95 at 0.2× crosses
	// the budget on a busy machine.
	`^/dashboard`, `^/api/v1/dashboard`,
	`^/reports/national`, `^/api/v1/reports/national`,
	// Report compilation (store/report_compile.go): reading a report whose
	// figures are compiled live.
	`^/reports/[0-9]+(\?|$)`, `^/api/v1/reports/[0-9]+(\?|$)`,
}, "|")

// TestScalePages runs the scale harness at a small scale (20,000
// organisations, 4,000 activities, 100,000 links, reports in every state)
// on SQLite, and on PostgreSQL when HTXNU_TEST_PG names one: every GET
// route of the route table, as a national and as a provincial account,
// within the goals' budgets (those of Vietnam's scale, the smallest). A page
// that starts to scan fails here. The budgets are multiplied by
// HTXNU_BENCH_SLACK (default 3: the test machine is shared); the pages of
// excludedPages are timed but do not fail it. It runs when
// HTXNU_SCALE_TEST is set — make test (scripts/test.sh) sets it for a step
// of its own — and never with -short: it generates 20,000 organisations and
// compiles about 60 reports.
func TestScalePages(t *testing.T) {
	if testing.Short() || os.Getenv("HTXNU_SCALE_TEST") == "" {
		t.Skip("the scale harness runs with HTXNU_SCALE_TEST=1 (make test sets it)")
	}
	slack := os.Getenv("HTXNU_BENCH_SLACK")
	if slack == "" {
		slack = "3"
	}
	dbs := []string{""}
	if pg := os.Getenv("HTXNU_TEST_PG"); pg != "" {
		dbs = append(dbs, pg)
	}
	for _, dsn := range dbs {
		name := "sqlite"
		if dsn != "" {
			name = "postgres"
			dsn = storetest.PostgresDSN(t)
		}
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			args := []string{"bench", "pages", "--scale", "0.2", "--requests", "5", "--slack", slack, "--exclude", excludedPages}
			if dsn != "" {
				args = append(args, "--db", dsn)
			}
			err := run(context.Background(), args, nil, &out, &out, nil)
			t.Log("\n" + out.String())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "every page within budget") {
				t.Fatal("the harness did not time the pages")
			}
		})
	}
}
