package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"htxnu/internal/coop"
)

// ActivityLoader loads many support activities with their costs and
// beneficiaries fast, for data generation and large imports: each batch is
// one transaction of multi-row INSERTs (SQLite) or COPY (PostgreSQL).
// Every activity is normalised and validated as a write would; its plan
// task and beneficiaries must exist (foreign keys) and are trusted to
// belong to its province. The rollups of activities (sums, reach, support
// counters, the indicators) are rebuilt once, in one transaction, by
// Finish: until then they lag the rows loaded. Not safe for concurrent use.
type ActivityLoader struct {
	db     *DB
	actor  coop.Actor
	first  int64
	next   int64 // id the next activity loaded gets
	count  int
	links  int
	failed error
}

// NewActivityLoader starts a bulk load of activities. Only the system and
// national administrators may load in bulk.
func (db *DB) NewActivityLoader(ctx context.Context, actor coop.Actor) (*ActivityLoader, error) {
	if err := loadAllowed(actor, coop.PermActivityWrite); err != nil {
		return nil, err
	}
	l := &ActivityLoader{db: db, actor: actor}
	var maxID sql.NullInt64
	if err := db.read(ctx).QueryRowContext(ctx, `SELECT MAX(id) FROM activities`).Scan(&maxID); err != nil {
		return nil, fmt.Errorf("store: activity load: %w", err)
	}
	first, err := db.pastSequence(ctx, "activities", "activity load", maxID.Int64+1)
	if err != nil {
		return nil, err
	}
	l.first, l.next = first, first
	return l, nil
}

// Loaded returns how many activities and beneficiary links this load has
// committed.
func (l *ActivityLoader) Loaded() (activities, links int) { return l.count, l.links }

var (
	bulkActivityColumns = []string{"id", "type", "title", "task_id", "province", "commune", "starts_on", "ends_on", "organiser", "partners",
		"participants_total", "participants_female", "beneficiaries_total", "beneficiaries_female", "notes", "attachments",
		"target_group", "managers_trained_female", "jobs_women_htx", "jobs_women_tht",
		"loan_fund", "loan_amount", "loan_term_months", "loan_purpose", "loan_status", "search_key", "archived", "version",
		"created_by", "created_at", "updated_at"}
	bulkCostColumns        = []string{"activity_id", "source", "amount"}
	bulkBeneficiaryColumns = []string{"activity_id", "organisation_id"}
)

// Load validates and writes one batch in one transaction. On success every
// activity carries its id and version. On error nothing of the batch is
// written and the load ends.
func (l *ActivityLoader) Load(ctx context.Context, acts []coop.Activity) error {
	if l.failed != nil {
		return l.failed
	}
	if len(acts) == 0 {
		return nil
	}
	now := l.db.now().UTC()
	var actRows, costRows, linkRows [][]any
	for i := range acts {
		a := &acts[i]
		a.Normalize()
		if err := a.Validate(); err != nil {
			var e *coop.Error
			if errors.As(err, &e) {
				return &coop.Error{Code: e.Code, Message: fmt.Sprintf("Hoạt động thứ %d (%s): %s", l.count+i+1, a.Title, e.Message), Fields: e.Fields}
			}
			return fmt.Errorf("store: activity load: activity %d: %w", l.count+i+1, err)
		}
		a.ID, a.Version, a.Archived, a.CreatedBy = l.next+int64(i), 1, false, l.actor.Name
		var task any
		if a.TaskID != 0 {
			task = a.TaskID
		}
		actRows = append(actRows, []any{a.ID, a.Type, a.Title, task, a.Province, a.Commune, a.StartsOn, a.EndsOn, a.Organiser, a.Partners,
			a.ParticipantsTotal, a.ParticipantsFemale, a.BeneficiariesTotal, a.BeneficiariesFemale, a.Notes, a.Attachments,
			a.TargetGroup, a.ManagersTrainedFemale, a.JobsWomenHTX, a.JobsWomenTHT,
			a.LoanFund, a.LoanAmount, a.LoanTermMonths, a.LoanPurpose, a.LoanStatus, activitySearchKey(a), int64(0), int64(1),
			a.CreatedBy, now, now})
		for _, c := range a.Costs {
			costRows = append(costRows, []any{a.ID, c.Source, c.Amount})
		}
		for _, org := range a.Beneficiaries {
			linkRows = append(linkRows, []any{a.ID, org})
		}
	}
	last := l.next + int64(len(acts)) - 1
	var err error
	if l.db.dialect == Postgres {
		err = l.loadPostgres(ctx, actRows, costRows, linkRows, last)
	} else {
		err = l.loadSQLite(ctx, actRows, costRows, linkRows)
	}
	if err != nil {
		for i := range acts {
			acts[i].ID, acts[i].Version = 0, 0
		}
		l.failed = err
		return err
	}
	l.next = last + 1
	l.count += len(acts)
	l.links += len(linkRows)
	return nil
}

