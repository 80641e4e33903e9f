package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"htxnu/internal/coop"
)

// Union staff records (T7, T8): what the Women's Union partner or the
// provincial staff record for a province on a date, listed by page and
// edited on a version, so an edit made on a stale copy is refused.

const unionStaffColumns = `id, province, recorded_on, economic_total, economic_trained, communication_total,
	communication_improved, notes, recorded_by, version`

func scanUnionStaff(s scanner) (*coop.UnionStaffRecord, error) {
	var r coop.UnionStaffRecord
	err := s.Scan(&r.ID, &r.Province, &r.RecordedOn, &r.EconomicTotal, &r.EconomicTrained, &r.CommunicationTotal,
		&r.CommunicationImproved, &r.Notes, &r.RecordedBy, &r.Version)
	return &r, err
}

func (db *DB) unionStaffRows(ctx context.Context, query string, args ...any) ([]coop.UnionStaffRecord, error) {
	return queryAll(ctx, db, "union staff", query, args, values(scanUnionStaff))
}

// unionStaffWritable says whether the actor may record Union staff figures
// for the province.
func unionStaffWritable(actor coop.Actor, province string) error {
	if coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResActivity, Province: province}) {
		return nil
	}
	if !coop.Can(actor, coop.PermActivityWrite) {
		return coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền ghi số liệu cán bộ Hội.")
	}
	return &coop.Error{Code: coop.EFORBIDDEN, Message: "Bạn chỉ ghi được số liệu của tỉnh, thành phố của mình.",
		Fields: map[string]string{"province": "Chọn tỉnh, thành phố của bạn."}}
}

// unionStaffOn reads the record of a province on a date (sql.ErrNoRows
// when there is none).
func (tx *Tx) unionStaffOn(ctx context.Context, province, on string) (*coop.UnionStaffRecord, error) {
	r, err := scanUnionStaff(tx.queryRow(ctx, `SELECT `+unionStaffColumns+` FROM union_staff_records WHERE province = ? AND recorded_on = ?`, province, on))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: union staff: %w", err)
	}
	return r, err
}

// insertUnionStaff writes a new record, audited.
func (tx *Tx) insertUnionStaff(ctx context.Context, r *coop.UnionStaffRecord) error {
	r.RecordedBy, r.Version = tx.actor.Name, 1
	var err error
	r.ID, err = tx.insert(ctx, `INSERT INTO union_staff_records (province, recorded_on, economic_total, economic_trained,
		communication_total, communication_improved, notes, recorded_by, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		r.Province, r.RecordedOn, r.EconomicTotal, r.EconomicTrained, r.CommunicationTotal, r.CommunicationImproved, r.Notes, r.RecordedBy, tx.now)
	if isUnique(err) {
		return &coop.Error{Code: coop.ECONFLICT, Message: "Tỉnh đã có số liệu cán bộ Hội của ngày này: hãy sửa số liệu đó thay vì ghi thêm.",
			Fields: map[string]string{"recorded_on": "Đã có số liệu của ngày " + coop.FormatDateVN(r.RecordedOn) + "."}}
	}
	if err != nil {
		return fmt.Errorf("store: union staff: %w", err)
	}
	return tx.audit(ctx, "create", "union_staff", r.ID, r.Province, nil, r)
}

// updateUnionStaff replaces old's figures with r's (same province and
// date), bumping the version, audited.
func (tx *Tx) updateUnionStaff(ctx context.Context, old, r *coop.UnionStaffRecord) error {
	r.ID, r.Province, r.RecordedOn, r.RecordedBy, r.Version = old.ID, old.Province, old.RecordedOn, tx.actor.Name, old.Version+1
	res, err := tx.exec(ctx, `UPDATE union_staff_records SET economic_total = ?, economic_trained = ?, communication_total = ?,
		communication_improved = ?, notes = ?, recorded_by = ?, version = ? WHERE id = ? AND version = ?`, r.EconomicTotal, r.EconomicTrained,
		r.CommunicationTotal, r.CommunicationImproved, r.Notes, r.RecordedBy, r.Version, r.ID, old.Version)
	if err != nil {
		return fmt.Errorf("store: union staff: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return versionMoved(old.Version, old.Version+1) // changed by another writer since it was read
	}
	return tx.audit(ctx, "update", "union_staff", r.ID, r.Province, old, r)
}

// UnionStaffFilter selects Union staff records for their list.
type UnionStaffFilter struct {
	Province string
	Page     int
	PerPage  int
}

// UnionStaffPage is a page of Union staff records, newest first.
type UnionStaffPage struct {
	Items []coop.UnionStaffRecord `json:"items"`
	Paging
}

// UnionStaffList returns a page of the records the actor may read: a
// provincial account its own province's (asking for another is not
// found), a national account any province's or all.
func (db *DB) UnionStaffList(ctx context.Context, actor coop.Actor, f UnionStaffFilter) (*UnionStaffPage, error) {
	if !coop.Can(actor, coop.PermProgrammeRead) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem số liệu này.")
	}
	province, err := actorProvince(actor, f.Province)
	if err != nil {
		return nil, err
	}
	f.Province = province
	var w conds
	w.eq("province", f.Province)
	where, args := w.where(), w.args
	p := &UnionStaffPage{}
	p.Page, p.PerPage = pageBounds(f.Page, f.PerPage)
	if err := db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM union_staff_records WHERE `+where), args...).Scan(&p.Total); err != nil {
		return nil, fmt.Errorf("store: count union staff: %w", err)
	}
	p.Page = lastPage(p.Page, p.PerPage, p.Total)
	p.Items, err = db.unionStaffRows(ctx, `SELECT `+unionStaffColumns+` FROM union_staff_records WHERE `+where+
		` ORDER BY recorded_on DESC, province, id LIMIT ? OFFSET ?`, append(args, p.PerPage, (p.Page-1)*p.PerPage)...)
	return p, err
}

