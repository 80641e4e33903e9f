// Package store persists htxnu's data in SQLite or PostgreSQL through one
// concrete *DB. Every read is scoped to what the acting user may see and
// every write is checked and audited inside the same transaction.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"htxnu/internal/coop"
)

// Dialect names the SQL database behind a DB.
type Dialect string

// Supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

//go:embed migrations
var migrationsFS embed.FS

// DB is the store. It is safe for concurrent use.
type DB struct {
	sql      *sql.DB
	shared   *sql.DB         // the lane of shared computations (lanes.go)
	quick    *sql.DB         // the lane of each request's lookups (lanes.go)
	turn     chan struct{}   // SQLite only, the writer's turn (lanes.go)
	pool     *pgxpool.Pool   // PostgreSQL only, for bulk loads
	lanes    []*pgxpool.Pool // PostgreSQL only, the lanes' connections
	dialect  Dialect
	now      func() time.Time
	log      *slog.Logger
	cons     *consolidations // national consolidations of the current generation (generation.go)
	national *nationalKept   // NationalReport's, kept by the generation of their figures
	// provinceLive is each province's live compilation for a report's
	// window, kept by the generation of its figures (Report).
	provinceLive *keyedKept[*compiled]
	// versions are the frozen versions of reports as read, decoded: a
	// version is never changed once written (reportVersion).
	versions *keyedKept[*coop.ReportVersion]

	trigramCounts *trigramCounts // how common each search trigram is (organisation_search.go)

	upkeep *sync.WaitGroup // statistics gathered after an import (statsAfterImport) and credentials' uses (touchCredential), waited for by Close
	// touching are the credentials whose use is being recorded
	// (touchCredential).
	touching *sync.Map
}

// Open opens the database named by dsn: a postgres:// URL for PostgreSQL,
// anything else a SQLite file path (or "file:" URI). It does not migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db := &DB{now: time.Now, log: slog.Default(), cons: &consolidations{}, national: &nationalKept{}, provinceLive: &keyedKept[*compiled]{}, versions: &keyedKept[*coop.ReportVersion]{}, trigramCounts: &trigramCounts{}, upkeep: &sync.WaitGroup{}, touching: &sync.Map{}}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		cfg, err := pgxpool.ParseConfig(dsn)
		if err != nil {
			return nil, fmt.Errorf("store: parse postgres url: %w", err)
		}
		if cfg.MaxConns < 8 {
			cfg.MaxConns = 8
		}
		pool, err := pgxpool.NewWithConfig(ctx, cfg)
		if err != nil {
			return nil, fmt.Errorf("store: connect postgres: %w", err)
		}
		db.pool = pool
		db.sql = stdlib.OpenDBFromPool(pool)
		lane := func(conns int32) (*sql.DB, error) {
			lcfg := cfg.Copy()
			lcfg.MaxConns, lcfg.MinConns = conns, 0
			p, err := pgxpool.NewWithConfig(ctx, lcfg)
			if err != nil {
				return nil, fmt.Errorf("store: connect postgres: %w", err)
			}
			db.lanes = append(db.lanes, p)
			return stdlib.OpenDBFromPool(p), nil
		}
		if db.shared, err = lane(sharedLaneConns); err == nil {
			db.quick, err = lane(quickLaneConns)
		}
		if err != nil {
			db.Close()
			return nil, err
		}
		db.dialect = Postgres
	} else {
		drv, err := sql.Open("sqlite", "")
		if err != nil {
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		// Its connections keep their statements prepared (sqlite_stmts.go),
		// open while the store is.
		lane := func(conns int) *sql.DB {
			l := sql.OpenDB(&stmtConnector{drv: drv.Driver(), dsn: sqliteDSN(dsn)})
			l.SetMaxOpenConns(conns)
			l.SetMaxIdleConns(conns)
			l.SetConnMaxIdleTime(0)
			l.SetConnMaxLifetime(0)
			return l
		}
		drv.Close()
		db.sql, db.shared, db.quick = lane(sqliteMainConns), lane(sqliteSharedLaneConns), lane(sqliteQuickLaneConns)
		db.turn = make(chan struct{}, 1)
		db.dialect = SQLite
	}
	if err := db.sql.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: ping %s: %w", db.dialect, err)
	}
	// Statistics where they are missing or stale (analyze.go); a failure
	// only costs speed.
	if err := db.Optimize(ctx); err != nil {
		db.log.Warn("store: optimize on open", "err", err)
	}
	return db, nil
}

// sqliteDSN adds the pragmas every connection needs, in the order that
// matters (busy_timeout first), and IMMEDIATE transactions so concurrent
// writers queue instead of failing with "database is locked".
func sqliteDSN(path string) string {
	path = strings.TrimPrefix(path, "sqlite://")
	base, query, _ := strings.Cut(strings.TrimPrefix(path, "file:"), "?")
	q, _ := url.ParseQuery(query)
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(1)", "cache_size(-8000)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	// Keep the pragma order: url.Values.Encode sorts keys, not values.
	return "file:" + base + "?" + q.Encode()
}

// Close closes the database.
func (db *DB) Close() error {
	db.upkeep.Wait()
	err := db.sql.Close()
	for _, l := range []*sql.DB{db.shared, db.quick} {
		if l != nil {
			l.Close()
		}
	}
	if db.pool != nil {
		db.pool.Close()
	}
	for _, p := range db.lanes {
		p.Close()
	}
	return err
}

// Dialect returns the database's dialect.
func (db *DB) Dialect() Dialect { return db.dialect }

