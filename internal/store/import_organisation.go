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

// orgPlan is what an organisations file would do to the registry.
type orgPlan struct {
	errs    []xlsx.CellError
	changes []ImportChange
	notes   []string
	more    int
	summary ImportSummary
}

type plannedOrg struct {
	num    int
	action string // new, update, unchanged, error
	cur    *coop.Organisation
	next   *coop.Organisation
	given  string // an old province as the file gave it, kept for the audit
}

func (p *orgPlan) previewJSON() importPreviewJSON {
	return importPreviewJSON{Errors: p.errs, Changes: p.changes, Notes: p.notes, MoreChanges: p.more}
}

// existingOrg is what matching needs of an organisation in the registry.
type existingOrg struct {
	id       int64
	province string
	archived bool
}

// planOrganisations reads an organisations file and works out, row by row,
// what it would change, reading the registry through q (the database, or
// the transaction that will write the rows).
func (db *DB) planOrganisations(ctx context.Context, q queryer, actor coop.Actor, today, name string, data []byte,
	total int, progress func(done, total int), each func(plannedOrg) error) (*orgPlan, error) {
	cols := xlsx.OrganisationFields()

	// Index the registry: by registration number (every province, so a
	// number taken elsewhere is reported rather than failing the commit)
	// and by folded name and province among what the actor sees.
	byReg := map[string]existingOrg{}
	byName := map[string][]int64{}
	rows, err := q.QueryContext(ctx, `SELECT id, registration_no, name, province, archived FROM organisations`)
	if err != nil {
		return nil, fmt.Errorf("store: plan import: %w", err)
	}
	for rows.Next() {
		var e existingOrg
		var reg, name string
		if err := rows.Scan(&e.id, &reg, &name, &e.province, &e.archived); err != nil {
			rows.Close()
			return nil, err
		}
		if reg != "" {
			byReg[reg] = e
		}
		if !e.archived && coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: e.province}) {
			k := nameKey(name, e.province)
			byName[k] = append(byName[k], e.id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Each row is planned as it is read, and handed to each (the commit
	// writes it there and then): the file is never held decoded whole.
	p := &orgPlan{}
	seenReg, seenName := map[string]int{}, map[string]int{}
	noteSeen := map[string]bool{}
	err = readAhead(name, data, cols, xlsx.DecodeOrganisation, func(r *xlsx.OrgRow) error {
		pl := db.planOrgRow(ctx, q, actor, today, r, byReg, byName, seenReg, seenName)
		p.summary.Rows++
		if r.Province.Legacy && !noteSeen[r.Province.Note] {
			noteSeen[r.Province.Note] = true
			p.notes = append(p.notes, r.Province.Note)
		}
		switch pl.row.action {
		case "error":
			p.summary.Errors++
			for _, e := range r.Errors {
				e.Column = ""
				if e.Col >= 0 && e.Col < len(cols) {
					e.Column = cols[e.Col].Header
				}
				p.errs = append(p.errs, e)
			}
		case "new":
			p.summary.New++
		case "update":
			p.summary.Updated++
		case "unchanged":
			p.summary.Unchanged++
		}
		if pl.change != nil {
			if len(p.changes) < maxPreviewChanges {
				p.changes = append(p.changes, *pl.change)
			} else {
				p.more++
			}
		}
		if progress != nil && p.summary.Rows%500 == 0 {
			progress(p.summary.Rows, max(total, p.summary.Rows))
		}
		if each != nil {
			return each(pl.row)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func nameKey(name, province string) string { return coop.Fold(name) + "|" + province }

type orgRowPlan struct {
	row    plannedOrg
	change *ImportChange
}

func (db *DB) planOrgRow(ctx context.Context, q queryer, actor coop.Actor, today string, r *xlsx.OrgRow,
	byReg map[string]existingOrg, byName map[string][]int64, seenReg, seenName map[string]int) orgRowPlan {
	out := orgRowPlan{row: plannedOrg{num: r.Num}}
	fail := func() orgRowPlan { out.row.action = "error"; return out }
	reg := coop.Clean(r.Org.RegistrationNo)
	province := r.Org.Province

	// Duplicates within the file.
	if reg != "" {
		if first, ok := seenReg[reg]; ok {
			r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: xlsx.OrgRegNo, Message: fmt.Sprintf("Mã số HTX %s trùng với dòng %d của tệp.", reg, first)})
		} else {
			seenReg[reg] = r.Num
		}
	}

	// Match the registry.
	var matchID int64
	if reg != "" {
		if e, ok := byReg[reg]; ok {
			if coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: e.province}) {
				matchID = e.id
			} else {
				r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: xlsx.OrgRegNo, Message: "Mã số HTX này đã được dùng cho một tổ chức của tỉnh, thành phố khác."})
			}
		}
	} else if r.Org.Name != "" && province != "" {
		k := nameKey(r.Org.Name, province)
		if first, ok := seenName[k]; ok {
			r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: xlsx.OrgName, Message: fmt.Sprintf("Tổ chức trùng tên với dòng %d của tệp: hãy điền Mã số HTX để phân biệt.", first)})
		} else {
			seenName[k] = r.Num
		}
		switch ids := byName[k]; len(ids) {
		case 0:
		case 1:
			matchID = ids[0]
		default:
			r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: xlsx.OrgRegNo,
				Message: fmt.Sprintf("Có %d tổ chức cùng tên “%s” trong tỉnh: hãy điền Mã số HTX để chọn đúng tổ chức.", len(ids), r.Org.Name)})
		}
	}
	if province != "" && !coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResOrganisation, Province: province}) {
		own := coop.ProvinceName(actor.Province)
		r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: xlsx.OrgProvince,
			Message: fmt.Sprintf("Tổ chức thuộc %s: bạn chỉ được nhập tổ chức của %s.", coop.ProvinceName(province), own)})
	}

	var cur, next *coop.Organisation
	if matchID != 0 {
		o, err := db.getOrganisation(ctx, q, actor, matchID)
		if err != nil {
			r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: -1, Message: coop.ErrorMessage(err)})
			return fail()
		}
		cur = o
		next = cloneOrganisation(o)
	} else {
		next = &coop.Organisation{Status: coop.StatusActive, Positions: []coop.Position{}, Snapshots: []coop.Snapshot{}, Products: []coop.Product{}}
		if r.Org.Kind == "" && !r.Given[xlsx.OrgKind] {
			r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: xlsx.OrgKind, Message: "Nhập loại hình tổ chức (Hợp tác xã, Liên hiệp hợp tác xã hoặc Tổ hợp tác)."})
		}
		if r.Org.Sector == "" && !r.Given[xlsx.OrgSector] {
			r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: xlsx.OrgSector, Message: "Nhập lĩnh vực hoạt động."})
		}
	}
	applyOrgRow(next, r, today)
	if cur == nil && next.Governance == "" && next.Kind != coop.KindTHT {
		next.Governance = coop.GovernanceFull
	}
	next.Normalize()
	if err := next.Validate(today); err != nil {
		// A cell that could not be read is reported once, not again by the
		// rule it then breaks.
		reported := map[int]bool{}
		for _, e := range r.Errors {
			reported[e.Col] = true
		}
		for field, msg := range coop.ErrorFields(err) {
			if col := orgFieldColumn(next, r, field); col < 0 || !reported[col] {
				r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: col, Message: msg})
			}
		}
		if len(coop.ErrorFields(err)) == 0 {
			r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: -1, Message: coop.ErrorMessage(err)})
		}
	}
	if len(r.Errors) > 0 {
		sortCellErrors(r.Errors)
		return fail()
	}
	out.row.cur, out.row.next = cur, next
	if r.Province.Legacy {
		out.row.given = r.Province.Given
	}
	ch := &ImportChange{Row: r.Num, Name: next.Name, RegistrationNo: next.RegistrationNo, Note: r.Province.Note}
	if cur == nil {
		out.row.action, ch.Action = "new", "new"
		out.change = ch
		return out
	}
	ch.ID = cur.ID
	ch.Fields = diffOrganisations(cur, next, today)
	if len(ch.Fields) == 0 {
		out.row.action = "unchanged"
		return out
	}
	out.row.action, ch.Action = "update", "update"
	out.change = ch
	return out
}

