package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"htxnu/internal/coop"
)

const obstacleColumns = `id, province, COALESCE(raised_by_org_id, 0), category, policy, title, description, female_workers_affected,
	recommendation, status, due_on, answer, answered_by, answered_at, version, created_by, created_at, updated_at`

func scanObstacle(s scanner) (*coop.Obstacle, error) {
	var o coop.Obstacle
	var at sql.NullTime
	err := s.Scan(&o.ID, &o.Province, &o.RaisedByOrgID, &o.Category, &o.Policy, &o.Title, &o.Description, &o.FemaleWorkersAffected,
		&o.Recommendation, &o.Status, &o.DueOn, &o.Answer, &o.AnsweredBy, &at, &o.Version, &o.CreatedBy, &o.CreatedAt, &o.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if at.Valid {
		t := at.Time
		o.AnsweredAt = &t
	}
	return &o, nil
}

// ObstacleFilter selects obstacles for the log.
type ObstacleFilter struct {
	Q           string // accent-insensitive words of the title, policy, description or recommendation
	Province    string
	Status      string
	Category    string
	OverdueOnly bool
	Page        int
	PerPage     int
}

// ObstaclePage is one page of the obstacle log, with the counts by status
// of everything the filter matches apart from the status.
type ObstaclePage struct {
	Items []*coop.Obstacle `json:"items"`
	Paging
	ByStatus map[string]int `json:"by_status"`
	Overdue  int            `json:"overdue"`
}

// obstacleScope returns the condition limiting obstacles to what the actor
// may see: a provincial account its province, national ones everything.
func obstacleScope(actor coop.Actor) (string, []any) {
	if !coop.Can(actor, coop.PermProgrammeRead) {
		return "1 = 0", nil
	}
	if actor.National() {
		return "1 = 1", nil
	}
	return "province = ?", []any{actor.Province}
}

// Obstacles lists obstacles in scope, newest first.
func (db *DB) Obstacles(ctx context.Context, actor coop.Actor, f ObstacleFilter) (*ObstaclePage, error) {
	today := db.today()
	var w conds
	scope, sargs := obstacleScope(actor)
	w.add(scope, sargs...)
	w.eq("province", f.Province)
	w.eq("category", f.Category)
	for _, word := range coop.SearchWords(f.Q) {
		w.add(`search_key LIKE ? ESCAPE '\'`, likePattern(word))
	}
	overdue := `(status NOT IN ('answered', 'closed') AND due_on <> '' AND due_on < ?)`
	if f.OverdueOnly {
		w.add(overdue, today)
	}
	base, args := w.where(), w.args
	page, per := pageBounds(f.Page, f.PerPage)
	out := &ObstaclePage{Items: []*coop.Obstacle{}, Paging: Paging{Page: page, PerPage: per}, ByStatus: map[string]int{}}
	var err error
	out.Total, out.Overdue, err = db.statusCounts(ctx, `SELECT status, COUNT(*), SUM(CASE WHEN `+overdue+` THEN 1 ELSE 0 END)
		FROM obstacles WHERE `+base+` GROUP BY status`, append([]any{today}, args...), f.Status, out.ByStatus)
	if err != nil {
		return nil, fmt.Errorf("store: count obstacles: %w", err)
	}
	if out.Total == 0 {
		return out, nil
	}
	base, args = withStatus(base, args, f.Status)
	out.Page = lastPage(page, per, out.Total)
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT `+obstacleColumns+` FROM obstacles WHERE `+base+
		` ORDER BY id DESC LIMIT ? OFFSET ?`), append(args, per, (out.Page-1)*per)...)
	if err != nil {
		return nil, fmt.Errorf("store: list obstacles: %w", err)
	}
	out.Items, err = collect(rows, out.Items, func(s scanner) (*coop.Obstacle, error) {
		o, err := scanObstacle(s)
		if err == nil {
			o.Overdue = o.IsOverdue(today)
		}
		return o, err
	})
	return out, err
}

// Obstacle returns one obstacle with the affected organisations and its
// timeline. An obstacle outside the actor's scope is not found.
func (db *DB) Obstacle(ctx context.Context, actor coop.Actor, id int64) (*coop.Obstacle, error) {
	return db.getObstacle(ctx, db.read(ctx), actor, id, db.today())
}

var obstacleRead = recordRead[coop.Obstacle]{"obstacles", obstacleColumns, coop.ResObstacle, "vướng mắc",
	scanObstacle, func(o *coop.Obstacle) string { return o.Province }}

func (db *DB) getObstacle(ctx context.Context, q queryer, actor coop.Actor, id int64, today string) (*coop.Obstacle, error) {
	o, err := obstacleRead.get(ctx, db, q, actor, id)
	if err != nil {
		return nil, err
	}
	o.Overdue = o.IsOverdue(today)
	if o.RaisedByOrgID != 0 {
		if o.RaisedByOrgName, err = db.orgName(ctx, q, o.RaisedByOrgID); err != nil {
			return nil, err
		}
	}
	o.Organisations, o.OrganisationIDs = []coop.ObstacleOrg{}, []int64{}
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT o.id, o.name, o.kind, o.province FROM obstacle_organisations x
		JOIN organisations o ON o.id = x.organisation_id WHERE x.obstacle_id = ? ORDER BY o.sort_key, o.id`), id)
	if err != nil {
		return nil, fmt.Errorf("store: obstacle organisations: %w", err)
	}
	for rows.Next() {
		var g coop.ObstacleOrg
		if err := rows.Scan(&g.ID, &g.Name, &g.Kind, &g.Province); err != nil {
			rows.Close()
			return nil, err
		}
		o.Organisations = append(o.Organisations, g)
		o.OrganisationIDs = append(o.OrganisationIDs, g.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	o.Steps, err = readSteps(ctx, db, q, obstacleTimeline, id, func(s *coop.ObstacleStep) ([]any, *coop.WorkflowStep) {
		return []any{&s.From, &s.To}, &s.WorkflowStep
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// CreateObstacle logs a new obstacle (received) with the affected
// organisations, its first step and the audit event, in one transaction.
func (db *DB) CreateObstacle(ctx context.Context, actor coop.Actor, o *coop.Obstacle) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		o.Normalize()
		if !coop.Can(actor, coop.PermObstacleWrite) || (!actor.National() && o.Province != actor.Province) {
			return &coop.Error{Code: coop.EFORBIDDEN, Message: "Bạn chỉ được ghi nhận vướng mắc của tỉnh, thành phố mình.",
				Fields: map[string]string{"province": "Chỉ được chọn tỉnh, thành phố của bạn."}}
		}
		if err := checkObstacle(actor, o, "Vướng mắc do Liên minh HTX tỉnh, thành phố ghi nhận; trung ương trả lời các vướng mắc được chuyển lên."); err != nil {
			return err
		}
		if err := tx.checkObstacleOrgs(ctx, o); err != nil {
			return err
		}
		o.Status, o.Answer, o.AnsweredBy, o.AnsweredAt = coop.ObstacleReceived, "", "", nil
		o.Version, o.CreatedBy, o.CreatedAt, o.UpdatedAt = 1, actor.Name, tx.now, tx.now
		id, err := tx.insert(ctx, `INSERT INTO obstacles (province, raised_by_org_id, category, policy, title, description, female_workers_affected,
			recommendation, status, due_on, search_key, version, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
			o.Province, nullID(o.RaisedByOrgID), o.Category, o.Policy, o.Title, o.Description, o.FemaleWorkersAffected,
			o.Recommendation, o.Status, o.DueOn, obstacleSearchKey(o), o.CreatedBy, tx.now, tx.now)
		if err != nil {
			return fmt.Errorf("store: insert obstacle: %w", err)
		}
		o.ID = id
		if err := tx.saveObstacleOrgs(ctx, o); err != nil {
			return err
		}
		if err := tx.obstacleStep(ctx, o.ID, "", coop.ObstacleReceived, ""); err != nil {
			return err
		}
		return tx.audit(ctx, "create", "obstacle", o.ID, o.Province, nil, obstacleAudit(o))
	})
}

// checkObstacle validates an obstacle about to be saved and refuses it
// (with the message refusal) to an actor who may not edit its province's.
func checkObstacle(actor coop.Actor, o *coop.Obstacle, refusal string) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if !coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResObstacle, Province: o.Province}) {
		return coop.Errorf(coop.EFORBIDDEN, "%s", refusal)
	}
	return nil
}

// UpdateObstacle saves the details of an obstacle (not its status). A
// closed obstacle is kept as it was.
func (db *DB) UpdateObstacle(ctx context.Context, actor coop.Actor, o *coop.Obstacle) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		cur, err := db.getObstacle(ctx, tx.tx, actor, o.ID, tx.today)
		if err != nil {
			return err
		}
		if err := missingVersion("vướng mắc", o.Version); err != nil {
			return err
		}
		if cur.Status == coop.ObstacleClosed {
			return coop.Errorf(coop.EINVALID, "Vướng mắc đã đóng, không sửa được nữa.")
		}
		o.Normalize()
		if o.Province != cur.Province {
			return &coop.Error{Code: coop.EINVALID, Message: "Không chuyển vướng mắc sang tỉnh, thành phố khác.",
				Fields: map[string]string{"province": "Giữ nguyên tỉnh, thành phố của vướng mắc."}}
		}
		if err := checkObstacle(actor, o, "Chỉ Liên minh HTX tỉnh, thành phố sửa được nội dung vướng mắc."); err != nil {
			return err
		}
		if o.Version != cur.Version {
			return versionMoved(o.Version, cur.Version)
		}
		if err := tx.checkObstacleOrgs(ctx, o); err != nil {
			return err
		}
		if err := tx.updateVersioned(ctx, "update obstacle", o.Version, cur.Version,
			`UPDATE obstacles SET raised_by_org_id = ?, category = ?, policy = ?, title = ?, description = ?,
			female_workers_affected = ?, recommendation = ?, due_on = ?, search_key = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`,
			nullID(o.RaisedByOrgID), o.Category, o.Policy, o.Title, o.Description, o.FemaleWorkersAffected, o.Recommendation, o.DueOn,
			obstacleSearchKey(o), tx.now, o.ID, cur.Version); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM obstacle_organisations WHERE obstacle_id = ?`, o.ID); err != nil {
			return fmt.Errorf("store: obstacle organisations: %w", err)
		}
		if err := tx.saveObstacleOrgs(ctx, o); err != nil {
			return err
		}
		o.Status, o.Answer, o.AnsweredBy, o.AnsweredAt = cur.Status, cur.Answer, cur.AnsweredBy, cur.AnsweredAt
		o.Version, o.CreatedBy, o.CreatedAt, o.UpdatedAt = cur.Version+1, cur.CreatedBy, cur.CreatedAt, tx.now
		return tx.audit(ctx, "update", "obstacle", o.ID, o.Province, obstacleAudit(cur), obstacleAudit(o))
	})
}

// MoveObstacle moves an obstacle to its next status (see
// coop.ObstacleTransition), records the step with its comment and audits
// the change, in one transaction. version, when not 0, must be the version
// the caller read.
func (db *DB) MoveObstacle(ctx context.Context, actor coop.Actor, id, version int64, m coop.ObstacleMove) (*coop.Obstacle, error) {
	var out *coop.Obstacle
	err := db.write(ctx, actor, func(tx *Tx) error {
		cur, err := db.getObstacle(ctx, tx.tx, actor, id, tx.today)
		if err != nil {
			return err
		}
		if err := coop.ObstacleTransition(actor, cur.Province, cur.Status, &m, tx.today); err != nil {
			return err
		}
		if version != 0 && version != cur.Version {
			return versionMoved(version, cur.Version)
		}
		next := *cur
		next.Status, next.Version, next.UpdatedAt = m.To, cur.Version+1, tx.now
		comment := m.Comment
		switch m.To {
		case coop.ObstacleEscalated:
			next.DueOn = m.DueOn
		case coop.ObstacleAnswered:
			now := tx.now
			next.Answer, next.AnsweredBy, next.AnsweredAt = m.Answer, actor.Name, &now
			if comment == "" {
				comment = m.Answer
			}
		}
		if err := tx.updateVersioned(ctx, "move obstacle", version, cur.Version,
			`UPDATE obstacles SET status = ?, due_on = ?, answer = ?, answered_by = ?, answered_at = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			next.Status, next.DueOn, next.Answer, next.AnsweredBy, timeOrNull(next.AnsweredAt), tx.now, id, cur.Version); err != nil {
			return err
		}
		if err := tx.obstacleStep(ctx, id, cur.Status, m.To, comment); err != nil {
			return err
		}
		if err := tx.audit(ctx, "move", "obstacle", id, cur.Province, obstacleAudit(cur), obstacleAudit(&next)); err != nil {
			return err
		}
		out, err = db.getObstacle(ctx, tx.tx, actor, id, tx.today)
		return err
	})
	return out, err
}

// ObstacleCounts returns, for reports, the obstacles of the province (""
// for every province in the actor's scope): raised and answered between
// from and to (YYYY-MM-DD, inclusive, either may be empty), and of those
// raised by to, how many are still open and how many of those are overdue
// today.
func (db *DB) ObstacleCounts(ctx context.Context, actor coop.Actor, province, from, to string) (raised, answered, open, overdue int, err error) {
	scope, args := obstacleScope(actor)
	where := scope
	if province != "" {
		where += " AND province = ?"
		args = append(args, province)
	}
	lo, hi := time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	if coop.ValidDate(from) {
		t, _ := time.ParseInLocation("2006-01-02", from, vnZone)
		lo = t.UTC()
	}
	if coop.ValidDate(to) {
		t, _ := time.ParseInLocation("2006-01-02", to, vnZone)
		hi = t.AddDate(0, 0, 1).UTC()
	}
	q := `SELECT
		COALESCE(SUM(CASE WHEN created_at >= ? AND created_at < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN answered_at IS NOT NULL AND answered_at >= ? AND answered_at < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN created_at < ? AND status NOT IN ('answered', 'closed') THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN created_at < ? AND status NOT IN ('answered', 'closed') AND due_on <> '' AND due_on < ? THEN 1 ELSE 0 END), 0)
		FROM obstacles WHERE ` + where
	err = db.read(ctx).QueryRowContext(ctx, db.rebind(q), append([]any{lo, hi, lo, hi, hi, hi, db.today()}, args...)...).
		Scan(&raised, &answered, &open, &overdue)
	if err != nil {
		err = fmt.Errorf("store: obstacle counts: %w", err)
	}
	return
}

// checkObstacleOrgs verifies that the affected organisations (and the one
// that raised the obstacle) exist, are visible and belong to the
// obstacle's province.
func (tx *Tx) checkObstacleOrgs(ctx context.Context, o *coop.Obstacle) error {
	check := func(id int64, field string) error {
		var province string
		err := tx.queryRow(ctx, `SELECT province FROM organisations WHERE id = ?`, id).Scan(&province)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !coop.Allows(tx.actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: province})) {
			return &coop.Error{Code: coop.EINVALID, Message: "Tổ chức được chọn không có trong sổ đăng ký.",
				Fields: map[string]string{field: "Không tìm thấy tổ chức này trong sổ đăng ký."}}
		}
		if err != nil {
			return err
		}
		if province != o.Province {
			return &coop.Error{Code: coop.EINVALID, Message: "Tổ chức được chọn thuộc tỉnh, thành phố khác.",
				Fields: map[string]string{field: "Chỉ chọn tổ chức cùng tỉnh, thành phố với vướng mắc."}}
		}
		return nil
	}
	if o.RaisedByOrgID != 0 {
		if err := check(o.RaisedByOrgID, "raised_by_org_id"); err != nil {
			return err
		}
	}
	for _, id := range o.OrganisationIDs {
		if err := check(id, "organisation_ids"); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) saveObstacleOrgs(ctx context.Context, o *coop.Obstacle) error {
	for _, id := range o.OrganisationIDs {
		if _, err := tx.exec(ctx, `INSERT INTO obstacle_organisations (obstacle_id, organisation_id) VALUES (?, ?)`, o.ID, id); err != nil {
			return fmt.Errorf("store: obstacle organisation: %w", err)
		}
	}
	return nil
}

func (tx *Tx) obstacleStep(ctx context.Context, id int64, from, to, comment string) error {
	return tx.step(ctx, obstacleTimeline, id, []any{from, to}, comment)
}

func obstacleSearchKey(o *coop.Obstacle) string {
	return coop.Fold(strings.Join([]string{o.Title, o.Policy, o.Description, o.Recommendation}, " "))
}

func obstacleAudit(o *coop.Obstacle) map[string]any {
	return map[string]any{
		"province": o.Province, "raised_by_org_id": o.RaisedByOrgID, "category": o.Category, "policy": o.Policy,
		"title": o.Title, "description": o.Description, "female_workers_affected": o.FemaleWorkersAffected,
		"recommendation": o.Recommendation, "status": o.Status, "due_on": o.DueOn, "answer": o.Answer,
		"answered_by": o.AnsweredBy, "organisation_ids": o.OrganisationIDs, "version": o.Version,
	}
}

func versionMoved(got, cur int64) error {
	return coop.Errorf(coop.ECONFLICT, "Hồ sơ đã được người khác cập nhật sau khi bạn mở (phiên bản %d, hiện tại %d). Vui lòng tải lại trang và nhập lại thay đổi.", got, cur)
}

func timeOrNull(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}
