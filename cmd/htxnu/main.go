// Command htxnu runs the information system of the Vietnam Cooperative
// Alliance for Decision 01/QĐ-TTg: the registry of cooperatives, unions and
// cooperative groups with women in management, and what supports them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/demo"
	"htxnu/internal/mail"
	"htxnu/internal/store"
	"htxnu/internal/web"
)

// version and commit are set at build time (make release) with
// -ldflags "-X main.version=… -X main.commit=…"; a plain go build takes the
// commit from the module's build information when it can.
var (
	version = "dev"
	commit  = ""
)

// buildCommit returns the commit the binary was built from, or "unknown".
func buildCommit() string {
	if commit != "" {
		return commit
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" && dirty {
			rev += "-dirty"
		}
		if rev != "" {
			return rev
		}
	}
	return "unknown"
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], stdinIfPiped(), os.Stdout, os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "htxnu:", err)
		os.Exit(1)
	}
}

const usage = `htxnu — hệ thống thông tin Đề án 01 (HTX do phụ nữ tham gia quản lý)

Usage: htxnu <command> [flags]

Commands:
  serve     run the web application (pages and JSON API)
              --db PATH|URL   SQLite file (default htxnu.db, or $HTXNU_DB) or postgres://… URL
              --addr ADDR     listen address (default 127.0.0.1:8080, or $HTXNU_ADDR)
              --demo          load the demo dataset when the database is empty
              --trusted-proxies CIDR,…  reverse proxies whose X-Forwarded-For and
                              X-Forwarded-Proto are believed (or $HTXNU_TRUSTED_PROXIES)
              --backup-dir DIR --backup-every 24h --backup-keep 7
                              SQLite: write a checked backup into DIR on a schedule,
                              keeping the newest N
  migrate   create or upgrade the database schema and print its version
              --db PATH|URL
  gen       fill the database with synthetic data at a chosen scale
              --db PATH|URL --organisations N [--activities N [--links N]] [--seed S]
              activities (with plans when missing) reach --links beneficiary
              organisations in all (default 50 per activity); --reports adds reports
              in every state
  import    load a spreadsheet (.xlsx or .csv) through the same checks as the page
              --db PATH|URL --as EMAIL [--kind organisations] [--dry-run] [--valid-only] FILE
  bench     time every page over HTTP at a chosen scale, or reporting day's load
              pages --scale N [--db …] | load --db … (docs/performance.md)
  user add  create an account (the first administrator, for instance)
              --email E --name N --role R [--province CODE]
              the password is read from standard input, or generated and printed once
              roles: admin, central, provincial, provincial_lead, partner, viewer
  token create  print a new personal API token for scripts
              --user EMAIL [--name NAME]
  backup    write an online, checked copy of a SQLite database (PostgreSQL: pg_dump)
              --db PATH --out FILE
  check     check a database: integrity, schema version, every rollup against
            its recomputation from the records; exits 1 when something differs
              --db PATH|URL [--repair]   --repair rebuilds the rollups in one transaction
  version   print the program version and the commit it was built from
  help      print this help

The database is created and migrated on first use. Examples:
  htxnu serve --demo
  htxnu serve --db postgres://user@127.0.0.1:5432/htxnu
  htxnu gen --db big.db --organisations 1000000 --activities 100000 --links 5000000
`

// run is the whole program; tests start it with their own arguments. ready,
// when non-nil, receives the server's address once it listens.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, ready chan<- string) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return nil
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	slog.SetDefault(logger)
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, stdout, logger, ready)
	case "migrate":
		db, v, err := newCommand("migrate").open(ctx, rest)
		if err != nil {
			return err
		}
		defer db.Close()
		fmt.Fprintf(stdout, "schema version %d (%s)\n", v, db.Dialect())
		return nil
	case "gen":
		return genCmd(ctx, rest, stdout)
	case "bench":
		return benchCmd(ctx, rest, stdout)
	case "user":
		return userCmd(ctx, rest, stdin, stdout)
	case "token":
		return tokenCmd(ctx, rest, stdout)
	case "import":
		return importCmd(ctx, rest, stdout)
	case "backup":
		return backupCmd(ctx, rest, stdout)
	case "check":
		return checkCmd(ctx, rest, stdout)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "htxnu %s (commit %s, %s, %s/%s)\n", version, buildCommit(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return nil
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q (see: htxnu help)", cmd)
}

