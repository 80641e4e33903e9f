package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"htxnu/internal/coop"
)

const foundingColumns = `id, province, commune, group_name, kind, contact_name, contact_phone, women_led, members_planned, status,
	advised_on, dossier_on, registered_on, dropped_on, drop_reason, COALESCE(organisation_id, 0), notes, version, created_at, updated_at`

func scanFounding(s scanner) (*coop.FoundingCase, error) {
	var c coop.FoundingCase
	err := s.Scan(&c.ID, &c.Province, &c.Commune, &c.GroupName, &c.Kind, &c.ContactName, &c.ContactPhone, &c.WomenLed, &c.MembersPlanned,
		&c.Status, &c.AdvisedOn, &c.DossierOn, &c.RegisteredOn, &c.DroppedOn, &c.DropReason, &c.OrganisationID, &c.Notes,
		&c.Version, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// FoundingFilter selects founding cases.
type FoundingFilter struct {
	Q        string // accent-insensitive words of the group, commune or contact
	Province string
	Kind     string
	Status   string
	Year     int // cases under way at some time in the year
	Page     int
	PerPage  int
}

// FoundingPage is one page of founding cases with the counts by stage of
// everything the filter matches apart from the stage.
type FoundingPage struct {
	Items []*coop.FoundingCase `json:"items"`
	Paging
	ByStage map[string]int `json:"by_stage"`
}

// FoundingCases lists the cases in the actor's scope, latest advice first.
func (db *DB) FoundingCases(ctx context.Context, actor coop.Actor, f FoundingFilter) (*FoundingPage, error) {
	var w conds
	scope, sargs := obstacleScope(actor)
	w.add(scope, sargs...)
	w.eq("province", f.Province)
	w.eq("kind", f.Kind)
	if f.Year > 0 {
		y := strconv.Itoa(f.Year)
		w.add("advised_on <= ? AND (status IN ('advised', 'dossier') OR registered_on >= ? OR dropped_on >= ?)", y+"-12-31", y+"-01-01", y+"-01-01")
	}
	for _, word := range coop.SearchWords(f.Q) {
		w.add(`search_key LIKE ? ESCAPE '\'`, likePattern(word))
	}
	base, args := w.where(), w.args
	page, per := pageBounds(f.Page, f.PerPage)
	out := &FoundingPage{Items: []*coop.FoundingCase{}, Paging: Paging{Page: page, PerPage: per}, ByStage: map[string]int{}}
	var err error
	out.Total, _, err = db.statusCounts(ctx, `SELECT status, COUNT(*), 0 FROM founding_cases WHERE `+base+` GROUP BY status`, args, f.Status, out.ByStage)
	if err != nil {
		return nil, fmt.Errorf("store: count founding cases: %w", err)
	}
	if out.Total == 0 {
		return out, nil
	}
	base, args = withStatus(base, args, f.Status)
	out.Page = lastPage(page, per, out.Total)
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT `+foundingColumns+` FROM founding_cases WHERE `+base+
		` ORDER BY advised_on DESC, id DESC LIMIT ? OFFSET ?`), append(args, per, (out.Page-1)*per)...)
	if err != nil {
		return nil, fmt.Errorf("store: list founding cases: %w", err)
	}
	out.Items, err = collect(rows, out.Items, scanFounding)
	return out, err
}

// FoundingCase returns one case with its steps; a case outside the actor's
// scope is not found.
func (db *DB) FoundingCase(ctx context.Context, actor coop.Actor, id int64) (*coop.FoundingCase, error) {
	return db.getFounding(ctx, db.read(ctx), actor, id)
}

var foundingRead = recordRead[coop.FoundingCase]{"founding_cases", foundingColumns, coop.ResFounding, "hồ sơ hỗ trợ thành lập",
	scanFounding, func(c *coop.FoundingCase) string { return c.Province }}

func (db *DB) getFounding(ctx context.Context, q queryer, actor coop.Actor, id int64) (*coop.FoundingCase, error) {
	c, err := foundingRead.get(ctx, db, q, actor, id)
	if err != nil {
		return nil, err
	}
	if c.OrganisationID != 0 {
		if c.OrgName, err = db.orgName(ctx, q, c.OrganisationID); err != nil {
			return nil, err
		}
	}
	c.Steps, err = readSteps(ctx, db, q, foundingTimeline, id, func(s *coop.FoundingStep) ([]any, *coop.WorkflowStep) {
		return []any{&s.Step, &s.On}, &s.WorkflowStep
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// CreateFoundingCase opens a case at its first advice (advised), with its
// first step and the audit event, in one transaction.
func (db *DB) CreateFoundingCase(ctx context.Context, actor coop.Actor, c *coop.FoundingCase) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		c.Normalize()
		if c.AdvisedOn == "" {
			c.AdvisedOn = tx.today
		}
		c.Status, c.DossierOn, c.RegisteredOn, c.DroppedOn, c.DropReason, c.OrganisationID = coop.FoundingAdvised, "", "", "", "", 0
		if !coop.Can(actor, coop.PermActivityWrite) || (!actor.National() && c.Province != actor.Province) {
			return &coop.Error{Code: coop.EFORBIDDEN, Message: "Bạn chỉ được thêm hồ sơ hỗ trợ thành lập của tỉnh, thành phố mình.",
				Fields: map[string]string{"province": "Chỉ được chọn tỉnh, thành phố của bạn."}}
		}
		if err := c.Validate(tx.today); err != nil {
			return err
		}
		if !coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResFounding, Province: c.Province}) {
			return coop.Errorf(coop.EFORBIDDEN, "Hồ sơ hỗ trợ thành lập do Liên minh HTX tỉnh, thành phố quản lý.")
		}
		c.Version, c.CreatedAt, c.UpdatedAt = 1, tx.now, tx.now
		id, err := tx.insert(ctx, `INSERT INTO founding_cases (province, commune, group_name, kind, contact_name, contact_phone, women_led,
			members_planned, status, advised_on, notes, search_key, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
			c.Province, c.Commune, c.GroupName, c.Kind, c.ContactName, c.ContactPhone, b2i(c.WomenLed), c.MembersPlanned,
			c.Status, c.AdvisedOn, c.Notes, foundingSearchKey(c), tx.now, tx.now)
		if err != nil {
			return fmt.Errorf("store: insert founding case: %w", err)
		}
		c.ID = id
		if err := tx.foundingStep(ctx, id, coop.FoundingAdvised, c.AdvisedOn, ""); err != nil {
			return err
		}
		return tx.audit(ctx, "create", "founding_case", id, c.Province, nil, foundingAudit(c))
	})
}

