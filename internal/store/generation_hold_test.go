package store

import (
	"context"

	"htxnu/internal/coop"
)

// HoldAuditEvent writes an audit event in the province inside a
// transaction and keeps the transaction open (its id drawn) until release
// is closed: a late commit.
func (db *DB) HoldAuditEvent(ctx context.Context, province string, drawn chan<- struct{}, release <-chan struct{}) error {
	return db.write(ctx, coop.System, func(tx *Tx) error {
		if err := tx.audit(ctx, "test", "organisation", 0, province, nil, nil); err != nil {
			return err
		}
		close(drawn)
		<-release
		return nil
	})
}
