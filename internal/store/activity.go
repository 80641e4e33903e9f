package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"htxnu/internal/coop"
)

// Activity is a support activity as read back: the record and what the
// pages show with it.
type Activity struct {
	coop.Activity
	TaskTitle        string        `json:"task_title,omitempty"`
	BeneficiaryCount int           `json:"beneficiary_count"`
	Orgs             []ActivityOrg `json:"beneficiaries,omitempty"` // those the reader may see
	HiddenOrgs       int           `json:"hidden_beneficiaries,omitempty"`
	CreatedAt        time.Time     `json:"created_at"`
	UpdatedAt        time.Time     `json:"updated_at"`
}

// ActivityOrg is a beneficiary organisation as an activity lists it.
type ActivityOrg struct {
	ID       int64  `json:"id"`
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	Province string `json:"province"`
}

const activityColumns = `a.id, a.type, a.title, COALESCE(a.task_id, 0), a.province, a.commune, a.starts_on, a.ends_on, a.organiser, a.partners,
	a.participants_total, a.participants_female, a.beneficiaries_total, a.beneficiaries_female, a.notes, a.attachments,
	a.target_group, a.managers_trained_female, a.jobs_women_htx, a.jobs_women_tht, a.jobs_additional,
	a.loan_fund, a.loan_amount, a.loan_term_months, a.loan_purpose, a.loan_status,
	a.archived, a.version, a.created_by, a.created_at, a.updated_at, COALESCE(t.title, ''),
	(SELECT COUNT(*) FROM activity_beneficiaries b WHERE b.activity_id = a.id)`

const activityFrom = ` FROM activities a LEFT JOIN plan_tasks t ON t.id = a.task_id`

func scanActivity(s scanner) (*Activity, error) {
	var a Activity
	err := s.Scan(&a.ID, &a.Type, &a.Title, &a.TaskID, &a.Province, &a.Commune, &a.StartsOn, &a.EndsOn, &a.Organiser, &a.Partners,
		&a.ParticipantsTotal, &a.ParticipantsFemale, &a.BeneficiariesTotal, &a.BeneficiariesFemale, &a.Notes, &a.Attachments,
		&a.TargetGroup, &a.ManagersTrainedFemale, &a.JobsWomenHTX, &a.JobsWomenTHT, &a.JobsAdditional,
		&a.LoanFund, &a.LoanAmount, &a.LoanTermMonths, &a.LoanPurpose, &a.LoanStatus,
		&a.Archived, &a.Version, &a.CreatedBy, &a.CreatedAt, &a.UpdatedAt, &a.TaskTitle, &a.BeneficiaryCount)
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// Activity returns one activity with its costs and beneficiaries. An
// activity the actor may not see (another province's) is not found.
func (db *DB) Activity(ctx context.Context, actor coop.Actor, id int64) (*Activity, error) {
	return db.getActivity(ctx, db.read(ctx), actor, id)
}

func (db *DB) getActivity(ctx context.Context, q queryer, actor coop.Actor, id int64) (*Activity, error) {
	a, err := scanActivity(q.QueryRowContext(ctx, db.rebind(`SELECT `+activityColumns+activityFrom+` WHERE a.id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResActivity, Province: a.Province})) {
		return nil, coop.NotFound("hoạt động")
	}
	if err != nil {
		return nil, fmt.Errorf("store: activity %d: %w", id, err)
	}
	a.Costs = []coop.Cost{}
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT source, amount FROM activity_costs WHERE activity_id = ?`), id)
	if err != nil {
		return nil, fmt.Errorf("store: activity costs: %w", err)
	}
	for rows.Next() {
		var c coop.Cost
		if err := rows.Scan(&c.Source, &c.Amount); err != nil {
			rows.Close()
			return nil, err
		}
		a.Costs = append(a.Costs, c)
	}
	rows.Close()
	sortCosts(a.Costs)
	a.Beneficiaries, a.Orgs = []int64{}, []ActivityOrg{}
	rows, err = q.QueryContext(ctx, db.rebind(`SELECT o.id, o.kind, o.name, o.province FROM activity_beneficiaries b
		JOIN organisations o ON o.id = b.organisation_id WHERE b.activity_id = ? ORDER BY o.sort_key, o.id`), id)
	if err != nil {
		return nil, fmt.Errorf("store: activity beneficiaries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o ActivityOrg
		if err := rows.Scan(&o.ID, &o.Kind, &o.Name, &o.Province); err != nil {
			return nil, err
		}
		a.Beneficiaries = append(a.Beneficiaries, o.ID)
		if coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: o.Province}) {
			a.Orgs = append(a.Orgs, o)
		} else {
			a.HiddenOrgs++
		}
	}
	return a, rows.Err()
}

// sortCosts orders costs as the funding sources are listed.
func sortCosts(cs []coop.Cost) {
	pos := map[string]int{}
	for i, s := range coop.FundingSources {
		pos[s.Code] = i
	}
	sort.SliceStable(cs, func(i, j int) bool { return pos[cs[i].Source] < pos[cs[j].Source] })
}

// CreateActivity validates and saves a new activity with its costs and
// beneficiaries, updates the rollups and writes the audit event, in one
// transaction.
func (db *DB) CreateActivity(ctx context.Context, actor coop.Actor, a *coop.Activity) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.createActivity(ctx, a) })
}

