package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"time"

	"htxnu/internal/coop"
)

// registryIndex is what planning an organisations file needs of the whole
// registry: its match keys, and a fingerprint of every organisation's
// identity and version, by which a commit knows whether the registry is
// still the one the preview was planned against.
type registryIndex struct {
	byReg  map[string]existingOrg // every province, so a number taken elsewhere is reported
	byName map[string][]int64     // folded name and province, among what the actor reads
	print  [sha256.Size]byte
}

// loadRegistryIndex reads the registry's match keys in one query. The
// fingerprint covers every organisation's id, version, last change,
// registration number, name, province and archived flag: every change of
// an organisation or of its children (modifyOrganisation) moves its
// version and time, and an organisation added or removed changes the set.
func (db *DB) loadRegistryIndex(ctx context.Context, q queryer, actor coop.Actor) (*registryIndex, error) {
	x := &registryIndex{byReg: map[string]existingOrg{}, byName: map[string][]int64{}}
	rows, err := q.QueryContext(ctx, `SELECT id, registration_no, name, province, archived, version, updated_at FROM organisations ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: plan import: %w", err)
	}
	defer rows.Close()
	h := sha256.New()
	var buf []byte
	for rows.Next() {
		var e existingOrg
		var reg, name string
		var version int64
		var updated time.Time
		if err := rows.Scan(&e.id, &reg, &name, &e.province, &e.archived, &version, &updated); err != nil {
			return nil, err
		}
		buf = binary.AppendVarint(buf[:0], e.id)
		buf = binary.AppendVarint(buf, version)
		buf = binary.AppendVarint(buf, updated.UnixNano())
		for _, s := range []string{reg, name, e.province} {
			buf = binary.AppendUvarint(buf, uint64(len(s)))
			buf = append(buf, s...)
		}
		if e.archived {
			buf = append(buf, 1)
		} else {
			buf = append(buf, 0)
		}
		h.Write(buf)
		if reg != "" {
			x.byReg[reg] = e
		}
		if !e.archived && coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: e.province}) {
			k := nameKey(name, e.province)
			x.byName[k] = append(x.byName[k], e.id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	h.Sum(x.print[:0])
	return x, nil
}

// candidate is the organisation a row names, as matching will find it:
// by registration number when the row gives one, else by name in its
// province when exactly one organisation the actor reads has it; 0 when
// none (what is wrong with the row is reported by planOrgRow).
func (x *registryIndex) candidate(actor coop.Actor, reg, name, province string) int64 {
	if reg = coop.Clean(reg); reg != "" {
		if e, ok := x.byReg[reg]; ok && coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: e.province}) {
			return e.id
		}
		return 0
	}
	if name == "" || province == "" {
		return 0
	}
	if ids := x.byName[nameKey(name, province)]; len(ids) == 1 {
		return ids[0]
	}
	return 0
}

// loadOrganisations reads the organisations of ids with their children,
// as getOrganisation reads one, in a few queries for all of them. Those
// the actor may not read, or that no longer exist, are left out.
func (db *DB) loadOrganisations(ctx context.Context, q queryer, actor coop.Actor, ids []int64) (map[int64]*coop.Organisation, error) {
	out := make(map[int64]*coop.Organisation, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), 500)
		if err := db.loadOrganisationChunk(ctx, q, actor, ids[:n], out); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

func (db *DB) loadOrganisationChunk(ctx context.Context, q queryer, actor coop.Actor, ids []int64, out map[int64]*coop.Organisation) error {
	in, args := idList(ids)
	in = "(" + in + ")"
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+orgColumns+` FROM organisations WHERE id IN `+in), args...)
	err = eachRow(rows, err, func(r *sql.Rows) error {
		o, err := scanOrganisation(r)
		if err == nil && coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: o.Province}) {
			o.Positions, o.Snapshots, o.Products = []coop.Position{}, []coop.Snapshot{}, []coop.Product{}
			out[o.ID] = o
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("store: organisations: %w", err)
	}
	// The children in loadChildren's order, organisation by organisation.
	children := []struct {
		q    string
		scan func(scan func(...any) error) error
	}{
		{`SELECT organisation_id, id, role, holder, sex, from_date, to_date FROM positions WHERE organisation_id IN ` + in +
			` ORDER BY organisation_id, to_date <> '', to_date DESC, from_date DESC, id`, childRow(out,
			func(id *int64, p *coop.Position) []any {
				return []any{id, &p.ID, &p.Role, &p.Holder, &p.Sex, &p.From, &p.To}
			},
			func(o *coop.Organisation, p coop.Position) { o.Positions = append(o.Positions, p) })},
		{`SELECT organisation_id, id, as_of, members_total, members_female, workers_total, workers_female, regular_total, regular_female,
			female_monthly_income FROM workforce_snapshots WHERE organisation_id IN ` + in + ` ORDER BY organisation_id, as_of DESC`, childRow(out,
			func(id *int64, w *coop.Snapshot) []any {
				return []any{id, &w.ID, &w.AsOf, &w.MembersTotal, &w.MembersFemale, &w.WorkersTotal, &w.WorkersFemale,
					&w.RegularTotal, &w.RegularFemale, &w.FemaleMonthlyIncome}
			}, func(o *coop.Organisation, w coop.Snapshot) { o.Snapshots = append(o.Snapshots, w) })},
		{`SELECT organisation_id, id, name, product_group, stars, certified_on, expires_on FROM ocop_products WHERE organisation_id IN ` + in +
			` ORDER BY organisation_id, stars DESC, id`, childRow(out,
			func(id *int64, p *coop.Product) []any {
				return []any{id, &p.ID, &p.Name, &p.Group, &p.Stars, &p.CertifiedOn, &p.ExpiresOn}
			},
			func(o *coop.Organisation, p coop.Product) { o.Products = append(o.Products, p) })},
		{`SELECT organisation_id, id, effective_on, from_status, to_status, from_province, to_province, recorded_at
			FROM org_status_changes WHERE organisation_id IN ` + in + ` ORDER BY organisation_id, effective_on, id`, childRow(out, changeCols, appendChange)},
	}
	for _, c := range children {
		rows, err := q.QueryContext(ctx, db.rebind(c.q), args...)
		if err := eachRow(rows, err, func(r *sql.Rows) error { return c.scan(r.Scan) }); err != nil {
			return fmt.Errorf("store: organisations' children: %w", err)
		}
	}
	return nil
}
