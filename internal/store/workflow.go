package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// orgName is the name of the organisation a record names, or "" when there
// is no such organisation; a failing database is an error.
func (db *DB) orgName(ctx context.Context, q queryer, id int64) (string, error) {
	var name string
	err := q.QueryRowContext(ctx, db.rebind(`SELECT name FROM organisations WHERE id = ?`), id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: organisation %d's name: %w", id, err)
	}
	return name, nil
}