// createActivity is CreateActivity in a transaction.
func (tx *Tx) createActivity(ctx context.Context, a *coop.Activity) error {
	a.ID, a.Archived, a.Version = 0, false, 0
	a.Normalize()
	if err := tx.checkActivityScope(a.Province); err != nil {
		return err
	}
	if err := mergeInvalid(a.Validate(), tx.checkActivityLinks(ctx, a, nil)); err != nil {
		return err
	}
	a.Version, a.CreatedBy = 1, tx.actor.Name
	id, err := tx.insert(ctx, `INSERT INTO activities (type, title, task_id, province, commune, starts_on, ends_on, organiser, partners,
		participants_total, participants_female, beneficiaries_total, beneficiaries_female, notes, attachments,
		target_group, managers_trained_female, jobs_women_htx, jobs_women_tht, jobs_additional,
		loan_fund, loan_amount, loan_term_months, loan_purpose, loan_status, search_key, archived, version, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?, ?, ?)`,
		a.Type, a.Title, nullID(a.TaskID), a.Province, a.Commune, a.StartsOn, a.EndsOn, a.Organiser, a.Partners,
		a.ParticipantsTotal, a.ParticipantsFemale, a.BeneficiariesTotal, a.BeneficiariesFemale, a.Notes, a.Attachments,
		a.TargetGroup, a.ManagersTrainedFemale, a.JobsWomenHTX, a.JobsWomenTHT, b2i(a.JobsAdditional),
		a.LoanFund, a.LoanAmount, a.LoanTermMonths, a.LoanPurpose, a.LoanStatus, activitySearchKey(a), a.CreatedBy, tx.now, tx.now)
	if err != nil {
		return fmt.Errorf("store: insert activity: %w", err)
	}
	a.ID = id
	if err := tx.saveActivityChildren(ctx, a, false); err != nil {
		return err
	}
	if err := tx.applyActivityRollup(ctx, nil, a); err != nil {
		return err
	}
	return tx.audit(ctx, "create", "activity", a.ID, a.Province, nil, a)
}

// UpdateActivity saves every field of the activity, its costs and its
// beneficiaries. a.Version must be the version the caller read; otherwise
// it answers ECONFLICT and changes nothing.
func (db *DB) UpdateActivity(ctx context.Context, actor coop.Actor, a *coop.Activity) error {
	return db.modifyActivity(ctx, actor, a.ID, a.Version, "update", updatingActivity(a), a)
}

