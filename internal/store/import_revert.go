package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	sqlite3 "modernc.org/sqlite/lib"

	"htxnu/internal/coop"
)

func (tx *Tx) recordImport(ctx context.Context, importID, orgID int64, action string, version int64, before string) error {
	return tx.recordImportOf(ctx, importID, "organisation", orgID, action, version, before)
}

// recordImportOf records that an import created ("create") or changed
// ("update") a record, with the record's version after the write and, for
// a change, the record before it as JSON: what RevertImport needs.
func (tx *Tx) recordImportOf(ctx context.Context, importID int64, entity string, id int64, action string, version int64, before string) error {
	_, err := tx.exec(ctx, `INSERT INTO import_records (import_id, entity, entity_id, action, version_after, before_json) VALUES (?, ?, ?, ?, ?, ?)`,
		importID, entity, id, action, version, before)
	if err != nil {
		return fmt.Errorf("store: import record: %w", err)
	}
	return nil
}

// RevertImport undoes a committed import as a whole, in one transaction:
// the records it created are removed and those it updated put back as
// they were. It is refused while any of them has been changed since.
func (db *DB) RevertImport(ctx context.Context, actor coop.Actor, id int64) (*Import, error) {
	imp, err := db.Import(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if imp.Status != ImportCommitted {
		return nil, coop.Errorf(coop.ECONFLICT, "Chỉ hoàn tác được một lần nhập đã ghi (lần này: “%s”).", ImportStatuses.Label(imp.Status))
	}
	err = db.writeImport(ctx, actor, func(tx *Tx) error {
		tx.importID = id
		if err := importKinds[imp.Kind].revert(ctx, tx, imp); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `UPDATE imports SET status = ?, reverted_at = ?, updated_at = ? WHERE id = ?`, ImportReverted, tx.now, tx.now, imp.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	db.statsAfterImport(ctx, imp)
	return db.Import(ctx, actor, id)
}

type importRecord struct {
	id, version int64
	action      string
	before      string
}

// importRecords reads what an import recorded of one entity, newest
// record first.
func (tx *Tx) importRecords(ctx context.Context, importID int64, entity string) ([]importRecord, error) {
	rows, err := tx.query(ctx, `SELECT entity_id, action, version_after, before_json FROM import_records
		WHERE import_id = ? AND entity = ? ORDER BY entity_id DESC`, importID, entity)
	if err != nil {
		return nil, fmt.Errorf("store: import records: %w", err)
	}
	var recs []importRecord
	for rows.Next() {
		var r importRecord
		if err := rows.Scan(&r.id, &r.action, &r.version, &r.before); err != nil {
			rows.Close()
			return nil, err
		}
		recs = append(recs, r)
	}
	rows.Close()
	return recs, rows.Err()
}

// recordIDs lists the ids of the records.
func recordIDs(recs []importRecord) []int64 {
	ids := make([]int64, len(recs))
	for i, r := range recs {
		ids[i] = r.id
	}
	return ids
}

// changedSince is the refusal of a revert when records were changed after
// the import: the first names, and how many more.
func changedSince(changed []string, what, fix string) error {
	more := ""
	if len(changed) > 5 {
		more = fmt.Sprintf(" và %d %s khác", len(changed)-5, what)
		changed = changed[:5]
	}
	return coop.Errorf(coop.ECONFLICT, "Không thể hoàn tác: %s%s đã được sửa sau lần nhập này. %s", strings.Join(changed, ", "), more, fix)
}

// revertOrganisations removes the organisations an import created and puts
// back those it updated. The organisations are read a batch at a time, the
// created ones removed together (removeImportedOrgs) and the updated ones
// put back in batches (orgUpdates).
func (tx *Tx) revertOrganisations(ctx context.Context, imp *Import) error {
	recs, err := tx.importRecords(ctx, imp.ID, "organisation")
	if err != nil {
		return err
	}
	orgs, err := tx.db.loadOrganisations(ctx, tx.tx, tx.actor, recordIDs(recs))
	if err != nil {
		return err
	}
	var changed []string
	var created []*coop.Organisation
	for _, r := range recs {
		o := orgs[r.id]
		switch {
		case o == nil:
			changed = append(changed, fmt.Sprintf("#%d (đã bị xoá)", r.id))
		case o.Version != r.version:
			changed = append(changed, o.Name)
		case r.action == "create":
			created = append(created, o)
		}
	}
	if len(changed) > 0 {
		return changedSince(changed, "tổ chức", "Hãy sửa trực tiếp từng tổ chức.")
	}
	if err := tx.removeImportedOrgs(ctx, created); err != nil {
		return err
	}
	ups := tx.orgUpdates("import_revert", false)
	defer ups.close()
	for _, r := range recs {
		if r.action != "update" {
			continue
		}
		var before coop.Organisation
		if err := json.Unmarshal([]byte(r.before), &before); err != nil {
			return fmt.Errorf("store: import record %d: %w", r.id, err)
		}
		if err := ups.add(ctx, orgChange{cur: orgs[r.id], next: &before}); err != nil {
			return err
		}
	}
	return ups.finish(ctx)
}

func isForeignKey(err error) bool {
	return isConstraint(err, "23503", sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY)
}
