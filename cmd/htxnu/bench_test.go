package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"htxnu/internal/store/storetest"
)

// TestScalePages runs the scale harness at a small scale (20,000
// organisations, 4,000 activities, 100,000 links, reports in every state)
// on SQLite, and on PostgreSQL when HTXNU_TEST_PG names one: every GET
// route of the route table, as a national and as a provincial account,
// within the goals' budgets (those of Vietnam's scale, the smallest). A page
// that starts to scan fails here. The budgets are multiplied by
// HTXNU_BENCH_SLACK (default 3: the test machine is shared); every page
// counts, the dashboards, the national report and a report's own page
// included. It runs when
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
	type target struct{ name, dsn string }
	dbs := []target{{"sqlite", filepath.Join(t.TempDir(), "scale.db")}}
	if os.Getenv("HTXNU_TEST_PG") != "" {
		dbs = append(dbs, target{"postgres", storetest.PostgresDSN(t)})
	}
	// The datasets are generated side by side (the machine's two cores),
	// then the pages of each are timed alone.
	var wg sync.WaitGroup
	errs := make([]error, len(dbs))
	for i, d := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = scaleData(d.dsn)
		}()
	}
	wg.Wait()
	for i, d := range dbs {
		if errs[i] != nil {
			t.Fatalf("%s: generating the dataset: %v", d.name, errs[i])
		}
	}
	for _, d := range dbs {
		name, dsn := d.name, d.dsn
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			args := []string{"bench", "pages", "--scale", "0.2", "--requests", "5", "--slack", slack, "--db", dsn}
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

// scaleData generates the scale test's dataset (0.2×, with the reports)
// into the database, as bench pages would before timing.
func scaleData(dsn string) error {
	ctx := context.Background()
	db, _, err := openDB(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	o := &benchOptions{scale: 0.2, organisations: scaleOrganisations / 5, acts: scaleActivities / 5, links: scaleLinks / 5}
	return benchData(ctx, db, o, io.Discard)
}
