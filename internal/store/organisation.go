package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"htxnu/internal/coop"
)

const orgColumns = `id, kind, name, registration_no, sector, governance, province, commune, address,
	founded_on, status, COALESCE(parent_id, 0), phone, wim_default, wim_strict, hfl_tiers, hfl_share50,
	workforce_as_of, members_total, members_female, workers_total, workers_female, regular_total, regular_female,
	archived, version, created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

// childRow returns a row handler for an organisation's child rows: cols
// gives the scan targets (the organisation id first) of a fresh child, and
// attach adds the scanned child to its organisation, when orgs holds it.
func childRow[T any](orgs map[int64]*coop.Organisation, cols func(id *int64, c *T) []any,
	attach func(o *coop.Organisation, c T)) func(scan func(...any) error) error {
	return func(scan func(...any) error) error {
		var id int64
		var c T
		if err := scan(cols(&id, &c)...); err != nil {
			return err
		}
		if o := orgs[id]; o != nil {
			attach(o, c)
		}
		return nil
	}
}

func scanOrganisation(s scanner) (*coop.Organisation, error) {
	var o coop.Organisation
	var w coop.Snapshot
	err := s.Scan(&o.ID, &o.Kind, &o.Name, &o.RegistrationNo, &o.Sector, &o.Governance, &o.Province, &o.Commune, &o.Address,
		&o.FoundedOn, &o.Status, &o.ParentID, &o.Phone, &o.Flags.WIMDefault, &o.Flags.WIMStrict, &o.Flags.HFLTiers, &o.Flags.HFLShare50,
		&w.AsOf, &w.MembersTotal, &w.MembersFemale, &w.WorkersTotal, &w.WorkersFemale, &w.RegularTotal, &w.RegularFemale,
		&o.Archived, &o.Version, &o.CreatedAt, &o.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if w.AsOf != "" {
		o.Workforce = &w
	}
	return &o, nil
}

// ruleColumn maps a classification rule to the column holding its flag.
// ruleColumns puts the active rules into a filter's rules where it names
// none, and returns the rollup columns of the two: a women-in-management
// rule and a high-female-labour rule. An unknown rule, or one of the other
// family, is EINVALID.
func (db *DB) ruleColumns(ctx context.Context, wim, hfl *string) (wimCol, hflCol string, err error) {
	if err := db.defaultRules(ctx, wim, hfl); err != nil {
		return "", "", err
	}
	wimCol, ok1 := ruleColumn(*wim)
	hflCol, ok2 := ruleColumn(*hfl)
	r1, _ := coop.RuleByID(*wim)
	r2, _ := coop.RuleByID(*hfl)
	if !ok1 || !ok2 || r1.Family != coop.FamilyWomenManaged || r2.Family != coop.FamilyHighFemaleLabour {
		return "", "", coop.Errorf(coop.EINVALID, "Quy tắc phân loại không hợp lệ.")
	}
	return wimCol, hflCol, nil
}

// defaultRules sets the rules not given (wim, hfl) to the active ones.
func (db *DB) defaultRules(ctx context.Context, wim, hfl *string) error {
	if *wim != "" && *hfl != "" {
		return nil
	}
	rules, err := db.ActiveRules(ctx)
	if err != nil {
		return err
	}
	if *wim == "" {
		*wim = rules[coop.FamilyWomenManaged]
	}
	if *hfl == "" {
		*hfl = rules[coop.FamilyHighFemaleLabour]
	}
	return nil
}

func ruleColumn(ruleID string) (string, bool) {
	switch ruleID {
	case coop.RuleWIMDefault:
		return "wim_default", true
	case coop.RuleWIMStrict:
		return "wim_strict", true
	case coop.RuleHFLTiers:
		return "hfl_tiers", true
	case coop.RuleHFLShare50:
		return "hfl_share50", true
	}
	return "", false
}

// Organisation returns the organisation with its positions, workforce
// history and OCOP products. An organisation outside the actor's scope is
// not found.
func (db *DB) Organisation(ctx context.Context, actor coop.Actor, id int64) (*coop.Organisation, error) {
	return db.getOrganisation(ctx, db.read(ctx), actor, id)
}

var orgRead = recordRead[coop.Organisation]{"organisations", orgColumns, coop.ResOrganisation, "tổ chức",
	scanOrganisation, func(o *coop.Organisation) string { return o.Province }}

func (db *DB) getOrganisation(ctx context.Context, q queryer, actor coop.Actor, id int64) (*coop.Organisation, error) {
	o, err := orgRead.get(ctx, db, q, actor, id)
	if err != nil {
		return nil, err
	}
	if err := db.loadChildren(ctx, q, o); err != nil {
		return nil, err
	}
	return o, nil
}

func (db *DB) loadChildren(ctx context.Context, q queryer, o *coop.Organisation) error {
	o.Positions, o.Snapshots, o.Products = []coop.Position{}, []coop.Snapshot{}, []coop.Product{}
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT id, role, holder, sex, from_date, to_date FROM positions
		WHERE organisation_id = ? ORDER BY to_date <> '', to_date DESC, from_date DESC, id`), o.ID)
	if err != nil {
		return fmt.Errorf("store: positions: %w", err)
	}
	for rows.Next() {
		var p coop.Position
		if err := rows.Scan(&p.ID, &p.Role, &p.Holder, &p.Sex, &p.From, &p.To); err != nil {
			rows.Close()
			return err
		}
		o.Positions = append(o.Positions, p)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, db.rebind(`SELECT id, as_of, members_total, members_female, workers_total, workers_female,
		regular_total, regular_female, female_monthly_income FROM workforce_snapshots WHERE organisation_id = ? ORDER BY as_of DESC`), o.ID)
	if err != nil {
		return fmt.Errorf("store: workforce: %w", err)
	}
	for rows.Next() {
		var s coop.Snapshot
		if err := rows.Scan(&s.ID, &s.AsOf, &s.MembersTotal, &s.MembersFemale, &s.WorkersTotal, &s.WorkersFemale,
			&s.RegularTotal, &s.RegularFemale, &s.FemaleMonthlyIncome); err != nil {
			rows.Close()
			return err
		}
		o.Snapshots = append(o.Snapshots, s)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, db.rebind(`SELECT id, name, product_group, stars, certified_on, expires_on FROM ocop_products
		WHERE organisation_id = ? ORDER BY stars DESC, id`), o.ID)
	if err != nil {
		return fmt.Errorf("store: ocop products: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p coop.Product
		if err := rows.Scan(&p.ID, &p.Name, &p.Group, &p.Stars, &p.CertifiedOn, &p.ExpiresOn); err != nil {
			return err
		}
		o.Products = append(o.Products, p)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	return db.loadChanges(ctx, q, o)
}

// CreateOrganisation validates and saves a new organisation with its
// children, updates the rollups and writes the audit event, in one
// transaction. On success o carries its id, version and derived fields.
func (db *DB) CreateOrganisation(ctx context.Context, actor coop.Actor, o *coop.Organisation) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.createOrganisation(ctx, o) })
}

