package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"htxnu/internal/coop"
)

// rollupTable is a table kept in the write transactions and rebuilt by
// RebuildRollups, with the columns that identify a row and those that add up.
type rollupTable struct {
	name  string
	label string // what it holds, in Vietnamese, for the operator
	keys  []string
	vals  []string
	// byState compares the sums over the month column instead of each
	// month: registry_series keeps the month of each change, and a rebuild
	// puts every organisation at its founding month, so only the totals
	// (today's registry) are comparable.
	byState bool
}

// rollupTables lists every rollup RebuildRollups recomputes. CheckRollups
// compares each one with its recomputation.
var rollupTables = []rollupTable{
	{"org_rollup", "Số tổ chức theo tỉnh, loại hình, lĩnh vực, trạng thái",
		[]string{"province", "kind", "sector", "status"}, orgRollupVals, false},
	{"registry_series", "Chuỗi số liệu đăng ký theo tháng (tổng hiện tại)",
		[]string{"province", "kind", "sector"}, orgRollupVals, true},
	{"registry_asof", "Sổ đăng ký theo ngày (năm, tháng, ngày thay đổi)",
		[]string{"province", "kind", "sector", "grain", "period", "status"}, orgRollupVals, false},
	{"activity_rollup", "Hoạt động hỗ trợ theo tỉnh, loại, tháng",
		[]string{"province", "type", "period"}, activityRollupVals, false},
	{"activity_year_rollup", "Hoạt động hỗ trợ theo tỉnh, loại, năm",
		[]string{"province", "type", "year"}, activityRollupVals, false},
	{"org_reach", "Tổ chức được hỗ trợ theo loại và tháng",
		[]string{"organisation_id", "type", "province", "period"}, []string{"activities"}, false},
	{"reach_rollup", "Số tổ chức được hỗ trợ theo tỉnh, loại, tháng",
		[]string{"province", "type", "period"}, []string{"organisations"}, false},
	{"reach_distinct", "Số tổ chức được hỗ trợ (không trùng lặp)",
		[]string{"province", "type", "period", "prev"}, []string{"organisations"}, false},
	{"report_reach_halves", "Số tổ chức được hỗ trợ theo nửa năm báo cáo (không trùng lặp)",
		[]string{"province", "type", "year", "half"}, []string{"organisations"}, false},
	{"report_jobs", "Việc làm của từng hoạt động và tổ chức được hỗ trợ đầu tiên (T3, T4)",
		[]string{"activity_id", "province", "starts_on", "jobs_additional", "first_org"}, []string{"jobs_women_htx", "jobs_women_tht"}, false},
	{"activity_cost_rollup", "Kinh phí hoạt động hỗ trợ theo tỉnh, nguồn kinh phí, tháng",
		[]string{"province", "source", "period"}, []string{"amount"}, false},
	{"org_support", "Số lần hỗ trợ và củng cố của từng tổ chức",
		[]string{"organisation_id"}, []string{"supports", "consolidations"}, false},
	{"indicator_since", "Tổ chức được tính vào T1, T2 và ngày bắt đầu được tính",
		[]string{"organisation_id", "indicator", "province", "since"}, []string{"orgs"}, false},
	{"org_trigrams", "Chỉ mục tìm kiếm theo tên (bộ ba ký tự)",
		[]string{"trigram", "organisation_id"}, nil, false},
	{"activity_trigrams", "Chỉ mục tìm kiếm hoạt động theo tên (bộ ba ký tự)",
		[]string{"trigram", "activity_id"}, nil, false},
	{"manager_spans", "Phụ nữ giữ chức danh quản lý HTX theo khoảng ngày (mẫu số T5)",
		[]string{"organisation_id", "person", "from_day", "to_day", "province"}, []string{"persons"}, false},
}

var (
	orgRollupVals = []string{"orgs", "wim_default", "wim_strict", "hfl_tiers", "hfl_share50", "members_total", "members_female",
		"workers_total", "workers_female", "regular_total", "regular_female"}
	activityRollupVals = []string{"activities", "participants_total", "participants_female", "managers_trained_female",
		"jobs_women_htx", "jobs_women_tht", "loans", "loan_amount", "cost"}
)