// command is a subcommand's flags, --db among them.
type command struct {
	*flag.FlagSet
	dsn *string
}

func newCommand(name string) command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	return command{fs, dbFlag(fs)}
}

// open parses the command's arguments and opens (and migrates) the
// database --db names.
func (c command) open(ctx context.Context, args []string) (*store.DB, int, error) {
	if err := c.Parse(args); err != nil {
		return nil, 0, err
	}
	return openDB(ctx, *c.dsn)
}

func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("HTXNU_DB")
	if def == "" {
		def = "htxnu.db"
	}
	return fs.String("db", def, "SQLite file or postgres:// URL")
}

func openDB(ctx context.Context, dsn string) (*store.DB, int, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, 0, err
	}
	v, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, 0, err
	}
	return db, v, nil
}

// serveOptions are the flags of serve.
type serveOptions struct {
	dsn, addr, proxies, backupDir string
	demo                          bool
	backupEvery                   time.Duration
	backupKeep                    int
}

// parseServe reads serve's flags, with their defaults from the environment.
func parseServe(args []string) (*serveOptions, error) {
	c := newCommand("serve")
	o := &serveOptions{addr: os.Getenv("HTXNU_ADDR")}
	if o.addr == "" {
		o.addr = "127.0.0.1:8080"
	}
	c.StringVar(&o.addr, "addr", o.addr, "listen address")
	c.BoolVar(&o.demo, "demo", false, "load the demo dataset when the database is empty")
	c.StringVar(&o.proxies, "trusted-proxies", os.Getenv("HTXNU_TRUSTED_PROXIES"),
		"comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed")
	c.StringVar(&o.backupDir, "backup-dir", os.Getenv("HTXNU_BACKUP_DIR"), "write scheduled SQLite backups into this folder")
	c.DurationVar(&o.backupEvery, "backup-every", 24*time.Hour, "time between scheduled backups")
	c.IntVar(&o.backupKeep, "backup-keep", 7, "scheduled backups to keep (the newest)")
	if err := c.Parse(args); err != nil {
		return nil, err
	}
	o.dsn = *c.dsn
	if o.backupDir != "" {
		if isPostgres(o.dsn) {
			return nil, errors.New("serve: --backup-dir backs up SQLite; back up PostgreSQL with pg_dump (docs/operations.md)")
		}
		if o.backupEvery < time.Minute || o.backupKeep < 1 {
			return nil, errors.New("serve: --backup-every must be at least 1m and --backup-keep at least 1")
		}
		if err := os.MkdirAll(o.backupDir, 0o750); err != nil {
			return nil, fmt.Errorf("serve: backup folder: %w", err)
		}
	}
	return o, nil
}