// updatingActivity is UpdateActivity's change: every field of a, the costs
// and beneficiaries kept when a has none (nil).
func updatingActivity(a *coop.Activity) func(*coop.Activity) error {
	return func(cur *coop.Activity) error {
		next := *a
		next.Archived, next.CreatedBy = cur.Archived, cur.CreatedBy
		if next.Costs == nil {
			next.Costs = cur.Costs
		}
		if next.Beneficiaries == nil {
			next.Beneficiaries = cur.Beneficiaries
		}
		*cur = next
		return nil
	}
}

// ArchiveActivity takes an activity out of the lists and the figures.
func (db *DB) ArchiveActivity(ctx context.Context, actor coop.Actor, id, version int64) (*coop.Activity, error) {
	var out coop.Activity
	archived := func(a *coop.Activity) *bool { return &a.Archived }
	err := db.modifyActivity(ctx, actor, id, version, "archive", archiving(archived, true, "Hoạt động này đã được lưu trữ."), &out)
	return &out, err
}

// modifyActivity is the one path for changing an activity: scope, version,
// validation, links, children, rollups and audit in one transaction.
func (db *DB) modifyActivity(ctx context.Context, actor coop.Actor, id, version int64, action string, change func(*coop.Activity) error, out *coop.Activity) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.modifyActivity(ctx, id, version, action, change, out) })
}

// modifyActivity is the path for changing an activity, in a transaction.
func (tx *Tx) modifyActivity(ctx context.Context, id, version int64, action string, change func(*coop.Activity) error, out *coop.Activity) error {
	cur, err := tx.db.getActivity(ctx, txQueryer{tx}, tx.actor, id)
	if err != nil {
		return err
	}
	if err := tx.checkActivityScope(cur.Province); err != nil {
		return err
	}
	if err := missingVersion("hoạt động", version); err != nil {
		return err
	}
	if version != cur.Version {
		return coop.Errorf(coop.ECONFLICT, "Hoạt động đã được người khác cập nhật sau khi bạn mở (phiên bản %d, hiện tại %d). Vui lòng tải lại trang và nhập lại thay đổi.", version, cur.Version)
	}
	before := cloneActivity(&cur.Activity)
	next := cloneActivity(&cur.Activity)
	if err := change(next); err != nil {
		return err
	}
	next.ID, next.Version, next.CreatedBy = cur.ID, cur.Version, cur.CreatedBy
	next.Normalize()
	if err := tx.checkActivityScope(next.Province); err != nil {
		return err
	}
	if err := mergeInvalid(next.Validate(), tx.checkActivityLinks(ctx, next, before)); err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE activities SET type = ?, title = ?, task_id = ?, province = ?, commune = ?, starts_on = ?, ends_on = ?,
		organiser = ?, partners = ?, participants_total = ?, participants_female = ?, beneficiaries_total = ?, beneficiaries_female = ?,
		notes = ?, attachments = ?, target_group = ?, managers_trained_female = ?, jobs_women_htx = ?, jobs_women_tht = ?, jobs_additional = ?,
		loan_fund = ?, loan_amount = ?, loan_term_months = ?, loan_purpose = ?, loan_status = ?, search_key = ?, archived = ?,
		version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
		next.Type, next.Title, nullID(next.TaskID), next.Province, next.Commune, next.StartsOn, next.EndsOn,
		next.Organiser, next.Partners, next.ParticipantsTotal, next.ParticipantsFemale, next.BeneficiariesTotal, next.BeneficiariesFemale,
		next.Notes, next.Attachments, next.TargetGroup, next.ManagersTrainedFemale, next.JobsWomenHTX, next.JobsWomenTHT, b2i(next.JobsAdditional),
		next.LoanFund, next.LoanAmount, next.LoanTermMonths, next.LoanPurpose, next.LoanStatus, activitySearchKey(next), b2i(next.Archived),
		tx.now, next.ID, version)
	if err != nil {
		return fmt.Errorf("store: update activity: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return coop.Errorf(coop.ECONFLICT, "Hoạt động đã được người khác cập nhật sau khi bạn mở. Vui lòng tải lại trang.")
	}
	next.Version = version + 1
	if err := tx.saveActivityChildren(ctx, next, true); err != nil {
		return err
	}
	if err := tx.applyActivityRollup(ctx, before, next); err != nil {
		return err
	}
	if err := tx.audit(ctx, action, "activity", next.ID, next.Province, before, next); err != nil {
		return err
	}
	if before.Province != next.Province {
		// Visible to both provinces' audit views, and a new generation of
		// the province the activity left (ScopeGeneration).
		if err := tx.audit(ctx, action, "activity", next.ID, before.Province, before, next); err != nil {
			return err
		}
	}
	*out = *next
	return nil
}

