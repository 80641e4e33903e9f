package store

import (
	"context"
	"fmt"
	"strings"

	"htxnu/internal/coop"
)

// EachOrganisation calls fn for every organisation the filter selects (all
// pages, in the list's order), with its positions, workforce history and
// OCOP products: what the registry export writes. Children are read a page
// at a time.
func (db *DB) EachOrganisation(ctx context.Context, actor coop.Actor, f OrgFilter, fn func(*coop.Organisation) error) error {
	f.PerPage = 200
	for page := 1; ; page++ {
		f.Page = page
		p, err := db.Organisations(ctx, actor, f)
		if err != nil {
			return err
		}
		if p.Page != page {
			// Past the last page, the list answers the last one again:
			// the registry held a whole number of pages.
			return nil
		}
		if err := db.loadChildrenOf(ctx, p.Items); err != nil {
			return err
		}
		for _, o := range p.Items {
			if err := fn(o); err != nil {
				return err
			}
		}
		if len(p.Items) < f.PerPage {
			return nil
		}
	}
}

// loadChildrenOf loads the children of several organisations with one
// query per kind of child.
func (db *DB) loadChildrenOf(ctx context.Context, orgs []*coop.Organisation) error {
	if len(orgs) == 0 {
		return nil
	}
	byID := map[int64]*coop.Organisation{}
	marks := make([]string, len(orgs))
	args := make([]any, len(orgs))
	for i, o := range orgs {
		o.Positions, o.Snapshots, o.Products = []coop.Position{}, []coop.Snapshot{}, []coop.Product{}
		byID[o.ID] = o
		marks[i], args[i] = "?", o.ID
	}
	in := "(" + strings.Join(marks, ", ") + ")"
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT organisation_id, id, role, holder, sex, from_date, to_date FROM positions
		WHERE organisation_id IN `+in+` ORDER BY organisation_id, to_date <> '', to_date DESC, from_date DESC, id`), args...)
	if err != nil {
		return fmt.Errorf("store: positions: %w", err)
	}
	for rows.Next() {
		var id int64
		var p coop.Position
		if err := rows.Scan(&id, &p.ID, &p.Role, &p.Holder, &p.Sex, &p.From, &p.To); err != nil {
			rows.Close()
			return err
		}
		byID[id].Positions = append(byID[id].Positions, p)
	}
	rows.Close()
	rows, err = db.read(ctx).QueryContext(ctx, db.rebind(`SELECT organisation_id, id, as_of, members_total, members_female, workers_total, workers_female,
		regular_total, regular_female, female_monthly_income FROM workforce_snapshots WHERE organisation_id IN `+in+` ORDER BY organisation_id, as_of DESC`), args...)
	if err != nil {
		return fmt.Errorf("store: workforce: %w", err)
	}
	for rows.Next() {
		var id int64
		var s coop.Snapshot
		if err := rows.Scan(&id, &s.ID, &s.AsOf, &s.MembersTotal, &s.MembersFemale, &s.WorkersTotal, &s.WorkersFemale,
			&s.RegularTotal, &s.RegularFemale, &s.FemaleMonthlyIncome); err != nil {
			rows.Close()
			return err
		}
		byID[id].Snapshots = append(byID[id].Snapshots, s)
	}
	rows.Close()
	rows, err = db.read(ctx).QueryContext(ctx, db.rebind(`SELECT organisation_id, id, name, product_group, stars, certified_on, expires_on FROM ocop_products
		WHERE organisation_id IN `+in+` ORDER BY organisation_id, stars DESC, id`), args...)
	if err != nil {
		return fmt.Errorf("store: ocop products: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p coop.Product
		if err := rows.Scan(&id, &p.ID, &p.Name, &p.Group, &p.Stars, &p.CertifiedOn, &p.ExpiresOn); err != nil {
			return err
		}
		byID[id].Products = append(byID[id].Products, p)
	}
	return rows.Err()
}

// Today returns the date (YYYY-MM-DD, Vietnam) the store works with.
func (db *DB) Today() string { return db.today() }
