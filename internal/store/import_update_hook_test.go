package store

import (
	"context"
	"fmt"
	"reflect"

	"htxnu/internal/coop"
)

// SetImportUpdatesOneByOne makes imports and their undo write each changed
// organisation through modifyOrganisation (on) or in batches (off, as they
// run): the oracle of the batched writes.
func SetImportUpdatesOneByOne(on bool) { orgUpdatesOneByOne = on }

// ActivitiesReadAsOne reports the first activity of ids that the undo's
// batched read (loadActivityRecords) reads otherwise than getActivity.
func (db *DB) ActivitiesReadAsOne(ctx context.Context, actor coop.Actor, ids []int64) error {
	batch, err := db.loadActivityRecords(ctx, db.sql, actor, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		one, err := db.getActivity(ctx, db.sql, actor, id)
		if err != nil {
			return err
		}
		if b := batch[id]; b == nil || !reflect.DeepEqual(b.Activity, one) {
			return fmt.Errorf("activity %d: batched %+v, one %+v", id, b, one)
		}
	}
	return nil
}