// checkActivityScope answers whether the actor may write an activity of the
// province: a provincial account writing outside its province is forbidden
// (as for organisations), and so are central staff, who read every province
// but record central activities only; the message names the province field.
func (tx *Tx) checkActivityScope(province string) error {
	return activityWriteScope(tx.actor, province)
}

// activityWriteScope is checkActivityScope for an actor.
func activityWriteScope(a coop.Actor, province string) error {
	if coop.Allows(a, coop.ActEdit, coop.Record{Kind: coop.ResActivity, Province: province}) {
		return nil
	}
	if !coop.Can(a, coop.PermActivityWrite) {
		return coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền ghi nhận hoạt động hỗ trợ.")
	}
	if a.Role == coop.RoleCentral {
		return &coop.Error{Code: coop.EFORBIDDEN, Message: "Cán bộ Liên minh HTX Việt Nam chỉ ghi nhận, sửa hoạt động cấp trung ương; hoạt động của tỉnh do Liên minh HTX tỉnh cập nhật.",
			Fields: map[string]string{"province": "Với hoạt động cấp trung ương, để trống tỉnh, thành phố."}}
	}
	if province == "" {
		return &coop.Error{Code: coop.EFORBIDDEN, Message: "Hoạt động cấp trung ương do Liên minh HTX Việt Nam cập nhật.",
			Fields: map[string]string{"province": "Chọn tỉnh, thành phố của bạn."}}
	}
	return &coop.Error{Code: coop.EFORBIDDEN, Message: "Bạn chỉ được ghi nhận hoạt động của tỉnh, thành phố mình.",
		Fields: map[string]string{"province": "Chỉ được chọn tỉnh, thành phố của bạn."}}
}

// mergeInvalid joins validation errors into one, so that a form shows every
// message at once; any other error wins.
func mergeInvalid(errs ...error) error {
	p := coop.Problems{}
	for _, err := range errs {
		if err == nil {
			continue
		}
		if coop.ErrorCode(err) != coop.EINVALID {
			return err
		}
		for k, v := range coop.ErrorFields(err) {
			p.Add(k, v)
		}
	}
	return p.Err()
}

