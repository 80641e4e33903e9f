package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"htxnu/internal/store"
	"htxnu/internal/store/storetest"
)

var migrationName = regexp.MustCompile(`^(\d{4})_[a-z0-9_]+\.sql$`)

// migrationFiles returns the file names of a dialect's migration folder,
// failing on anything that is not a well-named migration.
func migrationFiles(t *testing.T, dialect store.Dialect) []string {
	t.Helper()
	entries, err := os.ReadDir("migrations/" + string(dialect))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() || !migrationName.MatchString(e.Name()) {
			t.Errorf("%s/%s: not a migration (want NNNN_name.sql)", dialect, e.Name())
			continue
		}
		names = append(names, e.Name())
	}
	return names
}

func TestMigrationFoldersInStep(t *testing.T) {
	lite, pg := migrationFiles(t, store.SQLite), migrationFiles(t, store.Postgres)
	if len(lite) == 0 {
		t.Fatal("no migrations")
	}
	if !slices.Equal(lite, pg) {
		t.Fatalf("migration folders differ:\n sqlite   %q\n postgres %q", lite, pg)
	}
	// Numbered 1…n without gaps or repeats, so the schema version is the
	// number of files.
	for i, name := range lite {
		n, _ := strconv.Atoi(migrationName.FindStringSubmatch(name)[1])
		if n != i+1 {
			t.Errorf("%s: want number %04d", name, i+1)
		}
	}
}

func TestMigrateTwiceIsANoOp(t *testing.T) {
	want := len(migrationFiles(t, store.SQLite))
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		v, err := db.SchemaVersion(ctx)
		if err != nil || v != want {
			t.Fatalf("schema version %d (%v), want %d, the number of migration files", v, err, want)
		}
		before := schemaOf(t, db)
		for i := 0; i < 2; i++ {
			v, err := db.Migrate(ctx)
			if err != nil || v != want {
				t.Fatalf("migrate again: version %d, %v", v, err)
			}
		}
		var applied, provinces, legacy int
		q := db.SQL().QueryRowContext
		if err := q(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&applied); err != nil || applied != want {
			t.Errorf("schema_migrations has %d rows (%v), want %d", applied, err, want)
		}
		if err := q(ctx, `SELECT COUNT(*) FROM provinces`).Scan(&provinces); err != nil || provinces != 34 {
			t.Errorf("%d provinces (%v), want 34", provinces, err)
		}
		if err := q(ctx, `SELECT COUNT(*) FROM legacy_provinces`).Scan(&legacy); err != nil || legacy != 63 {
			t.Errorf("%d legacy provinces (%v), want 63", legacy, err)
		}
		if after := schemaOf(t, db); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("schema changed by a second migration:\n before %v\n after  %v", before, after)
		}
	})
}

func TestSchemasMatch(t *testing.T) {
	lite := storetest.SQLite(t)
	pg := storetest.Postgres(t) // skips without HTXNU_TEST_PG (fails under CI)
	ls, ps := schemaOf(t, lite), schemaOf(t, pg)
	if len(ls.tables) < 5 || len(ls.indexes) == 0 {
		t.Fatalf("sqlite schema looks empty: %v %v", ls.tables, ls.indexes)
	}
	t.Logf("%d tables, %d indexes", len(ls.tables), len(ls.indexes))
	for table, cols := range ls.tables {
		pcols, ok := ps.tables[table]
		if !ok {
			t.Errorf("table %s is in sqlite only", table)
			continue
		}
		if !slices.Equal(cols, pcols) {
			t.Errorf("table %s columns differ:\n sqlite   %q\n postgres %q", table, cols, pcols)
		}
	}
	for table := range ps.tables {
		if _, ok := ls.tables[table]; !ok {
			t.Errorf("table %s is in postgres only", table)
		}
	}
	if !slices.Equal(ls.indexes, ps.indexes) {
		t.Errorf("indexes differ:\n sqlite   %q\n postgres %q", ls.indexes, ps.indexes)
	}
}

type dbSchema struct {
	tables  map[string][]string // table → sorted column names
	indexes []string            // explicitly created indexes, sorted
}

// schemaOf reads the tables, columns and named indexes of the database
// (for PostgreSQL, of the test's own schema).
func schemaOf(t *testing.T, db *store.DB) dbSchema {
	t.Helper()
	var colQ, idxQ string
	switch db.Dialect() {
	case store.SQLite:
		colQ = `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
		idxQ = `SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`
	case store.Postgres:
		colQ = `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`
		idxQ = `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()
			AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE connamespace = current_schema()::regnamespace)`
	}
	s := dbSchema{tables: map[string][]string{}}
	rows := queryStrings(t, db.SQL(), colQ)
	for _, r := range rows {
		s.tables[r[0]] = append(s.tables[r[0]], r[1])
	}
	for _, cols := range s.tables {
		slices.Sort(cols)
	}
	for _, r := range queryStrings(t, db.SQL(), idxQ) {
		s.indexes = append(s.indexes, r[0])
	}
	slices.Sort(s.indexes)
	return s
}

func queryStrings(t *testing.T, db *sql.DB, q string) [][]string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		r := make([]string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range r {
			ptrs[i] = &r[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