func (l *ActivityLoader) loadSQLite(ctx context.Context, actRows, costRows, linkRows [][]any) error {
	return l.db.write(ctx, l.actor, func(tx *Tx) error {
		var maxID sql.NullInt64
		if err := tx.queryRow(ctx, `SELECT MAX(id) FROM activities`).Scan(&maxID); err != nil {
			return fmt.Errorf("store: activity load: %w", err)
		}
		if maxID.Int64 >= l.next {
			return errActivityRace()
		}
		for _, t := range []struct {
			table string
			cols  []string
			rows  [][]any
		}{{"activities", bulkActivityColumns, actRows}, {"activity_costs", bulkCostColumns, costRows}, {"activity_beneficiaries", bulkBeneficiaryColumns, linkRows}} {
			m := newMultiInsert(tx, t.table, t.cols, 1000)
			for _, r := range t.rows {
				if err := m.add(ctx, r...); err != nil {
					m.close()
					return fmt.Errorf("store: activity load: %s: %w", t.table, err)
				}
			}
			err := m.flush(ctx)
			m.close()
			if err != nil {
				return fmt.Errorf("store: activity load: %s: %w", t.table, err)
			}
		}
		return nil
	})
}

func (l *ActivityLoader) loadPostgres(ctx context.Context, actRows, costRows, linkRows [][]any, last int64) error {
	tx, err := l.db.beginLoad(ctx, "activities", "activity load", l.next, errActivityRace)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('activities', 'id'), $1)`, last); err != nil {
		return fmt.Errorf("store: activity load: sequence: %w", err)
	}
	for _, t := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{{"activities", bulkActivityColumns, actRows}, {"activity_costs", bulkCostColumns, costRows}, {"activity_beneficiaries", bulkBeneficiaryColumns, linkRows}} {
		if len(t.rows) == 0 {
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.table}, t.cols, pgx.CopyFromRows(t.rows)); err != nil {
			return fmt.Errorf("store: activity load: %s: %w", t.table, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("store: activity load: commit: %w", err)
	}
	return nil
}

func errActivityRace() error {
	return coop.Errorf(coop.ECONFLICT, "Có hoạt động khác vừa được ghi nhận trong khi nạp dữ liệu hàng loạt; hãy chạy lại.")
}

// Finish gathers the planner's statistics of the loaded rows, then rebuilds
// the rollups of activities from the rows in one transaction and writes one audit event summarising the load (none when
// nothing was loaded). Call it also after a failed batch: what was
// committed before it is counted.
func (l *ActivityLoader) Finish(ctx context.Context) (int, error) {
	if l.count == 0 {
		return 0, nil
	}
	// The rebuild joins every link to its activity and organisation. Planned
	// without statistics of the rows just loaded, PostgreSQL nests a loop
	// over every organisation inside each activity (the T1 rebuild ran for
	// over 20 minutes at 100,000 organisations); with them it hashes.
	if err := l.db.AfterBulkLoad(ctx); err != nil {
		return 0, err
	}
	err := l.db.write(ctx, l.actor, func(tx *Tx) error {
		if err := tx.rebuildActivityRollups(ctx); err != nil {
			return err
		}
		after := map[string]any{"count": l.count, "links": l.links, "first_id": l.first, "last_id": l.next - 1}
		return tx.audit(ctx, "bulk_load", "activity", 0, "", nil, after)
	})
	return l.count, err
}

// LoadOrg is an organisation a producer of activities may pick as a
// beneficiary.
type LoadOrg struct {
	ID       int64
	Province string
	Kind     string
}

// Organisations returns every current (not archived) organisation, by id,
// for a producer to pick beneficiaries from.
func (l *ActivityLoader) Organisations(ctx context.Context) ([]LoadOrg, error) {
	return queryAll(ctx, l.db, "activity load: organisations", `SELECT id, province, kind FROM organisations WHERE archived = 0 ORDER BY id`, nil,
		func(s scanner) (o LoadOrg, err error) { err = s.Scan(&o.ID, &o.Province, &o.Kind); return })
}