// checkActivityLinks verifies the plan task and the beneficiary
// organisations. Beneficiaries already on the activity (before) are not
// checked again unless the activity moves to another province.
func (tx *Tx) checkActivityLinks(ctx context.Context, a, before *coop.Activity) error {
	p := coop.Problems{}
	if a.TaskID != 0 {
		var province string
		err := tx.queryRow(ctx, `SELECT province FROM plan_tasks WHERE id = ?`, a.TaskID).Scan(&province)
		switch {
		case errors.Is(err, sql.ErrNoRows) || (err == nil && !coop.Allows(tx.actor, coop.ActRead, coop.Record{Kind: coop.ResActivity, Province: province})):
			p.Add("task_id", "Không tìm thấy nhiệm vụ kế hoạch này.")
		case err != nil:
			return fmt.Errorf("store: plan task: %w", err)
		case province != a.Province && a.Province == "":
			p.Add("task_id", "Hoạt động cấp trung ương chỉ gắn được với nhiệm vụ của kế hoạch trung ương.")
		case province != a.Province:
			p.Add("task_id", "Nhiệm vụ này thuộc kế hoạch của nơi khác; chọn nhiệm vụ trong kế hoạch của "+coop.ProvinceName(a.Province)+".")
		}
	}
	old := map[int64]bool{}
	if before != nil && before.Province == a.Province {
		for _, id := range before.Beneficiaries {
			old[id] = true
		}
	}
	var check []int64
	for _, id := range a.Beneficiaries {
		if !old[id] {
			check = append(check, id)
		}
	}
	type org struct{ name, province string }
	found := make(map[int64]org, len(check))
	err := eachIDChunk(check, func(in string, args []any) error {
		return tx.scanEach(ctx, `SELECT id, name, province FROM organisations WHERE id IN (`+in+`)`, args,
			func(scan func(...any) error) error {
				var id int64
				var o org
				if err := scan(&id, &o.name, &o.province); err != nil {
					return err
				}
				found[id] = o
				return nil
			})
	})
	if err != nil {
		return fmt.Errorf("store: beneficiary: %w", err)
	}
	for _, id := range check {
		o, ok := found[id]
		switch {
		case !ok || !coop.Allows(tx.actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: o.province}):
			p.Add("beneficiaries", fmt.Sprintf("Không tìm thấy tổ chức số %d trong sổ đăng ký.", id))
		case a.Province != "" && o.province != a.Province:
			p.Add("beneficiaries", fmt.Sprintf("%s thuộc %s, không thuộc %s: hoạt động của tỉnh chỉ hỗ trợ tổ chức trong tỉnh.",
				o.name, coop.ProvinceName(o.province), coop.ProvinceName(a.Province)))
		}
	}
	return p.Err()
}

// saveActivityChildren writes the costs and the beneficiaries, replacing
// the previous ones when replace is set.
func (tx *Tx) saveActivityChildren(ctx context.Context, a *coop.Activity, replace bool) error {
	if replace {
		if _, err := tx.exec(ctx, `DELETE FROM activity_costs WHERE activity_id = ?`, a.ID); err != nil {
			return fmt.Errorf("store: delete costs: %w", err)
		}
		if _, err := tx.exec(ctx, `DELETE FROM activity_beneficiaries WHERE activity_id = ?`, a.ID); err != nil {
			return fmt.Errorf("store: delete beneficiaries: %w", err)
		}
	}
	for _, c := range a.Costs {
		if _, err := tx.exec(ctx, `INSERT INTO activity_costs (activity_id, source, amount) VALUES (?, ?, ?)`, a.ID, c.Source, c.Amount); err != nil {
			return fmt.Errorf("store: insert cost: %w", err)
		}
	}
	// The beneficiaries in multi-row statements, in the order given.
	for rest := a.Beneficiaries; len(rest) > 0; {
		n := min(len(rest), idChunk)
		args := make([]any, 0, 2*n)
		for _, id := range rest[:n] {
			args = append(args, a.ID, id)
		}
		if _, err := tx.exec(ctx, `INSERT INTO activity_beneficiaries (activity_id, organisation_id) VALUES (?, ?)`+
			strings.Repeat(", (?, ?)", n-1), args...); err != nil {
			return fmt.Errorf("store: insert beneficiary: %w", err)
		}
		rest = rest[n:]
	}
	return nil
}

func cloneActivity(a *coop.Activity) *coop.Activity {
	c := *a
	c.Costs = append([]coop.Cost{}, a.Costs...)
	c.Beneficiaries = append([]int64{}, a.Beneficiaries...)
	return &c
}

func activitySearchKey(a *coop.Activity) string {
	return coop.Fold(a.Title + " " + a.Organiser)
}
