package store

import (
	"context"

	"htxnu/internal/coop"
)

// CreateActivityCounted is CreateActivity, returning how many statements
// the write ran.
func (db *DB) CreateActivityCounted(ctx context.Context, actor coop.Actor, a *coop.Activity) (int64, error) {
	var n int64
	err := db.write(ctx, actor, func(tx *Tx) error {
		err := tx.createActivity(ctx, a)
		n = tx.statements.Load()
		return err
	})
	return n, err
}

// UpdateActivityCounted is UpdateActivity, returning how many statements
// the write ran.
func (db *DB) UpdateActivityCounted(ctx context.Context, actor coop.Actor, a *coop.Activity) (int64, error) {
	var n int64
	err := db.write(ctx, actor, func(tx *Tx) error {
		err := tx.modifyActivity(ctx, a.ID, a.Version, "update", updatingActivity(a), a)
		n = tx.statements.Load()
		return err
	})
	return n, err
}
