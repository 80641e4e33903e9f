package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"htxnu/internal/coop"
	"htxnu/internal/xlsx"
)

// attendanceKind is the import of the people trained at an activity (T5):
// one row per person, the activity named by its number or by its title,
// start date and province. A person already listed for the activity (same
// name and organisation) is left as is.
type attendanceKind struct{ kindInfo }

// plannedAttendee is one person of the file, with the activity found.
type plannedAttendee struct {
	row      int
	activity int64
	attendee coop.Attendee
	action   string
}

func (attendanceKind) plan(ctx context.Context, db *DB, q queryer, actor coop.Actor, _, name string, data []byte, _ int, progress func(int, int)) (*importPlan, error) {
	p, _, err := db.planAttendance(ctx, q, actor, name, data, progress)
	return p, err
}

// attendancePlanner finds the activities and organisations an attendance
// file names.
type attendancePlanner struct {
	*activityPlanner
	activities map[int64]*Activity
	listed     map[int64]map[string]bool // activity → name and organisation already listed
	seen       map[string]int            // activity, name and organisation → first row
}

func (db *DB) planAttendance(ctx context.Context, q queryer, actor coop.Actor, name string, data []byte, progress func(done, total int)) (*importPlan, []*plannedAttendee, error) {
	cols := xlsx.AttendanceFields()
	rows, err := readRows(name, data, cols, xlsx.DecodeAttendance)
	if err != nil {
		return nil, nil, err
	}
	ap, err := db.newActivityPlanner(ctx, q, actor)
	if err != nil {
		return nil, nil, err
	}
	pl := &attendancePlanner{activityPlanner: ap, activities: map[int64]*Activity{}, listed: map[int64]map[string]bool{}, seen: map[string]int{}}
	if err := pl.loadListed(ctx, rows); err != nil {
		return nil, nil, err
	}
	b := newPlanBuilder(cols)
	b.rows(len(rows))
	var out []*plannedAttendee
	for i := range rows {
		reportProgress(progress, i, len(rows))
		r := &rows[i]
		p, a, err := pl.planRow(ctx, r)
		if err != nil {
			return nil, nil, err
		}
		if len(r.Errors) > 0 {
			b.fail(r.Errors)
			continue
		}
		b.note(r.Province.Note)
		ch := &ImportChange{Row: r.Num, ID: a.ID, Name: p.attendee.Name, Note: fmt.Sprintf("Hoạt động #%d “%s” (%s)", a.ID, a.Title, coop.FormatDateVN(a.StartsOn))}
		b.add(p.action, ch)
		out = append(out, p)
	}
	return &b.plan, out, nil
}

// planRow finds a row's activity and organisation and whether the person
// is listed already; problems go to r.Errors.
func (pl *attendancePlanner) planRow(ctx context.Context, r *xlsx.AttendanceRow) (*plannedAttendee, *Activity, error) {
	if len(r.Errors) > 0 {
		return nil, nil, nil
	}
	fail := func(col int, msg string) {
		r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: col, Message: msg})
	}
	a, err := pl.findActivity(ctx, r)
	if a == nil || err != nil {
		return nil, nil, err
	}
	if err := activityWriteScope(pl.actor, a.Province); err != nil {
		msg := coop.ErrorMessage(err)
		if a.Province != "" && pl.actor.Province != "" {
			msg = fmt.Sprintf("Hoạt động thuộc %s: bạn chỉ được nhập học viên của hoạt động của %s.", coop.ProvinceName(a.Province), coop.ProvinceName(pl.actor.Province))
		}
		fail(xlsx.AttActivityProvince, msg)
		return nil, nil, nil
	}
	p := &plannedAttendee{row: r.Num, activity: a.ID, attendee: r.Attendee}
	prefix := fmt.Sprintf("attendees.%d.", r.Num)
	for field, msg := range p.attendee.Validate(r.Num) {
		col := map[string]int{"name": xlsx.AttName, "sex": xlsx.AttSex, "role": xlsx.AttRole}[strings.TrimPrefix(field, prefix)]
		fail(col, upperFirst(strings.TrimPrefix(msg, fmt.Sprintf("Dòng %d: ", r.Num))))
	}
	id, _, msg := pl.orgs.match(r.OrgRegNo, r.OrgName, a.Province)
	if msg != "" {
		col := xlsx.AttOrgName
		if r.OrgRegNo != "" {
			col = xlsx.AttOrgRegNo
		}
		fail(col, msg)
	}
	if len(r.Errors) > 0 {
		return nil, nil, nil
	}
	p.attendee.OrganisationID = id
	k := fmt.Sprintf("%s|%d", coop.Fold(p.attendee.Name), id)
	if first, dup := pl.seen[fmt.Sprintf("%d|%s", a.ID, k)]; dup {
		fail(xlsx.AttName, fmt.Sprintf("Người này trùng với dòng %d của tệp (cùng hoạt động, họ tên và tổ chức).", first))
		return nil, nil, nil
	}
	pl.seen[fmt.Sprintf("%d|%s", a.ID, k)] = r.Num
	p.action = "new"
	if pl.listed[a.ID][k] {
		p.action = "unchanged"
	}
	return p, a, nil
}