// createOrganisation is CreateOrganisation within a transaction.
func (tx *Tx) createOrganisation(ctx context.Context, o *coop.Organisation) error {
	normalizeNew(o)
	o.ID, o.Archived = 0, false
	if err := tx.checkOrganisation(ctx, o, "Bạn chỉ được thêm tổ chức thuộc tỉnh, thành phố của mình."); err != nil {
		return err
	}
	o.Version, o.CreatedAt, o.UpdatedAt = 1, tx.now, tx.now
	id, err := tx.insert(ctx, `INSERT INTO organisations (kind, name, registration_no, sector, governance, province, commune, address,
		founded_on, status, parent_id, phone, search_key, sort_key, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		o.Kind, o.Name, o.RegistrationNo, o.Sector, o.Governance, o.Province, o.Commune, o.Address,
		o.FoundedOn, o.Status, nullID(o.ParentID), o.Phone, searchKey(o), coop.SortKey(o.Name), tx.now, tx.now)
	if err != nil {
		return tx.orgWriteError(err)
	}
	o.ID = id
	if err := tx.saveChildren(ctx, o, &coop.Organisation{}); err != nil {
		return err
	}
	if err := tx.saveDerived(ctx, o); err != nil {
		return err
	}
	if err := tx.applyRollup(ctx, nil, o); err != nil {
		return err
	}
	return tx.audit(ctx, "create", "organisation", o.ID, o.Province, nil, auditView(o))
}

// normalizeNew normalises a new organisation and gives it empty child
// collections where it has none.
func normalizeNew(o *coop.Organisation) {
	o.Normalize()
	if o.Positions == nil {
		o.Positions = []coop.Position{}
	}
	if o.Snapshots == nil {
		o.Snapshots = []coop.Snapshot{}
	}
	if o.Products == nil {
		o.Products = []coop.Product{}
	}
}

// checkOrganisation validates an organisation about to be saved, refuses
// (with the message refusal) one the actor may not keep in its province,
// checks its parent and derives its flags.
func (tx *Tx) checkOrganisation(ctx context.Context, o *coop.Organisation, refusal string) error {
	if err := o.Validate(tx.today); err != nil {
		return err
	}
	if !coop.Allows(tx.actor, coop.ActEdit, coop.Record{Kind: coop.ResOrganisation, Province: o.Province}) {
		return &coop.Error{Code: coop.EFORBIDDEN, Message: refusal, Fields: map[string]string{"province": "Chỉ được chọn tỉnh, thành phố của bạn."}}
	}
	if err := tx.checkParent(ctx, o); err != nil {
		return err
	}
	o.Derive(tx.today)
	return nil
}

// UpdateOrganisation saves the organisation's fields (and, for each child
// collection that is non-nil, replaces that collection). o.Version must be
// the version the caller read: if someone saved in between, it answers
// ECONFLICT and changes nothing.
func (db *DB) UpdateOrganisation(ctx context.Context, actor coop.Actor, o *coop.Organisation) error {
	return db.modifyOrganisation(ctx, actor, o.ID, o.Version, "update", func(cur *coop.Organisation) error {
		next := *o
		if next.Positions == nil {
			next.Positions = cur.Positions
		}
		if next.Snapshots == nil {
			next.Snapshots = cur.Snapshots
		}
		if next.Products == nil {
			next.Products = cur.Products
		}
		next.Archived, next.CreatedAt, next.Changes = cur.Archived, cur.CreatedAt, cur.Changes
		*cur = next
		return nil
	}, o)
}

// ArchiveOrganisation hides an organisation from the registry and the
// counts (it can be restored).
func (db *DB) ArchiveOrganisation(ctx context.Context, actor coop.Actor, id, version int64) (*coop.Organisation, error) {
	return db.ChangeOrganisation(ctx, actor, id, version, "archive", archiving(orgArchived, true, "Tổ chức này đã được lưu trữ."))
}

// RestoreOrganisation brings an archived organisation back.
func (db *DB) RestoreOrganisation(ctx context.Context, actor coop.Actor, id, version int64) (*coop.Organisation, error) {
	return db.ChangeOrganisation(ctx, actor, id, version, "restore", archiving(orgArchived, false, "Tổ chức này đang không bị lưu trữ."))
}

func orgArchived(o *coop.Organisation) *bool { return &o.Archived }

// archiving is the change that archives (to true) or restores (to false) a
// record whose archived flag flag points to, refusing with ECONFLICT and
// the message refusal a record that is so already.
func archiving[T any](flag func(*T) *bool, to bool, refusal string) func(*T) error {
	return func(r *T) error {
		f := flag(r)
		if *f == to {
			return coop.Errorf(coop.ECONFLICT, "%s", refusal)
		}
		*f = to
		return nil
	}
}

// ChangeOrganisation loads the organisation, lets change edit it (fields or
// children) and saves the result as one audited write. It is how pages add
// a position, end one or record a workforce snapshot.
func (db *DB) ChangeOrganisation(ctx context.Context, actor coop.Actor, id, version int64, action string, change func(*coop.Organisation) error) (*coop.Organisation, error) {
	var out coop.Organisation
	err := db.modifyOrganisation(ctx, actor, id, version, action, change, &out)
	return &out, err
}

// modifyOrganisation is the one path for changing an organisation: scope,
// version check, validation, children, derived flags, rollups and audit.
func (db *DB) modifyOrganisation(ctx context.Context, actor coop.Actor, id, version int64, action string, change func(*coop.Organisation) error, out *coop.Organisation) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.modifyOrganisation(ctx, id, version, action, change, out) })
}

// modifyOrganisation is modifyOrganisation within a transaction.
func (tx *Tx) modifyOrganisation(ctx context.Context, id, version int64, action string, change func(*coop.Organisation) error, out *coop.Organisation) error {
	db, actor := tx.db, tx.actor
	cur, err := db.getOrganisation(ctx, tx.tx, actor, id)
	if err != nil {
		return err
	}
	if !coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResOrganisation, Province: cur.Province}) {
		return coop.NotFound("tổ chức")
	}
	if err := missingVersion("hồ sơ", version); err != nil {
		return err
	}
	if version != cur.Version {
		return coop.Errorf(coop.ECONFLICT, "Hồ sơ đã được người khác cập nhật sau khi bạn mở (phiên bản %d, hiện tại %d). Vui lòng tải lại trang và nhập lại thay đổi.", version, cur.Version)
	}
	before := cloneOrganisation(cur)
	next := cloneOrganisation(cur)
	if err := change(next); err != nil {
		return err
	}
	next.ID, next.Version, next.CreatedAt, next.Changes = cur.ID, cur.Version, cur.CreatedAt, before.Changes
	next.Normalize()
	if err := tx.checkOrganisation(ctx, next, "Bạn không được chuyển tổ chức sang tỉnh, thành phố khác."); err != nil {
		return err
	}
	next.UpdatedAt = tx.now
	// The row, its derived flags and workforce columns included, as an
	// import's change writes it (orgRowColumns).
	var w coop.Snapshot
	if next.Workforce != nil {
		w = *next.Workforce
	}
	args := make([]any, 0, len(orgRowColumns)+5)
	for _, c := range orgRowColumns {
		args = append(args, c.val(next, &w))
	}
	res, err := tx.exec(ctx, orgRowUpdate, append(args, searchKey(next), coop.SortKey(next.Name), tx.now, next.ID, version)...)
	if err != nil {
		return tx.orgWriteError(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return coop.Errorf(coop.ECONFLICT, "Hồ sơ đã được người khác cập nhật sau khi bạn mở. Vui lòng tải lại trang.")
	}
	next.Version = version + 1
	if err := tx.recordStatusChange(ctx, before, next); err != nil {
		return err
	}
	if err := tx.saveChildren(ctx, next, before); err != nil {
		return err
	}
	if err := tx.refreshShowcaseKey(ctx, next); err != nil {
		return err
	}
	if err := tx.applyRollup(ctx, before, next); err != nil {
		return err
	}
	if err := tx.audit(ctx, action, "organisation", next.ID, next.Province, auditView(before), auditView(next)); err != nil {
		return err
	}
	if before.Province != next.Province {
		// Visible to both provinces' audit views, and a new generation of
		// the province the organisation left (ScopeGeneration).
		if err := tx.audit(ctx, action, "organisation", next.ID, before.Province, auditView(before), auditView(next)); err != nil {
			return err
		}
	}
	*out = *next
	return nil
}

func (tx *Tx) orgWriteError(err error) error {
	if isUnique(err) {
		return &coop.Error{Code: coop.ECONFLICT, Message: "Mã số HTX đã được dùng cho một tổ chức khác.",
			Fields: map[string]string{"registration_no": "Mã số này đã có trong hệ thống."}}
	}
	return fmt.Errorf("store: save organisation: %w", err)
}

// checkParent verifies the parent union exists, is an LHHTX and is visible.
func (tx *Tx) checkParent(ctx context.Context, o *coop.Organisation) error {
	if o.ParentID == 0 {
		return nil
	}
	var kind, province string
	var archived bool
	err := tx.queryRow(ctx, `SELECT kind, province, archived FROM organisations WHERE id = ?`, o.ParentID).Scan(&kind, &province, &archived)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !coop.Allows(tx.actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: province})) {
		return &coop.Error{Code: coop.EINVALID, Message: "Liên hiệp HTX không tồn tại.", Fields: map[string]string{"parent_id": "Không tìm thấy liên hiệp hợp tác xã này."}}
	}
	if err != nil {
		return err
	}
	if kind != coop.KindLHHTX || archived {
		return &coop.Error{Code: coop.EINVALID, Message: "Tổ chức được chọn không phải liên hiệp HTX đang hoạt động.",
			Fields: map[string]string{"parent_id": "Chỉ chọn được một liên hiệp hợp tác xã."}}
	}
	return nil
}

// saveChildren writes the children of next, diffing against prev: new rows
// are inserted, changed rows updated, missing rows deleted.
func (tx *Tx) saveChildren(ctx context.Context, next, prev *coop.Organisation) error {
	if err := saveChildRows(ctx, tx, next.ID, positionRows, prev.Positions, next.Positions, nil); err != nil {
		return err
	}
	// A kept snapshot may take the date another one gives up (two dates
	// swapped): park every snapshot that changes date on a placeholder
	// first, so that no statement sees two rows with one date.
	park := func(old, s *coop.Snapshot) error {
		if old.AsOf == s.AsOf {
			return nil
		}
		if _, err := tx.exec(ctx, `UPDATE workforce_snapshots SET as_of = ? WHERE id = ? AND organisation_id = ?`,
			fmt.Sprintf("moving-%d", s.ID), s.ID, next.ID); err != nil {
			return fmt.Errorf("store: move workforce: %w", err)
		}
		return nil
	}
	if err := saveChildRows(ctx, tx, next.ID, snapshotRows, prev.Snapshots, next.Snapshots, park); err != nil {
		return err
	}
	return saveChildRows(ctx, tx, next.ID, productRows, prev.Products, next.Products, nil)
}

// childRows describes one kind of an organisation's child rows: the
// statements that insert, update (by id and organisation) and delete one,
// its id and the values the statements take, in their order.
type childRows[T comparable] struct {
	what                   string
	insert, update, delete string
	id                     func(*T) *int64
	vals                   func(*T) []any
}

var (
	positionRows = childRows[coop.Position]{"position",
		`INSERT INTO positions (organisation_id, role, holder, sex, from_date, to_date) VALUES (?, ?, ?, ?, ?, ?)`,
		`UPDATE positions SET role = ?, holder = ?, sex = ?, from_date = ?, to_date = ? WHERE id = ? AND organisation_id = ?`,
		`DELETE FROM positions WHERE id = ? AND organisation_id = ?`,
		func(p *coop.Position) *int64 { return &p.ID },
		func(p *coop.Position) []any { return []any{p.Role, p.Holder, p.Sex, p.From, p.To} }}
	snapshotRows = childRows[coop.Snapshot]{"workforce",
		`INSERT INTO workforce_snapshots (organisation_id, as_of, members_total, members_female, workers_total,
			workers_female, regular_total, regular_female, female_monthly_income) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		`UPDATE workforce_snapshots SET as_of = ?, members_total = ?, members_female = ?, workers_total = ?,
			workers_female = ?, regular_total = ?, regular_female = ?, female_monthly_income = ? WHERE id = ? AND organisation_id = ?`,
		`DELETE FROM workforce_snapshots WHERE id = ? AND organisation_id = ?`,
		func(s *coop.Snapshot) *int64 { return &s.ID },
		func(s *coop.Snapshot) []any {
			return []any{s.AsOf, s.MembersTotal, s.MembersFemale, s.WorkersTotal, s.WorkersFemale, s.RegularTotal, s.RegularFemale, s.FemaleMonthlyIncome}
		}}
	productRows = childRows[coop.Product]{"product",
		`INSERT INTO ocop_products (organisation_id, name, product_group, stars, certified_on, expires_on) VALUES (?, ?, ?, ?, ?, ?)`,
		`UPDATE ocop_products SET name = ?, product_group = ?, stars = ?, certified_on = ?, expires_on = ? WHERE id = ? AND organisation_id = ?`,
		`DELETE FROM ocop_products WHERE id = ? AND organisation_id = ?`,
		func(p *coop.Product) *int64 { return &p.ID },
		func(p *coop.Product) []any { return []any{p.Name, p.Group, p.Stars, p.CertifiedOn, p.ExpiresOn} }}
)

