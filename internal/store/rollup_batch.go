package store

import (
	"context"

	"htxnu/internal/coop"
)

// Rollups moved by many new organisations at once: the bulk loader's
// batches and an import's new organisations.

// newOrgDeltas sums what new organisations (no support, no founding case
// yet) contribute to every rollup, as applyRollup would one by one.
type newOrgDeltas struct {
	today string
	roll  deltas[rollupKey, rollupVec]
	ser   seriesDeltas
	asof  asofDeltas
	spans [][]any // manager_spans rows
}

func makeNewOrgDeltas(today string) *newOrgDeltas {
	return &newOrgDeltas{today: today}
}

func (d *newOrgDeltas) add(o *coop.Organisation) {
	if k, v, ok := contribution(o); ok {
		d.roll.add(k, v, 1)
	}
	d.ser.org(nil, o, firstMonth(o, d.today))
	d.asof.life(o, 1)
	d.spans = append(d.spans, managerSpanRows(o)...)
}

// remove takes away what an organisation contributes to every rollup, as
// applyRollup(o, nil) would.
func (d *newOrgDeltas) remove(o *coop.Organisation) {
	if k, v, ok := contribution(o); ok {
		d.roll.add(k, v, -1)
	}
	d.ser.org(o, nil, firstMonth(o, d.today))
	d.asof.life(o, -1)
}

// rows returns the deltas of org_rollup and the registry series and as-of
// tables, and the new manager_spans rows.
func (d *newOrgDeltas) rows() []specRows {
	return []specRows{{rollupSpec, d.roll.rows()}, {seriesSpec, d.ser.rows()}, {asofSpec, d.asof.rows()}, {managerSpanSpec, d.spans}}
}

// addNewOrgDeltas moves org_rollup and the other rollups by the sums of
// new organisations, with multi-row statements.
func (tx *Tx) addNewOrgDeltas(ctx context.Context, adds []specRows) error {
	for _, a := range adds {
		if err := tx.addRows(ctx, a.spec, a.rows); err != nil {
			return err
		}
	}
	return nil
}

// takeSpans returns the manager_spans rows added so far and forgets them:
// they belong to new organisations, so a batch may write its own.
func (d *newOrgDeltas) takeSpans() [][]any {
	spans := d.spans
	d.spans = nil
	return spans
}
