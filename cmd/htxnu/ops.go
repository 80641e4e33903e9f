package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// errFound ends `htxnu check` with a non-zero status once it has printed
// what differs.
var errFound = errors.New("kiểm tra phát hiện sai lệch (xem ở trên)")

// backupCmd is `htxnu backup --db PATH --out FILE`: an online copy of a
// SQLite database, checked before it is reported.
func backupCmd(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("backup")
	dsn := c.dsn
	out := c.String("out", "", "file to write the copy to (must not exist)")
	if err := c.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("backup: give --out FILE")
	}
	if isPostgres(*dsn) {
		return errors.New("backup: PostgreSQL is backed up with pg_dump -Fc and restored with pg_restore (docs/operations.md); then run htxnu check on the restored database")
	}
	db, err := openExisting(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	sum, err := backupOnce(ctx, db, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Đã sao lưu %s vào %s (%s, SHA-256 %s) trong %s; bản sao đã được kiểm tra: toàn vẹn, đúng phiên bản lược đồ, số liệu tổng hợp khớp.\n",
		*dsn, *out, sum.size, sum.sha256, time.Since(start).Round(time.Millisecond))
	return nil
}

type backupSum struct {
	size   string
	sha256 string
}

// backupOnce writes a copy of db to out through a temporary file in the
// same folder, checks the copy (integrity, schema version, rollups), and
// only then gives it its name. A copy that fails the check is removed.
func backupOnce(ctx context.Context, db *store.DB, out string) (backupSum, error) {
	if _, err := os.Stat(out); err == nil {
		return backupSum{}, fmt.Errorf("backup: %s already exists", out)
	}
	tmp := out + ".partial"
	os.Remove(tmp)
	if err := db.BackupTo(ctx, tmp); err != nil {
		return backupSum{}, err
	}
	want, err := db.SchemaVersion(ctx)
	if err != nil {
		os.Remove(tmp)
		return backupSum{}, err
	}
	if err := verifyCopy(ctx, tmp, want); err != nil {
		os.Remove(tmp)
		return backupSum{}, fmt.Errorf("backup: the copy failed its check and was removed: %w", err)
	}
	sum, err := fileSum(tmp)
	if err != nil {
		os.Remove(tmp)
		return backupSum{}, err
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Remove(tmp)
		return backupSum{}, err
	}
	return sum, nil
}

// verifyCopy opens a backup and checks it as `htxnu check` would.
func verifyCopy(ctx context.Context, path string, schema int) error {
	c, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer c.Close()
	problems, err := c.IntegrityCheck(ctx)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity: %s", strings.Join(problems, "; "))
	}
	v, err := c.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if v != schema {
		return fmt.Errorf("schema version %d, want %d", v, schema)
	}
	diffs, err := c.CheckRollups(ctx, coop.System, false)
	if err != nil {
		return err
	}
	if len(diffs) > 0 {
		return fmt.Errorf("rollups: %s", diffs[0])
	}
	return nil
}

func fileSum(path string) (backupSum, error) {
	f, err := os.Open(path)
	if err != nil {
		return backupSum{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return backupSum{}, err
	}
	return backupSum{size: fmt.Sprintf("%.1f MB", float64(n)/1e6), sha256: hex.EncodeToString(h.Sum(nil))[:16]}, nil
}

// scheduledBackups runs backupOnce into dir every period until ctx ends,
// keeping the newest keep copies, and logs each result.
func scheduledBackups(ctx context.Context, db *store.DB, dir string, period time.Duration, keep int, logger *slog.Logger) {
	every(ctx, period, func() { runScheduledBackup(ctx, db, dir, keep, logger) })
}

// backupPrefix names the files scheduled backups write and prune.
const backupPrefix = "htxnu-backup-"

func runScheduledBackup(ctx context.Context, db *store.DB, dir string, keep int, logger *slog.Logger) {
	start := time.Now()
	out := filepath.Join(dir, backupPrefix+start.UTC().Format("20060102-150405")+".db")
	sum, err := backupOnce(ctx, db, out)
	if err != nil {
		logger.Error("backup failed", "file", out, "err", err)
		return
	}
	removed := pruneBackups(dir, keep, logger)
	logger.Info("backup written and checked", "file", out, "size", sum.size, "sha256", sum.sha256,
		"took", time.Since(start).Round(time.Millisecond), "removed_old", removed)
}

// pruneBackups removes all but the newest keep scheduled backups in dir.
func pruneBackups(dir string, keep int, logger *slog.Logger) int {
	if keep <= 0 {
		return 0
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		logger.Error("backup prune", "dir", dir, "err", err)
		return 0
	}
	var names []string
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, backupPrefix) && strings.HasSuffix(n, ".db") {
			names = append(names, n)
		}
	}
	sort.Strings(names) // the time stamp in the name sorts oldest first
	removed := 0
	for len(names) > keep {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			logger.Error("backup prune", "file", names[0], "err", err)
		} else {
			removed++
		}
		names = names[1:]
	}
	return removed
}