func sortCellErrors(errs []xlsx.CellError) {
	for i := 1; i < len(errs); i++ {
		for j := i; j > 0 && errs[j].Col < errs[j-1].Col; j-- {
			errs[j], errs[j-1] = errs[j-1], errs[j]
		}
	}
}

// applyOrgRow sets on o what the row gives. An empty cell leaves the field
// as it is; managers, workforce and products are merged: see the template's
// instructions.
func applyOrgRow(o *coop.Organisation, r *xlsx.OrgRow, today string) {
	g, in := r.Given, &r.Org
	set := func(col int, dst *string, v string) {
		if g[col] && v != "" {
			*dst = v
		}
	}
	set(xlsx.OrgRegNo, &o.RegistrationNo, in.RegistrationNo)
	set(xlsx.OrgName, &o.Name, in.Name)
	set(xlsx.OrgKind, &o.Kind, in.Kind)
	set(xlsx.OrgSector, &o.Sector, in.Sector)
	set(xlsx.OrgGovernance, &o.Governance, in.Governance)
	set(xlsx.OrgProvince, &o.Province, in.Province)
	set(xlsx.OrgCommune, &o.Commune, in.Commune)
	set(xlsx.OrgAddress, &o.Address, in.Address)
	set(xlsx.OrgFoundedOn, &o.FoundedOn, in.FoundedOn)
	set(xlsx.OrgStatus, &o.Status, in.Status)
	set(xlsx.OrgPhone, &o.Phone, in.Phone)

	for _, role := range coop.ManagementRoles {
		given, ok := r.Managers[role.Code]
		if !ok {
			continue
		}
		wanted := map[string]int{} // folded holder → index in given
		for i, p := range given {
			wanted[coop.Fold(p.Holder)] = i
		}
		matched := map[int]bool{}
		for i := range o.Positions {
			p := &o.Positions[i]
			if p.Role != role.Code || !xlsx.CurrentPosition(*p, today) {
				continue
			}
			if j, ok := wanted[coop.Fold(p.Holder)]; ok && !matched[j] {
				matched[j] = true
				p.Sex = given[j].Sex
				continue
			}
			p.To = today // no longer listed: the position ends today
		}
		for j, p := range given {
			if !matched[j] {
				o.Positions = append(o.Positions, coop.Position{Role: role.Code, Holder: p.Holder, Sex: p.Sex})
			}
		}
	}

	if s := r.Snapshot; s != nil {
		counts := []struct {
			col int
			dst func(*coop.Snapshot) *int64
			v   int64
		}{
			{xlsx.OrgMembersTotal, func(x *coop.Snapshot) *int64 { return &x.MembersTotal }, s.MembersTotal},
			{xlsx.OrgMembersFemale, func(x *coop.Snapshot) *int64 { return &x.MembersFemale }, s.MembersFemale},
			{xlsx.OrgWorkersTotal, func(x *coop.Snapshot) *int64 { return &x.WorkersTotal }, s.WorkersTotal},
			{xlsx.OrgWorkersFemale, func(x *coop.Snapshot) *int64 { return &x.WorkersFemale }, s.WorkersFemale},
			{xlsx.OrgRegularTotal, func(x *coop.Snapshot) *int64 { return &x.RegularTotal }, s.RegularTotal},
			{xlsx.OrgRegularFemale, func(x *coop.Snapshot) *int64 { return &x.RegularFemale }, s.RegularFemale},
			{xlsx.OrgFemaleIncome, func(x *coop.Snapshot) *int64 { return &x.FemaleMonthlyIncome }, s.FemaleMonthlyIncome},
		}
		idx := -1
		for i := range o.Snapshots {
			if o.Snapshots[i].AsOf == s.AsOf {
				idx = i
			}
		}
		if idx < 0 {
			o.Snapshots = append(o.Snapshots, coop.Snapshot{AsOf: s.AsOf})
			idx = len(o.Snapshots) - 1
		}
		for _, c := range counts {
			if g[c.col] {
				*c.dst(&o.Snapshots[idx]) = c.v
			}
		}
	}

	if r.Products != nil {
		old := map[string]coop.Product{}
		for _, p := range o.Products {
			old[coop.Fold(p.Name)] = p
		}
		next := []coop.Product{}
		for _, p := range r.Products {
			if e, ok := old[coop.Fold(p.Name)]; ok {
				e.Name = p.Name
				if p.Group != "" {
					e.Group = p.Group
				}
				if p.Stars != 0 {
					e.Stars = p.Stars
				}
				next = append(next, e)
				delete(old, coop.Fold(p.Name))
				continue
			}
			next = append(next, p)
		}
		o.Products = next
	}
}

