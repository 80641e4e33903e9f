package store

import (
	"htxnu/internal/coop"
)

// The rows a bulk load writes: organisations, children, rollups and
// classification flags, as the values of multi-row INSERTs.

// specRows are the delta rows of a rollup table.
type specRows struct {
	spec addSpec
	rows [][]any
}

// bulkDeltas sums the batch's contributions.
func bulkDeltas(rows []bulkRow, today string) []specRows {
	d := makeNewOrgDeltas(today)
	for _, r := range rows {
		d.add(r.o)
	}
	return d.rows()
}

var (
	bulkOrgColumns = []string{"id", "kind", "name", "registration_no", "sector", "governance", "province", "commune", "address",
		"founded_on", "status", "parent_id", "phone", "search_key", "sort_key", "wim_default", "wim_strict", "hfl_tiers", "hfl_share50",
		"workforce_as_of", "members_total", "members_female", "workers_total", "workers_female", "regular_total", "regular_female",
		"archived", "version", "created_at", "updated_at"}
	bulkPositionColumns = []string{"organisation_id", "role", "holder", "sex", "from_date", "to_date"}
	bulkSnapshotColumns = []string{"organisation_id", "as_of", "members_total", "members_female", "workers_total", "workers_female",
		"regular_total", "regular_female", "female_monthly_income"}
	bulkProductColumns = []string{"organisation_id", "name", "product_group", "stars", "certified_on", "expires_on"}
)

func orgValues(r bulkRow) []any {
	o := r.o
	w := coop.Snapshot{}
	if o.Workforce != nil {
		w = *o.Workforce
	}
	var parent any
	if o.ParentID != 0 {
		parent = o.ParentID
	}
	return []any{o.ID, o.Kind, o.Name, o.RegistrationNo, o.Sector, o.Governance, o.Province, o.Commune, o.Address,
		o.FoundedOn, o.Status, parent, o.Phone, r.searchKey, r.sortKey,
		int64(b2i(o.Flags.WIMDefault)), int64(b2i(o.Flags.WIMStrict)), int64(b2i(o.Flags.HFLTiers)), int64(b2i(o.Flags.HFLShare50)),
		w.AsOf, w.MembersTotal, w.MembersFemale, w.WorkersTotal, w.WorkersFemale, w.RegularTotal, w.RegularFemale,
		int64(b2i(o.Archived)), o.Version, o.CreatedAt, o.UpdatedAt}
}

func positionValues(id int64, p *coop.Position) []any {
	return []any{id, p.Role, p.Holder, p.Sex, p.From, p.To}
}

func snapshotValues(id int64, s *coop.Snapshot) []any {
	return []any{id, s.AsOf, s.MembersTotal, s.MembersFemale, s.WorkersTotal, s.WorkersFemale, s.RegularTotal, s.RegularFemale, s.FemaleMonthlyIncome}
}

func productValues(id int64, p *coop.Product) []any {
	return []any{id, p.Name, p.Group, int64(p.Stars), p.CertifiedOn, p.ExpiresOn}
}
