package store

import (
	"context"
	"database/sql"
	"fmt"

	"htxnu/internal/coop"
)

// activityRecord is an activity an import recorded, as getActivity reads
// it, with the number of trainees listed on it: what its undo checks.
type activityRecord struct {
	*Activity
	trainees int
}

// loadActivityRecords reads the activities of ids for an undo, idChunk at
// a time rather than one by one. Those the actor may not read, or that no
// longer exist, are left out.
func (db *DB) loadActivityRecords(ctx context.Context, q queryer, actor coop.Actor, ids []int64) (map[int64]*activityRecord, error) {
	out := make(map[int64]*activityRecord, len(ids))
	err := queryByIDs(ctx, q, db, ids, `SELECT `+activityColumns+activityFrom+` WHERE a.id IN (%s)`, func(r *sql.Rows) error {
		a, err := scanActivity(r)
		if err == nil && coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResActivity, Province: a.Province}) {
			a.Costs, a.Beneficiaries, a.Orgs = []coop.Cost{}, []int64{}, []ActivityOrg{}
			out[a.ID] = &activityRecord{Activity: a}
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: activities: %w", err)
	}
	ids = ids[:0:0]
	for id := range out {
		ids = append(ids, id)
	}
	reads := []struct {
		query string
		scan  func(*sql.Rows) error
	}{
		{`SELECT activity_id, source, amount FROM activity_costs WHERE activity_id IN (%s)`, func(r *sql.Rows) error {
			var id int64
			var c coop.Cost
			err := r.Scan(&id, &c.Source, &c.Amount)
			out[id].Costs = append(out[id].Costs, c)
			return err
		}},
		{`SELECT b.activity_id, o.id, o.kind, o.name, o.province FROM activity_beneficiaries b
			JOIN organisations o ON o.id = b.organisation_id WHERE b.activity_id IN (%s) ORDER BY b.activity_id, o.sort_key, o.id`, func(r *sql.Rows) error {
			var id int64
			var o ActivityOrg
			if err := r.Scan(&id, &o.ID, &o.Kind, &o.Name, &o.Province); err != nil {
				return err
			}
			a := out[id]
			a.Beneficiaries = append(a.Beneficiaries, o.ID)
			if coop.Allows(actor, coop.ActRead, coop.Record{Kind: coop.ResOrganisation, Province: o.Province}) {
				a.Orgs = append(a.Orgs, o)
			} else {
				a.HiddenOrgs++
			}
			return nil
		}},
		{`SELECT activity_id, COUNT(*) FROM activity_attendance WHERE activity_id IN (%s) GROUP BY activity_id`, func(r *sql.Rows) error {
			var id int64
			var n int
			err := r.Scan(&id, &n)
			out[id].trainees = n
			return err
		}},
	}
	for _, rd := range reads {
		if err := queryByIDs(ctx, q, db, ids, rd.query, rd.scan); err != nil {
			return nil, fmt.Errorf("store: activities: %w", err)
		}
	}
	for _, a := range out {
		sortCosts(a.Costs)
	}
	return out, nil
}