// orgFieldColumn maps a validation field ("workforce[0].members_female")
// to the sheet column it came from, or -1.
func orgFieldColumn(o *coop.Organisation, r *xlsx.OrgRow, field string) int {
	base, sub, idx := field, "", -1
	if i := strings.IndexByte(field, '['); i >= 0 {
		j := strings.IndexByte(field, ']')
		if j > i {
			idx, _ = strconv.Atoi(field[i+1 : j])
			base, sub = field[:i], strings.TrimPrefix(field[j+1:], ".")
		}
	}
	switch base {
	case "registration_no":
		return xlsx.OrgRegNo
	case "name":
		return xlsx.OrgName
	case "kind":
		return xlsx.OrgKind
	case "sector":
		return xlsx.OrgSector
	case "governance":
		return xlsx.OrgGovernance
	case "province":
		return xlsx.OrgProvince
	case "commune":
		return xlsx.OrgCommune
	case "address":
		return xlsx.OrgAddress
	case "founded_on":
		return xlsx.OrgFoundedOn
	case "status":
		return xlsx.OrgStatus
	case "phone":
		return xlsx.OrgPhone
	case "positions":
		if idx >= 0 && idx < len(o.Positions) {
			for i, role := range coop.ManagementRoles {
				if role.Code == o.Positions[idx].Role {
					if sub == "sex" {
						return xlsx.OrgManagerSex(i)
					}
					return xlsx.OrgManagerName(i)
				}
			}
		}
	case "workforce":
		if r.Snapshot != nil && idx >= 0 && idx < len(o.Snapshots) && o.Snapshots[idx].AsOf == r.Snapshot.AsOf {
			switch sub {
			case "as_of":
				return xlsx.OrgWorkforceAsOf
			case "members_total":
				return xlsx.OrgMembersTotal
			case "members_female":
				return xlsx.OrgMembersFemale
			case "workers_total":
				return xlsx.OrgWorkersTotal
			case "workers_female":
				return xlsx.OrgWorkersFemale
			case "regular_workers_total":
				return xlsx.OrgRegularTotal
			case "regular_workers_female":
				return xlsx.OrgRegularFemale
			case "female_avg_monthly_income":
				return xlsx.OrgFemaleIncome
			}
		}
	case "ocop_products":
		switch sub {
		case "group":
			return xlsx.OrgProductGroups
		case "stars":
			return xlsx.OrgProductStars
		}
		return xlsx.OrgProducts
	}
	return -1
}

