package store

import (
	"sort"

	"htxnu/internal/coop"
)

// The rows a bulk load writes: organisations, children, rollups and
// classification flags, as the values of multi-row INSERTs.

// specRows are the delta rows of a rollup table.
type specRows struct {
	spec addSpec
	rows [][]any
}

// bulkIndicators sums what the batch's organisations (new: no support, no
// founding case) contribute to the indicator rollups and the registry
// series, as applyRollup would one by one.
func bulkIndicators(rows []bulkRow, today string) []specRows {
	ind, man, ser, asof := indicatorDeltas{}, managerDeltas{}, seriesDeltas{}, asofDeltas{}
	for _, r := range rows {
		ind.org(factsOf(r.o), orgLinks{}, 1)
		man.org(r.o, 1)
		ser.org(nil, r.o, firstMonth(r.o, today))
		asof.life(r.o, 1)
	}
	return []specRows{{indicatorSpec, ind.rows()}, {managerSpec, man.rows()}, {seriesSpec, ser.rows()}, {asofSpec, asof.rows()}}
}

// bulkRollup sums the batch's contributions per rollup row, in key order.
func bulkRollup(rows []bulkRow) []rollupEntry {
	sums := map[rollupKey]rollupVec{}
	for _, r := range rows {
		if k, v, ok := contribution(r.o); ok {
			s := sums[k]
			s.add(v, 1)
			sums[k] = s
		}
	}
	out := make([]rollupEntry, 0, len(sums))
	for k, v := range sums {
		out = append(out, rollupEntry{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].k, out[j].k
		if a.Province != b.Province {
			return a.Province < b.Province
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Sector != b.Sector {
			return a.Sector < b.Sector
		}
		return a.Status < b.Status
	})
	return out
}

type rollupEntry struct {
	k rollupKey
	v rollupVec
}

func (e rollupEntry) values() []any {
	k, d := e.k, e.v
	return []any{k.Province, k.Kind, k.Sector, k.Status, d.Orgs, d.WIMDefault, d.WIMStrict, d.HFLTiers, d.HFLShare50,
		d.MembersTotal, d.MembersFemale, d.WorkersTotal, d.WorkersFemale, d.RegularTotal, d.RegularFemale}
}

// The same upsert as applyRollup, for many rows at once.
const (
	rollupInsertHead = `INSERT INTO org_rollup (province, kind, sector, status, orgs, wim_default, wim_strict, hfl_tiers, hfl_share50,
		members_total, members_female, workers_total, workers_female, regular_total, regular_female) VALUES `
	rollupInsertTail = ` ON CONFLICT (province, kind, sector, status) DO UPDATE SET
		orgs = org_rollup.orgs + excluded.orgs, wim_default = org_rollup.wim_default + excluded.wim_default,
		wim_strict = org_rollup.wim_strict + excluded.wim_strict, hfl_tiers = org_rollup.hfl_tiers + excluded.hfl_tiers,
		hfl_share50 = org_rollup.hfl_share50 + excluded.hfl_share50,
		members_total = org_rollup.members_total + excluded.members_total, members_female = org_rollup.members_female + excluded.members_female,
		workers_total = org_rollup.workers_total + excluded.workers_total, workers_female = org_rollup.workers_female + excluded.workers_female,
		regular_total = org_rollup.regular_total + excluded.regular_total, regular_female = org_rollup.regular_female + excluded.regular_female`
	rollupColumns = 15
)

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
