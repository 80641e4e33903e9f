package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"htxnu/internal/store/storetest"
)

// TestScalePages runs the scale harness at a small scale (20,000
// organisations, 4,000 activities, 100,000 links, reports in every state)
// on SQLite, and on PostgreSQL when HTXNU_TEST_PG names one: every GET
// route of the route table, as a national and as a provincial account,
// within the goals' budgets (those of Vietnam's scale, the smallest). A page
// that starts to scan fails here. The budgets are multiplied by
// HTXNU_BENCH_SLACK (default 3: the test machine is shared). It runs only
// when HTXNU_SCALE_TEST is set, and never with -short: it generates 20,000
// organisations and compiles about 60 reports, and some pages are still
// over their budgets (docs/performance.md lists them), so it is not yet
// part of the CI run.
func TestScalePages(t *testing.T) {
	if testing.Short() || os.Getenv("HTXNU_SCALE_TEST") == "" {
		t.Skip("the scale harness runs with HTXNU_SCALE_TEST=1 (pages still over budget: docs/performance.md)")
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
			args := []string{"bench", "pages", "--scale", "0.2", "--requests", "5", "--slack", slack}
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