// findActivity finds the activity a row names; when there is none (or
// several), the problem goes to r.Errors.
func (pl *attendancePlanner) findActivity(ctx context.Context, r *xlsx.AttendanceRow) (*Activity, error) {
	id := r.ActivityID
	if id == 0 {
		switch ids := pl.existing[matchKey(r.Title, r.StartsOn, r.Province.Code)]; len(ids) {
		case 0:
			r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: xlsx.AttActivityTitle,
				Message: fmt.Sprintf("Không có hoạt động “%s” bắt đầu ngày %s của %s: hãy kiểm tra tên, ngày, tỉnh hoặc ghi số hoạt động.", r.Title, coop.FormatDateVN(r.StartsOn), activityPlace(r.Province.Code))})
			return nil, nil
		case 1:
			id = ids[0]
		default:
			r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: xlsx.AttActivityID,
				Message: fmt.Sprintf("Có %d hoạt động cùng tên, ngày bắt đầu và tỉnh: hãy ghi số hoạt động.", len(ids))})
			return nil, nil
		}
	}
	a, ok := pl.activities[id]
	if !ok {
		r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: xlsx.AttActivityID, Message: fmt.Sprintf("Không tìm thấy hoạt động số %d.", id)})
		return nil, nil
	}
	return a, nil
}

