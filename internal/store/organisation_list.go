package store

import (
	"context"
	"fmt"
	"strings"

	"htxnu/internal/coop"
)

// OrgFilter selects organisations for the registry list.
type OrgFilter struct {
	Q                string // accent-insensitive words in name or registration number
	Province         string
	Kind             string
	Sector           string
	Status           string
	WomenManaged     *bool
	HighFemaleLabour *bool
	Archived         bool // list archived organisations instead of current ones
	ParentID         int64
	WIMRule          string // default: the active rule
	HFLRule          string
	// Indicator selects the organisations behind a figure, so that the
	// list's total equals it (under WIMRule, for the province asked):
	//   - "T1": active cooperatives with women in management reached by a
	//     current activity of a "consolidation" task;
	//   - "T2": cooperative groups supported by a current activity or
	//     founded since 01/01/2023;
	//   - "T5": T5 counts positions, not organisations: the active
	//     cooperatives where a woman holds a counted management position
	//     today; OrgPage.FemaleManagers adds up those positions, which
	//     equals T5's denominator;
	//   - "T6": women-managed organisations founded through a registered
	//     founding case (of the province asked, when one is; a provincial
	//     account does not see those that have moved to another province
	//     since, which its figure still counts).
	// T3 and T4 are sums over activities: see ActivityFilter.HasJobsWomen.
	Indicator string
	// ReachedType, ReachedFrom and ReachedTo select the organisations reached
	// by current activities of a type ("" any) in a window of months
	// (YYYY-MM, inclusive; "" open) — by activities of the province asked,
	// when one is — so that the total equals "organisations reached" of the
	// reach summary with the same filter. Archived organisations are not
	// listed (the summary still counts them).
	ReachedType string
	ReachedFrom string
	ReachedTo   string
	Page        int
	PerPage     int
}

// Reached reports whether the filter asks for organisations reached by
// activities.
func (f OrgFilter) Reached() bool {
	return f.ReachedType != "" || f.ReachedFrom != "" || f.ReachedTo != ""
}

// OrgPage is one page of the registry list.
type OrgPage struct {
	Items []*coop.Organisation `json:"items"`
	Paging
	WIMRule string `json:"women_managed_rule"`
	HFLRule string `json:"high_female_labour_rule"`
	// TotalCapped says that a search matched more than Total organisations:
	// a search's matches are counted up to SearchCountCap, so that a common
	// word does not count the whole registry (the pages show "hơn 1.000").
	TotalCapped bool `json:"total_capped,omitempty"`
	// FemaleManagers is, for Indicator "T5", the management positions held
	// by women today in the organisations listed (all pages).
	FemaleManagers int64 `json:"female_managers,omitempty"`
}

// SearchCountCap is how many organisations a search counts at most; past it
// the list says "more than" (OrgPage.TotalCapped).
const SearchCountCap = 1000

