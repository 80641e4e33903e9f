package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

// TestBackupWhileWriting takes a backup with `htxnu backup` while another
// goroutine keeps creating organisations through the store, restores it as
// an operator would (the copy put in place of the database), and checks
// the restored database with `htxnu check`: it is consistent, and it holds
// a number of organisations between those before and after the backup.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	var out bytes.Buffer
	if err := run(ctx, []string{"gen", "--db", path, "--organisations", "1500", "--activities", "20", "--links", "400"}, nil, &out, &out, nil); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(d *store.DB) int {
		var n int
		if err := d.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	start := count(db)
	stop := make(chan struct{})
	done := make(chan error, 1)
	var written atomic.Int64
	go func() {
		g := demo.NewGenerator(42, demo.Options{})
		for {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			o := g.Next()
			o.RegistrationNo = fmt.Sprintf("SAOLUU-%06d", written.Load())
			if err := db.CreateOrganisation(ctx, coop.System, &o); err != nil {
				done <- err
				return
			}
			written.Add(1)
		}
	}()
	waitFor := func(n int64) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for written.Load() < n {
			select {
			case err := <-done:
				t.Fatalf("write loop stopped after %d writes: %v", written.Load(), err)
			default:
			}
			if time.Now().After(deadline) {
				t.Fatalf("write loop at %d writes, want %d", written.Load(), n)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitFor(20) // the loop is writing
	backup := filepath.Join(dir, "copy.db")
	out.Reset()
	err = run(ctx, []string{"backup", "--db", path, "--out", backup}, nil, &out, &out, nil)
	during := written.Load()
	waitFor(during + 20) // and still writing after the backup
	close(stop)
	if werr := <-done; werr != nil {
		t.Fatalf("write loop: %v", werr)
	}
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "đã được kiểm tra") {
		t.Errorf("backup printed %q", out.String())
	}
	if _, err := os.Stat(backup + ".partial"); err == nil {
		t.Error("the temporary file was left behind")
	}
	// A second backup to the same file is refused: nothing is overwritten.
	if err := run(ctx, []string{"backup", "--db", path, "--out", backup}, nil, &out, &out, nil); err == nil {
		t.Error("a backup over an existing file succeeded")
	}

	restored := filepath.Join(t.TempDir(), "htxnu.db")
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(restored, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"check", "--db", restored}, nil, &out, &out, nil); err != nil {
		t.Fatalf("check of the restored backup: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "Kết quả: không có sai lệch.") {
		t.Errorf("check printed %q", out.String())
	}
	rdb, err := store.Open(ctx, restored)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	got, end := count(rdb), count(db)
	if got < start+20 || got > end-20 {
		t.Errorf("the backup holds %d organisations; before %d, after %d", got, start, end)
	}
}

// TestCheckRepair corrupts a rollup by hand: `htxnu check` names it and
// exits non-zero; `--repair` mends it; the next check is clean.
func TestCheckRepair(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	var out bytes.Buffer
	if err := run(ctx, []string{"gen", "--db", path, "--organisations", "500", "--activities", "10", "--links", "200"}, nil, &out, &out, nil); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE org_rollup SET workers_female = workers_female + 7 WHERE rowid = (SELECT MIN(rowid) FROM org_rollup)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	out.Reset()
	err = run(ctx, []string{"check", "--db", path}, nil, &out, &out, nil)
	if !errors.Is(err, errFound) || !strings.Contains(out.String(), "org_rollup") || !strings.Contains(out.String(), "--repair") {
		t.Fatalf("check of a corrupted rollup: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"check", "--db", path, "--repair"}, nil, &out, &out, nil); err != nil || !strings.Contains(out.String(), "Đã sửa") {
		t.Fatalf("repair: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"check", "--db", path}, nil, &out, &out, nil); err != nil {
		t.Fatalf("check after repair: %v\n%s", err, out.String())
	}
	// A database that does not exist is not created.
	missingPath := filepath.Join(t.TempDir(), "none.db")
	if err := run(ctx, []string{"check", "--db", missingPath}, nil, &out, &out, nil); err == nil {
		t.Error("check of a missing database succeeded")
	}
	if _, err := os.Stat(missingPath); err == nil {
		t.Error("check created the missing database")
	}
}

// TestCheckPostgres runs `htxnu check` on PostgreSQL.
func TestCheckPostgres(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"gen", "--db", dsn, "--organisations", "300", "--activities", "5", "--links", "50"}, nil, &out, &out, nil); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"check", "--db", dsn}, nil, &out, &out, nil); err != nil {
		t.Fatalf("check: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "(postgres)") || !strings.Contains(out.String(), "khớp") {
		t.Errorf("check printed %q", out.String())
	}
	if err := run(ctx, []string{"backup", "--db", dsn, "--out", filepath.Join(t.TempDir(), "x.db")}, nil, &out, &out, nil); err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("backup of PostgreSQL: %v, want a pointer to pg_dump", err)
	}
}
