package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/xlsx"
)

// activityKind is the import of support activities: one row per activity
// and beneficiary organisation; rows with the same activity key are one
// activity. An activity with the title, start date and province of one
// already recorded updates it (its beneficiaries are added to).
type activityKind struct{ kindInfo }

// plannedActivity is one activity of the file: its rows, what it is now
// (nil when new) and what it becomes.
type plannedActivity struct {
	rows   []xlsx.ActivityRow
	action string // new, update, unchanged, error
	cur    *coop.Activity
	next   *coop.Activity
	given  string // an old province as given, for the audit
}

func (activityKind) plan(ctx context.Context, db *DB, q queryer, actor coop.Actor, _, name string, data []byte, _ int, progress func(int, int)) (*importPlan, error) {
	p, _, err := db.planActivities(ctx, q, actor, name, data, progress)
	return p, err
}

// planActivities reads an activities file, groups its rows into activities
// and plans each against the activities recorded.
func (db *DB) planActivities(ctx context.Context, q queryer, actor coop.Actor, name string, data []byte, progress func(done, total int)) (*importPlan, []*plannedActivity, error) {
	cols := xlsx.ActivityFields()
	rows, err := readRows(name, data, cols, xlsx.DecodeActivity)
	if err != nil {
		return nil, nil, err
	}
	pl, err := db.newActivityPlanner(ctx, q, actor)
	if err != nil {
		return nil, nil, err
	}
	b := newPlanBuilder(cols)
	b.rows(len(rows))
	groups := groupActivityRows(rows)
	for i, g := range groups {
		reportProgress(progress, i, len(groups))
		errs, err := pl.planGroup(ctx, g)
		if err != nil {
			return nil, nil, err
		}
		if len(errs) > 0 {
			g.action = "error"
			failGroup(b, g.rows, errs)
			continue
		}
		if p := g.rows[0].Province; p.Legacy {
			b.note(p.Note)
			g.given = p.Given
		}
		ch := &ImportChange{Row: g.rows[0].Num, Name: g.next.Title, Note: g.rows[0].Province.Note}
		if g.cur != nil {
			ch.ID = g.cur.ID
			ch.Fields = diffActivities(g.cur, g.next)
			g.action = "update"
			if len(ch.Fields) == 0 {
				g.action = "unchanged"
			}
		} else {
			g.action = "new"
		}
		b.add(g.action, ch)
	}
	return &b.plan, groups, nil
}

// failGroup reports every row of a group in error: its own problems, or
// that the activity it belongs to has some.
func failGroup(b *planBuilder, rows []xlsx.ActivityRow, errs []xlsx.CellError) {
	byRow := map[int][]xlsx.CellError{}
	for _, e := range errs {
		byRow[e.Row] = append(byRow[e.Row], e)
	}
	for _, r := range rows {
		e := byRow[r.Num]
		if len(e) == 0 {
			e = []xlsx.CellError{{Row: r.Num, Col: -1, Message: fmt.Sprintf("Hoạt động của dòng này (mã %s) có lỗi ở dòng khác: xem các dòng cùng mã.", r.Key)}}
		}
		b.fail(e)
	}
}

// groupActivityRows groups rows by activity key, in the order of the
// file; a row without a key is an activity of its own.
func groupActivityRows(rows []xlsx.ActivityRow) []*plannedActivity {
	var out []*plannedActivity
	byKey := map[string]*plannedActivity{}
	for _, r := range rows {
		k := xlsx.HeaderKey(r.Key)
		if g, ok := byKey[k]; ok && k != "" {
			g.rows = append(g.rows, r)
			continue
		}
		g := &plannedActivity{rows: []xlsx.ActivityRow{r}}
		byKey[k] = g
		out = append(out, g)
	}
	return out
}

// activityPlanner holds what planning the activities of a file needs.
type activityPlanner struct {
	db       *DB
	q        queryer
	actor    coop.Actor
	orgs     *orgIndex
	existing map[string][]int64 // title, start date and province → activities
	tasks    map[string][]int64 // title and province → plan tasks
	taskProv map[int64]string
	seen     map[string]int // activities of the file → first row
}

func matchKey(title, startsOn, province string) string {
	return coop.Fold(title) + "|" + startsOn + "|" + province
}

