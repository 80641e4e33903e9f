package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"htxnu/internal/demo"
)

// genCmd is `htxnu gen`: synthetic organisations, activities and reports
// at a chosen scale.
func genCmd(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("gen")
	n := c.Int("organisations", 10000, "number of organisations to generate (0: none)")
	acts := c.Int("activities", 0, "number of support activities to generate")
	links := c.Int("links", -1, "beneficiary links of the activities in all (default 50 per activity)")
	seed := c.Uint64("seed", 1, "random seed (the same seed gives the same data)")
	reports := c.Bool("reports", false, "also open the provinces' reports of the periods due, in every state (approved, returned, submitted, draft, missing)")
	if err := c.Parse(args); err != nil {
		return err
	}
	if *n < 0 || *acts < 0 || (*n == 0 && *acts == 0) {
		return errors.New("gen: give a positive --organisations or --activities, or --reports")
	}
	if *links < 0 {
		*links = 50 * *acts
	}
	db, _, err := openDB(ctx, *c.dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	report := func(what string) func(done, total int) {
		last := time.Now()
		return func(done, total int) {
			if time.Since(last) > 2*time.Second || done == total {
				last = time.Now()
				fmt.Fprintf(stdout, "\r%d/%d %s (%.0f%%)", done, total, what, 100*float64(done)/float64(total))
			}
		}
	}
	if *n > 0 {
		start := time.Now()
		err = demo.Generate(ctx, db, *n, *seed, report("organisations"))
		fmt.Fprintln(stdout)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "generated %d organisations in %s\n", *n, time.Since(start).Round(time.Millisecond))
	}
	if *acts > 0 {
		start := time.Now()
		err = demo.GenerateActivities(ctx, db, *acts, *links, *seed, report("activities"))
		fmt.Fprintln(stdout)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "generated %d activities reaching about %d organisations in %s (rollups rebuilt)\n", *acts, *links, time.Since(start).Round(time.Millisecond))
	}
	if *reports {
		start := time.Now()
		if err := demo.GenerateReports(ctx, db); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "generated the provinces' reports in every state in %s\n", time.Since(start).Round(time.Millisecond))
	}
	// A bulk load: give the planner its statistics now.
	if err := db.AfterBulkLoad(ctx); err != nil {
		return err
	}
	return nil
}
