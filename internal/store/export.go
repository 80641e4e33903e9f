package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

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
	rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT b.activity_id, o.id, o.kind, o.name, COALESCE(o.registration_no, ''), o.province
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
	err := scanPairs(ctx, db.read(ctx), db.rebind(`SELECT activity_id, COALESCE(SUM(amount), 0) FROM activity_costs
		WHERE activity_id IN (`+in+`) GROUP BY activity_id`), args, func(id, sum int64) { out[id] = sum })
	if err != nil {
		return nil, fmt.Errorf("store: activity costs: %w", err)
	}
	return out, nil
}

func idList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", "), args
}

// The long lists — activities and the audit trail — are read for a
// download batch after batch from where the last batch ended (keyset),
// rather than page by page with OFFSET and the list's totals on every
// page, so that each row costs the same from the first to the last.
// Their conditions are the lists' own: TestEachMatchesTheList checks that
// they return the rows the lists return, in the same order.

// loanGranted is the condition of an activity that is a granted loan. It is
// word for word the condition of the partial index activities_granted_loans
// (migration 0023), so that a list of loans reads that index alone.
const loanGranted = `a.type = 'capital' AND a.loan_status IN ('approved', 'disbursed', 'repaid')`

// activityListWhere is the condition of Activities (the page and the
// download) for the filter.
func activityListWhere(actor coop.Actor, f ActivityFilter) (string, []any, error) {
	cond, args := activityScope(actor, f.Province)
	archived := "a.archived = ?"
	if len(coop.SearchWords(f.Q)) > 0 && (!actor.National() || f.Province != "") {
		// A search of some provinces reads their index, which holds the
		// folded titles: "+" keeps SQLite from scanning every province's
		// activities in order instead when its statistics are rough.
		archived = "+a.archived = ?"
	}
	where := []string{cond, archived}
	args = append(args, b2i(f.Archived))
	add := func(c string, a ...any) {
		where = append(where, c)
		args = append(args, a...)
	}
	if f.Type != "" {
		add("a.type = ?", f.Type)
	}
	if coop.ValidDate(f.From) {
		add("a.starts_on >= ?", f.From)
	}
	if coop.ValidDate(f.To) {
		add("a.starts_on <= ?", f.To)
	}
	if f.TaskID != 0 {
		add("a.task_id = ?", f.TaskID)
	}
	if f.OrganisationID != 0 {
		// From the organisation's links (index activity_beneficiaries_org),
		// not a test of every activity.
		add("a.id IN (SELECT b.activity_id FROM activity_beneficiaries b WHERE b.organisation_id = ?)", f.OrganisationID)
	}
	switch f.HasJobsWomen {
	case "":
	case coop.KindHTX:
		add("a.jobs_women_htx > 0")
	case coop.KindTHT:
		add("a.jobs_women_tht > 0")
	default:
		return "", nil, &coop.Error{Code: coop.EINVALID, Message: "Bộ lọc việc làm không hợp lệ.", Fields: map[string]string{"jobs": "Chọn HTX hoặc THT."}}
	}
	if f.Loans {
		add(loanGranted)
	}
	for _, w := range coop.SearchWords(f.Q) {
		add(`a.search_key LIKE ? ESCAPE '\'`, likePattern(w))
	}
	return strings.Join(where, " AND "), args, nil
}

// EachActivity calls fn with the activities of the filter (its page and
// per-page ignored), in the list's order, batch rows at a time.
func (db *DB) EachActivity(ctx context.Context, actor coop.Actor, f ActivityFilter, batch int, fn func([]*Activity) error) error {
	cond, args, err := activityListWhere(actor, f)
	if err != nil {
		return err
	}
	return inBatches(batch, func(last **Activity, limit int) (*sql.Rows, error) {
		c, a := cond, append([]any(nil), args...)
		if last != nil {
			after := *last
			c += " AND (a.starts_on < ? OR (a.starts_on = ? AND a.id < ?))"
			a = append(a, after.StartsOn, after.StartsOn, after.ID)
		}
		rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT `+activityColumns+activityFrom+` WHERE `+c+
			` ORDER BY a.starts_on DESC, a.id DESC LIMIT ?`), append(a, limit)...)
		if err != nil {
			return nil, fmt.Errorf("store: activities: %w", err)
		}
		return rows, nil
	}, scanActivity, fn)
}

// inBatches calls fn with the rows of a list, batch rows at a time, in the
// list's order: query returns up to limit rows after the last one read
// (nil before the first batch), scan reads each.
func inBatches[T any](batch int, query func(last *T, limit int) (*sql.Rows, error), scan func(scanner) (T, error), fn func([]T) error) error {
	batch = max(batch, 1)
	var last *T
	for {
		rows, err := query(last, batch)
		if err != nil {
			return err
		}
		items, err := collect(rows, make([]T, 0, batch), scan)
		if err != nil {
			return err
		}
		if len(items) > 0 {
			if err := fn(items); err != nil {
				return err
			}
		}
		if len(items) < batch {
			return nil
		}
		last = &items[len(items)-1]
	}
}

// auditListWhere is the condition of AuditEvents (the page and the
// download) for the filter.
func auditListWhere(actor coop.Actor, f AuditFilter) (string, []any) {
	var w conds
	w.ownProvince("province", actor)
	w.eq("entity", f.Entity)
	w.eq("entity_id", f.EntityID)
	w.eq("province", f.Province)
	w.eq("actor_id", f.ActorID)
	if q := coop.Clean(f.Text); q != "" {
		// The record's values are kept as JSON text: the words are looked
		// for there, as typed (with their accents).
		q = "%" + strings.NewReplacer("%", "", "_", "").Replace(q) + "%"
		w.add("(after_json LIKE ? OR before_json LIKE ?)", q, q)
	}
	if coop.ValidDate(f.From) {
		t, _ := time.ParseInLocation("2006-01-02", f.From, vnZone)
		w.add("at >= ?", t.UTC())
	}
	if coop.ValidDate(f.To) {
		t, _ := time.ParseInLocation("2006-01-02", f.To, vnZone)
		w.add("at < ?", t.AddDate(0, 0, 1).UTC())
	}
	return w.where(), w.args
}

// EachAuditEvent calls fn with the audit events of the filter (its page
// and per-page ignored), newest first as the audit page lists them, batch
// events at a time. It needs the audit permission, as AuditEvents does.
func (db *DB) EachAuditEvent(ctx context.Context, actor coop.Actor, f AuditFilter, batch int, fn func([]AuditEvent) error) error {
	if !coop.Can(actor, coop.PermAuditRead) {
		return coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem nhật ký.")
	}
	cond, args := auditListWhere(actor, f)
	return inBatches(batch, func(last *AuditEvent, limit int) (*sql.Rows, error) {
		c, a := cond, append([]any(nil), args...)
		if last != nil {
			c += " AND id < ?"
			a = append(a, last.ID)
		}
		rows, err := db.read(ctx).QueryContext(ctx, db.rebind(`SELECT `+auditReadColumns+` FROM audit_events WHERE `+c+` ORDER BY id DESC LIMIT ?`),
			append(a, limit)...)
		if err != nil {
			return nil, fmt.Errorf("store: audit: %w", err)
		}
		return rows, nil
	}, scanAuditEvent, fn)
}
