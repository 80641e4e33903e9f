package store

import (
	"context"
	"fmt"
	"os"

	"htxnu/internal/coop"
)

// BackupTo writes a consistent copy of a SQLite database to path while the
// database stays open for reads and writes: VACUUM INTO reads one snapshot
// (the WAL keeps writers going) and writes a compact, self-contained file.
// path must not exist. PostgreSQL is backed up with pg_dump (see
// docs/operations.md): this returns EINVALID there.
func (db *DB) BackupTo(ctx context.Context, path string) error {
	if db.dialect != SQLite {
		return coop.Errorf(coop.EINVALID, "Sao lưu PostgreSQL bằng pg_dump (xem docs/operations.md), rồi kiểm tra bản phục hồi bằng htxnu check.")
	}
	if _, err := os.Stat(path); err == nil {
		return coop.Errorf(coop.ECONFLICT, "Tệp %s đã có: chọn tên khác để không ghi đè.", path)
	}
	if _, err := db.sql.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}