// SetClock replaces the clock (tests).
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// today returns the current date in Vietnam as YYYY-MM-DD.
func (db *DB) today() string {
	return db.now().In(time.FixedZone("ICT", 7*3600)).Format("2006-01-02")
}

// SQL returns the underlying *sql.DB (for tests and tools).
func (db *DB) SQL() *sql.DB { return db.sql }

// migrateLockClass is the first key of the PostgreSQL advisory lock taken
// around migrations; the second is the schema's name hashed, so that
// databases in different schemas migrate independently.
const migrateLockClass = 0x6874 // "ht"

// Migrate applies every migration not yet applied and returns the schema
// version. On PostgreSQL it holds an advisory lock while it runs, so that
// several instances started at once on an empty database migrate one after
// the other instead of racing to create the same tables.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	if db.dialect != Postgres {
		return db.migrate(ctx)
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1, hashtext(current_schema()))`, migrateLockClass); err != nil {
		return 0, fmt.Errorf("store: migrate: advisory lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1, hashtext(current_schema()))`, migrateLockClass)
	return db.migrate(ctx)
}

// LatestSchemaVersion is the schema version this program migrates to.
func (db *DB) LatestSchemaVersion() (int, error) {
	migs, err := migrations(db.dialect)
	if err != nil || len(migs) == 0 {
		return 0, err
	}
	return migs[len(migs)-1].version, nil
}

func (db *DB) migrate(ctx context.Context) (int, error) {
	if _, err := db.sql.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("store: create schema_migrations: %w", err)
	}
	migs, err := migrations(db.dialect)
	if err != nil {
		return 0, err
	}
	current, err := db.SchemaVersion(ctx)
	if err != nil {
		return 0, err
	}
	start := current
	for _, m := range migs {
		if m.version <= current {
			continue
		}
		tx, err := db.sql.BeginTx(ctx, nil)
		if err != nil {
			return current, err
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return current, fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
			m.version, m.name, db.now().UTC().Format(time.RFC3339)); err != nil {
			tx.Rollback()
			return current, err
		}
		if err := tx.Commit(); err != nil {
			return current, err
		}
		current = m.version
		db.log.Info("migrated", "version", m.version, "name", m.name)
	}
	if start > 0 && start < 10 && current >= 10 {
		// The registry as of any day starts from the rows already there.
		if err := db.RebuildAsOf(ctx); err != nil {
			return current, err
		}
	}
	if start > 0 && start < managerSpansMigration && current >= managerSpansMigration {
		// T5's managers as of any day start from the rows already there.
		if err := db.write(ctx, coop.System, func(tx *Tx) error { return tx.rebuildManagerSpans(ctx) }); err != nil {
			return current, err
		}
	}
	if start > 0 && start < sinceMigration && current >= sinceMigration {
		// T1 and T2 as of any day start from the rows already there.
		if err := db.write(ctx, coop.System, func(tx *Tx) error { return tx.rebuildSince(ctx) }); err != nil {
			return current, err
		}
	}
	if err := db.seedReference(ctx); err != nil {
		return current, err
	}
	if err := db.SeedAgencies(ctx); err != nil {
		return current, err
	}
	if err := db.SeedIndicators(ctx); err != nil {
		return current, err
	}
	return current, nil
}

// SchemaVersion returns the highest migration applied (0 for none).
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := db.read(ctx).QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return int(v.Int64), nil
}

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the dialect's migrations in order.
func migrations(d Dialect) ([]migration, error) {
	dir := "migrations/" + string(d)
	entries, err := fs.ReadDir(migrationsFS, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		if !ok || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("store: migration %s: bad number", e.Name())
		}
		b, err := migrationsFS.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// seedReference loads the reference tables from the domain package; it is
// idempotent.
func (db *DB) seedReference(ctx context.Context) error {
	var provinces, legacy [][]any
	for _, p := range coop.Provinces() {
		provinces = append(provinces, []any{p.Code, p.Name, p.Kind})
	}
	for _, l := range coop.LegacyProvinces() {
		legacy = append(legacy, []any{l.Code, l.Name, l.Code2025})
	}
	return db.seed(ctx, []seedRows{
		{"provinces", `INSERT INTO provinces (code, name, kind) VALUES (?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind`, provinces},
		{"legacy provinces", `INSERT INTO legacy_provinces (legacy_code, name, code_2025) VALUES (?, ?, ?)
			ON CONFLICT (legacy_code) DO UPDATE SET name = excluded.name, code_2025 = excluded.code_2025`, legacy},
	})
}

// seedRows is a statement run once for each row of its arguments (what
// names it in errors).
type seedRows struct {
	what, q string
	rows    [][]any
}

// seed runs the statements over their rows in one transaction.
func (db *DB) seed(ctx context.Context, seeds []seedRows) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, s := range seeds {
		for _, r := range s.rows {
			if _, err := tx.ExecContext(ctx, db.rebind(s.q), r...); err != nil {
				return fmt.Errorf("store: seed %s: %w", s.what, err)
			}
		}
	}
	return tx.Commit()
}

// rebind turns ? placeholders into $1…$n for PostgreSQL.
func (db *DB) rebind(q string) string { return rebind(db.dialect, q) }

func rebind(d Dialect, q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// isUnique reports whether err is a unique-constraint violation, by driver
// error code.
func isUnique(err error) bool {
	return isConstraint(err, "23505", sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

// isConstraint reports whether err is the constraint violation a driver
// reports with the PostgreSQL code pgCode or one of the SQLite codes.
func isConstraint(err error, pgCode string, sqliteCodes ...int) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == pgCode
	}
	var se *sqlite.Error
	return errors.As(err, &se) && slices.Contains(sqliteCodes, se.Code())
}