// loadListed reads the activities the rows name and the people already
// listed for them, in two queries for every 500 activities rather than
// some for each. An activity that is archived or that the actor may not
// read is left out: rows naming it are told it is not found.
func (pl *attendancePlanner) loadListed(ctx context.Context, rows []xlsx.AttendanceRow) error {
	var ids []int64
	for _, r := range rows {
		id := r.ActivityID
		if found := pl.existing[matchKey(r.Title, r.StartsOn, r.Province.Code)]; id == 0 && len(found) == 1 {
			id = found[0]
		}
		if _, ok := pl.listed[id]; id != 0 && !ok {
			pl.listed[id] = map[string]bool{}
			ids = append(ids, id)
		}
	}
	err := queryByIDs(ctx, pl.q, pl.db, ids, `SELECT `+activityColumns+activityFrom+` WHERE a.id IN (%s)`, func(rows *sql.Rows) error {
		a, err := scanActivity(rows)
		if err == nil && !a.Archived && coop.Allows(pl.actor, coop.ActRead, coop.Record{Kind: coop.ResActivity, Province: a.Province}) {
			pl.activities[a.ID] = a
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("store: attendance activities: %w", err)
	}
	err = queryByIDs(ctx, pl.q, pl.db, ids, `SELECT activity_id, name_key, COALESCE(organisation_id, 0) FROM activity_attendance
		WHERE activity_id IN (%s)`, func(rows *sql.Rows) error {
		var id, org int64
		var key string
		err := rows.Scan(&id, &key, &org)
		pl.listed[id][fmt.Sprintf("%s|%d", key, org)] = true
		return err
	})
	if err != nil {
		return fmt.Errorf("store: attendance: %w", err)
	}
	return nil
}

func (attendanceKind) commit(ctx context.Context, tx *Tx, imp *Import, validOnly bool, progress func(int, int)) error {
	data, err := tx.importFile(ctx, imp.ID)
	if err != nil {
		return err
	}
	plan, people, err := tx.db.planAttendance(ctx, tx.tx, tx.actor, imp.FileName, data, nil)
	if err != nil {
		return err
	}
	if errs := plan.preview.Errors; len(errs) > 0 && !validOnly {
		return stale(errs[0].Row)
	}
	var order []int64
	byActivity := map[int64][]coop.Attendee{}
	for _, p := range people {
		if p.action != "new" {
			continue
		}
		if _, ok := byActivity[p.activity]; !ok {
			order = append(order, p.activity)
		}
		byActivity[p.activity] = append(byActivity[p.activity], p.attendee)
	}
	records := newMultiInsert(tx, "import_records", importRecordColumns, idChunk)
	defer records.close()
	for i, id := range order {
		reportProgress(progress, i, len(order))
		list := byActivity[id]
		if err := tx.addAttendance(ctx, id, list); err != nil {
			return err
		}
		for _, a := range list {
			if err := records.add(ctx, imp.ID, "attendance", a.ID, "create", 0, ""); err != nil {
				return fmt.Errorf("store: import record: %w", err)
			}
		}
	}
	if err := records.flush(ctx); err != nil {
		return fmt.Errorf("store: import record: %w", err)
	}
	return tx.finishCommit(ctx, imp, plan.summary, "học viên")
}

// revert removes the people the import listed, reading their activities
// and deleting them 500 at a time.
func (attendanceKind) revert(ctx context.Context, tx *Tx, imp *Import) error {
	recs, err := tx.importRecords(ctx, imp.ID, "attendance")
	if err != nil {
		return err
	}
	ids := make([]int64, len(recs))
	for i, r := range recs {
		ids[i] = r.id
	}
	activityOf := map[int64]int64{}
	err = queryByIDs(ctx, tx.tx, tx.db, ids, `SELECT id, activity_id FROM activity_attendance WHERE id IN (%s)`, func(rows *sql.Rows) error {
		var id, activity int64
		err := rows.Scan(&id, &activity)
		activityOf[id] = activity
		return err
	})
	if err != nil {
		return fmt.Errorf("store: attendance: %w", err)
	}
	var order []int64
	byActivity := map[int64][]int64{}
	for _, id := range ids {
		activity, ok := activityOf[id]
		if !ok {
			continue // removed with its activity, or by hand: nothing to undo
		}
		if _, ok := byActivity[activity]; !ok {
			order = append(order, activity)
		}
		byActivity[activity] = append(byActivity[activity], id)
	}
	for _, id := range order {
		a, err := tx.db.getActivity(ctx, tx.tx, tx.actor, id)
		if err != nil {
			return err
		}
		if err := tx.checkActivityScope(a.Province); err != nil {
			return err
		}
		for list := byActivity[id]; len(list) > 0; {
			chunk := list[:min(len(list), idChunk)]
			list = list[len(chunk):]
			in, args := idList(chunk)
			if _, err := tx.exec(ctx, `DELETE FROM activity_attendance WHERE id IN (`+in+`)`, args...); err != nil {
				return fmt.Errorf("store: remove imported attendance: %w", err)
			}
		}
		if err := tx.audit(ctx, "attendance_remove", "activity", id, a.Province, map[string]any{"attendee_ids": byActivity[id]}, nil); err != nil {
			return err
		}
	}
	return nil
}

// upperFirst capitalises a message written to follow "Dòng n: ".
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