func serve(ctx context.Context, args []string, stdout io.Writer, logger *slog.Logger, ready chan<- string) error {
	o, err := parseServe(args)
	if err != nil {
		return err
	}
	trusted, err := web.ParseTrustedProxies(o.proxies)
	if err != nil {
		return err
	}
	db, v, err := openDB(ctx, o.dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if o.demo {
		if err := loadDemo(ctx, db, stdout); err != nil {
			return err
		}
	}
	// Email (notices, password reset) when an SMTP server is named.
	sender := &mail.Sender{Addr: os.Getenv("HTXNU_SMTP_ADDR"), From: os.Getenv("HTXNU_MAIL_FROM"),
		Username: os.Getenv("HTXNU_SMTP_USER"), Password: os.Getenv("HTXNU_SMTP_PASSWORD")}
	srv, err := web.New(db, web.Options{Logger: logger, Version: version + " (" + buildCommit() + ")", Mail: sender, TrustedProxies: trusted,
		BaseURL: os.Getenv("HTXNU_BASE_URL")})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	fmt.Fprintf(stdout, "htxnu %s (schema %d, %s) listening on http://%s/\n", version, v, db.Dialect(), ln.Addr())
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	defer warmBeside(ctx, srv, nil)()
	go sweep(ctx, db, logger)
	go remind(ctx, db, logger)
	if sender.Configured() {
		go deliver(ctx, srv, logger)
	}
	if o.backupDir != "" {
		logger.Info("scheduled backups", "dir", o.backupDir, "every", o.backupEvery.String(), "keep", o.backupKeep)
		go scheduledBackups(ctx, db, o.backupDir, o.backupEvery, o.backupKeep, logger)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return hs.Shutdown(shut)
}

// warmBeside computes the first pages (web.Server.Warm) beside the first
// requests and returns the function that stops it and waits for it, to be
// called before the database closes. It tells report how long it took.
func warmBeside(ctx context.Context, srv *web.Server, report func(time.Duration, error)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		start := time.Now()
		err := srv.Warm(ctx)
		if report != nil {
			report(time.Since(start), err)
		}
	}()
	return func() { cancel(); <-done }
}

// loadDemo loads the demo dataset into an empty database and prints the
// demo accounts.
func loadDemo(ctx context.Context, db *store.DB, stdout io.Writer) error {
	n, err := demo.Demo(ctx, db)
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	if n > 0 {
		fmt.Fprintf(stdout, "loaded demo dataset: %d organisations\n", n)
	}
	for _, part := range []struct {
		name string
		load func(context.Context, *store.DB) error
	}{
		{"plans and targets", demo.Plans},
		{"support activities", demo.Activities},
		{"founding cases", demo.Founding},
		{"obstacles", demo.Obstacles},
		{"reports", demo.Reports},
		{"public showcase", demo.Publish},
	} {
		if err := part.load(ctx, db); err != nil {
			return fmt.Errorf("demo %s: %w", part.name, err)
		}
	}
	accounts, err := demo.Accounts(ctx, db)
	if err != nil {
		return fmt.Errorf("demo accounts: %w", err)
	}
	fmt.Fprintln(stdout, "demo accounts (password for all: "+demo.AccountPassword+"):")
	for _, a := range accounts {
		scope := "toàn quốc"
		if a.Province != "" {
			scope = coop.ProvinceName(a.Province)
		}
		fmt.Fprintf(stdout, "  %-36s %-16s %s\n", a.Email, a.Role, scope)
	}
	return nil
}

// every runs job once each period until ctx ends.
func every(ctx context.Context, period time.Duration, job func()) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			job()
		}
	}
}

// sweep removes dead sessions and old sign-in throttle rows every hour
// until ctx ends.
func sweep(ctx context.Context, db *store.DB, logger *slog.Logger) {
	every(ctx, time.Hour, func() {
		if err := db.Optimize(ctx); err != nil {
			logger.Error("optimize", "err", err)
		}
		sessions, throttles, err := db.Sweep(ctx)
		if err != nil {
			logger.Error("sweep", "err", err)
			return
		}
		if sessions+throttles > 0 {
			logger.Info("swept", "sessions", sessions, "throttle_rows", throttles)
		}
	})
}

// deliver emails pending notices every minute until ctx ends.
func deliver(ctx context.Context, srv *web.Server, logger *slog.Logger) {
	every(ctx, time.Minute, func() {
		if _, err := srv.DeliverNotices(ctx); err != nil {
			logger.Error("deliver notices", "err", err)
		}
	})
}

// remind writes the reminders of reports due soon or overdue and of
// overdue obstacles at start and every hour until ctx ends; each goes to
// each person once.
func remind(ctx context.Context, db *store.DB, logger *slog.Logger) {
	job := func() {
		if n, err := db.Remind(ctx); err != nil {
			logger.Error("reminders", "err", err)
		} else if n > 0 {
			logger.Info("reminders", "notices", n)
		}
	}
	job()
	every(ctx, time.Hour, job)
}