// UpdateFoundingCase saves the details of an open case (not its stage).
func (db *DB) UpdateFoundingCase(ctx context.Context, actor coop.Actor, c *coop.FoundingCase) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		cur, err := db.getFounding(ctx, tx.tx, actor, c.ID)
		if err != nil {
			return err
		}
		if err := missingVersion("hồ sơ hỗ trợ thành lập", c.Version); err != nil {
			return err
		}
		if cur.Closed() {
			return coop.Errorf(coop.EINVALID, "Hồ sơ đã ở bước “%s”, không sửa được nữa.", coop.FoundingStages.Label(cur.Status))
		}
		c.Normalize()
		if c.Province != cur.Province {
			return &coop.Error{Code: coop.EINVALID, Message: "Không chuyển hồ sơ sang tỉnh, thành phố khác.",
				Fields: map[string]string{"province": "Giữ nguyên tỉnh, thành phố của hồ sơ."}}
		}
		c.Status, c.DossierOn, c.RegisteredOn, c.DroppedOn, c.DropReason, c.OrganisationID = cur.Status, cur.DossierOn, "", "", "", 0
		if err := c.Validate(tx.today); err != nil {
			return err
		}
		if !coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResFounding, Province: cur.Province}) {
			return coop.Errorf(coop.EFORBIDDEN, "Hồ sơ hỗ trợ thành lập do Liên minh HTX tỉnh, thành phố quản lý.")
		}
		if c.Version != cur.Version {
			return versionMoved(c.Version, cur.Version)
		}
		if err := tx.updateVersioned(ctx, "update founding case", c.Version, cur.Version,
			`UPDATE founding_cases SET commune = ?, group_name = ?, kind = ?, contact_name = ?, contact_phone = ?,
			women_led = ?, members_planned = ?, advised_on = ?, notes = ?, search_key = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`,
			c.Commune, c.GroupName, c.Kind, c.ContactName, c.ContactPhone, b2i(c.WomenLed), c.MembersPlanned, c.AdvisedOn, c.Notes,
			foundingSearchKey(c), tx.now, c.ID, cur.Version); err != nil {
			return err
		}
		c.Version, c.CreatedAt, c.UpdatedAt, c.Steps = cur.Version+1, cur.CreatedAt, tx.now, cur.Steps
		return tx.audit(ctx, "update", "founding_case", c.ID, c.Province, foundingAudit(cur), foundingAudit(c))
	})
}

