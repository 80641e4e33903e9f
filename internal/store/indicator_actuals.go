package store

import (
	"context"
	"fmt"
	"strings"

	"htxnu/internal/coop"
)

// Actual is the live figure of one indicator, computed from the registry
// and the activities when asked (no batch job).
type Actual struct {
	Code      string   `json:"code"`
	Available bool     `json:"available"`      // false: no data source yet
	Value     *float64 `json:"value"`          // a count, or a percent for shares
	Num       int64    `json:"numerator"`      // shares: the part
	Den       int64    `json:"denominator"`    // shares: the whole
	Note      string   `json:"note,omitempty"` // how it was computed, or why it is missing
	Rule      string   `json:"rule,omitempty"` // classification rule used, if any
	Source    string   `json:"source,omitempty"`
}

// Actuals are the figures of T1–T8 for a province or the whole country.
type Actuals struct {
	Province string            `json:"province"`
	Rule     string            `json:"women_managed_rule"`
	Figures  map[string]Actual `json:"figures"`
}

// noSource is the note of an indicator with no data source yet.
const noSource = "Chưa có nguồn số liệu."

// rawActuals are the raw counts of one province (or the country).
type rawActuals struct {
	t1, t2, t3, t4, t5num, t5den, t6 int64
}

// actualSources says which tables exist: the activities and founding
// modules may not be installed in every database yet.
type actualSources struct {
	activities, founding, costs bool
}

