package store

import (
	"context"
	"crypto/sha256"
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
	print   [sha256.Size]byte // the registry planned against
	rows    []plannedOrg      // with keep: the new and changed rows
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
// the transaction that will write the rows); idx is the registry's index
// when the caller has read it already. Each row is planned as it is read,
// and handed to each (the commit writes it there and then): the file is
// never held decoded whole. With keep, the new and changed rows are also
// kept in the plan (for keepPlan).
func (db *DB) planOrganisations(ctx context.Context, q queryer, actor coop.Actor, today, name string, data []byte,
	total int, progress func(done, total int), idx *registryIndex, keep bool, each func(plannedOrg) error) (*orgPlan, error) {
	cols := xlsx.OrganisationFields()
	if idx == nil {
		var err error
		if idx, err = db.loadRegistryIndex(ctx, q, actor); err != nil {
			return nil, err
		}
	}
	pl := &orgPlanner{db: db, q: q, actor: actor, today: today, idx: idx, seenReg: map[string]int{}, seenName: map[string]int{}}
	p := &orgPlan{print: idx.print}
	noteSeen := map[string]bool{}
	err := readAheadBatches(name, data, cols, xlsx.DecodeOrganisation, func(batch []xlsx.OrgRow) error {
		if err := pl.load(ctx, batch); err != nil {
			return err
		}
		for i := range batch {
			r := &batch[i]
			out := pl.row(r)
			if r.Province.Legacy && !noteSeen[r.Province.Note] {
				noteSeen[r.Province.Note] = true
				p.notes = append(p.notes, r.Province.Note)
			}
			p.count(out, r.Errors, cols)
			if keep && (out.row.action == "new" || out.row.action == "update") {
				p.rows = append(p.rows, out.row)
			}
			if progress != nil && p.summary.Rows%500 == 0 {
				progress(p.summary.Rows, max(total, p.summary.Rows))
			}
			if each != nil {
				if err := each(out.row); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// count adds a planned row to the plan's counts, errors and changes.
func (p *orgPlan) count(out orgRowPlan, errs []xlsx.CellError, cols []xlsx.Field) {
	p.summary.Rows++
	switch out.row.action {
	case "error":
		p.summary.Errors++
		for _, e := range errs {
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
	if out.change != nil {
		if len(p.changes) < maxPreviewChanges {
			p.changes = append(p.changes, *out.change)
		} else {
			p.more++
		}
	}
}

func nameKey(name, province string) string { return coop.Fold(name) + "|" + province }

type orgRowPlan struct {
	row    plannedOrg
	change *ImportChange
}

// orgPlanner plans the rows of an organisations file against the
// registry, in the file's order.
type orgPlanner struct {
	db                *DB
	q                 queryer
	actor             coop.Actor
	today             string
	idx               *registryIndex
	loaded            map[int64]*coop.Organisation // the organisations the batch being planned names
	seenReg, seenName map[string]int               // the file's rows so far, by registration number and by name
}

// load reads the organisations a batch of rows names, all at once.
func (pl *orgPlanner) load(ctx context.Context, batch []xlsx.OrgRow) error {
	var ids []int64
	for i := range batch {
		o := &batch[i].Org
		if id := pl.idx.candidate(pl.actor, o.RegistrationNo, o.Name, o.Province); id != 0 {
			ids = append(ids, id)
		}
	}
	var err error
	pl.loaded, err = pl.db.loadOrganisations(ctx, pl.q, pl.actor, ids)
	return err
}

// match finds the organisation a row names in the registry (0 for a new
// one), reporting duplicates within the file and rows the actor may not
// write.
func (pl *orgPlanner) match(r *xlsx.OrgRow) int64 {
	actor := pl.actor
	reg, name, province := coop.Clean(r.Org.RegistrationNo), r.Org.Name, r.Org.Province
	fail := func(col int, msg string) {
		r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: col, Message: msg})
	}
	if reg != "" {
		if first, ok := pl.seenReg[reg]; ok {
			fail(xlsx.OrgRegNo, fmt.Sprintf("Mã số HTX %s trùng với dòng %d của tệp.", reg, first))
		} else {
			pl.seenReg[reg] = r.Num
		}
		if _, ok := pl.idx.byReg[reg]; ok && pl.idx.candidate(actor, reg, name, province) == 0 {
			fail(xlsx.OrgRegNo, "Mã số HTX này đã được dùng cho một tổ chức của tỉnh, thành phố khác.")
		}
	} else if name != "" && province != "" {
		k := nameKey(name, province)
		if first, ok := pl.seenName[k]; ok {
			fail(xlsx.OrgName, fmt.Sprintf("Tổ chức trùng tên với dòng %d của tệp: hãy điền Mã số HTX để phân biệt.", first))
		} else {
			pl.seenName[k] = r.Num
		}
		if n := len(pl.idx.byName[k]); n > 1 {
			fail(xlsx.OrgRegNo, fmt.Sprintf("Có %d tổ chức cùng tên “%s” trong tỉnh: hãy điền Mã số HTX để chọn đúng tổ chức.", n, name))
		}
	}
	if province != "" && !coop.Allows(actor, coop.ActEdit, coop.Record{Kind: coop.ResOrganisation, Province: province}) {
		fail(xlsx.OrgProvince, fmt.Sprintf("Tổ chức thuộc %s: bạn chỉ được nhập tổ chức của %s.", coop.ProvinceName(province), coop.ProvinceName(actor.Province)))
	}
	return pl.idx.candidate(actor, reg, name, province)
}

// row plans one row: what the organisation it names (or a new one) would
// become, checked as a form would check it.
func (pl *orgPlanner) row(r *xlsx.OrgRow) orgRowPlan {
	out := orgRowPlan{row: plannedOrg{num: r.Num, action: "error"}}
	var cur, next *coop.Organisation
	if id := pl.match(r); id != 0 {
		o, ok := pl.loaded[id]
		if !ok {
			r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: -1, Message: coop.ErrorMessage(coop.NotFound("tổ chức"))})
			return out
		}
		cur, next = o, cloneOrganisation(o)
	} else {
		next = &coop.Organisation{Status: coop.StatusActive, Positions: []coop.Position{}, Snapshots: []coop.Snapshot{}, Products: []coop.Product{}}
		if r.Org.Kind == "" && !r.Given[xlsx.OrgKind] {
			r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: xlsx.OrgKind, Message: "Nhập loại hình tổ chức (Hợp tác xã, Liên hiệp hợp tác xã hoặc Tổ hợp tác)."})
		}
		if r.Org.Sector == "" && !r.Given[xlsx.OrgSector] {
			r.Errors = append(r.Errors, xlsx.CellError{Row: r.Num, Col: xlsx.OrgSector, Message: "Nhập lĩnh vực hoạt động."})
		}
	}
	applyOrgRow(next, r, pl.today)
	if cur == nil && next.Governance == "" && next.Kind != coop.KindTHT {
		next.Governance = coop.GovernanceFull
	}
	next.Normalize()
	validateOrgRow(next, r, pl.today)
	if len(r.Errors) > 0 {
		sortCellErrors(r.Errors)
		return out
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
	ch.Fields = diffOrganisations(cur, next, pl.today)
	if len(ch.Fields) == 0 {
		out.row.action = "unchanged"
		return out
	}
	out.row.action, ch.Action = "update", "update"
	out.change = ch
	return out
}

// validateOrgRow checks what a row makes of an organisation, reporting
// each rule broken in the column it came from.
func validateOrgRow(next *coop.Organisation, r *xlsx.OrgRow, today string) {
	err := next.Validate(today)
	if err == nil {
		return
	}
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
	applyManagers(o, r, today)
	applySnapshot(o, r)
	applyProducts(o, r)
}

// applyManagers merges the managers a row lists into o's positions: a
// holder listed stays (their sex as given), one no longer listed leaves
// today, one not yet holding the position takes it.
func applyManagers(o *coop.Organisation, r *xlsx.OrgRow, today string) {
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
}

// applySnapshot sets the counts a row gives on o's workforce entry of the
// row's date, adding the entry when there is none.
func applySnapshot(o *coop.Organisation, r *xlsx.OrgRow) {
	g := r.Given
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
}

// applyProducts replaces o's OCOP products by those a row lists, keeping
// what is known of a product listed again (its group and stars unless
// given).
func applyProducts(o *coop.Organisation, r *xlsx.OrgRow) {
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
