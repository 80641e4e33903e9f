package store

import (
	"context"
	"fmt"
	"strings"

	"htxnu/internal/coop"
)

// What the list downloads need beyond a page of the list, read for a whole
// page at once.

// BeneficiaryOrg is a beneficiary organisation of an activity, as the
// download of beneficiaries lists it.
type BeneficiaryOrg struct {
	ActivityID     int64
	ID             int64
	Kind           string
	Name           string
	RegistrationNo string
	Province       string
}

// ActivityBeneficiaryOrgs returns, for each of the activities (ids from a
// page of Activities read by the same actor), the beneficiary
// organisations the actor may see, in name order.
func (db *DB) ActivityBeneficiaryOrgs(ctx context.Context, actor coop.Actor, ids []int64) (map[int64][]BeneficiaryOrg, error) {
	out := map[int64][]BeneficiaryOrg{}
	if len(ids) == 0 || !coop.Can(actor, coop.PermProgrammeRead) {
		return out, nil
	}
	in, args := idList(ids)
	rows, err := db.sql.QueryContext(ctx, db.rebind(`SELECT b.activity_id, o.id, o.kind, o.name, COALESCE(o.registration_no, ''), o.province
		FROM activity_beneficiaries b JOIN organisations o ON o.id = b.organisation_id
		WHERE b.activity_id IN (`+in+`) ORDER BY b.activity_id, o.sort_key, o.id`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: activity beneficiaries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o BeneficiaryOrg
		if err := rows.Scan(&o.ActivityID, &o.ID, &o.Kind, &o.Name, &o.RegistrationNo, &o.Province); err != nil {
			return nil, err
		}
		if coop.Can(actor, coop.PermRegistryRead) && coop.InScope(actor, o.Province) {
			out[o.ActivityID] = append(out[o.ActivityID], o)
		}
	}
	return out, rows.Err()
}

// ActivityCostTotals returns the total cost in đồng of each of the
// activities (ids from a page of Activities read by the same actor).
func (db *DB) ActivityCostTotals(ctx context.Context, ids []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := idList(ids)
	rows, err := db.sql.QueryContext(ctx, db.rebind(`SELECT activity_id, COALESCE(SUM(amount), 0) FROM activity_costs
		WHERE activity_id IN (`+in+`) GROUP BY activity_id`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: activity costs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, sum int64
		if err := rows.Scan(&id, &sum); err != nil {
			return nil, err
		}
		out[id] = sum
	}
	return out, rows.Err()
}

func idList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", "), args
}