// saveChildRows writes next's rows of one kind, diffing against prev. An
// id that is not prev's, or is given twice (an entry copied to record
// another date), is the existing row the first time and a new row after.
// Missing rows are deleted first, so that a row moved to another date
// cannot collide with a unique key of a row about to go; park, when
// given, is then called for each kept row with its old value, before any
// row is updated or inserted.
func saveChildRows[T comparable](ctx context.Context, tx *Tx, orgID int64, c childRows[T], prev, next []T, park func(old, cur *T) error) error {
	old := make(map[int64]T, len(prev))
	for i := range prev {
		old[*c.id(&prev[i])] = prev[i]
	}
	keep := map[int64]bool{}
	for i := range next {
		id := c.id(&next[i])
		if _, ok := old[*id]; !ok || keep[*id] {
			*id = 0
		}
		keep[*id] = true
	}
	for id := range old {
		if !keep[id] {
			if _, err := tx.exec(ctx, c.delete, id, orgID); err != nil {
				return fmt.Errorf("store: delete %s: %w", c.what, err)
			}
		}
	}
	for i := range next {
		if o, ok := old[*c.id(&next[i])]; ok && park != nil {
			if err := park(&o, &next[i]); err != nil {
				return err
			}
		}
	}
	for i := range next {
		r := &next[i]
		id := c.id(r)
		o, ok := old[*id]
		switch {
		case !ok:
			newID, err := tx.insert(ctx, c.insert, append([]any{orgID}, c.vals(r)...)...)
			if err != nil {
				return fmt.Errorf("store: insert %s: %w", c.what, err)
			}
			*id = newID
		case o != *r:
			if _, err := tx.exec(ctx, c.update, append(c.vals(r), *id, orgID)...); err != nil {
				return fmt.Errorf("store: update %s: %w", c.what, err)
			}
		}
	}
	return nil
}

