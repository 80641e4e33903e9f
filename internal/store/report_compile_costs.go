package store

import (
	"context"

	"htxnu/internal/coop"
)

// activity_cost_rollup (migration 0022) holds the costs of the current
// activities by province, funding source and the month they start, kept by
// the activity writes (applyActivityRollup), so that a report's spending
// over its window's whole months reads a few hundred rows instead of the
// activities and their costs; the window's other days are read from the
// rows (compileRun.spending).

// costRollupSpec is the table's key and value columns for addRows; its key
// is an activityKey whose Type is the funding source.
var costRollupSpec = addSpec{"activity_cost_rollup", []string{"province", "source", "period"}, []string{"amount"}}

// costRollupRebuild fills activity_cost_rollup from the activities;
// migration 0022 runs the same statement.
const costRollupRebuild = `INSERT INTO activity_cost_rollup (province, source, period, amount)
	SELECT a.province, c.source, substr(a.starts_on, 1, 7), SUM(c.amount) FROM activities a JOIN activity_costs c ON c.activity_id = a.id
	WHERE a.archived = 0 GROUP BY a.province, c.source, substr(a.starts_on, 1, 7)`

// applyCostRollup moves the activity's costs in activity_cost_rollup from
// before to after (either may be nil) in the write transaction.
func (tx *Tx) applyCostRollup(ctx context.Context, before, after *coop.Activity) error {
	var d deltas[activityKey, tally]
	for _, side := range []struct {
		a    *coop.Activity
		sign int64
	}{{before, -1}, {after, 1}} {
		k, _, ok := activityContribution(side.a)
		if !ok {
			continue
		}
		for _, c := range side.a.Costs {
			d.add(activityKey{k.Province, c.Source, k.Period}, tally(c.Amount), side.sign)
		}
	}
	return tx.addRows(ctx, costRollupSpec, d.rows())
}