// UnionStaff returns one record; another province's is not found.
func (db *DB) UnionStaff(ctx context.Context, actor coop.Actor, id int64) (*coop.UnionStaffRecord, error) {
	return readableUnionStaff(actor, db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT `+unionStaffColumns+` FROM union_staff_records WHERE id = ?`), id))
}

// readableUnionStaff scans a record the actor may read; a missing one or
// another province's is not found.
func readableUnionStaff(actor coop.Actor, row scanner) (*coop.UnionStaffRecord, error) {
	r, err := scanUnionStaff(row)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResActivity, Province: r.Province})) {
		return nil, coop.NotFound("số liệu cán bộ Hội")
	}
	if err != nil {
		return nil, fmt.Errorf("store: union staff: %w", err)
	}
	return r, nil
}

// checkUnionStaff validates a record and refuses it to an actor who may
// not record its province's figures.
func (tx *Tx) checkUnionStaff(r *coop.UnionStaffRecord) error {
	if err := r.Validate(tx.today); err != nil {
		return err
	}
	return unionStaffWritable(tx.actor, r.Province)
}

// CreateUnionStaff records the figures of a province on a date; a second
// record for the same province and date is refused (edit the first).
func (db *DB) CreateUnionStaff(ctx context.Context, actor coop.Actor, r *coop.UnionStaffRecord) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		if err := tx.checkUnionStaff(r); err != nil {
			return err
		}
		return tx.insertUnionStaff(ctx, r)
	})
}

// UpdateUnionStaff changes a record's figures and notes (its province and
// date stay) when version is still its version.
func (db *DB) UpdateUnionStaff(ctx context.Context, actor coop.Actor, id, version int64, r *coop.UnionStaffRecord) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		old, err := readableUnionStaff(actor, tx.queryRow(ctx, `SELECT `+unionStaffColumns+` FROM union_staff_records WHERE id = ?`, id))
		if err != nil {
			return err
		}
		if err := unionStaffWritable(actor, old.Province); err != nil {
			return err
		}
		r.Province, r.RecordedOn = old.Province, old.RecordedOn
		if err := r.Validate(tx.today); err != nil {
			return err
		}
		if version != old.Version {
			return versionMoved(version, old.Version)
		}
		return tx.updateUnionStaff(ctx, old, r)
	})
}
