// Package storetest opens fresh, migrated databases for tests: a SQLite
// file in a temporary directory always, and a PostgreSQL schema of its own
// when HTXNU_TEST_PG names a server. Each is dropped when the test ends.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"htxnu/internal/store"
)

// Each runs fn once per available database, as subtests named "sqlite" and
// "postgres". Under CI=true, a missing HTXNU_TEST_PG is a failure.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	EachDSN(t, func(t *testing.T, _ string, db *store.DB) { fn(t, db) })
}

// EachDSN is Each, with the address of the database besides, for a test
// that opens it again: what another process would see.
func EachDSN(t *testing.T, fn func(t *testing.T, dsn string, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		dsn := filepath.Join(t.TempDir(), "test.db")
		fn(t, dsn, open(t, dsn))
	})
	if os.Getenv("HTXNU_TEST_PG") == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but HTXNU_TEST_PG is not: PostgreSQL tests would not run")
		}
		return
	}
	t.Run("postgres", func(t *testing.T) {
		dsn := PostgresDSN(t)
		fn(t, dsn, open(t, dsn))
	})
}

// SQLite returns a fresh migrated SQLite database.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "test.db"))
}

// Postgres returns a fresh migrated PostgreSQL database in a schema of its
// own, dropped at the end of the test. It skips when HTXNU_TEST_PG is unset
// (and fails under CI).
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	return open(t, PostgresDSN(t))
}

// PostgresDSN returns the URL of a fresh, empty (not migrated) PostgreSQL
// schema of its own, dropped at the end of the test. It skips when
// HTXNU_TEST_PG is unset (and fails under CI).
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("HTXNU_TEST_PG")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but HTXNU_TEST_PG is not")
		}
		t.Skip("HTXNU_TEST_PG not set")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(t testing.TB, dsn string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}