func (db *DB) newActivityPlanner(ctx context.Context, q queryer, actor coop.Actor) (*activityPlanner, error) {
	orgs, err := db.loadOrgIndex(ctx, q, actor)
	if err != nil {
		return nil, err
	}
	pl := &activityPlanner{db: db, q: q, actor: actor, orgs: orgs, existing: map[string][]int64{}, tasks: map[string][]int64{},
		taskProv: map[int64]string{}, seen: map[string]int{}}
	rows, err := q.QueryContext(ctx, `SELECT id, title, starts_on, province FROM activities WHERE archived = 0`)
	if err != nil {
		return nil, fmt.Errorf("store: activities index: %w", err)
	}
	for rows.Next() {
		var id int64
		var title, starts, prov string
		if err := rows.Scan(&id, &title, &starts, &prov); err != nil {
			rows.Close()
			return nil, err
		}
		if coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResActivity, Province: prov}) {
			k := matchKey(title, starts, prov)
			pl.existing[k] = append(pl.existing[k], id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT id, title, province FROM plan_tasks`)
	if err != nil {
		return nil, fmt.Errorf("store: plan tasks index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var title, prov string
		if err := rows.Scan(&id, &title, &prov); err != nil {
			return nil, err
		}
		pl.taskProv[id] = prov
		pl.tasks[coop.Fold(title)+"|"+prov] = append(pl.tasks[coop.Fold(title)+"|"+prov], id)
	}
	return pl, rows.Err()
}

// planGroup works out what one activity of the file does: g.cur and g.next
// are set when it has no errors.
func (pl *activityPlanner) planGroup(ctx context.Context, g *plannedActivity) ([]xlsx.CellError, error) {
	first := g.rows[0]
	var errs []xlsx.CellError
	fail := func(row, col int, msg string) { errs = append(errs, xlsx.CellError{Row: row, Col: col, Message: msg}) }
	for _, r := range g.rows {
		errs = append(errs, r.Errors...)
		if r.Num == first.Num {
			continue
		}
		for col := xlsx.ActTitle; col < len(r.Cells); col++ {
			if col == xlsx.ActBeneficiaryRegNo || col == xlsx.ActBeneficiaryName || col == xlsx.ActBeneficiaryProvince || r.Cells[col] == "" || r.Cells[col] == first.Cells[col] {
				continue
			}
			fail(r.Num, col, fmt.Sprintf("Khác với dòng %d cùng mã hoạt động (“%s”): thông tin hoạt động lấy ở dòng đầu tiên; để trống hoặc ghi giống dòng đó.", first.Num, first.Cells[col]))
		}
	}
	if len(errs) > 0 {
		return errs, nil
	}
	a := first.Activity
	if err := activityWriteScope(pl.actor, a.Province); err != nil {
		msg := coop.ErrorMessage(err)
		if a.Province != "" && pl.actor.Province != "" {
			msg = fmt.Sprintf("Hoạt động thuộc %s: bạn chỉ được nhập hoạt động của %s.", coop.ProvinceName(a.Province), coop.ProvinceName(pl.actor.Province))
		}
		fail(first.Num, xlsx.ActProvince, msg)
		return errs, nil
	}
	k := matchKey(a.Title, a.StartsOn, a.Province)
	if row, dup := pl.seen[k]; dup {
		fail(first.Num, xlsx.ActTitle, fmt.Sprintf("Hoạt động trùng tên, ngày bắt đầu và tỉnh với dòng %d của tệp: dùng cùng một mã hoạt động cho các dòng của một hoạt động.", row))
		return errs, nil
	}
	pl.seen[k] = first.Num
	switch ids := pl.existing[k]; len(ids) {
	case 0:
		g.next = &coop.Activity{Costs: []coop.Cost{}, Beneficiaries: []int64{}}
	case 1:
		cur, err := pl.db.getActivity(ctx, pl.q, pl.actor, ids[0])
		if err != nil {
			return nil, err
		}
		g.cur, g.next = &cur.Activity, cloneActivity(&cur.Activity)
	default:
		fail(first.Num, xlsx.ActTitle, fmt.Sprintf("Có %d hoạt động cùng tên, ngày bắt đầu và tỉnh: hãy sửa trực tiếp trên trang hoạt động.", len(ids)))
		return errs, nil
	}
	applyActivityRow(g.next, &first)
	errs = append(errs, pl.resolveLinks(g)...)
	g.next.Normalize()
	if err := g.next.Validate(); err != nil {
		for field, msg := range coop.ErrorFields(err) {
			fail(first.Num, activityFieldColumn(field), msg)
		}
	}
	return errs, nil
}

// resolveLinks sets the plan task and adds the beneficiaries the rows of
// an activity name.
func (pl *activityPlanner) resolveLinks(g *plannedActivity) []xlsx.CellError {
	var errs []xlsx.CellError
	a, first := g.next, g.rows[0]
	if t := first.Task; t != "" {
		var ids []int64
		if n, ok := xlsx.ParseInt(t); ok && n > 0 {
			if _, ok := pl.taskProv[n]; ok {
				ids = []int64{n}
			}
		} else {
			ids = pl.tasks[coop.Fold(t)+"|"+a.Province]
		}
		switch {
		case len(ids) == 1 && pl.taskProv[ids[0]] == a.Province:
			a.TaskID = ids[0]
		case len(ids) > 1:
			errs = append(errs, xlsx.CellError{Row: first.Num, Col: xlsx.ActTask, Message: fmt.Sprintf("Có %d nhiệm vụ cùng tên “%s”: hãy ghi số nhiệm vụ.", len(ids), t)})
		default:
			errs = append(errs, xlsx.CellError{Row: first.Num, Col: xlsx.ActTask, Message: fmt.Sprintf("Không có nhiệm vụ “%s” trong kế hoạch của %s.", t, activityPlace(a.Province))})
		}
	}
	for _, r := range g.rows {
		where := a.Province
		if r.BeneficiaryProv != "" {
			where = r.BeneficiaryProv
		}
		id, prov, msg := pl.orgs.match(r.BeneficiaryReg, r.BeneficiaryName, where)
		col := xlsx.ActBeneficiaryName
		if r.BeneficiaryReg != "" {
			col = xlsx.ActBeneficiaryRegNo
		}
		switch {
		case msg != "":
			errs = append(errs, xlsx.CellError{Row: r.Num, Col: col, Message: msg})
		case id != 0 && a.Province != "" && prov != a.Province:
			errs = append(errs, xlsx.CellError{Row: r.Num, Col: col, Message: fmt.Sprintf("%s thuộc %s, không thuộc %s: hoạt động của tỉnh chỉ hỗ trợ tổ chức trong tỉnh.",
				pl.orgs.names[id], coop.ProvinceName(prov), coop.ProvinceName(a.Province))})
		case id != 0:
			a.Beneficiaries = append(a.Beneficiaries, id)
		}
	}
	return errs
}

func activityPlace(province string) string {
	if province == "" {
		return "trung ương"
	}
	return coop.ProvinceName(province)
}

// applyActivityRow sets on a what the row gives; an empty cell leaves the
// field as it is, a cost given replaces that source's amount.
func applyActivityRow(a *coop.Activity, r *xlsx.ActivityRow) {
	in, g := &r.Activity, r.Given
	for _, f := range []struct {
		col      int
		dst, src *string
	}{
		{xlsx.ActTitle, &a.Title, &in.Title}, {xlsx.ActType, &a.Type, &in.Type}, {xlsx.ActStartsOn, &a.StartsOn, &in.StartsOn},
		{xlsx.ActEndsOn, &a.EndsOn, &in.EndsOn}, {xlsx.ActProvince, &a.Province, &in.Province}, {xlsx.ActCommune, &a.Commune, &in.Commune},
		{xlsx.ActOrganiser, &a.Organiser, &in.Organiser}, {xlsx.ActPartners, &a.Partners, &in.Partners}, {xlsx.ActTargetGroup, &a.TargetGroup, &in.TargetGroup},
		{xlsx.ActLoanFund, &a.LoanFund, &in.LoanFund}, {xlsx.ActLoanPurpose, &a.LoanPurpose, &in.LoanPurpose},
		{xlsx.ActLoanStatus, &a.LoanStatus, &in.LoanStatus}, {xlsx.ActNotes, &a.Notes, &in.Notes},
	} {
		if g[f.col] {
			*f.dst = *f.src
		}
	}
	for _, f := range []struct {
		col      int
		dst, src *int64
	}{
		{xlsx.ActParticipantsTotal, &a.ParticipantsTotal, &in.ParticipantsTotal}, {xlsx.ActParticipantsFemale, &a.ParticipantsFemale, &in.ParticipantsFemale},
		{xlsx.ActBeneficiariesTotal, &a.BeneficiariesTotal, &in.BeneficiariesTotal}, {xlsx.ActBeneficiariesFemale, &a.BeneficiariesFemale, &in.BeneficiariesFemale},
		{xlsx.ActManagersTrainedFemale, &a.ManagersTrainedFemale, &in.ManagersTrainedFemale}, {xlsx.ActJobsWomenHTX, &a.JobsWomenHTX, &in.JobsWomenHTX},
		{xlsx.ActJobsWomenTHT, &a.JobsWomenTHT, &in.JobsWomenTHT}, {xlsx.ActLoanAmount, &a.LoanAmount, &in.LoanAmount},
		{xlsx.ActLoanTermMonths, &a.LoanTermMonths, &in.LoanTermMonths},
	} {
		if g[f.col] {
			*f.dst = *f.src
		}
	}
	for _, c := range in.Costs {
		found := false
		for i := range a.Costs {
			if a.Costs[i].Source == c.Source {
				a.Costs[i].Amount, found = c.Amount, true
			}
		}
		if !found {
			a.Costs = append(a.Costs, c)
		}
	}
}

var activityFieldCols = map[string]int{
	"type": xlsx.ActType, "title": xlsx.ActTitle, "province": xlsx.ActProvince, "commune": xlsx.ActCommune, "starts_on": xlsx.ActStartsOn,
	"ends_on": xlsx.ActEndsOn, "organiser": xlsx.ActOrganiser, "partners": xlsx.ActPartners, "notes": xlsx.ActNotes, "loan_purpose": xlsx.ActLoanPurpose,
	"participants_total": xlsx.ActParticipantsTotal, "participants_female": xlsx.ActParticipantsFemale,
	"beneficiaries_total": xlsx.ActBeneficiariesTotal, "beneficiaries_female": xlsx.ActBeneficiariesFemale,
	"jobs_women_htx": xlsx.ActJobsWomenHTX, "jobs_women_tht": xlsx.ActJobsWomenTHT, "target_group": xlsx.ActTargetGroup,
	"managers_trained_female": xlsx.ActManagersTrainedFemale, "loan_fund": xlsx.ActLoanFund, "loan_amount": xlsx.ActLoanAmount,
	"loan_term_months": xlsx.ActLoanTermMonths, "loan_status": xlsx.ActLoanStatus, "task_id": xlsx.ActTask, "beneficiaries": xlsx.ActBeneficiaryName,
}

// activityFieldColumn maps a validation field to the sheet column it came
// from, or -1.
func activityFieldColumn(field string) int {
	if c, ok := activityFieldCols[field]; ok {
		return c
	}
	if src, ok := strings.CutPrefix(field, "costs."); ok {
		for i, s := range coop.FundingSources {
			if s.Code == src {
				return xlsx.ActCost(i)
			}
		}
	}
	return -1
}

// diffActivities lists the sheet's fields that differ between two versions
// of an activity, as the sheet shows them.
func diffActivities(before, after *coop.Activity) []FieldChange {
	cols := xlsx.ActivityFields()
	b, a := xlsx.ActivityValues(before, taskLabel(before.TaskID)), xlsx.ActivityValues(after, taskLabel(after.TaskID))
	var out []FieldChange
	for i := range cols {
		if bs, as := showValue(cols[i], b[i]), showValue(cols[i], a[i]); bs != as {
			out = append(out, FieldChange{Field: cols[i].Header, Before: bs, After: as})
		}
	}
	if n, m := len(before.Beneficiaries), len(after.Beneficiaries); n != m {
		out = append(out, FieldChange{Field: "Số tổ chức thụ hưởng", Before: strconv.Itoa(n), After: strconv.Itoa(m)})
	}
	return out
}

func taskLabel(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func (activityKind) commit(ctx context.Context, tx *Tx, imp *Import, validOnly bool, progress func(int, int)) error {
	data, err := tx.importFile(ctx, imp.ID)
	if err != nil {
		return err
	}
	plan, groups, err := tx.db.planActivities(ctx, tx.tx, tx.actor, imp.FileName, data, nil)
	if err != nil {
		return err
	}
	if errs := plan.preview.Errors; len(errs) > 0 && !validOnly {
		return stale(errs[0].Row)
	}
	for i, g := range groups {
		reportProgress(progress, i, len(groups))
		ctx := ctx
		if g.given != "" {
			ctx = WithProvinceGiven(ctx, g.given)
		}
		var err error
		switch g.action {
		case "new":
			err = tx.importWrite(ctx, imp.ID, "activity", g.rows[0].Num, nil, func() (int64, int64, error) {
				err := tx.createActivity(ctx, g.next)
				return g.next.ID, g.next.Version, err
			})
		case "update":
			var out coop.Activity
			next := g.next
			err = tx.importWrite(ctx, imp.ID, "activity", g.rows[0].Num, g.cur, func() (int64, int64, error) {
				err := tx.modifyActivity(ctx, g.cur.ID, g.cur.Version, "import", func(a *coop.Activity) error { *a = *cloneActivity(next); return nil }, &out)
				return out.ID, out.Version, err
			})
		}
		if err != nil {
			return err
		}
	}
	return tx.finishCommit(ctx, imp, plan.summary, "hoạt động")
}

// revert removes the activities the import created and puts back those it
// updated, unless one was changed since (or, for one it created, given a
// list of trainees). The activities are read idChunk at a time.
func (activityKind) revert(ctx context.Context, tx *Tx, imp *Import) error {
	recs, err := tx.importRecords(ctx, imp.ID, "activity")
	if err != nil {
		return err
	}
	acts, err := tx.db.loadActivityRecords(ctx, tx.tx, tx.actor, recordIDs(recs))
	if err != nil {
		return err
	}
	curs := make([]*Activity, len(recs))
	var changed []string
	for i, r := range recs {
		a := acts[r.id]
		switch {
		case a == nil:
			changed = append(changed, fmt.Sprintf("#%d (đã bị xoá)", r.id))
			continue
		case a.Version != r.version:
			changed = append(changed, "“"+a.Title+"”")
		case r.action == "create" && a.trainees > 0:
			changed = append(changed, "“"+a.Title+"” (đã có danh sách học viên)")
		}
		curs[i] = a.Activity
	}
	if len(changed) > 0 {
		return changedSince(changed, "hoạt động", "Hãy sửa trực tiếp trên trang hoạt động.")
	}
	for i, r := range recs {
		if r.action == "create" {
			if err := tx.removeActivity(ctx, &curs[i].Activity); err != nil {
				return err
			}
			continue
		}
		var before coop.Activity
		if err := json.Unmarshal([]byte(r.before), &before); err != nil {
			return fmt.Errorf("store: import record %d: %w", r.id, err)
		}
		var out coop.Activity
		if err := tx.modifyActivity(ctx, r.id, r.version, "import_revert", func(a *coop.Activity) error { *a = *cloneActivity(&before); return nil }, &out); err != nil {
			return err
		}
	}
	return nil
}

// removeActivity deletes an activity an import created, with its costs and
// beneficiaries, moving it out of the rollups as if it had never been
// recorded.
func (tx *Tx) removeActivity(ctx context.Context, a *coop.Activity) error {
	if err := tx.checkActivityScope(a.Province); err != nil {
		return err
	}
	if err := tx.applyActivityRollup(ctx, a, nil); err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM activity_costs WHERE activity_id = ?`, `DELETE FROM activity_beneficiaries WHERE activity_id = ?`, `DELETE FROM activities WHERE id = ?`} {
		if _, err := tx.exec(ctx, q, a.ID); err != nil {
			if isForeignKey(err) {
				return coop.Errorf(coop.ECONFLICT, "Không thể hoàn tác: hoạt động “%s” đã được dùng ở nơi khác.", a.Title)
			}
			return fmt.Errorf("store: remove imported activity: %w", err)
		}
	}
	return tx.audit(ctx, "delete", "activity", a.ID, a.Province, a, nil)
}
