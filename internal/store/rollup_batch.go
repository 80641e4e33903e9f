package store

import (
	"context"
	"fmt"
	"sort"

	"htxnu/internal/coop"
)

// Rollups moved by many new organisations at once: the bulk loader's
// batches and an import's new organisations.

// newOrgDeltas sums what new organisations (no support, no founding case
// yet) contribute to every rollup, as applyRollup would one by one.
type newOrgDeltas struct {
	today string
	roll  map[rollupKey]rollupVec
	ind   indicatorDeltas
	man   managerDeltas
	ser   seriesDeltas
	asof  asofDeltas
}

func makeNewOrgDeltas(today string) *newOrgDeltas {
	return &newOrgDeltas{today: today, roll: map[rollupKey]rollupVec{}, ind: indicatorDeltas{}, man: managerDeltas{}, ser: seriesDeltas{}, asof: asofDeltas{}}
}

func (d *newOrgDeltas) add(o *coop.Organisation) {
	if k, v, ok := contribution(o); ok {
		s := d.roll[k]
		s.add(v, 1)
		d.roll[k] = s
	}
	d.ind.org(factsOf(o), orgLinks{}, 1)
	d.man.org(o, 1)
	d.ser.org(nil, o, firstMonth(o, d.today))
	d.asof.life(o, 1)
}

// remove takes away what an organisation with its links contributes to
// every rollup, as applyRollup(o, nil) would.
func (d *newOrgDeltas) remove(o *coop.Organisation, links orgLinks) {
	if k, v, ok := contribution(o); ok {
		s := d.roll[k]
		s.add(v, -1)
		d.roll[k] = s
	}
	d.ind.org(factsOf(o), links, -1)
	d.man.org(o, -1)
	d.ser.org(o, nil, firstMonth(o, d.today))
	d.asof.life(o, -1)
}

// rollup returns the org_rollup sums per row, in key order.
func (d *newOrgDeltas) rollup() []rollupEntry {
	out := make([]rollupEntry, 0, len(d.roll))
	for k, v := range d.roll {
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

// others returns the deltas of the indicator rollups and the registry
// series and as-of tables.
func (d *newOrgDeltas) others() []specRows {
	return []specRows{{indicatorSpec, d.ind.rows()}, {managerSpec, d.man.rows()}, {seriesSpec, d.ser.rows()}, {asofSpec, d.asof.rows()}}
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

// addNewOrgDeltas moves org_rollup and the other rollups by the sums of
// new organisations, with multi-row statements.
func (tx *Tx) addNewOrgDeltas(ctx context.Context, roll []rollupEntry, adds []specRows) error {
	up := newMultiStatement(tx, rollupInsertHead, rollupInsertTail, rollupColumns, 1000)
	defer up.close()
	for _, e := range roll {
		if err := up.add(ctx, e.values()...); err != nil {
			return fmt.Errorf("store: rollup: %w", err)
		}
	}
	if err := up.flush(ctx); err != nil {
		return fmt.Errorf("store: rollup: %w", err)
	}
	for _, a := range adds {
		if err := tx.addRows(ctx, a.spec, a.rows); err != nil {
			return err
		}
	}
	return nil
}
