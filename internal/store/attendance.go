package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"htxnu/internal/coop"
)

// AddAttendance records the people who attended an activity, person by
// person (T5 counts the women holding management positions among them).
// Each attendee's organisation, when given, must exist and be readable by
// the actor. The actor must be allowed to write the activity; the write is
// audited. It returns the attendees with their ids.
func (db *DB) AddAttendance(ctx context.Context, actor coop.Actor, activityID int64, people []coop.Attendee) ([]coop.Attendee, error) {
	if len(people) == 0 {
		return nil, coop.Errorf(coop.EINVALID, "Chưa có người tham dự nào để ghi.")
	}
	p := coop.Problems{}
	for i := range people {
		for k, v := range people[i].Validate(i + 1) {
			p.Add(k, v)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	out := append([]coop.Attendee(nil), people...)
	err := db.write(ctx, actor, func(tx *Tx) error { return tx.addAttendance(ctx, activityID, out) })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// addAttendance is AddAttendance in a transaction, for attendees already
// validated; it sets their ids.
func (tx *Tx) addAttendance(ctx context.Context, activityID int64, out []coop.Attendee) error {
	a, err := tx.db.getActivity(ctx, tx.tx, tx.actor, activityID)
	if err != nil {
		return err
	}
	if err := tx.checkActivityScope(a.Province); err != nil {
		return err
	}
	for i := range out {
		if id := out[i].OrganisationID; id != 0 {
			var prov string
			err := tx.queryRow(ctx, `SELECT province FROM organisations WHERE id = ?`, id).Scan(&prov)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && !coop.Allows(tx.actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: prov})) {
				return &coop.Error{Code: coop.EINVALID, Message: fmt.Sprintf("Dòng %d: không tìm thấy tổ chức.", i+1),
					Fields: map[string]string{fmt.Sprintf("attendees.%d.organisation_id", i+1): "Không tìm thấy tổ chức này."}}
			}
			if err != nil {
				return fmt.Errorf("store: attendance: %w", err)
			}
		}
		out[i].ID, err = tx.insert(ctx, `INSERT INTO activity_attendance (activity_id, name, name_key, sex, role, organisation_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, activityID, out[i].Name, coop.Fold(out[i].Name), out[i].Sex, out[i].Role, nullID(out[i].OrganisationID), tx.now)
		if err != nil {
			return fmt.Errorf("store: attendance: %w", err)
		}
	}
	return tx.audit(ctx, "attendance", "activity", activityID, a.Province, nil, map[string]any{"attendees": out})
}

// Attendance returns the people recorded as attending an activity.
func (db *DB) Attendance(ctx context.Context, actor coop.Actor, activityID int64) ([]coop.Attendee, error) {
	if _, err := db.getActivity(ctx, db.read(ctx), actor, activityID); err != nil {
		return nil, err
	}
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT id, name, sex, role, COALESCE(organisation_id, 0) FROM activity_attendance
		WHERE activity_id = ? ORDER BY id`), activityID)
	if err != nil {
		return nil, fmt.Errorf("store: attendance: %w", err)
	}
	defer rows.Close()
	out := []coop.Attendee{}
	for rows.Next() {
		var a coop.Attendee
		if err := rows.Scan(&a.ID, &a.Name, &a.Sex, &a.Role, &a.OrganisationID); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// RecordUnionStaff saves what the Women's Union partner or provincial
// staff record for T7 and T8 in a province on a date (a second record for
// the same province and date replaces the first). Audited.
func (db *DB) RecordUnionStaff(ctx context.Context, actor coop.Actor, r *coop.UnionStaffRecord) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		if err := tx.checkUnionStaff(r); err != nil {
			return err
		}
		old, err := tx.unionStaffOn(ctx, r.Province, r.RecordedOn)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return tx.insertUnionStaff(ctx, r)
		case err != nil:
			return err
		}
		r.ID = old.ID
		return tx.updateUnionStaff(ctx, old, r)
	})
}

// UnionStaffRecords returns the records of a province ("" for every
// province the actor may read), newest first.
func (db *DB) UnionStaffRecords(ctx context.Context, actor coop.Actor, province string) ([]coop.UnionStaffRecord, error) {
	if !coop.Can(actor, coop.PermProgrammeRead) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem số liệu này.")
	}
	if !actor.National() {
		if province != "" && province != actor.Province {
			return nil, coop.NotFound("tỉnh, thành phố")
		}
		province = actor.Province
	}
	var w conds
	w.eq("province", province)
	return db.unionStaffRows(ctx, `SELECT `+unionStaffColumns+` FROM union_staff_records WHERE `+w.where()+` ORDER BY recorded_on DESC, province LIMIT 500`, w.args...)
}