// Organisations lists organisations in Vietnamese alphabetical order,
// scoped to the actor, with the total matching the filter.
func (db *DB) Organisations(ctx context.Context, actor coop.Actor, f OrgFilter) (*OrgPage, error) {
	wimCol, hflCol, err := db.ruleColumns(ctx, &f.WIMRule, &f.HFLRule)
	if err != nil {
		return nil, err
	}
	where := []string{}
	args := []any{}
	add := func(cond string, a ...any) {
		where = append(where, cond)
		args = append(args, a...)
	}
	// A figure of a province counts founding cases (T6) and activities
	// (reach) of the province, whose organisations may have moved since:
	// national users asking for one see them wherever they are now.
	byFigure := f.Province != "" && (f.Indicator == "T6" || f.Reached())
	if !actor.National() {
		add("province = ?", actor.Province)
	} else if f.Province != "" && !byFigure {
		add("province = ?", f.Province)
	}
	if actor.Province != "" && f.Province != "" && f.Province != actor.Province {
		add("1 = 0")
	}
	add("archived = ?", b2i(f.Archived))
	if f.Kind != "" {
		add("kind = ?", f.Kind)
	}
	if f.Sector != "" {
		add("sector = ?", f.Sector)
	}
	if f.Status != "" {
		add("status = ?", f.Status)
	}
	if f.ParentID != 0 {
		add("parent_id = ?", f.ParentID)
	}
	if f.WomenManaged != nil {
		add(wimCol+" = ?", b2i(*f.WomenManaged))
	}
	if f.HighFemaleLabour != nil {
		add(hflCol+" = ?", b2i(*f.HighFemaleLabour))
	}
	if c, cargs, err := db.searchCondition(ctx, f.Q); err != nil {
		return nil, err
	} else if c != "" {
		add(c, cargs...)
	}
	province := figureProvince(actor, f)
	managers, managerArgs := femaleManagersQuery(db.today())
	if f.Indicator != "" {
		c, cargs, err := indicatorCondition(f, wimCol, province, managers, managerArgs)
		if err != nil {
			return nil, err
		}
		add(c, cargs...)
	}
	if f.Reached() {
		reach, rargs, err := reachedCondition(f, f.Province != "", province)
		if err != nil {
			return nil, err
		}
		add(reach, rargs...)
	}
	cond := strings.Join(where, " AND ")
	page, per := pageBounds(f.Page, f.PerPage)
	out := &OrgPage{Paging: Paging{Page: page, PerPage: per}, WIMRule: f.WIMRule, HFLRule: f.HFLRule, Items: []*coop.Organisation{}}
	_, _, fromRollup := rollupCount(f, actor, wimCol, hflCol)
	var first []*coop.Organisation
	if !fromRollup && page == 1 {
		// The first page before the count: a page that is not full is
		// every match, and a search for a rare word then reads the folded
		// names once, not twice.
		if first, err = db.orgRows(ctx, cond, args, per, 0); err != nil {
			return nil, err
		}
	}
	if first != nil && len(first) < per {
		out.Total = len(first)
	} else if out.Total, out.TotalCapped, err = db.countOrgs(ctx, actor, f, wimCol, hflCol, cond, args); err != nil {
		return nil, err
	}
	if out.Total == 0 {
		return out, nil
	}
	page = lastPage(page, per, out.Total)
	out.Page = page
	if f.Indicator == "T5" {
		if err := db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT COALESCE(SUM((`+fmt.Sprintf(managers, "COUNT(*)")+`)), 0) FROM organisations WHERE `+cond),
			append(managerArgs, args...)...).Scan(&out.FemaleManagers); err != nil {
			return nil, fmt.Errorf("store: female managers: %w", err)
		}
	}
	if first != nil && page == 1 {
		out.Items = first
		return out, nil
	}
	out.Items, err = db.orgRows(ctx, cond, args, per, (page-1)*per)
	return out, err
}

// figureProvince is the province the list's figures are for: the one
// asked, or the actor's; "" for central activities (reach only).
func figureProvince(actor coop.Actor, f OrgFilter) string {
	province := f.Province
	if !actor.National() {
		province = actor.Province
	}
	if province == "central" {
		province = ""
	}
	return province
}

// countOrgs counts the organisations of the list's condition: from the
// rollups when the filter allows (rollupCount), a search's matches up to
// SearchCountCap (capped is then true past it), and otherwise every row.
func (db *DB) countOrgs(ctx context.Context, actor coop.Actor, f OrgFilter, wimCol, hflCol, cond string, args []any) (total int, capped bool, err error) {
	if q, qargs, ok := rollupCount(f, actor, wimCol, hflCol); ok {
		// A sum over a few hundred rows the writes keep instead of a count
		// of up to a million.
		err = db.read(ctx).QueryRowContext(ctx, db.rebind(q), qargs...).Scan(&total)
	} else if len(coop.SearchWords(f.Q)) > 0 {
		// The scan of the folded names stops at the cap.
		err = db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM organisations WHERE `+cond+` LIMIT ?) s`),
			append(append([]any{}, args...), SearchCountCap+1)...).Scan(&total)
		if total > SearchCountCap {
			total, capped = SearchCountCap, true
		}
	} else {
		err = db.read(ctx).QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM organisations WHERE `+cond), args...).Scan(&total)
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: count organisations: %w", err)
	}
	return total, capped, nil
}

// orgRows reads a page of the registry list: the organisations of the
// condition in Vietnamese alphabetical order.
func (db *DB) orgRows(ctx context.Context, cond string, args []any, per, offset int) ([]*coop.Organisation, error) {
	// The page's ids first, from the index in the list's order (the
	// folded names are in it, so a search reads no row it does not show),
	// then those rows.
	return db.queryOrgs(ctx, "list organisations", `SELECT `+orgColumns+` FROM organisations WHERE id IN (SELECT id FROM organisations WHERE `+cond+
		` ORDER BY sort_key, id LIMIT ? OFFSET ?) ORDER BY sort_key, id`, append(append([]any{}, args...), per, offset))
}

// queryOrgs reads the organisations a query of orgColumns returns; what
// names it in an error.
func (db *DB) queryOrgs(ctx context.Context, what, q string, args []any) ([]*coop.Organisation, error) {
	return queryAll(ctx, db, what, q, args, scanOrganisation)
}

// reachedCondition is the condition selecting organisations reached by
// current activities of the filter's type and window (of the province — ""
// for the centre — when byProvince).
func reachedCondition(f OrgFilter, byProvince bool, province string) (string, []any, error) {
	p := coop.Problems{}
	conds, args := []string{"r.organisation_id = organisations.id"}, []any{}
	if f.ReachedType != "" {
		if !coop.ActivityTypes.Valid(f.ReachedType) {
			p.Add("reached_type", "Loại hoạt động không hợp lệ.")
		}
		conds, args = append(conds, "r.type = ?"), append(args, f.ReachedType)
	}
	for _, w := range []struct{ field, value, op string }{{"reached_from", f.ReachedFrom, ">="}, {"reached_to", f.ReachedTo, "<="}} {
		if w.value == "" {
			continue
		}
		m := month(w.value)
		if m == "" {
			p.Add(w.field, "Nhập tháng dạng YYYY-MM.")
		}
		conds, args = append(conds, "r.period "+w.op+" ?"), append(args, m)
	}
	if err := p.Err(); err != nil {
		return "", nil, err
	}
	if byProvince {
		conds, args = append(conds, "r.province = ?"), append(args, province)
	}
	return "EXISTS (SELECT 1 FROM org_reach r WHERE " + strings.Join(conds, " AND ") + ")", args, nil
}

// femaleManagersQuery returns a subquery (with %s for what it selects) over
// the management positions counted in T5 that women hold on day in the
// organisation of the outer query, with its arguments.
func femaleManagersQuery(day string) (string, []any) {
	q := `SELECT %s FROM positions p WHERE p.organisation_id = organisations.id AND p.sex = ? AND p.role IN (?` +
		strings.Repeat(", ?", len(t5Roles)-1) + `) AND (p.from_date = '' OR p.from_date <= ?) AND (p.to_date = '' OR p.to_date >= ?)`
	args := []any{coop.SexFemale}
	for _, r := range t5Roles {
		args = append(args, r)
	}
	return q, append(args, day, day)
}

// indicatorCondition is the condition selecting the organisations behind an
// indicator (see OrgFilter.Indicator), for the province ("" all).
func indicatorCondition(f OrgFilter, wimCol, province, managers string, managerArgs []any) (string, []any, error) {
	switch f.Indicator {
	case "T1":
		return "kind = ? AND status = ? AND " + wimCol + " = 1 AND EXISTS (SELECT 1 FROM org_support s WHERE s.organisation_id = organisations.id AND s.consolidations > 0)",
			[]any{coop.KindHTX, coop.StatusActive}, nil
	case "T2":
		return "kind = ? AND (founded_on >= ? OR EXISTS (SELECT 1 FROM org_support s WHERE s.organisation_id = organisations.id))",
			[]any{coop.KindTHT, t2Since}, nil
	case "T5":
		return "kind = ? AND status = ? AND EXISTS (" + fmt.Sprintf(managers, "1") + ")", append([]any{coop.KindHTX, coop.StatusActive}, managerArgs...), nil
	case "T6":
		q := wimCol + " = 1 AND EXISTS (SELECT 1 FROM founding_cases c WHERE c.organisation_id = organisations.id AND c.status = ?"
		if f.Province != "" || province != "" {
			return q + " AND c.province = ?)", []any{coop.FoundingRegistered, province}, nil
		}
		return q + ")", []any{coop.FoundingRegistered}, nil
	case "T3", "T4":
		return "", nil, &coop.Error{Code: coop.EINVALID, Message: "Chỉ tiêu " + f.Indicator + " là tổng số việc làm ghi nhận ở các hoạt động hỗ trợ: xem danh sách hoạt động.",
			Fields: map[string]string{"indicator": "Chọn T1, T2, T5 hoặc T6."}}
	}
	return "", nil, &coop.Error{Code: coop.EINVALID, Message: "Chỉ tiêu không hợp lệ.", Fields: map[string]string{"indicator": "Chọn T1, T2, T5 hoặc T6."}}
}

// rollupCount returns the query of the list's total over org_rollup when
// the filter only names what org_rollup is keyed by (province, kind,
// sector, status of organisations not archived) and at most one
// classification, which it counts: the unfiltered national list and its
// usual filters. ok is false for any other filter (search, archived,
// parent, indicator, reach), counted from the rows.
func rollupCount(f OrgFilter, actor coop.Actor, wimCol, hflCol string) (string, []any, bool) {
	if f.Archived || f.ParentID != 0 || strings.TrimSpace(coop.Fold(f.Q)) != "" || f.Indicator != "" || f.Reached() ||
		(f.WomenManaged != nil && f.HighFemaleLabour != nil) {
		return "", nil, false
	}
	if actor.Province != "" && f.Province != "" && f.Province != actor.Province {
		return "", nil, false
	}
	sum := "orgs"
	switch {
	case f.WomenManaged != nil && *f.WomenManaged:
		sum = wimCol
	case f.WomenManaged != nil:
		sum = "orgs - " + wimCol
	case f.HighFemaleLabour != nil && *f.HighFemaleLabour:
		sum = hflCol
	case f.HighFemaleLabour != nil:
		sum = "orgs - " + hflCol
	}
	where, args := []string{"1 = 1"}, []any{}
	if !actor.National() {
		where, args = append(where, "province = ?"), append(args, actor.Province)
	} else if f.Province != "" {
		where, args = append(where, "province = ?"), append(args, f.Province)
	}
	for _, c := range []struct{ col, v string }{{"kind", f.Kind}, {"sector", f.Sector}, {"status", f.Status}} {
		if c.v != "" {
			where, args = append(where, c.col+" = ?"), append(args, c.v)
		}
	}
	return `SELECT COALESCE(SUM(` + sum + `), 0) FROM org_rollup WHERE ` + strings.Join(where, " AND "), args, true
}

// unionsMax bounds the unions offered on the organisation form (144 at
// Vietnam's scale).
const unionsMax = 1000

// Unions returns the unions of cooperatives (LHHTX) the actor may choose as
// an organisation's parent, in Vietnamese alphabetical order, at most
// unionsMax. They are read through the index of kinds in order
// (organisations_kind_sort), a few hundred entries: the province of a
// provincial reader is tested on those rows, written as an expression so
// that SQLite does not walk the province's whole registry in order instead.
func (db *DB) Unions(ctx context.Context, actor coop.Actor) ([]*coop.Organisation, error) {
	q, args := `SELECT `+orgColumns+` FROM organisations WHERE archived = 0 AND kind = ?`, []any{coop.KindLHHTX}
	if !actor.National() {
		q, args = q+` AND province || '' = ?`, append(args, actor.Province)
	}
	return db.queryOrgs(ctx, "unions", q+` ORDER BY sort_key, id LIMIT ?`, append(args, unionsMax))
}

// OrganisationBriefs returns the kind, name and province of the
// organisations of ids that the actor may read, by id, in one query per
// 500 ids; those it may not read, or that do not exist, are left out.
func (db *DB) OrganisationBriefs(ctx context.Context, actor coop.Actor, ids []int64) (map[int64]ActivityOrg, error) {
	out := map[int64]ActivityOrg{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT id, kind, name, province FROM organisations WHERE id IN (?`+
			strings.Repeat(", ?", len(chunk)-1)+`)`), args...)
		if err != nil {
			return nil, fmt.Errorf("store: organisations by id: %w", err)
		}
		for rows.Next() {
			var o ActivityOrg
			if err := rows.Scan(&o.ID, &o.Kind, &o.Name, &o.Province); err != nil {
				rows.Close()
				return nil, err
			}
			if coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: o.Province}) {
				out[o.ID] = o
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
