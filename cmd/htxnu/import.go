package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/cputime"
	"htxnu/internal/store"
)

// importCmd brings a spreadsheet in through the same path as the web page:
// it reads the file, prints the preview (counts, old provinces mapped, the
// first errors) and, unless --dry-run, commits it as the account named by
// --as, with progress on the terminal.
func importCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dsn := dbFlag(fs)
	as := fs.String("as", "", "e-mail of the account the import is made as (its province scope applies)")
	kind := fs.String("kind", store.ImportOrganisations, "what the file holds: organisations, activities, attendance or allocations")
	dryRun := fs.Bool("dry-run", false, "show the preview only; write nothing")
	validOnly := fs.Bool("valid-only", false, "write the valid rows even when some rows have errors")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *as == "" || fs.NArg() != 1 {
		return errors.New("usage: htxnu import --db DB --as EMAIL [--kind organisations|activities|attendance|allocations] [--dry-run] [--valid-only] FILE")
	}
	path := fs.Arg(0)
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	db, _, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, coop.System, *as)
	if err != nil {
		return fmt.Errorf("--as %s: %s", *as, coop.ErrorMessage(err))
	}
	actor := u.Actor()
	last := time.Time{}
	progress := func(p store.ImportProgress) {
		if time.Since(last) > time.Second || p.Done == p.Total {
			last = time.Now()
			what := "read"
			if p.Phase == "commit" {
				what = "written"
			}
			fmt.Fprintf(stdout, "\r%d/%d rows %s", p.Done, p.Total, what)
		}
	}
	start, cpu := time.Now(), cputime.Process()
	imp, err := db.NewImportWith(ctx, actor, *kind, filepath.Base(path), data, store.ImportOptions{Wait: true, Progress: progress})
	fmt.Fprint(stdout, "\r")
	if err != nil {
		return errors.New(coop.ErrorMessage(err))
	}
	s := imp.Summary
	fmt.Fprintf(stdout, "import %d: %d rows: %d new, %d updated, %d unchanged, %d with errors (%s)\n",
		imp.ID, s.Rows, s.New, s.Updated, s.Unchanged, s.Errors, took(start, cpu))
	for _, n := range imp.Notes {
		fmt.Fprintln(stdout, "  "+n)
	}
	for i, e := range imp.Errors {
		if i == 20 {
			fmt.Fprintf(stdout, "  … and %d more errors\n", len(imp.Errors)-20)
			break
		}
		fmt.Fprintf(stdout, "  row %d, %s: %s\n", e.Row, e.Column, e.Message)
	}
	if *dryRun {
		fmt.Fprintln(stdout, "dry run: nothing written")
		return nil
	}
	if s.Errors > 0 && !*validOnly {
		return fmt.Errorf("nothing written: %d rows have errors (fix them, or pass --valid-only)", s.Errors)
	}
	start, cpu = time.Now(), cputime.Process()
	imp, err = db.CommitImportWith(ctx, actor, imp.ID, *validOnly, store.ImportOptions{Wait: true, Progress: progress})
	fmt.Fprint(stdout, "\r")
	if err != nil {
		return errors.New(coop.ErrorMessage(err))
	}
	fmt.Fprintf(stdout, "import %d committed: %d new, %d updated (%s); undo with the imports page or POST /api/v1/imports/%d/revert\n",
		imp.ID, imp.Summary.New, imp.Summary.Updated, took(start, cpu), imp.ID)
	return nil
}

// took tells the wall time since start and the CPU time this process used
// since it read cpu: on a shared machine the two differ.
func took(start time.Time, cpu time.Duration) string {
	wall := time.Since(start).Round(time.Millisecond)
	if c := cputime.Process(); c > 0 {
		return fmt.Sprintf("%s, CPU %s", wall, (c - cpu).Round(time.Millisecond))
	}
	return wall.String()
}