func (db *DB) tableExists(ctx context.Context, name string) (bool, error) {
	var n int
	var err error
	if db.dialect == Postgres {
		err = db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`, name).Scan(&n)
	} else {
		err = db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, name).Scan(&n)
	}
	if err != nil {
		return false, fmt.Errorf("store: table %s: %w", name, err)
	}
	return n > 0, nil
}

func (db *DB) sources(ctx context.Context) (actualSources, error) {
	var s actualSources
	var err error
	if s.activities, err = db.tableExists(ctx, "activity_beneficiaries"); err != nil {
		return s, err
	}
	if s.founding, err = db.tableExists(ctx, "founding_cases"); err != nil {
		return s, err
	}
	if s.costs, err = db.tableExists(ctx, "activity_costs"); err != nil {
		return s, err
	}
	return s, nil
}

// ActualsFilter selects the figures of T1–T8.
type ActualsFilter struct {
	Province string // a province code, "" for the whole country (a provincial actor gets its own)
	WIMRule  string // women-in-management rule; default: the active rule
}

// Actuals computes T1–T8 for the province ("" for the whole country) under
// the active classification rule. A provincial actor gets its own province.
func (db *DB) Actuals(ctx context.Context, actor coop.Actor, province string) (*Actuals, error) {
	return db.ActualsFor(ctx, actor, ActualsFilter{Province: province})
}

// ActualsFor computes T1–T8 for a province or the country under the rule
// the filter names, from the rollups kept by the writes.
func (db *DB) ActualsFor(ctx context.Context, actor coop.Actor, f ActualsFilter) (*Actuals, error) {
	return db.actuals(ctx, actor, f, false)
}

// RecomputeActuals computes the same figures as ActualsFor from the
// registry and activity rows (no rollup): the baseline of the benchmarks
// and the oracle of the tests.
func (db *DB) RecomputeActuals(ctx context.Context, actor coop.Actor, f ActualsFilter) (*Actuals, error) {
	return db.actuals(ctx, actor, f, true)
}

func (db *DB) actuals(ctx context.Context, actor coop.Actor, f ActualsFilter, recompute bool) (*Actuals, error) {
	if !coop.Can(actor, coop.PermProgrammeRead) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem chỉ tiêu.")
	}
	province := f.Province
	if !actor.National() {
		if province != "" && province != actor.Province {
			return nil, coop.NotFound("tỉnh, thành phố")
		}
		province = actor.Province
	}
	by, rule, src, err := db.rawActuals(ctx, f.WIMRule, province, recompute)
	if err != nil {
		return nil, err
	}
	var r rawActuals
	if province != "" {
		r = by[province]
		if r.t5num > r.t5den {
			r.t5num = r.t5den
		}
	} else {
		for p, x := range by {
			if p != "" && x.t5num > x.t5den {
				// A province's trained managers cannot exceed its managers.
				x.t5num = x.t5den
			}
			r.t1 += x.t1
			r.t2 += x.t2
			r.t3 += x.t3
			r.t4 += x.t4
			r.t5num += x.t5num
			r.t5den += x.t5den
			r.t6 += x.t6
		}
		if r.t5num > r.t5den {
			r.t5num = r.t5den
		}
	}
	return &Actuals{Province: province, Rule: rule, Figures: figures(r, rule, src)}, nil
}

// ActualsByProvince computes the figures of every province the actor may
// see, keyed by province code, under the active rule.
func (db *DB) ActualsByProvince(ctx context.Context, actor coop.Actor) (map[string]Actuals, error) {
	return db.ActualsByProvinceFor(ctx, actor, ActualsFilter{})
}

// ActualsByProvinceFor computes the figures of every province the actor
// may see under the filter's rule (its Province is not used).
func (db *DB) ActualsByProvinceFor(ctx context.Context, actor coop.Actor, f ActualsFilter) (map[string]Actuals, error) {
	return db.actualsByProvince(ctx, actor, f, false)
}

// RecomputeActualsByProvince is ActualsByProvinceFor from the rows.
func (db *DB) RecomputeActualsByProvince(ctx context.Context, actor coop.Actor, f ActualsFilter) (map[string]Actuals, error) {
	return db.actualsByProvince(ctx, actor, f, true)
}

func (db *DB) actualsByProvince(ctx context.Context, actor coop.Actor, f ActualsFilter, recompute bool) (map[string]Actuals, error) {
	if !coop.Can(actor, coop.PermProgrammeRead) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem chỉ tiêu.")
	}
	province := ""
	if !actor.National() {
		province = actor.Province
	}
	by, rule, src, err := db.rawActuals(ctx, f.WIMRule, province, recompute)
	if err != nil {
		return nil, err
	}
	out := map[string]Actuals{}
	for _, p := range coop.Provinces() {
		if !actor.National() && p.Code != actor.Province {
			continue
		}
		r := by[p.Code]
		if r.t5num > r.t5den {
			r.t5num = r.t5den
		}
		out[p.Code] = Actuals{Province: p.Code, Rule: rule, Figures: figures(r, rule, src)}
	}
	return out, nil
}

// rawActuals returns the raw counts by province ("" for central activities)
// under the rule (default: the active one), for one province or all
// (province ""), from the rollups or recomputed from the rows.
func (db *DB) rawActuals(ctx context.Context, rule, province string, recompute bool) (map[string]rawActuals, string, actualSources, error) {
	if rule == "" {
		rules, err := db.ActiveRules(ctx)
		if err != nil {
			return nil, "", actualSources{}, err
		}
		rule = rules[coop.FamilyWomenManaged]
	}
	wim, ok := ruleColumn(rule)
	if r, _ := coop.RuleByID(rule); !ok || r.Family != coop.FamilyWomenManaged {
		return nil, "", actualSources{}, coop.Errorf(coop.EINVALID, "Quy tắc phân loại không hợp lệ.")
	}
	if recompute {
		by, src, err := db.recomputeActuals(ctx, wim)
		return by, rule, src, err
	}
	// The rollups come with the activity and founding tables.
	by, err := db.rollupActuals(ctx, wim, db.today(), province)
	return by, rule, actualSources{activities: true, founding: true, costs: true}, err
}

func count(n int64) *float64 {
	f := float64(n)
	return &f
}

func figures(r rawActuals, rule string, src actualSources) map[string]Actual {
	f := map[string]Actual{}
	t1 := Actual{Code: "T1", Available: true, Value: count(r.t1), Rule: rule}
	if src.activities {
		t1.Note = "HTX đang hoạt động có phụ nữ tham gia quản lý đã nhận ít nhất một hoạt động hỗ trợ thuộc nhóm “Củng cố, nâng cao chất lượng hoạt động”."
		t1.Source = "registry+activities"
	} else {
		t1.Note = "Chưa có dữ liệu hoạt động hỗ trợ: tạm tính bằng số HTX đang hoạt động có phụ nữ tham gia quản lý."
		t1.Source = "registry"
	}
	f["T1"] = t1
	t2 := Actual{Code: "T2", Available: true, Value: count(r.t2)}
	if src.activities {
		t2.Note = "Tổ hợp tác được ít nhất một hoạt động hỗ trợ hoặc thành lập từ 01/01/2023."
		t2.Source = "registry+activities"
	} else {
		t2.Note = "Chưa có dữ liệu hoạt động hỗ trợ: chỉ tính tổ hợp tác thành lập từ 01/01/2023."
		t2.Source = "registry"
	}
	f["T2"] = t2
	if src.activities {
		f["T3"] = Actual{Code: "T3", Available: true, Value: count(r.t3), Source: "activities", Note: "Tổng số việc làm cho lao động nữ trong HTX ghi nhận ở các hoạt động hỗ trợ."}
		f["T4"] = Actual{Code: "T4", Available: true, Value: count(r.t4), Source: "activities", Note: "Tổng số việc làm cho lao động nữ trong tổ hợp tác ghi nhận ở các hoạt động hỗ trợ."}
	} else {
		f["T3"] = Actual{Code: "T3", Note: "Chưa có số liệu: chưa có dữ liệu hoạt động hỗ trợ."}
		f["T4"] = Actual{Code: "T4", Note: "Chưa có số liệu: chưa có dữ liệu hoạt động hỗ trợ."}
	}
	t5 := Actual{Code: "T5", Num: r.t5num, Den: r.t5den, Rule: rule}
	switch {
	case !src.activities:
		t5.Note = fmt.Sprintf("Chưa có số liệu đào tạo; hiện có %s nữ cán bộ quản lý HTX đang giữ chức danh.", coop.FormatInt(r.t5den))
	case r.t5den == 0:
		t5.Available = true
		t5.Note = "Chưa có nữ cán bộ quản lý HTX nào trong sổ đăng ký."
	default:
		t5.Available = true
		v := float64(r.t5num) * 100 / float64(r.t5den)
		t5.Value = &v
		t5.Source = "registry+activities"
		t5.Note = fmt.Sprintf("%s/%s nữ cán bộ quản lý HTX đang giữ chức danh đã được đào tạo, bồi dưỡng.", coop.FormatInt(r.t5num), coop.FormatInt(r.t5den))
	}
	f["T5"] = t5
	if src.founding {
		f["T6"] = Actual{Code: "T6", Available: true, Value: count(r.t6), Rule: rule, Source: "founding_cases",
			Note: "Hồ sơ hỗ trợ thành lập đã đăng ký, tổ chức mới có phụ nữ tham gia quản lý."}
	} else {
		f["T6"] = Actual{Code: "T6", Note: "Chưa có số liệu: chưa có dữ liệu hỗ trợ thành lập mới."}
	}
	f["T7"] = Actual{Code: "T7", Note: noSource}
	f["T8"] = Actual{Code: "T8", Note: noSource}
	return f
}

// recomputeActuals runs the grouped queries behind the figures over the
// rows. Central activities (province "") count in the national figures
// only.
func (db *DB) recomputeActuals(ctx context.Context, wim string) (map[string]rawActuals, actualSources, error) {
	src, err := db.sources(ctx)
	if err != nil {
		return nil, src, err
	}
	out := map[string]rawActuals{}
	set := func(q string, args []any, put func(*rawActuals, int64)) error {
		err := scanCounts(ctx, db.sql, db.rebind(q), args, func(p string, n int64) {
			r := out[p]
			put(&r, n)
			out[p] = r
		})
		if err != nil {
			return fmt.Errorf("store: actuals: %w", err)
		}
		return nil
	}

	// T1: active women-managed HTX consolidated (reached by a consolidation
	// task's activity); without activities, every active women-managed HTX.
	t1 := `SELECT o.province, COUNT(*) FROM organisations o WHERE o.kind = 'HTX' AND o.status = 'active' AND o.archived = 0 AND o.` + wim + ` = 1`
	if src.activities {
		// A set, not a correlated EXISTS: SQLite would scan every current
		// activity for each organisation.
		t1 += ` AND o.id IN (SELECT ab.organisation_id FROM activity_beneficiaries ab JOIN activities a ON a.id = ab.activity_id
			JOIN plan_tasks t ON t.id = a.task_id WHERE a.archived = 0 AND t.task_group = 'consolidation')`
	}
	if err := set(t1+` GROUP BY o.province`, nil, func(r *rawActuals, n int64) { r.t1 = n }); err != nil {
		return nil, src, err
	}

	// T2: THT supported by any activity or founded since 2023.
	t2 := `SELECT o.province, COUNT(*) FROM organisations o WHERE o.kind = 'THT' AND o.archived = 0 AND (o.founded_on >= '2023-01-01'`
	if src.activities {
		t2 += ` OR o.id IN (SELECT ab.organisation_id FROM activity_beneficiaries ab JOIN activities a ON a.id = ab.activity_id WHERE a.archived = 0)`
	}
	if err := set(t2+`) GROUP BY o.province`, nil, func(r *rawActuals, n int64) { r.t2 = n }); err != nil {
		return nil, src, err
	}

	// T3, T4 and T5's numerator: figures recorded on activities.
	if src.activities {
		rows, err := db.sql.QueryContext(ctx, `SELECT province, COALESCE(SUM(jobs_women_htx), 0), COALESCE(SUM(jobs_women_tht), 0),
			COALESCE(SUM(managers_trained_female), 0) FROM activities WHERE archived = 0 GROUP BY province`)
		if err != nil {
			return nil, src, fmt.Errorf("store: actuals: %w", err)
		}
		for rows.Next() {
			var p string
			var a, b, c int64
			if err := rows.Scan(&p, &a, &b, &c); err != nil {
				rows.Close()
				return nil, src, err
			}
			r := out[p]
			r.t3, r.t4, r.t5num = a, b, c
			out[p] = r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, src, err
		}
	}

	// T5's denominator: management positions held by women today in active
	// HTX.
	today := db.today()
	roles := t5Roles
	args := []any{coop.SexFemale, today, today}
	for _, r := range roles {
		args = append(args, r)
	}
	if err := set(`SELECT o.province, COUNT(*) FROM positions p JOIN organisations o ON o.id = p.organisation_id
		WHERE o.kind = 'HTX' AND o.status = 'active' AND o.archived = 0 AND p.sex = ? AND (p.to_date = '' OR p.to_date >= ?)
		AND (p.from_date = '' OR p.from_date <= ?) AND p.role IN (?`+strings.Repeat(", ?", len(roles)-1)+`) GROUP BY o.province`,
		args, func(r *rawActuals, n int64) { r.t5den = n }); err != nil {
		return nil, src, err
	}

	// T6: founding cases registered whose new organisation is women-managed.
	if src.founding {
		if err := set(`SELECT fc.province, COUNT(*) FROM founding_cases fc JOIN organisations o ON o.id = fc.organisation_id
			WHERE fc.status = 'registered' AND o.archived = 0 AND o.`+wim+` = 1 GROUP BY fc.province`, nil,
			func(r *rawActuals, n int64) { r.t6 = n }); err != nil {
			return nil, src, err
		}
	}
	return out, src, nil
}

// rollupActuals reads the raw figures of every province from the indicator
// rollups under the women-in-management rule column wim ("wim_default" or
// "wim_strict"), with T5's denominator as of today.
func (db *DB) rollupActuals(ctx context.Context, wim, today, province string) (map[string]rawActuals, error) {
	out := map[string]rawActuals{}
	where, args := "", []any{}
	if province != "" {
		where, args = " WHERE province = ?", []any{province}
	}
	rows, err := db.sql.QueryContext(ctx, db.rebind(`SELECT province, t1_`+wim+`, t2, t6_`+wim+`, jobs_women_htx, jobs_women_tht,
		managers_trained_female FROM indicator_rollup`+where), args...)
	if err != nil {
		return nil, fmt.Errorf("store: indicator rollup: %w", err)
	}
	for rows.Next() {
		var p string
		var r rawActuals
		if err := rows.Scan(&p, &r.t1, &r.t2, &r.t6, &r.t3, &r.t4, &r.t5num); err != nil {
			rows.Close()
			return nil, err
		}
		out[p] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	dens, err := db.femaleManagers(ctx, today, province)
	if err != nil {
		return nil, err
	}
	for p, n := range dens {
		r := out[p]
		r.t5den = n
		out[p] = r
	}
	return out, nil
}

// femaleManagers returns, by province, the management positions held by
// women in active cooperatives on day (YYYY-MM-DD): the events of the
// years before day's year, of the months of its year before its month, and
// of the days of its month up to day (ends: before day).
func (db *DB) femaleManagers(ctx context.Context, day, province string) (map[string]int64, error) {
	y, m := prefix(day, 4), prefix(day, 7)
	q := `SELECT province, SUM(CASE WHEN grain = 'd' AND period = ? THEN starts ELSE starts - ends END) FROM manager_events
		WHERE ((grain = 'y' AND period < ?) OR (grain = 'm' AND period >= ? AND period < ?) OR (grain = 'd' AND period >= ? AND period <= ?))`
	args := []any{day, y, y + "-01", m, m + "-01", day}
	if province != "" {
		q += ` AND province = ?`
		args = append(args, province)
	}
	rows, err := db.sql.QueryContext(ctx, db.rebind(q+` GROUP BY province`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: female managers: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var p string
		var n int64
		if err := rows.Scan(&p, &n); err != nil {
			return nil, err
		}
		out[p] = n
	}
	return out, rows.Err()
}