// MoveFoundingCase moves a case forward (see coop.FoundingCase.CheckMove).
// Registering links an existing organisation of the registry, visible to
// the actor, of the case's province and kind, not linked to another case.
// version, when not 0, must be the version the caller read.
func (db *DB) MoveFoundingCase(ctx context.Context, actor coop.Actor, id, version int64, m coop.FoundingMove) (*coop.FoundingCase, error) {
	var out *coop.FoundingCase
	err := db.write(ctx, actor, func(tx *Tx) error {
		cur, err := db.getFounding(ctx, tx.tx, actor, id)
		if err != nil {
			return err
		}
		if err := cur.CheckMove(&m, tx.today); err != nil {
			return err
		}
		if !coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResFounding, Province: cur.Province}) {
			return coop.Errorf(coop.EFORBIDDEN, "Hồ sơ hỗ trợ thành lập do Liên minh HTX tỉnh, thành phố quản lý.")
		}
		if version != 0 && version != cur.Version {
			return versionMoved(version, cur.Version)
		}
		next := *cur
		next.Status, next.Version, next.UpdatedAt = m.To, cur.Version+1, tx.now
		comment := m.Comment
		switch m.To {
		case coop.FoundingDossier:
			next.DossierOn = m.On
		case coop.FoundingRegistered:
			if err := tx.checkFoundingOrg(ctx, cur, m.OrganisationID); err != nil {
				return err
			}
			next.RegisteredOn, next.OrganisationID = m.On, m.OrganisationID
		case coop.FoundingDropped:
			next.DroppedOn, next.DropReason = m.On, m.Reason
			if comment == "" {
				comment = m.Reason
			}
		}
		if err := tx.updateVersioned(ctx, "move founding case", version, cur.Version,
			`UPDATE founding_cases SET status = ?, dossier_on = ?, registered_on = ?, dropped_on = ?, drop_reason = ?,
			organisation_id = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			next.Status, next.DossierOn, next.RegisteredOn, next.DroppedOn, next.DropReason, nullID(next.OrganisationID), tx.now, id, cur.Version); err != nil {
			if isUnique(err) {
				return &coop.Error{Code: coop.ECONFLICT, Message: "Tổ chức này đã được gắn với một hồ sơ hỗ trợ thành lập khác.",
					Fields: map[string]string{"organisation_id": "Chọn tổ chức khác."}}
			}
			return err
		}
		if err := tx.foundingStep(ctx, id, m.To, m.On, comment); err != nil {
			return err
		}
		if m.To == coop.FoundingRegistered {
			if err := tx.applyFoundingRegistered(ctx, next.OrganisationID); err != nil {
				return err
			}
		}
		if err := tx.audit(ctx, "move", "founding_case", id, cur.Province, foundingAudit(cur), foundingAudit(&next)); err != nil {
			return err
		}
		out, err = db.getFounding(ctx, tx.tx, actor, id)
		return err
	})
	return out, err
}

func (tx *Tx) checkFoundingOrg(ctx context.Context, c *coop.FoundingCase, orgID int64) error {
	var kind, province string
	var archived bool
	err := tx.queryRow(ctx, `SELECT kind, province, archived FROM organisations WHERE id = ?`, orgID).Scan(&kind, &province, &archived)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (!coop.Allows(tx.actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: province}) || archived)) {
		return &coop.Error{Code: coop.EINVALID, Message: "Tổ chức được chọn không có trong sổ đăng ký.",
			Fields: map[string]string{"organisation_id": "Không tìm thấy tổ chức này trong sổ đăng ký."}}
	}
	if err != nil {
		return err
	}
	if province != c.Province || kind != c.Kind {
		return &coop.Error{Code: coop.EINVALID, Message: "Tổ chức được chọn phải cùng tỉnh, thành phố và cùng loại hình với hồ sơ.",
			Fields: map[string]string{"organisation_id": fmt.Sprintf("Chọn một %s của %s.", strings.ToLower(coop.Kinds.Label(c.Kind)), coop.ProvinceName(c.Province))}}
	}
	return nil
}

// FoundingCounts returns the number of cases at each stage (keyed by
// stage, plus "total" and "women_led") for the province, or for every
// province in the actor's scope when province is "".
func (db *DB) FoundingCounts(ctx context.Context, actor coop.Actor, province string) (map[string]int, error) {
	scope, args := obstacleScope(actor)
	where := scope
	if province != "" {
		where += " AND province = ?"
		args = append(args, province)
	}
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT status, COUNT(*), COALESCE(SUM(women_led), 0) FROM founding_cases WHERE `+where+` GROUP BY status`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: founding counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{"total": 0, "women_led": 0}
	for _, s := range coop.FoundingStages {
		out[s.Code] = 0
	}
	for rows.Next() {
		var s string
		var n, w int
		if err := rows.Scan(&s, &n, &w); err != nil {
			return nil, err
		}
		out[s] += n
		out["total"] += n
		out["women_led"] += w
	}
	return out, rows.Err()
}

func (tx *Tx) foundingStep(ctx context.Context, id int64, step, on, comment string) error {
	return tx.step(ctx, foundingTimeline, id, []any{step, on}, comment)
}

func foundingSearchKey(c *coop.FoundingCase) string {
	return coop.Fold(strings.Join([]string{c.GroupName, c.Commune, c.ContactName}, " "))
}

func foundingAudit(c *coop.FoundingCase) map[string]any {
	return map[string]any{
		"province": c.Province, "commune": c.Commune, "group_name": c.GroupName, "kind": c.Kind,
		"contact_name": c.ContactName, "contact_phone": c.ContactPhone, "women_led": c.WomenLed,
		"members_planned": c.MembersPlanned, "status": c.Status, "advised_on": c.AdvisedOn, "dossier_on": c.DossierOn,
		"registered_on": c.RegisteredOn, "dropped_on": c.DroppedOn, "drop_reason": c.DropReason,
		"organisation_id": c.OrganisationID, "notes": c.Notes, "version": c.Version,
	}
}