// checkCmd is `htxnu check --db PATH|URL [--repair]`: the operator's
// doctor, run after every restore.
func checkCmd(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("check")
	dsn := c.dsn
	repair := c.Bool("repair", false, "rebuild the rollups that differ, in one transaction")
	if err := c.Parse(args); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(stdout, "Kiểm tra cơ sở dữ liệu %s (%s)\n", redact(*dsn), db.Dialect())
	found := false

	start := time.Now()
	problems, err := db.IntegrityCheck(ctx)
	if err != nil {
		return err
	}
	switch {
	case db.Dialect() != store.SQLite:
		fmt.Fprintln(stdout, "- Tính toàn vẹn: PostgreSQL tự bảo đảm (không có lệnh kiểm tra riêng).")
	case len(problems) == 0:
		fmt.Fprintf(stdout, "- Tính toàn vẹn (integrity_check, foreign_key_check): đạt (%s).\n", time.Since(start).Round(time.Millisecond))
	default:
		found = true
		fmt.Fprintf(stdout, "- Tính toàn vẹn: KHÔNG ĐẠT, %d lỗi:\n", len(problems))
		for _, p := range problems[:min(len(problems), 20)] {
			fmt.Fprintln(stdout, "    "+p)
		}
	}

	have, err := db.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("check: đọc phiên bản lược đồ: %w", err)
	}
	want, err := db.LatestSchemaVersion()
	if err != nil {
		return err
	}
	switch {
	case have == want:
		fmt.Fprintf(stdout, "- Phiên bản lược đồ: %d, khớp với chương trình.\n", have)
	case have < want:
		fmt.Fprintf(stdout, "- Phiên bản lược đồ: %d, cũ hơn chương trình (%d): chạy htxnu migrate rồi kiểm tra lại.\n", have, want)
		return errFound
	default:
		fmt.Fprintf(stdout, "- Phiên bản lược đồ: %d, mới hơn chương trình (%d): dùng bản chương trình mới hơn.\n", have, want)
		return errFound
	}

	start = time.Now()
	diffs, err := db.CheckRollups(ctx, coop.System, *repair)
	if err != nil {
		return err
	}
	took := time.Since(start).Round(time.Millisecond)
	if len(diffs) == 0 {
		fmt.Fprintf(stdout, "- Số liệu tổng hợp: %d bảng khớp với số tính lại từ bản ghi (%s).\n", store.RollupTableCount(), took)
	} else {
		found = !*repair
		fmt.Fprintf(stdout, "- Số liệu tổng hợp: %d bảng khác với số tính lại từ bản ghi (%s):\n", len(diffs), took)
		for _, d := range diffs {
			fmt.Fprintln(stdout, "    "+d.String())
			for _, s := range d.Samples {
				fmt.Fprintln(stdout, "      "+s)
			}
		}
		if *repair {
			fmt.Fprintln(stdout, "  Đã sửa: các bảng trên được tính lại từ bản ghi trong một giao dịch.")
		} else {
			fmt.Fprintln(stdout, "  Chạy lại với --repair để tính lại các bảng này từ bản ghi.")
		}
	}
	if found {
		fmt.Fprintln(stdout, "Kết quả: có sai lệch.")
		return errFound
	}
	if len(diffs) > 0 {
		fmt.Fprintln(stdout, "Kết quả: đã sửa các sai lệch trên.")
		return nil
	}
	fmt.Fprintln(stdout, "Kết quả: không có sai lệch.")
	return nil
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// openExisting opens a database without migrating it, refusing a SQLite
// path that does not exist: opening it would create an empty database.
func openExisting(ctx context.Context, dsn string) (*store.DB, error) {
	if !isPostgres(dsn) {
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "file:")
		path, _, _ = strings.Cut(path, "?")
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("không có cơ sở dữ liệu %s: %w", path, err)
		}
	}
	return store.Open(ctx, dsn)
}

// redact hides a password in a database URL.
func redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if at := strings.Index(dsn[i+3:], "@"); at >= 0 {
			cred := dsn[i+3 : i+3+at]
			if user, _, ok := strings.Cut(cred, ":"); ok {
				return dsn[:i+3] + user + ":***" + dsn[i+3+at:]
			}
		}
	}
	return dsn
}