// canonical is the query giving the table's content as comparable rows:
// rows whose values are all zero are left out (a rollup moved by deltas
// keeps them, a rebuild has none).
func (t rollupTable) canonical() string {
	cols := append(append([]string{}, t.keys...), t.vals...)
	nonzero := make([]string, len(t.vals))
	for i, v := range t.vals {
		nonzero[i] = v + " <> 0"
	}
	if t.byState {
		sums := make([]string, len(t.vals))
		having := make([]string, len(t.vals))
		for i, v := range t.vals {
			sums[i] = "SUM(" + v + ") AS " + v
			having[i] = "SUM(" + v + ") <> 0"
		}
		return "SELECT " + strings.Join(t.keys, ", ") + ", " + strings.Join(sums, ", ") + " FROM " + t.name +
			" GROUP BY " + strings.Join(t.keys, ", ") + " HAVING " + strings.Join(having, " OR ")
	}
	if len(t.vals) == 0 {
		return "SELECT " + strings.Join(cols, ", ") + " FROM " + t.name // an index: every row counts
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM " + t.name + " WHERE " + strings.Join(nonzero, " OR ")
}

// RollupDiff is one rollup table that differs from its recomputation.
type RollupDiff struct {
	Table   string   `json:"table"`
	Label   string   `json:"label"`
	Stored  int      `json:"stored_only"`     // rows in the table not in the recomputation
	Rebuilt int      `json:"recomputed_only"` // rows in the recomputation not in the table
	Samples []string `json:"samples"`         // a few differing rows, for the operator
}

// String describes the difference in Vietnamese.
func (d RollupDiff) String() string {
	return fmt.Sprintf("%s (%s): %d dòng đang lưu khác với số tính lại từ bản ghi, %d dòng tính lại không có trong bảng",
		d.Label, d.Table, d.Stored, d.Rebuilt)
}

// errCheckRollback ends a check's transaction without keeping the rebuild.
var errCheckRollback = errors.New("store: check: roll back")

// CheckRollups compares every rollup with its recomputation from the
// records, in one transaction: it copies the rollups, rebuilds them as
// RebuildRollups does, and compares. Without repair the transaction is
// rolled back, so nothing changes; with repair, a rebuild that found
// differences is committed (with an audit row naming the tables), and the
// differences found are returned. Writers wait while it runs.
func (db *DB) CheckRollups(ctx context.Context, actor coop.Actor, repair bool) ([]RollupDiff, error) {
	if repair && actor.Role != coop.RoleAdmin && actor.Role != coop.RoleSystem {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Chỉ quản trị viên được sửa số liệu tổng hợp.")
	}
	var diffs []RollupDiff
	err := db.write(ctx, actor, func(tx *Tx) error {
		for _, t := range rollupTables {
			if _, err := tx.exec(ctx, `CREATE TEMP TABLE check_`+t.name+` AS `+t.canonical()); err != nil {
				return fmt.Errorf("store: check %s: %w", t.name, err)
			}
		}
		defer func() {
			for _, t := range rollupTables {
				tx.exec(ctx, `DROP TABLE IF EXISTS check_`+t.name)
			}
		}()
		if err := tx.rebuildAll(ctx); err != nil {
			return err
		}
		for _, t := range rollupTables {
			d, err := tx.diffRollup(ctx, t)
			if err != nil {
				return err
			}
			if d != nil {
				diffs = append(diffs, *d)
			}
		}
		if !repair || len(diffs) == 0 {
			return errCheckRollback
		}
		tables := make([]string, len(diffs))
		for i, d := range diffs {
			tables[i] = d.Table
		}
		return tx.audit(ctx, "repair", "rollups", 0, "", nil, map[string]any{"tables": tables})
	})
	if err != nil && !errors.Is(err, errCheckRollback) {
		return nil, err
	}
	return diffs, nil
}

// diffRollup compares the rebuilt table with the copy taken before.
func (tx *Tx) diffRollup(ctx context.Context, t rollupTable) (*RollupDiff, error) {
	count := func(a, b string) (int, []string, error) {
		q := `SELECT * FROM (` + a + ` EXCEPT ` + b + `) d`
		rows, err := tx.query(ctx, q)
		if err != nil {
			return 0, nil, fmt.Errorf("store: check %s: %w", t.name, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		n := 0
		var samples []string
		for rows.Next() {
			n++
			if len(samples) >= 3 {
				continue
			}
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return 0, nil, err
			}
			parts := make([]string, len(cols))
			for i, c := range cols {
				v := vals[i]
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				parts[i] = fmt.Sprintf("%s=%v", c, v)
			}
			samples = append(samples, strings.Join(parts, " "))
		}
		return n, samples, rows.Err()
	}
	stored := `SELECT * FROM check_` + t.name
	rebuilt := t.canonical()
	s, sSamples, err := count(stored, rebuilt)
	if err != nil {
		return nil, err
	}
	r, rSamples, err := count(rebuilt, stored)
	if err != nil {
		return nil, err
	}
	if s == 0 && r == 0 {
		return nil, nil
	}
	d := &RollupDiff{Table: t.name, Label: t.label, Stored: s, Rebuilt: r}
	for _, x := range sSamples {
		d.Samples = append(d.Samples, "đang lưu: "+x)
	}
	for _, x := range rSamples {
		d.Samples = append(d.Samples, "tính lại: "+x)
	}
	return d, nil
}

// IntegrityCheck runs the database's own consistency check: SQLite's
// PRAGMA integrity_check and foreign_key_check. It returns the problems
// found (none when the database is sound). PostgreSQL keeps its own
// consistency and has no such check: it returns none there.
func (db *DB) IntegrityCheck(ctx context.Context) ([]string, error) {
	if db.dialect != SQLite {
		return nil, nil
	}
	var problems []string
	rows, err := db.read(ctx).QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, fmt.Errorf("store: integrity check: %w", err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return nil, err
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	fk, err := db.read(ctx).QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return nil, fmt.Errorf("store: foreign key check: %w", err)
	}
	defer fk.Close()
	for fk.Next() {
		var table, parent string
		var rowid, idx any
		if err := fk.Scan(&table, &rowid, &parent, &idx); err != nil {
			return nil, err
		}
		problems = append(problems, fmt.Sprintf("bảng %s, dòng %v trỏ tới bản ghi không có trong %s", table, rowid, parent))
	}
	return problems, fk.Err()
}

// RollupTableCount is the number of rollup tables CheckRollups compares.
func RollupTableCount() int { return len(rollupTables) }
