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
	Page             int
	PerPage          int
}

// OrgPage is one page of the registry list.
type OrgPage struct {
	Items   []*coop.Organisation `json:"items"`
	Total   int                  `json:"total"`
	Page    int                  `json:"page"`
	PerPage int                  `json:"per_page"`
	WIMRule string               `json:"women_managed_rule"`
	HFLRule string               `json:"high_female_labour_rule"`
}

// Pages returns the number of pages.
func (p *OrgPage) Pages() int {
	if p.PerPage == 0 {
		return 0
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}

// Organisations lists organisations in Vietnamese alphabetical order,
// scoped to the actor, with the total matching the filter.
func (db *DB) Organisations(ctx context.Context, actor coop.Actor, f OrgFilter) (*OrgPage, error) {
	rules, err := db.ActiveRules(ctx)
	if err != nil {
		return nil, err
	}
	if f.WIMRule == "" {
		f.WIMRule = rules[coop.FamilyWomenManaged]
	}
	if f.HFLRule == "" {
		f.HFLRule = rules[coop.FamilyHighFemaleLabour]
	}
	wimCol, ok1 := ruleColumn(f.WIMRule)
	hflCol, ok2 := ruleColumn(f.HFLRule)
	if !ok1 || !ok2 {
		return nil, coop.Errorf(coop.EINVALID, "Quy tắc phân loại không hợp lệ.")
	}
	where := []string{}
	args := []any{}
	add := func(cond string, a ...any) {
		where = append(where, cond)
		args = append(args, a...)
	}
	if !actor.National() {
		add("province = ?", actor.Province)
	} else if f.Province != "" {
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
	for _, w := range strings.Fields(coop.Fold(f.Q)) {
		add(`search_key LIKE ? ESCAPE '\'`, likePattern(w))
	}
	cond := strings.Join(where, " AND ")
	page, per := pageBounds(f.Page, f.PerPage)
	out := &OrgPage{Page: page, PerPage: per, WIMRule: f.WIMRule, HFLRule: f.HFLRule, Items: []*coop.Organisation{}}
	if err := db.sql.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM organisations WHERE `+cond), args...).Scan(&out.Total); err != nil {
		return nil, fmt.Errorf("store: count organisations: %w", err)
	}
	if out.Total == 0 {
		return out, nil
	}
	rows, err := db.sql.QueryContext(ctx, db.rebind(`SELECT `+orgColumns+` FROM organisations WHERE `+cond+
		` ORDER BY sort_key, id LIMIT ? OFFSET ?`), append(args, per, (page-1)*per)...)
	if err != nil {
		return nil, fmt.Errorf("store: list organisations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		o, err := scanOrganisation(rows)
		if err != nil {
			return nil, err
		}
		out.Items = append(out.Items, o)
	}
	return out, rows.Err()
}