// saveDerived stores the flags and latest workforce on the organisation row.
func (tx *Tx) saveDerived(ctx context.Context, o *coop.Organisation) error {
	w := coop.Snapshot{}
	if o.Workforce != nil {
		w = *o.Workforce
	}
	_, err := tx.exec(ctx, `UPDATE organisations SET wim_default = ?, wim_strict = ?, hfl_tiers = ?, hfl_share50 = ?,
		workforce_as_of = ?, members_total = ?, members_female = ?, workers_total = ?, workers_female = ?, regular_total = ?, regular_female = ?
		WHERE id = ?`,
		b2i(o.Flags.WIMDefault), b2i(o.Flags.WIMStrict), b2i(o.Flags.HFLTiers), b2i(o.Flags.HFLShare50),
		w.AsOf, w.MembersTotal, w.MembersFemale, w.WorkersTotal, w.WorkersFemale, w.RegularTotal, w.RegularFemale, o.ID)
	if err != nil {
		return fmt.Errorf("store: save derived: %w", err)
	}
	return nil
}

func cloneOrganisation(o *coop.Organisation) *coop.Organisation {
	c := *o
	c.Positions = append([]coop.Position{}, o.Positions...)
	c.Snapshots = append([]coop.Snapshot{}, o.Snapshots...)
	c.Products = append([]coop.Product{}, o.Products...)
	c.Changes = append([]coop.StatusChange(nil), o.Changes...)
	if o.Workforce != nil {
		w := *o.Workforce
		c.Workforce = &w
	}
	return &c
}

func auditView(o *coop.Organisation) map[string]any {
	return map[string]any{
		"kind": o.Kind, "name": o.Name, "registration_no": o.RegistrationNo, "sector": o.Sector,
		"governance": o.Governance, "province": o.Province, "commune": o.Commune, "address": o.Address,
		"founded_on": o.FoundedOn, "status": o.Status, "parent_id": o.ParentID, "phone": o.Phone,
		"archived": o.Archived, "version": o.Version,
		"positions": o.Positions, "workforce": o.Snapshots, "ocop_products": o.Products,
		"flags": map[string]bool{
			coop.RuleWIMDefault: o.Flags.WIMDefault, coop.RuleWIMStrict: o.Flags.WIMStrict,
			coop.RuleHFLTiers: o.Flags.HFLTiers, coop.RuleHFLShare50: o.Flags.HFLShare50,
		},
	}
}

func searchKey(o *coop.Organisation) string {
	return coop.Fold(o.Name + " " + o.RegistrationNo)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// likePattern escapes s for LIKE … ESCAPE '\' and wraps it in %.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}
