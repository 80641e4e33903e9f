package store

import (
	"context"
	"fmt"

	"htxnu/internal/coop"
)

// missingVersion is the answer to a change sent without the version of the
// record it was made on: optimistic concurrency needs it, so no path of the
// store saves such a change (what names the record, e.g. "kế hoạch"). It
// is checked after the record is found in the actor's scope, so it tells
// nothing of records the actor may not see.
func missingVersion(what string, version int64) error {
	if version > 0 {
		return nil
	}
	return &coop.Error{Code: coop.EINVALID, Message: "Thiếu phiên bản của " + what + " được sửa.",
		Fields: map[string]string{"version": "Gửi kèm phiên bản (version) đã đọc."}}
}

// updateVersioned runs the UPDATE of a versioned record (what names the
// write in errors), whose WHERE holds the version read, cur: when it
// changes no row another write came first, and the caller, who read the
// version asked, must reload.
func (tx *Tx) updateVersioned(ctx context.Context, what string, asked, cur int64, q string, args ...any) error {
	res, err := tx.exec(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return versionMoved(asked, cur+1)
	}
	return nil
}