// diffOrganisations lists the sheet's fields that differ between two
// versions of an organisation, as the sheet shows them.
func diffOrganisations(before, after *coop.Organisation, today string) []FieldChange {
	cols := xlsx.OrganisationFields()
	b, a := xlsx.OrganisationValues(before, today), xlsx.OrganisationValues(after, today)
	var out []FieldChange
	for i := range cols {
		bs, as := showValue(cols[i], b[i]), showValue(cols[i], a[i])
		if bs != as {
			out = append(out, FieldChange{Field: cols[i].Header, Before: bs, After: as})
		}
	}
	if len(out) == 0 && !sameHistory(before, after) {
		out = append(out, FieldChange{Field: "Số liệu lao động", Before: "", After: "cập nhật"})
	}
	return out
}

// sameHistory reports whether two versions hold the same positions and
// workforce history (what the sheet does not show).
func sameHistory(a, b *coop.Organisation) bool {
	if len(a.Positions) != len(b.Positions) || len(a.Snapshots) != len(b.Snapshots) || len(a.Products) != len(b.Products) {
		return false
	}
	for i := range a.Positions {
		if a.Positions[i] != b.Positions[i] {
			return false
		}
	}
	for i := range a.Snapshots {
		if a.Snapshots[i] != b.Snapshots[i] {
			return false
		}
	}
	for i := range a.Products {
		if a.Products[i] != b.Products[i] {
			return false
		}
	}
	return true
}

func showValue(f xlsx.Field, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if f.Kind == xlsx.Date {
			return coop.FormatDateVN(x)
		}
		return x
	case int64:
		return xlsx.FormatInt(x)
	}
	return fmt.Sprint(v)
}

// commitOrganisations writes a previewed organisations import: it plans the
// file again inside the transaction and writes each new or changed row. New
// organisations are written in batches (newOrgImport); a changed one goes
// through modifyOrganisation, after the batch queued before it.
func (tx *Tx) commitOrganisations(ctx context.Context, imp *Import, data []byte, validOnly bool, progress func(done, total int)) error {
	total := imp.Summary.New + imp.Summary.Updated
	done, errs := 0, 0
	news := tx.newOrgImport(imp.ID)
	defer news.close()
	write := func(r plannedOrg) error {
		switch r.action {
		case "error":
			if errs++; !validOnly {
				return coop.Errorf(coop.EINVALID, "Dòng %d có lỗi so với sổ đăng ký hiện nay: không ghi gì. Hãy tải tệp lên lại để xem bản xem trước mới.", r.num)
			}
			return nil
		case "new":
			if err := news.add(ctx, r); err != nil {
				return err
			}
		case "update":
			if err := news.flush(ctx); err != nil {
				return err
			}
			if err := tx.importUpdate(ctx, imp.ID, r); err != nil {
				return err
			}
		default:
			return nil
		}
		done++
		if progress != nil && done%500 == 0 {
			progress(done, max(total, done))
		}
		return nil
	}
	plan, err := tx.db.planOrganisations(ctx, tx.tx, tx.actor, tx.today, imp.FileName, data, 0, nil, write)
	if err != nil {
		return err
	}
	if err := news.finish(ctx); err != nil {
		return err
	}
	s := plan.summary
	_, err = tx.exec(ctx, `UPDATE imports SET status = ?, rows_total = ?, rows_new = ?, rows_updated = ?, rows_unchanged = ?, rows_error = ?,
		message = ?, committed_at = ?, updated_at = ? WHERE id = ?`,
		ImportCommitted, s.Rows, s.New, s.Updated, s.Unchanged, s.Errors, "", tx.now, tx.now, imp.ID)
	if err != nil {
		return fmt.Errorf("store: commit import: %w", err)
	}
	return tx.notifyImport(ctx, imp, "Đã ghi xong tệp nhập “"+imp.FileName+"” vào sổ đăng ký",
		fmt.Sprintf("Thêm mới %d, cập nhật %d, không đổi %d tổ chức; bỏ qua %d dòng lỗi.", s.New, s.Updated, s.Unchanged, s.Errors))
}

// importUpdate writes a changed organisation of an import through
// modifyOrganisation, and its import record.
func (tx *Tx) importUpdate(ctx context.Context, importID int64, r plannedOrg) error {
	if r.given != "" {
		ctx = WithProvinceGiven(ctx, r.given)
	}
	before, err := json.Marshal(r.cur)
	if err != nil {
		return err
	}
	var out coop.Organisation
	next := r.next
	err = tx.modifyOrganisation(ctx, r.cur.ID, r.cur.Version, "import", func(o *coop.Organisation) error {
		*o = *cloneOrganisation(next)
		return nil
	}, &out)
	if err != nil {
		return rowError(r.num, err)
	}
	return tx.recordImport(ctx, importID, out.ID, "update", out.Version, string(before))
}
